package event_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/shizhong/hotline/shared/event"
)

// contractFields are the keys of SPEC §3, the only fields an error may name
// besides an unknown key of the input.
var contractFields = []string{
	"id", "type", "at", "ticket_id", "unit_id", "due_at", "channel", "category",
	"noncompliant", "citizen_contacted", "reason", "meeting", "connected", "result", "process",
	"to_unit_id", "leadership", "staffing", "staff_count", "appeal_id", "rule", "event_id", "recorded_by",
}

// sampleEvents are the sample events of the repository (events/hotline/)
// and the valid fixtures of this package, the seeds of the fuzz targets.
func sampleEvents(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, glob := range []string{"../../events/hotline/*.json", "testdata/valid/*.json"} {
		paths, err := filepath.Glob(glob)
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, data)
		}
	}
	if len(out) == 0 {
		tb.Fatal("no sample events found")
	}
	return out
}

// checkDecoded asserts what holds for every input of Decode:
//   - a rejected input gives a *FieldError that names a field of the
//     contract (or the unknown key at fault), unless the input is not a
//     JSON object at all (SPEC §3: "rejected with a message that names the
//     field");
//   - an accepted input is valid JSON, passes Validate, and re-encodes
//     (AppendJSON) to valid JSON that decodes to the same event, with the same
//     Key and ContentHash, and re-encodes to the same bytes again.
func checkDecoded(t *testing.T, data []byte, e event.Event, err error) {
	t.Helper()
	if err != nil {
		var fe *event.FieldError
		if !errors.As(err, &fe) {
			t.Fatalf("error %T %v, want a *FieldError", err, err)
		}
		switch {
		case fe.Reason == "unknown field":
			// The unknown key of the input; the empty key "" is named by
			// the empty Field, so its message reads "unknown field".
		case fe.Field == "":
			if !strings.HasPrefix(fe.Reason, "not valid JSON") && fe.Reason != "an event must be a JSON object" {
				t.Fatalf("error %q names no field", err)
			}
		case slices.Contains(contractFields, fe.Field):
		default:
			t.Fatalf("error %q names %q, not a field of the contract", err, fe.Field)
		}
		if fe.Field != "" && !strings.Contains(err.Error(), strconv.Quote(fe.Field)) {
			t.Fatalf("message %q does not name the field %q", err, fe.Field)
		}
		return
	}
	if !json.Valid(withoutLeniencies(data)) {
		t.Fatalf("accepted input that is not JSON: %q", data)
	}
	if verr := e.Validate(); verr != nil {
		t.Fatalf("accepted an event that Validate rejects: %v", verr)
	}
	enc := e.AppendJSON(nil)
	if !json.Valid(enc) {
		t.Fatalf("AppendJSON wrote invalid JSON: %q", enc)
	}
	again, err := event.Decode(enc)
	if err != nil {
		t.Fatalf("the re-encoded event %s does not decode: %v", enc, err)
	}
	if !sameEvent(&e, &again) {
		t.Fatalf("decode(AppendJSON(e)) differs from e (-want +got):\n%s\ninput: %q\nencoded: %s", cmp.Diff(e, again, eventOpts), data, enc)
	}
	if e.Key() != again.Key() || e.ContentHash() != again.ContentHash() {
		t.Fatalf("the round trip changed the key or content hash of %s", enc)
	}
	if enc2 := again.AppendJSON(nil); !bytes.Equal(enc, enc2) {
		t.Fatalf("AppendJSON is not stable:\n%s\n%s", enc, enc2)
	}
}

