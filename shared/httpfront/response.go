package httpfront

import (
	"io"
	"net/http"
	"strconv"
)

// response is the http.ResponseWriter of a hot request: what net/http's
// server writes for the same calls of the handler, for what a handler of
// a published body does (no Flush, no Hijack, no trailers). A body whose
// Content-Length the handler set is written as it comes; any other is
// held until the handler returns and sent with its length (net/http sends
// one of more than 2 kB chunked instead: the same body to a client).
type response struct {
	conn   *conn
	req    *http.Request
	header http.Header // the handler's
	sent   http.Header // header as it was at WriteHeader, once the head waits for the body

	status      int
	wroteHeader bool // WriteHeader was called (or implied)
	headDone    bool // the status line and headers are in the write buffer
	length      int64
	written     int64
	held        []byte // the body, when the handler gave no length
	err         error
}

// Header implements http.ResponseWriter.
func (w *response) Header() http.Header { return w.header }

// WriteHeader implements http.ResponseWriter.
func (w *response) WriteHeader(code int) {
	if w.wroteHeader {
		return // net/http logs a superfluous call and ignores it
	}
	if code < 100 || code > 999 {
		panic("invalid WriteHeader code " + strconv.Itoa(code)) // as net/http
	}
	if code < 200 && code != http.StatusSwitchingProtocols {
		// An informational answer goes at once, with the headers as
		// they are; the final one follows.
		w.writeStatusLine(code)
		out := &w.conn.out
		out.b = append(appendHeader(out.b, w.header, noBodyHeaders), "\r\n"...)
		w.err = firstErr(w.err, out.flush())
		return
	}
	w.wroteHeader, w.status = true, code
	if cl := w.header.Get("Content-Length"); cl != "" {
		if v, err := strconv.ParseInt(cl, 10, 64); err == nil && v >= 0 {
			w.length = v
		} else {
			w.header.Del("Content-Length") // net/http logs it and sends none
		}
	}
	if !bodyAllowed(code) || (w.length >= 0 && !sniffs(w.header)) {
		w.writeHead(w.header, nil, -1)
		return
	}
	w.sent = w.header.Clone() // what the handler sets from now on is not sent
}

// Write implements http.ResponseWriter.
func (w *response) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if !bodyAllowed(w.status) {
		return 0, http.ErrBodyNotAllowed
	}
	w.written += int64(len(p))
	if w.length >= 0 && w.written > w.length {
		return 0, http.ErrContentLength
	}
	if w.length < 0 {
		w.held = append(w.held, p...)
		return len(p), nil
	}
	if !w.headDone {
		w.writeHead(w.sent, p, -1)
	}
	if w.req.Method == http.MethodHead || w.err != nil {
		return len(p), w.err
	}
	n, err := w.conn.out.write(p)
	w.err = firstErr(w.err, err)
	return n, err
}

// ReadFrom sends a body of known length from r past the write buffer:
// from a file, net.TCPConn's ReadFrom uses sendfile(2), as under net/http.
func (w *response) ReadFrom(r io.Reader) (int64, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if w.length < 0 || !w.headDone || w.req.Method == http.MethodHead || !bodyAllowed(w.status) {
		return io.Copy(writerOnly{w}, r)
	}
	if err := w.conn.out.flush(); err != nil {
		w.err = firstErr(w.err, err)
		return 0, err
	}
	n, err := io.Copy(w.conn.nc, r)
	w.written += n
	w.err = firstErr(w.err, err)
	return n, err
}

// finish completes the answer once the handler has returned; false when
// the connection cannot carry another: a write failed, or the body was
// shorter than its Content-Length.
func (w *response) finish() bool {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	head := w.req.Method == http.MethodHead
	switch {
	case w.headDone:
	case w.length < 0 && bodyAllowed(w.status):
		length := int64(-1)
		if !head || len(w.held) > 0 {
			length = int64(len(w.held))
		}
		w.writeHead(w.sent, w.held, length)
		if !head {
			_, err := w.conn.out.write(w.held)
			w.err = firstErr(w.err, err)
		}
	default:
		w.writeHead(w.sent, nil, -1)
	}
	short := !head && w.length >= 0 && bodyAllowed(w.status) && w.written != w.length
	return w.err == nil && !short
}

// sniffs reports whether net/http would add a Content-Type from the body
// to an answer of header h: it has none and no Content-Encoding.
func sniffs(h http.Header) bool {
	_, typed := h["Content-Type"]
	return !typed && h.Get("Content-Encoding") == ""
}

// writeHead writes the status line and h into the write buffer, with
// what net/http adds: a Date, the Content-Length of a held body (length
// ≥ 0), a Content-Type sniffed from body when h has none.
func (w *response) writeHead(h http.Header, body []byte, length int64) {
	w.headDone = true
	w.writeStatusLine(w.status)
	var exclude map[string]bool
	switch {
	case w.status == http.StatusNotModified:
		exclude = notModifiedHeaders
	case !bodyAllowed(w.status):
		exclude = noBodyHeaders
	}
	out := &w.conn.out
	line := appendHeader(out.b, h, exclude)
	if _, ok := h["Date"]; !ok {
		line = append(line, "Date: "...)
		line = append(line, now()...)
		line = append(line, "\r\n"...)
	}
	if length >= 0 {
		line = append(line, "Content-Length: "...)
		line = strconv.AppendInt(line, length, 10)
		line = append(line, "\r\n"...)
	}
	if bodyAllowed(w.status) && len(body) > 0 && sniffs(h) {
		line = append(line, "Content-Type: "...)
		line = append(line, http.DetectContentType(body)...)
		line = append(line, "\r\n"...)
	}
	out.b = append(line, "\r\n"...)
}

// writeStatusLine writes "HTTP/1.1 200 OK" as net/http does.
func (w *response) writeStatusLine(code int) {
	out := &w.conn.out
	line := append(out.b, "HTTP/1.1 "...)
	line = strconv.AppendInt(line, int64(code), 10)
	line = append(line, ' ')
	if text := http.StatusText(code); text != "" {
		line = append(line, text...)
	} else {
		line = append(line, "status code "...)
		line = strconv.AppendInt(line, int64(code), 10)
	}
	out.b = append(line, "\r\n"...)
}

// The headers net/http leaves out of an answer without a body.
var (
	noBodyHeaders      = map[string]bool{"Content-Length": true, "Transfer-Encoding": true}
	notModifiedHeaders = map[string]bool{"Content-Type": true, "Content-Length": true, "Transfer-Encoding": true}
)

// bodyAllowed reports whether an answer of status code may have a body
// (RFC 9110: not 1xx, 204 or 304).
func bodyAllowed(code int) bool {
	return code >= 200 && code != http.StatusNoContent && code != http.StatusNotModified
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
