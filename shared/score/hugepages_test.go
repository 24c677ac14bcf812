package score

import (
	"slices"
	"testing"
	"unsafe"
)

// growHuge keeps what the slice held and makes room for n more, as
// slices.Grow; a large table starts on a huge page.
func TestGrowHuge(t *testing.T) {
	for _, n := range []int{0, 10, 1 << 20, 3 << 20} {
		s := []record{{at: 1}, {at: 2}, {at: 3}}
		g := growHuge(s, n)
		if !slices.Equal(g, s) || cap(g)-len(g) < n {
			t.Errorf("n=%d: len %d cap %d, want the 3 records and room for %d more", n, len(g), cap(g), n)
		}
		big := uintptr(len(s)+n)*unsafe.Sizeof(record{}) >= 2*hugePage
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(g))); big && p%hugePage >= unsafe.Sizeof(record{}) {
			t.Errorf("n=%d: starts %d bytes into a huge page", n, p%hugePage)
		}
		if big {
			g = append(g, make([]record, n)...)
			g[len(g)-1].at = 9 // all of it is the slice's own
		}
	}
	if g := growHuge([]int32{1}, 0); cap(g) != 1 {
		t.Errorf("room enough: cap %d, want the slice itself", cap(g))
	}
}
