package compute

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/zeebo/xxh3"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
)

// yearFromMonths computes year y as of asOf from its twelve months (SPEC
// §7 Annual: the mean of the monthly totals) and stores it as a version
// computed at now. Each month is read from the summary stored beside its
// final version, or beside its latest when it has no final one
// (store.Result.Summary): a few hundred bytes a unit, never its events. A
// month with no stored version, or whose summary is missing (an earlier
// program's version) or cannot stand for it in this year (score.Engine.
// Usable: another policy, calendar, registry or as-of), is computed from
// its events, as the month end reads them, one month at a time. The
// result is the one score.Engine.Year computes from the year's events
// whenever each month's chosen version was computed from the events the
// store now holds; a final month stands as it was made final (SPEC §12.4),
// later events notwithstanding.
//
// The fingerprint of its input names, for each month, the fingerprint of
// the version read and the hash of its summary, or the fingerprint of the
// events a month was computed from; with the registry, the policy, the
// calendar and the as-of.
func (s *Service) yearFromMonths(ctx context.Context, y int, asOf, now time.Time) (store.Result, error) {
	reg, err := s.registry(ctx)
	if err != nil {
		return store.Result{}, err
	}
	ledger := score.NewLedger(reg) // no event: the registry, and the input's units
	e := score.New(ledger, s.Policy, s.Calendar, asOf)
	chosen, err := s.monthVersions(ctx, y)
	if err != nil {
		return store.Result{}, err
	}
	year := score.Window(calendar.YearPeriod(y)).Results
	months := make([]*score.MonthSummary, len(year))
	inputs, whys := make([]string, len(year)), make([]string, len(year))
	errs := make([]error, len(year))
	var wg sync.WaitGroup
	for i, m := range year {
		v, ok := chosen[m.String()]
		if !ok {
			whys[i] = "no stored result"
			continue
		}
		wg.Go(func() { months[i], inputs[i], whys[i], errs[i] = s.storedSummary(ctx, e, m, v) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return store.Result{}, err
	}
	for i := range months {
		if months[i] != nil {
			continue
		}
		m := year[i]
		if s.Log != nil {
			s.Log.InfoContext(ctx, "the year reads a month from its events", "month", m.String(), "reason", whys[i])
		}
		if months[i], inputs[i], err = s.eventsSummary(ctx, m, asOf); err != nil {
			return store.Result{}, err
		}
	}
	res, err := e.YearFromMonths(y, months)
	if err != nil {
		return store.Result{}, fmt.Errorf("year %d: %w", y, err)
	}
	// put ends the input with the months' lines, as it ends a month's with
	// its official record; the ledger, without events, gives the registry.
	return s.put(ctx, calendar.YearPeriod(y), res, ledger, strings.Join(inputs, ""), asOf, now)
}

// monthVersions is, for each month of year y with a stored result, the
// version the year reads: its newest final version, else its latest.
func (s *Service) monthVersions(ctx context.Context, y int) (map[string]int, error) {
	list, err := s.Store.Results(ctx)
	if err != nil {
		return nil, fmt.Errorf("the versions of %d: %w", y, err)
	}
	prefix := fmt.Sprintf("%04d-", y)
	chosen, final := map[string]int{}, map[string]bool{}
	for _, r := range list { // newest version first
		if !strings.HasPrefix(r.Period, prefix) || final[r.Period] {
			continue
		}
		if _, ok := chosen[r.Period]; !ok || r.Final {
			chosen[r.Period], final[r.Period] = r.Version, r.Final
		}
	}
	return chosen, nil
}

// storedSummary reads the summary of version v of month m, and the line of
// the year's input that names it; nil and why not (no error) when there is
// none the year can use.
func (s *Service) storedSummary(ctx context.Context, e *score.Engine, m calendar.Month, v int) (sum *score.MonthSummary, input, why string, err error) {
	r, err := s.Store.ResultSummary(ctx, m.String(), v)
	if err != nil {
		return nil, "", "", fmt.Errorf("the summary of %s, version %d: %w", m, v, err)
	}
	if r.Summary == nil {
		return nil, "", fmt.Sprintf("version %d has no summary", v), nil
	}
	sum = &score.MonthSummary{}
	if err := json.Unmarshal(r.Summary, sum); err != nil {
		return nil, "", fmt.Sprintf("version %d: %v", v, err), nil
	}
	if err := e.Usable(m, sum); err != nil {
		return nil, "", fmt.Sprintf("version %d: %v", v, err), nil
	}
	return sum, fmt.Sprintf("month=%s version=%s summary=%x\n", m, r.Fingerprint, xxh3.Hash128(r.Summary).Bytes()), "", nil
}

// eventsSummary computes the summary of month m from its events as of
// asOf, the year's: month m whole and the months before it from January in
// summary (their assignments, for the staffing rule of m). Escalation,
// which the summary does not hold, needs no earlier month.
func (s *Service) eventsSummary(ctx context.Context, m calendar.Month, asOf time.Time) (*score.MonthSummary, string, error) {
	ledger, err := s.read(ctx, score.Alone(m))
	if err != nil {
		return nil, "", fmt.Errorf("month %s: %w", m, err)
	}
	sum := score.New(ledger, s.Policy, s.Calendar, asOf).Summary(m)
	return sum, fmt.Sprintf("month=%s events=%s\n", m, ledger.Fingerprint()), nil
}

// encodeSummary is the summary a monthly result carries, as stored beside
// it; nil for a year.
func encodeSummary(res *score.Result) ([]byte, error) {
	if res.Summary == nil {
		return nil, nil
	}
	b, err := json.Marshal(res.Summary)
	if err != nil {
		return nil, fmt.Errorf("the summary of %s: %w", res.Period, err)
	}
	return b, nil
}