// withoutLeniencies rewrites the two things the parser (fastjson) accepts
// inside strings that strict JSON does not: a raw control character (made a
// space) and an unknown escape such as \0 or \u12 (its backslash doubled,
// which is what fastjson reads it as: the characters as written). Both are
// harmless, since AppendJSON writes the decoded string in strict JSON; every
// other input the decoder accepts must be JSON as encoding/json reads it.
// Outside strings fastjson accepts only JSON whitespace and never a
// backslash, so the rewrite changes nothing there.
func withoutLeniencies(data []byte) []byte {
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c < 0x20:
			out = append(out, ' ')
		case c == '\\':
			if i+1 < len(data) && strings.IndexByte(`"\\/bfnrt`, data[i+1]) >= 0 {
				out = append(out, c, data[i+1])
				i++
			} else if i+5 < len(data) && data[i+1] == 'u' && isHex4(data[i+2:i+6]) {
				out = append(out, data[i:i+6]...)
				i += 5
			} else {
				out = append(out, '\\', '\\')
			}
		default:
			out = append(out, c)
		}
	}
	return out
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// FuzzDecode: the single-event decoder of the ingest API and of every line
// of the command line's input. See checkDecoded for what it asserts; a
// reused Decoder must also agree with a fresh one.
func FuzzDecode(f *testing.F) {
	for _, s := range sampleEvents(f) {
		f.Add(s)
	}
	for _, s := range []string{
		`{}`, `[]`, `null`, `"x"`, `{"id":"x"}`,
		`{"id":"x","type":"org_assessed","at":"2026-10-08T09:00:00+08:00","unit_id":"u","leadership":1e-10000,"staffing":5.000}`,
		`{"id":"x","type":"org_assessed","at":"2026-10-08T09:00:00+08:00","unit_id":"u","leadership":NaN,"staffing":Infinity}`,
		`{"id":"x","type":"org_assessed","at":"2026-10-08T09:00:00+08:00","unit_id":"u","leadership":0,"staffing":0,"staff_count":9223372036854775808}`,
		`{"id":"\ud800","type":"replied","at":"2026-10-09T10:15:00Z","ticket_id":"\u0000","unit_id":"u"}`,
		`{"id":"x","type":"replied","at":"2026-10-09T10:15:00.123456789+14:00","ticket_id":"T","unit_id":"u","unit_id":"u"}`,
		`{"id":"x","typ\u0065":"replied","at":"2026-10-09T10:15:00Z","ticket_id":"T","unit_id":"u"}`,
		`{"id":"x","type":"callback","at":"2026-10-09T10:15:00Z","ticket_id":"T","unit_id":"u","connected":false,"result":"satisfied"}`,
	} {
		f.Add([]byte(s))
	}
	var reused event.Decoder
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := event.Decode(data)
		checkDecoded(t, data, e, err)
		e2, err2 := reused.Decode(data)
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
			t.Fatalf("a reused Decoder disagrees: %v, %v", err, err2)
		}
		if err == nil && !sameEvent(&e, &e2) {
			t.Fatalf("a reused Decoder disagrees (-fresh +reused):\n%s", cmp.Diff(e, e2, eventOpts))
		}
	})
}

// lineRef is what reading a JSON Lines input must give, computed the
// obvious way: split at '\n', drop a leading BOM, trim, skip blank lines,
// decode each line on its own.
type lineRef struct {
	lines   []int         // the valid lines, in order
	events  []event.Event // their events
	invalid []int         // the lines that do not decode
}

func referenceLines(data []byte) lineRef {
	var ref lineRef
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	for i, l := range bytes.Split(data, []byte{'\n'}) {
		l = bytes.TrimSpace(l)
		if len(l) == 0 {
			continue
		}
		e, err := event.Decode(l)
		if err != nil {
			ref.invalid = append(ref.invalid, i+1)
			continue
		}
		ref.lines = append(ref.lines, i+1)
		ref.events = append(ref.events, e)
	}
	return ref
}

// FuzzReadLines: the JSON Lines reader of the command line, on 1 or 3
// goroutines, for any input (the cuts between its 1 MiB chunks are
// TestReadLinesManyChunks's business; an input that large would slow the
// fuzzer a hundredfold):
//   - ReadLines delivers, in order, exactly the valid lines before the first
//     invalid one and then fails with a *LineError naming the file and that
//     line (or succeeds when every line is valid);
//   - ReadLinesLenient delivers every valid line and lists every invalid
//     one, with its line number;
//   - each batch's Keys and Hashes are those of its events.
func FuzzReadLines(f *testing.F) {
	var all bytes.Buffer
	for _, s := range sampleEvents(f) {
		all.Write(bytes.ReplaceAll(bytes.TrimSpace(s), []byte{'\n'}, nil))
		all.WriteByte('\n')
	}
	f.Add(all.Bytes(), false)
	f.Add(append([]byte("\ufeff"), all.Bytes()...), true)
	f.Add(bytes.ReplaceAll(all.Bytes(), []byte{'\n'}, []byte("\r\n\n  \t\n")), false)
	f.Add(append(append([]byte{}, all.Bytes()...), "{\n}\n"...), true)
	f.Fuzz(checkReadLines)
}

