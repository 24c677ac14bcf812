package appeal

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Status is where an appeal stands (pinned values, SPEC §12).
type Status string

// The statuses. An appeal is filed Open; it ends Granted or Rejected by the
// centre's decision, or Withdrawn by its unit, and never changes after.
const (
	Open      Status = "open"
	Granted   Status = "granted"
	Rejected  Status = "rejected"
	Withdrawn Status = "withdrawn"
)

// Label is the status as the page and the workbook write it.
func (s Status) Label() string {
	switch s {
	case Open:
		return "待处理"
	case Granted:
		return "已同意"
	case Rejected:
		return "已驳回"
	case Withdrawn:
		return "已撤回"
	}
	return string(s)
}

// Appeal is one appeal of one deduction (SPEC §12.2, §12.3), in the
// contract's JSON form. Nothing of it is ever deleted: each change of
// status is appended to History.
type Appeal struct {
	ID      string `json:"id"`
	Month   string `json:"month"`    // 2026-10
	UnitID  string `json:"unit_id"`  // the unit whose deduction it is
	EventID string `json:"event_id"` // the deduction's event (SPEC §8)
	Rule    string `json:"rule"`     // the deduction's rule (SPEC §8)
	// TicketID is the deduction's ticket, where it has one.
	TicketID string `json:"ticket_id,omitempty"`
	// Points are the deduction's points when the appeal was filed, as the
	// published version wrote them: the points lost, 0.5.
	Points json.Number `json:"points"`
	// Version is the published version of the month the appeal was filed
	// against.
	Version int       `json:"version"`
	Reason  string    `json:"reason"`
	Status  Status    `json:"status"`
	FiledBy string    `json:"filed_by"` // the account that filed it
	FiledAt time.Time `json:"filed_at"`
	// DecidedBy, DecidedAt and Note are the centre's decision, or the
	// unit's withdrawal (without a note).
	DecidedBy string     `json:"decided_by,omitempty"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
	Note      string     `json:"note,omitempty"`
	// Correction is what granting it recorded: the id and type of the
	// correcting event (deduction_waived, or overdue_reassigned with
	// ToUnitID, the unit the centre named responsible, 四(二)3).
	Correction     string `json:"correction,omitempty"`
	CorrectionType string `json:"correction_type,omitempty"`
	ToUnitID       string `json:"to_unit_id,omitempty"`
	// History is every state the appeal has been in, oldest first, with who
	// and when: the filing first.
	History []Change `json:"history"`
}

// Change is one entry of an appeal's history.
type Change struct {
	Status Status    `json:"status"`
	By     string    `json:"by"` // an account id
	At     time.Time `json:"at"`
	Note   string    `json:"note,omitempty"`
}

// ID is the id of the appeal of one deduction: the month, the unit, the
// deduction's event and rule, hashed, so that a deduction has one appeal
// and a store tells a second one by its id alone.
func ID(month, unitID, eventID, rule string) string {
	h := sha256.Sum256([]byte(month + "\x00" + unitID + "\x00" + eventID + "\x00" + rule))
	return "ap-" + month + "-" + hex.EncodeToString(h[:8])
}

// Filed is an open appeal with its first history entry, times in UTC.
func Filed(a Appeal, by string, at time.Time) Appeal {
	at = at.UTC().Round(0)
	a.Status, a.FiledBy, a.FiledAt = Open, by, at
	a.History = []Change{{Status: Open, By: by, At: at}}
	return a
}

// Decide ends an open appeal in status to (Granted, Rejected or Withdrawn)
// by the account by at the time at, with a note; a *NotOpenError when it
// has ended already.
func (a Appeal) Decide(to Status, by string, at time.Time, note string) (Appeal, error) {
	if a.Status != Open {
		return a, &NotOpenError{ID: a.ID, Status: a.Status}
	}
	at = at.UTC().Round(0)
	a.Status, a.DecidedBy, a.DecidedAt, a.Note = to, by, &at, note
	a.History = append(append([]Change(nil), a.History...), Change{Status: to, By: by, At: at, Note: note})
	return a, nil
}

// NotOpenError says an appeal has been decided or withdrawn already.
type NotOpenError struct {
	ID     string
	Status Status
}

func (e *NotOpenError) Error() string {
	return "appeal " + e.ID + " is " + string(e.Status) + " already (" + e.Status.Label() + "); only an open appeal can change"
}

// UTC is a with every time in UTC, as every store reads it back.
func (a Appeal) UTC() Appeal {
	a.FiledAt = a.FiledAt.UTC().Round(0)
	if a.DecidedAt != nil {
		t := a.DecidedAt.UTC().Round(0)
		a.DecidedAt = &t
	}
	h := make([]Change, len(a.History))
	for i, c := range a.History {
		c.At = c.At.UTC().Round(0)
		h[i] = c
	}
	a.History = h
	return a
}
