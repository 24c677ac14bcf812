package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/fault"
	"github.com/shizhong/hotline/shared/store"
)

// AppealsStore is what the appeals suite tests: an adapter's appeals
// (SPEC v1.1 §12).
type AppealsStore interface {
	store.Appeals
	Close() error
}

// OpenAppeals returns a new, empty store for one test. The suite closes it.
type OpenAppeals func(t *testing.T) AppealsStore

// Appeals runs the suite of appeals against the adapter open makes: every
// field kept exactly (Chinese text, the points as written, times to the
// nanosecond read back in UTC, the history in order), a deduction appealed
// once (store.ErrExists, also under concurrent filings), a month's appeals
// oldest first, an update only from the status read (store.ErrChanged:
// of two deciders at once exactly one wins), what is not there
// store.ErrNotFound.
func Appeals(t *testing.T, open OpenAppeals) {
	t.Run("RoundTrip", func(t *testing.T) { testAppealRoundTrip(t, open) })
	t.Run("Taken", func(t *testing.T) { testAppealTaken(t, open) })
	t.Run("NotFound", func(t *testing.T) { testAppealNotFound(t, open) })
	t.Run("MonthAppeals", func(t *testing.T) { testMonthAppeals(t, open) })
	t.Run("Update", func(t *testing.T) { testUpdateAppeal(t, open) })
	t.Run("ConcurrentDecisions", func(t *testing.T) { testConcurrentDecisions(t, open) })
	t.Run("ConcurrentFilings", func(t *testing.T) { testConcurrentFilings(t, open) })
}

// filedAppeal is an open appeal of one deduction of month at minute n
// after t0.
func filedAppeal(t testing.TB, month, unitID, eventID string, n int) appeal.Appeal {
	a := appeal.Appeal{
		ID: appeal.ID(month, unitID, eventID, "overdue"), Month: month, UnitID: unitID,
		EventID: eventID, Rule: "overdue", TicketID: "T-" + eventID, Points: "0.5", Version: 1,
		Reason: "该工单已于办理时限内回复，见 10 月 9 日回复记录。\n请核实。",
	}
	return appeal.Filed(a, unitID+"-1", t0(t).Add(time.Duration(n)*time.Minute))
}

func createAppeals(t *testing.T, s AppealsStore, list ...appeal.Appeal) {
	t.Helper()
	for _, a := range list {
		if err := s.CreateAppeal(context.Background(), a); err != nil {
			t.Fatalf("CreateAppeal %s: %v", a.ID, err)
		}
	}
}

// sameAppeal reports how got differs from want (times by Equal) and that
// every time of got is in UTC.
func sameAppeal(t *testing.T, what string, got, want appeal.Appeal) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
	times := map[string]time.Time{"filed_at": got.FiledAt}
	if got.DecidedAt != nil {
		times["decided_at"] = *got.DecidedAt
	}
	for i, c := range got.History {
		times[fmt.Sprintf("history[%d]", i)] = c.At
	}
	utc(t, what, times)
}

