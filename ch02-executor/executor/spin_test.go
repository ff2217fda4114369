package executor

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/internal/testdeadline"
)

// waitFor polls cond until it holds, failing the test, naming what, after testdeadline.Short.
// The poll ends with the test: the failure's Goexit runs the deferred close(stop).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	stop := make(chan struct{})
	defer close(stop)
	testdeadline.Within(t, testdeadline.Short, "waiting until "+what, func() {
		for !cond() {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Microsecond):
			}
		}
	})
}

// longSpins makes a worker's spin last long enough (hundreds of milliseconds) for a test to
// see it and act while it lasts, and puts the default back afterwards.
func longSpins(t *testing.T) {
	old := workerSpins
	workerSpins = 1 << 29
	t.Cleanup(func() { workerSpins = old })
}

// run submits fn as an awaited (RunInExecutor) or plain job and waits until it has run.
func run(t *testing.T, p *ThreadPool, awaited bool) {
	t.Helper()
	done := make(chan struct{})
	require.NoError(t, p.submit(job{run: func() { close(done) }, awaited: awaited}))
	testdeadline.Within(t, testdeadline.Short, "the job to run", func() { <-done })
}

func TestASpinningWorkerTakesTheNextAwaitedJobAwake(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("workers spin only with GOMAXPROCS >= 2")
	}
	longSpins(t)
	p := NewPool(1, OSThreads)
	defer p.Shutdown(true)
	run(t, p, true)
	waitFor(t, "the worker spins", p.spinning.Load)
	sleeps := p.sleeps.Load()
	run(t, p, true) // taken by the spinning worker: it never waited in next
	require.Equal(t, sleeps, p.sleeps.Load(), "the worker went to sleep between two awaited jobs")
}

func TestNoSpinAfterAPlainJobOrOnOneProcessor(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	old := workerSpins
	workerSpins = 1 << 40 // hours: a worker that spun would never go back to sleep in time
	defer func() { workerSpins = old }()
	for _, tc := range []struct {
		name     string
		procs    int
		awaited  bool
		goroutes bool
	}{
		{"plain Submit", 2, false, false},
		{"GOMAXPROCS 1", 1, true, false},
		{"goroutine workers", 2, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(tc.procs))
			kind := OSThreads
			if tc.goroutes {
				kind = Goroutines
			}
			p := NewPool(1, kind)
			defer p.Shutdown(true)
			waitFor(t, "the worker sleeps", func() bool { return p.sleeps.Load() == 1 })
			run(t, p, tc.awaited)
			// Without a spin, the worker goes back to sleep in next at once.
			waitFor(t, "the worker sleeps again", func() bool { return p.sleeps.Load() == 2 })
			require.False(t, p.spinning.Load())
		})
	}
}

func TestShutdownEndsASpinAtOnce(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("workers spin only with GOMAXPROCS >= 2")
	}
	old := workerSpins
	workerSpins = 1 << 40 // hours, were Shutdown not to end it
	defer func() { workerSpins = old }()
	p := NewPool(1, OSThreads)
	run(t, p, true)
	waitFor(t, "the worker spins", p.spinning.Load)
	testdeadline.Within(t, testdeadline.Short, "Shutdown(true) to end the spinning worker", func() {
		p.Shutdown(true)
	})
}

// TestSpinningLosesNoJob mixes awaited and plain jobs from several goroutines, so that jobs
// arrive while a worker spins, while it stops spinning and while others sleep: every job runs
// exactly once, and Shutdown(true) returns.
func TestSpinningLosesNoJob(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	old := workerSpins
	workerSpins = 200 // short spins, so that many of them end just as a job comes
	defer func() { workerSpins = old }()
	p := NewPool(3, OSThreads)
	const senders, each = 4, 500
	var ran [senders * each]int32
	var mu sync.Mutex
	var wg sync.WaitGroup
	for s := range senders {
		wg.Go(func() {
			for i := range each {
				n := s*each + i
				done := make(chan struct{})
				fn := func() { mu.Lock(); ran[n]++; mu.Unlock(); close(done) }
				if err := p.submit(job{run: fn, awaited: i%3 != 0}); err != nil {
					t.Error(err) // not require: this is not the test's goroutine
					return
				}
				if i%2 == 0 { // half the time wait for the job, as an awaiting loop would
					<-done
				}
			}
		})
	}
	// A lost job blocks its sender for ever, so the senders are under the deadline too.
	testdeadline.Within(t, testdeadline.Short, "the senders and Shutdown(true): a job or a worker was lost", func() {
		wg.Wait()
		p.Shutdown(true)
	})
	for n, c := range ran {
		require.EqualValues(t, 1, c, "job %d ran %d times", n, c)
	}
}

// BenchmarkSpinWithNothingQueued is how long a worker's spin lasts when no job comes: all
// workerSpins looks at the queue, before the worker goes to sleep in next.
func BenchmarkSpinWithNothingQueued(b *testing.B) {
	if runtime.GOMAXPROCS(0) < 2 {
		b.Skip("workers spin only with GOMAXPROCS >= 2")
	}
	p := NewPool(1, OSThreads)
	defer p.Shutdown(true)
	var name string
	for b.Loop() {
		if _, ok := p.spin(&name); ok {
			b.Fatal("the spin took a job, but none was queued")
		}
	}
}
