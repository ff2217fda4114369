package threadtest

import (
	"runtime"
	"sync"
	"syscall"
)

// TakeIdleThreads starts n goroutines that each lock themselves to the OS thread they run on
// and note its ID (gettid), waits until all n hold their threads at the same time, then lets
// them go, and returns the n IDs, all different.
//
// Why they take the idle threads (runtime/proc.go): a locked goroutine that blocks parks its
// thread with it (stoplockedm) and hands its P on (handoffp), and startm gives the P to an
// idle thread (mget) or else to a new one, where the next goroutine runs and locks itself in
// turn. A thread parked under a locked goroutine is not on the idle list, so it is never
// among the n.
func TakeIdleThreads(n int) []int {
	got, hold := make(chan int, n), make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			got <- syscall.Gettid()
			<-hold
		})
	}
	tids := make([]int, 0, n)
	for range n {
		tids = append(tids, <-got)
	}
	close(hold)
	wg.Wait()
	return tids
}
