package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/trace"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/concurrency-models/book/internal/cli"
	"github.com/concurrency-models/book/internal/reexec"
)

// minSpin is the shortest call-free loop the preempt demo runs. sysmon takes 10–20 ms to
// preempt a loop (see the lesson), so a loop much shorter ends before it can: the sleeper then
// wakes after the loop in both children, and the demo's "starved until the loop ended" would
// say the same of the default, which does preempt, as of asyncpreemptoff=1, which does not.
// 50 ms leaves the preemption room to happen, a busy machine included.
const minSpin = 50 * time.Millisecond

// spinLoop runs n rounds of arithmetic with no function call inside the loop. Go inserts no
// preemption check in a loop's back edge: a goroutine running this can be stopped only by a
// signal (asynchronous preemption), never by the cooperative check at function entry. It sets
// *started just before the loop and *ended just after it. An atomic store is an instruction
// (under the race detector, a call to an assembly routine without a stack check), so the
// goroutine reaches no preemption point between the two stores other than the loop itself.
//
// It is never inlined, so the compiler keeps the loop even when a caller ignores the result.
//
//go:noinline
func spinLoop(n int, started, ended *uint32) int {
	atomic.StoreUint32(started, 1)
	x := 1
	for i := 0; i < n; i++ {
		x += i ^ (x >> 3)
	}
	atomic.StoreUint32(ended, 1)
	return x
}

// loopFunc is a loop of n rounds that sets *started just before it and *ended just after it,
// like spinLoop.
type loopFunc func(n int, started, ended *uint32) int

// roundsFor measures how many rounds of loop take about d on this machine.
func roundsFor(loop loopFunc, d time.Duration) int {
	const probe = 1 << 20
	var started, ended uint32
	best := time.Duration(1 << 62)
	for range 5 {
		start := time.Now()
		loop(probe, &started, &ended)
		best = min(best, time.Since(start))
	}
	return int(float64(probe) * float64(d) / float64(max(best, time.Nanosecond)))
}

// spinTrial is one try of the experiment: a sleeper goroutine asks to sleep 1ms, then this
// goroutine runs the call-free loop. It reports how long the sleeper slept and what the loop was
// doing when the sleeper woke.
type spinTrial struct {
	slept   time.Duration
	started bool          // the loop had begun when the sleeper woke
	ended   bool          // the loop had finished when the sleeper woke
	loop    time.Duration // how long the loop ran
}

func runTrial(loop loopFunc, rounds int) spinTrial {
	// Start a fresh time slice: the scheduler counts a goroutine's slice from when it was last
	// scheduled, and the runtime hands it on when one goroutine wakes the next directly.
	runtime.Gosched()
	var started, ended uint32
	ready := make(chan struct{})
	woke := make(chan spinTrial)
	go func() {
		asked := time.Now()
		close(ready)
		time.Sleep(time.Millisecond)
		// Read the flags before anything else: they say what the loop was doing just now.
		tr := spinTrial{started: atomic.LoadUint32(&started) == 1, ended: atomic.LoadUint32(&ended) == 1}
		tr.slept = time.Since(asked)
		woke <- tr
	}()
	<-ready // the sleeper parks in time.Sleep before this goroutine runs again (one P)
	// A region for go tool trace (see spinTraceEnv); it costs nothing when no trace is written.
	// The loop is timed inside it: the region's end is a call, where a goroutine that has used
	// up its time slice stops even without asynchronous preemption, and the sleeper may run.
	var took time.Duration
	trace.WithRegion(context.Background(), "call-free loop", func() {
		t0 := time.Now()
		loop(rounds, &started, &ended)
		took = time.Since(t0)
	})
	tr := <-woke
	tr.loop = took
	return tr
}

// spinWorker runs in a child process started with GOMAXPROCS=1. It prints how long the 1ms
// sleeper really slept and whether it woke while the loop ran. On a busy machine the sleeper can
// wake before the loop even began (the operating system paused this thread for over a
// millisecond); such a trial shows nothing, so it is run again, up to ten times.
//
// The parent stops a child it no longer needs (Ctrl-C) with SIGTERM. The program's signal
// handling would turn that into a cancelled ctx, but a call-free loop never looks at ctx, and
// with asyncpreemptoff=1 on one P no other goroutine can even run until the loop ends. So the
// worker gives SIGTERM back its default action: the kernel ends the process at once.
func spinWorker(ctx context.Context, args []string, _ io.Reader, stdout, _ io.Writer) error {
	signal.Reset(syscall.SIGTERM)
	if err := ctx.Err(); err != nil { // a SIGTERM that came before the reset
		return err
	}
	if file := os.Getenv(spinReadyEnv); file != "" {
		if err := os.WriteFile(file, nil, 0o644); err != nil {
			return err
		}
	}
	if len(args) != 1 {
		return errors.New("spin worker: want one duration")
	}
	d, err := time.ParseDuration(args[0])
	if err != nil {
		return err
	}
	if file := os.Getenv(spinTraceEnv); file != "" {
		f, err := os.Create(file)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := trace.Start(f); err != nil {
			return err
		}
		defer trace.Stop()
	}
	return spinTrials(ctx, stdout, spinLoop, d)
}

