package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/concurrency-models/book/internal/reexec"
)

// Go's scheduler, measured in child processes: each child is this program started again with
// the GOMAXPROCS under test, because a P count is a property of a whole runtime, as a GIL is of
// a whole interpreter.

// tries is how many times each child repeats a latency measurement; the demo prints the median,
// the smallest and the largest.
const tries = 5

// child runs this program as the named worker with GOMAXPROCS=procs and returns what it printed.
func child(ctx context.Context, procs int, worker string, args ...string) (string, error) {
	out, err := reexec.Output(ctx, []string{fmt.Sprintf("GOMAXPROCS=%d", procs)}, worker, args...)
	return string(out), err
}

// durations parses the nanosecond counts a child printed, one per try.
func durations(out string) ([]time.Duration, error) {
	var ds []time.Duration
	for _, f := range strings.Fields(out) {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("child printed %q", out)
		}
		ds = append(ds, time.Duration(n))
	}
	if len(ds) == 0 {
		return nil, fmt.Errorf("child printed nothing")
	}
	return ds, nil
}

// medianRange returns the median, the smallest and the largest of ds.
func medianRange(ds []time.Duration) (median, least, most time.Duration) {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2], s[0], s[len(s)-1]
}

// printWorker prints ds in nanoseconds on one line, for the parent to parse.
func printWorker(w io.Writer, ds []time.Duration) {
	for i, d := range ds {
		if i > 0 {
			fmt.Fprint(w, " ")
		}
		fmt.Fprint(w, int64(d))
	}
	fmt.Fprintln(w)
}

// hogLimit bounds how long the CPU-bound goroutine of lateTry waits to be preempted. Preemption
// takes milliseconds; reaching the limit means the runtime never preempted it (for instance
// under GODEBUG=asyncpreemptoff=1 with a loop that makes no calls), and the try fails.
const hogLimit = 10 * time.Second

// lateTry is one measurement of the Go counterpart of the convoy effect: a goroutine sleeps for
// 1ms while another computes; how late does the sleeper wake? The computing goroutine stops
// only when the sleeper has woken, so with one P the try ends only if the runtime preempts it:
// nothing else can put the sleeper back on the P.
func lateTry() (time.Duration, error) {
	runtime.Gosched() // start on a fresh time slice
	var woke atomic.Bool
	ready := make(chan struct{})
	late := make(chan time.Duration, 1)
	go func() {
		start := time.Now()
		close(ready)
		time.Sleep(time.Millisecond)
		late <- time.Since(start) - time.Millisecond
		woke.Store(true)
	}()
	<-ready // with one P, the sleeper is parked in time.Sleep before this goroutine goes on
	x, start := uint64(1), time.Now()
	for i := 0; !woke.Load(); i++ {
		x = burn(x, 1000) // about a microsecond of arithmetic
		if i%1000 == 0 && time.Since(start) > hogLimit {
			return 0, errors.New("the CPU-bound goroutine was never preempted")
		}
	}
	return <-late, nil
}

// spinFor keeps the CPU busy for d.
func spinFor(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}

// lateWorker runs lateTry `tries` times in a child and prints the sleeper's lateness each time.
// Sysmon looks at the Ps every 10ms, so a try that began just after a look is preempted about
// 20ms in, and one that began just before a look about 10ms in. A try ends just after a look
// (the look that preempted it), so tries run back to back would all begin at the same phase of
// sysmon's naps, and all be about 19ms late. A random spin before each try spreads them over
// the phase.
func lateWorker(_ context.Context, _ []string, _ io.Reader, stdout, _ io.Writer) error {
	// A garbage collection stops the world, which preempts the CPU-bound goroutine too, and the
	// sleeper may then run early: switch the collector off, so that only sysmon can preempt.
	debug.SetGCPercent(-1)
	var ds []time.Duration
	for range tries {
		// A random phase against sysmon's looks. The spin runs on a goroutine of its own: sysmon
		// may ask whatever runs too long to stop, and a request aimed at the spin must not be
		// left pending on the goroutine that runs the try, to stop its loop early.
		spun := make(chan struct{})
		go func() { spinFor(rand.N(10 * time.Millisecond)); close(spun) }()
		<-spun
		d, err := lateTry()
		if err != nil {
			return err
		}
		ds = append(ds, d)
	}
	printWorker(stdout, ds)
	return nil
}

// handoffTry measures how soon a goroutine blocked in a system call lets another goroutine have
// its P. With one P, the goroutine that will write to the pipe is queued when this one calls
// read(2) on it. The read can return only after the writer has run, and the writer can run
// only once the runtime has taken the P from the thread stuck in read(2): so the try always
// ends, and it measures how long that hand-off took.
func handoffTry() (time.Duration, error) {
	var fds [2]pipeFD
	if err := syscall.Pipe(fds[:]); err != nil { // blocking descriptors, no netpoller
		return 0, err
	}
	defer syscall.Close(fds[0])
	defer syscall.Close(fds[1])
	runtime.Gosched()
	ran := make(chan time.Time, 1)
	go func() {
		ran <- time.Now()
		_, _ = syscall.Write(fds[1], []byte{1})
	}()
	start := time.Now()
	buf := make([]byte, 1)
	if _, err := syscall.Read(fds[0], buf); err != nil {
		return 0, err
	}
	return (<-ran).Sub(start), nil
}

