package score

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/unit"
)

// maxOrphanWarnings bounds the returns-without-assignment warnings listed one
// by one; the rest are counted in one line.
const maxOrphanWarnings = 50

// Month returns the monthly result of month m.
func (e *Engine) Month(m calendar.Month) *Result {
	mi := m.Index()
	ms := e.month(mi)
	reg := e.ledger.reg
	res := &Result{
		Period:   m.String(),
		Policy:   e.pol.ID,
		AsOf:     e.now.In(e.loc),
		Averages: averages(ms.averages.district.result, ms.averages.district.process),
		Units:    make([]UnitResult, 0, reg.Len()),
		// GroupAverages are set when units are compared with their group's.
		GroupAverages: ms.averages.groupOutput(e.pol),
	}
	for u := range ms.units {
		us := &ms.units[u]
		ur := e.unitBase(u, us)
		scores := us.scores
		ur.Scores = &scores
		ur.Flags = append(ur.Flags, us.flags...)
		if us.bottom {
			ur.BottomRun = e.bottomRun(mi, u)
			ur.Escalation = escalation(ur.BottomRun)
		}
		ur.Deductions = e.deductions(us, ms, reg.At(u).Group)
		res.Units = append(res.Units, ur)
	}
	sortUnits(res.Units)
	res.ReturnedOverLimit = e.returnedOverLimit(m.Start(e.loc).UnixNano(), m.End(e.loc).UnixNano())
	res.Warnings = e.warnings(m)
	res.Warnings = e.calendarWarnings(mi, mi, res.Warnings)
	res.Summary = e.Summary(m)
	return res
}

// Year returns the annual result of year y (SPEC §7): units with enough
// callback tickets in the year, scored by the mean of their monthly totals.
func (e *Engine) Year(y int) *Result {
	reg := e.ledger.reg
	first := calendar.Month{Year: y, Month: time.January}
	sums := make([]acc, reg.Len())
	totals := make([]decimal.Decimal, reg.Len())
	months := make([]int, reg.Len())
	for k := first.Index(); k < first.Index()+12; k++ {
		if _, ok := e.tally.months[k]; !ok {
			continue
		}
		ms := e.month(k)
		for u := range ms.units {
			a := ms.units[u].acc
			a.deds = nil
			sums[u].add(&a)
			if ms.units[u].assessed {
				totals[u] = totals[u].Add(ms.units[u].total)
				months[u]++
			}
		}
	}
	yearTickets := e.tally.years[y]
	for u := range sums {
		if yearTickets != nil {
			sums[u].callbackTickets = yearTickets[u]
		} else {
			sums[u].callbackTickets = 0
		}
	}
	start, end := first.Start(e.loc).UnixNano(), calendar.Month{Year: y + 1, Month: time.January}.Start(e.loc).UnixNano()
	over := e.returnedOverLimit(start, end)
	warnings := append(e.ledger.unknownWarnings(start, end, e.fixes.retracted), e.correctionWarnings(start, end)...)
	return e.annual(y, sums, totals, months, over, e.calendarWarnings(first.Index(), first.Index()+11, warnings))
}

// annual is the annual result of year y from what its months add up to:
// per unit its summed counts (callbackTickets: the year's distinct
// tickets), the sum of its monthly totals over the months it was assessed
// in and their number; with the year's returned tickets and warnings. Year
// and YearFromMonths both end here.
func (e *Engine) annual(y int, sums []acc, totals []decimal.Decimal, months []int, over []ReturnedTicket, warnings []string) *Result {
	reg := e.ledger.reg
	res := &Result{
		Period: calendar.YearPeriod(y).String(),
		Policy: e.pol.ID,
		AsOf:   e.now.In(e.loc),
		Units:  make([]UnitResult, 0, reg.Len()),
	}
	avgs := poolAverages(reg, func(u int) *acc { return &sums[u] })
	res.Averages = averages(avgs.district.result, avgs.district.process)
	res.GroupAverages = avgs.groupOutput(e.pol)
	ys := &monthScore{units: make([]unitScore, reg.Len())}
	for u := range sums {
		a := sums[u]
		ys.units[u].acc = a
		ys.units[u].assessed = int(a.callbackTickets) >= e.pol.Assessment.AnnualMinCallbackTickets && months[u] > 0
		if ys.units[u].assessed {
			ys.units[u].total = totals[u].Div(decimal.NewFromInt(int64(months[u]))).Round(2)
		}
	}
	for _, g := range unit.Groups {
		e.rank(ys, g)
	}
	for u := range ys.units {
		us := &ys.units[u]
		ur := e.unitBase(u, us)
		n := months[u]
		ur.MonthsAssessed = &n
		ur.Deductions = []Deduction{}
		res.Units = append(res.Units, ur)
	}
	sortUnits(res.Units)
	res.ReturnedOverLimit = over
	res.Warnings = warnings
	return res
}

