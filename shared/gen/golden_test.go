package gen

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// TestGoldenJSONL holds the JSON Lines output to the bytes it had before
// the export formats (issue 15): adding them must change nothing in it.
func TestGoldenJSONL(t *testing.T) {
	units, events, _ := generate(t, testConfig(5, 2000, 2))
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"units.yaml", units, "79b8f3bc26a1fa9862c33b7fe1b96024cf2d3e8377fed2877dae2062cd23e3be"},
		{"events.jsonl", events, "972d87233ea96e83032dce6c24fe568ffa6e949856f06d5136e6eb185bfa82a8"},
	} {
		sum := sha256.Sum256(c.data)
		if got := hex.EncodeToString(sum[:]); got != c.want {
			t.Errorf("%s: sha256 %s, want %s", c.name, got, c.want)
		}
	}
}
