package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var out bytes.Buffer
		err := executorRequest(context.Background(), &out, time.Millisecond, func(context.Context) error {
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
	var out bytes.Buffer
	counted, requested := make(chan struct{}), make(chan struct{})
	w := writerFunc(func(p []byte) (int, error) {
		switch string(p) {
		case "i is 0\n":
			// Whether the worker thread prints before the counter's first 1ms tick is a matter
			// of timing; hold the counter until it has, to test the rest causally.
			<-requested
		case "i is 4\n":
			defer close(counted)
		case "started http request\n":
			defer close(requested)
		}
		return out.Write(p)
	})
	err := executorRequest(context.Background(), w, time.Millisecond, func(context.Context) error {
		<-counted
		return nil
	})
	require.NoError(t, err)
	requireLines(t, sourceOverlapped, out.String())
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestStartTimingIsDeterministic(t *testing.T) {
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
	a, _ := burn(1)
	b, _ := burn(1)
	c, _ := burn(2)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
}

func TestEveryCPURunComputesTheSame(t *testing.T) {
	seq, err := runSequential(3, 1, nil)
	require.NoError(t, err)
	tp, err := runThreadPool(3, 1, nil)
	require.NoError(t, err)
	gr, err := runGoroutines(3, 1, nil)
	require.NoError(t, err)
	pp, err := runProcessPool(context.Background(), 3, 1, nil)
	require.NoError(t, err)
	for _, r := range []cpuRun{tp, gr, pp} {
		assert.Equal(t, seq.sums, r.sums, r.name)
	}
}

func TestBlockedReadersLetTheCounterRun(t *testing.T) {
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