// unitBase is what monthly and annual results say alike of a unit: who it
// is, whether it was assessed, its rank, total, grade and counts.
func (e *Engine) unitBase(u int, us *unitScore) UnitResult {
	un := e.ledger.reg.At(u)
	a := &us.acc
	ur := UnitResult{
		UnitID: un.ID, Name: un.Name, Group: un.Group,
		Assessed: us.assessed,
		Bottom:   us.bottom,
		Flags:    []string{},
		Counts: Counts{
			LateReturns:             int(a.late),
			NoncompliantUncontacted: int(a.noncompliant),
			Overdue:                 int(a.overdue),
			SupervisionRejected:     int(a.supRejected),
			MeetingsAbsent:          int(a.meetings),
			Criticisms:              int(a.criticisms),
			CallbackTickets:         int(a.callbackTickets),
			Connected:               int(a.connected),
			ExcludedUnreasonable:    int(a.excluded),
			ResultSatisfied:         int(a.resultSat),
			ProcessSatisfied:        int(a.procSat),
			Assigned:                int(a.assigned),
		},
	}
	if us.assessed {
		rank, total, grade := us.rank, P(us.total), e.grade(us.total)
		ur.Rank, ur.Total, ur.Grade = &rank, &total, &grade
	}
	return ur
}

// sortUnits orders units by group, then ranked units by rank, then the rest;
// ties by unit id.
func sortUnits(units []UnitResult) {
	slices.SortFunc(units, func(a, b UnitResult) int {
		ra, rb := 1<<30, 1<<30
		if a.Rank != nil {
			ra = *a.Rank
		}
		if b.Rank != nil {
			rb = *b.Rank
		}
		return cmp.Or(cmp.Compare(a.Group.Order(), b.Group.Order()), cmp.Compare(ra, rb), cmp.Compare(a.UnitID, b.UnitID))
	})
}

func averages(res, proc *big.Rat) Averages {
	if res == nil {
		return Averages{}
	}
	return Averages{ResultSatisfaction: ratio(res), ProcessSatisfaction: ratio(proc)}
}

func ratio(r *big.Rat) *Ratio {
	d := decimal.NewFromBigInt(r.Num(), 0).DivRound(decimal.NewFromBigInt(r.Denom(), 0), 8)
	return &Ratio{d}
}

// deductions lists what a unit lost in a month, by time: one entry per
// counted event, and one for organisation and each satisfaction item below
// full points.
func (e *Engine) deductions(us *unitScore, ms *monthScore, group unit.Group) []Deduction {
	p := e.pol
	out := make([]Deduction, 0, len(us.acc.deds)+3)
	for _, d := range us.acc.deds {
		x := Deduction{TicketID: e.ledger.tickets.id(d.ticket), EventID: e.ledger.ids.at(d.rec), Rule: d.rule, At: time.Unix(0, d.at).In(e.loc)}
		if d.waiver >= 0 {
			w := &e.fixes.waivers[d.waiver]
			x.Waived, x.WaiverReason, x.WaiverID, x.AppealID = true, w.reason, w.id, w.appeal
		}
		switch d.rule {
		case RuleLateReturn:
			x.Points = P(p.LateReturns.PerItem.Decimal)
		case RuleNoncompliantReturn:
			x.Points = P(p.NoncompliantReturns.PerItem.Decimal)
		case RuleOverdue:
			x.Points = P(p.Overdue.PerItem.Decimal)
			if d.from >= 0 {
				x.FromUnitID = e.ledger.reg.At(int(d.from)).ID
				x.Note = "超期责任由区长热线服务中心转至本单位"
			}
		case RuleSupervisionRejected, RuleMeetingAbsent:
			x.Points = P(p.Supervision.PerItem.Decimal)
		case RuleCriticized:
			x.Points = P(p.Criticism.PerItem.Decimal)
		}
		out = append(out, x)
	}
	slices.SortFunc(out, func(a, b Deduction) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.TicketID, b.TicketID), cmp.Compare(a.EventID, b.EventID), cmp.Compare(a.FromUnitID, b.FromUnitID))
	})
	s := us.scores
	if lost := p.Organization.Max.Decimal.Sub(s.Organization.Decimal); lost.IsPositive() {
		out = append(out, Deduction{Rule: RuleOrganization, Points: P(lost), Note: "组织机构建设考核"})
	}
	a := &us.acc
	avg, of := ms.averages.forGroup(p, group), "全区平均"
	if p.Satisfaction.Average == policy.GroupAverage {
		of = group.Label() + "组内平均"
	}
	for _, x := range []struct {
		rule Rule
		pts  Points
		sat  int32
		avg  *big.Rat
	}{
		{RuleResultSatisfaction, s.ResultSatisfaction, a.resultSat, avg.result},
		{RuleProcessSatisfaction, s.ProcessSatisfaction, a.procSat, avg.process},
	} {
		if lost := p.Satisfaction.Max.Decimal.Sub(x.pts.Decimal); lost.IsPositive() {
			out = append(out, Deduction{Rule: x.rule, Points: P(lost), Note: fmt.Sprintf("满意率 %s（%d/%d），%s %s",
				percent(big.NewRat(int64(x.sat), int64(a.connected))), x.sat, a.connected, of, percent(x.avg))})
		}
	}
	return out
}

