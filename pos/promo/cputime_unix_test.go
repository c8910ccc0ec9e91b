//go:build linux || darwin || freebsd

package promo

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used, so a benchmark on a busy
// machine can report what the work cost rather than how long it waited.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
