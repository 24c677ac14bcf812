package event

import "unsafe"

// maxNames bounds the strings a Decoder shares, so that free text that
// never repeats costs no more than a copy.
const maxNames = 4096

// names shares the strings of the fields that repeat from event to event
// (unit ids, categories, reasons, accounts), so that a Decoder copies each
// once instead of once an event. The zero value is ready; a nil *names
// copies every time.
type names struct {
	m    map[string]string
	last [numFields]string // by field, the string given last: events of a ticket come together
	text []byte            // the arena of joined: written only past its length
}

// arenaSize is the size of one arena of joined strings: large enough that
// an allocation serves hundreds of events, small enough that one string
// kept long after the others keeps little memory alive.
const arenaSize = 16 << 10

// joined returns the string a followed by b. The strings of many events
// are cut from one arena, which is never written again where a string
// has been cut: the garbage collector frees it when the last of them is
// unreachable. A nil *names, or an empty result, allocates as string().
func (nm *names) joined(a, b []byte) string {
	n := len(a) + len(b)
	if nm == nil || n == 0 || n > arenaSize/4 {
		return string(append(append(make([]byte, 0, n), a...), b...))
	}
	if cap(nm.text)-len(nm.text) < n {
		nm.text = make([]byte, 0, arenaSize)
	}
	start := len(nm.text)
	nm.text = append(append(nm.text, a...), b...)
	return unsafe.String(&nm.text[start], n)
}

// str is the package function str, sharing the string.
func (nm *names) str(vals *[numFields]value, f field, max int) (string, error) {
	b, err := strBytes(vals, f, max)
	if err != nil || nm == nil {
		return string(b), err
	}
	if s := nm.last[f]; s == string(b) {
		return s, nil
	}
	s, ok := nm.m[string(b)]
	if ok {
		nm.last[f] = s
		return s, nil
	}
	s = string(b)
	nm.last[f] = s
	if len(nm.m) < maxNames {
		if nm.m == nil {
			nm.m = map[string]string{}
		}
		nm.m[s] = s
	}
	return s, nil
}
