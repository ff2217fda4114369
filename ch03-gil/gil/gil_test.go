package gil

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/internal/testdeadline"
)

// Each test runs in a synctest bubble with StepCost, so a step takes virtual time and the
// schedule is exact. 300µs steps never line up with the 5ms interval (5000/300 is no whole
// number), so no two timers fall due at the same instant.
const step = 300 * time.Microsecond

func TestOnlyOneThreadRunsBytecode(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		in := New(StepCost(step))
		for i := range 4 {
			in.Go(fmt.Sprint("T", i), func(th *Thread) {
				for range 100 {
					th.Step(nil)
				}
			})
		}
		in.Wait()
		s := in.Stats()
		assert.Equal(t, 1, s.MaxRunning, "the GIL admits one thread at a time")
		assert.EqualValues(t, 400, s.Steps)
		assert.Positive(t, s.Switches)
	})
}

// Four CPU-bound threads take exactly as long as one thread doing all the work: the GIL
// serialises them. 400 steps of 300µs = 120ms, however many threads.
func TestCPUBoundThreadsGainNothing(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, threads := range []int{1, 2, 4} {
		synctest.Test(t, func(t *testing.T) {
			in := New(StepCost(step))
			start := time.Now()
			for range threads {
				in.Go("T", func(th *Thread) {
					for range 400 / threads {
						th.Step(nil)
					}
				})
			}
			in.Wait()
			assert.Equal(t, 120*time.Millisecond, time.Since(start), "%d threads", threads)
		})
	}
}

// A waiting thread gets the GIL within a switch interval plus one step: it asks after 5ms, and
// the holder drops it at its next step boundary.
func TestDropRequestIsHonouredWithinAnInterval(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		in := New(StepCost(step))
		var mu sync.Mutex
		var got []time.Duration
		start := time.Now()
		in.Go("hog", func(th *Thread) {
			for range 200 {
				th.Step(nil)
			}
		})
		synctest.Wait() // the hog holds the GIL now
		in.Go("waiter", func(th *Thread) {
			mu.Lock()
			got = append(got, time.Since(start))
			mu.Unlock()
		})
		in.Wait()
		require.Len(t, got, 1)
		// Asked at 5ms; the hog's step then under way ends at 5.1ms (17 steps of 300µs).
		assert.Equal(t, 5100*time.Microsecond, got[0])
		assert.LessOrEqual(t, got[0], DefaultSwitchInterval+step)
	})
}

// A thread that blocks (sleeps, does I/O) releases the GIL; another thread runs meanwhile.
func TestBlockingReleasesTheGIL(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		in := New(StepCost(step))
		var order []string
		var mu sync.Mutex
		note := func(s string) { mu.Lock(); order = append(order, s); mu.Unlock() }
		in.Go("io", func(th *Thread) {
			note("io: sleeps 10ms")
			th.Sleep(10 * time.Millisecond)
			note("io: back")
		})
		synctest.Wait()
		in.Go("cpu", func(th *Thread) {
			note("cpu: runs while io sleeps")
			th.Step(nil)
		})
		in.Wait()
		want := []string{"io: sleeps 10ms", "cpu: runs while io sleeps", "io: back"}
		if diff := cmp.Diff(want, order); diff != "" {
			t.Errorf("order (-want +got):\n%s", diff)
		}
	})
}

// SleepContext sleeps the whole of d when nothing cancels it, and ends at the cancel when
// something does, holding the GIL again either way: the sleeper's next step does not panic.
func TestSleepContextEndsAtTheCancel(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		in := New(StepCost(step))
		ctx, cancel := context.WithCancel(t.Context())
		var full, cut error
		var slept time.Duration
		in.Go("sleeper", func(th *Thread) {
			start := time.Now()
			full = th.SleepContext(ctx, 10*time.Millisecond)
			th.Step(nil)
			cut = th.SleepContext(ctx, time.Hour)
			slept = time.Since(start)
			th.Step(nil)
		})
		time.Sleep(20 * time.Millisecond) // virtual: the first sleep and its step are over
		synctest.Wait()                   // the sleeper is in its hour-long sleep
		cancel()
		in.Wait()
		assert.NoError(t, full)
		assert.ErrorIs(t, cut, context.Canceled)
		assert.Equal(t, 20*time.Millisecond, slept, "the second sleep ends at the cancel")
	})
}

