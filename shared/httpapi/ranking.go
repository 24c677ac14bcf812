package httpapi

import (
	"log/slog"
	"net/http"
	"strconv"
)

// ranking serves GET /v1/months/{month}/ranking and
// GET /v1/years/{year}/ranking: the stored body of the latest version (or
// ?version=N) byte for byte, the pinned shape of `hotline score --format
// json`, or with only the units of ?group=. It carries an ETag, answers
// If-None-Match with 304, and may be cached for 60 s while provisional and
// 300 s once final.
func (s *Server) ranking(kind periodKind) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked, perr := kind.period(r)
		if perr != nil {
			writeError(w, perr)
			return
		}
		period := asked.String()
		q, qerr := parseQuery(r, true)
		if qerr != nil {
			writeError(w, qerr)
			return
		}
		p, h, err := s.cache.find(r.Context(), period, q.version, s.now(r))
		if err != nil {
			s.storeError(w, r, err, notPublished(period, q.version))
			return
		}
		v, err := p.variant(q.group)
		if err != nil {
			s.cfg.Log.ErrorContext(r.Context(), "stored body", slog.String("period", period), slog.String("error", err.Error()))
			writeError(w, &Error{Code: EInternal, Message: "internal error"})
			return
		}
		send(w, r, v, p.version, h.Final)
	})
}

// notPublished is the message of a 404 for a period or one of its versions.
func notPublished(period string, version int) string {
	if version > 0 {
		return "no version " + strconv.Itoa(version) + " of " + period + " is published"
	}
	return "no result of " + period + " is published"
}
