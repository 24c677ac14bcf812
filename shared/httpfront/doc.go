// Package httpfront answers the cheapest requests of `hotline serve` — a
// GET or HEAD of a published body, the same few hundred bytes of request
// every time — on the connection's own goroutine, and hands every other
// connection to net/http's server untouched.
//
// Why it is written here (issue 16, 4): beside nginx serving the same
// ranking body, net/http reached 0.45× nginx's requests/s with gzip on the
// project's machine; a profile and strace put the gap in net/http's work
// for each request, not in the handler: the background read it starts for
// every request to notice a client leaving (a goroutine, a wake-up and a
// deadline to cancel it), the hand-offs of the connection between
// goroutines, the response's chunkWriter. No setting of http.Server turns
// those off. fasthttp avoids them, but it reads a request its own way
// (bodies held whole before the handler runs, its own limits and errors)
// and cannot give a connection back once it has read from it, so the
// whole server would have changed for every route. This package changes
// nothing for them: it parses a request with net/http's own
// http.ReadRequest, serves it with the very handler net/http runs when it
// is one the caller names hot (Config.Hot: a bodiless GET or HEAD on
// HTTP/1.1), and at the first request that is not, it gives the
// connection to net/http with the bytes of that request replayed in front
// of the rest: net/http then reads, limits and answers it exactly as if
// it had accepted the connection itself, and keeps it to the end.
//
// What net/http's server adds to a handler's answer, this package adds
// too, for what a hot route answers: the Date header, a Content-Length
// for a body the handler did not size (held until the handler returns),
// the Content-Type sniffed from such a body when none is set, no body and
// no entity headers for a 304, no body for a HEAD. The tests compare its
// answers with net/http's, header for header and byte for byte.
package httpfront
