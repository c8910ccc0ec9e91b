//go:build !(linux || darwin || freebsd)

package promo

import "time"

// cpuTime is not measured on this system.
func cpuTime() time.Duration { return 0 }
