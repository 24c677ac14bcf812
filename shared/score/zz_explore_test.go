package score_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shizhong/hotline/shared/calendar"
)

func TestZZExplore(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	c := calendar.New(loc)
	for d := (calendar.Date{2026, 9, 15}); d.Month < 11; d = d.Next() {
		fmt.Println(d, d.Weekday(), c.IsWorkday(d))
	}
	for _, s := range []string{"2026-01-01", "2026-02-14", "2026-02-28", "2026-05-01", "2026-05-09"} {
		d, _ := calendar.ParseDate(s)
		fmt.Println(d, d.Weekday(), c.IsWorkday(d))
	}
}
