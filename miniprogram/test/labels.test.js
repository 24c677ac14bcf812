// The mini-program cannot load the web page's scripts, so it keeps its own
// copy of the Chinese labels (utils/labels.js). This test holds the copy to
// the page's (shared/web/static): the same rules, items with their maxima,
// and escalations, so that a person reads the same words on both.
const fs = require('fs')
const path = require('path')
const labels = require('../utils/labels.js')

const STATIC = path.join(__dirname, '..', '..', 'shared', 'web', 'static')

// literal evaluates the object or array literal that follows `marker` in
// the file (up to its matching bracket).
function literal(file, marker) {
  const text = fs.readFileSync(path.join(STATIC, file), 'utf8')
  const at = text.indexOf(marker)
  if (at < 0) throw new Error(marker + ' is not in ' + file)
  let i = at + marker.length
  while (text[i] !== '{' && text[i] !== '[') i++
  const open = text[i]
  const close = open === '{' ? '}' : ']'
  let depth = 0
  for (let j = i; j < text.length; j++) {
    if (text[j] === open) depth++
    if (text[j] === close && --depth === 0) return Function('return ' + text.slice(i, j + 1))()
  }
  throw new Error('no end of ' + marker + ' in ' + file)
}

test('the rules are the page\'s (core.js H.RULES)', () => {
  expect(labels.RULES).toEqual(literal('core.js', 'RULES:'))
})

test('the items and their maxima are the page\'s (app.js ITEMS)', () => {
  const page = literal('app.js', 'var ITEMS =')
  expect(labels.ITEMS.map(it => [it.key, it.label, it.max])).toEqual(page)
})

test('the escalations are the page\'s (app.js)', () => {
  const page = fs.readFileSync(path.join(STATIC, 'app.js'), 'utf8')
  for (const [key, label] of Object.entries(labels.ESCALATIONS)) {
    expect(page).toContain(key + ": '" + label + "'")
  }
})