// handoffWorker runs handoffTry `tries` times in a child and prints each hand-off delay.
func handoffWorker(_ context.Context, _ []string, _ io.Reader, stdout, _ io.Writer) error {
	if n := runtime.GOMAXPROCS(0); n != 1 {
		return fmt.Errorf("handoff worker: GOMAXPROCS is %d, want 1", n)
	}
	var ds []time.Duration
	for range tries {
		d, err := handoffTry()
		if err != nil {
			return err
		}
		ds = append(ds, d)
	}
	printWorker(stdout, ds)
	return nil
}

// goRun runs the gorun worker in a child with the given GOMAXPROCS and returns how long its
// goroutines took, best and worst of config.repeat runs.
func goRun(ctx context.Context, procs, units, millions int) (timing, error) {
	out, err := child(ctx, procs, "gorun", fmt.Sprint(units), fmt.Sprint(millions), fmt.Sprint(config.repeat))
	if err != nil {
		return timing{}, err
	}
	f := strings.Fields(out)
	if len(f) < 2 || f[0] != fmt.Sprint(procs) {
		return timing{}, fmt.Errorf("gorun child printed %q", out)
	}
	ds, err := durations(strings.Join(f[1:], " "))
	if err != nil {
		return timing{}, err
	}
	return timings(ds), nil
}

// goRunWorker is the child of the sched demo's first part: it runs UNITS units of MILLIONS
// million rounds on as many goroutines, REPEAT times, under whatever GOMAXPROCS it was started
// with, and prints that GOMAXPROCS and how long each run took.
func goRunWorker(ctx context.Context, args []string, _ io.Reader, stdout, _ io.Writer) error {
	var units, millions, repeat int
	if _, err := fmt.Sscan(strings.Join(args, " "), &units, &millions, &repeat); err != nil {
		return fmt.Errorf("gorun worker: want UNITS MILLIONS REPEAT: %v", err)
	}
	fmt.Fprint(stdout, runtime.GOMAXPROCS(0))
	for range repeat {
		d, _ := runGoroutines(ctx, units, units, millions)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		fmt.Fprint(stdout, " ", int64(d))
	}
	fmt.Fprintln(stdout)
	return nil
}

// schedProcs are the GOMAXPROCS values the sched demo compares: one P, like one GIL, and one P
// per core (just one row on a one-core machine).
func schedProcs() []int {
	if n := runtime.NumCPU(); n > 1 {
		return []int{1, n}
	}
	return []int{1}
}

func schedDemo(ctx context.Context, stdout io.Writer) error {
	units, millions := config.units, config.work
	lw := header(stdout, "Go's scheduler in GIL terms")
	fmt.Fprintf(stdout, "1. %d CPU-bound goroutines of %d million rounds each, in a child process per row, %s:\n", units, millions, runs(config.repeat))
	fmt.Fprintf(stdout, "%-11s %-8s %-8s %-9s %s\n", "GOMAXPROCS", "took", "slowest", "speed-up", "what it shows")
	var one time.Duration
	for _, procs := range schedProcs() {
		tm, err := goRun(ctx, procs, units, millions)
		if err != nil {
			return err
		}
		if procs == 1 {
			one = tm.best
		}
		what := "one P: the goroutines take turns, like threads under a GIL"
		if procs > 1 {
			lw.look()
			what = fmt.Sprintf("%d Ps, one per core: the goroutines ran %s", procs, verdict(speedup(one, tm.best), min(procs, units)))
			if lw.busy() {
				what = fmt.Sprintf("%d Ps, one per core: %s", procs, lw.inconclusive())
			}
		}
		fmt.Fprintf(stdout, "%-11d %-8v %-8s %-9s %s\n", procs, tm.best.Round(time.Millisecond), tm.spread(), ratio(one, tm.best), what)
	}

	fmt.Fprintf(stdout, "2. a goroutine sleeps 1ms beside a CPU-bound one; how late does it wake? (%d tries, each at a random point of sysmon's naps)\n", tries)
	fmt.Fprintf(stdout, "%-11s %-8s %-8s %-8s %s\n", "GOMAXPROCS", "median", "fastest", "slowest", "what it shows")
	for _, procs := range schedProcs() {
		out, err := child(ctx, procs, "late")
		if err != nil {
			return err
		}
		ds, err := durations(out)
		if err != nil {
			return err
		}
		med, least, most := medianRange(ds)
		// With one P every try ends only once sysmon has preempted the CPU-bound goroutine:
		// lateTry's loop stops only when the sleeper has run. With more, a free P runs the
		// sleeper at once, unless the machine is too busy to give that P a core.
		what := "the sleeper waited until sysmon preempted the CPU-bound goroutine"
		if procs > 1 {
			what = "a free P ran the sleeper"
			if med >= 5*time.Millisecond {
				what = "the sleeper still waited: the machine is busy"
			}
		}
		fmt.Fprintf(stdout, "%-11d %-8v %-8v %-8v %s\n", procs, med.Round(100*time.Microsecond), least.Round(100*time.Microsecond), most.Round(100*time.Microsecond), what)
	}

	fmt.Fprintf(stdout, "3. GOMAXPROCS=1: a goroutine blocks in read(2); the one that will write to it waits for the P (%d tries)\n", tries)
	out, err := child(ctx, 1, "handoff")
	if err != nil {
		return err
	}
	ds, err := durations(out)
	if err != nil {
		return err
	}
	med, least, most := medianRange(ds)
	fmt.Fprintf(stdout, "the writer ran %v after the read began (median; fastest %v, slowest %v): sysmon handed the P off\n",
		med.Round(time.Microsecond), least.Round(time.Microsecond), most.Round(time.Microsecond))
	return nil
}
