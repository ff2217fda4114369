package queue

import (
	"fmt"
	"runtime/debug"
	"time"
)

// hangGuard panics, naming what is stuck, unless the returned stop function is called within
// d. A goroutine blocked for ever cannot be stopped from outside, so a panic, which ends the
// test binary with every goroutine's stack, is the quickest clear failure: without it, a hang
// would show only when go test's 10-minute timeout fires. Use it as
//
//	defer hangGuard(hangDeadline, "the producers")()
func hangGuard(d time.Duration, what string) (stop func()) {
	timer := time.AfterFunc(d, func() {
		debug.SetTraceback("all")
		panic(fmt.Sprintf("%s: still running after %v (stacks below)", what, d))
	})
	return func() { timer.Stop() }
}

// hangDeadline is the deadline of tests that take milliseconds: wide enough for a loaded
// machine and the race detector, short enough to fail quickly.
const hangDeadline = 10 * time.Second
