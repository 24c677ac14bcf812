package main

import (
	"net/http"
	"sync"

	"github.com/shizhong/hotline/shared/httpapi"
)

// bodyBudget bounds the bytes of request bodies `hotline serve` holds at
// once (issue 10, D5). The connection limit alone does not bound memory
// well: each request may hold a body of up to 1 MB while it is read, and
// 200 clients sending theirs slowly held some 650 MiB between them (the
// buffers and the garbage collector's headroom). A request with a body
// takes its declared length from the budget (a body without one, chunked,
// counts as the largest) before it is read, and gives it back when it is
// answered; when the budget is spent the request is answered 503 with
// Retry-After at once, without reading its body: the ingest contract's
// "deliver again" (docs/reliability.md), which the clients of the hotline
// already follow. Requests without a body, the reads of the page and the
// API, are never refused by it.
type bodyBudget struct {
	mu          sync.Mutex
	used, limit int64
}

// take reserves n bytes, if the budget has them.
func (b *bodyBudget) take(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used+n > b.limit {
		return false
	}
	b.used += n
	return true
}

func (b *bodyBudget) give(n int64) {
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
}

// guard serves next within the budget.
func (b *bodyBudget) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := r.ContentLength
		if n == 0 || r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		if n < 0 || n > httpapi.MaxBody {
			n = httpapi.MaxBody + 1 // what the handler reads of it at most
		}
		if !b.take(n) {
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error":{"code":"unavailable","message":"the server is reading as many request bodies as it may; nothing was read or stored, deliver again","message_zh":"服务器正忙，未读取也未保存任何内容，请稍后重新提交"}}` + "\n"))
			return
		}
		defer b.give(n)
		next.ServeHTTP(w, r)
	})
}
