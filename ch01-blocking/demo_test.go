package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/scripttest"
	"github.com/concurrency-models/book/internal/testdeadline"
)

// lines splits output into lines for readable diffs.
func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

func requireLines(t *testing.T, want string, got string) {
	t.Helper()
	if d := cmp.Diff(lines(want), lines(got)); d != "" {
		t.Fatalf("output (-want +got):\n%s", d)
	}
}

// sleepingFetch stands in for the HTTP request: a blocking call that takes d. Inside a synctest
// bubble, time.Sleep takes virtual time, so the orderings below are exact.
func sleepingFetch(d time.Duration) func(context.Context) error {
	return func(context.Context) error { time.Sleep(d); return nil }
}

const sourceBlocked = `started counter
started http request
ended http request
i is 0
i is 1
i is 2
i is 3
i is 4
`

const sourceOverlapped = `started counter
started http request
i is 0
i is 1
i is 2
i is 3
i is 4
ended http request
`

// The source program's ordering follows from the baton alone: however long or short the request, the
// counter cannot print while it runs. So the test does not even need virtual time.
func TestBlockingRequestOrderIsCausal(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, d := range []time.Duration{0, time.Millisecond, 20 * time.Millisecond} {
		var out bytes.Buffer
		require.NoError(t, blockingRequest(context.Background(), &out, time.Millisecond, sleepingFetch(d)))
		requireLines(t, sourceBlocked, out.String())
	}
}

// The blocking request holds the loop for its whole duration: in virtual time the counter's
// first line comes exactly when the request ends. Its 1 ms timer fell due during the request,
// and fires the moment the loop is free again; the other four ticks follow, 1 ms apart.
func TestBlockingRequestDelaysTheCounter(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var out bytes.Buffer
		var firstCount time.Duration
		w := writerFunc(func(p []byte) (int, error) {
			if bytes.HasPrefix(p, []byte("i is 0")) {
				firstCount = time.Since(start)
			}
			return out.Write(p)
		})
		require.NoError(t, blockingRequest(context.Background(), w, time.Millisecond, sleepingFetch(2*time.Second)))
		requireLines(t, sourceBlocked, out.String())
		// The counter asked to wake after 1ms; it woke after 2s: the request's whole length.
		assert.Equal(t, 2*time.Second, firstCount)
		assert.Equal(t, 2*time.Second+4*time.Millisecond, time.Since(start))
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestGoroutinesOverlapTheRequest(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var out bytes.Buffer
		require.NoError(t, goRequest(context.Background(), &out, time.Millisecond, sleepingFetch(2*time.Second)))
		requireLines(t, sourceOverlapped, out.String())
		assert.Equal(t, 2*time.Second, time.Since(start), "the request alone sets the length")
	})
}

// goRequest prints from two goroutines to the one writer it is given, so it must make the
// writer safe to share (cli.SyncWriter). This test gives it a plain bytes.Buffer, on the real
// clock, so that go test -race fails it if the lock goes. (In a synctest bubble, where the
// tests above run goRequest, the same unlocked writes drew no report when we tried: that is
// why this test does not use one.) On the real clock nothing orders main's last line after the
// counter's, so the test sorts the lines before comparing.
func TestGoRequestSharesItsWriterSafely(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var (
		out bytes.Buffer
		err error
	)
	testdeadline.Within(t, testdeadline.Short, "goRequest with a 5 ms request", func() {
		err = goRequest(context.Background(), &out, time.Millisecond, sleepingFetch(5*time.Millisecond))
	})
	require.NoError(t, err)
	got, want := lines(out.String()), lines(sourceOverlapped)
	slices.Sort(got)
	slices.Sort(want)
	assert.Equal(t, want, got)
}

// The counter goroutine counts only once main has announced the request, however long main
// takes to do so: here a whole second, a thousand ticks. (Before, it counted from its own start,
// and on a loaded machine "i is 0" could come before "started http request".)
func TestGoCounterWaitsForTheAnnouncement(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		var out scripttest.LockedBuffer
		started, begin := make(chan struct{}), make(chan struct{})
		counted := make(chan error, 1)
		go func() { counted <- goCounter(t.Context(), &out, time.Millisecond, started, begin) }()
		<-started
		time.Sleep(time.Second) // main is slow to print "started http request"
		require.Equal(t, "started counter\n", out.String(), "before begin: want only the counter's first line")
		close(begin)
		require.NoError(t, <-counted, "goCounter")
		requireLines(t, "started counter\ni is 0\ni is 1\ni is 2\ni is 3\ni is 4\n", out.String())
	})
}

