package httpapi

import (
	"net/http"
	"time"
)

// Months lists the published periods.
type Months struct {
	Periods []Period `json:"periods"` // newest period first
}

// Period is a month or a year with its stored versions.
type Period struct {
	Period   string    `json:"period"` // 2026-10 or 2026
	Kind     string    `json:"kind"`   // month or year
	Latest   int       `json:"latest"` // the latest version, the one served by default
	Final    bool      `json:"final"`  // whether the latest version is final
	Versions []Version `json:"versions"`
}

// Version is one stored version of a period.
type Version struct {
	Version     int       `json:"version"`
	ComputedAt  time.Time `json:"computed_at"`
	Policy      string    `json:"policy"`
	Fingerprint string    `json:"fingerprint"`
	Final       bool      `json:"final"`
}

// months serves GET /v1/months: every period with its versions, newest
// first, from the cached list of versions.
func (s *Server) months(w http.ResponseWriter, r *http.Request) {
	ix, err := s.cache.versions(r.Context(), s.now(r))
	if err != nil {
		s.storeError(w, r, err, "")
		return
	}
	out := Months{Periods: []Period{}}
	for _, res := range ix.results {
		n := len(out.Periods)
		if n == 0 || out.Periods[n-1].Period != res.Period {
			out.Periods = append(out.Periods, Period{Period: res.Period, Kind: res.CalendarPeriod().Kind(), Latest: res.Version, Final: res.Final})
			n++
		}
		p := &out.Periods[n-1]
		p.Versions = append(p.Versions, Version{Version: res.Version, ComputedAt: res.ComputedAt.UTC(), Policy: res.Policy, Fingerprint: res.Fingerprint, Final: res.Final})
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, out)
}
