// The ranking page against the fixture: every month, both groups, the
// marks, the navigation and pull-to-refresh.
const { fixture, keys, body } = require('./helpers/fixture.js')
const wxFake = require('./helpers/wx.js')
const page = require('./helpers/page.js')
const labels = require('../utils/labels.js')

const meta = fixture.meta
const months = body(keys.months).periods.filter(p => p.kind === 'month')

// The picker's label of a month, written out independently of the page.
function monthLabel(m) {
  const [year, month] = m.period.split('-')
  return year + '年' + Number(month) + '月' + (m.final ? '（最终）' : '（暂定）')
}

function score(v) {
  return String(Math.round(v * 100) / 100)
}

function rowText(row) {
  return row.textContent.replace(/\s+/g, ' ')
}

// expectRows checks the rendered rows against the units of the ranking.
function expectRows(p, units) {
  const rows = page.els(p, 'row')
  expect(rows.length).toBe(units.length)
  units.forEach((u, i) => {
    const row = rows[i]
    const text = rowText(row)
    expect(row.getAttribute('data-unit')).toBe(u.unit_id)
    expect(text).toContain(u.name)
    const badge = page.el(row, 'badge')
    if (u.rank === null || u.total === null) {
      expect(text).toContain('不参评')
      expect(badge).toBeFalsy()
    } else {
      expect(page.el(row, 'rank').textContent).toBe(String(u.rank))
      expect(page.el(row, 'total').textContent).toBe(score(u.total))
      expect(badge.textContent).toBe(labels.GRADES[u.grade])
      expect(badge.className).toContain('badge-' + u.grade)
    }
    expect(Boolean(page.el(row, 'mark-bottom'))).toBe(u.bottom === true)
    if (u.bottom) expect(page.el(row, 'mark-bottom').textContent).toBe('排名靠后')
    const escalation = page.el(row, 'mark-escalation')
    expect(Boolean(escalation)).toBe(Boolean(u.escalation))
    if (u.escalation) expect(escalation.textContent).toBe(labels.ESCALATIONS[u.escalation])
  })
}

beforeEach(() => wxFake.install())

test('the fixture has what these tests read', () => {
  expect(months.length).toBeGreaterThan(0)
  expect(months.map(m => m.period)).toContain(meta.month)
})

test('opens on the newest month with the town streets, labelled 暂定 or 最终', async () => {
  const p = await page.open('ranking')
  expect(page.el(p, 'month-label').textContent).toBe(monthLabel(months[0]))
  expect(p.instance.data.monthLabels).toEqual(months.map(monthLabel))
  const tabs = page.els(p, 'tab').map(t => t.textContent)
  expect(tabs).toEqual(['镇街', '区直部门'])
  expect(page.el(p, 'tab-active').textContent).toBe('镇街')
  const units = body(keys.ranking(months[0].period, 'town_street')).units
  expectRows(p, units)
  if (units.length) expect(page.text(p)).toContain(units[0].name)
})

test('every month and both groups render their ranking, grades and marks', async () => {
  const p = await page.open('ranking')
  for (let i = 0; i < months.length; i++) {
    p.querySelector('.month-picker').dispatchEvent('change', { detail: { value: String(i) } })
    await page.settle()
    expect(page.el(p, 'month-label').textContent).toBe(monthLabel(months[i]))
    for (const group of labels.GROUPS) {
      p.querySelectorAll('.tab')[labels.GROUPS.indexOf(group)].dispatchEvent('tap')
      await page.settle()
      expect(page.el(p, 'tab-active').textContent).toBe(group.label)
      expectRows(p, body(keys.ranking(months[i].period, group.key)).units)
    }
  }
  expect(wxFake.requests).toContain(keys.ranking(months[months.length - 1].period, 'department'))
})

test('tapping a row opens the unit page of that unit and month', async () => {
  const p = await page.open('ranking')
  p.querySelectorAll('.tab')[1].dispatchEvent('tap')
  await page.settle()
  const units = body(keys.ranking(months[0].period, 'department')).units
  const last = units.length - 1
  p.querySelectorAll('.row')[last].dispatchEvent('tap')
  await page.settle()
  expect(wx.navigateTo).toHaveBeenCalledTimes(1)
  expect(wx.navigateTo.mock.calls[0][0].url).toBe(
    '/pages/unit/unit?unit=' + encodeURIComponent(units[last].unit_id) + '&month=' + encodeURIComponent(months[0].period)
  )
})

test('pull-to-refresh reloads the months and the ranking, then stops', async () => {
  const p = await page.open('ranking')
  wxFake.requests.length = 0
  await p.instance.onPullDownRefresh()
  await page.settle()
  expect(wxFake.requests).toEqual([keys.months, keys.ranking(months[0].period, 'town_street')])
  expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1)
  expectRows(p, body(keys.ranking(months[0].period, 'town_street')).units)
})

test('pull-to-refresh keeps the picked month and group', async () => {
  if (months.length < 2) return
  const p = await page.open('ranking')
  p.querySelector('.month-picker').dispatchEvent('change', { detail: { value: '1' } })
  await page.settle()
  p.querySelectorAll('.tab')[1].dispatchEvent('tap')
  await page.settle()
  await p.instance.onPullDownRefresh()
  expect(page.el(p, 'month-label').textContent).toBe(monthLabel(months[1]))
  expectRows(p, body(keys.ranking(months[1].period, 'department')).units)
})

test('no published month shows the empty state', async () => {
  wxFake.install({ [keys.months]: { status: 200, body: { periods: body(keys.months).periods.filter(p => p.kind !== 'month') } } })
  const p = await page.open('ranking')
  expect(page.text(p)).toContain('暂无已发布的考核结果')
  expect(page.els(p, 'row')).toHaveLength(0)
})

test('a group with no unit shows the empty state, with the picker and tabs', async () => {
  const key = keys.ranking(months[0].period, 'town_street')
  wxFake.install({ [key]: { status: 200, body: Object.assign({}, body(key), { units: [] }) } })
  const p = await page.open('ranking')
  expect(page.text(p)).toContain('本月暂无该类单位的考核结果')
  expect(page.els(p, 'tab')).toHaveLength(2)
  expect(page.el(p, 'month-label')).toBeTruthy()
})
