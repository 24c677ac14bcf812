package score

import (
	"math"
	"sync"

	"github.com/zeebo/xxh3"

	"github.com/shizhong/hotline/shared/event"
)

// The ledger is cut into numShards shards twice over, so that the
// goroutines decoding a large input store their events themselves, each
// taking the lock of one shard at a time, instead of handing them all to
// one goroutine: the ids it has seen by the hash of the event id
// (seenShard), the tickets and their records by the hash of the ticket id
// (ticketShard). A ticket's records all fall in one shard, which the
// engine reads on its own.
const (
	shardBits = 5
	numShards = 1 << shardBits
	shardMask = numShards - 1
)

// seenShard holds the ids whose IDKey falls in it, with the content hash
// and origin of each, and its part of the input fingerprint.
type seenShard struct {
	mu      sync.Mutex
	seen    hashTable[seenEvent]
	sum     [2]uint64
	touched uint64 // the sum of what AddBatch read ahead, kept so that the reads are made
}

// seenShardOf is the seenShard of an id.
func seenShardOf(k event.IDKey) int { return int(k[0] >> (64 - shardBits)) }

// ticketShard holds the tickets whose id hash falls in it and their
// records. Within it tickets and records are numbered from 0; outside it
// a ticket or record is known by its number in the shard shifted left by
// shardBits, or'ed with the shard's index (ticketNumber, recordNumber).
type ticketShard struct {
	mu      sync.Mutex
	tickets tickets
	head    []int32 // ticket → its last record, or -1
	recs    []record
	next    []int32 // record → the ticket's previous record, or -1
	ids     eventIDs
	minAt   int64
	maxAt   int64
	touched uint64 // the sum of what AddBatch read ahead, kept so that the reads are made
}

func newTicketShard() ticketShard {
	return ticketShard{tickets: newTickets(0), head: []int32{-1}, minAt: math.MaxInt64, maxAt: math.MinInt64}
}

// ticketHash is the hash that places a ticket id in a shard and keys it there.
func ticketHash(id string) xxh3.Uint128 {
	if id == "" {
		return xxh3.Uint128{}
	}
	return xxh3.HashString128(id)
}

// ticketShardOf is the shard of a ticket id's hash; no ticket is shard 0.
func ticketShardOf(h xxh3.Uint128) int { return int(h.Hi >> (64 - shardBits)) }

// ticketRecord is a record on its way to its ticket shard, with its
// ticket's id and the event id a deduction may name ("" for none).
type ticketRecord struct {
	r       record
	ticket  string
	hash    xxh3.Uint128 // ticketHash of ticket
	shard   int
	eventID string
}

// put records id key with its content and origin, unless the shard holds
// it already (fresh false, prev what it holds).
func (s *seenShard) put(key event.IDKey, v seenEvent) (fresh bool, prev seenEvent) {
	prev, found := s.seen.getOrPut(key, v)
	if found {
		return false, prev
	}
	addToPrint(&s.sum, key, v.content)
	return true, v
}

// add stores a record of this shard.
func (t *ticketShard) add(x ticketRecord) {
	r := x.r
	local := t.tickets.number(x.ticket, x.hash)
	if int(local) == len(t.head) {
		t.head = append(t.head, -1)
	}
	r.ticket = local<<shardBits | uint32(x.shard)
	t.next = append(t.next, t.head[local])
	t.head[local] = int32(len(t.recs))
	t.recs = append(t.recs, r)
	t.ids.add(x.eventID)
	t.minAt, t.maxAt = min(t.minAt, r.at), max(t.maxAt, r.at)
	if r.kind == event.Assigned {
		t.minAt, t.maxAt = min(t.minAt, r.due), max(t.maxAt, r.due)
	}
}

func (s *seenShard) grow(n int) { s.seen.grow(n) }

func (t *ticketShard) grow(n int) {
	t.tickets.grow(n / 3)
	t.recs = growHuge(t.recs, n)
	t.next = growHuge(t.next, n)
	t.ids.grow(n)
	t.head = growHuge(t.head, n/3)
}

// recordNumber is the number outside its shard of record i of shard s.
func recordNumber(s int, i int32) int32 { return i<<shardBits | int32(s) }

// ticketNames gives the id of a ticket by its number outside its shard.
type ticketNames struct{ shards *[numShards]ticketShard }

// id returns the id of ticket n, "" for 0 (no ticket).
func (t ticketNames) id(n uint32) string { return t.shards[n&shardMask].tickets.id(n >> shardBits) }

// recordIDs gives the event id kept for a record by its number outside
// its shard.
type recordIDs struct{ shards *[numShards]ticketShard }

// at returns the id of record n, "" when it was not kept.
func (x recordIDs) at(n int32) string { return x.shards[n&shardMask].ids.at(n >> shardBits) }
