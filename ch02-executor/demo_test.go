package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/internal/testdeadline"
)

func requireLines(t *testing.T, want, got string) {
	t.Helper()
	split := func(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }
	if d := cmp.Diff(split(want), split(got)); d != "" {
		t.Fatalf("output (-want +got):\n%s", d)
	}
}

const sourceOverlapped = `started counter
started http request
i is 0
i is 1
i is 2
i is 3
i is 4
ended http request
`

// In virtual time the source program's ordering is exact, and the whole run takes exactly the
// request's two seconds: the counter's five ticks happen inside it. (The worker threads are
// goroutines inside the bubble, so synctest sees them too.)
func TestExecutorRequestInVirtualTime(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var out bytes.Buffer
		err := executorRequest(t.Context(), &out, time.Millisecond, nil, func(context.Context) error {
			time.Sleep(2 * time.Second)
			return nil
		})
		require.NoError(t, err)
		requireLines(t, sourceOverlapped, out.String())
		assert.Equal(t, 2*time.Second, time.Since(start))
	})
}

// Causal version, no clock at all: the "request" returns only once the counter has finished,
// which can only happen if the loop keeps running while the request blocks its thread.
func TestExecutorRequestIsCausal(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for range 20 {
		var out bytes.Buffer
		counted := make(chan struct{})
		w := writerFunc(func(p []byte) (int, error) {
			if string(p) == "i is 4\n" {
				defer close(counted)
			}
			return out.Write(p)
		})
		err := executorRequest(t.Context(), w, time.Millisecond, nil, func(context.Context) error {
			select {
			case <-counted:
				return nil
			case <-time.After(testdeadline.Short): // a failure that says why, not a hang
				return errors.New("the counter never finished while the request blocked: the request is holding the loop's goroutine")
			}
		})
		require.NoError(t, err)
		requireLines(t, sourceOverlapped, out.String())
	}
}

// slowStart is an executor whose worker takes a while to start each job, as a new thread may on
// a busy machine.
type slowStart time.Duration

func (d slowStart) Submit(job func()) error {
	go func() {
		time.Sleep(time.Duration(d))
		job()
	}()
	return nil
}

// The worker may take ten of the counter's ticks to start: "started http request" still comes
// before "i is 0", because main holds the loop until the worker has printed it.
func TestExecutorRequestWaitsForTheWorkerToStart(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	synctest.Test(t, func(t *testing.T) {
		var out bytes.Buffer
		err := executorRequest(t.Context(), &out, time.Millisecond, slowStart(10*time.Millisecond), func(context.Context) error {
			time.Sleep(time.Second)
			return nil
		})
		require.NoError(t, err)
		requireLines(t, sourceOverlapped, out.String())
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestStartTimingIsDeterministic(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for range 20 {
		var out bytes.Buffer
		require.NoError(t, startTiming(context.Background(), &out))
		requireLines(t, `main: created tasks A, B and C; none has run
main: hands a job to the executor
job: started on a worker thread, while main still holds the loop
main: awaits the job
task A runs
task B runs
task C runs
job: done
main: the await returns "the job's result"
`, out.String())
	}
}

func TestBurnIsDeterministicAndCPUBound(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	a, _ := burn(t.Context(), 1)
	b, _ := burn(t.Context(), 1)
	c, _ := burn(t.Context(), 2)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
}

func TestEveryCPURunComputesTheSame(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	seq, err := runSequential(t.Context(), 3, 1, nil)
	require.NoError(t, err)
	tp, err := runThreadPool(t.Context(), 3, 1, nil)
	require.NoError(t, err)
	gr, err := runGoroutines(t.Context(), 3, 1, nil)
	require.NoError(t, err)
	pp, err := runProcessPool(t.Context(), 3, 1, nil)
	require.NoError(t, err)
	for _, r := range []cpuRun{tp, gr, pp} {
		assert.Equal(t, seq.sums, r.sums, r.name)
	}
}

func TestBlockedReadersLetTheCounterRun(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var out bytes.Buffer
	require.NoError(t, blockedReaders(context.Background(), &out, 3, time.Millisecond))
	assert.Contains(t, out.String(), "counter: tick 4\n")
	assert.True(t, strings.HasSuffix(out.String(), "the 3 reads returned only now, after the counter finished\n"))
	if n, ok := liveThreads(); ok {
		assert.Positive(t, n)
	}
}

// While the readers are blocked there are more threads than Ps: each blocked reader keeps one.
func TestBlockedReadersHoldThreads(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var out bytes.Buffer
	require.NoError(t, blockedReaders(context.Background(), &out, 4, time.Millisecond))
	var threads, atLeast int
	for line := range strings.SplitSeq(out.String(), "\n") {
		if strings.HasPrefix(line, "threads in this process:") {
			_, err := fmt.Sscanf(line, "threads in this process: %d (at least %d:", &threads, &atLeast)
			require.NoError(t, err)
		}
	}
	if threads == 0 {
		t.Skip("no /proc thread count on this system")
	}
	assert.GreaterOrEqual(t, threads, atLeast)
}

// The exit statuses the scripts cannot see (they only know "failed"): 2 for a usage error, 1 for
// a failure at run time, 130 for an interrupt.
func TestExitStatuses(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"nosuchdemo"}, 2},
		{[]string{"-delay", "-1s"}, 2},
		{[]string{"cpu", "-rounds", "x"}, 2},
		{[]string{"-url", "http://127.0.0.1:1/", "-tick", "1h"}, 1},
	} {
		var stdout, stderr bytes.Buffer
		got := app.MainContext(context.Background(), tc.args, &stdout, &stderr)
		assert.Equal(t, tc.want, got, "%v: %s", tc.args, stderr.String())
	}

	// Interrupted while the request waits on the worker thread.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	w := writerFunc(func(p []byte) (int, error) {
		if string(p) == "started http request\n" {
			defer cancel()
		}
		return out.Write(p)
	})
	var stderr bytes.Buffer
	assert.Equal(t, 130, app.MainContext(ctx, []string{"-delay", "1h", "-tick", "1h"}, w, &stderr))
	assert.Equal(t, "ch02-executor: interrupted\n", stderr.String())
}

