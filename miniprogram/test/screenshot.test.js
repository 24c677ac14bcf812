// Writes the ranking page, rendered from the fixture, as standalone HTML
// into .out/ for scripts/screenshot.sh to photograph in Chromium.
const path = require('path')
const { keys, body } = require('./helpers/fixture.js')
const wxFake = require('./helpers/wx.js')
const page = require('./helpers/page.js')
const standalone = require('./helpers/standalone.js')

const OUT = path.join(page.ROOT, '.out', 'ranking.html')

test('rpx become px at 375 px and classes take the simulator prefix', () => {
  expect(standalone.rpx('a { padding: 24rpx 32rpx; border: 1rpx solid; }')).toBe('a { padding: 12px 16px; border: 0.5px solid; }')
  expect(standalone.prefix('.head,\n.row { color: red; }\n.a .b-c { x: 1 }', 'main')).toBe('.main--head,\n.main--row { color: red; }\n.main--a .main--b-c { x: 1 }')
})

test('the ranking page as standalone HTML', async () => {
  wxFake.install()
  const p = await page.open('ranking')
  const html = standalone.write(p, 'ranking', OUT)
  const newest = body(keys.months).periods.find(m => m.kind === 'month')
  body(keys.ranking(newest.period, 'town_street')).units.forEach(u => expect(html).toContain(u.name))
  expect(html).not.toContain('rpx')
})

test('the unit page as standalone HTML', async () => {
  wxFake.install()
  const { fixture } = require('./helpers/fixture.js')
  const p = await page.open('unit', { unit: fixture.meta.unit, month: fixture.meta.month })
  const html = standalone.write(p, 'unit', path.join(page.ROOT, '.out', 'unit.html'))
  expect(html).toContain(body(keys.unitMonth(fixture.meta.month, fixture.meta.unit, null)).unit.name)
})
