package httpapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"

	"github.com/valyala/fastjson"

	"github.com/shizhong/hotline/shared/auth"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
)

// MaxBody is the largest request body, 1 MB.
const MaxBody = 1 << 20

// IngestResult is the status of one event of a request.
type IngestResult struct {
	Index  int         `json:"index"`
	ID     string      `json:"id,omitempty"`
	Status EventStatus `json:"status"`
	Field  string      `json:"field,omitempty"`
	Reason string      `json:"reason,omitempty"`
}

// IngestResponse answers a POST of events: a status per event, in order,
// and how many of each. Every 400 and 409 of an ingest route is one too,
// with Error set (docs/openapi.yaml, IngestRefusal): a single event refused
// (its result and the error naming its field), or a request refused as a
// whole before any event was read (no result).
type IngestResponse struct {
	Results   []IngestResult `json:"results"`
	Stored    int            `json:"stored"`
	Duplicate int            `json:"duplicate"`
	Conflict  int            `json:"conflict"`
	Invalid   int            `json:"invalid"`
	Error     *Error         `json:"error,omitempty"`
}

// ingest handles a POST of one event or a JSON array of up to 500. The
// signature is verified before the body is parsed. A single event answers
// 201 stored, 200 duplicate, 409 conflict or 400 invalid (naming the field);
// an array answers 200 with a status per event. A type outside the client's
// list refuses the whole request (403); a store failure acknowledges nothing
// (503, deliver again).
func (s *Server) ingest(route []event.Type) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, berr := readBody(w, r)
		if berr != nil {
			refuseIngest(w, berr)
			return
		}
		client, aerr := s.authenticate(r, body, auth.V1OrV2)
		if aerr != nil {
			writeError(w, aerr)
			return
		}
		events, results, single, perr := parseEvents(body, route)
		if perr != nil {
			refuseIngest(w, perr)
			return
		}
		for _, e := range events {
			if !client.May(e.Type) {
				writeError(w, &Error{Code: EForbidden, Field: "type", Message: fmt.Sprintf("client %q may not post %s events", client.ID, e.Type)})
				return
			}
		}
		var outcomes []store.Outcome
		var err error
		if len(events) > 0 {
			outcomes, err = s.cfg.Store.PutEvents(r.Context(), events)
		}
		if err != nil {
			level := slog.LevelError
			if r.Context().Err() != nil {
				level = slog.LevelInfo // the client went away: it delivers again, nothing is wrong here
			}
			s.cfg.Log.Log(r.Context(), level, "store events", slog.String("error", err.Error()), slog.Int("events", len(events)))
			writeError(w, fault.Wrap(fault.Unavailable, err, "the events could not be stored now; nothing was acknowledged, deliver them again"))
			return
		}
		resp := IngestResponse{Results: results}
		k := 0
		for i := range resp.Results {
			res := &resp.Results[i]
			if res.Status == "" {
				o := outcomes[k]
				k++
				res.Status, res.Field, res.Reason = eventStatus(o.Status), o.Field, o.Reason
			}
			switch res.Status {
			case EventStored:
				resp.Stored++
			case EventDuplicate:
				resp.Duplicate++
			case EventConflict:
				resp.Conflict++
			case EventInvalid:
				resp.Invalid++
			}
		}
		status := http.StatusOK
		if single {
			switch res := resp.Results[0]; res.Status {
			case EventStored:
				status = http.StatusCreated
			case EventConflict:
				resp.Error = &Error{Code: EConflict, Field: res.Field, Message: res.Reason}
			case EventInvalid:
				resp.Error = &Error{Code: EInvalid, Field: res.Field, Message: res.Reason}
			}
		}
		if resp.Error != nil {
			resp.Error = withChinese(resp.Error)
			status = resp.Error.Status()
			w.Header().Set("Cache-Control", "no-store")
		}
		writeJSON(w, status, resp)
	})
}

// refuseIngest answers an ingest request refused as a whole. A 400 has the
// shape of every 400 and 409 of the ingest routes: the response with no
// result, no count and the error; other refusals (413) are the API's error.
func refuseIngest(w http.ResponseWriter, e *Error) {
	if s := e.Status(); s != http.StatusBadRequest && s != http.StatusConflict {
		writeError(w, e)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, e.Status(), IngestResponse{Results: []IngestResult{}, Error: withChinese(e)})
}

// readBody reads the request body, up to MaxBody.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, *Error) {
	return readBodyUpTo(w, r, MaxBody)
}

// readBodyUpTo reads the request body, up to limit bytes.
func readBodyUpTo(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, *Error) {
	// A declared length over the limit is refused unread. One within it is
	// read into a buffer of that size at once: growing one as io.ReadAll
	// does leaves as much garbage again per body, which under many slow
	// bodies at once is what the process grows by. A body of no declared
	// length (chunked) is read as it comes.
	var body []byte
	var err error
	tooLarge := &Error{Code: ETooLarge, Message: fmt.Sprintf("the body is over %d bytes", limit)}
	switch n := r.ContentLength; {
	case n > limit:
		return nil, tooLarge
	case n > 0:
		var buf bytes.Buffer
		buf.Grow(int(n) + bytes.MinRead)
		_, err = buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit))
		body = buf.Bytes()
	default:
		body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	}
	if err != nil {
		var over *http.MaxBytesError
		if errors.As(err, &over) {
			return nil, tooLarge
		}
		return nil, &Error{Code: EInvalid, Message: "the body could not be read"}
	}
	return body, nil
}

// parseEvents reads one event or an array of events. The valid events are
// returned to be stored; results holds a row per event, with the invalid
// ones already decided.
func parseEvents(body []byte, route []event.Type) (events []event.Event, results []IngestResult, single bool, perr *Error) {
	if e := checkShape(body); e != nil {
		return nil, nil, false, e
	}
	var p fastjson.Parser
	v, err := p.ParseBytes(body)
	if err != nil {
		return nil, nil, false, &Error{Code: EInvalid, Message: "the body is not valid JSON: " + err.Error()}
	}
	var values []*fastjson.Value
	switch v.Type() {
	case fastjson.TypeObject:
		values, single = []*fastjson.Value{v}, true
	case fastjson.TypeArray:
		values, _ = v.Array()
		if len(values) == 0 || len(values) > store.MaxBatch {
			return nil, nil, false, &Error{Code: EInvalid, Field: "events", Message: fmt.Sprintf("a request holds 1 to %d events, not %d", store.MaxBatch, len(values))}
		}
	default:
		return nil, nil, false, &Error{Code: EInvalid, Message: "the body must be an event object or an array of events"}
	}
	results = make([]IngestResult, len(values))
	for i, ev := range values {
		results[i].Index = i
		e, err := event.FromValue(ev)
		if id := ev.GetStringBytes("id"); id != nil {
			results[i].ID = string(id)
		}
		if err == nil && !slices.Contains(route, e.Type) {
			err = &event.FieldError{Field: "type", Reason: fmt.Sprintf("%s events are not posted to this route", e.Type)}
		}
		if err != nil {
			var fe *event.FieldError
			if !errors.As(err, &fe) {
				fe = &event.FieldError{Reason: err.Error()}
			}
			results[i].Status, results[i].Field, results[i].Reason = EventInvalid, fe.Field, fe.Reason
			continue
		}
		events = append(events, e)
	}
	return events, results, single, nil
}