// stopsSoon runs run, cancels its context 50ms after began is called (while it computes), and
// fails unless run returns context.Canceled within limit of the cancel.
func stopsSoon(t *testing.T, what string, limit time.Duration, run func(ctx context.Context, began func(string)) error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cancelled := make(chan time.Time, 1)
	began := func(string) {
		time.AfterFunc(50*time.Millisecond, func() { cancelled <- time.Now(); cancel() })
	}
	returned := make(chan error, 1)
	go func() { returned <- run(ctx, began) }()
	var at time.Time
	select {
	case at = <-cancelled:
	case err := <-returned:
		t.Fatalf("%s returned %v before it was cancelled", what, err)
	case <-time.After(30 * time.Second):
		t.Fatalf("%s: never began", what)
	}
	select {
	case err := <-returned:
		assert.LessOrEqualf(t, time.Since(at), limit, "%s: its return after the cancel", what)
		assert.ErrorIs(t, err, context.Canceled, what)
	case <-time.After(5 * time.Second):
		t.Fatalf("%s is still computing 5s after Ctrl-C: it does not check for cancellation", what)
	}
}

// Ctrl-C in the middle of each row of the cpu demo stops it within ~100ms (the limit is wider,
// for a loaded machine under the race detector). The chunks are 10 billion rounds, ten seconds
// or more each, so only a check for cancellation can end them this soon.
func TestCPURowsStopSoonAfterCtrlC(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	const chunks, millions, limit = 2, 10_000, 500 * time.Millisecond
	for name, run := range map[string]func(context.Context, int, int, func(string)) (cpuRun, error){
		"sequential":   runSequential,
		"thread pool":  runThreadPool,
		"process pool": runProcessPool,
		"goroutines":   runGoroutines,
	} {
		stopsSoon(t, name, limit, func(ctx context.Context, began func(string)) error {
			_, err := run(ctx, chunks, millions, began)
			return err
		})
	}
	// And the whole demo: exit status 130 and one line, in the sequential row.
	stopsSoon(t, "the cpu demo", limit, func(ctx context.Context, began func(string)) error {
		w := writerFunc(func(p []byte) (int, error) {
			if strings.HasPrefix(string(p), "sequential") {
				began("sequential")
			}
			return len(p), nil
		})
		var stderr bytes.Buffer
		if got := app.MainContext(ctx, []string{"cpu", "-rounds", "10000", "-workers", "2"}, w, &stderr); got != 130 || stderr.String() != "ch02-executor: interrupted\n" {
			return fmt.Errorf("exit status %d, stderr %q; want 130 and one line", got, stderr.String())
		}
		return context.Canceled
	})
}

// parseFlags parses args as the program does, runs check, and returns its error. The flags get
// their defaults back when the test ends.
func parseFlags(t *testing.T, args ...string) error {
	t.Helper()
	t.Cleanup(func() { app.Flags(flag.NewFlagSet("defaults", flag.ContinueOnError)) })
	_, err := app.Parse(args)
	return err
}

// -quick shortens the request and the CPU chunks and runs each way once, except where the
// flags are given as well.
func TestQuick(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, tc := range []struct {
		args           []string
		delay          time.Duration
		rounds, repeat int
	}{
		{nil, 2 * time.Second, 200, 3},
		{[]string{"-quick"}, 100 * time.Millisecond, 20, 1},
		{[]string{"-rounds", "5", "-quick"}, 100 * time.Millisecond, 5, 1},
		{[]string{"-quick", "-delay", "1s", "-repeat", "2"}, time.Second, 20, 2},
	} {
		require.NoErrorf(t, parseFlags(t, tc.args...), "parse %q", tc.args)
		assert.Equalf(t, tc.delay, config.request.Delay, "%q: -delay", tc.args)
		assert.Equalf(t, tc.rounds, config.rounds, "%q: -rounds", tc.args)
		assert.Equalf(t, tc.repeat, config.repeat, "%q: -repeat", tc.args)
	}
}
