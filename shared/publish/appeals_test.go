package publish

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/store/memstore"
)

// sheetRows are the rows of sheet in a workbook put, nil when it has none.
func sheetRows(t testing.TB, o Object, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(o.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !slices.Contains(f.GetSheetList(), sheet) {
		return nil
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// A Publisher with Appeals lists the month's appeals in its workbook
// (SPEC v1.1 §12); one without has no such sheet.
func TestPublishAppeals(t *testing.T) {
	r := result(t)
	ctx := context.Background()
	s := memstore.New(calendar.DefaultLocation())
	p := &Publisher{Objects: &fakeBucket{}, Appeals: s}

	// No appeal yet: the sheet says so.
	if _, err := p.Publish(ctx, r); err != nil {
		t.Fatal(err)
	}
	rows := sheetRows(t, p.Objects.(*fakeBucket).puts[1], "申诉处理")
	if len(rows) != 3 || rows[1][0] != "申诉编号" || rows[2][0] != "本月无申诉" {
		t.Errorf("申诉处理 without appeals: %q", rows)
	}

	a := appeal.Filed(appeal.Appeal{
		ID: appeal.ID("2026-10", "u01", "e-1", "overdue"), Month: "2026-10", UnitID: "u01", EventID: "e-1",
		Rule: "overdue", Points: "0.5", Version: 3, Reason: "已按时办结",
	}, "acct-u01", time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	if err := s.CreateAppeal(ctx, a); err != nil {
		t.Fatal(err)
	}
	bucket := &fakeBucket{}
	p.Objects = bucket
	if _, err := p.Publish(ctx, r); err != nil {
		t.Fatal(err)
	}
	rows = sheetRows(t, bucket.puts[1], "申诉处理")
	if len(rows) != 3 || rows[2][0] != a.ID || !slices.Contains(rows[2], "待处理") {
		t.Errorf("申诉处理 with an open appeal: %q", rows)
	}

	// Without Appeals: the workbook of before v1.1.
	bucket = &fakeBucket{}
	if _, err := (&Publisher{Objects: bucket}).Publish(ctx, r); err != nil {
		t.Fatal(err)
	}
	if rows := sheetRows(t, bucket.puts[1], "申诉处理"); rows != nil {
		t.Errorf("a publisher without Appeals wrote 申诉处理: %q", rows)
	}
}

// failingAppeals cannot list a month's appeals.
type failingAppeals struct {
	store.Appeals
	err error
}

func (f failingAppeals) MonthAppeals(context.Context, string) ([]appeal.Appeal, error) {
	return nil, f.err
}

func TestPublishAppealsUnreadable(t *testing.T) {
	down := errors.New("store down")
	bucket := &fakeBucket{}
	_, err := (&Publisher{Objects: bucket, Appeals: failingAppeals{err: down}}).Publish(context.Background(), result(t))
	if !errors.Is(err, down) {
		t.Errorf("err = %v, want %v", err, down)
	}
	if len(bucket.puts) != 0 {
		t.Errorf("%d objects put with the appeals unreadable", len(bucket.puts))
	}
}
