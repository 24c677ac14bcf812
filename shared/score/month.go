package score

import (
	"cmp"
	"math/big"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/policy"
	"github.com/shizhong/hotline/shared/unit"
)

// monthScore is the scoring of one month, before it is dressed as a Result.
type monthScore struct {
	month    calendar.Month
	units    []unitScore
	averages averageSet
}

type unitScore struct {
	acc      acc
	assessed bool
	scores   Scores
	total    decimal.Decimal
	rank     int // 0 when not assessed
	bottom   bool
	flags    []string
}

// month scores month index mi, once; later calls share the result.
func (e *Engine) month(mi int) *monthScore {
	e.mu.Lock()
	defer e.mu.Unlock()
	if ms, ok := e.scored[mi]; ok {
		return ms
	}
	ms := e.scoreMonth(mi)
	e.scored[mi] = ms
	return ms
}

func (e *Engine) scoreMonth(mi int) *monthScore {
	reg := e.ledger.reg
	ms := &monthScore{month: calendar.MonthFromIndex(mi), units: make([]unitScore, reg.Len())}
	accs := e.tally.months[mi]
	for u := range ms.units {
		if accs != nil {
			ms.units[u].acc = accs[u]
		}
	}
	ms.averages = poolAverages(reg, func(u int) *acc { return &ms.units[u].acc })
	p := e.pol
	for u := range ms.units {
		us := &ms.units[u]
		a := &us.acc
		us.assessed = int(a.callbackTickets) >= p.Assessment.MonthlyMinCallbackTickets
		s := &us.scores
		s.Organization = e.organization(u, ms.month, us)
		s.LateReturns = deduct(p.LateReturns.Max.Decimal, p.LateReturns.PerItem.Decimal, a.late)
		s.NoncompliantReturns = deduct(p.NoncompliantReturns.Max.Decimal, p.NoncompliantReturns.PerItem.Decimal, a.noncompliant)
		s.Overdue = deduct(p.Overdue.Max.Decimal, p.Overdue.PerItem.Decimal, a.overdue)
		s.Supervision = deduct(p.Supervision.Max.Decimal, p.Supervision.PerItem.Decimal, a.supRejected+a.meetings)
		avg := ms.averages.forGroup(p, reg.At(u).Group)
		s.ResultSatisfaction = e.satisfaction(a.resultSat, a.connected, avg.result)
		s.ProcessSatisfaction = e.satisfaction(a.procSat, a.connected, avg.process)
		if a.connected == 0 {
			us.flags = append(us.flags, FlagNoConnectedCallbacks)
		}
		s.Criticism = P(p.Criticism.PerItem.Decimal.Mul(decimal.NewFromInt32(a.criticisms)))
		total := decimal.Zero
		for _, it := range Items[:len(Items)-1] {
			total = total.Add(s.Get(it).Decimal)
		}
		us.total = decimal.Max(decimal.Zero, total.Sub(s.Criticism.Decimal))
	}
	for _, g := range unit.Groups {
		e.rank(ms, g)
	}
	return ms
}

// deduct is an item of max points losing per for each of n counts, never
// below 0.
func deduct(max, per decimal.Decimal, n int32) Points {
	return P(decimal.Max(decimal.Zero, max.Sub(per.Mul(decimal.NewFromInt32(n)))))
}

// organization is 组织机构建设 (四(一)) from the latest assessment before the
// end of the month. A busy unit short of staff carries the flag
// staffing_short, and its staffing counts 0 unless the policy's
// staffing_rule is flag (SPEC §6 v1.1).
func (e *Engine) organization(u int, m calendar.Month, us *unitScore) Points {
	end := m.End(e.loc).UnixNano()
	list := e.orgs[u]
	i, _ := slices.BinarySearchFunc(list, end, func(o orgRecord, t int64) int { return cmp.Compare(o.at, t) })
	if i == 0 {
		us.flags = append(us.flags, FlagOrgDefault)
		return P(e.pol.Organization.Max.Decimal)
	}
	o := list[i-1]
	staffing := o.staffing
	if o.hasStaffCount && o.staffCount < e.pol.Organization.MinStaff && e.busy(u, m) {
		us.flags = append(us.flags, FlagStaffingShort)
		if e.pol.Organization.StaffingRule != policy.StaffingFlag {
			staffing = decimal.Zero
		}
	}
	return P(decimal.Min(e.pol.Organization.Max.Decimal, o.leadership.Add(staffing)))
}

// busy reports whether unit u averaged more assignments a month than the
// staffing threshold over January to m; a month the ledger holds in summary
// counts its summary (Ledger.CountAssignments).
func (e *Engine) busy(u int, m calendar.Month) bool {
	var sum int64
	for k := (calendar.Month{Year: m.Year, Month: 1}).Index(); k <= m.Index(); k++ {
		if n, ok := e.ledger.summarized(k, u); ok {
			sum += int64(n)
		} else if accs := e.tally.months[k]; accs != nil {
			sum += int64(accs[u].assigned)
		}
	}
	return sum > int64(e.pol.Organization.StaffingThreshold)*int64(m.Month)
}

