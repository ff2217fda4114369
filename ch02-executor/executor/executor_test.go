package executor

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/reexec"
	"github.com/concurrency-models/book/internal/testdeadline"
)

// The functions worker processes can run in these tests. Registered at init, so the parent and
// the children (this same test binary) agree.
func init() {
	RegisterFunc("square", func(n int) (int, error) { return n * n, nil })
	RegisterFunc("fail", func(s string) (string, error) { return "", errors.New("failed on " + s) })
	RegisterFunc("panic", func(int) (int, error) { panic("worker panic") })
	RegisterFunc("exit", func(int) (int, error) { os.Exit(3); return 0, nil })
	RegisterFunc("pid", func(int) (int, error) { return os.Getpid(), nil })
	RegisterFunc("hang", func(int) (int, error) { time.Sleep(time.Hour); return 0, nil })
	RegisterFunc("swap", func(p pair) (pair, error) { return pair{A: p.B, B: p.A}, nil })
	RegisterFunc("read-fifo", func(path string) (int, error) { // until the test closes it
		b, err := os.ReadFile(path)
		return len(b), err
	})
}

func TestMain(m *testing.M) {
	if reexec.IsWorker(os.Args[1:]) { // a ProcessPool's worker: this package registered it
		os.Exit(reexec.Main("executor.test", nil, os.Args[1:]))
	}
	if len(os.Args) > 1 && os.Args[1] == "pool-parent" {
		poolParent() // for TestWorkersDieWithTheirParent; never returns
	}
	goleak.VerifyTestMain(m)
}

func TestDefaultWorkersIsPythonsDefault(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	assert.Equal(t, min(32, runtime.NumCPU()+4), DefaultWorkers())
}

func TestRunInExecutorReturnsValueErrorAndPanic(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	boom := errors.New("boom")
	err := aio.Main(func(co *aio.Co) error {
		v, err := aio.Await(co, RunInExecutor(co, nil, func() (int, error) { return 42, nil }))
		require.NoError(t, err)
		assert.Equal(t, 42, v)

		_, err = aio.Await(co, RunInExecutor(co, nil, func() (int, error) { return 0, boom }))
		assert.ErrorIs(t, err, boom)

		_, err = aio.Await(co, RunInExecutor(co, nil, func() (int, error) { panic("in a job") }))
		var pe *PanicError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "panic in executor job: in a job", err.Error())
		assert.NotEmpty(t, pe.Stack)

		_, err = aio.Await(co, RunInExecutor(co, nil, func() (int, error) {
			var s []int
			return s[3], nil // a runtime panic: index out of range
		}))
		var re runtime.Error
		assert.ErrorAs(t, err, &re, "a runtime panic's error is unwrapped")
		return nil
	})
	require.NoError(t, err)
}

// The loop keeps running while a job blocks: the job returns only after a task on the loop has
// run to completion, which could never happen if the job held the loop. No timing involved in
// the pass; the job's deadline only turns that bug into a failure that says so, not a hang.
func TestTheLoopRunsWhileAJobBlocks(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var order []string
	err := aio.Main(func(co *aio.Co) error {
		counted := make(chan struct{})
		task := aio.Go(co, func(co *aio.Co) error {
			for i := range 3 {
				if err := co.Sleep(time.Millisecond); err != nil {
					return err
				}
				order = append(order, fmt.Sprintf("i is %d", i))
			}
			close(counted)
			return nil
		})
		job := RunInExecutor(co, nil, func() (string, error) {
			select { // blocks until the loop has run the whole counter
			case <-counted:
				return "job done", nil
			case <-time.After(testdeadline.Short):
				return "", errors.New("the counter never finished while the job blocked: the job is holding the loop's goroutine")
			}
		})
		s, err := aio.Await(co, job)
		order = append(order, s)
		if err != nil {
			return err
		}
		_, err = aio.Await(co, task)
		return err
	})
	require.NoError(t, err)
	if d := cmp.Diff([]string{"i is 0", "i is 1", "i is 2", "job done"}, order); d != "" {
		t.Errorf("what the counter and the job did, in order (-want +got):\n%s", d)
	}
}

