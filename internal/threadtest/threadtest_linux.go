package threadtest

import (
	"runtime"
	"sync"
	"syscall"
)

// TakeIdleThreads starts n goroutines that each lock themselves to an OS thread and note its
// ID (gettid), waits until all n hold their threads at the same time, then lets them go, and
// returns the n IDs, all different. The runtime hands a locking goroutine an idle thread when
// it has one and starts a new thread when it has none; a thread held by another locked
// goroutine is never handed out.
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
