package event

import (
	"encoding/binary"

	"github.com/zeebo/xxh3"
)

// IDKey is a 128-bit hash of an event id: the key under which the set of
// events remembers ids without keeping the strings. Two different ids share
// a key with a probability of about n²/2¹²⁹, nil for any real district.
type IDKey [2]uint64

// Key returns the IDKey of the event's id.
func (e *Event) Key() IDKey { return KeyOf(e.ID) }

// KeyOf returns the IDKey of an event id.
func KeyOf(id string) IDKey {
	h := xxh3.HashString128(id)
	return IDKey{h.Hi, h.Lo}
}

// ContentHash is a 64-bit hash of everything the event says, with instants
// compared as instants (the same moment written with another offset is the
// same content). Equal ids with unequal content hashes are a conflict.
func (e *Event) ContentHash() uint64 {
	var buf [256]byte
	b := buf[:0]
	b = appendStr(b, e.ID)
	b = append(b, byte(e.Type))
	b = binary.LittleEndian.AppendUint64(b, uint64(e.At.UnixNano()))
	b = appendStr(b, e.TicketID)
	b = appendStr(b, e.UnitID)
	if !e.DueAt.IsZero() {
		b = binary.LittleEndian.AppendUint64(b, uint64(e.DueAt.UnixNano()))
	}
	b = appendStr(b, e.Channel)
	b = appendStr(b, e.Category)
	b = append(b, flag(e.Noncompliant), flag(e.CitizenContacted), flag(e.Connected), flag(e.HasStaffCount))
	b = appendStr(b, e.Reason)
	b = appendStr(b, e.Meeting)
	b = appendStr(b, e.Result)
	b = appendStr(b, e.Process)
	b = appendStr(b, e.ToUnitID)
	if e.Type == OrgAssessed {
		b = appendStr(b, e.Leadership.String())
		b = appendStr(b, e.Staffing.String())
		b = binary.LittleEndian.AppendUint64(b, uint64(e.StaffCount))
	}
	// The fields of v1.1, only when given: the events stored before them
	// keep their hashes, so a resent event is still a duplicate.
	if e.Rule != "" || e.EventID != "" || e.AppealID != "" || e.RecordedBy != "" {
		b = append(b, 0xff)
		b = appendStr(b, e.Rule)
		b = appendStr(b, e.EventID)
		b = appendStr(b, e.AppealID)
		b = appendStr(b, e.RecordedBy)
	}
	return xxh3.Hash(b)
}

// appendStr appends s after its length as a uvarint: one byte below 128.
func appendStr(b []byte, s string) []byte {
	if len(s) < 0x80 {
		b = append(b, byte(len(s)))
	} else {
		b = binary.AppendUvarint(b, uint64(len(s)))
	}
	return append(b, s...)
}

func flag(v bool) byte {
	if v {
		return 1
	}
	return 0
}
