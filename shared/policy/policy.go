package policy

import (
	"time"

	"github.com/shizhong/hotline/shared/calendar"
)

// BuiltinID is the id of the built-in policy: the district's method.
const BuiltinID = "shizhong-2022-7"

// The satisfaction modes (pinned values of satisfaction.mode).
const (
	Stepwise     = "stepwise"
	Proportional = "proportional"
)

// The satisfaction averages (pinned values of satisfaction.average, SPEC §6
// v1.1): the rate every unit is compared with.
const (
	DistrictAverage = "district" // pooled over all units of all groups (全区平均), the default
	GroupAverage    = "group"    // pooled over the units of the unit's own group
)

// The staffing rules (pinned values of organization.staffing_rule, SPEC §6
// v1.1): what happens when a busy unit has too few staff (四(一)).
const (
	StaffingZero = "zero" // staffing counts 0, with the flag staffing_short; the default
	StaffingFlag = "flag" // the centre's staffing score stands; the flag staffing_short only
)

// Policy is every constant of the method. Each item's comment names the
// clause of the method it comes from.
type Policy struct {
	ID       string `yaml:"id"`
	Version  int    `yaml:"version"`  // the policy file format, 1
	Timezone string `yaml:"timezone"` // month boundaries and working days (SPEC §4)

	Organization        Organization `yaml:"organization"`         // 四(一)
	LateReturns         LateReturns  `yaml:"late_returns"`         // 四(二)1
	NoncompliantReturns Deduction    `yaml:"noncompliant_returns"` // 四(二)2
	Overdue             Deduction    `yaml:"overdue"`              // 四(二)3
	Supervision         Deduction    `yaml:"supervision"`          // 四(二)4
	Satisfaction        Satisfaction `yaml:"satisfaction"`         // 四(三)
	Criticism           Criticism    `yaml:"criticism"`            // 六(二)
	Grades              Grades       `yaml:"grades"`               // 五
	Ranking             Ranking      `yaml:"ranking"`              // 七
	Assessment          Assessment   `yaml:"assessment"`           // 二
	Returns             Returns      `yaml:"returns"`              // 四(二)1, second paragraph
	// Appeals is the month's cycle (SPEC v1.1 §12), not a rule of the
	// scores: it does not enter the fingerprint.
	Appeals Appeals `yaml:"appeals,omitempty"`
}

// Appeals is the month's cycle: how long units may appeal, and whether the
// month end makes a month final by itself (pinned keys, SPEC v1.1 §12).
type Appeals struct {
	// WindowWorkingDays is how many working days after the first
	// provisional publication a unit may appeal (default 3).
	WindowWorkingDays int `yaml:"window_working_days"`
	// AutoFinalize: the daily month end makes final every month whose
	// window has closed with no open appeal (default true).
	AutoFinalize bool `yaml:"auto_finalize"`
}

// Organization is 组织机构建设: leadership and staffing, 5 points each.
type Organization struct {
	Max Number `yaml:"max"`
	// StaffingThreshold: a unit with more than this many assignments a month
	// on average must have at least MinStaff staff, or staffing counts 0.
	StaffingThreshold int `yaml:"staffing_threshold"`
	MinStaff          int `yaml:"min_staff"`
	// StaffingRule is StaffingZero or StaffingFlag (pinned key).
	StaffingRule string `yaml:"staffing_rule,omitempty"`
}

// Deduction is an item that loses PerItem points for each counted event,
// down to 0 from Max.
type Deduction struct {
	Max     Number `yaml:"max"`
	PerItem Number `yaml:"per_item"`
}

// LateReturns is 回退件: a return later than WorkingHours working hours after
// receipt loses PerItem.
type LateReturns struct {
	Deduction    `yaml:",inline"`
	WorkingHours int `yaml:"working_hours"`
}

// Satisfaction is 群众满意率, applied to the result and to the process rate.
type Satisfaction struct {
	Mode            string   `yaml:"mode"`              // stepwise | proportional (pinned)
	SatisfiedLevels []string `yaml:"satisfied_levels"`  // answers that count as satisfied (pinned)
	Max             Number   `yaml:"max"`               // per rate
	StepPP          Number   `yaml:"step_pp"`           // stepwise: the step, in percentage points
	PerStep         Number   `yaml:"per_step"`          // stepwise: points lost per whole step
	PerPP           Number   `yaml:"per_pp"`            // proportional: points lost per percentage point
	Average         string   `yaml:"average,omitempty"` // DistrictAverage or GroupAverage (pinned)
}

// Criticism is 通报批评: each notice subtracts PerItem from the total.
type Criticism struct {
	PerItem Number `yaml:"per_item"`
}

// Grades are the lower bounds (inclusive) of the grades 优秀, 良好, 达标.
type Grades struct {
	Excellent Number `yaml:"excellent"`
	Good      Number `yaml:"good"`
	Pass      Number `yaml:"pass"`
}

// Ranking is 排名靠后: how many units at the bottom of a group.
type Ranking struct {
	BottomCount int `yaml:"bottom_count"` // pinned
	// BottomMaxTotal, when set, spares every unit whose total is at or above
	// it from being bottom (pinned key; e.g. 85, so that no 优秀 unit is
	// criticised). Nil: none.
	BottomMaxTotal *Number `yaml:"bottom_max_total,omitempty"`
}

// Assessment is 考核对象: the callback tickets that make a unit assessed.
type Assessment struct {
	MonthlyMinCallbackTickets int `yaml:"monthly_min_callback_tickets"`
	AnnualMinCallbackTickets  int `yaml:"annual_min_callback_tickets"`
}

// Returns is the supervision of tickets returned too often.
type Returns struct {
	SuperviseOver int `yaml:"supervise_over"` // a ticket returned more than this many times is listed
}

func dec(s string) Number { return N(s) }

// Builtin returns the district's method as a policy.
func Builtin() *Policy {
	return &Policy{
		ID:                  BuiltinID,
		Version:             1,
		Timezone:            calendar.DefaultZone,
		Organization:        Organization{Max: dec("10"), StaffingThreshold: 100, MinStaff: 2, StaffingRule: StaffingZero},
		LateReturns:         LateReturns{Deduction: Deduction{Max: dec("10"), PerItem: dec("0.2")}, WorkingHours: 24},
		NoncompliantReturns: Deduction{Max: dec("10"), PerItem: dec("0.5")},
		Overdue:             Deduction{Max: dec("20"), PerItem: dec("0.5")},
		Supervision:         Deduction{Max: dec("10"), PerItem: dec("0.5")},
		Satisfaction: Satisfaction{
			Mode:            Stepwise,
			SatisfiedLevels: []string{"satisfied", "basically_satisfied"},
			Max:             dec("20"),
			StepPP:          dec("0.1"),
			PerStep:         dec("0.05"),
			PerPP:           dec("0.5"),
			Average:         DistrictAverage,
		},
		Criticism:  Criticism{PerItem: dec("0.5")},
		Grades:     Grades{Excellent: dec("85"), Good: dec("75"), Pass: dec("60")},
		Ranking:    Ranking{BottomCount: 3},
		Assessment: Assessment{MonthlyMinCallbackTickets: 1, AnnualMinCallbackTickets: 5},
		Returns:    Returns{SuperviseOver: 3},
		Appeals:    Appeals{WindowWorkingDays: 3, AutoFinalize: true},
	}
}

// Location loads the policy's time zone.
func (p *Policy) Location() (*time.Location, error) { return time.LoadLocation(p.Timezone) }
