package score

import (
	"testing"
	"unsafe"
)

// TestRecordSize: a record stays 40 bytes without pointers, so that a
// Beijing-scale month of 7 million events fits in memory (docs/performance.md)
// and costs the garbage collector nothing to scan; the id hash of v1.1 took
// the padding.
func TestRecordSize(t *testing.T) {
	if got := unsafe.Sizeof(record{}); got != 40 {
		t.Errorf("record is %d bytes, want 40", got)
	}
}
