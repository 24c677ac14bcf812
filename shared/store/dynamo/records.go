package dynamo

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/shizhong/hotline/shared/account"
	"github.com/shizhong/hotline/shared/appeal"
	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/store"
	"github.com/shizhong/hotline/shared/unit"
)

// The records are the items as DynamoDB stores them, separate from the
// domain types and converted explicitly.

// Attribute names the expressions use.
const (
	attrHash   = "h"
	attrBody   = "body"
	attrEvents = "events"
	attrBytes  = "bytes"
	attrLarge  = "large"
	attrFinal  = "final"
	attrStatus = "status"
	attrUnit   = "unit" // on assignments only: the unit, which by_assigned carries
)

// eventRecord is the item of one event.
type eventRecord struct {
	itemKey
	Hash string `dynamodbav:"h"`    // ContentHash, 16 hex digits
	Body string `dynamodbav:"body"` // the event as event.AppendJSON writes it
	Type string `dynamodbav:"type"`
	At   string `dynamodbav:"at"` // RFC 3339, as received

	Month      string `dynamodbav:"gsi1pk"`
	MonthSort  string `dynamodbav:"gsi1sk"`
	Due        string `dynamodbav:"gsi2pk,omitempty"`
	DueSort    string `dynamodbav:"gsi2sk,omitempty"`
	Ticket     string `dynamodbav:"gsi3pk,omitempty"`
	TicketSort string `dynamodbav:"gsi3sk,omitempty"`
	// An assignment's place in by_assigned, and the unit that index
	// carries; absent on every other event.
	Assigned     string `dynamodbav:"gsi4pk,omitempty"`
	AssignedSort string `dynamodbav:"gsi4sk,omitempty"`
	Unit         string `dynamodbav:"unit,omitempty"`
}

// newEventRecord is the item of an event in the zone loc.
func newEventRecord(e *event.Event, loc *time.Location) eventRecord {
	k := eventIndexKeys(e, loc)
	return eventRecord{
		itemKey: eventKey(e.ID),
		Hash:    hashString(e.ContentHash()),
		Body:    string(e.AppendJSON(nil)),
		Type:    e.Type.String(),
		At:      e.At.Format(time.RFC3339Nano),

		Month: k.Month, MonthSort: k.MonthSort,
		Due: k.Due, DueSort: k.DueSort,
		Ticket: k.Ticket, TicketSort: k.TicketSort,
		Assigned: k.Assigned, AssignedSort: k.AsgSort,
		Unit: assignedUnit(e),
	}
}

// assignedUnit is the unit attribute of an event's item: the unit of an
// assignment, none for other events.
func assignedUnit(e *event.Event) string {
	if e.Type != event.Assigned {
		return ""
	}
	return e.UnitID
}

// hashString writes a content hash as the store keeps it.
func hashString(h uint64) string { return fmt.Sprintf("%016x", h) }

// bodyRecord is what the indexes and scans return of an event: its body.
type bodyRecord struct {
	Body string `dynamodbav:"body"`
}

// event decodes the stored body.
func (r bodyRecord) event() (event.Event, error) {
	e, err := event.Decode([]byte(r.Body))
	if err != nil {
		return e, fmt.Errorf("stored event %.80q: %w", r.Body, err)
	}
	return e, nil
}

// hashRecord is what classifying a failed conditional put needs of the
// stored event.
type hashRecord struct {
	itemKey
	Hash string `dynamodbav:"h"`
}

// ticketRecord is the item of a ticket: a copy of the bodies of its events,
// grown with ADD in the transactions that put the events, so that a month
// reads whole ticket histories with BatchGetItem. Once the copies would
// pass ticketBytes the ticket is large: its item stops growing and its
// history is read from the by_ticket index instead.
type ticketRecord struct {
	itemKey
	Events []string `dynamodbav:"events,stringset"` // bodies, as in eventRecord
	Bytes  int      `dynamodbav:"bytes"`            // the sum of their lengths
	Large  bool     `dynamodbav:"large"`
}

// unitsRecord is the item holding the unit registry, in order.
type unitsRecord struct {
	itemKey
	Units []unitRecord `dynamodbav:"units"`
}

// unitRecord is one unit of the registry. Aliases (issue 15) is a list, in
// order, absent when the unit has none: the units of an item written before
// aliases read back as they were.
type unitRecord struct {
	ID      string   `dynamodbav:"id"`
	Name    string   `dynamodbav:"name"`
	Group   string   `dynamodbav:"group"`
	Aliases []string `dynamodbav:"aliases,omitempty"`
}

// newUnitsRecord is the item of a registry.
func newUnitsRecord(units []unit.Unit) unitsRecord {
	r := unitsRecord{itemKey: unitsKey(), Units: make([]unitRecord, len(units))}
	for i, u := range units {
		r.Units[i] = unitRecord{ID: u.ID, Name: u.Name, Group: string(u.Group)}
		if len(u.Aliases) > 0 { // omitempty writes an empty list, not nothing
			r.Units[i].Aliases = u.Aliases
		}
	}
	return r
}