// Cancelling the task that awaits a job cancels the future, not the job: the job runs to the
// end and its result is dropped. goleak (TestMain) checks nothing is left behind.
func TestCancellingTheAwaiterDropsTheResult(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	jobStarted, jobMayEnd, jobEnded := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var fut *aio.Future[int]
	err := aio.Main(func(co *aio.Co) error {
		waiter := aio.CreateTask(co, func(co *aio.Co) (int, error) {
			fut = RunInExecutor(co, nil, func() (int, error) {
				close(jobStarted)
				<-jobMayEnd
				defer close(jobEnded)
				return 7, nil
			})
			return aio.Await(co, fut)
		})
		require.NoError(t, co.Yield()) // the waiter submits the job and awaits it
		testdeadline.Within(t, testdeadline.Short, "the job to start", func() { <-jobStarted })
		waiter.Cancel()
		_, err := aio.Await(co, waiter)
		assert.ErrorIs(t, err, aio.ErrCancelled)
		assert.True(t, fut.Cancelled())
		close(jobMayEnd)
		return nil
	})
	require.NoError(t, err)
	// The job did finish; Run shut the default pool down after it.
	testdeadline.Within(t, testdeadline.Short, "the job to end", func() { <-jobEnded })
	assert.True(t, fut.Cancelled(), "the late result did not overwrite the cancellation")
}

// asyncio.run ends with loop.shutdown_default_executor(), which waits for every job of the
// default pool, even one whose future was cancelled: a cancelled job still holds up the exit.
// aio.Main does the same. The job outlives its cancelled awaiter by 200 ms, and Main returns
// only after it has ended.
func TestMainWaitsForACancelledJob(t *testing.T) {
	var ended atomic.Bool
	jobStarted := make(chan struct{})
	err := aio.Main(func(co *aio.Co) error {
		waiter := aio.CreateTask(co, func(co *aio.Co) (aio.None, error) {
			return aio.Await(co, RunInExecutor(co, nil, func() (aio.None, error) {
				close(jobStarted)
				time.Sleep(200 * time.Millisecond)
				ended.Store(true)
				return aio.None{}, nil
			}))
		})
		require.NoError(t, co.Yield())
		testdeadline.Within(t, testdeadline.Short, "the job to start", func() { <-jobStarted })
		waiter.Cancel()
		_, err := aio.Await(co, waiter)
		assert.ErrorIs(t, err, aio.ErrCancelled)
		return nil // main returns while the job sleeps on
	})
	require.NoError(t, err)
	assert.True(t, ended.Load(), "aio.Main returned before the cancelled job ended; asyncio.run would wait for it")
}

// With a virtual clock, a job in flight holds the clock still: the job takes real time but no
// virtual time, so the timer set before it fires after it.
func TestVirtualClockWaitsForJobs(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var order []string
	err := aio.Main(func(co *aio.Co) error {
		timer := aio.Go(co, func(co *aio.Co) error {
			err := co.Sleep(time.Millisecond)
			order = append(order, fmt.Sprintf("timer at %v", co.Loop().Time()))
			return err
		})
		_, err := aio.Await(co, RunInExecutor(co, nil, func() (aio.None, error) {
			time.Sleep(20 * time.Millisecond)
			return aio.None{}, nil
		}))
		order = append(order, fmt.Sprintf("job at %v", co.Loop().Time()))
		if err != nil {
			return err
		}
		_, err = aio.Await(co, timer)
		return err
	}, aio.Virtual())
	require.NoError(t, err)
	if d := cmp.Diff([]string{"job at 0s", "timer at 1ms"}, order); d != "" {
		t.Errorf("the job and the timer, in order, at virtual times (-want +got):\n%s", d)
	}
}

func TestThreadPoolShutdown(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p := NewThreadPool(2)
	done := make(chan int, 10)
	for i := range 10 {
		require.NoError(t, p.Submit(func() { done <- i }))
	}
	p.Shutdown(true) // queued jobs still run; Shutdown(true) waits for them
	assert.Len(t, done, 10)
	assert.ErrorIs(t, p.Submit(func() {}), ErrShutdown)
	p.Shutdown(true) // twice is fine

	q := NewThreadPool(1)
	release := make(chan struct{})
	finished := make(chan struct{})
	require.NoError(t, q.Submit(func() { <-release; close(finished) }))
	q.Shutdown(false) // returns at once, with the job still running
	select {
	case <-finished:
		t.Fatal("the job cannot have finished yet")
	default:
	}
	close(release)
	testdeadline.Within(t, testdeadline.Short, "the released job to finish", func() { <-finished })
	q.Shutdown(true)
}