func testAppealRoundTrip(t *testing.T, open OpenAppeals) {
	s := opened(t, open)
	ctx := context.Background()
	a := filedAppeal(t, "2026-10", "wenhualu", "as-1", 0)
	createAppeals(t, s, a)
	got, err := s.Appeal(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameAppeal(t, "the appeal filed", got, a.UTC())

	// Granted with every field of a decision and a correction.
	d, err := got.Decide(appeal.Granted, "centre.li", t0(t).Add(26*time.Hour+time.Nanosecond), "核实属实，予以同意")
	if err != nil {
		t.Fatal(err)
	}
	d.Correction, d.CorrectionType, d.ToUnitID = "desk-0123456789abcdef0123", "overdue_reassigned", "gongan"
	if err := s.UpdateAppeal(ctx, d, appeal.Open); err != nil {
		t.Fatal(err)
	}
	got, err = s.Appeal(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameAppeal(t, "the appeal granted", got, d.UTC())
}

// testAppealTaken: a deduction is appealed once; the second filing is
// store.ErrExists of code fault.Conflict, and the first stays.
func testAppealTaken(t *testing.T, open OpenAppeals) {
	s := opened(t, open)
	first := filedAppeal(t, "2026-10", "wenhualu", "as-1", 0)
	createAppeals(t, s, first)
	second := first
	second.Reason, second.FiledBy = "另一个理由", "someone-else"
	err := s.CreateAppeal(context.Background(), second)
	if !errors.Is(err, store.ErrExists) || fault.CodeOf(err) != fault.Conflict {
		t.Errorf("CreateAppeal of a taken id: %v (code %q), want store.ErrExists of code %q", err, fault.CodeOf(err), fault.Conflict)
	}
	got, err := s.Appeal(context.Background(), first.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameAppeal(t, "the first appeal after the second filing", got, first.UTC())
}

func testAppealNotFound(t *testing.T, open OpenAppeals) {
	s := opened(t, open)
	ctx := context.Background()
	if _, err := s.Appeal(ctx, "ap-2026-10-0000000000000000"); !isNotFound(err) {
		t.Errorf("Appeal of an empty store: %v, want ErrNotFound", err)
	}
	ghost := filedAppeal(t, "2026-10", "wenhualu", "as-1", 0)
	if err := s.UpdateAppeal(ctx, ghost, appeal.Open); !isNotFound(err) {
		t.Errorf("UpdateAppeal of an unknown id: %v, want ErrNotFound", err)
	}
	if _, err := s.Appeal(ctx, ghost.ID); !isNotFound(err) {
		t.Errorf("UpdateAppeal of an unknown id made it: %v", err)
	}
	list, err := s.MonthAppeals(ctx, "2026-10")
	if err != nil || list == nil || len(list) != 0 {
		t.Errorf("MonthAppeals of an empty store = %v, %v; want an empty list", list, err)
	}
}

// testMonthAppeals: a month's appeals only, oldest filing first, ties by
// id, whatever the order of creation.
func testMonthAppeals(t *testing.T, open OpenAppeals) {
	s := opened(t, open)
	a := filedAppeal(t, "2026-10", "wenhualu", "as-1", 5)
	b := filedAppeal(t, "2026-10", "gongan", "as-2", 1)
	c := filedAppeal(t, "2026-10", "jiaoyu", "as-3", 5) // the same minute as a
	other := filedAppeal(t, "2026-11", "wenhualu", "as-4", 0)
	createAppeals(t, s, a, other, c, b)
	want := []appeal.Appeal{b.UTC()}
	if a.ID < c.ID {
		want = append(want, a.UTC(), c.UTC())
	} else {
		want = append(want, c.UTC(), a.UTC())
	}
	got, err := s.MonthAppeals(context.Background(), "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("MonthAppeals 2026-10 (-want +got):\n%s", diff)
	}
	got, err = s.MonthAppeals(context.Background(), "2026-09")
	if err != nil || len(got) != 0 {
		t.Errorf("MonthAppeals of a month without appeals = %d appeals, %v", len(got), err)
	}
}

// testUpdateAppeal: an update from a status the appeal is no longer in is
// store.ErrChanged of code fault.Conflict, and changes nothing.
func testUpdateAppeal(t *testing.T, open OpenAppeals) {
	s := opened(t, open)
	ctx := context.Background()
	a := filedAppeal(t, "2026-10", "wenhualu", "as-1", 0)
	createAppeals(t, s, a)
	withdrawn, err := a.Decide(appeal.Withdrawn, a.FiledBy, t0(t).Add(time.Hour), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateAppeal(ctx, withdrawn, appeal.Open); err != nil {
		t.Fatal(err)
	}
	late, _ := a.Decide(appeal.Granted, "centre.li", t0(t).Add(2*time.Hour), "迟到的决定")
	err = s.UpdateAppeal(ctx, late, appeal.Open)
	if !errors.Is(err, store.ErrChanged) || fault.CodeOf(err) != fault.Conflict {
		t.Errorf("UpdateAppeal from open of a withdrawn appeal: %v (code %q), want store.ErrChanged of code %q", err, fault.CodeOf(err), fault.Conflict)
	}
	got, err := s.Appeal(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameAppeal(t, "the withdrawn appeal after a late decision", got, withdrawn.UTC())
}

// testConcurrentDecisions: of several deciders of one open appeal at once,
// exactly one succeeds and the others get store.ErrChanged.
func testConcurrentDecisions(t *testing.T, open OpenAppeals) {
	s := opened(t, open)
	a := filedAppeal(t, "2026-10", "wenhualu", "as-1", 0)
	createAppeals(t, s, a)
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			status := appeal.Granted
			if i%2 == 1 {
				status = appeal.Rejected
			}
			d, _ := a.Decide(status, fmt.Sprintf("centre-%d", i), t0(t).Add(time.Hour), "")
			errs[i] = s.UpdateAppeal(context.Background(), d, appeal.Open)
		})
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch {
		case err == nil && won >= 0:
			t.Errorf("deciders %d and %d both succeeded", won, i)
		case err == nil:
			won = i
		case !errors.Is(err, store.ErrChanged):
			t.Errorf("decider %d: %v, want store.ErrChanged", i, err)
		}
	}
	if won < 0 {
		t.Fatal("no decider succeeded")
	}
	got, err := s.Appeal(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.DecidedBy != fmt.Sprintf("centre-%d", won) || len(got.History) != 2 {
		t.Errorf("stored decision by %q with %d history entries, want centre-%d's with 2", got.DecidedBy, len(got.History), won)
	}
}

// testConcurrentFilings: of several filings of one deduction at once,
// exactly one is stored.
func testConcurrentFilings(t *testing.T, open OpenAppeals) {
	s := opened(t, open)
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			a := filedAppeal(t, "2026-10", "wenhualu", "as-1", i)
			a.Reason = strings.Repeat("理", i+1)
			errs[i] = s.CreateAppeal(context.Background(), a)
		})
	}
	wg.Wait()
	stored := 0
	for i, err := range errs {
		switch {
		case err == nil:
			stored++
		case !errors.Is(err, store.ErrExists):
			t.Errorf("filing %d: %v, want store.ErrExists", i, err)
		}
	}
	if stored != 1 {
		t.Errorf("%d filings of one deduction stored, want 1", stored)
	}
	list, err := s.MonthAppeals(context.Background(), "2026-10")
	if err != nil || len(list) != 1 {
		t.Errorf("MonthAppeals after concurrent filings: %d appeals, %v; want 1", len(list), err)
	}
}
