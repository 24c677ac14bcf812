package event

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/valyala/fastjson"
)

// agreesWithParser asserts that when scanFlat reads data, the parser reads
// it too, and the two give the same event or the same error.
func agreesWithParser(t *testing.T, data []byte) (scanned bool) {
	t.Helper()
	var vals [numFields]value
	present, _, ok := scanFlat(data, &vals)
	if !ok {
		return false
	}
	var p fastjson.Parser
	v, err := p.ParseBytes(data)
	if err != nil {
		t.Fatalf("scanFlat read %q, which the parser refuses: %v", data, err)
	}
	want, wantErr := fromValue(v, nil)
	if wantErr == nil {
		wantErr = CheckEscapes(data)
	}
	got, err := decodeFields(&vals, present, &names{})
	if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
		t.Fatalf("%q: scanFlat gives error %v, the parser %v", data, err, wantErr)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%q: scanFlat's event differs from the parser's (-parser +scanFlat):\n%s", data, diff)
	}
	return true
}

// flatSeeds are the sample events and fixtures, and lines as gen writes them.
func flatSeeds(t testing.TB) [][]byte {
	var out [][]byte
	for _, glob := range []string{"../../events/hotline/*.json", "testdata/valid/*.json"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, data)
		}
	}
	return append(out,
		[]byte(`{"id":"SZ2610000123-1","type":"assigned","at":"2026-10-09T10:15:00+08:00","ticket_id":"SZ2610000123","unit_id":"wenhualu","due_at":"2026-10-14T18:00:00+08:00","channel":"hotline_12345","category":"城市管理"}`),
		[]byte(`{"id":"org-2026-wenhualu","type":"org_assessed","at":"2026-10-08T09:30:00+08:00","unit_id":"wenhualu","leadership":4.7,"staffing":4.5,"staff_count":5}`),
		[]byte(` { "id" : "c1" , "type":"callback","at":"2026-10-09T10:15:00Z","ticket_id":"T1","unit_id":"u1","connected":true,"result":"satisfied","process":null } `),
		[]byte(`{}`), []byte(`{"id":1}`), []byte(`{"id":"x","type":"replied","at":"2026-10-09T10:15:00+08:00","ticket_id":"T","unit_id":"u","connected":false}`),
	)
}

// TestScanFlatAgrees: on the samples, and on every cut and one-byte change
// of them, scanFlat reads what the parser reads and decodes it the same,
// and it reads the samples themselves.
func TestScanFlatAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	junk := []byte(`"\{}[],:0-+.eEtfnul x` + "\t\n\x01\xe4")
	scanned := 0
	for _, seed := range flatSeeds(t) {
		if bytes.IndexByte(seed, '\\') < 0 && !bytes.Contains(seed, []byte("[")) && agreesWithParser(t, bytes.TrimSpace(seed)) {
			scanned++
		}
		for n := range len(seed) {
			agreesWithParser(t, seed[:n])
		}
		for range 2000 {
			b := bytes.Clone(seed)
			b[r.IntN(len(b))] = junk[r.IntN(len(junk))]
			agreesWithParser(t, b)
		}
	}
	if scanned < 5 {
		t.Errorf("scanFlat read only %d samples", scanned)
	}
}

func FuzzScanFlat(f *testing.F) {
	for _, s := range flatSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) { agreesWithParser(t, data) })
}

// TestStops: stops finds a quote, a backslash or a control character in
// any of eight bytes, and nothing in bytes that are none of them.
func TestStops(t *testing.T) {
	for c := range 256 {
		for pos := range 8 {
			word := []byte("abcdefgh")
			word[pos] = byte(c)
			want := c == '"' || c == '\\' || c < 0x20
			if got := stops(binary.LittleEndian.Uint64(word)) != 0; got != want {
				t.Errorf("byte %#x at %d: stops %v, want %v", c, pos, got, want)
			}
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 100000 {
		var word [8]byte
		want := false
		for k := range word {
			word[k] = byte(r.IntN(256))
			want = want || word[k] == '"' || word[k] == '\\' || word[k] < 0x20
		}
		if got := stops(binary.LittleEndian.Uint64(word[:])) != 0; got != want {
			t.Fatalf("%q: stops %v, want %v", word, got, want)
		}
		// plainString goes to the lowest byte stops flags: the first stop.
		if want {
			first := -1
			for k, c := range word {
				if c == '"' || c == '\\' || c < 0x20 {
					first = k
					break
				}
			}
			if got := bits.TrailingZeros64(stops(binary.LittleEndian.Uint64(word[:]))) >> 3; got != first {
				t.Fatalf("%q: stops flags byte %d first, the first stop is %d", word, got, first)
			}
		}
	}
}

// TestShortKey: shortKey reads a key as plainString and lookupField do,
// or leaves it to them, for every field's name followed by anything, for
// names cut short or lengthened, and for random bytes.
func TestShortKey(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	tail := func() []byte {
		b := make([]byte, r.IntN(24))
		for k := range b {
			b[k] = `"\:, abc`[r.IntN(8)]
		}
		return b
	}
	check := func(data []byte) {
		t.Helper()
		f, next, known := shortKey(data, 0)
		if !known {
			return
		}
		key, after, _, ok := plainString(data, 0)
		want, wantKnown := lookupField(key)
		if !ok || !wantKnown || want != f || after != next {
			t.Fatalf("%q: shortKey %v %d, plainString and lookupField %v %d (%v %v)", data, f, next, want, after, ok, wantKnown)
		}
	}
	for f, name := range fieldNames {
		padded := []byte(name + `":                `)
		if got, _, known := shortKey(padded, 0); known != (len(name) <= 16) || known && got != field(f) {
			t.Errorf("%q: shortKey %v %v, want the field %v known for a name of up to 16 bytes", padded, got, known, field(f))
		}
		for range 200 {
			data := append(append([]byte(name), '"'), tail()...)
			check(data)
			cut := append(append([]byte(name[:r.IntN(len(name))]), '"'), tail()...)
			check(cut)
			longer := append(append([]byte(name), "xy"[r.IntN(2)], '"'), tail()...)
			check(longer)
		}
	}
	for range 100000 {
		data := make([]byte, r.IntN(40))
		for k := range data {
			data[k] = byte(r.IntN(256))
		}
		check(data)
	}
}

// TestPlainStringASCII: plainString finds the closing quote and tells an
// all-ASCII text from one with a byte of 0x80 or more, wherever it is.
func TestPlainStringASCII(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		text := make([]byte, r.IntN(40))
		ascii := true
		for k := range text {
			text[k] = byte(0x20 + r.IntN(0x5f))
			if text[k] == '"' || text[k] == '\\' {
				text[k] = 'a'
			}
			if r.IntN(30) == 0 {
				text[k], ascii = byte(0x80+r.IntN(0x80)), false
			}
		}
		data := append(append([]byte(`"`), text...), `",`...)
		got, next, gotASCII, ok := plainString(data, 1)
		if !ok || !bytes.Equal(got, text) || next != len(data)-1 || gotASCII != ascii {
			t.Fatalf("%q: text %q, next %d, ascii %v, ok %v; want %q, %d, %v", data, got, next, gotASCII, ok, text, len(data)-1, ascii)
		}
	}
}