func TestGoRequestLeavesNoCounterBehindOnError(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		var out bytes.Buffer
		err := goRequest(context.Background(), &out, time.Second, func(context.Context) error {
			return context.DeadlineExceeded
		})
		require.ErrorIs(t, err, context.DeadlineExceeded)
		// synctest.Test fails if any goroutine is left in the bubble, so returning proves the
		// counter goroutine ended.
		requireLines(t, "started counter\nstarted http request\n", out.String())
	})
}

func TestNapRaceInVirtualTime(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		var out bytes.Buffer
		took, err := napRace(context.Background(), &out, 300*time.Millisecond, false)
		require.NoError(t, err)
		assert.Equal(t, 300*time.Millisecond, took)
		requireLines(t, "task 1 naps\ntask 2 naps\ntask 3 naps\ntask 1 wakes\ntask 2 wakes\ntask 3 wakes\n", out.String())

		out.Reset()
		took, err = napRace(context.Background(), &out, 300*time.Millisecond, true)
		require.NoError(t, err)
		assert.Equal(t, 900*time.Millisecond, took)
		requireLines(t, "task 1 naps\ntask 1 wakes\ntask 2 naps\ntask 2 wakes\ntask 3 naps\ntask 3 wakes\n", out.String())
	})
}

// The whole sleep demo, byte for byte, in virtual time.
func TestSleepDemoExactOutput(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		config.nap = 300 * time.Millisecond
		var out bytes.Buffer
		require.NoError(t, sleepDemo(context.Background(), &out))
		requireLines(t, `three tasks, each naps 300ms with co.Sleep (await asyncio.sleep):
task 1 naps
task 2 naps
task 3 naps
task 1 wakes
task 2 wakes
task 3 wakes
took 300ms
task 2 napped before task 1 woke: the loop ran the naps side by side

three tasks, each naps 300ms with time.Sleep (time.sleep):
task 1 naps
task 1 wakes
task 2 naps
task 2 wakes
task 3 naps
task 3 wakes
took 900ms
task 2 napped only after task 1 woke: each nap held the loop, one after another
`, out.String())
	})
}

// Ctrl-C during the blocking request: the request is abandoned, the loop cancels the counter
// and the error is a context cancellation, which the CLI turns into exit status 130.
func TestBlockingRequestInterrupted(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		var out bytes.Buffer
		err := blockingRequest(ctx, &out, time.Millisecond, func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		})
		require.ErrorIs(t, err, context.Canceled)
		requireLines(t, "started counter\nstarted http request\n", out.String())
	})
}

func TestCancelledTaskErrorCountsAsInterrupt(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	assert.ErrorIs(t, aio.ErrCancelled, context.Canceled)
}

func TestSpinLoopHasAResult(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	// spinLoop must not be optimised away; its result depends on n.
	var s, e uint32
	assert.NotEqual(t, spinLoop(10, &s, &e), spinLoop(11, &s, &e))
	assert.Equal(t, [2]uint32{1, 1}, [2]uint32{s, e})
	assert.Positive(t, roundsFor(spinLoop, time.Millisecond))
}

// The runtime's source promises a lower bound: sysmon preempts a goroutine only after seeing it
// on the same time slice for forcePreemptNS (10ms), and the child starts a fresh slice just
// before the loop. Without asynchronous preemption the sleeper must wait for the loop to end.
// Each case runs in a child process with GOMAXPROCS=1, as the demo does.
func TestPreemptionBounds(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel() // child processes: overlap them with the scripts
	// After Parallel: the wait for the serial tests does not count.
	testdeadline.Bound(t, testdeadline.Long)
	on, err := runSpinChild(context.Background(), 150*time.Millisecond, false)
	require.NoError(t, err)
	assert.True(t, on.beforeEnd, "with async preemption the sleeper wakes mid-loop: %+v", on)
	assert.GreaterOrEqual(t, on.slept, 9*time.Millisecond, "not before a 10ms time slice (less a little for the clock reads)")

	off, err := runSpinChild(context.Background(), 150*time.Millisecond, true)
	require.NoError(t, err)
	assert.False(t, off.beforeEnd, "without it the sleeper waits for the loop: %+v", off)
	// Not slept >= loop: the loop's time is read after the call that ends its trace region,
	// where the spent slice lets the sleeper run first, so on a loaded machine the loop's
	// reading can come out later than the sleeper's, and the loop's longer (once in fifty race
	// runs under a CPU hog). The flag above is the causal check; this one says the wait was of
	// the loop's order, not a millisecond.
	assert.GreaterOrEqual(t, off.slept, off.loop/2, "the sleeper waited about as long as the loop: %+v", off)
}

