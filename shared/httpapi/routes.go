package httpapi

import (
	"net/http"

	"github.com/shizhong/hotline/shared/event"
)

// routes lists every route of the system.
func (s *Server) routes() {
	s.mux.Handle("POST /v1/events", s.ingest(event.Types()))
	s.mux.Handle("POST /v1/callbacks", s.ingest([]event.Type{event.Callback}))
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &Error{Code: ENotFound, Message: "no route " + r.Method + " " + r.URL.Path})
	})
}
