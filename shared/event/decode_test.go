package event_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/event"
)

// validWant is the event each file testdata/valid/<name>.json must decode to.
func validWant(t *testing.T) map[string]event.Event {
	t.Helper()
	at := mustTime(t, "2026-10-09T10:15:00+08:00")
	return map[string]event.Event{
		"assigned": {
			ID: "evt-0001", Type: event.Assigned, At: at,
			TicketID: "T20261009-0001", UnitID: "wenhualu",
			DueAt:   mustTime(t, "2026-10-12T10:15:00+08:00"),
			Channel: "hotline_12345", Category: "城市管理/占道经营",
		},
		"assigned_minimal_utc": {
			ID: "evt-0002", Type: event.Assigned, At: at,
			TicketID: "T2", UnitID: "dept.water-1",
			DueAt: mustTime(t, "2026-10-09T10:15:01+08:00"), Channel: "qihu_zaoying",
		},
		"returned_noncompliant": {
			ID: "evt-0003", Type: event.Returned, At: mustTime(t, "2026-10-10T09:00:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu",
			Noncompliant: true, CitizenContacted: false, Reason: "属于信访渠道",
		},
		"returned_plain": {
			ID: "evt-0004", Type: event.Returned, At: mustTime(t, "2026-10-10T09:00:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu",
		},
		"returned_contacted_not_noncompliant": {
			ID: "evt-0005", Type: event.Returned, At: mustTime(t, "2026-10-10T09:00:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu",
			Noncompliant: false, CitizenContacted: true,
		},
		"replied": {
			ID: "evt-0006", Type: event.Replied, At: mustTime(t, "2026-10-11T16:30:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu",
		},
		"supervised": {
			ID: "evt-0007", Type: event.Supervised, At: mustTime(t, "2026-10-11T08:00:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu",
		},
		"supervision_rejected": {
			ID: "evt-0008", Type: event.SupervisionRejected, At: mustTime(t, "2026-10-13T08:00:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu",
		},
		"meeting_absent": {
			ID: "evt-0009", Type: event.MeetingAbsent, At: mustTime(t, "2026-10-14T14:00:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu", Meeting: "coordination",
		},
		"meeting_absent_minimal": {
			ID: "evt-0010", Type: event.MeetingAbsent, At: mustTime(t, "2026-10-14T14:00:00+08:00"),
			UnitID: "wenhualu",
		},
		"callback_connected": {
			ID: "evt-0011", Type: event.Callback, At: mustTime(t, "2026-10-15T10:00:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu",
			Connected: true, Result: "basically_satisfied", Process: "satisfied",
		},
		"callback_not_connected": {
			ID: "evt-0012", Type: event.Callback, At: mustTime(t, "2026-10-15T10:00:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu",
		},
		"unreasonable_approved": {
			ID: "evt-0013", Type: event.UnreasonableApproved, At: mustTime(t, "2026-10-20T10:00:00+08:00"),
			TicketID: "T20261009-0001",
		},
		"redo": {
			ID: "evt-0014", Type: event.Redo, At: mustTime(t, "2026-10-16T10:00:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu", Reason: "buck_passing",
		},
		"overdue_reassigned": {
			ID: "evt-0015", Type: event.OverdueReassigned, At: mustTime(t, "2026-10-17T10:00:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu", ToUnitID: "qianxilu",
		},
		"overdue_reassigned_waived": {
			ID: "evt-0016", Type: event.OverdueReassigned, At: mustTime(t, "2026-10-17T10:00:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu",
		},
		"criticized": {
			ID: "evt-0017", Type: event.Criticized, At: mustTime(t, "2026-10-18T10:00:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu", Reason: "repeatedly_urged",
		},
		"return_rejected": {
			ID: "evt-0013", Type: event.ReturnRejected, At: mustTime(t, "2026-10-10T09:30:00+08:00"),
			TicketID: "SZ2610000123", UnitID: "wenhualu", Reason: "不属于信访渠道，请继续办理",
		},
		"return_rejected_minimal": {
			ID: "evt-0014", Type: event.ReturnRejected, At: mustTime(t, "2026-10-10T09:30:00+08:00"),
			TicketID: "SZ2610000123", UnitID: "wenhualu",
		},
		"deduction_waived": {
			ID: "evt-0015", Type: event.DeductionWaived, At: mustTime(t, "2026-11-03T15:00:00+08:00"),
			UnitID: "wenhualu", Rule: "overdue", EventID: "evt-0001", Reason: "系统故障导致无法按时回复，申诉成立",
			AppealID: "ap-2026-10-0001", RecordedBy: "centre.li",
		},
		"deduction_waived_minimal": {
			ID: "evt-0016", Type: event.DeductionWaived, At: mustTime(t, "2026-11-03T15:00:00+08:00"),
			UnitID: "wenhualu", Rule: "criticized", EventID: "evt-0009", Reason: "通报批评系误录",
		},
		"retracted": {
			ID: "evt-0017", Type: event.Retracted, At: mustTime(t, "2026-11-02T10:00:00+08:00"),
			EventID: "evt-0006", Reason: "会议缺席记录录入错误", RecordedBy: "centre.li",
		},
		"overdue_reassigned_appeal": {
			ID: "evt-0018", Type: event.OverdueReassigned, At: mustTime(t, "2026-11-03T16:00:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu", ToUnitID: "zhujiang",
			AppealID: "ap-2026-10-0002", RecordedBy: "centre.li",
		},
		"replied_recorded_by": {
			ID: "evt-0019", Type: event.Replied, At: mustTime(t, "2026-10-11T09:00:00+08:00"),
			TicketID: "T20261009-0001", UnitID: "wenhualu", RecordedBy: "admin@district",
		},
		"org_assessed": {
			ID: "evt-0018", Type: event.OrgAssessed, At: mustTime(t, "2026-10-01T00:00:00+08:00"),
			UnitID: "wenhualu", Leadership: mustDec(t, "4.5"), Staffing: mustDec(t, "3.75"),
			StaffCount: 1, HasStaffCount: true,
		},
		"org_assessed_bounds": {
			ID: "evt-0019", Type: event.OrgAssessed, At: mustTime(t, "2026-10-01T00:00:00+08:00"),
			UnitID: "wenhualu", Leadership: mustDec(t, "0"), Staffing: mustDec(t, "5"),
			StaffCount: 0, HasStaffCount: true,
		},
		"org_assessed_no_count": {
			ID: "evt-0020", Type: event.OrgAssessed, At: mustTime(t, "2026-10-01T00:00:00+08:00"),
			UnitID: "wenhualu", Leadership: mustDec(t, "5"), Staffing: mustDec(t, "4"),
		},
		"nulls_as_absent": {
			ID: "evt-0021", Type: event.Assigned, At: at,
			TicketID: "T3", UnitID: "wenhualu",
			DueAt: mustTime(t, "2026-10-12T10:15:00+08:00"), Channel: "mayor_mailbox",
		},
		"assigned_fractional_seconds": {
			ID: "evt-0022", Type: event.Assigned, At: mustTime(t, "2026-10-09T10:15:00.123456789+08:00"),
			TicketID: "T4", UnitID: "wenhualu",
			DueAt: mustTime(t, "2026-10-12T10:15:00.5+08:00"), Channel: "other",
		},
		"returned_control_char": {
			ID: "evt-0023", Type: event.Returned, At: mustTime(t, "2026-10-10T09:00:00+08:00"),
			TicketID: "T5", UnitID: "wenhualu", Reason: "第一行\n\t第二行\a\x7f",
		},
		"pretty_printed": {
			ID: "evt-0024", Type: event.Callback, At: mustTime(t, "2026-10-15T10:00:00+08:00"),
			TicketID: "T6", UnitID: "wenhualu", Result: "dissatisfied",
		},
	}
}

// TestDecodeValid decodes every example of testdata/valid, compares it with
// the event it stands for, and round-trips it through AppendJSON.
func TestDecodeValid(t *testing.T) {
	want := validWant(t)
	files, err := filepath.Glob(filepath.Join("testdata", "valid", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	types := map[event.Type]bool{}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatalf("no expected event for %s", path)
			}
			types[w.Type] = true
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got, err := event.Decode(data)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if diff := cmp.Diff(w, got, eventOpts); diff != "" {
				t.Errorf("Decode mismatch (-want +got):\n%s", diff)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("Validate of a decoded event: %v", err)
			}
			enc := got.AppendJSON(nil)
			if !json.Valid(enc) {
				t.Fatalf("AppendJSON wrote invalid JSON: %s", enc)
			}
			again, err := event.Decode(enc)
			if err != nil {
				t.Fatalf("Decode(AppendJSON) of %s: %v", enc, err)
			}
			if diff := cmp.Diff(w, again, eventOpts); diff != "" {
				t.Errorf("round trip mismatch (-want +got):\n%s\nencoded: %s", diff, enc)
			}
			if got.ContentHash() != again.ContentHash() {
				t.Errorf("ContentHash changed in the round trip: %x → %x (encoded %s)", got.ContentHash(), again.ContentHash(), enc)
			}
			// The json.Marshaler/Unmarshaler pair is the same round trip.
			var viaStd event.Event
			if err := json.Unmarshal(enc, &viaStd); err != nil {
				t.Fatalf("json.Unmarshal: %v", err)
			}
			if diff := cmp.Diff(w, viaStd, eventOpts); diff != "" {
				t.Errorf("json.Unmarshal mismatch (-want +got):\n%s", diff)
			}
		})
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("expected event %q has no file testdata/valid/%s.json", name, name)
		}
	}
	for _, typ := range event.Types() {
		if !types[typ] {
			t.Errorf("no valid example of type %s in testdata/valid", typ)
		}
	}
}

// TestDecodeValidEdges covers valid inputs at the limits of the rules.
func TestDecodeValidEdges(t *testing.T) {
	id128 := strings.Repeat("工", 128) // 128 characters, 384 bytes
	ticket64 := strings.Repeat("票", 64)
	unit64 := strings.Repeat("u", 64)
	tests := []struct {
		name string
		json string
		want func(e *event.Event)
	}{
		{
			name: "id of 128 characters",
			json: `{"id":"` + id128 + `","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u"}`,
			want: func(e *event.Event) { e.ID = id128 },
		},
		{
			name: "ticket_id of 64 characters",
			json: `{"id":"x","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"` + ticket64 + `","unit_id":"u"}`,
			want: func(e *event.Event) { e.TicketID = ticket64 },
		},
		{
			name: "unit_id of 64 characters",
			json: `{"id":"x","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"` + unit64 + `"}`,
			want: func(e *event.Event) { e.UnitID = unit64 },
		},
		{
			name: "keys in any order, escaped string",
			json: `{"unit_id":"u","ticket_id":"T","at":"2026-10-09T10:15:00+08:00","type":"replied","id":"\u0078"}`,
			want: func(e *event.Event) {},
		},
		{
			name: "a surrogate pair and an escaped backslash before u (SPEC §3, probe D7: only broken pairs are refused)",
			json: `{"id":"x","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"\ud83d\ude00","unit_id":"u","recorded_by":"a"}`,
			want: func(e *event.Event) { e.TicketID = "😀"; e.RecordedBy = "a" },
		},
		{
			name: "a literal backslash-u text",
			json: `{"id":"x","type":"returned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u","reason":"\\ud800"}`,
			want: func(e *event.Event) { e.Type = event.Returned; e.Reason = `\ud800` },
		},
		{
			name: "the first and last instants of 2000–2099 in Shanghai (SPEC v1.1 §3)",
			json: `{"id":"x","type":"assigned","at":"2000-01-01T00:00:00+08:00","ticket_id":"T","unit_id":"u","due_at":"2099-12-31T23:59:59.999999999+08:00","channel":"other"}`,
			want: func(e *event.Event) {
				e.Type, e.At, e.Channel = event.Assigned, mustTime(t, "2000-01-01T00:00:00+08:00"), "other"
				e.DueAt = mustTime(t, "2099-12-31T23:59:59.999999999+08:00")
			},
		},
		{
			name: "the same instant in UTC",
			json: `{"id":"x","type":"replied","at":"2026-10-09T02:15:00Z","ticket_id":"T","unit_id":"u"}`,
			want: func(e *event.Event) {},
		},
		{
			name: "a negative offset",
			json: `{"id":"x","type":"replied","at":"2026-10-08T21:15:00-05:00","ticket_id":"T","unit_id":"u"}`,
			want: func(e *event.Event) {},
		},
		{
			name: "null ticket_id on meeting_absent, null meeting",
			json: `{"id":"x","type":"meeting_absent","at":"2026-10-09T10:15:00+08:00","ticket_id":null,"unit_id":"u","meeting":null}`,
			want: func(e *event.Event) { e.Type = event.MeetingAbsent; e.TicketID = "" },
		},
		{
			name: "null noncompliant, citizen_contacted and reason on returned",
			json: `{"id":"x","type":"returned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u","noncompliant":null,"citizen_contacted":null,"reason":null}`,
			want: func(e *event.Event) { e.Type = event.Returned },
		},
		{
			name: "null result and process on an unconnected callback",
			json: `{"id":"x","type":"callback","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u","connected":false,"result":null,"process":null}`,
			want: func(e *event.Event) { e.Type = event.Callback },
		},
		{
			name: "null to_unit_id",
			json: `{"id":"x","type":"overdue_reassigned","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u","to_unit_id":null}`,
			want: func(e *event.Event) { e.Type = event.OverdueReassigned },
		},
		{
			name: "null staff_count is not given",
			json: `{"id":"x","type":"org_assessed","at":"2026-10-09T10:15:00+08:00","unit_id":"u","leadership":1,"staffing":2,"staff_count":null}`,
			want: func(e *event.Event) {
				e.Type = event.OrgAssessed
				e.TicketID = ""
				e.Leadership = mustDec(t, "1")
				e.Staffing = mustDec(t, "2")
			},
		},
		{
			name: "null field of another type is absent",
			json: `{"id":"x","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u","due_at":null}`,
			want: func(e *event.Event) {},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := event.Event{
				ID: "x", Type: event.Replied, At: mustTime(t, "2026-10-09T10:15:00+08:00"),
				TicketID: "T", UnitID: "u",
			}
			tt.want(&want)
			got := mustDecode(t, tt.json)
			if diff := cmp.Diff(want, got, eventOpts); diff != "" {
				t.Errorf("Decode mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want, roundTrip(t, got), eventOpts); diff != "" {
				t.Errorf("round trip mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeEnums decodes every pinned value of every enumerated field.
func TestDecodeEnums(t *testing.T) {
	const head = `{"id":"x","at":"2026-10-09T10:15:00+08:00",`
	tests := []struct {
		field  string
		values []string
		json   func(v string) string
		get    func(e event.Event) string
	}{
		{
			field: "channel",
			values: []string{"hotline_12345", "mayor_mailbox", "district_mailbox", "state_council_supervision",
				"leader_message_board", "provincial_hotline", "provincial_enterprise",
				"qihu_zaoying", "shandian_news", "other"},
			json: func(v string) string {
				return head + `"type":"assigned","ticket_id":"T","unit_id":"u","due_at":"2026-10-10T10:15:00+08:00","channel":"` + v + `"}`
			},
			get: func(e event.Event) string { return e.Channel },
		},
		{
			field:  "meeting",
			values: []string{"dispatch", "coordination", "onsite"},
			json: func(v string) string {
				return head + `"type":"meeting_absent","unit_id":"u","meeting":"` + v + `"}`
			},
			get: func(e event.Event) string { return e.Meeting },
		},
		{
			field:  "result",
			values: []string{"satisfied", "basically_satisfied", "dissatisfied"},
			json: func(v string) string {
				return head + `"type":"callback","ticket_id":"T","unit_id":"u","connected":true,"result":"` + v + `","process":"satisfied"}`
			},
			get: func(e event.Event) string { return e.Result },
		},
		{
			field:  "process",
			values: []string{"satisfied", "basically_satisfied", "dissatisfied"},
			json: func(v string) string {
				return head + `"type":"callback","ticket_id":"T","unit_id":"u","connected":true,"result":"satisfied","process":"` + v + `"}`
			},
			get: func(e event.Event) string { return e.Process },
		},
		{
			field:  "redo reason",
			values: []string{"false_report", "poor_quality", "buck_passing", "callback_dissatisfied"},
			json: func(v string) string {
				return head + `"type":"redo","ticket_id":"T","unit_id":"u","reason":"` + v + `"}`
			},
			get: func(e event.Event) string { return e.Reason },
		},
		{
			field:  "criticized reason",
			values: []string{"not_handled", "repeatedly_urged", "false_result", "unreasonable_not_reported", "service_complaint"},
			json: func(v string) string {
				return head + `"type":"criticized","unit_id":"u","reason":"` + v + `"}`
			},
			get: func(e event.Event) string { return e.Reason },
		},
	}
	for _, tt := range tests {
		for _, v := range tt.values {
			t.Run(tt.field+"="+v, func(t *testing.T) {
				got := mustDecode(t, tt.json(v))
				if diff := cmp.Diff(v, tt.get(got)); diff != "" {
					t.Errorf("%s (-want +got):\n%s", tt.field, diff)
				}
				if diff := cmp.Diff(got, roundTrip(t, got), eventOpts); diff != "" {
					t.Errorf("round trip mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestDecodeInvalid asserts the field each rejected input is blamed on.
func TestDecodeInvalid(t *testing.T) {
	const (
		at  = `"at":"2026-10-09T10:15:00+08:00"`
		tu  = `"ticket_id":"T","unit_id":"u"`
		due = `"due_at":"2026-10-12T10:15:00+08:00"`
	)
	assigned := func(extra string) string {
		return `{"id":"x","type":"assigned",` + at + `,` + tu + `,` + due + `,"channel":"hotline_12345"` + extra + `}`
	}
	replied := func(extra string) string {
		return `{"id":"x","type":"replied",` + at + `,` + tu + extra + `}`
	}
	org := func(fields string) string {
		return `{"id":"x","type":"org_assessed",` + at + `,"unit_id":"u",` + fields + `}`
	}
	tests := []struct {
		name  string
		json  string
		field string
	}{
		// common fields
		{"missing id", `{"type":"replied",` + at + `,` + tu + `}`, "id"},
		{"null id", `{"id":null,"type":"replied",` + at + `,` + tu + `}`, "id"},
		{"empty id", `{"id":"","type":"replied",` + at + `,` + tu + `}`, "id"},
		{"id of 129 characters", `{"id":"` + strings.Repeat("a", 129) + `","type":"replied",` + at + `,` + tu + `}`, "id"},
		{"id of 129 multibyte characters", `{"id":"` + strings.Repeat("工", 129) + `","type":"replied",` + at + `,` + tu + `}`, "id"},
		{"id a number", `{"id":42,"type":"replied",` + at + `,` + tu + `}`, "id"},
		{"missing type", `{"id":"x",` + at + `,` + tu + `}`, "type"},
		{"unknown type", `{"id":"x","type":"closed",` + at + `,` + tu + `}`, "type"},
		{"type in upper case", `{"id":"x","type":"REPLIED",` + at + `,` + tu + `}`, "type"},
		{"type a boolean", `{"id":"x","type":true,` + at + `,` + tu + `}`, "type"},
		{"unknown field", replied(`,"citizen_phone":"13800000000"`), "citizen_phone"},
		{"unknown field with null value", replied(`,"citizen_name":null`), "citizen_name"},
		{"duplicate key", `{"id":"x","id":"y","type":"replied",` + at + `,` + tu + `}`, "id"},
		{"duplicate key with equal values", replied(`,"unit_id":"u"`), "unit_id"},
		{"missing at", `{"id":"x","type":"replied",` + tu + `}`, "at"},
		{"at without offset", `{"id":"x","type":"replied","at":"2026-10-09T10:15:00",` + tu + `}`, "at"},
		{"at a date only", `{"id":"x","type":"replied","at":"2026-10-09",` + tu + `}`, "at"},
		{"at with a space", `{"id":"x","type":"replied","at":"2026-10-09 10:15:00+08:00",` + tu + `}`, "at"},
		{"at a number", `{"id":"x","type":"replied","at":1791512100,` + tu + `}`, "at"},
		{"ticket_id of 65 characters", `{"id":"x","type":"replied",` + at + `,"ticket_id":"` + strings.Repeat("t", 65) + `","unit_id":"u"}`, "ticket_id"},
		{"empty ticket_id", `{"id":"x","type":"replied",` + at + `,"ticket_id":"","unit_id":"u"}`, "ticket_id"},
		{"ticket_id an array", `{"id":"x","type":"replied",` + at + `,"ticket_id":["T"],"unit_id":"u"}`, "ticket_id"},
		{"missing ticket_id", `{"id":"x","type":"replied",` + at + `,"unit_id":"u"}`, "ticket_id"},
		{"null required ticket_id", `{"id":"x","type":"replied",` + at + `,"ticket_id":null,"unit_id":"u"}`, "ticket_id"},
		{"missing unit_id", `{"id":"x","type":"replied",` + at + `,"ticket_id":"T"}`, "unit_id"},
		{"unit_id with a space", `{"id":"x","type":"replied",` + at + `,"ticket_id":"T","unit_id":"wen hualu"}`, "unit_id"},
		{"unit_id in Chinese", `{"id":"x","type":"replied",` + at + `,"ticket_id":"T","unit_id":"文化路"}`, "unit_id"},
		{"unit_id of 65 characters", `{"id":"x","type":"replied",` + at + `,"ticket_id":"T","unit_id":"` + strings.Repeat("u", 65) + `"}`, "unit_id"},
		{"unit_id on unreasonable_approved badly formed", `{"id":"x","type":"unreasonable_approved",` + at + `,"ticket_id":"T","unit_id":"a/b"}`, "unit_id"},
		{"missing ticket_id on unreasonable_approved", `{"id":"x","type":"unreasonable_approved",` + at + `}`, "ticket_id"},

		// fields of another type
		{"due_at on replied", replied(`,` + due), "due_at"},
		{"channel on callback", `{"id":"x","type":"callback",` + at + `,` + tu + `,"connected":false,"channel":"other"}`, "channel"},
		{"reason on replied", replied(`,"reason":"x"`), "reason"},
		{"to_unit_id on assigned", assigned(`,"to_unit_id":"v"`), "to_unit_id"},
		{"leadership on criticized", `{"id":"x","type":"criticized",` + at + `,"unit_id":"u","reason":"not_handled","leadership":1}`, "leadership"},
		{"meeting on supervised", `{"id":"x","type":"supervised",` + at + `,` + tu + `,"meeting":"onsite"}`, "meeting"},
		{"connected on unreasonable_approved", `{"id":"x","type":"unreasonable_approved",` + at + `,"ticket_id":"T","connected":true}`, "connected"},

		// assigned
		{"assigned without due_at", `{"id":"x","type":"assigned",` + at + `,` + tu + `,"channel":"other"}`, "due_at"},
		{"due_at equal to at", `{"id":"x","type":"assigned",` + at + `,` + tu + `,"due_at":"2026-10-09T10:15:00+08:00","channel":"other"}`, "due_at"},
		{"due_at the same instant in UTC", `{"id":"x","type":"assigned",` + at + `,` + tu + `,"due_at":"2026-10-09T02:15:00Z","channel":"other"}`, "due_at"},
		{"due_at before at", `{"id":"x","type":"assigned",` + at + `,` + tu + `,"due_at":"2026-10-08T10:15:00+08:00","channel":"other"}`, "due_at"},
		{"due_at without offset", `{"id":"x","type":"assigned",` + at + `,` + tu + `,"due_at":"2026-10-12T10:15:00","channel":"other"}`, "due_at"},
		{"assigned without channel", `{"id":"x","type":"assigned",` + at + `,` + tu + `,` + due + `}`, "channel"},
		{"bad channel", `{"id":"x","type":"assigned",` + at + `,` + tu + `,` + due + `,"channel":"wechat"}`, "channel"},
		{"channel a number", `{"id":"x","type":"assigned",` + at + `,` + tu + `,` + due + `,"channel":12345}`, "channel"},
		{"empty category", assigned(`,"category":""`), "category"},
		{"category of 129 characters", assigned(`,"category":"` + strings.Repeat("c", 129) + `"`), "category"},

		// returned
		{"noncompliant without citizen_contacted", `{"id":"x","type":"returned",` + at + `,` + tu + `,"noncompliant":true}`, "citizen_contacted"},
		{"noncompliant with null citizen_contacted", `{"id":"x","type":"returned",` + at + `,` + tu + `,"noncompliant":true,"citizen_contacted":null}`, "citizen_contacted"},
		{"noncompliant a string", `{"id":"x","type":"returned",` + at + `,` + tu + `,"noncompliant":"true","citizen_contacted":true}`, "noncompliant"},
		{"noncompliant a number", `{"id":"x","type":"returned",` + at + `,` + tu + `,"noncompliant":1,"citizen_contacted":true}`, "noncompliant"},
		{"citizen_contacted a string", `{"id":"x","type":"returned",` + at + `,` + tu + `,"noncompliant":true,"citizen_contacted":"no"}`, "citizen_contacted"},
		{"reason of 1025 characters", `{"id":"x","type":"returned",` + at + `,` + tu + `,"reason":"` + strings.Repeat("r", 1025) + `"}`, "reason"},

		// meeting_absent
		{"bad meeting", `{"id":"x","type":"meeting_absent",` + at + `,"unit_id":"u","meeting":"lunch"}`, "meeting"},
		{"meeting_absent without unit_id", `{"id":"x","type":"meeting_absent",` + at + `,"ticket_id":"T"}`, "unit_id"},

		// callback
		{"callback without connected", `{"id":"x","type":"callback",` + at + `,` + tu + `}`, "connected"},
		{"connected a string", `{"id":"x","type":"callback",` + at + `,` + tu + `,"connected":"true","result":"satisfied","process":"satisfied"}`, "connected"},
		{"connected callback without result", `{"id":"x","type":"callback",` + at + `,` + tu + `,"connected":true,"process":"satisfied"}`, "result"},
		{"connected callback without process", `{"id":"x","type":"callback",` + at + `,` + tu + `,"connected":true,"result":"satisfied"}`, "process"},
		{"connected callback with null result", `{"id":"x","type":"callback",` + at + `,` + tu + `,"connected":true,"result":null,"process":"satisfied"}`, "result"},
		{"bad result", `{"id":"x","type":"callback",` + at + `,` + tu + `,"connected":true,"result":"happy","process":"satisfied"}`, "result"},
		{"bad process", `{"id":"x","type":"callback",` + at + `,` + tu + `,"connected":true,"result":"satisfied","process":"Satisfied"}`, "process"},
		{"bad result on an unconnected callback", `{"id":"x","type":"callback",` + at + `,` + tu + `,"connected":false,"result":"meh"}`, "result"},

		// redo, criticized, overdue_reassigned
		{"redo without reason", `{"id":"x","type":"redo",` + at + `,` + tu + `}`, "reason"},
		{"bad redo reason", `{"id":"x","type":"redo",` + at + `,` + tu + `,"reason":"not_handled"}`, "reason"},
		{"criticized without reason", `{"id":"x","type":"criticized",` + at + `,"unit_id":"u"}`, "reason"},
		{"bad criticized reason", `{"id":"x","type":"criticized",` + at + `,"unit_id":"u","reason":"poor_quality"}`, "reason"},
		{"criticized without unit_id", `{"id":"x","type":"criticized",` + at + `,"ticket_id":"T","reason":"not_handled"}`, "unit_id"},
		{"bad to_unit_id", `{"id":"x","type":"overdue_reassigned",` + at + `,` + tu + `,"to_unit_id":"to unit"}`, "to_unit_id"},
		{"empty to_unit_id", `{"id":"x","type":"overdue_reassigned",` + at + `,` + tu + `,"to_unit_id":""}`, "to_unit_id"},

		// org_assessed
		{"leadership 5.1", org(`"leadership":5.1,"staffing":5`), "leadership"},
		{"leadership -0.1", org(`"leadership":-0.1,"staffing":5`), "leadership"},
		{"leadership a string", org(`"leadership":"4","staffing":5`), "leadership"},
		{"missing leadership", org(`"staffing":5`), "leadership"},
		{"staffing 6", org(`"leadership":5,"staffing":6`), "staffing"},
		{"staffing 5.0000001", org(`"leadership":5,"staffing":5.0000001`), "staffing"},
		{"missing staffing", org(`"leadership":5`), "staffing"},
		{"staff_count -1", org(`"leadership":5,"staffing":5,"staff_count":-1`), "staff_count"},
		{"staff_count 2.5", org(`"leadership":5,"staffing":5,"staff_count":2.5`), "staff_count"},
		{"staff_count a string", org(`"leadership":5,"staffing":5,"staff_count":"3"`), "staff_count"},
		{"staff_count a boolean", org(`"leadership":5,"staffing":5,"staff_count":true`), "staff_count"},

		// not an event object at all: no field to blame
		{"JSON array", `[{"id":"x"}]`, ""},
		{"JSON string", `"replied"`, ""},
		{"JSON number", `42`, ""},
		// SPEC v1.1 §3: instants in the years 2000–2099 (the probe's 2602 for 2026)
		{"at in 2602", `{"id":"x","type":"replied","at":"2602-10-08T10:15:00+08:00",` + tu + `}`, "at"},
		{"at in 9999", `{"id":"x","type":"replied","at":"9999-12-31T23:59:59+08:00",` + tu + `}`, "at"},
		{"at in 1999 in Shanghai", `{"id":"x","type":"replied","at":"1999-12-31T23:59:59+08:00",` + tu + `}`, "at"},
		{"at in 2100 in Shanghai, 2099 in UTC", `{"id":"x","type":"replied","at":"2099-12-31T16:00:00Z",` + tu + `}`, "at"},
		{"at in year 0", `{"id":"x","type":"replied","at":"0000-01-01T00:00:00Z",` + tu + `}`, "at"},
		{"due_at in 2602", `{"id":"x","type":"assigned",` + at + `,` + tu + `,"due_at":"2602-10-12T10:15:00+08:00","channel":"hotline_12345"}`, "due_at"},
		// SPEC §3 (probe D7): text that is not characters, numbers that are not JSON
		{"lone high surrogate in reason", `{"id":"x","type":"returned",` + at + `,` + tu + `,"reason":"\ud800x"}`, "reason"},
		{"lone low surrogate in id", `{"id":"\udc00","type":"replied",` + at + `,` + tu + `}`, "id"},
		{"reversed surrogate pair", `{"id":"x","type":"returned",` + at + `,` + tu + `,"reason":"\ude00\ud83d"}`, "reason"},
		{"bare NaN", org(`"leadership":NaN,"staffing":3`), "leadership"},
		{"bare NaN where a string goes", replied(`,"recorded_by":NaN`), "recorded_by"},
		{"bare -Inf", org(`"leadership":4,"staffing":-Inf`), "staffing"},
		{"bare nan in an unknown place", `{"id":"x","type":"replied",` + at + `,` + tu + `,"ticket_id":nan}`, "ticket_id"},
		// SPEC v1.1 §3: the correction events and recorded_by
		{"waiver without rule", `{"id":"x","type":"deduction_waived",` + at + `,"unit_id":"u","event_id":"e","reason":"r"}`, "rule"},
		{"waiver of a satisfaction rule", `{"id":"x","type":"deduction_waived",` + at + `,"unit_id":"u","rule":"result_satisfaction","event_id":"e","reason":"r"}`, "rule"},
		{"waiver without event_id", `{"id":"x","type":"deduction_waived",` + at + `,"unit_id":"u","rule":"overdue","reason":"r"}`, "event_id"},
		{"waiver without reason", `{"id":"x","type":"deduction_waived",` + at + `,"unit_id":"u","rule":"overdue","event_id":"e"}`, "reason"},
		{"waiver reason of 501 characters", `{"id":"x","type":"deduction_waived",` + at + `,"unit_id":"u","rule":"overdue","event_id":"e","reason":"` + strings.Repeat("理", 501) + `"}`, "reason"},
		{"waiver without unit", `{"id":"x","type":"deduction_waived",` + at + `,"rule":"overdue","event_id":"e","reason":"r"}`, "unit_id"},
		{"retraction without event_id", `{"id":"x","type":"retracted",` + at + `,"reason":"r"}`, "event_id"},
		{"retraction with empty reason", `{"id":"x","type":"retracted",` + at + `,"event_id":"e","reason":""}`, "reason"},
		{"retraction with a rule", `{"id":"x","type":"retracted",` + at + `,"event_id":"e","reason":"r","rule":"overdue"}`, "rule"},
		{"event_id on a reply", replied(`,"event_id":"e"`), "event_id"},
		{"appeal_id on a reply", replied(`,"appeal_id":"a"`), "appeal_id"},
		{"recorded_by with a space", replied(`,"recorded_by":"li si"`), "recorded_by"},
		{"recorded_by of 65 characters", replied(`,"recorded_by":"` + strings.Repeat("a", 65) + `"`), "recorded_by"},
		{"return_rejected without ticket", `{"id":"x","type":"return_rejected",` + at + `,"unit_id":"u"}`, "ticket_id"},
		{"return_rejected with noncompliant", `{"id":"x","type":"return_rejected",` + at + `,` + tu + `,"noncompliant":true}`, "noncompliant"},
		{"JSON null", `null`, ""},
		{"empty input", ``, ""},
		{"truncated object", `{"id":"x","type":"replied"`, ""},
		{"two objects", replied(``) + replied(``), ""},
		{"trailing garbage", replied(``) + ` x`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := event.Decode([]byte(tt.json))
			if diff := cmp.Diff(tt.field, fieldOf(t, err)); diff != "" {
				t.Errorf("FieldError.Field (-want +got):\n%s\nerror: %v", diff, err)
			}
			if tt.field != "" && !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %q does not name the field %q", err, tt.field)
			}
		})
	}
}

// TestValidateBuilt checks Validate on events built by hand, not decoded.
func TestValidateBuilt(t *testing.T) {
	at := mustTime(t, "2026-10-09T10:15:00+08:00")
	base := func() event.Event {
		return event.Event{ID: "x", Type: event.Assigned, At: at, TicketID: "T", UnitID: "u",
			DueAt: at.Add(1), Channel: "other"}
	}
	tests := []struct {
		name   string
		mutate func(e *event.Event)
		field  string
	}{
		{"valid", func(e *event.Event) {}, ""},
		{"no id", func(e *event.Event) { e.ID = "" }, "id"},
		{"zero type", func(e *event.Event) { e.Type = 0 }, "type"},
		{"type past the last", func(e *event.Event) { e.Type = event.Retracted + 1 }, "type"},
		{"zero at", func(e *event.Event) { e.At = time.Time{} }, "at"},
		{"due_at not after at", func(e *event.Event) { e.DueAt = at }, "due_at"},
		{"bad channel", func(e *event.Event) { e.Channel = "" }, "channel"},
		{"bad unit", func(e *event.Event) { e.UnitID = "a b" }, "unit_id"},
		{"no ticket", func(e *event.Event) { e.TicketID = "" }, "ticket_id"},
		{"connected callback without answers", func(e *event.Event) {
			*e = event.Event{ID: "x", Type: event.Callback, At: at, TicketID: "T", UnitID: "u", Connected: true, Process: "satisfied"}
		}, "result"},
		{"negative staff count", func(e *event.Event) {
			*e = event.Event{ID: "x", Type: event.OrgAssessed, At: at, UnitID: "u", StaffCount: -1, HasStaffCount: true}
		}, "staff_count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := base()
			tt.mutate(&e)
			err := e.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if diff := cmp.Diff(tt.field, fieldOf(t, err)); diff != "" {
				t.Errorf("FieldError.Field (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecoderReuse decodes with one Decoder: an event must not change when
// the Decoder's memory is reused for the next one.
func TestDecoderReuse(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "valid", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d event.Decoder
	var got, want []event.Event
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		e, err := d.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		got = append(got, e)
		want = append(want, mustDecode(t, string(data)))
		clear(data) // the event must not keep the input's memory either
	}
	if diff := cmp.Diff(want, got, eventOpts); diff != "" {
		t.Errorf("events decoded with one Decoder (-want +got):\n%s", diff)
	}
}