// units is the registry an item holds; a unit without aliases has nil.
func (r unitsRecord) units() []unit.Unit {
	out := make([]unit.Unit, len(r.Units))
	for i, u := range r.Units {
		out[i] = unit.Unit{ID: u.ID, Name: u.Name, Group: unit.Group(u.Group)}
		if len(u.Aliases) > 0 {
			out[i].Aliases = u.Aliases
		}
	}
	return out
}

// resultRecord is the header of one version of a result; its body, and
// its summary when it has one, are in chunk items (see blob.go).
type resultRecord struct {
	itemKey
	Period      string    `dynamodbav:"period"`
	Version     int       `dynamodbav:"version"`
	Policy      string    `dynamodbav:"policy"`
	Fingerprint string    `dynamodbav:"fingerprint"`
	ComputedAt  time.Time `dynamodbav:"computed_at"`
	Final       bool      `dynamodbav:"final"`
	Blob        blobRef   `dynamodbav:"blob"`
	// Summary is where the summary is (store.Result.Summary); nil for a
	// version without one, which earlier programs wrote.
	Summary *blobRef `dynamodbav:"summary,omitempty"`
}

// newResultRecord is the header of a result whose body is at ref.
func newResultRecord(r store.Result, ref blobRef) resultRecord {
	return resultRecord{
		itemKey:     resultKey(r.Period, r.Version),
		Period:      r.Period,
		Version:     r.Version,
		Policy:      r.Policy,
		Fingerprint: r.Fingerprint,
		ComputedAt:  r.ComputedAt,
		Final:       r.Final,
		Blob:        ref,
	}
}

// result is the header as the port's type, without its body.
func (r resultRecord) result() store.Result {
	return store.Result{Header: store.Header{
		Period:      r.Period,
		Version:     r.Version,
		Policy:      r.Policy,
		Fingerprint: r.Fingerprint,
		ComputedAt:  r.ComputedAt,
		Final:       r.Final,
	}}
}

// blobRef says where a body's chunks are and how to check them.
type blobRef struct {
	Sum      string `dynamodbav:"sha256"`   // of the body, hex; names the chunk partition
	Size     int    `dynamodbav:"size"`     // bytes of the body
	Chunks   int    `dynamodbav:"chunks"`   // number of chunk items
	Encoding string `dynamodbav:"encoding"` // of the chunks joined: "gzip"
}

// chunkRecord is one part of a compressed body.
type chunkRecord struct {
	itemKey
	Data []byte `dynamodbav:"data"`
}

// accountRecord is the item of one account. The password hash is stored as
// is (account.Hash, the PHC string); times are RFC 3339 in UTC, absent when
// zero, like an account's unit.
type accountRecord struct {
	itemKey
	ID        string `dynamodbav:"id"`
	Name      string `dynamodbav:"name,omitempty"`
	Role      string `dynamodbav:"role"`
	UnitID    string `dynamodbav:"unit_id,omitempty"`
	Password  string `dynamodbav:"password"`
	Disabled  bool   `dynamodbav:"disabled"`
	RevokedAt string `dynamodbav:"revoked_at,omitempty"`
	CreatedAt string `dynamodbav:"created_at,omitempty"`
	UpdatedAt string `dynamodbav:"updated_at,omitempty"`
}

// accountAttributes are the attributes of an account item that
// UpdateAccount replaces: all but the keys, the id and created_at.
var accountAttributes = []string{"name", "role", "unit_id", "password", "disabled", "revoked_at", "updated_at"}

// newAccountRecord is the item of an account.
func newAccountRecord(a account.Account) accountRecord {
	return accountRecord{
		itemKey:   accountKey(a.ID),
		ID:        a.ID,
		Name:      a.Name,
		Role:      string(a.Role),
		UnitID:    a.UnitID,
		Password:  string(a.Password),
		Disabled:  a.Disabled,
		RevokedAt: instantString(a.RevokedAt),
		CreatedAt: instantString(a.CreatedAt),
		UpdatedAt: instantString(a.UpdatedAt),
	}
}

// account is the stored account as the domain type.
func (r accountRecord) account() (account.Account, error) {
	a := account.Account{ID: r.ID, Name: r.Name, Role: account.Role(r.Role), UnitID: r.UnitID,
		Password: account.Hash(r.Password), Disabled: r.Disabled}
	var err error
	if a.RevokedAt, err = parseInstant(r.RevokedAt); err != nil {
		return a, fmt.Errorf("stored account %q: revoked_at: %w", r.ID, err)
	}
	if a.CreatedAt, err = parseInstant(r.CreatedAt); err != nil {
		return a, fmt.Errorf("stored account %q: created_at: %w", r.ID, err)
	}
	if a.UpdatedAt, err = parseInstant(r.UpdatedAt); err != nil {
		return a, fmt.Errorf("stored account %q: updated_at: %w", r.ID, err)
	}
	return a, nil
}

