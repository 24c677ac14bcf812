// A fake wx.request answering from the fixture, and fakes of the other wx
// calls the pages make, recorded for assertions.
const { fixture, key } = require('./fixture.js')

const NOT_FOUND = { error: { code: 'not_found', message: 'no fixture for this request', message_zh: '测试夹具中没有这个请求' } }

let overrides = {}
let pending = 0
const requests = []

// answer is what the fake server says to a key: an override, the fixture,
// else a 404 with an error body (so that a test notices).
function answer(k) {
  if (Object.prototype.hasOwnProperty.call(overrides, k)) return overrides[k]
  return fixture.responses[k] || { status: 404, body: NOT_FOUND }
}

function request(options) {
  const k = key(options.url)
  requests.push(k)
  pending++
  const a = answer(k)
  setTimeout(() => {
    pending--
    if (a.fail) {
      options.fail && options.fail({ errMsg: 'request:fail ' + a.fail })
    } else {
      // Bodies reach the page as text, as with dataType 'text'.
      const data = typeof a.body === 'string' ? a.body : JSON.stringify(a.body)
      options.success && options.success({ statusCode: a.status, data, header: {}, errMsg: 'request:ok' })
    }
    options.complete && options.complete({})
  }, 0)
  return { abort() {} }
}

// recorder is a canvas context that remembers every call made on it.
function recorder() {
  const calls = []
  return new Proxy(
    { calls },
    {
      get(target, name) {
        if (name === 'calls') return calls
        if (name === 'then') return undefined
        return (...args) => calls.push([name, ...args])
      }
    }
  )
}

const canvases = []

// install replaces the wx calls the pages use; call it in beforeEach.
function install(answers) {
  overrides = answers || {}
  requests.length = 0
  canvases.length = 0
  wx.request = jest.fn(request)
  wx.navigateTo = jest.fn(() => Promise.resolve())
  wx.stopPullDownRefresh = jest.fn(() => Promise.resolve())
  wx.setNavigationBarTitle = jest.fn(() => Promise.resolve())
  wx.getWindowInfo = jest.fn(() => ({ windowWidth: 375, windowHeight: 812, pixelRatio: 2 }))
  wx.createCanvasContext = jest.fn(id => {
    const ctx = recorder()
    canvases.push({ id, ctx })
    return ctx
  })
}

function idle() {
  return pending === 0
}

module.exports = { install, requests, canvases, idle, NOT_FOUND }
