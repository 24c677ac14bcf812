package functions_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/shopspring/decimal"

	"github.com/shizhong/hotline/internal/testenv"
	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/compute"
	"github.com/shizhong/hotline/shared/gen"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/publish"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/dynamo"
)

// The passwords of the cycle's two accounts.
const (
	cycleUnitPW   = "unit password 甲乙丙丁"
	cycleCentrePW = "centre password 甲乙丙丁"
)

// TestCycleUnderEmulator (SPEC v1.1 §12): the month's cycle through the
// functions as deployed, against the local server. The functions read the
// machine's clock, so the months are chosen from it: a generated district
// in the month before today's, and two months before that a version
// computed at 00:05 of the day after it ended, whose appeal window closed
// long ago. The daily schedule publishes the previous month provisionally
// and makes the earlier one final (once: invoked again it finalises
// nothing); through the api function a unit account appeals one of its
// overdue deductions while the window is open, the centre account grants
// it, the month is recomputed into version 2 and the unit's total rises by
// the deduction's points; the schedule then leaves the month as it is.
func TestCycleUnderEmulator(t *testing.T) {
	b := newBackend(t)
	ctx := context.Background()
	loc := shanghai(t)
	cfg := awsConfig(t, b.endpoint)
	st := dynamo.New(dynamodb.NewFromConfig(cfg), b.table, loc)
	cal := calendar.New(loc)
	month := calendar.MonthOf(time.Now(), loc).Prev()
	earlier := month.Prev().Prev()

	reg, evs := testenv.District(t, gen.Config{Seed: 2026, Tickets: 300, Month: month, Location: loc})
	if err := st.PutUnits(ctx, reg.Units()); err != nil {
		t.Fatal(err)
	}
	svc := &compute.Service{Store: st, Policy: policy.Builtin(), Calendar: cal}
	old, err := svc.Month(ctx, earlier, earlier.End(loc).Add(5*time.Minute))
	if err != nil {
		t.Fatalf("compute %s: %v", earlier, err)
	}
	fill(t, st, reg, evs, 4)

	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.UsePathStyle = true
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	bucket := "rie-cycle-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOTLINE_REPORT_BUCKET", bucket)
	monthly, api := build(t, "monthly-scores"), build(t, "api")
	schedule, err := os.ReadFile("../events/monthly-scores-schedule.json")
	if err != nil {
		t.Fatal(err)
	}

	// One emulator at a time: each takes the runtime API's port.
	var published time.Time
	t.Run("schedule", func(t *testing.T) {
		url := emulate(t, monthly, b)
		first, fail := invokeEvent(t, url, schedule)
		if fail != "" {
			t.Fatalf("scheduled: %s", fail)
		}
		if first["period"] != month.String() || first["version"] != 1.0 || first["final"] != false {
			t.Errorf("scheduled: %v, want %s v1 provisional", first, month)
		}
		if got := finalizedPeriods(first); len(got) != 1 || got[0] != earlier.String() {
			t.Errorf("finalized %v, want [%s]: %v", got, earlier, first)
		}
		if r, err := st.Result(ctx, earlier.String(), 0); err != nil || !r.Final || r.Version != old.Version {
			t.Errorf("%s after the schedule: %+v, %v; want v%d final", earlier, r.Header, err, old.Version)
		}
		latest, err := st.Result(ctx, month.String(), 0)
		if err != nil || latest.Final || latest.Version != 1 {
			t.Fatalf("%s after the schedule: %+v, %v; want v1 provisional", month, latest.Header, err)
		}
		published = latest.ComputedAt
		for _, want := range []store.Header{
			{Period: month.String(), Version: 1},
			{Period: earlier.String(), Version: old.Version, Final: true},
		} {
			keys := publish.KeysOf("rankings", want.Period, want.Version)
			if got := latestObject(t, s3c, bucket, keys.Latest); got.Period != want.Period || got.Version != want.Version || got.Final != want.Final || got.Keys != keys {
				t.Errorf("%s latest.json: %+v, want v%d final %v", want.Period, got, want.Version, want.Final)
			}
		}

		again, fail := invokeEvent(t, url, schedule)
		if fail != "" {
			t.Fatalf("scheduled again: %s", fail)
		}
		if got := finalizedPeriods(again); len(got) != 0 {
			t.Errorf("scheduled again: finalized %v, want none", got)
		}
		if again["period"] != month.String() || again["version"] != 1.0 || again["final"] != false {
			t.Errorf("scheduled again: %v, want %s v1 provisional", again, month)
		}
		if time.Now().In(loc).Day() != 1 && again["skipped"] != "published" {
			t.Errorf("scheduled again: skipped %v, want published", again["skipped"])
		}
	})
	if published.IsZero() {
		t.Fatal("the month was not published: no appeal is tried")
	}

	unitID := overdueUnit(t, st, month)
	now := time.Now().UTC()
	for _, a := range []struct {
		id, password, unit string
		role               account.Role
	}{{"zhang.san", cycleUnitPW, unitID, account.Unit}, {"li.wei", cycleCentrePW, "", account.Centre}} {
		hash, err := account.HashPassword(a.password, account.DefaultParams, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateAccount(ctx, account.Account{ID: a.id, Role: a.role, UnitID: a.unit, Password: hash, CreatedAt: now, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}

	granted := false
	t.Run("appeal", func(t *testing.T) {
		p := &person{t: t, url: emulate(t, api, b)}
		unit := p.signIn("zhang.san", cycleUnitPW)
		centre := p.signIn("li.wei", cycleCentrePW)
		base := "/v1/months/" + month.String()
		before := p.total(base+"/units/"+unitID, "")
		d := p.overdue(base+"/units/"+unitID+"/deductions", unit)

		resp := p.do(http.MethodPost, base+"/appeals", `{"event_id":"`+d.EventID+`","rule":"overdue","reason":"该工单已于时限内办结，见办理记录。"}`, unit)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("file: HTTP %d, want 201: %s", resp.StatusCode, resp.Body)
		}
		filed := decodeBody[appeal.Appeal](t, resp)
		if filed.Status != appeal.Open || filed.UnitID != unitID || filed.EventID != d.EventID || filed.Version != 1 || filed.FiledBy != "zhang.san" {
			t.Errorf("the appeal filed: %+v", filed)
		}

		list := decodeBody[struct {
			Window struct {
				PublishedAt *time.Time `json:"published_at"`
				ClosesAt    *time.Time `json:"closes_at"`
				Open        bool       `json:"open"`
			} `json:"window"`
			Appeals []appeal.Appeal `json:"appeals"`
		}](t, p.do(http.MethodGet, base+"/appeals", "", centre))
		w := list.Window
		closes := appeal.Closes(published, policy.Builtin().Appeals.WindowWorkingDays, cal)
		if !w.Open || w.PublishedAt == nil || !w.PublishedAt.Equal(published) || w.ClosesAt == nil || !w.ClosesAt.Equal(closes) {
			t.Errorf("the window: %+v, want open, published at %s, closing at %s", w, published, closes)
		}
		if len(list.Appeals) != 1 || list.Appeals[0].ID != filed.ID {
			t.Errorf("the centre's list: %+v, want %s", list.Appeals, filed.ID)
		}

		// What the function refuses: the same deduction appealed again, a
		// unit deciding, a session's request from no origin.
		for _, c := range []struct {
			name, path, body, cookie string
			status                   int
			noOrigin                 bool
		}{
			{"appealed again", base + "/appeals", `{"event_id":"` + d.EventID + `","rule":"overdue","reason":"再次申诉"}`, unit, http.StatusConflict, false},
			{"decided by the unit", "/v1/appeals/" + filed.ID + "/decision", `{"decision":"granted"}`, unit, http.StatusForbidden, false},
			{"granted with no origin", "/v1/appeals/" + filed.ID + "/decision", `{"decision":"granted"}`, centre, http.StatusForbidden, true},
		} {
			p.noOrigin = c.noOrigin
			if resp := p.do(http.MethodPost, c.path, c.body, c.cookie); resp.StatusCode != c.status {
				t.Errorf("%s: HTTP %d, want %d: %s", c.name, resp.StatusCode, c.status, resp.Body)
			}
			p.noOrigin = false
		}

		resp = p.do(http.MethodPost, "/v1/appeals/"+filed.ID+"/decision", `{"decision":"granted","note":"核实属实"}`, centre)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("grant: HTTP %d, want 200: %s", resp.StatusCode, resp.Body)
		}
		got := decodeBody[struct {
			appeal.Appeal
			Recomputed *struct {
				Version int  `json:"version"`
				Final   bool `json:"final"`
			} `json:"recomputed"`
		}](t, resp)
		if got.Status != appeal.Granted || got.DecidedBy != "li.wei" || got.CorrectionType != "deduction_waived" ||
			got.Recomputed == nil || got.Recomputed.Version != 2 || got.Recomputed.Final {
			t.Fatalf("the grant: %+v (recomputed %+v)", got.Appeal, got.Recomputed)
		}
		granted = true
		after := p.total(base+"/units/"+unitID, "")
		if !after.Sub(before).Equal(d.Points.Decimal) {
			t.Errorf("%s's total %s → %s, want +%s (the overdue deduction's points)", unitID, before, after, d.Points)
		}

		if !d.Points.Equal(decimal.RequireFromString("0.5")) {
			t.Errorf("an overdue deduction of %s points, want 0.5 (四(二)3)", d.Points)
		}
	})
	if !granted {
		return
	}

	t.Run("schedule after the grant", func(t *testing.T) {
		url := emulate(t, monthly, b)
		out, fail := invokeEvent(t, url, schedule)
		if fail != "" {
			t.Fatalf("scheduled: %s", fail)
		}
		if got := finalizedPeriods(out); len(got) != 0 {
			t.Errorf("finalized %v while the window of %s is open", got, month)
		}
		if r, err := st.Result(ctx, month.String(), 0); err != nil || r.Final || r.Version != 2 {
			t.Errorf("%s after the schedule: %+v, %v; want v2 provisional", month, r.Header, err)
		}
	})
}

