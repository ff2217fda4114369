// Package executor hands plain, blocking Go functions to other goroutines, threads or processes
// and gives their results back to the book's event loop (package aio) as futures: asyncio's
// loop.run_in_executor, with a ThreadPool (concurrent.futures.ThreadPoolExecutor) and a
// ProcessPool (concurrent.futures.ProcessPoolExecutor).
//
// The bridge is small because the loop already has the one primitive it needs: a thread-safe
// call-soon. RunInExecutor makes a future on the loop, submits a job to the executor, and when
// the job ends posts "set the future's result" back to the loop with CallSoonThreadsafe —
// exactly how asyncio wraps a concurrent.futures.Future into an asyncio one.
//
// # Process pools
//
// A worker process can only run code it already has, so a process pool calls functions by name.
// A program that uses one registers its functions at initialisation, in every process (the
// worker mode that serves them, WorkerName, registers itself with package reexec):
//
//	func init() { executor.RegisterFunc("is-prime", isPrime) } // func isPrime(n int64) (bool, error)
//
//	pool, err := executor.NewProcessPool(ctx, runtime.NumCPU())
//	if err != nil { ... }
//	defer pool.Close()
//	prime, err := executor.Call[int64, bool](pool, "is-prime", 1_000_003)
//
// Arguments and results cross the pipes gob-encoded; Traffic counts the bytes.
package executor

import (
	"errors"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// ErrShutdown is returned for work submitted to an executor that has been shut down.
var ErrShutdown = errors.New("executor: shut down")

// Executor runs jobs somewhere other than the calling goroutine.
type Executor interface {
	// Submit arranges for job to run, typically at once on another goroutine. It fails with
	// ErrShutdown once the executor no longer takes work.
	Submit(job func()) error
}

// PanicError is the error of a job that panicked: the panic becomes the future's error and never
// crashes the loop. It is the loop's own panic error, aio.PanicError, with In "executor job".
type PanicError = aio.PanicError

// call runs fn, turning a panic into a *PanicError.
func call[T any](fn func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: debug.Stack(), In: "executor job"}
		}
	}()
	return fn()
}

// RunInExecutor runs fn on ex and returns a future, on co's loop, for its result
// (loop.run_in_executor). With a nil ex it uses the loop's default thread pool, made on first
// use with DefaultWorkers() workers and shut down when the loop's Run ends.
//
// The future completes on the loop with fn's value and error. Cancelling it stops fn from
// starting if it is still queued, as concurrent.futures' Future.cancel does; a running fn cannot
// be interrupted, so its result is simply dropped when it comes.
func RunInExecutor[T any](co *aio.Co, ex Executor, fn func() (T, error)) *aio.Future[T] {
	loop := co.Loop()
	if ex == nil {
		ex = defaultPool(loop)
	}
	j := &execJob[T]{loop: loop, fut: aio.NewFuture[T](loop), fn: fn}
	j.fut.AddDoneCallback(j.done)
	j.release = loop.Hold() // a virtual clock waits for the job rather than jumping past it
	if err := ex.Submit(j.run); err != nil {
		j.release()
		_ = j.fut.SetError(err)
	}
	return j.fut
}

// execJob is one call of RunInExecutor: what the worker runs and what it hands back.
type execJob[T any] struct {
	loop      *aio.Loop
	fut       *aio.Future[T]
	fn        func() (T, error)
	cancelled atomic.Bool // a job still queued when its future is cancelled never runs
	release   func()      // the loop's hold, released once the result is on the loop
	v         T
	err       error
}

// done runs on the loop when the future is done: by the job's result, or cancelled.
func (j *execJob[T]) done() { j.cancelled.Store(j.fut.Cancelled()) }

// run is the job the executor runs.
func (j *execJob[T]) run() {
	if j.cancelled.Load() {
		j.release()
		return
	}
	j.v, j.err = call(j.fn)
	// Back to the loop's goroutine: only it may complete the future. If the loop has already
	// finished, nobody is waiting, and the result is dropped.
	if err := j.loop.CallSoonThreadsafe(j.settle); err != nil {
		j.release()
	}
}

// settle completes the future, on the loop, and releases the hold: the result is on the loop.
func (j *execJob[T]) settle() {
	j.release()
	if j.fut.Done() { // cancelled meanwhile
		return
	}
	if j.err != nil {
		_ = j.fut.SetError(j.err)
	} else {
		_ = j.fut.SetResult(j.v)
	}
}

// DefaultWorkers is the size of a loop's default thread pool: min(32, cores+4), the default of
// CPython's ThreadPoolExecutor (Lib/concurrent/futures/thread.py), which asyncio uses.
func DefaultWorkers() int { return min(32, runtime.NumCPU()+4) }

var defaults sync.Map // *aio.Loop -> *ThreadPool

// defaultPool returns the loop's default pool, making it on first use. It is only called from
// the loop's own goroutine, so making it needs no lock beyond the map's.
func defaultPool(loop *aio.Loop) *ThreadPool {
	if p, ok := defaults.Load(loop); ok {
		return p.(*ThreadPool)
	}
	p := NewThreadPool(DefaultWorkers(), loopRecorder(loop))
	defaults.Store(loop, p)
	loop.AtClose(func() {
		defaults.Delete(loop)
		p.Shutdown(true) // asyncio.run: loop.shutdown_default_executor()
	})
	return p
}