func percent(r *big.Rat) string {
	d := decimal.NewFromBigInt(r.Num(), 0).Mul(decimal.NewFromInt(100)).DivRound(decimal.NewFromBigInt(r.Denom(), 0), 2)
	return d.StringFixed(2) + "%"
}

// returnedOverLimit lists the tickets returned more than the limit by the
// end of the period with at least one return in it.
func (e *Engine) returnedOverLimit(start, end int64) []ReturnedTicket {
	out := []ReturnedTicket{}
	for _, o := range e.tally.over {
		n, in := 0, false
		for _, at := range o.ats {
			if at < end {
				n++
				in = in || at >= start
			}
		}
		if !in || n <= e.pol.Returns.SuperviseOver {
			continue
		}
		rt := ReturnedTicket{TicketID: e.ledger.tickets.id(o.ticket), Returns: n}
		for _, u := range o.units {
			rt.Units = append(rt.Units, e.ledger.reg.At(int(u)).ID)
		}
		out = append(out, rt)
	}
	sortReturned(out)
	return out
}

// sortReturned orders returned tickets as the result lists them: most
// returns first, then by ticket id.
func sortReturned(ts []ReturnedTicket) {
	slices.SortFunc(ts, func(a, b ReturnedTicket) int {
		return cmp.Or(cmp.Compare(b.Returns, a.Returns), cmp.Compare(a.TicketID, b.TicketID))
	})
}

// correctionWarnings lists the corrections of [start, end) that change
// nothing: retractions of an unknown id or of a retraction, and waivers
// that match no deduction.
func (e *Engine) correctionWarnings(start, end int64) []string {
	ws := append(slices.Clone(e.fixes.warnings), e.fixes.unmatched(e.tally.waived, func(u int32) string { return e.ledger.reg.At(int(u)).ID })...)
	return inPeriod(ws, start, end)
}

// warnings lists the unknown units of month m, its corrections that change
// nothing and its returns that have no assignment.
func (e *Engine) warnings(m calendar.Month) []string {
	mi := m.Index()
	start, end := m.Start(e.loc).UnixNano(), m.End(e.loc).UnixNano()
	out := append(e.ledger.unknownWarnings(start, end, e.fixes.retracted), e.correctionWarnings(start, end)...)
	var orphans []orphanReturn
	for _, o := range e.tally.orphan {
		if e.tally.table.Index(o.at) == mi {
			orphans = append(orphans, o)
		}
	}
	slices.SortFunc(orphans, func(a, b orphanReturn) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(e.ledger.tickets.id(a.ticket), e.ledger.tickets.id(b.ticket)), cmp.Compare(a.unit, b.unit))
	})
	for i, o := range orphans {
		if i == maxOrphanWarnings {
			out = append(out, fmt.Sprintf("and %d more returns without an assignment (另有%d件无交办记录的回退)", len(orphans)-i, len(orphans)-i))
			break
		}
		out = append(out, fmt.Sprintf("ticket %q: return by unit %q at %s has no assignment, not judged for lateness (回退无交办记录，未判定是否超时)",
			e.ledger.tickets.id(o.ticket), e.ledger.reg.At(int(o.unit)).ID, time.Unix(0, o.at).In(e.loc).Format(time.RFC3339)))
	}
	return out
}
