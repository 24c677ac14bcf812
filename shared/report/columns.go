package report

import (
	"strings"

	"github.com/shizhong/hotline/shared/score"
)

// column is one column of the per-unit CSV and worksheets.
type column struct {
	header string
	value  func(u *score.UnitResult) cell
}

// unitColumns are the per-unit columns: the items for a monthly result, the
// number of months assessed for an annual one.
func unitColumns(annual bool) []column {
	cols := []column{
		{"组别", func(u *score.UnitResult) cell { return textOf(u.Group.Label()) }},
		{"单位编号", func(u *score.UnitResult) cell { return textOf(u.UnitID) }},
		{"单位", func(u *score.UnitResult) cell { return textOf(u.Name) }},
		{"是否考核", func(u *score.UnitResult) cell { return textOf(yesNo(u.Assessed)) }},
		{"排名", func(u *score.UnitResult) cell { return intPtr(u.Rank) }},
		{"总分", func(u *score.UnitResult) cell { return pointsPtr(u.Total) }},
		{"等次", func(u *score.UnitResult) cell { return textOf(gradeLabel(u.Grade)) }},
	}
	if annual {
		cols = append(cols, column{"考核月数", func(u *score.UnitResult) cell { return intPtr(u.MonthsAssessed) }})
	} else {
		for _, it := range score.Items {
			cols = append(cols, column{it.Label(), func(u *score.UnitResult) cell {
				if u.Scores == nil {
					return cell{}
				}
				return pointsOf(u.Scores.Get(it))
			}})
		}
	}
	cols = append(cols,
		column{"排名靠后", func(u *score.UnitResult) cell { return textOf(yes(u.Bottom)) }},
		column{"问责", func(u *score.UnitResult) cell { return textOf(escalationLabel(u.Escalation)) }},
	)
	if !annual {
		cols = append(cols, column{"连续靠后月数", func(u *score.UnitResult) cell { return intOf(u.BottomRun) }})
	}
	counts := []struct {
		header string
		n      func(c *score.Counts) int
	}{
		{"回访工单数", func(c *score.Counts) int { return c.CallbackTickets }},
		{"接通数", func(c *score.Counts) int { return c.Connected }},
		{"结果满意数", func(c *score.Counts) int { return c.ResultSatisfied }},
		{"过程满意数", func(c *score.Counts) int { return c.ProcessSatisfied }},
		{"剔除不合理诉求数", func(c *score.Counts) int { return c.ExcludedUnreasonable }},
		{"超时回退数", func(c *score.Counts) int { return c.LateReturns }},
		{"未联系直接回退数", func(c *score.Counts) int { return c.NoncompliantUncontacted }},
		{"超期件数", func(c *score.Counts) int { return c.Overdue }},
		{"督办未通过数", func(c *score.Counts) int { return c.SupervisionRejected }},
		{"缺席会议数", func(c *score.Counts) int { return c.MeetingsAbsent }},
		{"通报批评次数", func(c *score.Counts) int { return c.Criticisms }},
		{"交办数", func(c *score.Counts) int { return c.Assigned }},
	}
	for _, c := range counts {
		cols = append(cols, column{c.header, func(u *score.UnitResult) cell { return intOf(c.n(&u.Counts)) }})
	}
	cols = append(cols, column{"标记", func(u *score.UnitResult) cell { return textOf(flagLabels(u.Flags)) }})
	return cols
}

func headers(cols []column) []string {
	h := make([]string, len(cols))
	for i, c := range cols {
		h[i] = c.header
	}
	return h
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func yes(b bool) string {
	if b {
		return "是"
	}
	return ""
}

func gradeLabel(g *score.Grade) string {
	if g == nil {
		return ""
	}
	return g.Label()
}

func escalationLabel(e *score.Escalation) string {
	if e == nil {
		return ""
	}
	return e.Label()
}

// flagLabels explains a unit's flags in Chinese, joined with "；".
func flagLabels(flags []string) string {
	s := make([]string, len(flags))
	for i, f := range flags {
		switch f {
		case score.FlagOrgDefault:
			s[i] = "无组织机构建设考核，按满分"
		case score.FlagNoConnectedCallbacks:
			s[i] = "无接通回访，满意率按满分"
		case score.FlagStaffingShort:
			s[i] = "月均交办超过100件而工作人员不足2人（四(一)）"
		default:
			s[i] = f
		}
	}
	return strings.Join(s, "；")
}
