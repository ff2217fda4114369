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
	"fmt"
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
// crashes the loop.
type PanicError struct {
	Value any    // what was passed to panic
	Stack []byte // the job's stack when it panicked
}

// Error describes the panic in one line; the stack is in Stack.
func (e *PanicError) Error() string { return fmt.Sprintf("panic in executor job: %v", e.Value) }

// Unwrap returns the panic value if it is an error (a runtime.Error, say).
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// call runs fn, turning a panic into a *PanicError.
func call[T any](fn func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: debug.Stack()}
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
	fut := aio.NewFuture[T](loop)
	var cancelled atomic.Bool // a job still queued when its future is cancelled never runs
	fut.AddDoneCallback(func() { cancelled.Store(fut.Cancelled()) })
	release := loop.Hold() // a virtual clock waits for the job rather than jumping past it
	err := ex.Submit(func() {
		defer release()
		if cancelled.Load() {
			return
		}
		v, err := call(fn)
		// Back to the loop's goroutine: only it may complete the future. If the loop has
		// already finished, nobody is waiting, and the result is dropped.
		_ = loop.CallSoonThreadsafe(func() {
			if fut.Done() { // cancelled meanwhile
				return
			}
			if err != nil {
				_ = fut.SetError(err)
			} else {
				_ = fut.SetResult(v)
			}
		})
	})
	if err != nil {
		release()
		_ = fut.SetError(err)
	}
	return fut
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