// I/O-bound threads overlap under the GIL: four threads sleeping 100ms three times each take
// 300ms, not 1.2s.
func TestIOBoundThreadsOverlap(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		in := New(StepCost(step))
		start := time.Now()
		for range 4 {
			in.Go("io", func(th *Thread) {
				for range 3 {
					th.Sleep(100 * time.Millisecond)
					th.Step(nil)
				}
			})
		}
		in.Wait()
		took := time.Since(start)
		assert.GreaterOrEqual(t, took, 300*time.Millisecond)
		assert.Less(t, took, 310*time.Millisecond, "the four threads' steps add only 4x3x300µs")
	})
}

// No starvation: with three CPU-bound threads, each gets the GIL again within two switch
// intervals (plus a step each) of losing it.
func TestNoThreadStarves(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		in := New(StepCost(step))
		var mu sync.Mutex
		gaps := map[string]time.Duration{}
		for _, name := range []string{"A", "B", "C"} {
			in.Go(name, func(th *Thread) {
				last := time.Now()
				for range 150 {
					th.Step(nil)
					if gap := time.Since(last) - step; gap > 0 {
						mu.Lock()
						gaps[name] = max(gaps[name], gap)
						mu.Unlock()
					}
					last = time.Now()
				}
			})
		}
		in.Wait()
		require.Len(t, gaps, 3, "every thread waited at least once")
		for name, gap := range gaps {
			assert.LessOrEqual(t, gap, 2*(DefaultSwitchInterval+step), name)
		}
	})
}

// The switch interval sets how often the GIL changes hands between CPU-bound threads.
func TestSwitchesFollowTheInterval(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, interval := range []time.Duration{time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond} {
		synctest.Test(t, func(t *testing.T) {
			in := New(StepCost(step), SwitchInterval(interval))
			for range 2 {
				in.Go("T", func(th *Thread) {
					for range 500 {
						th.Step(nil)
					}
				})
			}
			in.Wait()
			// 1000 steps of 300µs = 300ms of bytecode; a switch every interval plus a step.
			want := int(300 * time.Millisecond / (interval + step))
			assert.InDelta(t, want, in.Stats().Switches, float64(want)/10+1, "interval %v", interval)
		})
	}
}

// The drop request is honoured: while a second thread waits, the holder is made to let go
// (a forced switch) after each interval, and the GIL goes to the waiter, never straight back.
func TestHolderHonoursDropRequests(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		in := New(StepCost(step))
		var mu sync.Mutex
		var runs []string // who ran each step, compressed to turns
		note := func(name string) {
			mu.Lock()
			defer mu.Unlock()
			if len(runs) == 0 || runs[len(runs)-1] != name {
				runs = append(runs, name)
			}
		}
		for _, name := range []string{"A", "B"} {
			in.Go(name, func(th *Thread) {
				for range 100 { // 30ms of bytecode each
					th.Step(func() { note(name) })
				}
			})
			synctest.Wait() // A holds the GIL before B starts
		}
		in.Wait()
		s := in.Stats()
		// 60ms of bytecode, a turn every 5.1ms while both run: the turns alternate A, B, A, ...
		require.GreaterOrEqual(t, len(runs), 6)
		for i, name := range runs {
			assert.Equal(t, []string{"A", "B"}[i%2], name, "turn %d", i)
		}
		assert.EqualValues(t, len(runs)-1, s.Switches, "every turn after the first is a switch")
		assert.GreaterOrEqual(t, s.Drops, int64(len(runs)-2), "turns end by drop requests (the last by a thread finishing)")
		assert.Equal(t, 1, s.MaxRunning)
	})
}

// Native code runs without the GIL: four threads' native sections overlap completely, while
// their bytecode still takes turns.
func TestNativeRunsWithoutTheGIL(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		in := New(StepCost(step))
		start := time.Now()
		for range 4 {
			in.Go("T", func(th *Thread) {
				th.Step(nil)
				th.Native(func() { time.Sleep(100 * time.Millisecond) })
				th.Step(nil)
			})
		}
		in.Wait()
		s := in.Stats()
		assert.Equal(t, 4, s.MaxNative, "all four native sections ran at once")
		assert.Equal(t, 1, s.MaxRunning, "bytecode still one at a time")
		// The native sections overlap; eight 300µs steps add up, one after another, at most.
		took := time.Since(start)
		assert.GreaterOrEqual(t, took, 100*time.Millisecond)
		assert.LessOrEqual(t, took, 100*time.Millisecond+8*step)
	})
}

