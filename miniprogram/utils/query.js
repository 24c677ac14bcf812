// The query string of a request, encoded as Go's url.Values.Encode does:
// parameters sorted by name, each escaped like url.QueryEscape.

// escape is url.QueryEscape: only letters, digits and -_.~ stay as they are;
// a space becomes '+'.
function escape(s) {
  return encodeURIComponent(String(s))
    .replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+')
}

// encode returns '?a=1&b=2' for {b: 2, a: 1}, or '' when there is no parameter;
// a null or undefined value leaves its parameter out.
function encode(params) {
  const names = Object.keys(params || {})
    .filter(name => params[name] !== null && params[name] !== undefined)
    .sort()
  if (names.length === 0) return ''
  return '?' + names.map(name => escape(name) + '=' + escape(params[name])).join('&')
}

module.exports = { escape, encode }
