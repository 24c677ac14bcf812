package report

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/score"
)

// appealsSheet is the sheet of the month's appeals (SPEC v1.1 §12).
const appealsSheet = "申诉处理"

// appealHeaders are the columns of the 申诉处理 sheet: the appeal, the
// deduction it is of, the filing, the decision, what granting it recorded
// and the points it moved for its unit.
var appealHeaders = []string{"申诉编号", "单位", "扣分规则", "工单", "事件", "扣分", "申诉理由", "申诉人", "申诉时间",
	"状态", "处理人", "处理时间", "处理意见", "更正方式", "变动分值"}

// The corrections granting an appeal records (SPEC §12.3), as the event
// types name them.
const (
	deductionWaived   = "deduction_waived"
	overdueReassigned = "overdue_reassigned"
)

// appealRows are the rows of the 申诉处理 sheet, one per appeal in the
// order given (the store's: oldest filing first), or one row saying the
// month has none. 变动分值 is what the appeal gave back to its unit: the
// deduction's points when granted, 0 otherwise. Points are read exactly
// from their decimal text; an appeal whose points are not a number is an
// error naming it.
func appealRows(r *score.Result, appeals []appeal.Appeal) ([][]cell, error) {
	if len(appeals) == 0 {
		return [][]cell{{textOf("本月无申诉")}}, nil
	}
	names, zone := namesOf(r), appealZone(r)
	when := func(t time.Time) cell {
		if t.IsZero() {
			return cell{}
		}
		return textOf(localTime(t, zone))
	}
	rows := make([][]cell, len(appeals))
	for i, a := range appeals {
		d, err := decimal.NewFromString(string(a.Points))
		if err != nil {
			return nil, fmt.Errorf("appeal %s: points %q are not a number", a.ID, string(a.Points))
		}
		moved := decimal.Zero
		if a.Status == appeal.Granted {
			moved = d.Abs() // a deduction's points, as the result writes them (0.5), or as a loss (-0.5)
		}
		var decided time.Time
		if a.DecidedAt != nil {
			decided = *a.DecidedAt
		}
		rows[i] = []cell{
			textOf(a.ID), textOf(names.name(a.UnitID)), textOf(score.Rule(a.Rule).Label()), textOf(a.TicketID),
			textOf(a.EventID), pointsOf(score.P(d)), textOf(a.Reason), textOf(a.FiledBy), when(a.FiledAt),
			textOf(a.Status.Label()), textOf(a.DecidedBy), when(decided), textOf(a.Note),
			textOf(correctionLabel(a, names)), pointsOf(score.P(moved)),
		}
	}
	return rows, nil
}

// correctionLabel is what granting a recorded, for a person: 扣分核销, or
// 责任改判至 and the unit the centre named responsible; "" for an appeal
// not granted.
func correctionLabel(a appeal.Appeal, names unitNames) string {
	switch a.CorrectionType {
	case deductionWaived:
		return "扣分核销"
	case overdueReassigned:
		return "责任改判至" + names.name(a.ToUnitID)
	}
	return a.CorrectionType
}

// appealZone is the zone the appeals' times are shown in: the result's
// (zone.go), or the default policy zone for a result without an as-of time.
func appealZone(r *score.Result) *time.Location {
	if r.AsOf.IsZero() {
		return calendar.DefaultLocation()
	}
	return zoneOf(r)
}
