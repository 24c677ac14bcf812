package score

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/unit"
)

// Origin is where an event came from, for error messages: a file and line,
// or a request.
type Origin struct {
	File string
	Line int
}

func (o Origin) String() string {
	if o.Line == 0 {
		return o.File
	}
	return fmt.Sprintf("%s:%d", o.File, o.Line)
}

// ConflictError is an event id seen twice with different content (SPEC §5).
type ConflictError struct {
	ID            string
	First, Second Origin
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s: event id %q conflicts with %s: the same id with different content", e.Second, e.ID, e.First)
}

// Ledger is the set of events the engine scores: every id once, in a compact
// form (about 40 bytes an event) so that a Beijing-scale month fits in
// memory. The order events are added in never matters. Add, AddHashed and
// AddBatch may be called from many goroutines at once (shards.go); the
// other methods, and the engine, read a ledger no longer being added to.
type Ledger struct {
	reg *unit.Registry

	seen   [numShards]seenShard   // by event id
	shards [numShards]ticketShard // by ticket id

	tickets ticketNames // a ticket's id by its number
	ids     recordIDs   // a record's event id by its number

	mu      sync.Mutex // guards what follows, up to assignments
	files   []string
	fileIdx map[string]uint32

	orgs        []orgRecord
	waivers     []waiver       // deduction_waived events (SPEC §5 v1.1)
	retractions []retraction   // retracted events
	unknown     []unknownEvent // events left out for a unit not in the registry
	minAt       int64          // of the events above
	maxAt       int64

	assignments map[int][]int32 // months read in summary (CountAssignments): month index → per unit
	sum         [2]uint64       // the fingerprint of the assignments counted in summary
}

type seenEvent struct {
	content uint64
	line    uint32
	file    uint32
}

// record is an event reduced to what the rules read: 40 bytes, no pointer.
type record struct {
	at     int64 // Unix nanoseconds
	due    int64 // assigned: the deadline, Unix nanoseconds
	ticket uint32
	unit   int32  // registry index, or -1
	to     int32  // overdue_reassigned: the registry index taking the count, or -1 to waive
	tie    uint32 // orders the records of one instant: the low half of idHash
	idHi   uint32 // the high half of idHash
	kind   event.Type
	bits   uint8 // noncompliant, citizen contacted, connected
	result uint8 // callback answers: answerCode
	proc   uint8
}

// idHash is the 64-bit hash of the record's event id, by which corrections
// name it (idHash of its IDKey).
func (r *record) idHash() uint64 { return uint64(r.idHi)<<32 | uint64(r.tie) }

// idHash is the 64-bit hash under which the ledger knows an event id beside
// its full IDKey: what a record keeps of its id. Two ids of a district share
// it with a probability of about n²/2⁶⁵ (n = 7 million: under 10⁻⁵); the
// full key still decides whether an id exists at all.
func idHash(k event.IDKey) uint64 { return uint64(uint32(k[0]))<<32 | uint64(uint32(k[1])) }

const (
	bitNoncompliant uint8 = 1 << iota
	bitContacted
	bitConnected
)

type orgRecord struct {
	unit          int32
	at            int64
	tie           uint32
	id            uint64 // idHash of the event's id
	leadership    decimal.Decimal
	staffing      decimal.Decimal
	staffCount    int
	hasStaffCount bool
}

// answerCode numbers the callback answers; 0 is no answer.
func answerCode(s string) uint8 {
	for i, a := range event.Answers {
		if a == s {
			return uint8(i + 1)
		}
	}
	return 0
}

// NewLedger returns an empty set of events for the units of reg.
func NewLedger(reg *unit.Registry) *Ledger {
	l := &Ledger{
		reg:     reg,
		fileIdx: map[string]uint32{},
		minAt:   math.MaxInt64,
		maxAt:   math.MinInt64,
	}
	for s := range numShards {
		l.shards[s] = newTicketShard()
	}
	l.tickets = ticketNames{&l.shards}
	l.ids = recordIDs{&l.shards}
	return l
}

// Registry returns the unit registry of the ledger.
func (l *Ledger) Registry() *unit.Registry { return l.reg }

// Len is the number of distinct events added, including those left out
// for an unknown unit.
func (l *Ledger) Len() int {
	n := 0
	for s := range l.seen {
		n += l.seen[s].seen.Len()
	}
	return n
}

