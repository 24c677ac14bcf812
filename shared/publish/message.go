package publish

import (
	"fmt"

	"github.com/shizhong/hotline/shared/score"
	"github.com/shizhong/hotline/shared/store"
)

// Latest is the content of latest.json: which version of a period was
// published last, and where its objects are.
type Latest struct {
	store.Header      // in UTC
	Keys         Keys `json:"keys"`
}

// Message is the SNS message of a publication, as JSON.
type Message struct {
	store.Header        // in UTC
	Bucket       string `json:"bucket"`
	Keys         Keys   `json:"keys"`
	// BottomUnits is the number of units ranked bottom of their group.
	BottomUnits int `json:"bottom_units"`
	// Bottom names them, each with the escalation the method orders (七),
	// so that the district office can act on the final version's message.
	Bottom []BottomUnit `json:"bottom"`
}

// BottomUnit is one unit ranked bottom, as the message names it.
type BottomUnit struct {
	UnitID     string            `json:"unit_id"`
	Name       string            `json:"name"`
	Group      string            `json:"group"`
	Total      *score.Points     `json:"total"`
	BottomRun  int               `json:"bottom_run"` // consecutive bottom months, 3 meaning 3 or more
	Escalation *score.Escalation `json:"escalation"`
	// Action is the escalation in the method's words: 区政府办公室通报批评,
	// or the 约谈 it orders.
	Action string `json:"action"`
}

// bottomOf lists the units of r ranked bottom, in the order of r.
func bottomOf(r *score.Result) []BottomUnit {
	out := []BottomUnit{}
	for _, u := range r.Units {
		if !u.Bottom {
			continue
		}
		b := BottomUnit{UnitID: u.UnitID, Name: u.Name, Group: string(u.Group), Total: u.Total, BottomRun: u.BottomRun, Escalation: u.Escalation}
		if u.Escalation != nil {
			b.Action = u.Escalation.Label()
		}
		out = append(out, b)
	}
	return out
}

// Subject is the message's subject: ASCII and under 100 characters, as SNS
// requires.
func (m Message) Subject() string {
	s := fmt.Sprintf("hotline ranking %s v%d", m.Period, m.Version)
	if m.Final {
		s += " (final)"
	}
	return s
}