func TestSubmitAfterShutdownFailsTheFuture(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p := NewThreadPool(1)
	p.Shutdown(true)
	_, err := aio.Run(func(co *aio.Co) (int, error) {
		return aio.Await(co, RunInExecutor(co, p, func() (int, error) { return 1, nil }))
	})
	assert.ErrorIs(t, err, ErrShutdown)
}

func TestProcessPoolCalls(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p, err := NewProcessPool(context.Background(), 2)
	require.NoError(t, err)
	defer func() { require.NoError(t, p.Close()) }()

	v, err := Call[int, int](p, "square", 12)
	require.NoError(t, err)
	assert.Equal(t, 144, v)

	_, err = Call[string, string](p, "fail", "purpose")
	assert.EqualError(t, err, "failed on purpose")

	_, err = Call[int, int](p, "panic", 0)
	assert.EqualError(t, err, "panic in executor job: worker panic")

	_, err = Call[int, int](p, "nope", 0)
	assert.EqualError(t, err, `no function registered as "nope"`)

	pid, err := Call[int, int](p, "pid", 0)
	require.NoError(t, err)
	assert.NotEqual(t, os.Getpid(), pid, "the function ran in another process")
	assert.Contains(t, p.PIDs(), pid)

	sent, received := p.Traffic()
	assert.Positive(t, sent)
	assert.Positive(t, received)
}

func TestProcessPoolThroughRunInExecutor(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p, err := NewProcessPool(context.Background(), 2)
	require.NoError(t, err)
	got, err := aio.Run(func(co *aio.Co) ([]int, error) {
		var futs []*aio.Future[int]
		for n := range 4 {
			futs = append(futs, RunInExecutor(co, p, func() (int, error) { return Call[int, int](p, "square", n) }))
		}
		var out []int
		for _, f := range futs {
			v, err := aio.Await(co, f)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	})
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1, 4, 9}, got)
	require.NoError(t, p.Close())
}

func TestProcessPoolBreaksWhenAWorkerDies(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p, err := NewProcessPool(t.Context(), 1)
	require.NoError(t, err)
	testdeadline.Within(t, 10*time.Second, "a call whose worker exits", func() {
		_, err = Call[int, int](p, "exit", 0)
	})
	assert.ErrorIs(t, err, ErrBrokenPool)
	want := fmt.Sprintf("worker process-pool (pid %d) exited with status 3", p.PIDs()[0])
	assert.ErrorContains(t, err, want, "the call says which worker died, and how")
	testdeadline.Within(t, 10*time.Second, "a call on a broken pool (the dead worker did not break it)", func() {
		_, err = Call[int, int](p, "square", 2)
	})
	assert.ErrorIs(t, err, ErrBrokenPool)
	testdeadline.Within(t, 10*time.Second, "closing a broken pool", func() { err = p.Close() })
	assert.EqualError(t, err, want)
}

// A job's result that arrives after its loop has finished has nowhere to go:
// CallSoonThreadsafe reports ErrClosed, and RunInExecutor drops the result without a panic.
func TestAJobThatOutlivesItsLoopIsDropped(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p := NewThreadPool(1)
	defer p.Shutdown(true)
	jobMayEnd, jobEnded := make(chan struct{}), make(chan struct{})
	var fut *aio.Future[int]
	var loop *aio.Loop
	err := aio.Main(func(co *aio.Co) error {
		loop = co.Loop()
		fut = RunInExecutor(co, p, func() (int, error) {
			<-jobMayEnd
			defer close(jobEnded)
			return 7, nil
		})
		return nil // main returns without awaiting the job
	})
	require.NoError(t, err)
	assert.ErrorIs(t, loop.CallSoonThreadsafe(func() {}), aio.ErrClosed)
	close(jobMayEnd)
	testdeadline.Within(t, testdeadline.Short, "the job that outlived its loop to end", func() { <-jobEnded })
	p.Shutdown(true) // the job's attempt to post its result has returned too
	assert.False(t, fut.Done(), "nobody completed the future: the loop was gone")
}