// has tells whether the ledger holds an event of id key.
func (l *Ledger) has(key event.IDKey) bool {
	_, ok := l.seen[seenShardOf(key)].seen.get(key)
	return ok
}

// Grow makes room for about n more events, so that a large input is read
// without copying the record tables or rehashing the ids again and again.
func (l *Ledger) Grow(n int) {
	for s := range numShards {
		l.seen[s].grow(n / numShards)
		l.shards[s].grow(n / numShards)
	}
}

// Add adds a valid event. The same id with the same content again is a no-op
// (added false); with different content it is a *ConflictError naming both
// origins. An event of a unit that is not in the registry is counted for a
// warning and otherwise left out.
func (l *Ledger) Add(e *event.Event, from Origin) (added bool, err error) {
	return l.AddHashed(e, e.Key(), e.ContentHash(), from)
}

// AddHashed is Add with the event's Key and ContentHash already computed
// (event.ReadLines computes them on its decoding goroutines).
func (l *Ledger) AddHashed(e *event.Event, key event.IDKey, content uint64, from Origin) (added bool, err error) {
	return l.add(e, key, content, uint32(from.Line), l.file(from.File))
}

func (l *Ledger) add(e *event.Event, key event.IDKey, content uint64, line, file uint32) (added bool, err error) {
	ss := &l.seen[seenShardOf(key)]
	ss.mu.Lock()
	fresh, prev := ss.put(key, seenEvent{content: content, line: line, file: file})
	ss.mu.Unlock()
	if !fresh {
		if prev.content == content {
			return false, nil
		}
		return false, l.conflict(e.ID, prev, seenEvent{content, line, file})
	}
	if t, ok := l.keep(e, key, nil); ok {
		ts := &l.shards[t.shard]
		ts.mu.Lock()
		ts.add(t)
		ts.mu.Unlock()
	}
	return true, nil
}

// keep reduces a new event to what the rules read. The record of an event
// of a ticket, or of none, is returned for its ticket shard (ok true);
// every other event is kept here, under l.mu.
func (l *Ledger) keep(e *event.Event, key event.IDKey, cache *unitCache) (t ticketRecord, ok bool) {
	id := idHash(key)
	r := record{at: e.At.UnixNano(), unit: -1, to: -1, tie: uint32(id), idHi: uint32(id >> 32), kind: e.Type}
	if e.Type == event.Retracted {
		l.mu.Lock()
		l.retractions = append(l.retractions, retraction{id: e.ID, key: id, at: r.at, target: event.KeyOf(e.EventID), eventID: e.EventID})
		l.span(r.at)
		l.mu.Unlock()
		return t, false
	}
	if needsUnit(e.Type) {
		i, ok := l.unitIndex(e.UnitID, cache)
		if !ok {
			l.leaveOut(e.UnitID, r.at, id)
			return t, false
		}
		r.unit = int32(i)
	}
	switch e.Type {
	case event.DeductionWaived:
		l.mu.Lock()
		l.waivers = append(l.waivers, waiver{
			id: e.ID, key: id, at: r.at, unit: r.unit, rule: Rule(e.Rule),
			event: idHash(event.KeyOf(e.EventID)), eventID: e.EventID, reason: e.Reason, appeal: e.AppealID,
		})
		l.span(r.at)
		l.mu.Unlock()
		return t, false
	case event.Assigned:
		r.due = e.DueAt.UnixNano()
	case event.Returned:
		if e.Noncompliant {
			r.bits |= bitNoncompliant
		}
		if e.CitizenContacted {
			r.bits |= bitContacted
		}
	case event.Callback:
		if e.Connected {
			r.bits |= bitConnected
			r.result, r.proc = answerCode(e.Result), answerCode(e.Process)
		}
	case event.OverdueReassigned:
		if e.ToUnitID != "" {
			i, ok := l.reg.Index(e.ToUnitID)
			if !ok {
				l.leaveOut(e.ToUnitID, r.at, id)
				return t, false
			}
			r.to = int32(i)
		}
	case event.OrgAssessed:
		l.mu.Lock()
		l.orgs = append(l.orgs, orgRecord{
			unit: r.unit, at: r.at, tie: r.tie, id: id,
			leadership: e.Leadership, staffing: e.Staffing,
			staffCount: e.StaffCount, hasStaffCount: e.HasStaffCount,
		})
		l.span(r.at)
		l.mu.Unlock()
		return t, false
	}
	t = ticketRecord{r: r, ticket: e.TicketID, hash: ticketHash(e.TicketID)}
	t.shard = ticketShardOf(t.hash)
	if causesDeduction(e.Type) {
		t.eventID = e.ID
	}
	return t, true
}

