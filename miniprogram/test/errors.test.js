// Never a blank page: every failure renders its Chinese text.
const { fixture, keys, body } = require('./helpers/fixture.js')
const wxFake = require('./helpers/wx.js')
const page = require('./helpers/page.js')

const meta = fixture.meta
const months = body(keys.months)
const newest = months.periods.filter(p => p.kind === 'month')[0].period

const HTML_500 = { status: 500, body: '<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>' }
const MALFORMED = { status: 200, body: '{"period":"' + newest + '","units":[{"unit_id":' }
const OFFLINE = { fail: 'timeout' }

const TEXT = {
  html500: '服务器返回了错误（HTTP 500），请稍后下拉刷新重试',
  malformed: '服务器返回的数据无法识别，请稍后重试',
  offline: '网络连接失败，请检查网络后下拉刷新重试'
}

// expectError checks the page shows text in its error state, and only that.
function expectError(p, text) {
  const shown = page.el(p, 'error-text')
  expect(shown).toBeTruthy()
  expect(shown.textContent).toBe(text)
  expect(page.text(p)).toContain(text)
  expect(page.els(p, 'row')).toHaveLength(0)
}

describe('the ranking page', () => {
  test('a month not published shows the API message_zh', async () => {
    const missing = fixture.responses[keys.ranking(meta.missing_month, 'town_street')]
    expect(missing.status).toBe(404)
    const listed = { periods: [{ period: meta.missing_month, kind: 'month', latest: 1, final: false, versions: [] }].concat(months.periods) }
    wxFake.install({ [keys.months]: { status: 200, body: listed } })
    const p = await page.open('ranking')
    expect(wxFake.requests).toContain(keys.ranking(meta.missing_month, 'town_street'))
    expectError(p, missing.body.error.message_zh)
    // The picker stays, so another month can be picked.
    expect(page.el(p, 'month-label')).toBeTruthy()
  })

  test.each([
    ['a 500 with an HTML body', HTML_500, TEXT.html500],
    ['a 200 with a malformed body', MALFORMED, TEXT.malformed],
    ['a network failure', OFFLINE, TEXT.offline]
  ])('%s of the ranking shows its text', async (_, failure, text) => {
    wxFake.install({ [keys.ranking(newest, 'town_street')]: failure })
    const p = await page.open('ranking')
    expectError(p, text)
  })

  test.each([
    ['a 500 with an HTML body', HTML_500, TEXT.html500],
    ['a 200 with a malformed body', MALFORMED, TEXT.malformed],
    ['a network failure', OFFLINE, TEXT.offline]
  ])('%s of the months shows its text', async (_, failure, text) => {
    wxFake.install({ [keys.months]: failure })
    const p = await page.open('ranking')
    expectError(p, text)
  })

  test('pull-to-refresh after a failure shows the ranking', async () => {
    wxFake.install({ [keys.ranking(newest, 'town_street')]: OFFLINE })
    const p = await page.open('ranking')
    expectError(p, TEXT.offline)
    wxFake.install()
    await p.instance.onPullDownRefresh()
    expect(wx.stopPullDownRefresh).toHaveBeenCalledTimes(1)
    expect(page.el(p, 'error-text')).toBeNull()
    expect(page.els(p, 'row')).toHaveLength(body(keys.ranking(newest, 'town_street')).units.length)
  })
})

describe('the unit page', () => {
  const unitKey = keys.unitMonth(meta.month, meta.unit, null)
  const open = () => page.open('unit', { unit: meta.unit, month: meta.month })

  test('a month not published shows the API message_zh', async () => {
    wxFake.install()
    const p = await page.open('unit', { unit: meta.unit, month: meta.missing_month })
    // No fixture: the fake answers 404 with its own message_zh.
    expect(page.el(p, 'error-text').textContent).toBe(wxFake.NOT_FOUND.error.message_zh)
    expect(page.el(p, 'name')).toBeNull()
  })

  test.each([
    ['a 500 with an HTML body', HTML_500, TEXT.html500],
    ['a 200 with a malformed body', MALFORMED, TEXT.malformed],
    ['a network failure', OFFLINE, TEXT.offline]
  ])('%s of the month shows its text', async (_, failure, text) => {
    wxFake.install({ [unitKey]: failure })
    const p = await open()
    expectError(p, text)
    expect(page.el(p, 'name')).toBeNull()
  })

  test('a failed history leaves the month shown, with the text in the chart card', async () => {
    wxFake.install({ [keys.history(meta.unit)]: HTML_500 })
    const p = await open()
    expect(page.el(p, 'name').textContent).toBe(body(unitKey).unit.name)
    expect(page.text(p)).toContain(TEXT.html500)
    expect(wx.createCanvasContext).not.toHaveBeenCalled()
  })

  test('a failed next page keeps the deductions shown and the button', async () => {
    const next = body(unitKey).deductions_page.next_cursor
    wxFake.install({ [keys.unitMonth(meta.month, meta.unit, next)]: OFFLINE })
    const p = await open()
    p.querySelector('.more').dispatchEvent('tap')
    await page.settle()
    expect(page.els(p, 'deduction')).toHaveLength(body(unitKey).unit.deductions.length)
    expect(page.el(p, 'more-error').textContent).toBe(TEXT.offline)
    expect(p.querySelector('.more')).toBeTruthy()
  })
})