// The preempt demo's child stops as soon as its parent is interrupted, even with
// asyncpreemptoff=1, when nothing but the call-free loop can run in it: it dies of the SIGTERM
// its parent sends. (If it ignored SIGTERM, the parent would wait reexec.GracePeriod, 2s, before
// killing it.)
func TestPreemptChildStopsOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	t.Parallel() // child processes: overlap them with the scripts
	// After Parallel: the wait for the serial tests does not count.
	testdeadline.Bound(t, testdeadline.Long)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	ready := filepath.Join(t.TempDir(), "ready")
	returned := make(chan error, 1)
	go func() {
		_, err := runSpinChild(ctx, 30*time.Second, true, spinReadyEnv+"="+ready)
		returned <- err
	}()
	// Wait until the child says it is past signal.Reset: cancelled sooner, it would return
	// through its ctx, and the test would pass without the reset.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(ready); err == nil {
			break
		}
		select {
		case err := <-returned:
			t.Fatalf("the spin child ended before it was ready: %v", err)
		default:
		}
		require.False(t, time.Now().After(deadline), "the spin child did not get ready within 10s")
	}
	cancel()
	cancelled := time.Now()
	select {
	case err := <-returned:
		assert.ErrorIs(t, err, context.Canceled, "runSpinChild")
		assert.LessOrEqual(t, time.Since(cancelled), time.Second, "runSpinChild's return after the cancel, want within 1s: the child ignored SIGTERM")
	case <-time.After(10 * time.Second):
		t.Fatal("the spin child is still running 10s after its parent was cancelled")
	}
}

// parseFlags parses args as the program does, runs check, and returns its error. The flags get
// their defaults back when the test ends.
func parseFlags(t *testing.T, args ...string) error {
	t.Helper()
	t.Cleanup(func() { app.Flags(flag.NewFlagSet("defaults", flag.ContinueOnError)) })
	_, err := app.Parse(args)
	return err
}

// -quick shortens every duration, except those given as well, in any order.
func TestQuick(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, tc := range []struct {
		args             []string
		delay, nap, spin time.Duration
	}{
		{nil, 2 * time.Second, 300 * time.Millisecond, 500 * time.Millisecond},
		{[]string{"-quick"}, 100 * time.Millisecond, 50 * time.Millisecond, 200 * time.Millisecond},
		{[]string{"-nap", "20ms", "-quick"}, 100 * time.Millisecond, 20 * time.Millisecond, 200 * time.Millisecond},
		{[]string{"-quick", "-delay", "1s", "-spin", "1s"}, time.Second, 50 * time.Millisecond, time.Second},
	} {
		require.NoErrorf(t, parseFlags(t, tc.args...), "parse %q", tc.args)
		got := [3]time.Duration{config.request.Delay, config.nap, config.spin}
		assert.Equalf(t, [3]time.Duration{tc.delay, tc.nap, tc.spin}, got, "%q: -delay, -nap, -spin", tc.args)
	}
}

// Ctrl-C during the blocking naps stops the demo at once: the nap in progress is cut short and
// no other napper starts one. (The loop still runs no other task meanwhile.) It used to sleep
// out every remaining nap, up to three times -nap, before it noticed.
func TestBlockingNapsStopAtCtrlC(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(time.Second, cancel) // Ctrl-C, a second into the first nap
		var out bytes.Buffer
		start := time.Now()
		took, err := napRace(ctx, &out, time.Minute, true)
		require.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, time.Second, time.Since(start), "when the naps stopped after they began, want at Ctrl-C")
		assert.Equal(t, time.Second, took, "when napRace says the naps stopped after they began, want at Ctrl-C")
		requireLines(t, "task 1 naps\n", out.String())
	})
}
