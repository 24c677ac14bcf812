package httpapi

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/unit"
)

// The limits of GET /v1/desk/events.
const (
	DefaultDeskLimit = 200  // records answered when ?limit= is not given
	MaxDeskLimit     = 1000 // the most ?limit= may ask for
)

// DeskEvents answers GET /v1/desk/events: the events of a month recorded
// by people (recorded_by set), newest first.
type DeskEvents struct {
	Month  string        `json:"month"`
	Events []event.Event `json:"events"` // each in the contract's form, with id and recorded_by
	// More says that the month has more such events than the limit let
	// through (the oldest ones were left out).
	More bool `json:"more"`
}

// deskQuery is what GET /v1/desk/events asks for.
type deskQuery struct {
	month calendar.Month
	unit  string // "" for every unit
	limit int
}

// deskEvents answers GET /v1/desk/events?month=YYYY-MM[&unit=ID][&limit=N]:
// the events whose `at` falls in the month (in the policy zone) and that a
// person recorded, of the unit when one is named, newest first, at most
// limit of them. The month is the current one when not given.
func (s *Server) deskEvents(w http.ResponseWriter, r *http.Request, _ person) {
	q, qerr := s.readDeskQuery(r)
	if qerr != nil {
		writeError(w, qerr)
		return
	}
	seen := map[string]bool{}
	var found []event.Event
	err := s.cfg.Store.MonthEvents(r.Context(), q.month, func(batch []event.Event) error {
		for _, e := range batch {
			if seen[e.ID] || e.RecordedBy == "" || calendar.MonthOf(e.At, s.cfg.Location) != q.month || q.unit != "" && e.UnitID != q.unit {
				continue
			}
			seen[e.ID] = true
			found = append(found, e)
		}
		return nil
	})
	if err != nil {
		s.storeError(w, r, err, "no events of "+q.month.String()+" are stored")
		return
	}
	slices.SortFunc(found, func(a, b event.Event) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	resp := DeskEvents{Month: q.month.String(), Events: found}
	if len(found) > q.limit {
		resp.Events, resp.More = found[:q.limit], true
	}
	if resp.Events == nil {
		resp.Events = []event.Event{}
	}
	writeJSON(w, http.StatusOK, resp)
}

// readDeskQuery reads ?month=, ?unit= and ?limit=; any other parameter is
// refused, naming it.
func (s *Server) readDeskQuery(r *http.Request) (deskQuery, *Error) {
	q := deskQuery{month: calendar.MonthOf(s.now(r), s.cfg.Location), limit: DefaultDeskLimit}
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return q, &Error{Code: EInvalid, Message: "the query string is malformed"}
	}
	for key, vs := range values {
		if len(vs) > 1 {
			return q, &Error{Code: EInvalid, Field: key, Message: key + " is given more than once"}
		}
		v := vs[0]
		switch key {
		case "month":
			p, e := monthOf(v, "month")
			if e != nil {
				return q, e
			}
			q.month = p.Month()
		case "unit":
			if !unit.ValidID(v) {
				return q, &Error{Code: EInvalid, Field: "unit", Message: fmt.Sprintf("%q %s", v, unit.IDRule)}
			}
			q.unit = v
		case "limit":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > MaxDeskLimit {
				return q, &Error{Code: EInvalid, Field: "limit", Message: fmt.Sprintf("limit %q must be a whole number from 1 to %d", v, MaxDeskLimit)}
			}
			q.limit = n
		default:
			return q, &Error{Code: EInvalid, Field: key, Message: fmt.Sprintf("unknown parameter %q; the desk's list takes %s", key, strings.Join([]string{"month", "unit", "limit"}, ", "))}
		}
	}
	return q, nil
}
