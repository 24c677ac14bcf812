package main

import (
	"os"
	"runtime/debug"
)

// tuneMemory lets the heap grow only a quarter beyond what is live, unless
// GOGC says otherwise. The engine keeps its events in tables without
// pointers, which the garbage collector does not scan, so collecting often
// is cheap, while the default (double the live heap) would need twice the
// memory of a Beijing-scale month.
func tuneMemory() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(25)
	}
}
