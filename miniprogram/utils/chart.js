// The geometry of the history chart: a line of a unit's monthly totals.
// Pure: it returns what to draw; the unit page replays it on a canvas.
const format = require('./format.js')

const PADDING = { left: 36, right: 18, top: 12, bottom: 28 }

// scale returns the bounds of the value axis: multiples of step around the
// totals, never below 0 nor above 100, at least one step apart.
function scale(values, step) {
  if (values.length === 0) return { min: 0, max: 100 }
  let min = Math.max(0, Math.floor(Math.min.apply(null, values) / step) * step)
  let max = Math.min(100, Math.ceil(Math.max.apply(null, values) / step) * step)
  if (max - min < step) {
    if (min + step <= 100) max = min + step
    else min = max - step
  }
  return { min, max }
}

// geometry places the months of a history (oldest first) in a width × height
// box. A month not assessed has an axis label but no point, and breaks the
// line into segments.
function geometry(months, width, height, options) {
  const pad = Object.assign({}, PADDING, options && options.padding)
  const step = (options && options.step) || 5
  const plot = {
    left: pad.left,
    top: pad.top,
    right: width - pad.right,
    bottom: height - pad.bottom
  }
  const assessed = months.filter(m => m.assessed !== false && typeof m.total === 'number')
  const bounds = scale(assessed.map(m => m.total), step)
  const spanX = plot.right - plot.left
  const spanY = plot.bottom - plot.top
  const xOf = i => (months.length === 1 ? plot.left + spanX / 2 : plot.left + (spanX * i) / (months.length - 1))
  const yOf = v => plot.bottom - (spanY * (v - bounds.min)) / (bounds.max - bounds.min)

  const points = []
  const segments = []
  let segment = null
  months.forEach((m, i) => {
    if (m.assessed === false || typeof m.total !== 'number') {
      segment = null
      return
    }
    const point = { x: xOf(i), y: yOf(m.total), value: m.total, label: format.score(m.total), period: m.period }
    points.push(point)
    if (!segment) {
      segment = []
      segments.push(segment)
    }
    segment.push(point)
  })

  const yTicks = []
  const tickStep = (bounds.max - bounds.min) / step > 4 ? step * Math.ceil((bounds.max - bounds.min) / step / 4) : step
  for (let v = bounds.min; v <= bounds.max + 1e-9; v += tickStep) {
    yTicks.push({ value: v, y: yOf(v), label: String(v) })
  }
  // Every label when they fit, else about every other one, always the last.
  const every = Math.max(1, Math.ceil(months.length / Math.max(1, Math.floor(spanX / 40))))
  const xLabels = months
    .map((m, i) => ({ x: xOf(i), y: plot.bottom + 16, label: format.shortMonth(m.period), i }))
    .filter(l => (months.length - 1 - l.i) % every === 0)
    .map(l => ({ x: l.x, y: l.y, label: l.label }))

  return { width, height, plot, bounds, points, segments, yTicks, xLabels, empty: points.length === 0 }
}

module.exports = { geometry, scale }
