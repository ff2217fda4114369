package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/reexec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The lesson says that without asynchronous preemption a call-free loop stalls not only the
// goroutines waiting for its P but every P, at the next stop-the-world: a garbage collection
// must stop every goroutine, and one it cannot stop holds up the whole program until the loop
// ends (golang/go#10958, the issue asynchronous preemption closed). These children show it with
// GOMAXPROCS=4 — Ps to spare — and a ticker on another P.

// stwLoop is how long the child's call-free loop runs: long enough that a garbage collection
// started 1/8 of the way in finishes long before the loop in the default runtime (a collection
// of this child's tiny heap takes about a millisecond), short enough for a test.
const stwLoop = 800 * time.Millisecond

// stwReport is what a stw child prints: whether runtime.GC, called while the loop ran, returned
// only after the loop had ended; how long the collection took; and the longest gap between two
// ticks of a 1ms ticker on another goroutine.
type stwReport struct {
	gcAfterLoop bool
	gcTook      time.Duration
	maxGap      time.Duration
}

// stwWorker runs in a child process: a 1ms ticker goroutine, a goroutine running spinLoop for
// about stwLoop, and, once the loop has begun, runtime.GC on the main goroutine.
func stwWorker(ctx context.Context, _ []string, _ io.Reader, stdout, _ io.Writer) error {
	signal.Reset(syscall.SIGTERM) // the call-free loop cannot notice a cancelled ctx
	if n := runtime.GOMAXPROCS(0); n != 4 {
		return fmt.Errorf("stw worker: GOMAXPROCS is %d, want 4", n)
	}
	rounds := roundsFor(spinLoop, stwLoop)
	var started, ended uint32
	stop := make(chan struct{})
	gaps := make(chan time.Duration)
	go func() { // the ticker: the longest time between two of its ticks
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		last, longest := time.Now(), time.Duration(0)
		for {
			select {
			case now := <-tick.C:
				longest = max(longest, now.Sub(last))
				last = now
			case <-stop:
				gaps <- max(longest, time.Since(last))
				return
			}
		}
	}()
	done := make(chan struct{})
	go func() {
		spinLoop(rounds, &started, &ended)
		close(done)
	}()
	for atomic.LoadUint32(&started) == 0 { // a call in the loop: this goroutine yields its P
		runtime.Gosched()
	}
	time.Sleep(stwLoop / 8)
	if atomic.LoadUint32(&ended) == 1 {
		return fmt.Errorf("stw worker: the loop ended before the collection began: the machine is too busy")
	}
	t0 := time.Now()
	runtime.GC()
	took := time.Since(t0)
	after := atomic.LoadUint32(&ended) == 1
	<-done
	close(stop)
	fmt.Fprintf(stdout, "%t %d %d\n", after, took, <-gaps)
	return ctx.Err()
}

func init() { app.Workers["stw"] = stwWorker }

func runSTWChild(t *testing.T, asyncPreemptOff bool) stwReport {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second) // the child's deadline: SIGTERM ends it
	defer cancel()
	cmd, err := reexec.Command(ctx, "stw")
	require.NoError(t, err)
	off := "asyncpreemptoff=0"
	if asyncPreemptOff {
		off = "asyncpreemptoff=1"
	}
	cmd.Env = append(os.Environ(), "GOMAXPROCS=4", "GODEBUG="+off, "GORACE=atexit_sleep_ms=0")
	out, err := cmd.Output()
	require.NoErrorf(t, err, "stw child (%s)", off)
	var r stwReport
	_, err = fmt.Sscanf(string(out), "%t %d %d", &r.gcAfterLoop, &r.gcTook, &r.maxGap)
	require.NoErrorf(t, err, "stw child (%s) printed %q", off, out)
	t.Logf("%s, GOMAXPROCS=4: runtime.GC returned after the loop ended: %t; it took %v; the 1ms ticker's longest gap: %v",
		off, r.gcAfterLoop, r.gcTook.Round(time.Millisecond), r.maxGap.Round(time.Millisecond))
	return r
}

// TestStopTheWorldWaitsForACallFreeLoop checks the causal part: with asynchronous preemption
// off, a collection started while the loop runs cannot return before the loop ends (its
// stop-the-world waits for the loop's goroutine), and the ticker on another P stops for most of
// the loop; with it on, the collection returns while the loop still runs. Margins: the loop has
// 7/8 of 800ms left when the collection starts, which takes milliseconds (tens on a loaded
// machine).
func TestStopTheWorldWaitsForACallFreeLoop(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel()
	if r := runSTWChild(t, true); assert.Truef(t, r.gcAfterLoop, "asyncpreemptoff=1: runtime.GC returned while the call-free loop still ran (%+v): want it to wait for the loop", r) {
		assert.GreaterOrEqual(t, r.maxGap, stwLoop/2, "asyncpreemptoff=1: the ticker's longest gap: every P stops while the world waits for the loop")
	}
	r := runSTWChild(t, false)
	assert.Falsef(t, r.gcAfterLoop, "asyncpreemptoff=0: runtime.GC returned only after the loop ended (%+v): want the signal to stop the loop at once", r)
}
