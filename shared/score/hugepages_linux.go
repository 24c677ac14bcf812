package score

import (
	"syscall"
	"unsafe"
)

// adviseHuge asks the kernel to back the whole huge pages inside the n
// bytes at p by transparent huge pages (madvise(MADV_HUGEPAGE)), before
// they are first touched. It is advice: where the kernel has huge pages
// off, or refuses, nothing changes.
func adviseHuge(p unsafe.Pointer, n uintptr) {
	lo := (uintptr(p)+hugePage-1)&^(hugePage-1) - uintptr(p)
	hi := (uintptr(p)+n)&^(hugePage-1) - uintptr(p)
	if hi <= lo {
		return
	}
	_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Add(p, lo)), hi-lo), 14) // MADV_HUGEPAGE
}
