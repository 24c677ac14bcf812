package dynamo

import (
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/shizhong/hotline/shared/calendar"
	"github.com/shizhong/hotline/shared/event"
)

// Every key of the table is built in this file; docs/storage.md shows them
// as a table.

// Attribute names of the table's keys and of its index keys.
const (
	attrPK     = "pk"
	attrSK     = "sk"
	attrMonth  = "gsi1pk" // by_month: "M#<yyyy-mm>#<shard>", "ORG" or "FIX"
	attrMonthS = "gsi1sk" // by_month: "<at, UTC>#<id>"
	attrDue    = "gsi2pk" // by_due: "D#<yyyy-mm>#<shard>", only assignments due in another month
	attrDueS   = "gsi2sk" // by_due: "<due, UTC>#<id>"
	attrTicket = "gsi3pk" // by_ticket: "T#<ticket>"
	attrTickS  = "gsi3sk" // by_ticket: "<at, UTC>#<id>"
	attrAsg    = "gsi4pk" // by_assigned: "A#<yyyy-mm>#<shard>", only assignments (sparse)
	attrAsgS   = "gsi4sk" // by_assigned: "<at, UTC>#<id>"
	attrTTL    = "ttl"    // the table's time to live: seconds since the epoch, on session items only
)

// The global secondary indexes.
const (
	indexByMonth  = "by_month"
	indexByDue    = "by_due"
	indexByTicket = "by_ticket"
	// indexByAssigned holds the assignments alone, each with its unit and
	// content hash: a month read in summary (MonthAssignments) reads it.
	indexByAssigned = "by_assigned"
)

// shards is the number of index partitions a month is spread over, both
// for writes and for the parallel read of a month. Changing it needs a
// rewrite of every event's index keys.
const shards = 16

// orgPartition is the by_month partition of every org_assessed event: few
// (one per unit and assessment) and read up to the end of a month.
const orgPartition = "ORG"

// correctionPartition is the by_month partition of every correction
// (deduction_waived, retracted): few (one per mistake or granted appeal) and
// read whole by every month (store.Scope), whatever month they fall in.
const correctionPartition = "FIX"

// The fixed parts of the keys.
const (
	eventPrefix  = "EVENT#"
	eventSK      = "EVENT"
	ticketPrefix = "TICKET#"
	ticketSK     = "TICKET"
	unitsPK      = "UNITS"
	unitsSK      = "CURRENT"
	resultsPK    = "RESULTS"
	chunkLabel   = "C#"
	accountsPK   = "ACCOUNTS"
	accountLabel = "ACCOUNT#"
	sessionLabel = "SESSION#"
	sessionSK    = "SESSION"
	appealsLabel = "APPEALS#"
	appealLabel  = "APPEAL#"
	importsPK    = "IMPORTS"
	importLabel  = "IMPORT#"
	importSK     = "IMPORT"
	metaPK       = "META"
	assignedSK   = "BY_ASSIGNED"
)

// itemKey is the primary key of one item.
type itemKey struct {
	PK string `dynamodbav:"pk"`
	SK string `dynamodbav:"sk"`
}

// attributes is the key as DynamoDB takes it.
func (k itemKey) attributes() map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		attrPK: &types.AttributeValueMemberS{Value: k.PK},
		attrSK: &types.AttributeValueMemberS{Value: k.SK},
	}
}

// eventKey is the item of the event with this id; its existence is the
// idempotency guard.
func eventKey(id string) itemKey { return itemKey{PK: eventPrefix + id, SK: eventSK} }

// ticketKey is the item of a ticket, which copies the bodies of its events.
func ticketKey(ticket string) itemKey { return itemKey{PK: ticketPrefix + ticket, SK: ticketSK} }

// unitsKey is the item holding the unit registry.
func unitsKey() itemKey { return itemKey{PK: unitsPK, SK: unitsSK} }

// resultKey is the header item of version v of a period's result; every
// header lives in the RESULTS partition, sorted by period then version.
func resultKey(period string, v int) itemKey {
	return itemKey{PK: resultsPK, SK: resultPrefix(period) + fmt.Sprintf("%09d", v)}
}

// resultPrefix starts the sort key of every version of a period. The "#"
// after the period keeps "2026" from matching "2026-10".
func resultPrefix(period string) string { return period + "#V#" }

// accountKey is the item of the account with this id. Every account lives
// in the ACCOUNTS partition, sorted by id, so that the list of accounts is
// one Query. The label before the id keeps an account named "EVENT" from
// having the sort key of an event item (the scan of Events filters on it).
func accountKey(id string) itemKey { return itemKey{PK: accountsPK, SK: accountLabel + id} }

// sessionKey is the item of the session of a token hash: a partition of its
// own, read and written by its key only.
func sessionKey(tokenHash string) itemKey {
	return itemKey{PK: sessionLabel + tokenHash, SK: sessionSK}
}

// appealKey is the item of the appeal with this id, in the partition of
// its month, so that a month's appeals are one Query. The month is the one
// the id names (appeal.ID: "ap-2026-10-<16 hex>"); an id that names none
// has no key. The label before the id keeps an appeal's sort key from
// being an event item's, which the scan of Events filters on.
func appealKey(id string) (itemKey, bool) {
	month, ok := appealMonth(id)
	if !ok {
		return itemKey{}, false
	}
	return itemKey{PK: appealsPartition(month), SK: appealLabel + id}, true
}

