package httpfront

import (
	"net/http"
	"net/textproto"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/net/http/httpguts"
)

// appendHeader appends the fields of h but those of exclude as
// http.Header.WriteSubset writes them — a field of an invalid name left
// out, each value with its line breaks made spaces and trimmed — but in
// the map's order: the order of fields of different names carries no
// meaning (RFC 9110, 5.3), and sorting them was a tenth of the front's
// work for an answer.
func appendHeader(b []byte, h http.Header, exclude map[string]bool) []byte {
	for k, vv := range h {
		if exclude[k] || !httpguts.ValidHeaderFieldName(k) {
			continue
		}
		for _, v := range vv {
			if strings.ContainsAny(v, "\r\n") {
				v = lineBreaks.Replace(v)
			}
			b = append(b, k...)
			b = append(b, ": "...)
			b = append(b, textproto.TrimString(v)...)
			b = append(b, "\r\n"...)
		}
	}
	return b
}

// lineBreaks makes the line breaks of a header value spaces, as net/http does.
var lineBreaks = strings.NewReplacer("\n", " ", "\r", " ")

// date is the Date header's value of the current second, made once a second.
type date struct {
	unix  int64
	value string
}

var lastDate atomic.Pointer[date]

// now is the Date header's value for an answer written now.
func now() string {
	t := time.Now()
	if d := lastDate.Load(); d != nil && d.unix == t.Unix() {
		return d.value
	}
	d := &date{unix: t.Unix(), value: t.UTC().Format(http.TimeFormat)}
	lastDate.Store(d)
	return d.value
}
