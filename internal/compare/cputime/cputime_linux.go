package cputime

import (
	"syscall"
	"time"
	"unsafe"
)

// processClock is the clock ID of process pid's CPU clock: the kernel's MAKE_PROCESS_CPUCLOCK
// (pid, CPUCLOCK_SCHED), as glibc's clock_getcpuclockid computes it.
func processClock(pid int) int32 { return int32(^uint32(pid)<<3 | 2) }

func process(pid int) (time.Duration, bool) {
	var ts syscall.Timespec
	_, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, uintptr(processClock(pid)), uintptr(unsafe.Pointer(&ts)), 0)
	if e != 0 {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