// appealsPartition holds every appeal of a month (2026-10).
func appealsPartition(month string) string { return appealsLabel + month }

// appealMonth is the month an appeal's id names: "2026-10" of
// "ap-2026-10-<hash>".
func appealMonth(id string) (string, bool) {
	rest, ok := strings.CutPrefix(id, "ap-")
	if !ok || len(rest) < len("2006-01-") || rest[len("2006-01")] != '-' {
		return "", false
	}
	month := rest[:len("2006-01")]
	if _, err := time.Parse("2006-01", month); err != nil {
		return "", false
	}
	return month, true
}

// importKey is the item of the record of an import, in the IMPORTS
// partition sorted by its time (timeKey), then its id, so that the most
// recent records are one Query read backwards, whatever the ids look like.
// A time starts the sort key, never "EVENT", which the scan of Events
// filters on.
func importKey(at time.Time, id string) itemKey { return itemKey{PK: importsPK, SK: sortKey(at, id)} }

// importIDKey is the guard of an import's id: an item of its own, put with
// the record in one transaction, so that an id is taken once whatever the
// time of the record that takes it.
func importIDKey(id string) itemKey { return itemKey{PK: importLabel + id, SK: importSK} }

// blobPartition holds the gzip chunks of one result body, addressed by the
// SHA-256 of the body, so that writing the same body twice writes the same
// items.
func blobPartition(sum string) string { return "BLOB#" + sum }

// chunkKey is chunk i of a body.
func chunkKey(sum string, i int) itemKey {
	return itemKey{PK: blobPartition(sum), SK: chunkLabel + fmt.Sprintf("%06d", i)}
}

// assignedMarkerKey is the item whose presence says that every assignment
// in the table is in the by_assigned index: BackfillAssignments writes it
// once it has given the index the assignments stored before it existed.
func assignedMarkerKey() itemKey { return itemKey{PK: metaPK, SK: assignedSK} }

// monthPartition is shard s of month m in the by_month index.
func monthPartition(m calendar.Month, s int) string { return fmt.Sprintf("M#%s#%02d", m, s) }

// duePartition is shard s of the by_due index for deadlines in month m.
func duePartition(m calendar.Month, s int) string { return fmt.Sprintf("D#%s#%02d", m, s) }

// assignedPartition is shard s of month m in the by_assigned index: the
// assignments of monthPartition(m, s), and nothing else.
func assignedPartition(m calendar.Month, s int) string { return fmt.Sprintf("A#%s#%02d", m, s) }

// assignedOfMonth is the by_assigned partition of an assignment whose
// by_month partition is month: the same month and shard ("M#2026-10#03" →
// "A#2026-10#03"), so that the backfill needs neither the zone nor the
// shard function the item was written with.
func assignedOfMonth(month string) (string, bool) {
	rest, ok := strings.CutPrefix(month, "M#")
	if !ok || rest == "" {
		return "", false
	}
	return "A#" + rest, true
}

// ticketPartition holds a ticket's whole history in the by_ticket index.
func ticketPartition(ticket string) string { return "T#" + ticket }

// shardOf spreads events over the shards of their month by a hash of the
// event id, so that every shard of a month gets about as many events.
func shardOf(e *event.Event) int { return int(e.Key()[1] % shards) }

// timeKey writes an instant in UTC with a fixed width, so that sort keys
// sort as the instants do.
func timeKey(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

// sortKey orders index entries by instant, then by event id.
func sortKey(t time.Time, id string) string { return timeKey(t) + "#" + id }

// indexKeys are the index attributes of an event item: which partitions of
// which index the event is found in.
type indexKeys struct {
	Month, MonthSort   string
	Due, DueSort       string
	Ticket, TicketSort string
	Assigned, AsgSort  string
}

// eventIndexKeys places an event in the indexes: its month's shard (or the
// org or the correction partition), the shard of its deadline's month when
// that month differs (sparse), its ticket's history, and for an assignment
// the same shard of its month in by_assigned (sparse).
func eventIndexKeys(e *event.Event, loc *time.Location) indexKeys {
	var k indexKeys
	s := shardOf(e)
	k.MonthSort = sortKey(e.At, e.ID)
	switch {
	case e.Type == event.OrgAssessed:
		k.Month = orgPartition
	case e.Type.IsCorrection():
		k.Month = correctionPartition
	default:
		k.Month = monthPartition(calendar.MonthOf(e.At, loc), s)
	}
	if e.Type == event.Assigned {
		if due := calendar.MonthOf(e.DueAt, loc); due != calendar.MonthOf(e.At, loc) {
			k.Due, k.DueSort = duePartition(due, s), sortKey(e.DueAt, e.ID)
		}
		k.Assigned, k.AsgSort = assignedPartition(calendar.MonthOf(e.At, loc), s), k.MonthSort
	}
	if e.TicketID != "" {
		k.Ticket, k.TicketSort = ticketPartition(e.TicketID), k.MonthSort
	}
	return k
}

// ticketOf is the ticket of a ticket item's key.
func ticketOf(k itemKey) (string, bool) {
	t, ok := strings.CutPrefix(k.PK, ticketPrefix)
	return t, ok && k.SK == ticketSK
}
