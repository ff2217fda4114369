package aio

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// recorder collects lines in the order the loop produces them. Only the baton holder writes,
// so it needs no lock; the race detector checks that claim.
type recorder struct{ lines []string }

func (r *recorder) printf(format string, args ...any) {
	r.lines = append(r.lines, fmt.Sprintf(format, args...))
}

func diff(t *testing.T, want, got []string) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("order (-want +got):\n%s", d)
	}
}

// runMain is Main with a deadline: if the loop has not finished after testdeadline.Short, the
// test fails saying so, instead of waiting for go test's ten-minute timeout. A bug in the
// baton's hand-off shows up as a goroutine that waits forever.
func runMain(t *testing.T, main func(co *Co) error, opts ...Option) error {
	t.Helper()
	return runMainContext(t, context.Background(), main, opts...)
}

// runMainContext is MainContext with a deadline (see runMain).
func runMainContext(t *testing.T, ctx context.Context, main func(co *Co) error, opts ...Option) error {
	t.Helper()
	var err error
	testdeadline.Within(t, testdeadline.Short, "the loop (aio.Main) never finished", func() {
		err = MainContext(ctx, main, opts...)
	})
	return err
}

// run is Run with a deadline (see runMain).
func run[T any](t *testing.T, main func(co *Co) (T, error), opts ...Option) (T, error) {
	t.Helper()
	var (
		v   T
		err error
	)
	testdeadline.Within(t, testdeadline.Short, "the loop (aio.Run) never finished", func() {
		v, err = Run(main, opts...)
	})
	return v, err
}

func TestReadyTasksRunInFIFOOrder(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	err := runMain(t, func(co *Co) error {
		for i := range 3 {
			Go(co, func(co *Co) error {
				r.printf("task %d first step", i)
				if err := co.Yield(); err != nil {
					return err
				}
				r.printf("task %d second step", i)
				return nil
			})
		}
		r.printf("main before yield")
		require.NoError(t, co.Yield())
		r.printf("main after yield")
		require.NoError(t, co.Yield())
		r.printf("main after second yield")
		return nil
	})
	require.NoError(t, err)
	diff(t, []string{
		"main before yield",
		"task 0 first step", "task 1 first step", "task 2 first step",
		"main after yield",
		"task 0 second step", "task 1 second step", "task 2 second step",
		"main after second yield",
	}, r.lines)
}

// The seed's bug, by construction: a blocking call inside a task keeps the baton, so no other
// task runs until it returns, however long it takes.
func TestBlockingCallStallsEveryOtherTask(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	var ran atomic.Int32
	err := runMain(t, func(co *Co) error {
		Go(co, func(co *Co) error {
			ran.Add(1)
			r.printf("counter runs")
			return nil
		})
		// A blocking call that waits for something only another goroutine can do. If the
		// counter task could run meanwhile, ran would become 1 before we return.
		done := make(chan struct{})
		go func() {
			time.Sleep(20 * time.Millisecond)
			close(done)
		}()
		<-done
		r.printf("blocking call returned; counter ran %d times", ran.Load())
		return co.Yield()
	})
	require.NoError(t, err)
	diff(t, []string{"blocking call returned; counter ran 0 times", "counter runs"}, r.lines)
}

func TestTimersFireInDeadlineOrderThenSchedulingOrder(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	err := runMain(t, func(co *Co) error {
		var tasks []*Task[None]
		for i, d := range []time.Duration{30, 10, 20, 10, 0} {
			tasks = append(tasks, Go(co, func(co *Co) error {
				err := co.Sleep(d * time.Millisecond)
				r.printf("t%d woke at %v", i, co.Loop().Time())
				return err
			}))
		}
		for _, task := range tasks {
			if _, err := Await(co, task); err != nil {
				return err
			}
		}
		return nil
	}, Virtual())
	require.NoError(t, err)
	diff(t, []string{"t4 woke at 0s", "t1 woke at 10ms", "t3 woke at 10ms", "t2 woke at 20ms", "t0 woke at 30ms"}, r.lines)
}

func TestRealClockSleepsForReal(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	start := time.Now()
	err := runMain(t, func(co *Co) error { return co.Sleep(15 * time.Millisecond) })
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 15*time.Millisecond)
}

