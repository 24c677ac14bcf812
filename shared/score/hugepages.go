package score

import (
	"slices"
	"unsafe"
)

// growHuge is slices.Grow for the ledger's large tables, which are
// written and probed at random over hundreds of megabytes: a new backing
// array of more than two huge pages is given a huge page's worth of
// elements more than it needs, starts on a huge page and is advised to be
// backed by huge pages (adviseHuge) before anything touches it. On the
// virtual machines the ledger runs on, a translation miss costs more than
// the memory access it stands before; with 2 MB pages they nearly vanish.
func growHuge[T any](s []T, n int) []T {
	if n <= cap(s)-len(s) {
		return s
	}
	size := unsafe.Sizeof(*new(T))
	want := len(s) + n
	if size == 0 || uintptr(want)*size < 2*hugePage {
		return slices.Grow(s, n)
	}
	pad := int((hugePage + size - 1) / size)
	raw := make([]T, 0, want+pad)
	p := unsafe.Pointer(unsafe.SliceData(raw))
	adviseHuge(p, uintptr(cap(raw))*size)
	skip := int(((uintptr(p)+hugePage-1)&^(hugePage-1) - uintptr(p) + size - 1) / size)
	return append(raw[skip:skip], s...)
}

// hugePage is the size of a transparent huge page on x86-64 and arm64
// Linux.
const hugePage = 2 << 20
