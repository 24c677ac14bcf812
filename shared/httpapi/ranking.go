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
			s.storeErrorZh(w, r, err, notPublished(period, q.version), notPublishedZh(period, q.version))
			return
		}
		v, err := p.variant(q.view, q.group)
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

// notPublishedZh is notPublished in Chinese.
func notPublishedZh(period string, version int) string {
	if version > 0 {
		return periodZh(period) + "的考核结果没有第" + strconv.Itoa(version) + "版"
	}
	return periodZh(period) + "的考核结果尚未发布"
}

// periodZh writes a period as the page does: 2026-10 as 2026年10月, 2026 as
// 2026年度.
func periodZh(period string) string {
	if len(period) == len("2026-10") && period[4] == '-' {
		m := period[5:]
		if m[0] == '0' {
			m = m[1:]
		}
		return period[:4] + "年" + m + "月"
	}
	return period + "年度"
}