// appealRecord is the item of one appeal. Body is the appeal as
// encoding/json writes it and is what is read back; status is what an
// update's condition compares; month and filed_at (timeKey) are there to
// be read in the console.
type appealRecord struct {
	itemKey
	ID      string `dynamodbav:"id"`
	Month   string `dynamodbav:"month"`
	Status  string `dynamodbav:"status"`
	FiledAt string `dynamodbav:"filed_at"`
	Body    string `dynamodbav:"body"`
}

// newAppealRecord is the item of an appeal under the key k.
func newAppealRecord(k itemKey, a appeal.Appeal) (appealRecord, error) {
	a = a.UTC()
	body, err := json.Marshal(a)
	if err != nil {
		return appealRecord{}, err
	}
	return appealRecord{itemKey: k, ID: a.ID, Month: a.Month, Status: string(a.Status),
		FiledAt: timeKey(a.FiledAt), Body: string(body)}, nil
}

// appeal decodes the stored body, every time in UTC.
func (r appealRecord) appeal() (appeal.Appeal, error) {
	var a appeal.Appeal
	if err := json.Unmarshal([]byte(r.Body), &a); err != nil {
		return appeal.Appeal{}, fmt.Errorf("stored appeal %q: %w", r.ID, err)
	}
	return a.UTC(), nil
}

// importRecord is the item of the record of an import: every field of
// store.Import, At as instantString writes it (the sort key has it in
// timeKey's form), Events absent when there are none.
type importRecord struct {
	itemKey
	ID        string         `dynamodbav:"id"`
	At        string         `dynamodbav:"at"`
	By        string         `dynamodbav:"by"`
	File      string         `dynamodbav:"file"`
	Mapping   string         `dynamodbav:"mapping"`
	Events    map[string]int `dynamodbav:"events,omitempty"`
	Stored    int            `dynamodbav:"stored"`
	Duplicate int            `dynamodbav:"duplicate"`
	Conflict  int            `dynamodbav:"conflict"`
	Problems  int            `dynamodbav:"problems"`
}

// newImportRecord is the item of the record rec.
func newImportRecord(rec store.Import) importRecord {
	r := importRecord{itemKey: importKey(rec.At, rec.ID), ID: rec.ID, At: instantString(rec.At), By: rec.By, File: rec.File,
		Mapping: rec.Mapping, Stored: rec.Stored, Duplicate: rec.Duplicate, Conflict: rec.Conflict, Problems: rec.Problems}
	if len(rec.Events) > 0 {
		r.Events = rec.Events
	}
	return r
}

// record is the stored record as the port's type, its time in UTC.
func (r importRecord) record() (store.Import, error) {
	at, err := parseInstant(r.At)
	if err != nil {
		return store.Import{}, fmt.Errorf("stored import %q: at: %w", r.ID, err)
	}
	rec := store.Import{ID: r.ID, At: at, By: r.By, File: r.File, Mapping: r.Mapping, Events: r.Events,
		Stored: r.Stored, Duplicate: r.Duplicate, Conflict: r.Conflict, Problems: r.Problems}
	if len(rec.Events) == 0 {
		rec.Events = nil
	}
	return rec, nil
}

// importIDRecord is the guard item of an import's id; Record is the sort
// key of the record that took it, for whoever reads the table.
type importIDRecord struct {
	itemKey
	Record string `dynamodbav:"record"`
}

// sessionRecord is the item of one session, under its token's hash (the
// key), never the token. TTL is when it expires, in seconds since the
// epoch: DynamoDB's time to live deletes the item some time after.
type sessionRecord struct {
	itemKey
	AccountID string `dynamodbav:"account_id"`
	CreatedAt string `dynamodbav:"created_at"`
	SeenAt    string `dynamodbav:"seen_at"`
	TTL       int64  `dynamodbav:"ttl"`
}

// newSessionRecord is the item of a session that expires at expires.
func newSessionRecord(s account.Session, expires time.Time) sessionRecord {
	return sessionRecord{
		itemKey:   sessionKey(s.TokenHash),
		AccountID: s.AccountID,
		CreatedAt: instantString(s.CreatedAt),
		SeenAt:    instantString(s.SeenAt),
		TTL:       ttlSeconds(expires),
	}
}

// session is the stored session of a token hash as the domain type.
func (r sessionRecord) session(tokenHash string) (account.Session, error) {
	s := account.Session{TokenHash: tokenHash, AccountID: r.AccountID}
	var err error
	if s.CreatedAt, err = parseInstant(r.CreatedAt); err != nil {
		return s, fmt.Errorf("stored session: created_at: %w", err)
	}
	if s.SeenAt, err = parseInstant(r.SeenAt); err != nil {
		return s, fmt.Errorf("stored session: seen_at: %w", err)
	}
	return s, nil
}

// ttlSeconds is the TTL attribute of an instant: whole seconds since the
// epoch, rounded up, so that DynamoDB never deletes a session before it
// expires.
func ttlSeconds(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// instantString writes an instant as RFC 3339 in UTC with its nanoseconds;
// the zero time is "".
func instantString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// parseInstant reads what instantString writes.
func parseInstant(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}
