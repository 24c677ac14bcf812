package calendar

import (
	"fmt"
	"slices"
	"sync"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// The built-in data is read for the years SPEC §3 allows instants in; a
// year of them is known only when the data carries its arrangement.
const (
	scanFirstYear = 2000
	scanLastYear  = 2099
)

var (
	builtinOnce  sync.Once
	builtin      map[int32]bool // date key → is a working day, for dates the State Council arranged
	builtinKnown []int          // ascending: the years whose arrangement the data carries
)

// correction is a date the built-in data gets wrong, set right from the
// State Council's notice.
type correction struct {
	date   string
	work   bool
	notice string
}

// corrections are applied over lunar-go's data. Each names its notice; the
// test against testdata/state-council.txt finds any other disagreement.
var corrections = []correction{
	// 国办发明电〔2012〕33号, 三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。
	{date: "2013-04-07", work: true, notice: "国办发明电〔2012〕33号"},
	// 国办发明电〔2012〕33号, 七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。
	{date: "2013-10-12", work: true, notice: "国办发明电〔2012〕33号"},
}

// loadBuiltin reads lunar-go's holiday data (days off and make-up working
// days, 2001-12-29 onwards) and the corrections. A year is known when the
// data lists a day off of a festival of that year: 2001, of which the data
// holds only the two make-up days of the New Year of 2002, is not.
func loadBuiltin() {
	builtin = make(map[int32]bool, 1024)
	for y := scanFirstYear; y <= scanLastYear; y++ {
		known := false
		for e := HolidayUtil.GetHolidaysByYear(y).Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			d, err := ParseDate(h.GetDay())
			if err != nil {
				panic(fmt.Sprintf("calendar: built-in holiday data: %v", err))
			}
			builtin[d.key()] = h.IsWork()
			if t, err := ParseDate(h.GetTarget()); err == nil && !h.IsWork() && t.Year == y {
				known = true
			}
		}
		if known {
			builtinKnown = append(builtinKnown, y)
		}
	}
	for _, c := range corrections {
		d, err := ParseDate(c.date)
		if err != nil {
			panic(fmt.Sprintf("calendar: correction %s (%s): %v", c.date, c.notice, err))
		}
		builtin[d.key()] = c.work
	}
}

// BuiltinYears are the years, ascending, for which the built-in data
// carries the State Council's arrangement: the years every calendar knows.
func BuiltinYears() []int {
	builtinOnce.Do(loadBuiltin)
	return slices.Clone(builtinKnown)
}