func checkReadLines(t *testing.T, data []byte, many bool) {
	{
		workers := 1
		if many {
			workers = 3
		}
		ref := referenceLines(data)

		var lines []int
		var events []event.Event
		err := event.ReadLines(bytes.NewReader(data), "in.jsonl", workers, func(b event.Batch) error {
			checkBatch(t, b)
			lines = append(lines, b.Lines...)
			events = append(events, b.Events...)
			return nil
		})
		wantLines, wantEvents := ref.lines, ref.events
		if len(ref.invalid) > 0 {
			first := ref.invalid[0]
			n, _ := slices.BinarySearch(ref.lines, first)
			wantLines, wantEvents = ref.lines[:n], ref.events[:n]
			var le *event.LineError
			if !errors.As(err, &le) || le.File != "in.jsonl" || le.Line != first {
				t.Fatalf("ReadLines error %v, want a *LineError at in.jsonl:%d", err, first)
			}
			var fe *event.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("ReadLines error %v does not wrap the *FieldError", err)
			}
		} else if err != nil {
			t.Fatalf("ReadLines: %v, want no error", err)
		}
		if !slices.Equal(wantLines, lines) || !sameEvents(wantEvents, events) {
			t.Fatalf("ReadLines delivered other lines or events (-want +got):\n%s%s",
				cmp.Diff(wantLines, lines, cmpopts.EquateEmpty()), cmp.Diff(wantEvents, events, eventOpts, cmpopts.EquateEmpty()))
		}

		lines, events = nil, nil
		var invalid []int
		err = event.ReadLinesLenient(bytes.NewReader(data), "in.jsonl", workers, func(b event.Batch) error {
			checkBatch(t, b)
			lines = append(lines, b.Lines...)
			events = append(events, b.Events...)
			for _, le := range b.Invalid {
				if le.File != "in.jsonl" {
					t.Fatalf("invalid line of file %q", le.File)
				}
				invalid = append(invalid, le.Line)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("ReadLinesLenient: %v", err)
		}
		if !slices.Equal(ref.lines, lines) || !sameEvents(ref.events, events) || !slices.Equal(ref.invalid, invalid) {
			t.Fatalf("ReadLinesLenient delivered other lines, events or invalid lines (-want +got):\n%s%s%s",
				cmp.Diff(ref.lines, lines, cmpopts.EquateEmpty()), cmp.Diff(ref.events, events, eventOpts, cmpopts.EquateEmpty()),
				cmp.Diff(ref.invalid, invalid, cmpopts.EquateEmpty()))
		}
	}
}

// checkBatch: a batch's parallel slices agree, and its keys and hashes are
// those of its events.
func checkBatch(t *testing.T, b event.Batch) {
	t.Helper()
	if len(b.Lines) != len(b.Events) || len(b.Keys) != len(b.Events) || len(b.Hashes) != len(b.Events) {
		t.Fatalf("batch of %d events with %d lines, %d keys, %d hashes", len(b.Events), len(b.Lines), len(b.Keys), len(b.Hashes))
	}
	for i := range b.Events {
		if b.Keys[i] != b.Events[i].Key() || b.Hashes[i] != b.Events[i].ContentHash() {
			t.Fatalf("line %d: the batch's key or hash is not the event's", b.Lines[i])
		}
	}
}

// sameEvent is cmp.Equal(a, b, eventOpts) without reflection, which would
// take most of the fuzzer's time: every field, instants compared as
// instants and decimals by value.
func sameEvent(a, b *event.Event) bool {
	return a.ID == b.ID && a.Type == b.Type && a.At.Equal(b.At) && a.TicketID == b.TicketID && a.UnitID == b.UnitID &&
		a.DueAt.Equal(b.DueAt) && a.Channel == b.Channel && a.Category == b.Category &&
		a.Noncompliant == b.Noncompliant && a.CitizenContacted == b.CitizenContacted && a.Reason == b.Reason &&
		a.Meeting == b.Meeting && a.Connected == b.Connected && a.Result == b.Result && a.Process == b.Process &&
		a.ToUnitID == b.ToUnitID && a.Leadership.Equal(b.Leadership) && a.Staffing.Equal(b.Staffing) &&
		a.StaffCount == b.StaffCount && a.HasStaffCount == b.HasStaffCount &&
		a.AppealID == b.AppealID && a.Rule == b.Rule && a.EventID == b.EventID && a.RecordedBy == b.RecordedBy
}

// TestSameEventCoversEvent: sameEvent compares every field of Event.
func TestSameEventCoversEvent(t *testing.T) {
	if n := reflect.TypeFor[event.Event]().NumField(); n != 24 {
		t.Errorf("Event has %d fields; sameEvent compares 24: add the new ones", n)
	}
}

func sameEvents(a, b []event.Event) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameEvent(&a[i], &b[i]) {
			return false
		}
	}
	return true
}
