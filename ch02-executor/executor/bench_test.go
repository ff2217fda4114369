package executor

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/compare/cputime"
)

// BenchmarkRunInExecutorRoundTrip is what run_in_executor costs on top of the job: submit to the
// default pool, wake a worker thread to run an empty job, post the result back, wake the task.
func BenchmarkRunInExecutorRoundTrip(b *testing.B) {
	m := cputime.Start()
	err := aio.Main(func(co *aio.Co) error {
		for b.Loop() {
			if _, err := aio.Await(co, RunInExecutor(co, nil, func() (int, error) { return 1, nil })); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(b, err)
	m.Report(b)
}

// BenchmarkRunInExecutorSpaced is the round trip through the default pool's OS-thread workers
// with calls spaced 1 ms apart on the loop's clock, as calls now and then come. It reports
// the call's time alone (ns/op counts the pauses too) and the CPU time per call, pauses
// included: a pool that kept its workers awake between calls (spinning, say) would pay for it
// there, and its calls would cost more when spaced than back to back.
func BenchmarkRunInExecutorSpaced(b *testing.B) {
	m := cputime.Start()
	var calls time.Duration
	err := aio.Main(func(co *aio.Co) error {
		for b.Loop() {
			if err := co.Sleep(spacing); err != nil {
				return err
			}
			t0 := time.Now()
			if _, err := aio.Await(co, RunInExecutor(co, nil, func() (int, error) { return 1, nil })); err != nil {
				return err
			}
			calls += time.Since(t0)
		}
		return nil
	})
	require.NoError(b, err)
	m.Report(b)
	b.ReportMetric(float64(calls.Nanoseconds())/float64(b.N), "call-ns/op")
}

// spacing is the pause before each call of BenchmarkRunInExecutorSpaced (and of bench.py's
// run-in-executor-spaced).
//
// Not less: when nothing else is ready, the runtime waits for the next timer in epoll_wait,
// whose timeout is in whole milliseconds (netpoll in runtime/netpoll_epoll.go waits 1 ms for
// any delay under 1e6 ns), and asyncio's selector rounds its timeout up to the millisecond
// (selectors.py), so a shorter pause would be a millisecond in both all the same
// (TestAShortPauseLastsAMillisecond, and ch02's TestPythonShortSleepLastsAMillisecond).
const spacing = time.Millisecond

// BenchmarkRunInExecutorGoroutines is the same round trip through a pool of goroutine workers
// (NewPool(n, Goroutines)): no OS thread is parked or woken on the way.
func BenchmarkRunInExecutorGoroutines(b *testing.B) {
	p := NewPool(DefaultWorkers(), Goroutines)
	defer p.Shutdown(true)
	m := cputime.Start()
	err := aio.Main(func(co *aio.Co) error {
		for b.Loop() {
			if _, err := aio.Await(co, RunInExecutor(co, p, func() (int, error) { return 1, nil })); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(b, err)
	m.Report(b)
}

// BenchmarkThreadPoolJob and BenchmarkGoroutinePerJob compare a pool of threads fed by a queue
// with Go's usual answer, a fresh goroutine per job. 64 empty jobs per iteration.
func BenchmarkThreadPoolJob(b *testing.B) {
	p := NewThreadPool(DefaultWorkers())
	defer p.Shutdown(true)
	var wg sync.WaitGroup
	var err error
	// The error is checked after the loop: require marks itself a helper on every call, which
	// costs a runtime.Callers in the timed loop.
batches:
	for b.Loop() {
		wg.Add(64)
		for range 64 {
			if err = p.Submit(wg.Done); err != nil {
				break batches
			}
		}
		wg.Wait()
	}
	require.NoError(b, err, "Submit")
}

func BenchmarkGoroutinePerJob(b *testing.B) {
	var wg sync.WaitGroup
	for b.Loop() {
		wg.Add(64)
		for range 64 {
			go wg.Done()
		}
		wg.Wait()
	}
}

// BenchmarkProcessPoolCall is the overhead of one call to a worker process: encode the argument,
// write it to a pipe, the child decodes, runs an empty function, encodes, writes back, decode.
func BenchmarkProcessPoolCall(b *testing.B) {
	p := startedPool(b)
	m := cputime.Start(p.PIDs()...)
	var err error
	// Checked after the loop, as in BenchmarkThreadPoolJob.
	for b.Loop() {
		if _, err = Call[int, int](p, "square", 3); err != nil {
			break
		}
	}
	require.NoError(b, err, "Call")
	m.Report(b)
}

// BenchmarkProcessPoolStart is the cost of starting a one-worker pool and closing it: a child
// process of this program, started and reaped.
func BenchmarkProcessPoolStart(b *testing.B) {
	var startErr, closeErr error
	// Checked after the loop, as in BenchmarkThreadPoolJob.
	for b.Loop() {
		var p *ProcessPool
		if p, startErr = NewProcessPool(context.Background(), 1); startErr != nil {
			break
		}
		if closeErr = p.Close(); closeErr != nil {
			break
		}
	}
	require.NoError(b, startErr, "NewProcessPool")
	require.NoError(b, closeErr, "Close")
}

// BenchmarkRunInExecutorBurst is 64 run_in_executor calls in flight at once, awaited in turn,
// through the default pool's OS-thread workers. A worker that finds the queue full takes its
// next job without sleeping, so most calls pay no wake-up at all.
func BenchmarkRunInExecutorBurst(b *testing.B) {
	futs := make([]*aio.Future[int], 64)
	m := cputime.Start()
	err := aio.Main(func(co *aio.Co) error {
		for b.Loop() {
			for i := range futs {
				futs[i] = RunInExecutor(co, nil, func() (int, error) { return 1, nil })
			}
			for _, f := range futs {
				if _, err := aio.Await(co, f); err != nil {
					return err
				}
			}
		}
		return nil
	})
	require.NoError(b, err)
	m.Report(b)
}

// startedPool is a one-worker pool whose worker has started up and taken its first call, which
// waits for the child's start: the pool's start, not a call. The benchmark's end closes it.
func startedPool(b *testing.B) *ProcessPool {
	p, err := NewProcessPool(context.Background(), 1)
	require.NoError(b, err)
	b.Cleanup(func() { assert.NoError(b, p.Close(), "closing the pool") })
	_, err = Call[int, int](p, "square", 3)
	require.NoError(b, err, "the first call")
	return p
}

// BenchmarkProcessPoolCodec is a call's work at its two ends, without the pipes or the second
// process: the pool encodes the argument and frames it, the worker reads the frame, decodes
// the argument, runs the function, encodes the result and frames it, and the pool reads and
// decodes it. This, and where it leaves the caches, is what a call adds to a ping.
func BenchmarkProcessPoolCodec(b *testing.B) {
	pool, worker := newValueStreams(), newValueStreams()
	var pipe bytes.Buffer
	r := bufio.NewReader(&pipe)
	var req, resp, reqBody, respBody []byte
	var err error
	// Checked after the loop, as in BenchmarkThreadPoolJob.
	for b.Loop() {
		pool.out.Reset()
		if err = pool.enc.Encode(3); err != nil {
			break
		}
		req = appendCall(req[:0], false, "square", pool.out.Bytes())
		pipe.Write(req)
		var kind byte
		var body []byte
		if kind, body, err = readFrame(r, reqBody); err != nil {
			break
		}
		reqBody = body
		if resp, err = worker.call(kind == kindCallReset, body, resp[:0]); err != nil {
			break
		}
		pipe.Write(resp)
		if kind, body, err = readFrame(r, respBody); err != nil || kind != kindResult {
			err = fmt.Errorf("response %q, %v", kind, err)
			break
		}
		respBody = body
		pool.in.Reset(body)
		var n int
		if err = pool.dec.Decode(&n); err != nil || n != 9 {
			err = fmt.Errorf("square(3) = %d, %v", n, err)
			break
		}
	}
	require.NoError(b, err)
}
