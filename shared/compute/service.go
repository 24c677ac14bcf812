package compute

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/zeebo/xxh3"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
)

// Service computes results from a store under one policy and calendar.
type Service struct {
	Store    store.Store
	Policy   *policy.Policy
	Calendar *calendar.Calendar
	// Log, when set, has a WARN line for each year a computed result's
	// calendar does not know (calendarwarn.go).
	Log *slog.Logger
}

// New is the service over st under pol and cal. A policy whose time zone
// is not the calendar's is refused: months would be cut in two zones.
func New(st store.Store, pol *policy.Policy, cal *calendar.Calendar) (*Service, error) {
	loc, err := pol.Location()
	if err != nil {
		return nil, fmt.Errorf("the policy's time zone: %w", err)
	}
	if loc.String() != cal.Location().String() {
		return nil, fmt.Errorf("the policy's time zone %q is not the calendar's %q", pol.Timezone, cal.Location())
	}
	return &Service{Store: st, Policy: pol, Calendar: cal}, nil
}

// ErrFinal is returned when the schedule would recompute a final month.
var ErrFinal = errors.New("the period is final")

// Period computes period p, a month or a year, as of now: Month or Year.
func (s *Service) Period(ctx context.Context, p calendar.Period, now time.Time) (store.Result, error) {
	switch {
	case p.IsMonth():
		return s.Month(ctx, p.Month(), now)
	case p.IsYear():
		return s.Year(ctx, p.Year(), now)
	}
	return store.Result{}, errors.New("compute: no period given")
}

// Month computes month m as of now and stores it as a version. A month that
// has ended is judged as of its end, so computing it again on the same events
// gives the same result and the same version, whenever it runs.
func (s *Service) Month(ctx context.Context, m calendar.Month, now time.Time) (store.Result, error) {
	asOf := minTime(now, m.End(s.Calendar.Location()))
	// Escalation counts the earlier months by their final versions where
	// they have one (SPEC §12.4); the rest, and m, are read whole, with the
	// summaries the staffing rule of each reads (score.Window). Together
	// they give the result of all events under the same official record.
	w := score.Window(calendar.MonthPeriod(m))
	official, err := s.official(ctx, w.Results)
	if err != nil {
		return store.Result{}, err
	}
	w = w.Given(func(k calendar.Month) bool { _, ok := official[k]; return ok })
	ledger, err := s.read(ctx, w)
	if err != nil {
		return store.Result{}, err
	}
	res := score.New(ledger, s.Policy, s.Calendar, asOf).WithOfficial(official).Month(m)
	return s.put(ctx, calendar.MonthPeriod(m), res, ledger, officialInput(official), asOf, now)
}

// Year computes year y as of now and stores it as a version: from the
// stored results of its twelve months where they can stand for them, each
// other month from its events (year.go).
func (s *Service) Year(ctx context.Context, y int, now time.Time) (store.Result, error) {
	p := calendar.YearPeriod(y)
	asOf := minTime(now, p.Last().End(s.Calendar.Location()))
	return s.yearFromMonths(ctx, y, asOf, now)
}

// Scheduled is the month-end run: it computes the month before now's month,
// unless that month is final.
func (s *Service) Scheduled(ctx context.Context, now time.Time) (store.Result, error) {
	m := calendar.MonthOf(now, s.Calendar.Location()).Prev()
	latest, err := s.Store.Result(ctx, m.String(), 0)
	switch {
	case err == nil && latest.Final:
		return latest, fmt.Errorf("month %s: %w, not recomputed", m, ErrFinal)
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return store.Result{}, err
	}
	return s.Month(ctx, m, now)
}

// read builds a ledger of what w says, with the unit registry: its
// summary months in summary (their assignments), its whole months whole
// (store.Scope), all fetched in parallel.
func (s *Service) read(ctx context.Context, w score.Reads) (*score.Ledger, error) {
	reg, err := s.registry(ctx)
	if err != nil {
		return nil, err
	}
	ledger := score.NewLedger(reg)
	var mu sync.Mutex
	errs := make(chan error, len(w.Summary)+len(w.Whole))
	var wg sync.WaitGroup
	for _, m := range w.Summary {
		ledger.CountAssignments(m, nil) // before any reader runs: a month without assignments counts 0
	}
	for _, m := range w.Summary {
		wg.Go(func() {
			errs <- s.Store.MonthAssignments(ctx, m, func(batch []event.Brief) error {
				mu.Lock()
				defer mu.Unlock()
				ledger.CountAssignments(m, batch)
				return nil
			})
		})
	}
	for _, m := range w.Whole {
		wg.Go(func() {
			errs <- s.Store.MonthEvents(ctx, m, func(batch []event.Event) error {
				mu.Lock()
				defer mu.Unlock()
				for i := range batch {
					if _, err := ledger.Add(&batch[i], score.Origin{File: "store " + m.String()}); err != nil {
						return err
					}
				}
				return nil
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return nil, fmt.Errorf("read events: %w", err)
		}
	}
	return ledger, nil
}

// registry is the stored unit registry.
func (s *Service) registry(ctx context.Context) (*unit.Registry, error) {
	units, err := s.Store.Units(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the unit registry: %w", err)
	}
	reg, err := unit.NewRegistry(units)
	if err != nil {
		return nil, fmt.Errorf("the stored unit registry: %w", err)
	}
	return reg, nil
}

// put stores a result with the fingerprint of its input, computed at now;
// official is the official record it read (officialInput).
func (s *Service) put(ctx context.Context, period calendar.Period, res *score.Result, ledger *score.Ledger, official string, asOf, now time.Time) (store.Result, error) {
	s.warnUnknownYears(ctx, period, res)
	var body bytes.Buffer
	if err := score.WriteJSON(&body, res); err != nil {
		return store.Result{}, err
	}
	// The registry without its aliases: they find units by name on import
	// and take no part in the assessment, so adding one keeps the version.
	var units bytes.Buffer
	if err := ledger.Registry().EncodeAssessed(&units); err != nil {
		return store.Result{}, err
	}
	input := fmt.Sprintf("period=%s\nevents=%s\nunits=%x\npolicy=%s/%s\ncalendar=%s\nas_of=%s\n",
		period.String(), ledger.Fingerprint(), xxh3.Hash128(units.Bytes()).Bytes(), s.Policy.ID, s.Policy.Fingerprint(),
		s.Calendar.Fingerprint(), asOf.UTC().Format(time.RFC3339Nano)) + official
	h := xxh3.HashString128(input).Bytes()
	summary, err := encodeSummary(res)
	if err != nil {
		return store.Result{}, err
	}
	stored, err := s.Store.PutResult(ctx, store.Result{
		Header: store.Header{
			Period:      period.String(),
			Policy:      s.Policy.ID,
			Fingerprint: fmt.Sprintf("%x", h),
			ComputedAt:  now.UTC(),
		},
		Body:    body.Bytes(),
		Summary: summary,
	})
	if err != nil {
		return store.Result{}, fmt.Errorf("store the result of %s: %w", period, err)
	}
	return stored, nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
