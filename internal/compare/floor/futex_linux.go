package floor

import (
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"
)

// Why a floor: two OS threads that each sleep in the kernel, in futex(2), until the other
// wakes them — a round trip with no channel, no goroutine switch and no scheduler in between,
// only the two wake-ups through the kernel. Any pool whose workers are parked OS threads,
// Python's or Go's, pays at least this per call when both sides sleep between calls. (Each
// futex call still goes through the runtime's system-call path, entersyscall in the runtime's
// proc.go, as every blocking system call from Go does.)

// Futex is two OS threads ping-ponging with futex(2).
type Futex struct {
	turn atomic.Uint32 // turnCaller, turnPartner or turnStop
	wg   sync.WaitGroup
}

const (
	turnCaller = iota
	turnPartner
	turnStop
)

// NewFutex starts the partner thread.
func NewFutex() (*Futex, error) {
	f := &Futex{}
	f.wg.Go(func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		for {
			for f.turn.Load() == turnCaller {
				futexWait(&f.turn, turnCaller)
			}
			if f.turn.Load() == turnStop {
				return
			}
			f.turn.Store(turnCaller)
			futexWake(&f.turn)
		}
	})
	return f, nil
}

// RoundTrips makes n round trips from the calling goroutine's thread, which it locks while
// they last.
func (f *Futex) RoundTrips(n int) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for range n {
		f.turn.Store(turnPartner)
		futexWake(&f.turn)
		for f.turn.Load() == turnPartner {
			futexWait(&f.turn, turnPartner)
		}
	}
	return nil
}

// Close stops the partner thread and waits for it.
func (f *Futex) Close() error {
	f.turn.Store(turnStop)
	futexWake(&f.turn)
	f.wg.Wait()
	return nil
}

// futex(2) operations: FUTEX_WAIT (0) and FUTEX_WAKE (1), with FUTEX_PRIVATE_FLAG (128).
const (
	futexWaitPrivate = 128
	futexWakePrivate = 129
)

// futexWait sleeps in the kernel while *addr == val (or until a spurious wake-up).
func futexWait(addr *atomic.Uint32, val uint32) {
	_, _, _ = syscall.Syscall6(syscall.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWaitPrivate, uintptr(val), 0, 0, 0)
}

// futexWake wakes one thread sleeping on addr.
func futexWake(addr *atomic.Uint32) {
	_, _, _ = syscall.Syscall6(syscall.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWakePrivate, 1, 0, 0, 0)
}
