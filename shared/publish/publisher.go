package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/report"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
)

// Bucket is the one S3 call the publisher makes. *S3 satisfies it.
type Bucket interface {
	PutObject(ctx context.Context, o Object) error
}

// Object is one object to put.
type Object struct {
	Key         string
	ContentType string
	// Encryption is the server-side encryption asked for
	// (x-amz-server-side-encryption); the publisher asks for AES256.
	Encryption string
	Body       []byte
}

// Topic is the one SNS call the publisher makes: a message with a subject,
// answered by its message id. *SNS satisfies it.
type Topic interface {
	Publish(ctx context.Context, subject, message string) (string, error)
}

// Publisher publishes results to a bucket and, optionally, a topic.
type Publisher struct {
	Objects Bucket // where the objects go
	Bucket  string // the bucket's name, for the message
	Prefix  string // the key prefix; DefaultPrefix when empty
	Topic   Topic  // nil: no message
	// Appeals, when set, are read for a month's workbook, which then lists
	// them on the sheet 申诉处理 (SPEC v1.1 §12); nil: no such sheet.
	Appeals store.Appeals
}

// Published is what Publish did.
type Published struct {
	Keys        Keys
	BottomUnits int
	MessageID   string // "" without a topic
}

// Publish puts the objects of result r — the stored JSON body as it is, the
// Excel report made from it, and latest.json last, so that it never points
// at objects not yet there — each with its content type and AES256
// server-side encryption; then publishes the message to the topic, if any.
// With Appeals set, a month's Excel report also lists the month's appeals as
// they stand when it is made. Publishing the same version again puts the
// same bytes, as long as its appeals have not changed meanwhile.
func (p *Publisher) Publish(ctx context.Context, r store.Result) (Published, error) {
	if r.Version < 1 {
		return Published{}, errors.New("publish: a result without a version")
	}
	var res score.Result
	if err := json.Unmarshal(r.Body, &res); err != nil {
		return Published{}, fmt.Errorf("publish %s v%d: the stored body: %w", r.Period, r.Version, err)
	}
	if res.Period != r.Period {
		return Published{}, fmt.Errorf("publish %s v%d: the stored body is of period %q", r.Period, r.Version, res.Period)
	}
	appeals, err := p.monthAppeals(ctx, r.Period)
	if err != nil {
		return Published{}, fmt.Errorf("publish %s v%d: %w", r.Period, r.Version, err)
	}
	var xlsx bytes.Buffer
	if err := report.WriteXLSXWithAppeals(&xlsx, &res, appeals); err != nil {
		return Published{}, fmt.Errorf("publish %s v%d: the report: %w", r.Period, r.Version, err)
	}
	out := Published{Keys: KeysOf(p.Prefix, r.Period, r.Version), BottomUnits: bottomUnits(&res)}
	latest, err := json.MarshalIndent(Latest{Header: r.Header.UTC(), Keys: out.Keys}, "", "  ")
	if err != nil {
		return Published{}, err
	}
	for _, o := range []Object{
		{Key: out.Keys.JSON, ContentType: TypeJSON, Body: r.Body},
		{Key: out.Keys.XLSX, ContentType: TypeXLSX, Body: xlsx.Bytes()},
		{Key: out.Keys.Latest, ContentType: TypeJSON, Body: append(latest, '\n')},
	} {
		o.Encryption = Encryption
		if err := p.Objects.PutObject(ctx, o); err != nil {
			return Published{}, fmt.Errorf("publish %s v%d: put %s: %w", r.Period, r.Version, o.Key, err)
		}
	}
	if p.Topic == nil {
		return out, nil
	}
	m := Message{Header: r.Header.UTC(), Bucket: p.Bucket, Keys: out.Keys, BottomUnits: out.BottomUnits, Bottom: bottomOf(&res)}
	body, err := json.Marshal(m)
	if err != nil {
		return Published{}, err
	}
	if out.MessageID, err = p.Topic.Publish(ctx, m.Subject(), string(body)); err != nil {
		return Published{}, fmt.Errorf("publish %s v%d: notify: %w", r.Period, r.Version, err)
	}
	return out, nil
}

// monthAppeals are the appeals of period for its workbook: nil, for no
// sheet, without Appeals or for a year; otherwise a list, empty for a month
// without any.
func (p *Publisher) monthAppeals(ctx context.Context, period string) ([]appeal.Appeal, error) {
	if p.Appeals == nil {
		return nil, nil
	}
	if pp, err := calendar.ParsePeriod(period); err != nil || !pp.IsMonth() {
		return nil, nil
	}
	appeals, err := p.Appeals.MonthAppeals(ctx, period)
	if err != nil {
		return nil, fmt.Errorf("the appeals: %w", err)
	}
	if appeals == nil {
		appeals = []appeal.Appeal{}
	}
	return appeals, nil
}

// bottomUnits counts the units ranked bottom of their group.
func bottomUnits(r *score.Result) int {
	n := 0
	for _, u := range r.Units {
		if u.Bottom {
			n++
		}
	}
	return n
}
