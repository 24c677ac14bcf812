// The chart's geometry, a pure function: hand-made cases, then every
// history of the fixture.
const { fixture, keys, body } = require('./helpers/fixture.js')
const chart = require('../utils/chart.js')

const W = 321
const H = 180

function month(period, total) {
  return { period, assessed: total !== null, total }
}

test('the value axis holds every total in multiples of the step, within 0..100', () => {
  expect(chart.scale([95.2, 97.35], 5)).toEqual({ min: 95, max: 100 })
  expect(chart.scale([81, 81], 5)).toEqual({ min: 80, max: 85 })
  expect(chart.scale([80, 80], 5)).toEqual({ min: 80, max: 85 })
  expect(chart.scale([100, 100], 5)).toEqual({ min: 95, max: 100 })
  expect(chart.scale([0, 3], 5)).toEqual({ min: 0, max: 5 })
  expect(chart.scale([], 5)).toEqual({ min: 0, max: 100 })
})

test('points run left to right, a higher total higher up, inside the plot', () => {
  const g = chart.geometry([month('2026-09', 90), month('2026-10', 95), month('2026-11', 92.5)], W, H)
  expect(g.points.map(p => p.x)).toEqual([g.plot.left, (g.plot.left + g.plot.right) / 2, g.plot.right])
  expect(g.bounds).toEqual({ min: 90, max: 95 })
  expect(g.points[0].y).toBe(g.plot.bottom)
  expect(g.points[1].y).toBe(g.plot.top)
  expect(g.points[2].y).toBeCloseTo((g.plot.top + g.plot.bottom) / 2)
  expect(g.points.map(p => p.label)).toEqual(['90', '95', '92.5'])
  expect(g.segments).toHaveLength(1)
  expect(g.yTicks.map(t => t.label)).toEqual(['90', '95'])
  expect(g.xLabels.map(l => l.label)).toEqual(['26/09', '26/10', '26/11'])
  expect(g.empty).toBe(false)
})

test('a month not assessed has a label but no point, and breaks the line', () => {
  const g = chart.geometry([month('2026-08', 88), month('2026-09', 89), month('2026-10', null), month('2026-11', 91)], W, H)
  expect(g.points).toHaveLength(3)
  expect(g.segments.map(s => s.length)).toEqual([2, 1])
  expect(g.xLabels).toHaveLength(4)
})

test('one month sits in the middle; no assessed month is empty', () => {
  const one = chart.geometry([month('2026-11', 97.35)], W, H)
  expect(one.points[0].x).toBe((one.plot.left + one.plot.right) / 2)
  const none = chart.geometry([month('2026-11', null)], W, H)
  expect(none.empty).toBe(true)
  expect(none.points).toEqual([])
})

test('many months thin the axis labels, keeping the newest', () => {
  const months = Array.from({ length: 24 }, (_, i) => month(2025 + Math.floor(i / 12) + '-' + String((i % 12) + 1).padStart(2, '0'), 80 + (i % 7)))
  const g = chart.geometry(months, W, H)
  expect(g.xLabels.length).toBeLessThan(24)
  expect(g.xLabels[g.xLabels.length - 1].label).toBe('26/12')
  expect(g.yTicks.length).toBeLessThanOrEqual(5)
})

test('every history of the fixture fits the box', () => {
  const units = Object.keys(fixture.responses)
    .filter(k => /^\/v1\/units\/[^/]+\/history$/.test(k))
    .map(k => body(k))
  expect(units.length).toBeGreaterThan(0)
  expect(Object.keys(fixture.responses)).toContain(keys.history(fixture.meta.unit))
  units.forEach(h => {
    const g = chart.geometry(h.months, W, H)
    const assessed = h.months.filter(m => m.assessed && typeof m.total === 'number')
    expect(g.points.map(p => p.value)).toEqual(assessed.map(m => m.total))
    g.points.forEach(p => {
      expect(p.x).toBeGreaterThanOrEqual(g.plot.left)
      expect(p.x).toBeLessThanOrEqual(g.plot.right)
      expect(p.y).toBeGreaterThanOrEqual(g.plot.top - 1e-9)
      expect(p.y).toBeLessThanOrEqual(g.plot.bottom + 1e-9)
    })
    for (let i = 1; i < g.points.length; i++) expect(g.points[i].x).toBeGreaterThan(g.points[i - 1].x)
    g.yTicks.forEach(t => expect(t.value >= g.bounds.min && t.value <= g.bounds.max).toBe(true))
  })
})