func TestAwaitReturnsResultsAndErrors(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	boom := errors.New("boom")
	got, err := run(t, func(co *Co) (string, error) {
		ok := CreateTask(co, func(co *Co) (int, error) { return 42, nil })
		bad := CreateTask(co, func(co *Co) (int, error) { return 0, boom })
		v, err := Await(co, ok)
		require.NoError(t, err)
		_, err = Await(co, bad)
		require.ErrorIs(t, err, boom)
		assert.Equal(t, "<Future finished result=42>", ok.Future().stateStringFuture())
		return fmt.Sprint(v), nil
	})
	require.NoError(t, err)
	assert.Equal(t, "42", got)
}

func (f *Future[T]) stateStringFuture() string { return "<Future " + f.stateString() + ">" }

func TestPanicReachesTheAwaiter(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	err := runMain(t, func(co *Co) error {
		task := Go(co, func(co *Co) error { panic("kaboom") })
		_, err := Await(co, task)
		return err
	})
	var pe *PanicError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "kaboom", pe.Value)
	assert.Contains(t, string(pe.Stack), "aio_test.go")
	assert.Equal(t, "panic: kaboom", err.Error())
}

func TestPanicInMainIsReturned(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	err := runMain(t, func(co *Co) error { panic(errors.New("inner")) })
	require.Error(t, err)
	assert.Equal(t, "inner", errors.Unwrap(err).Error())
}

func TestCancelBeforeStartMeansTheCoroutineNeverRuns(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	err := runMain(t, func(co *Co) error {
		task := Go(co, func(co *Co) error {
			r.printf("spin ran")
			return nil
		})
		assert.True(t, task.Cancel())
		_, err := Await(co, task)
		assert.ErrorIs(t, err, ErrCancelled)
		assert.True(t, task.Cancelled())
		assert.False(t, task.Cancel(), "a task that ended cannot be cancelled")
		return nil
	})
	require.NoError(t, err)
	assert.Empty(t, r.lines)
}

func TestCancelWhileSleepingLetsTheTaskCleanUp(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	err := runMain(t, func(co *Co) error {
		task := CreateTask(co, func(co *Co) (int, error) {
			err := co.Sleep(time.Hour)
			r.printf("sleep returned %v at %v", err, co.Loop().Time())
			// Cleaning up may await, too.
			require.NoError(t, co.Sleep(time.Second))
			r.printf("cleaned up at %v", co.Loop().Time())
			return 0, err
		})
		require.NoError(t, co.Sleep(time.Minute))
		task.Cancel()
		_, err := Await(co, task)
		r.printf("main sees %v", err)
		return nil
	}, Virtual())
	require.NoError(t, err)
	diff(t, []string{"sleep returned cancelled at 1m0s", "cleaned up at 1m1s", "main sees cancelled"}, r.lines)
}

func TestCancellingTheAwaiterCancelsTheAwaited(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	err := runMain(t, func(co *Co) error {
		var inner *Task[None]
		outer := Go(co, func(co *Co) error {
			inner = Go(co, func(co *Co) error {
				err := co.Sleep(time.Hour)
				r.printf("inner: %v", err)
				return err
			})
			_, err := Await(co, inner)
			r.printf("outer: %v", err)
			return err
		})
		require.NoError(t, co.Sleep(time.Second))
		outer.Cancel()
		_, err := Await(co, outer)
		r.printf("main: %v, inner cancelled %v", err, inner.Cancelled())
		return nil
	}, Virtual())
	require.NoError(t, err)
	diff(t, []string{"inner: cancelled", "outer: cancelled", "main: cancelled, inner cancelled true"}, r.lines)
}

func TestATaskMaySuppressCancellation(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	got, err := run(t, func(co *Co) (int, error) {
		task := CreateTask(co, func(co *Co) (int, error) {
			if err := co.Sleep(time.Hour); errors.Is(err, ErrCancelled) {
				return 7, nil
			}
			return 0, nil
		})
		require.NoError(t, co.Yield())
		task.Cancel()
		return Await(co, task)
	}, Virtual())
	require.NoError(t, err)
	assert.Equal(t, 7, got)
}

func TestSelfCancelTakesEffectAtTheNextAwait(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	err := runMain(t, func(co *Co) error {
		var self *Task[None]
		self = Go(co, func(co *Co) error {
			self.Cancel()
			r.printf("still running after cancel")
			err := co.Sleep(time.Second)
			r.printf("sleep: %v at %v", err, co.Loop().Time())
			return err
		})
		_, err := Await(co, self)
		r.printf("main: %v", err)
		return nil
	}, Virtual())
	require.NoError(t, err)
	diff(t, []string{"still running after cancel", "sleep: cancelled at 0s", "main: cancelled"}, r.lines)
}

