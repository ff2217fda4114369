// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package waitfor

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch01-blocking/README.md, "A miniature asyncio in Go" (tasks, timers, cancellation)`

// nap returns a coroutine that sleeps d on the loop and returns v; it records
// whether it was cancelled and whether it cleaned up.
func nap(d time.Duration, v string, cancelled, cleaned *bool) func(co *aio.Co) (string, error) {
	return func(co *aio.Co) (string, error) {
		if err := co.Sleep(d); err != nil {
			*cancelled = errors.Is(err, aio.ErrCancelled)
			if err := co.Sleep(0); err != nil { // cleaning up may await too
				return "", fmt.Errorf("cleanup interrupted: %w", err)
			}
			*cleaned = true
			return "", err
		}
		return v, nil
	}
}

func run(c *exercise.Check, main func(co *aio.Co) error) error {
	var err error
	c.Within(2*time.Second, func() { err = aio.Main(main, aio.Virtual()) })
	return err
}

func TestInTime(t *testing.T) {
	c := exercise.New(t, lesson)
	var (
		got              string
		err              error
		end              time.Duration
		timers           int
		cancelled, clean bool
	)
	runErr := run(c, func(co *aio.Co) error {
		got, err = WaitFor(co, 5*time.Second, nap(time.Second, "done", &cancelled, &clean))
		end = co.Loop().Time()
		// The nap's own timer has fired by now: any timer still pending is WaitFor's. Left
		// behind, it would fire at 5s and cancel a task that has already ended, which does
		// nothing, so only the loop's count of timers can see it.
		timers = co.Loop().PendingTimers()
		return nil
	})
	c.Started(err)
	if runErr != nil {
		t.Fatalf("the program failed: %v", runErr)
	}
	if err != nil || got != "done" {
		t.Fatalf("WaitFor(co, 5s, a 1 s nap) = %q, %v; want \"done\", nil", got, err)
	}
	if end != time.Second {
		t.Errorf("WaitFor(co, 5s, a 1 s nap) returned at %v of loop time, want 1s: as soon as the task ends", end)
	}
	if cancelled {
		t.Errorf("the task that ended in time saw aio.ErrCancelled: the timer must cancel it only after d")
	}
	if timers != 0 {
		t.Errorf("WaitFor returned with %d timer(s) still pending on the loop: cancel the timer (timer.Cancel()) once the task is done", timers)
	}
}

func TestTimeout(t *testing.T) {
	c := exercise.New(t, lesson)
	var (
		err              error
		end              time.Duration
		cancelled, clean bool
		cleanAtReturn    bool
	)
	runErr := run(c, func(co *aio.Co) error {
		_, err = WaitFor(co, 2*time.Second, nap(10*time.Second, "late", &cancelled, &clean))
		end = co.Loop().Time()
		// Read now: once main returns, Run cancels and awaits every task still pending, so by
		// the time Run returns the cleanup has finished whether WaitFor waited for it or not.
		cleanAtReturn = clean
		return nil
	})
	c.Started(err)
	if runErr != nil {
		t.Fatalf("the program failed: %v", runErr)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitFor(co, 2s, a 10 s nap) returned the error %v, want context.DeadlineExceeded", err)
	}
	if end != 2*time.Second {
		t.Errorf("WaitFor(co, 2s, a 10 s nap) returned at %v of loop time, want 2s", end)
	}
	if !cancelled {
		t.Errorf("the slow task never saw aio.ErrCancelled: WaitFor must cancel it (task.Cancel), not just stop waiting")
	}
	if cancelled && !cleanAtReturn {
		t.Errorf("WaitFor returned before the cancelled task finished cleaning up: await the task after cancelling it")
	}
}

func TestFailureIsNotATimeout(t *testing.T) {
	c := exercise.New(t, lesson)
	boom := errors.New("boom")
	var err error
	runErr := run(c, func(co *aio.Co) error {
		_, err = WaitFor(co, 2*time.Second, func(co *aio.Co) (int, error) {
			if err := co.Sleep(time.Second); err != nil {
				return 0, err
			}
			return 0, boom
		})
		return nil
	})
	c.Started(err)
	if runErr != nil {
		t.Fatalf("the program failed: %v", runErr)
	}
	if !errors.Is(err, boom) {
		t.Errorf("WaitFor(co, 2s, a task failing after 1 s with %q) returned the error %v, want the task's own error", boom, err)
	}
}

// TestCallerCancelled: the task that calls WaitFor is itself cancelled at 1s, long before the
// timeout. That is not a timeout: WaitFor must pass the cancellation on to fn's task and return
// aio.ErrCancelled, as asyncio.wait_for re-raises CancelledError.
func TestCallerCancelled(t *testing.T) {
	c := exercise.New(t, lesson)
	var (
		err              error
		end              time.Duration
		cancelled, clean bool
	)
	runErr := run(c, func(co *aio.Co) error {
		caller := aio.CreateTask(co, func(co *aio.Co) (string, error) {
			return WaitFor(co, 10*time.Second, nap(5*time.Second, "late", &cancelled, &clean))
		})
		co.Loop().CallLater(time.Second, func() { caller.Cancel() })
		_, err = aio.Await(co, caller)
		end = co.Loop().Time()
		return nil
	})
	c.Started(err)
	if runErr != nil {
		t.Fatalf("the program failed: %v", runErr)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		t.Errorf("the caller of WaitFor(co, 10s, a 5 s nap) was cancelled at 1s, and WaitFor returned context.DeadlineExceeded; " +
			"want aio.ErrCancelled: only a cancellation by WaitFor's own timer is a timeout " +
			"(remember whether the timer fired; do not turn every aio.ErrCancelled into a timeout)")
	case !errors.Is(err, aio.ErrCancelled):
		t.Errorf("the caller of WaitFor(co, 10s, a 5 s nap) was cancelled at 1s, and WaitFor returned the error %v; want aio.ErrCancelled", err)
	}
	if !cancelled {
		t.Errorf("the caller was cancelled at 1s, but fn's task never saw aio.ErrCancelled: a cancelled WaitFor must cancel its task too")
	}
	if end != time.Second {
		t.Errorf("the caller was cancelled at 1s, and its await returned at %v of loop time, want 1s", end)
	}
}
