package gen

import (
	"strconv"
	"time"

	"github.com/shizhong/hotline/shared/event"
)

// unitEvents writes the events of the month that belong to no ticket: the
// organisation assessments of the year, criticisms and absences.
func (g *generator) unitEvents(p *monthPlan) error {
	r := g.r
	if p.orgs {
		d := g.clk.firstWorkday(g.clk.day(p.month.Start(g.clk.loc).Unix()) + 2)
		for k, u := range g.d.units {
			at := g.clk.start[d] + 9*hour + 30*minute + int64(k%240)*2*minute
			q := g.d.quality[k]
			lead := min(35+q*8/1000+r.IntN(8), 50)
			staff := min(35+q*8/1000+r.IntN(8), 50)
			b := append([]byte(`{"id":"org-`), strconv.Itoa(p.month.Year)...)
			b = append(b, '-')
			b = append(b, u.ID...)
			b = append(b, `","type":"org_assessed","at":"`...)
			b = g.clk.time(at).AppendFormat(b, timeLayout)
			b = append(b, `","unit_id":"`...)
			b = append(b, u.ID...)
			b = append(b, `","leadership":`...)
			b = appendTenths(b, lead)
			b = append(b, `,"staffing":`...)
			b = appendTenths(b, staff)
			b = append(b, `,"staff_count":`...)
			b = strconv.AppendInt(b, int64(1+r.IntN(5)), 10)
			b = append(b, '}')
			ev, err := event.Decode(b)
			if err != nil {
				return err
			}
			g.ev = ev
			g.write()
		}
	}
	var crit, absent event.Event
	for k := range p.crit {
		g.ev = event.Event{
			ID: "crit-" + p.label() + "-" + strconv.Itoa(k+1), Type: event.Criticized,
			At: g.clk.time(g.officeHours(p)), UnitID: g.d.units[g.d.pickWeak(r)].ID,
			Reason: event.CriticismReasons[r.IntN(len(event.CriticismReasons))],
		}
		g.write()
		if k == 0 {
			crit = g.ev
		}
	}
	for k := range p.absent {
		g.ev = event.Event{
			ID: "absent-" + p.label() + "-" + strconv.Itoa(k+1), Type: event.MeetingAbsent,
			At: g.clk.time(g.officeHours(p)), UnitID: g.d.units[g.d.pickWeak(r)].ID,
			Meeting: event.Meetings[r.IntN(len(event.Meetings))],
		}
		g.write()
		if k == 0 {
			absent = g.ev
		}
	}
	g.corrections(p, &crit, &absent)
	return nil
}

// corrections writes the centre's corrections of the month, a few working
// days after what they correct (often in the next month): of a month with
// three criticisms or more, the first is waived on appeal; of a month with
// an absence, the first is entered twice by mistake and the copy retracted.
func (g *generator) corrections(p *monthPlan, crit, absent *event.Event) {
	if p.crit >= 3 {
		g.ev = event.Event{
			ID: "waiver-" + p.label() + "-1", Type: event.DeductionWaived,
			At:     g.clk.time(g.clk.addWorking(crit.At.Unix(), 3*day+g.fix.Int64N(day))),
			UnitID: crit.UnitID, Rule: "criticized", EventID: crit.ID,
			Reason:   waiverReasons[g.fix.IntN(len(waiverReasons))],
			AppealID: "appeal-" + p.label() + "-1",
		}
		g.write()
	}
	if p.absent >= 1 {
		dup := *absent
		dup.ID = "absent-" + p.label() + "-dup"
		dup.At = absent.At.Add(time.Duration(2+g.fix.IntN(10)) * time.Minute)
		g.ev = dup
		g.write()
		g.ev = event.Event{
			ID: "retraction-" + p.label() + "-1", Type: event.Retracted,
			At:      g.clk.time(g.clk.addWorking(dup.At.Unix(), day+g.fix.Int64N(day))),
			EventID: dup.ID, Reason: retractionReasons[g.fix.IntN(len(retractionReasons))],
		}
		g.write()
	}
}

// officeHours is a random instant of the month on a working day, 9:00–17:00.
func (g *generator) officeHours(p *monthPlan) int64 {
	first := g.clk.day(p.month.Start(g.clk.loc).Unix())
	end := p.month.End(g.clk.loc).Unix()
	n := g.clk.day(end-1) - first + 1
	d := first + g.r.IntN(n)
	for !g.clk.work[d] && d > first {
		d--
	}
	for !g.clk.work[d] && g.clk.start[d+1] < end {
		d++
	}
	return g.clk.start[d] + 9*hour + g.r.Int64N(8*hour)
}

// appendTenths appends n/10 with one decimal, e.g. 42 → 4.2.
func appendTenths(b []byte, n int) []byte {
	b = strconv.AppendInt(b, int64(n/10), 10)
	return append(b, '.', byte('0'+n%10))
}