// satisfaction is one satisfaction item (四(三)): full points at or above the
// average (the district's, or the group's under satisfaction.average:
// group), else the gap in percentage points costs per the mode.
func (e *Engine) satisfaction(sat, connected int32, avg *big.Rat) Points {
	s := e.pol.Satisfaction
	if connected == 0 || avg == nil {
		return P(s.Max.Decimal)
	}
	rate := big.NewRat(int64(sat), int64(connected))
	if rate.Cmp(avg) >= 0 {
		return P(s.Max.Decimal)
	}
	gapPP := new(big.Rat).Sub(avg, rate)
	gapPP.Mul(gapPP, big.NewRat(100, 1))
	var lost decimal.Decimal
	switch s.Mode {
	case "proportional":
		lost = ratDecimal(new(big.Rat).Mul(gapPP, s.PerPP.Decimal.Rat()))
	default: // stepwise: whole steps only
		steps := new(big.Rat).Quo(gapPP, s.StepPP.Decimal.Rat())
		whole := new(big.Int).Quo(steps.Num(), steps.Denom())
		lost = s.PerStep.Decimal.Mul(decimal.NewFromBigInt(whole, 0))
	}
	return P(decimal.Max(decimal.Zero, s.Max.Decimal.Sub(lost)))
}

// ratDecimal rounds a non-negative rational half-up to 2 decimals.
func ratDecimal(r *big.Rat) decimal.Decimal {
	scaled := new(big.Rat).Mul(r, big.NewRat(100, 1))
	scaled.Add(scaled, big.NewRat(1, 2))
	cents := new(big.Int).Quo(scaled.Num(), scaled.Denom())
	return decimal.NewFromBigInt(cents, -2)
}

// rank ranks the assessed units of group g by total, highest first; equal
// totals share a rank (1, 2, 2, 4), and marks the bottom units (SPEC §7):
// those with fewer than bottom_count assessed units of the group strictly
// below them and at least one strictly above, so that a unit sharing the
// group's best total is never bottom; no unit is bottom in a group of
// bottom_count or fewer assessed units, nor one whose total reaches the
// policy's bottom_max_total.
func (e *Engine) rank(ms *monthScore, g unit.Group) {
	var idx []int
	for u := range ms.units {
		if ms.units[u].assessed && e.ledger.reg.At(u).Group == g {
			idx = append(idx, u)
		}
	}
	slices.SortFunc(idx, func(a, b int) int { return ms.units[b].total.Cmp(ms.units[a].total) })
	n, bc := len(idx), e.pol.Ranking.BottomCount
	for i, u := range idx {
		if i > 0 && ms.units[u].total.Equal(ms.units[idx[i-1]].total) {
			ms.units[u].rank = ms.units[idx[i-1]].rank
		} else {
			ms.units[u].rank = i + 1
		}
	}
	if n <= bc {
		return
	}
	for i := n - 1; i >= 0; i-- {
		us := &ms.units[idx[i]]
		if us.rank == 1 {
			break // the group's best total: nobody is above it
		}
		// The units tied with this one end at the last index of its tie.
		end := i
		for end+1 < n && ms.units[idx[end+1]].total.Equal(us.total) {
			end++
		}
		if below := n - 1 - end; below >= bc {
			break
		}
		if max := e.pol.Ranking.BottomMaxTotal; max != nil && us.total.GreaterThanOrEqual(max.Decimal) {
			continue
		}
		us.bottom = true
	}
}

// grade is the grade of a total (五).
func (e *Engine) grade(total decimal.Decimal) Grade {
	g := e.pol.Grades
	switch {
	case total.GreaterThanOrEqual(g.Excellent.Decimal):
		return Excellent
	case total.GreaterThanOrEqual(g.Good.Decimal):
		return Good
	case total.GreaterThanOrEqual(g.Pass.Decimal):
		return Pass
	}
	return Fail
}

// MaxBottomRun is the longest run of bottom months the engine counts: the
// method escalates no further after three (七), and counting no further lets
// a month be computed from its own year and the two months before it.
const MaxBottomRun = 3

// bottomRun is the number of consecutive months ending at mi in which unit u
// was bottom, up to MaxBottomRun; a month in which it was not assessed breaks
// the run. An earlier month of the official record counts by its final
// version's flag (SPEC §12.4, WithOfficial), even one before the events.
func (e *Engine) bottomRun(mi, u int) int {
	run := 0
	for k := mi; run < MaxBottomRun && (k >= e.firstMonth() || e.inOfficial(k)); k-- {
		if !e.wasBottom(k, mi, u) {
			break
		}
		run++
	}
	return run
}

// escalation is the consequence of a run of bottom months (七).
func escalation(run int) *Escalation {
	var x Escalation
	switch {
	case run <= 0:
		return nil
	case run == 1:
		x = Notice
	case run == 2:
		x = InterviewDeputy
	default:
		x = InterviewPrincipal
	}
	return &x
}
