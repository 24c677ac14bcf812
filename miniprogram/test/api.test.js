// The request wrapper: what it resolves, the Chinese text it rejects with,
// and the query encoding shared with the fixture keys.
// Outside the simulator: wx is only what this file gives it.
global.wx = {}
const api = require('../utils/api.js')
const query = require('../utils/query.js')
const config = require('../config.js')
const { key, fixture } = require('./helpers/fixture.js')

// answer makes wx.request reply once with res (or fail when res is null).
function answer(res) {
  wx.request = jest.fn(options => setTimeout(() => (res ? options.success(res) : options.fail({ errMsg: 'request:fail timeout' })), 0))
}

function message(promise) {
  return promise.then(
    () => {
      throw new Error('resolved')
    },
    err => err.message
  )
}

test('the query is sorted and escaped as Go url.Values.Encode does', () => {
  expect(query.encode({ view: 'summary', group: 'town_street' })).toBe('?group=town_street&view=summary')
  expect(query.encode({ limit: 20, cursor: 'v1.20' })).toBe('?cursor=v1.20&limit=20')
  expect(query.encode({ a: 'x y', b: "!*'()~-_.", c: '中/=&' })).toBe('?a=x+y&b=%21%2A%27%28%29~-_.&c=%E4%B8%AD%2F%3D%26')
  expect(query.encode({ cursor: null, limit: 20 })).toBe('?limit=20')
  expect(query.encode({})).toBe('')
  expect(query.encode()).toBe('')
})

test('the fixture key of a request strips the base and sorts the query', () => {
  expect(key(config.apiBase + '/v1/months')).toBe('/v1/months')
  expect(key(config.apiBase + '/v1/months/2026-11/units/x?limit=20&cursor=a%2Bb')).toBe('/v1/months/2026-11/units/x?cursor=a%2Bb&limit=20')
  Object.keys(fixture.responses).forEach(k => expect(key(config.apiBase + k)).toBe(k))
})

test('requests go to the configured base with the query', async () => {
  answer({ statusCode: 200, data: '{"periods":[]}' })
  await api.ranking('2026-11', 'department')
  expect(wx.request.mock.calls[0][0].url).toBe(config.apiBase + '/v1/months/2026-11/ranking?group=department&view=summary')
  answer({ statusCode: 200, data: '{}' })
  await api.unitMonth('2026-11', 'u 1', 'v1.20')
  expect(wx.request.mock.calls[0][0].url).toBe(config.apiBase + '/v1/months/2026-11/units/u%201?cursor=v1.20&limit=' + config.pageSize)
})

test('a 2xx JSON object resolves, as text or already decoded', async () => {
  answer({ statusCode: 200, data: '{"periods":[{"period":"2026-11"}]}' })
  await expect(api.months()).resolves.toEqual({ periods: [{ period: '2026-11' }] })
  answer({ statusCode: 200, data: { ok: true } })
  await expect(api.months()).resolves.toEqual({ ok: true })
})

test.each([
  ['text that does not parse', '{"periods": ['],
  ['HTML', '<html><body>维护中</body></html>'],
  ['null', null],
  ['the text null', 'null'],
  ['an array', '[1,2]'],
  ['a number', '42'],
  ['empty text', '']
])('a 2xx body that is not a JSON object (%s) is unreadable', async (_, data) => {
  answer({ statusCode: 200, data })
  await expect(message(api.months())).resolves.toBe('服务器返回的数据无法识别，请稍后重试')
})

test.each([
  ['message_zh first', 404, { error: { code: 'not_found', message: 'no result', message_zh: '2026年12月的结果尚未发布' } }, '2026年12月的结果尚未发布'],
  ['else message', 400, { error: { code: 'invalid', message: 'month must be YYYY-MM' } }, 'month must be YYYY-MM'],
  ['a blank message_zh is skipped', 400, { error: { code: 'invalid', message: 'bad', message_zh: ' ' } }, 'bad'],
  ['else the status', 503, { error: { code: 'unavailable' } }, '服务器返回了错误（HTTP 503），请稍后下拉刷新重试'],
  ['HTML', 502, '<html><h1>502 Bad Gateway</h1></html>', '服务器返回了错误（HTTP 502），请稍后下拉刷新重试'],
  ['no body', 500, '', '服务器返回了错误（HTTP 500），请稍后下拉刷新重试'],
  ['a string error', 500, { error: 'boom' }, '服务器返回了错误（HTTP 500），请稍后下拉刷新重试'],
  ['a 3xx', 304, '', '服务器返回了错误（HTTP 304），请稍后下拉刷新重试']
])('a failure shows %s', async (_, statusCode, body, want) => {
  answer({ statusCode, data: typeof body === 'string' ? body : JSON.stringify(body) })
  await expect(message(api.months())).resolves.toBe(want)
})

test('a network failure asks to check the network', async () => {
  answer(null)
  await expect(message(api.months())).resolves.toBe('网络连接失败，请检查网络后下拉刷新重试')
})