// The queue has no bound: a job may queue thousands more on a one-worker pool without a
// deadlock, and Shutdown(false) returns at once with all of them still to run.
func TestThreadPoolQueueHasNoBound(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p := NewThreadPool(1)
	const n = 5000
	ran := make(chan struct{}, n)
	queued := make(chan struct{})
	require.NoError(t, p.Submit(func() {
		for range n {
			if err := p.Submit(func() { ran <- struct{}{} }); err != nil {
				panic(err)
			}
		}
		close(queued)
	}))
	testdeadline.Within(t, testdeadline.Short, "the job that queues the others", func() { <-queued })
	p.Shutdown(false)
	assert.ErrorIs(t, p.Submit(func() {}), ErrShutdown)
	p.Shutdown(true)
	assert.Len(t, ran, n, "every job queued before Shutdown ran")
}

// Submit wakes a sleeping worker for every job it queues, not only for the first of a queue:
// two jobs that can only finish together, submitted back to back to two sleeping workers, both
// start. With one P, the first woken worker cannot take its job before the second Submit, so
// that one finds the queue non-empty; a Submit that woke nobody then would leave the second
// job queued behind the first for ever.
func TestSubmitWakesAWorkerForEveryJob(t *testing.T) {
	for _, kind := range []WorkerKind{OSThreads, Goroutines} {
		t.Run(kind.String(), func(t *testing.T) {
			testdeadline.Bound(t, testdeadline.Long)
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
			p := NewPool(2, kind)
			defer p.Shutdown(true)
			waitFor(t, "both workers sleep", func() bool { return p.sleeps.Load() == 2 })
			started, release := make(chan int, 2), make(chan struct{})
			defer close(release) // before Shutdown(true), should the test fail
			for i := range 2 {
				require.NoError(t, p.Submit(func() { started <- i; <-release }))
			}
			testdeadline.Within(t, testdeadline.Short, "both jobs to start: Submit woke one worker for two jobs", func() {
				<-started
				<-started
			})
		})
	}
}

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

func TestProcessPoolAfterClose(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p, err := NewProcessPool(context.Background(), 1)
	require.NoError(t, err)
	require.NoError(t, p.Close())
	require.NoError(t, p.Close(), "closing twice is harmless")
	_, err = Call[int, int](p, "square", 2)
	assert.ErrorIs(t, err, ErrShutdown)
	assert.ErrorIs(t, p.Submit(func() {}), ErrShutdown)
}

// More calls than workers: the extra calls wait for a free worker, and every call gets its own
// answer.
func TestProcessPoolQueuesCallsBeyondItsSize(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p, err := NewProcessPool(context.Background(), 2)
	require.NoError(t, err)
	got := make([]int, 12)
	errs := make(chan error, len(got))
	for i := range got {
		go func() {
			var err error
			got[i], err = Call[int, int](p, "square", i)
			errs <- err
		}()
	}
	for range got {
		require.NoError(t, <-errs)
	}
	for i, v := range got {
		assert.Equal(t, i*i, v)
	}
	require.NoError(t, p.Close())
}

// Jobs submitted before Close still get their calls answered: Close waits for them.
func TestProcessPoolCloseWaitsForSubmittedJobs(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p, err := NewProcessPool(context.Background(), 1)
	require.NoError(t, err)
	start := make(chan struct{})
	result := make(chan error, 1)
	require.NoError(t, p.Submit(func() {
		<-start // Close has begun by now, or is about to
		_, err := Call[int, int](p, "square", 3)
		result <- err
	}))
	closed := make(chan error, 1)
	go func() { closed <- p.Close() }()
	close(start)
	require.NoError(t, <-closed)
	require.NoError(t, <-result)
}

