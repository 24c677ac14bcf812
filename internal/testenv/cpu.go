package testenv

import (
	"syscall"
	"time"
)

// ProcessCPU is the CPU time this process has used, user and system: the
// Go side of a benchmark against a local server, which runs in a process
// of its own, and a figure that other jobs on the machine move less than
// wall time.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
