// The one wrapper over wx.request: every call to the public API goes here.
// It resolves the decoded JSON object of a 2xx answer and rejects anything
// else with an Error whose message is Chinese text to show as it is.
const config = require('../config.js')
const query = require('./query.js')

const NETWORK_FAILED = '网络连接失败，请检查网络后下拉刷新重试'
const UNREADABLE = '服务器返回的数据无法识别，请稍后重试'

function statusText(status) {
  return '服务器返回了错误（HTTP ' + status + '），请稍后下拉刷新重试'
}

// decode returns the body as a JSON object, or null when it is not one
// (text that does not parse, null, an array, HTML).
function decode(data) {
  let body = data
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body)
    } catch (e) {
      return null
    }
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null
  return body
}

function nonblank(s) {
  return typeof s === 'string' && s.trim() !== ''
}

// failureText is what to show for a non-2xx answer: the API's Chinese
// message, else its English one, else the status.
function failureText(body, status) {
  const error = body && body.error
  if (error && typeof error === 'object') {
    if (nonblank(error.message_zh)) return error.message_zh
    if (nonblank(error.message)) return error.message
  }
  return statusText(status)
}

// get fetches path with the query parameters of params.
function get(path, params) {
  return new Promise((resolve, reject) => {
    wx.request({
      url: config.apiBase + path + query.encode(params),
      method: 'GET',
      // The body is decoded here, so that a malformed one is told apart.
      dataType: 'text',
      responseType: 'text',
      header: { Accept: 'application/json' },
      success(res) {
        const body = decode(res.data)
        if (res.statusCode >= 200 && res.statusCode < 300) {
          if (body) resolve(body)
          else reject(new Error(UNREADABLE))
          return
        }
        reject(new Error(failureText(body, res.statusCode)))
      },
      fail() {
        reject(new Error(NETWORK_FAILED))
      }
    })
  })
}

function path(segment) {
  return encodeURIComponent(segment)
}

// The endpoints the mini-program reads.
module.exports = {
  months: () => get('/v1/months'),
  ranking: (month, group) => get('/v1/months/' + path(month) + '/ranking', { view: 'summary', group }),
  unitMonth: (month, unit, cursor) =>
    get('/v1/months/' + path(month) + '/units/' + path(unit), { limit: config.pageSize, cursor }),
  history: unit => get('/v1/units/' + path(unit) + '/history'),
  get,
  NETWORK_FAILED,
  UNREADABLE,
  statusText
}
