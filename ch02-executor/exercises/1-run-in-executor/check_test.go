// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package runinexecutor

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = "ch02-executor/README.md, \"`run_in_executor` in a few dozen lines\""

// run runs main on a loop (with opts) within 2 s of real time.
func run(c *exercise.Check, main func(co *aio.Co) (struct{}, error), opts ...aio.Option) error {
	var err error
	c.Within(2*time.Second, func() { _, err = aio.Run(main, opts...) })
	return err
}

func probe(c *exercise.Check) error {
	var err error
	c.Within(2*time.Second, func() {
		_, err = aio.Run(func(co *aio.Co) (int, error) {
			return aio.Await(co, RunInExecutor(co, func() (int, error) { return 0, nil }))
		}, aio.Virtual())
	})
	return err
}

func TestTheLoopRunsWhileTheJobBlocks(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	var out strings.Builder
	var got int
	var err error
	runErr := run(c, func(co *aio.Co) (struct{}, error) {
		counted := make(chan struct{})
		counter := aio.CreateTask(co, func(co *aio.Co) (struct{}, error) {
			for i := range 5 {
				if err := co.Sleep(time.Millisecond); err != nil {
					return struct{}{}, err
				}
				fmt.Fprintf(&out, "i is %d\n", i)
			}
			close(counted)
			return struct{}{}, nil
		})
		// The job can finish only after the counter has ticked five times,
		// which needs the loop to keep turning while the job blocks.
		got, err = aio.Await(co, RunInExecutor(co, func() (int, error) {
			select {
			case <-counted:
				return 42, nil
			case <-time.After(time.Second):
				return 0, errors.New("the counter never ticked while the job ran: the job is holding the loop's goroutine")
			}
		}))
		_, cerr := aio.Await(co, counter)
		return struct{}{}, cerr
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
	)
	runErr := run(c, func(co *aio.Co) (struct{}, error) {
		co.Loop().CallLater(time.Hour, func() {}) // a far timer the clock could jump to
		got, err = aio.Await(co, RunInExecutor(co, func() (int, error) {
			time.Sleep(20 * time.Millisecond) // real time, on the job's goroutine
			return 7, nil
		}))
		at = co.Loop().Time()
		return struct{}{}, nil
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
	runErr := run(c, func(co *aio.Co) (struct{}, error) {
		_, errErr = aio.Await(co, RunInExecutor(co, func() (int, error) { return 0, boom }))
		_, panicErr = aio.Await(co, RunInExecutor(co, func() (int, error) { panic("a bug in the job") }))
		after = co.Sleep(time.Millisecond) == nil
		return struct{}{}, nil
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
