// The recorded API answers (test/fixtures/api.json) and the key a request
// is looked up by: the path plus its query sorted and encoded as Go's
// url.Values.Encode does.
const fs = require('fs')
const path = require('path')
const config = require('../../config.js')
const query = require('../../utils/query.js')

const FILE = path.join(__dirname, '..', 'fixtures', 'api.json')

// load returns a fresh copy of the fixture, so a test may not change another's.
function load() {
  return JSON.parse(fs.readFileSync(FILE, 'utf8'))
}

function decode(s) {
  return decodeURIComponent(s.replace(/\+/g, ' '))
}

// key turns a request URL into its fixture key.
function key(url) {
  let rest = url.startsWith(config.apiBase) ? url.slice(config.apiBase.length) : url
  const at = rest.indexOf('?')
  if (at < 0) return rest
  const params = {}
  rest
    .slice(at + 1)
    .split('&')
    .filter(Boolean)
    .forEach(pair => {
      const eq = pair.indexOf('=')
      const name = decode(eq < 0 ? pair : pair.slice(0, eq))
      params[name] = eq < 0 ? '' : decode(pair.slice(eq + 1))
    })
  return rest.slice(0, at) + query.encode(params)
}

const fixture = load()

// The fixture's keys for the meta month and unit.
const keys = {
  months: '/v1/months',
  ranking: (month, group) => '/v1/months/' + month + '/ranking' + query.encode({ group, view: 'summary' }),
  unitMonth: (month, unit, cursor) =>
    '/v1/months/' + month + '/units/' + unit + query.encode({ cursor, limit: fixture.meta.page_size }),
  history: unit => '/v1/units/' + unit + '/history'
}

// body returns the recorded body of key, failing the test when there is none.
function body(key) {
  const answer = fixture.responses[key]
  if (!answer) throw new Error('no fixture for ' + key)
  return answer.body
}

// pages returns every recorded page of a unit's month, following next_cursor.
function pages(month, unit) {
  const all = []
  let cursor = null
  do {
    const page = body(keys.unitMonth(month, unit, cursor))
    all.push(page)
    cursor = page.deductions_page.next_cursor
  } while (cursor)
  return all
}

module.exports = { fixture, load, key, keys, body, pages }