// unitCache remembers the unit looked up last, for AddBatch: the events
// of a ticket, which come together, are mostly of one unit.
type unitCache struct {
	id    string
	index int
}

// unitIndex is the registry's index of unit id, through cache if not nil.
func (l *Ledger) unitIndex(id string, cache *unitCache) (int, bool) {
	if cache == nil {
		return l.reg.Index(id)
	}
	if cache.id == id && id != "" {
		return cache.index, true
	}
	i, ok := l.reg.Index(id)
	if ok {
		cache.id, cache.index = id, i
	}
	return i, ok
}

// conflict is the error of an id seen at prev and again at next with other
// content, naming first the origin that comes first in the input (files in
// the order they were first added from, lines in order), whichever of the
// two was added first.
func (l *Ledger) conflict(id string, prev, next seenEvent) error {
	if next.file < prev.file || next.file == prev.file && next.line < prev.line {
		prev, next = next, prev
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return &ConflictError{ID: id, First: Origin{l.files[prev.file], int(prev.line)}, Second: Origin{l.files[next.file], int(next.line)}}
}

// leaveOut counts an event of a unit not in the registry for a warning.
func (l *Ledger) leaveOut(unit string, at int64, id uint64) {
	l.mu.Lock()
	l.unknown = append(l.unknown, unknownEvent{unit: unit, at: at, id: id})
	l.mu.Unlock()
}

// needsUnit tells the types whose unit_id is required and scored.
func needsUnit(t event.Type) bool { return t != event.UnreasonableApproved && t != event.Retracted }

// causesDeduction tells the types whose events a deduction may name (SPEC
// §8 v1.1 event_id): the ledger keeps the ids of these only.
func causesDeduction(t event.Type) bool {
	switch t {
	case event.Assigned, event.Returned, event.SupervisionRejected, event.MeetingAbsent, event.Criticized:
		return true
	}
	return false
}

func (l *Ledger) file(name string) uint32 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i, ok := l.fileIdx[name]; ok {
		return i
	}
	i := uint32(len(l.files))
	l.fileIdx[name] = i
	l.files = append(l.files, name)
	return i
}

// span widens the span of the events kept outside the shards; l.mu is held.
func (l *Ledger) span(at int64) {
	l.minAt = min(l.minAt, at)
	l.maxAt = max(l.maxAt, at)
}

// Span returns the first and last instant of the events (and deadlines), if any.
func (l *Ledger) Span() (first, last time.Time, ok bool) {
	lo, hi := l.minAt, l.maxAt
	for s := range l.shards {
		lo, hi = min(lo, l.shards[s].minAt), max(hi, l.shards[s].maxAt)
	}
	if lo > hi {
		return time.Time{}, time.Time{}, false
	}
	return time.Unix(0, lo), time.Unix(0, hi), true
}

// unknownEvent is an event left out because its unit is not registered.
type unknownEvent struct {
	unit string
	at   int64
	id   uint64 // idHash of the event's id
}

// unknownWarnings lists the units not in the registry whose events of
// [start, end) were left out, with how many; events retracted are not
// counted.
func (l *Ledger) unknownWarnings(start, end int64, retracted map[uint64]bool) []string {
	return unknownUnitWarnings(l.unknownCounts(start, end, retracted))
}

// Fingerprint identifies the set of events in the ledger, whatever the
// order they were added in: two ledgers with the same distinct events (ids
// and contents) have the same fingerprint.
func (l *Ledger) Fingerprint() string {
	sum := l.sum
	for s := range l.seen {
		sum[0] += l.seen[s].sum[0]
		sum[1] += l.seen[s].sum[1]
	}
	return fmt.Sprintf("%016x%016x", sum[0], sum[1])
}

// addToPrint adds an event, by its id's key and its content hash, to the
// sum a fingerprint is made of.
func addToPrint(sum *[2]uint64, key event.IDKey, content uint64) {
	sum[0] += mix(key[0] ^ content)
	sum[1] += mix(key[1] + content)
}

// mix is a 64-bit finaliser (SplitMix64's), so that sums of mixed values do
// not cancel the way sums of raw hashes could.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}