// spinReadyEnv names a file a spin child creates once SIGTERM has its default action back, just
// before its trials: a test waits for it, so that the SIGTERM it has sent certainly finds the
// child past signal.Reset.
const spinReadyEnv = "CH01_SPIN_READY"

// spinTraceEnv names the file a spin child writes a runtime trace to, if set: the parent sets
// it when it is itself writing one (-trace FILE), to FILE.asyncpreemptoff=0 and =1.
const spinTraceEnv = "CH01_SPIN_TRACE"

// spinTrials runs the experiment with loop running for about d, and prints its result.
func spinTrials(ctx context.Context, stdout io.Writer, loop loopFunc, d time.Duration) error {
	if n := runtime.GOMAXPROCS(0); n != 1 {
		return fmt.Errorf("spin worker: GOMAXPROCS is %d, want 1", n)
	}
	rounds := roundsFor(loop, d)
	for range 10 {
		if err := ctx.Err(); err != nil {
			return err
		}
		tr := runTrial(loop, rounds)
		if tr.started {
			fmt.Fprintf(stdout, "%d %t %d\n", tr.slept, !tr.ended, tr.loop)
			return nil
		}
	}
	return errors.New("spin worker: the machine is too busy: the sleeper woke before the loop began, ten times")
}

// spinResult is what one spin child reports.
type spinResult struct {
	slept     time.Duration // how long the 1ms sleeper really waited
	beforeEnd bool          // did it wake while the loop was still running?
	loop      time.Duration // how long the loop ran
}

// runSpinChild runs a spin child and returns what it reports; env is added to its environment.
func runSpinChild(ctx context.Context, spin time.Duration, asyncPreemptOff bool, env ...string) (spinResult, error) {
	godebug := "asyncpreemptoff=0"
	if asyncPreemptOff {
		godebug = "asyncpreemptoff=1"
	}
	if old := os.Getenv("GODEBUG"); old != "" {
		godebug = old + "," + godebug // the last setting wins
	}
	env = append([]string{"GOMAXPROCS=1", "GODEBUG=" + godebug}, env...)
	if file := cli.TraceFile(ctx); file != "" {
		env = append(env, spinTraceEnv+"="+spinTraceFile(file, asyncPreemptOff))
	}
	out, err := reexec.Output(ctx, env, "spin", spin.String())
	if err != nil {
		return spinResult{}, err
	}
	var r spinResult
	if _, err := fmt.Sscanf(string(out), "%d %t %d", &r.slept, &r.beforeEnd, &r.loop); err != nil {
		return spinResult{}, fmt.Errorf("spin child printed %q: %v", out, err)
	}
	return r, nil
}

func preemptDemo(ctx context.Context, stdout io.Writer) error {
	fmt.Fprintf(stdout, "GOMAXPROCS=1. One goroutine asks to sleep 1ms; another then runs a loop\n")
	fmt.Fprintf(stdout, "with no function calls for about %v. When does the sleeper wake?\n", config.spin)
	for _, off := range []bool{false, true} {
		r, err := runSpinChild(ctx, config.spin, off)
		if err != nil {
			return err
		}
		setting := "asyncpreemptoff=0 (default):"
		if off {
			setting = "asyncpreemptoff=1:"
		}
		verdict := "starved until the loop ended"
		if r.beforeEnd {
			verdict = "preempted the loop"
		}
		fmt.Fprintf(stdout, "%-28s loop ran %v, sleeper woke after %v: %s\n",
			setting, r.loop.Round(time.Millisecond), r.slept.Round(time.Millisecond), verdict)
	}
	if file := cli.TraceFile(ctx); file != "" {
		fmt.Fprintf(stdout, "the children's traces: %s, %s\n", spinTraceFile(file, false), spinTraceFile(file, true))
	}
	return nil
}

// spinTraceFile is where a spin child writes its trace when the parent writes file.
func spinTraceFile(file string, asyncPreemptOff bool) string {
	if asyncPreemptOff {
		return file + ".asyncpreemptoff=1"
	}
	return file + ".asyncpreemptoff=0"
}
