package reexec

import (
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/concurrency-models/book/internal/threadtest"
)

// The goroutine that starts a child must keep its OS thread to itself until the child exits:
// were another goroutine to run on that thread and exit while locked to it, the thread would
// end, and the kernel would kill the child (Pdeathsig). So: just after the start, the starting
// goroutine notes its thread and parks (a test hook); meanwhile 32 goroutines lock themselves
// to threads at once, which takes every idle thread the runtime has. None may get that one.
func TestTheStartingGoroutineKeepsItsThread(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if !watchesExit {
		t.Skip("no parent-death signal to keep a thread for")
	}
	tids, release := make(chan int), make(chan struct{})
	afterStart = func() {
		tids <- syscall.Gettid()
		<-release
		tids <- syscall.Gettid()
	}
	defer func() { afterStart = nil }()
	c, _ := start(t, t.Context(), "stubborn")
	var before, after int
	testdeadline.Within(t, 10*time.Second, "the starting goroutine's hook", func() { before = <-tids })

	assert.NotContains(t, threadtest.TakeIdleThreads(32), before, "another goroutine ran on thread %d, which started the child: Start does not keep it locked", before)
	close(release)
	testdeadline.Within(t, 10*time.Second, "the starting goroutine's hook", func() { after = <-tids })
	assert.Equal(t, before, after, "the thread the starting goroutine went on on")
	_ = c.Kill()
}