// poolParent is a parent process for TestWorkersDieWithTheirParent: it starts a pool of two
// workers, sends each a call to "hang" (an hour's sleep), prints their PIDs and waits to be
// killed. Once the requests are in the pipes, a worker will be busy in "hang" whether or not it
// has read its request yet, so it will never notice that its standard input has closed.
func poolParent() {
	p, err := NewProcessPool(context.Background(), 2)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var arg bytes.Buffer
	if err := gob.NewEncoder(&arg).Encode(0); err != nil {
		panic(err)
	}
	for _, w := range p.workers {
		if _, err := w.w.Write(appendCall(nil, false, "hang", arg.Bytes())); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	fmt.Println(strings.Trim(fmt.Sprint(p.PIDs()), "[]"))
	time.Sleep(time.Hour)
	os.Exit(1)
}

// A job still waiting in the queue when its future is cancelled never runs, as with
// concurrent.futures; the job ahead of it, already running, runs to the end.
func TestCancellingAQueuedJobSkipsIt(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p := NewThreadPool(1)
	defer p.Shutdown(true)
	busy, free := make(chan struct{}), make(chan struct{})
	var ran atomic.Bool
	err := aio.Main(func(co *aio.Co) error {
		first := RunInExecutor(co, p, func() (int, error) { close(busy); <-free; return 1, nil })
		// The only worker is taken: the second job waits in the queue.
		testdeadline.Within(t, testdeadline.Short, "the first job to start", func() { <-busy })
		second := RunInExecutor(co, p, func() (int, error) { ran.Store(true); return 2, nil })
		assert.True(t, second.Cancel())
		if err := co.Yield(); err != nil { // the cancellation's done-callbacks run first
			return err
		}
		close(free)
		v, err := aio.Await(co, first)
		assert.Equal(t, 1, v)
		return err
	})
	require.NoError(t, err)
	p.Shutdown(true) // the queue is drained: the second job had its turn, and skipped fn
	assert.False(t, ran.Load(), "the cancelled job's function never ran")
}

// pair is a type gob must describe before its first value on each stream.
type pair struct{ A, B string }

// A worker's value streams describe each type once and then send only values; every kind of
// failure half-way through a call restarts both streams at both ends, so the calls after it
// still decode, types and all. Each failure below, were the streams not restarted, would leave
// one end expecting a description the other does not send again (or the reverse).
func TestProcessPoolStreamsSurviveFailedCalls(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p, err := NewProcessPool(t.Context(), 1)
	require.NoError(t, err)
	defer func() { require.NoError(t, p.Close()) }()
	swap := func(what string) {
		t.Helper()
		got, err := Call[pair, pair](p, "swap", pair{A: what, B: "b"})
		assert.NoErrorf(t, err, "swap after %s", what)
		assert.Equalf(t, pair{A: "b", B: what}, got, "swap after %s", what)
	}
	swap("start")
	_, err = Call[pair, int](p, "nope", pair{})
	assert.ErrorContains(t, err, "no function registered")
	swap("an unknown function")
	_, err = Call[chan int, int](p, "square", make(chan int))
	assert.ErrorContains(t, err, "encoding the argument of square")
	swap("an argument that cannot be encoded")
	_, err = Call[pair, pair](p, "square", pair{A: "x"})
	assert.ErrorContains(t, err, "decoding the argument of square")
	swap("an argument of the wrong type")
	_, err = Call[int, pair](p, "square", 3)
	assert.ErrorContains(t, err, "decoding the result of square")
	swap("a result of the wrong type")
	_, err = Call[int, int](p, "panic", 0)
	assert.ErrorContains(t, err, "worker panic")
	swap("a panic")
}

// A pool of goroutine workers runs its jobs and hands their results back to the loop like a
// pool of threads; Shutdown(true) waits for its workers (goleak checks none is left).
func TestGoroutinePoolThroughRunInExecutor(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p := NewPool(2, Goroutines)
	assert.Equal(t, "goroutines", p.Kind().String())
	got, err := aio.Run(func(co *aio.Co) ([]int, error) {
		var futs []*aio.Future[int]
		for n := range 4 {
			futs = append(futs, RunInExecutor(co, p, func() (int, error) { return n * n, nil }))
		}
		var out []int
		for _, f := range futs {
			v, err := aio.Await(co, f)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}, aio.Virtual())
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1, 4, 9}, got)
	testdeadline.Within(t, 10*time.Second, "the goroutine pool's shutdown", func() { p.Shutdown(true) })
	threads := NewThreadPool(1)
	defer threads.Shutdown(true)
	assert.Equal(t, OSThreads, threads.Kind())
}
