package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/report"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
)

// result is October 2026 of a small generated district, stored as version
// 3, as compute.Service stores it.
func result(t testing.TB) store.Result {
	t.Helper()
	loc, err := time.LoadLocation(calendar.DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	oct := calendar.Month{Year: 2026, Month: 10}
	reg, events := testenv.District(t, gen.Config{Seed: 5, Tickets: 400, Month: oct, Months: 3, Location: loc})
	res, err := score.Month(events, score.NewLedger(reg), policy.Builtin(), calendar.New(loc), oct, oct.End(loc))
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	if err := report.WriteJSON(&body, res); err != nil {
		t.Fatal(err)
	}
	return store.Result{Header: store.Header{Period: "2026-10", Version: 3, Policy: res.Policy, Fingerprint: "0123456789abcdef0123456789abcdef",
		ComputedAt: time.Date(2026, 11, 1, 0, 5, 0, 0, loc)}, Body: body.Bytes()}
}

// fakeBucket keeps the objects put, in order.
type fakeBucket struct {
	puts []Object
	err  error // returned from the put of failKey
	fail string
}

func (b *fakeBucket) PutObject(_ context.Context, o Object) error {
	if o.Key == b.fail {
		return b.err
	}
	b.puts = append(b.puts, o)
	return nil
}

// fakeTopic keeps the messages published.
type fakeTopic struct {
	subjects, messages []string
	err                error
}

func (f *fakeTopic) Publish(_ context.Context, subject, message string) (string, error) {
	if f.err != nil {
		return "", f.err
	}
	f.subjects, f.messages = append(f.subjects, subject), append(f.messages, message)
	return "msg-1", nil
}

func TestKeysOf(t *testing.T) {
	for _, c := range []struct {
		prefix, period string
		v              int
		want           Keys
	}{
		{"", "2026-10", 1, Keys{"rankings/2026-10/v1/ranking.json", "rankings/2026-10/v1/ranking.xlsx", "rankings/2026-10/latest.json"}},
		{"/reports/prod/", "2026", 12, Keys{"reports/prod/2026/v12/ranking.json", "reports/prod/2026/v12/ranking.xlsx", "reports/prod/2026/latest.json"}},
	} {
		if diff := cmp.Diff(c.want, KeysOf(c.prefix, c.period, c.v)); diff != "" {
			t.Errorf("KeysOf(%q, %q, %d) (-want +got):\n%s", c.prefix, c.period, c.v, diff)
		}
	}
}

func TestPublish(t *testing.T) {
	r := result(t)
	bucket, topic := &fakeBucket{}, &fakeTopic{}
	p := &Publisher{Objects: bucket, Bucket: "hotline-reports", Topic: topic}
	ctx := context.Background()
	got, err := p.Publish(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	keys := KeysOf("", "2026-10", 3)
	var res score.Result
	if err := json.Unmarshal(r.Body, &res); err != nil {
		t.Fatal(err)
	}
	bottom := 0
	for _, u := range res.Units {
		if u.Bottom {
			bottom++
		}
	}
	if bottom == 0 {
		t.Fatal("the fixture has no bottom unit")
	}
	if diff := cmp.Diff(Published{Keys: keys, BottomUnits: bottom, MessageID: "msg-1"}, got); diff != "" {
		t.Errorf("Published (-want +got):\n%s", diff)
	}

	// The objects, latest.json last, each typed and encrypted.
	var order []string
	for _, o := range bucket.puts {
		order = append(order, o.Key)
		if o.Encryption != "AES256" {
			t.Errorf("%s: encryption %q, want AES256", o.Key, o.Encryption)
		}
	}
	if diff := cmp.Diff(keys.List(), order); diff != "" {
		t.Fatalf("keys put (-want +got):\n%s", diff)
	}
	for i, typ := range []string{TypeJSON, TypeXLSX, TypeJSON} {
		if bucket.puts[i].ContentType != typ {
			t.Errorf("%s: content type %q, want %q", bucket.puts[i].Key, bucket.puts[i].ContentType, typ)
		}
	}
	if !bytes.Equal(bucket.puts[0].Body, r.Body) {
		t.Error("ranking.json is not the stored body")
	}
	var latest Latest
	if err := json.Unmarshal(bucket.puts[2].Body, &latest); err != nil {
		t.Fatal(err)
	}
	wantLatest := Latest{Header: store.Header{Period: "2026-10", Version: 3, Policy: policy.BuiltinID, Fingerprint: r.Fingerprint, ComputedAt: r.ComputedAt.UTC()}, Keys: keys}
	if diff := cmp.Diff(wantLatest, latest); diff != "" {
		t.Errorf("latest.json (-want +got):\n%s", diff)
	}

	// The workbook: a sheet per group, the deductions, the tickets returned
	// more than 3 times, the notes; the escalation in the group sheets.
	f, err := excelize.OpenReader(bytes.NewReader(bucket.puts[1].Body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range []string{"镇街", "区直部门", "扣分明细", "回退超过3次", "说明"} {
		if !slices.Contains(f.GetSheetList(), sheet) {
			t.Errorf("no sheet %s in %v", sheet, f.GetSheetList())
		}
	}
	// Each sheet: a title row, the header row, then the table.
	rows, err := f.GetRows("镇街")
	if err != nil || len(rows) < 3 || !slices.Contains(rows[1], "问责") {
		t.Errorf("镇街: header %v, %d rows, %v", rows[:min(2, len(rows))], len(rows), err)
	}
	if rows, _ := f.GetRows("扣分明细"); len(rows) < 3 {
		t.Errorf("扣分明细 has %d rows", len(rows))
	}

	// The message.
	var m Message
	if len(topic.messages) != 1 || json.Unmarshal([]byte(topic.messages[0]), &m) != nil {
		t.Fatalf("messages %q", topic.messages)
	}
	wantMsg := Message{Header: store.Header{Period: "2026-10", Version: 3, Policy: policy.BuiltinID, Fingerprint: r.Fingerprint,
		ComputedAt: r.ComputedAt.UTC()}, Bucket: "hotline-reports", Keys: keys, BottomUnits: bottom}
	// The bottom units named, each with the action of 七 in the method's words.
	actions := map[score.Escalation]string{
		score.Notice:             "区政府办公室通报批评",
		score.InterviewDeputy:    "区委组织部分管副部长约谈分管负责人",
		score.InterviewPrincipal: "区委组织部部长及区政府分管领导约谈主要负责人",
	}
	for _, u := range res.Units {
		if u.Bottom {
			wantMsg.Bottom = append(wantMsg.Bottom, BottomUnit{UnitID: u.UnitID, Name: u.Name, Group: string(u.Group),
				Total: u.Total, BottomRun: u.BottomRun, Escalation: u.Escalation, Action: actions[*u.Escalation]})
		}
	}
	if diff := cmp.Diff(wantMsg, m); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
	if topic.subjects[0] != "hotline ranking 2026-10 v3" {
		t.Errorf("subject %q", topic.subjects[0])
	}

	// Again, final: the same objects, byte for byte, but latest.json and
	// the message say final.
	first := bucket.puts
	bucket.puts = nil
	r.Final = true
	if _, err := p.Publish(ctx, r); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if !bytes.Equal(first[i].Body, bucket.puts[i].Body) {
			t.Errorf("%s differs when published again", first[i].Key)
		}
	}
	if json.Unmarshal(bucket.puts[2].Body, &latest) != nil || !latest.Final {
		t.Errorf("latest.json of a final version: %s", bucket.puts[2].Body)
	}
	if json.Unmarshal([]byte(topic.messages[1]), &m) != nil || !m.Final || topic.subjects[1] != "hotline ranking 2026-10 v3 (final)" {
		t.Errorf("message of a final version: %s %s", topic.subjects[1], topic.messages[1])
	}
}

func TestPublishFailures(t *testing.T) {
	r := result(t)
	ctx := context.Background()
	down := errors.New("bucket down")

	// A failed put stops before latest.json and the message.
	bucket, topic := &fakeBucket{fail: KeysOf("", "2026-10", 3).XLSX, err: down}, &fakeTopic{}
	if _, err := (&Publisher{Objects: bucket, Topic: topic}).Publish(ctx, r); !errors.Is(err, down) {
		t.Errorf("a failed put: %v", err)
	}
	if len(bucket.puts) != 1 || len(topic.messages) != 0 {
		t.Errorf("after a failed put: %d objects, %d messages", len(bucket.puts), len(topic.messages))
	}

	// A failed message is an error: the caller tries again.
	if _, err := (&Publisher{Objects: &fakeBucket{}, Topic: &fakeTopic{err: down}}).Publish(ctx, r); !errors.Is(err, down) {
		t.Errorf("a failed message: %v", err)
	}

	// No topic: no message, no error.
	got, err := (&Publisher{Objects: &fakeBucket{}}).Publish(ctx, r)
	if err != nil || got.MessageID != "" {
		t.Errorf("without a topic: %+v, %v", got, err)
	}

	// A body that is not the period's result is refused.
	bad := r
	bad.Period = "2026-09"
	if _, err := (&Publisher{Objects: &fakeBucket{}}).Publish(ctx, bad); err == nil {
		t.Error("a body of another period was published")
	}
	bad = r
	bad.Body = []byte("{")
	if _, err := (&Publisher{Objects: &fakeBucket{}}).Publish(ctx, bad); err == nil {
		t.Error("a broken body was published")
	}
	bad = r
	bad.Version = 0
	if _, err := (&Publisher{Objects: &fakeBucket{}}).Publish(ctx, bad); err == nil {
		t.Error("a result without a version was published")
	}
}