// Bytecode never runs without the GIL: a Step inside Blocking or Native, where the thread has
// let go of it, panics, and so does letting go again (a Blocking, Native or Sleep inside one).
// The panic is recovered where a reader's check would see it, around the whole thread, not
// inside the callback: the thread then ends without the GIL, and must not try to give it back
// (that blocked for good on the full token, so the panic was never seen).
func TestMisuseWithoutTheGILPanics(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	release := map[string]func(*Thread, func()){"Blocking": (*Thread).Blocking, "Native": (*Thread).Native}
	misuse := map[string]func(*Thread){
		"Step":         func(th *Thread) { th.Step(nil) },
		"Blocking":     func(th *Thread) { th.Blocking(func() {}) },
		"Native":       func(th *Thread) { th.Native(func() {}) },
		"Sleep":        func(th *Thread) { th.Sleep(0) },
		"SleepContext": func(th *Thread) { _ = th.SleepContext(context.Background(), 0) },
	}
	for outer, release := range release {
		for inner, misuse := range misuse {
			t.Run(inner+" inside "+outer, func(t *testing.T) {
				in := New()
				var recovered any
				other := false
				in.Go("T", func(th *Thread) {
					defer func() { recovered = recover() }()
					release(th, func() { misuse(th) })
				})
				in.Go("other", func(th *Thread) { th.Step(func() { other = true }) })
				testdeadline.Within(t, testdeadline.Short, "the threads after a misuse panicked", in.Wait)
				assert.Equal(t, "gil: "+inner+" called by thread T, which does not hold the GIL", recovered)
				assert.True(t, other, "the other thread ran")
			})
		}
	}
}

// A thread waiting for the GIL is counted in Waited; a thread alone never waits.
func TestWaitedCountsTimeWithoutTheGIL(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		in := New(StepCost(step))
		in.Go("alone", func(th *Thread) {
			for range 10 {
				th.Step(nil)
			}
		})
		in.Wait()
		assert.Zero(t, in.Stats().Waited)
		assert.Zero(t, in.Stats().Switches)

		in = New(StepCost(step))
		for range 2 {
			in.Go("T", func(th *Thread) {
				for range 10 {
					th.Step(nil)
				}
			})
		}
		in.Wait()
		// Twenty 300µs steps, neither thread runs long enough to be asked: the second thread
		// waits for the whole of the first's 3ms.
		assert.Equal(t, 10*step, in.Stats().Waited)
		assert.Equal(t, 1, in.Stats().Switches)
	})
}

// With Record, the interpreter logs every wait, request, hand-over and release, timed in
// virtual time; Holders picks the hand-overs. Without it, the log stays empty.
func TestRecordLogsEvents(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		in := New(StepCost(step), Record())
		in.Go("A", func(th *Thread) {
			for range 20 { // 6ms of steps: B asks at 5ms, A lets go at 5.1ms
				th.Step(nil)
			}
		})
		synctest.Wait() // A holds the GIL
		in.Go("B", func(th *Thread) {
			th.Step(nil) // holds the GIL for a step, so A must wait
			th.Sleep(time.Millisecond)
		})
		in.Wait()
		ms := func(tenths int) time.Duration { return time.Duration(tenths) * 100 * time.Microsecond }
		want := []Event{
			{0, "A", Take},
			{0, "B", Wait},
			{ms(50), "B", Ask},
			{ms(51), "A", Drop},
			{ms(51), "B", Take},
			{ms(51), "A", Wait},
			{ms(54), "B", Block},
			{ms(54), "A", Take},
			{ms(63), "A", Exit},
			{ms(64), "B", Take},
			{ms(64), "B", Exit},
		}
		if diff := cmp.Diff(want, in.Events()); diff != "" {
			t.Errorf("Events() (-want +got):\n%s", diff)
		}
		holders := []Event{{0, "A", Take}, {ms(51), "B", Take}, {ms(54), "A", Take}, {ms(64), "B", Take}}
		if diff := cmp.Diff(holders, Holders(in.Events())); diff != "" {
			t.Errorf("Holders(Events()) (-want +got):\n%s", diff)
		}

		quiet := New()
		quiet.Go("A", func(th *Thread) { th.Step(nil) })
		quiet.Wait()
		assert.Empty(t, quiet.Events(), "Events() without Record")
	})
}

func TestKindString(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for k, want := range map[Kind]string{Wait: "wait", Ask: "ask", Take: "take", Drop: "drop", Block: "block", Native: "native", Exit: "exit", Kind(99): "Kind(99)"} {
		assert.Equalf(t, want, k.String(), "Kind(%d).String()", int(k))
	}
}
