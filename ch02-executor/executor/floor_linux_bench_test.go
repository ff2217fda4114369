package executor

import (
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"unsafe"
)

// BenchmarkFloorParkedThreads is a round trip between two OS threads that each sleep in the
// kernel until the other wakes them: a futex(2) ping-pong, with no Go scheduler in between.
// Any pool whose workers are real threads, Python's or Go's, pays at least this per call when
// both sides are idle between calls.
func BenchmarkFloorParkedThreads(b *testing.B) {
	var turn atomic.Uint32 // 0: the benchmark's thread runs, 1: the partner's, 2: stop
	var wg sync.WaitGroup
	wg.Go(func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		for {
			for turn.Load() == 0 {
				futexWait(&turn, 0)
			}
			if turn.Load() == 2 {
				return
			}
			turn.Store(0)
			futexWake(&turn)
		}
	})
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for b.Loop() {
		turn.Store(1)
		futexWake(&turn)
		for turn.Load() == 1 {
			futexWait(&turn, 1)
		}
	}
	turn.Store(2)
	futexWake(&turn)
	wg.Wait()
}

// futex(2) operations: FUTEX_WAIT (0) and FUTEX_WAKE (1), with FUTEX_PRIVATE_FLAG (128).
const (
	futexWaitPrivate = 128
	futexWakePrivate = 129
)

// futexWait sleeps in the kernel while *addr == val (or until a spurious wake-up).
func futexWait(addr *atomic.Uint32, val uint32) {
	syscall.Syscall6(syscall.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWaitPrivate, uintptr(val), 0, 0, 0)
}

// futexWake wakes one thread sleeping on addr.
func futexWake(addr *atomic.Uint32) {
	syscall.Syscall6(syscall.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWakePrivate, 1, 0, 0, 0)
}