// latestObject reads a latest.json the month end published.
func latestObject(t *testing.T, s3c *s3.Client, bucket, key string) publish.Latest {
	t.Helper()
	obj, err := s3c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	defer obj.Body.Close()
	var l publish.Latest
	if err := json.NewDecoder(obj.Body).Decode(&l); err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	return l
}

// finalizedPeriods are the periods of a month-end summary's "finalized".
func finalizedPeriods(summary map[string]any) []string {
	var out []string
	list, _ := summary["finalized"].([]any)
	for _, f := range list {
		if m, ok := f.(map[string]any); ok {
			p, _ := m["period"].(string)
			out = append(out, p)
		}
	}
	return out
}

// overdueUnit is a unit of the latest stored version of m that was
// assessed, has a total above zero (so that a waiver raises it by its
// points) and an overdue deduction not waived.
func overdueUnit(t *testing.T, st *dynamo.Store, m calendar.Month) string {
	t.Helper()
	r, err := st.Result(context.Background(), m.String(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var res score.Result
	if err := json.Unmarshal(r.Body, &res); err != nil {
		t.Fatal(err)
	}
	for _, u := range res.Units {
		if !u.Assessed || u.Total == nil || !u.Total.IsPositive() {
			continue
		}
		for _, d := range u.Deductions {
			if d.Rule == "overdue" && !d.Waived && d.EventID != "" {
				return u.UnitID
			}
		}
	}
	t.Fatalf("no unit of %s has an overdue deduction: generate more tickets", m)
	return ""
}

// person sends API Gateway requests to the api function under the
// emulator as the page does: from its own origin, over HTTPS, with the
// session cookie.
type person struct {
	t        *testing.T
	url      string
	noOrigin bool // send no Origin header
}

const cycleOrigin = "https://hotline.example.com"

// do sends method path with body and the cookie pair (name=value), if any.
func (p *person) do(method, path, body, cookie string) events.APIGatewayV2HTTPResponse {
	p.t.Helper()
	req := events.APIGatewayV2HTTPRequest{
		Version: "2.0", RouteKey: method + " " + path, RawPath: path,
		Headers: map[string]string{"host": "hotline.example.com", "origin": cycleOrigin, "content-type": "application/json", "x-forwarded-proto": "https"},
		Body:    body,
	}
	if cookie != "" {
		req.Cookies = []string{cookie}
	}
	if p.noOrigin {
		delete(req.Headers, "origin")
	}
	req.RequestContext.HTTP.Method, req.RequestContext.HTTP.Path = method, path
	req.RequestContext.HTTP.SourceIP = "203.0.113.10"
	req.RequestContext.DomainName = "hotline.example.com"
	payload, err := json.Marshal(req)
	if err != nil {
		p.t.Fatal(err)
	}
	resp, err := http.Post(p.url, "application/json", bytes.NewReader(payload))
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out events.APIGatewayV2HTTPResponse
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		p.t.Fatalf("%s %s: not an API Gateway answer: %v", method, path, err)
	}
	return out
}

// signIn signs in and returns the session cookie's pair.
func (p *person) signIn(id, password string) string {
	p.t.Helper()
	resp := p.do(http.MethodPost, "/v1/session", `{"id":"`+id+`","password":"`+password+`"}`, "")
	if resp.StatusCode != http.StatusOK {
		p.t.Fatalf("sign in %s: HTTP %d %s", id, resp.StatusCode, resp.Body)
	}
	for _, c := range resp.Cookies {
		if strings.HasPrefix(c, "hotline_session=") {
			return strings.SplitN(c, ";", 2)[0]
		}
	}
	p.t.Fatalf("sign in %s: no session cookie in %v", id, resp.Cookies)
	return ""
}

// total is the unit's total GET path answers.
func (p *person) total(path, cookie string) decimal.Decimal {
	p.t.Helper()
	body := decodeBody[struct {
		Version int `json:"version"`
		Unit    struct {
			Total *decimal.Decimal `json:"total"`
		} `json:"unit"`
	}](p.t, p.do(http.MethodGet, path, "", cookie))
	if body.Unit.Total == nil {
		p.t.Fatalf("%s: no total", path)
	}
	return *body.Unit.Total
}

// overdue is the first overdue deduction not waived that the deductions
// route path answers, with its event among the events beside it.
func (p *person) overdue(path, cookie string) score.Deduction {
	p.t.Helper()
	resp := p.do(http.MethodGet, path, "", cookie)
	if resp.StatusCode != http.StatusOK {
		p.t.Fatalf("%s: HTTP %d %s", path, resp.StatusCode, resp.Body)
	}
	body := decodeBody[struct {
		Unit struct {
			Deductions []score.Deduction `json:"deductions"`
		} `json:"unit"`
		Events []struct {
			ID string `json:"id"`
		} `json:"events"`
	}](p.t, resp)
	for _, d := range body.Unit.Deductions {
		if d.Rule != "overdue" || d.Waived {
			continue
		}
		for _, e := range body.Events {
			if e.ID == d.EventID {
				return d
			}
		}
		p.t.Fatalf("%s: the event %s of an overdue deduction is not beside it", path, d.EventID)
	}
	p.t.Fatalf("%s: no overdue deduction: %s", path, resp.Body)
	return score.Deduction{}
}

// decodeBody decodes the JSON body of an API Gateway answer.
func decodeBody[T any](t *testing.T, resp events.APIGatewayV2HTTPResponse) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(resp.Body), &v); err != nil {
		t.Fatalf("HTTP %d, body not the JSON expected: %v: %s", resp.StatusCode, err, resp.Body)
	}
	return v
}
