// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package runinexecutor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = "ch02-executor/README.md, \"`run_in_executor` in a few dozen lines\" and \"A future's life\""

// job wraps the check's jobs: it counts those that have returned, for the report of a timeout.
type job struct{ returned atomic.Int32 }

func track[T any](j *job, fn func(ctx context.Context) (T, error)) func(ctx context.Context) (T, error) {
	return func(ctx context.Context) (T, error) {
		defer j.returned.Add(1)
		return fn(ctx)
	}
}

// run runs main on a loop (with opts) within 2 s of real time. If it does not finish, the
// report says whether the jobs had returned: then their results never reached the loop.
func run(c *exercise.Check, j *job, jobs int, main func(co *aio.Co) error, opts ...aio.Option) error {
	c.Scenario(func() string {
		if n := j.returned.Load(); n == int32(jobs) {
			return "the task awaits the future RunInExecutor returned, and the job has returned, but its result never reached the loop: " +
				"the loop sleeps until a callback is posted to it with loop.CallSoonThreadsafe; completing the future from the job's goroutine " +
				"does not wake it (and is a data race: go test -race says so)"
		}
		return fmt.Sprintf("the task awaits the future RunInExecutor returned; %d of %d jobs have returned, the others are still running", j.returned.Load(), jobs)
	})
	var err error
	c.Within(2*time.Second, func() { err = aio.Main(main, opts...) })
	return err
}

func probe(c *exercise.Check) error {
	var err error
	c.Within(2*time.Second, func() {
		_, err = aio.Run(func(co *aio.Co) (int, error) {
			return aio.Await(co, RunInExecutor(co, func(context.Context) (int, error) { return 0, nil }))
		}, aio.Virtual())
	})
	if err != nil && !exercise.IsTODO(err) {
		return nil // started: the tests below say what is wrong
	}
	return err
}

func TestTheLoopRunsWhileTheJobBlocks(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	var out strings.Builder
	var got int
	var err error
	var j job
	runErr := run(c, &j, 1, func(co *aio.Co) error {
		counted := make(chan struct{})
		counter := aio.Go(co, func(co *aio.Co) error {
			for i := range 5 {
				if err := co.Sleep(time.Millisecond); err != nil {
					return err
				}
				fmt.Fprintf(&out, "i is %d\n", i)
			}
			close(counted)
			return nil
		})
		// The job can finish only after the counter has ticked five times,
		// which needs the loop to keep turning while the job blocks.
		got, err = aio.Await(co, RunInExecutor(co, track(&j, func(context.Context) (int, error) {
			select {
			case <-counted:
				return 42, nil
			case <-time.After(time.Second):
				return 0, errors.New("the counter never ticked while the job ran: the job is holding the loop's goroutine")
			}
		})))
		_, cerr := aio.Await(co, counter)
		return cerr
	}) // on the real clock: while a job runs, a virtual clock stands still by design
	if runErr != nil {
		t.Fatalf("the program failed: %v", runErr)
	}
	if err != nil || got != 42 {
		t.Fatalf("awaiting RunInExecutor(a job that waits for the counter) = %d, %v; want 42, nil", got, err)
	}
}

func TestAVirtualClockWaitsForTheJob(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	var (
		got int
		err error
		at  time.Duration
		j   job
	)
	runErr := run(c, &j, 1, func(co *aio.Co) error {
		co.Loop().CallLater(time.Hour, func() {}) // a far timer the clock could jump to
		got, err = aio.Await(co, RunInExecutor(co, track(&j, func(context.Context) (int, error) {
			time.Sleep(20 * time.Millisecond) // real time, on the job's goroutine
			return 7, nil
		})))
		at = co.Loop().Time()
		return nil
	}, aio.Virtual())
	if errors.Is(runErr, aio.ErrDeadlock) {
		t.Fatalf("the loop reported %q while the job was running: tell the loop a callback is coming (loop.Hold) before the job starts, and release the hold after posting it", runErr)
	}
	if runErr != nil || err != nil || got != 7 {
		t.Fatalf("awaiting RunInExecutor(a 20 ms job returning 7) = %d, %v (program error %v); want 7, nil", got, err, runErr)
	}
	if at != 0 {
		t.Errorf("the await returned at %v of virtual time, want 0s: the virtual clock jumped to the next timer while the job ran; hold the loop (loop.Hold) until the result is posted", at)
	}
}

func TestErrorsAndPanicsComeBack(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	boom := errors.New("boom")
	var errErr, panicErr error
	var after bool
	var j job
	runErr := run(c, &j, 2, func(co *aio.Co) error {
		_, errErr = aio.Await(co, RunInExecutor(co, track(&j, func(context.Context) (int, error) { return 0, boom })))
		_, panicErr = aio.Await(co, RunInExecutor(co, track(&j, func(context.Context) (int, error) { panic("a bug in the job") })))
		after = co.Sleep(time.Millisecond) == nil
		return nil
	}, aio.Virtual())
	if runErr != nil {
		t.Fatalf("the program failed: %v", runErr)
	}
	if !errors.Is(errErr, boom) {
		t.Errorf("awaiting a job that returns %q gave the error %v, want %q", boom, errErr, boom)
	}
	if panicErr == nil || !strings.Contains(panicErr.Error(), "a bug in the job") {
		t.Errorf("awaiting a job that panics with \"a bug in the job\" gave the error %v, want an error that carries the panic value", panicErr)
	}
	if !after {
		t.Errorf("the loop did not keep running after the panicking job")
	}
}

// TestCancellingTheAwaitStopsTheJob: the task awaiting a long job is cancelled after 20 ms.
// Python's run_in_executor can only drop the result when it comes; here the job's context must
// be cancelled, so that a job that watches ctx.Done() stops at once.
func TestCancellingTheAwaitStopsTheJob(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	var (
		awaitErr error
		jobErr   error
		j        job
	)
	runErr := run(c, &j, 1, func(co *aio.Co) error {
		loop := co.Loop()
		ended := aio.NewFuture[struct{}](loop)
		release := loop.Hold() // the check's own hold, until it has heard the job end
		task := aio.CreateTask(co, func(co *aio.Co) (int, error) {
			return aio.Await(co, RunInExecutor(co, track(&j, func(ctx context.Context) (int, error) {
				defer func() {
					_ = loop.CallSoonThreadsafe(func() { _ = ended.SetResult(struct{}{}) })
					release()
				}()
				select {
				case <-ctx.Done():
					jobErr = ctx.Err()
					return 0, jobErr
				case <-time.After(time.Second):
					jobErr = errors.New("ran its whole second")
					return 1, nil
				}
			})))
		})
		loop.CallLater(20*time.Millisecond, func() { task.Cancel() })
		_, awaitErr = aio.Await(co, task)
		_, err := aio.Await(co, ended)
		return err
	})
	if runErr != nil {
		t.Fatalf("the program failed: %v", runErr)
	}
	if !errors.Is(awaitErr, aio.ErrCancelled) {
		t.Errorf("the task awaiting the job was cancelled at 20ms, and its await returned %v, want aio.ErrCancelled", awaitErr)
	}
	if !errors.Is(jobErr, context.Canceled) {
		t.Errorf("the task awaiting a 1 s job was cancelled at 20ms, and the job %v; want its ctx cancelled, so that it stops early: "+
			"cancel the job's context when the future is cancelled (fut.AddDoneCallback, fut.Cancelled)", jobErr)
	}
}