func TestRunCancelsLeftoverTasks(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	err := runMain(t, func(co *Co) error {
		Go(co, func(co *Co) error {
			err := co.Sleep(time.Hour)
			r.printf("leftover: %v", err)
			return err
		})
		Go(co, func(co *Co) error {
			r.printf("never started")
			return nil
		})
		r.printf("main returns")
		return nil
	}, Virtual())
	require.NoError(t, err)
	// The first task never got a step before main returned, nor did the second: both are
	// cancelled before they start, so neither body runs. asyncio.run does the same.
	diff(t, []string{"main returns"}, r.lines)
}

func TestRunCancelsStartedLeftovers(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	err := runMain(t, func(co *Co) error {
		Go(co, func(co *Co) error {
			err := co.Sleep(time.Hour)
			r.printf("leftover: %v", err)
			return err
		})
		require.NoError(t, co.Yield())
		return nil
	}, Virtual())
	require.NoError(t, err)
	diff(t, []string{"leftover: cancelled"}, r.lines)
}

func TestRunContextCancelsMain(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	ctx, cancel := context.WithCancel(context.Background())
	var r recorder
	err := runMainContext(t, ctx, func(co *Co) error {
		cancel() // as if Ctrl-C arrived now
		err := co.Sleep(time.Hour)
		r.printf("main: %v", err)
		return err
	})
	require.ErrorIs(t, err, ErrCancelled)
	diff(t, []string{"main: cancelled"}, r.lines)
}

func TestCallSoonThreadsafeWakesAWaitingLoop(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	got, err := run(t, func(co *Co) (string, error) {
		f := NewFuture[string](co.Loop())
		go func() {
			time.Sleep(5 * time.Millisecond)
			assert.NoError(t, co.Loop().CallSoonThreadsafe(func() { _ = f.SetResult("from another goroutine") }))
		}()
		return Await(co, f)
	})
	require.NoError(t, err)
	assert.Equal(t, "from another goroutine", got)
}

func TestCallSoonThreadsafeAfterCloseFails(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var l *Loop
	err := runMain(t, func(co *Co) error { l = co.Loop(); return nil })
	require.NoError(t, err)
	assert.ErrorIs(t, l.CallSoonThreadsafe(func() {}), ErrClosed)
}

// A hold keeps a virtual clock from jumping while another goroutine works: the timer that
// would otherwise fire first waits for the posted callback.
func TestHoldStopsTheVirtualClockJumping(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	err := runMain(t, func(co *Co) error {
		l := co.Loop()
		Go(co, func(co *Co) error {
			err := co.Sleep(time.Millisecond)
			r.printf("timer at %v", co.Loop().Time())
			return err
		})
		f := NewFuture[None](l)
		release := l.Hold()
		go func() {
			time.Sleep(10 * time.Millisecond) // real work, taking real time
			_ = l.CallSoonThreadsafe(func() {
				r.printf("job done at %v", l.Time())
				_ = f.SetResult(None{})
			})
			release()
		}()
		_, err := Await(co, f)
		require.NoError(t, co.Sleep(time.Second))
		return err
	}, Virtual())
	require.NoError(t, err)
	diff(t, []string{"job done at 0s", "timer at 1ms"}, r.lines)
}

func TestVirtualDeadlockIsReported(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	err := runMain(t, func(co *Co) error {
		_, err := Await(co, NewFuture[None](co.Loop())) // nothing will ever complete it
		return err
	}, Virtual())
	require.ErrorIs(t, err, ErrDeadlock)
}

func TestFutureStates(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	l := newLoop() // never run: the futures are completed and read directly
	f := NewFuture[int](l)
	assert.Equal(t, "<Future pending>", f.String())
	_, err := f.Result()
	assert.ErrorIs(t, err, ErrInvalidState)
	require.NoError(t, f.SetResult(42))
	assert.ErrorIs(t, f.SetResult(43), ErrInvalidState)
	assert.False(t, f.Cancel())
	assert.Equal(t, "<Future finished result=42>", f.String())

	g := NewFuture[string](l)
	require.NoError(t, g.SetError(errors.New("no route to host")))
	assert.Equal(t, "<Future finished exception=no route to host>", g.String())
	assert.Error(t, g.SetError(nil))

	h := NewFuture[None](l)
	assert.True(t, h.Cancel())
	assert.Equal(t, "<Future cancelled>", h.String())
	assert.ErrorIs(t, h.Err(), ErrCancelled)

	n := NewFuture[None](l)
	require.NoError(t, n.SetResult(None{}))
	assert.Equal(t, "<Future finished result=None>", n.String())
}

