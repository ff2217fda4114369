//go:build unix

package cputime

import (
	"syscall"
	"time"
)

// usage is getrusage(2)'s user and system time, of this process or of its reaped children.
func usage(children bool) time.Duration {
	who := syscall.RUSAGE_SELF
	if children {
		who = syscall.RUSAGE_CHILDREN
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
