// The unit page against the fixture: the month's items, the deductions
// paged through next_cursor, the history chart and pull-to-refresh.
const { fixture, keys, body, pages } = require('./helpers/fixture.js')
const wxFake = require('./helpers/wx.js')
const page = require('./helpers/page.js')
const labels = require('../utils/labels.js')
const chart = require('../utils/chart.js')

const meta = fixture.meta
const unitPages = pages(meta.month, meta.unit)
const first = unitPages[0]
const rankedUnits = labels.GROUPS.map(g => body(keys.ranking(meta.month, g.key)).units).flat()

function score(v) {
  return String(Math.round(v * 100) / 100)
}

function open(unit) {
  return page.open('unit', { unit: unit || meta.unit, month: meta.month })
}

beforeEach(() => wxFake.install())

test('the fixture has a unit with more than one page of deductions', () => {
  expect(unitPages.length).toBeGreaterThan(1)
  expect(first.deductions_page.limit).toBe(meta.page_size)
})

test('shows the unit month: name, group, total, rank, grade', async () => {
  const p = await open()
  const u = first.unit
  expect(page.el(p, 'name').textContent).toBe(u.name)
  expect(page.el(p, 'group').textContent).toBe(labels.groupLabel(u.group))
  if (u.rank !== null && u.total !== null) {
    expect(page.el(p, 'total').textContent).toBe(score(u.total))
    expect(page.el(p, 'rank').textContent).toBe(String(u.rank))
    expect(page.el(p, 'badge').textContent).toBe(labels.GRADES[u.grade])
  } else {
    expect(page.el(p, 'total').textContent).toBe('不参评')
  }
  expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: u.name })
})

test('shows each item against its maximum, with a bar', async () => {
  const p = await open()
  const rows = page.els(p, 'item')
  expect(rows.length).toBe(labels.ITEMS.length)
  labels.ITEMS.forEach((item, i) => {
    const v = (first.unit.scores || {})[item.key]
    expect(page.el(rows[i], 'item-label').textContent).toBe(item.label)
    const shown = page.el(rows[i], 'item-score').textContent
    if (typeof v !== 'number') {
      expect(shown).toBe('—')
    } else if (item.max === null) {
      expect(shown).toBe('−' + score(v))
      expect(page.el(rows[i], 'bar-fill')).toBeNull()
    } else {
      expect(shown).toBe(score(v) + ' / ' + item.max)
      expect(page.el(rows[i], 'bar-fill').getAttribute('style')).toContain(Math.round((v / item.max) * 100) + '%')
    }
  })
})

test('pages through the deductions with 加载更多 until next_cursor is null', async () => {
  const p = await open()
  expect(page.el(p, 'deductions-total').textContent).toBe(String(first.deductions_page.total))
  let shown = 0
  for (let i = 0; i < unitPages.length; i++) {
    shown += unitPages[i].unit.deductions.length
    expect(page.els(p, 'deduction').length).toBe(shown)
    const more = p.querySelector('.more')
    if (i === unitPages.length - 1) {
      expect(more).toBeFalsy()
      break
    }
    expect(more.dom.textContent).toBe('加载更多')
    more.dispatchEvent('tap')
    await page.settle()
  }
  expect(shown).toBe(first.deductions_page.total)
  const all = unitPages.map(pg => pg.unit.deductions).flat()
  const rendered = page.els(p, 'deduction')
  all.forEach((d, i) => {
    const text = rendered[i].textContent
    expect(text).toContain(labels.ruleLabel(d.rule))
    expect(text).toContain(score(d.points))
    if (d.ticket_id) expect(text).toContain(d.ticket_id)
    expect(text.includes('已核销')).toBe(d.waived === true)
  })
  // Each cursor went back exactly as the API gave it.
  unitPages.slice(0, -1).forEach(pg => {
    expect(wxFake.requests).toContain(keys.unitMonth(meta.month, meta.unit, pg.deductions_page.next_cursor))
  })
})

test('reaching the bottom loads the next page, once at a time', async () => {
  const p = await open()
  const before = page.els(p, 'deduction').length
  p.instance.onReachBottom()
  p.instance.onReachBottom()
  await page.settle()
  expect(page.els(p, 'deduction').length).toBe(before + unitPages[1].unit.deductions.length)
  expect(wxFake.requests.filter(k => k === keys.unitMonth(meta.month, meta.unit, first.deductions_page.next_cursor)).length).toBe(1)
})

test('draws the history chart from the geometry on the canvas context', async () => {
  const p = await open()
  const history = body(keys.history(meta.unit)).months
  expect(p.querySelector('.chart')).toBeTruthy()
  expect(wx.createCanvasContext).toHaveBeenCalledTimes(1)
  expect(wx.createCanvasContext.mock.calls[0][0]).toBe('history')
  const calls = wxFake.canvases[0].ctx.calls
  const g = chart.geometry(history, (642 * 375) / 750, (360 * 375) / 750)
  const names = calls.map(c => c[0])
  expect(names[names.length - 1]).toBe('draw')
  expect(calls.filter(c => c[0] === 'arc').map(c => [c[1], c[2]])).toEqual(g.points.map(pt => [pt.x, pt.y]))
  const texts = calls.filter(c => c[0] === 'fillText').map(c => c[1])
  g.yTicks.forEach(t => expect(texts).toContain(t.label))
  g.xLabels.forEach(l => expect(texts).toContain(l.label))
})

test('every unit of the month opens on its first page', async () => {
  for (const u of rankedUnits) {
    wxFake.install()
    const p = await open(u.unit_id)
    const b = body(keys.unitMonth(meta.month, u.unit_id, null))
    expect(page.el(p, 'name').textContent).toBe(u.name)
    expect(page.els(p, 'deduction').length).toBe(b.unit.deductions.length)
    expect(page.el(p, 'deductions-total').textContent).toBe(String(b.deductions_page.total))
    expect(Boolean(p.querySelector('.more'))).toBe(Boolean(b.deductions_page.next_cursor))
  }
}, 120000)

test('pull-to-refresh reloads the first page and the history, then stops', async () => {
  const p = await open()
  p.querySelector('.more').dispatchEvent('tap')
  await page.settle()
  wxFake.requests.length = 0
  await p.instance.onPullDownRefresh()
  await page.settle()
  expect(wxFake.requests.sort()).toEqual([keys.history(meta.unit), keys.unitMonth(meta.month, meta.unit, null)].sort())
  expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1)
  expect(page.els(p, 'deduction').length).toBe(first.unit.deductions.length)
})