func TestDoneCallbacksRunViaCallSoonInOrder(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	err := runMain(t, func(co *Co) error {
		f := NewFuture[int](co.Loop())
		f.AddDoneCallback(func() { r.printf("first") })
		f.AddDoneCallback(func() { r.printf("second") })
		require.NoError(t, f.SetResult(1))
		r.printf("after SetResult") // callbacks are scheduled, not run, by SetResult
		require.NoError(t, co.Yield())
		f.AddDoneCallback(func() { r.printf("late") }) // already done: scheduled at once
		require.NoError(t, co.Yield())
		return nil
	})
	require.NoError(t, err)
	diff(t, []string{"after SetResult", "first", "second", "late"}, r.lines)
}

func TestTaskString(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var pendingRepr string
	var task *Task[int]
	err := runMain(t, func(co *Co) error {
		task = CreateTask(co, answer)
		pendingRepr = task.String()
		_, err := Await(co, task)
		return err
	})
	require.NoError(t, err)
	assert.Regexp(t, `^<Task pending name='Task-2' coro=<answer\(\) running at aio_test.go:\d+>>$`, pendingRepr)
	assert.Regexp(t, `^<Task finished name='Task-2' coro=<answer\(\) done, defined at aio_test.go:\d+> result=42>$`, task.String())
	assert.Equal(t, task.String(), task.Future().String(), "a task's future prints as the task")
}

func answer(*Co) (int, error) { return 42, nil }

func TestUsingAnotherTasksCoPanics(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	err := runMain(t, func(co *Co) error {
		var other *Co
		task := Go(co, func(co *Co) error { other = co; return nil })
		if _, err := Await(co, task); err != nil {
			return err
		}
		assert.PanicsWithValue(t, misuse, func() { _ = other.Yield() })
		return nil
	})
	require.NoError(t, err)
}

func TestGoexitInATaskBecomesAnError(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	err := runMain(t, func(co *Co) error {
		task := CreateTask(co, func(co *Co) (None, error) {
			var zero None
			defer func() {}()
			runtimeGoexit()
			return zero, nil
		})
		_, err := Await(co, task)
		return err
	})
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "Goexit"), err.Error())
}

func TestErrCancelledIsAContextCancellation(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	assert.ErrorIs(t, ErrCancelled, context.Canceled)
	assert.NotErrorIs(t, context.Canceled, ErrCancelled)
}

func TestAtCloseRunsLastFirstAfterLeftoversEnd(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	err := runMain(t, func(co *Co) error {
		co.Loop().AtClose(func() { r.printf("first registered") })
		co.Loop().AtClose(func() { r.printf("second registered") })
		Go(co, func(co *Co) error {
			err := co.Sleep(time.Hour)
			r.printf("leftover ends: %v", err)
			return err
		})
		return co.Yield()
	}, Virtual())
	require.NoError(t, err)
	diff(t, []string{"leftover ends: cancelled", "second registered", "first registered"}, r.lines)
}

func makesACoroutine() func(*Co) (int, error) {
	return func(*Co) (int, error) { return 1, nil }
}

func TestClosuresAreNamedAfterTheirMaker(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	name, at := funcName(makesACoroutine())
	assert.Equal(t, "makesACoroutine", name)
	assert.Regexp(t, `^aio_test.go:\d+$`, at)
}

// A callback that panics crashes the loop, not the task whose goroutine happened to be running
// the loop's turn: the panic comes out of Run, as it would from asyncio.run.
func TestCallbackPanicComesOutOfRun(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var sawErr error
	testdeadline.Within(t, testdeadline.Short, "the loop (aio.Main) never finished", func() {
		assert.PanicsWithValue(t, "boom", func() {
			_ = Main(func(co *Co) error {
				co.Loop().CallSoon(func() { panic("boom") })
				sawErr = co.Yield()
				return sawErr
			})
		})
	})
	assert.NoError(t, sawErr, "the task saw the callback's panic")
}

