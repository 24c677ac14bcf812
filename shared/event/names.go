package event

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
	buf  []byte            // scratch memory for building a string
}

// scratch returns empty scratch memory of capacity n at least; a nil
// *names gives new memory.
func (nm *names) scratch(n int) []byte {
	if nm == nil {
		return make([]byte, 0, n)
	}
	if cap(nm.buf) < n {
		nm.buf = make([]byte, 0, max(n, 256))
	}
	return nm.buf[:0]
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