// Creating and awaiting a task costs one allocation: the task, its future and core with it.
// Names are made only when printed, and the goroutine is one whose task has finished.
func TestCreateAndAwaitAllocations(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	var allocs float64
	err := runMain(t, func(co *Co) error {
		allocs = testing.AllocsPerRun(100, func() {
			_, err := Await(co, CreateTask(co, answer))
			assert.NoError(t, err)
		})
		return nil
	})
	require.NoError(t, err)
	assert.LessOrEqual(t, allocs, 1.0, "allocations per create+await")
}

// A finished task's goroutine runs later tasks, but not after runtime.Goexit, and the loop
// keeps only so many idle: waves of tasks wider than that, with a Goexit among them, all run
// in order, and goleak (TestMain) checks that every goroutine has gone after Run.
func TestTaskGoroutinesAreReusedSafely(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	err := runMain(t, func(co *Co) error {
		for wave := range 3 {
			var tasks []*Task[int]
			for i := range 2 * maxIdle {
				tasks = append(tasks, CreateTask(co, func(co *Co) (int, error) {
					if i == 5 {
						runtimeGoexit()
					}
					if err := co.Yield(); err != nil {
						return 0, err
					}
					return i, nil
				}))
			}
			sum := 0
			for _, task := range tasks {
				v, err := Await(co, task)
				if err != nil && !strings.Contains(err.Error(), "Goexit") {
					return err
				}
				sum += v
			}
			r.printf("wave %d: %d", wave, sum)
		}
		return nil
	})
	require.NoError(t, err)
	diff(t, []string{"wave 0: 491", "wave 1: 491", "wave 2: 491"}, r.lines)
}

// A future keeps its first two callbacks inline and the rest in a slice; they run in the order
// they were added either way.
func TestManyDoneCallbacksRunInOrder(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var r recorder
	err := runMain(t, func(co *Co) error {
		f := NewFuture[int](co.Loop())
		for i := range 5 {
			f.AddDoneCallback(func() { r.printf("callback %d", i) })
		}
		require.NoError(t, f.SetResult(1))
		err := co.Yield() // the callbacks were scheduled first
		r.printf("yielded")
		return err
	})
	require.NoError(t, err)
	diff(t, []string{"callback 0", "callback 1", "callback 2", "callback 3", "callback 4", "yielded"}, r.lines)
}

// A task started with Go prints as the coroutine it was given, not the wrapper that adapts it,
// and Main hands back the main coroutine's error.
func TestGoAndMainNameTheirCoroutine(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	boom := errors.New("boom")
	var repr, mainRepr string
	err := runMain(t, func(co *Co) error {
		task := Go(co, namedCoroutine)
		repr = task.String()
		mainRepr = co.task().typed.String()
		return boom
	})
	assert.ErrorIs(t, err, boom, "Main(...)")
	assert.Contains(t, repr, "coro=<namedCoroutine() running at aio_test.go:", "Go(co, namedCoroutine).String(): want it to name namedCoroutine")
	assert.Contains(t, mainRepr, "TestGoAndMainNameTheirCoroutine", "the main task's name: want the test's closure, not Main's wrapper")
	assert.NotContains(t, mainRepr, "MainContext", "the main task's name: want the test's closure, not Main's wrapper")
}

func namedCoroutine(co *Co) error { return nil }

// PendingTimers counts the timers that have neither run nor been cancelled: a sleep's timer
// while it sleeps, a CallLater until it fires or is cancelled.
func TestPendingTimersCountsTimersNotYetRunOrCancelled(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var counts []int
	err := runMain(t, func(co *Co) error {
		l := co.Loop()
		counts = append(counts, l.PendingTimers())
		a := l.CallLater(time.Second, func() {})
		l.CallLater(2*time.Second, func() {})
		sleeper := Go(co, func(co *Co) error { return co.Sleep(time.Hour) })
		if err := co.Yield(); err != nil { // the sleeper starts its timer
			return err
		}
		counts = append(counts, l.PendingTimers())
		a.Cancel()
		sleeper.Cancel()
		counts = append(counts, l.PendingTimers())
		if err := co.Sleep(3 * time.Second); err != nil { // the 2 s timer runs meanwhile
			return err
		}
		counts = append(counts, l.PendingTimers())
		return nil
	}, Virtual())
	require.NoError(t, err)
	assert.Equal(t, []int{0, 3, 1, 0}, counts)
}
