package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"time"
)

// mutexWait reads /sync/mutex/wait/total:seconds from runtime/metrics: the runtime's estimate of
// the time goroutines have spent parked in sync.Mutex or sync.RWMutex, plus the time threads
// spent waiting for the runtime's own internal locks (totalMutexWaitTimeNanos in
// $(go env GOROOT)/src/runtime/debug.go). The goroutine part is sampled: casgstatus
// (runtime/proc.go) times one in every gTrackingPeriod (8, runtime/runtime2.go) of a
// goroutine's stops and multiplies what it measures by 8, so small figures are noisy. It is
// not what the mutex profile records (see contendedUnlocks).
func mutexWait() time.Duration {
	s := []metrics.Sample{{Name: "/sync/mutex/wait/total:seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return time.Duration(s[0].Value.Float64() * float64(time.Second))
}

// ourPrefix is what the runtime puts before this package's function names: "main." in the
// program, the import path and a dot in its test binary.
var ourPrefix = strings.TrimSuffix(runtime.FuncForPC(reflect.ValueOf(spin).Pointer()).Name(), "spin")

// contendedUnlocks reads the mutex profile (runtime.MutexProfile): for each place in this
// program where an Unlock woke a goroutine parked on a sync.Mutex (or RWMutex), how many times
// that happened so far. The event is made by the unlocker: sync.Mutex.Unlock calls unlockSlow
// ($(go env GOROOT)/src/internal/sync/mutex.go), which releases the mutex's semaphore; when
// semrelease1 (runtime/sema.go) dequeues a parked waiter, it calls mutexevent
// (runtime/mprof.go) with how long the waiters had waited. mutexevent keeps one event in
// `rate`, the value of runtime.SetMutexProfileFraction (0, the default, keeps none; this demo
// sets 1, keeping all), and a wait is timed only if the profile was on when it began
// (semacquire1). A goroutine that gets the lock without parking (it spun, or came first) makes
// no event. A place is "function (file:line)", the first frame of this package above the
// Unlock. The profile also holds the runtime's own locks (runtime.unlock, with whatever
// called into the runtime on the stack); those are left out.
func contendedUnlocks() map[string]int64 {
	n, _ := runtime.MutexProfile(nil)
	var recs []runtime.BlockProfileRecord
	for {
		recs = make([]runtime.BlockProfileRecord, n+16)
		var ok bool
		if n, ok = runtime.MutexProfile(recs); ok {
			recs = recs[:n]
			break
		}
	}
	sites := make(map[string]int64)
	for _, r := range recs {
		frames := runtime.CallersFrames(r.Stack())
		syncUnlock := false
		for {
			f, more := frames.Next()
			if strings.HasPrefix(f.Function, "sync.") || strings.HasPrefix(f.Function, "internal/sync.") {
				syncUnlock = true
			}
			if name, ours := strings.CutPrefix(f.Function, ourPrefix); ours {
				if syncUnlock {
					sites[fmt.Sprintf("%s (%s:%d)", name, filepath.Base(f.File), f.Line)] += r.Count
				}
				break
			}
			if !more {
				break
			}
		}
	}
	return sites
}

// eventsIn adds up the events of a profile.
func eventsIn(sites map[string]int64) int64 {
	var n int64
	for _, c := range sites {
		n += c
	}
	return n
}

// lockContention has g goroutines share total increments of one counter under one mutex, and
// returns the wall time, the time goroutines spent waiting for the mutex, the number of
// contended unlocks the mutex profile recorded, and the counter.
func lockContention(g, total int) (wall, waited time.Duration, contended int64, counter int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	before := contendedUnlocks()
	w0, start := mutexWait(), time.Now()
	for range g {
		wg.Go(func() {
			for range total / g {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	wall, waited = time.Since(start), mutexWait()-w0
	for site, n := range contendedUnlocks() {
		contended += n - before[site]
	}
	return wall, waited, contended, counter
}

// blockedInLock reports whether a goroutine running fn is parked in sync.Mutex.Lock, by
// reading every goroutine's stack the way a crash dump shows it.
func blockedInLock(fn string) bool {
	buf := make([]byte, 1<<20)
	dump := string(buf[:runtime.Stack(buf, true)])
	for g := range strings.SplitSeq(dump, "\n\n") {
		if strings.Contains(g, " [sync.Mutex.Lock") && strings.Contains(g, ourPrefix+fn+"(") {
			return true
		}
	}
	return false
}

// oneContendedUnlock makes exactly one contended unlock happen, causally: the holder takes the
// lock, a second goroutine asks for it and parks, and only once the runtime shows it parked
// does the holder unlock. It returns the mutex profile's new events, by place.
func oneContendedUnlock(ctx context.Context) (map[string]int64, error) {
	var mu sync.Mutex
	before := contendedUnlocks()
	mu.Lock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		waitForTheLock(&mu)
	}()
	// Wait, by looking, until the other goroutine is parked: no sleep that only usually
	// suffices. (If the context ends first, or it never shows as parked, give up cleanly.)
	if err := untilParkedInLock(ctx, "waitForTheLock"); err != nil {
		mu.Unlock()
		<-done
		return nil, err
	}
	// The golden testdata/script/contention.txtar (and the lesson) show the line number of the
	// next line: TestTheMutexProfileBlamesTheContendedUnlock says so if it moves.
	mu.Unlock() // the contended unlock: the profile blames this line
	<-done
	after := contendedUnlocks()
	for site, n := range after {
		if after[site] = n - before[site]; after[site] == 0 {
			delete(after, site)
		}
	}
	return after, nil
}

// waitForTheLock is the goroutine that wants the lock oneContendedUnlock holds.
func waitForTheLock(mu *sync.Mutex) {
	mu.Lock()
	defer mu.Unlock()
}

// untilParkedInLock polls until a goroutine running fn is parked in sync.Mutex.Lock. A goroutine
// dump names that wait reason "sync.Mutex.Lock" (waitReasonSyncMutexLock in
// $(go env GOROOT)/src/runtime/runtime2.go); should a later Go rename it, this fails after ten
// seconds instead of waiting for ever.
func untilParkedInLock(ctx context.Context, fn string) error {
	deadline := time.Now().Add(10 * time.Second)
	for !blockedInLock(fn) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Now().After(deadline) {
			return errors.New("the waiting goroutine never showed as parked in sync.Mutex.Lock")
		}
		time.Sleep(100 * time.Microsecond)
	}
	return nil
}

// spin is CPU-bound work of the given size.
func spin(rounds int) uint64 {
	x := uint64(rounds)
	for range rounds {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}

// cpuContention starts g goroutines that each spin the same amount, and returns the wall time.
// With more goroutines than cores they wait for one another: CPU contention.
func cpuContention(g, rounds int) time.Duration {
	var wg sync.WaitGroup
	sums := make([]uint64, g)
	start := time.Now()
	for i := range g {
		wg.Go(func() { sums[i] = spin(rounds) })
	}
	wg.Wait()
	return time.Since(start)
}

func contentionDemo(ctx context.Context, stdout io.Writer) error {
	total, rounds := 2_000_000, 50_000_000
	if config.quick {
		total, rounds = 200_000, 5_000_000
	}
	defer runtime.SetMutexProfileFraction(runtime.SetMutexProfileFraction(1)) // record every event
	// GOMAXPROCS, not the cores, is how many goroutines can run at once.
	procs := runtime.GOMAXPROCS(0)
	fmt.Fprintf(stdout, "lock contention: %d increments under one sync.Mutex, shared by more and more goroutines, %s (GOMAXPROCS=%d)\n", total, runs(), procs)
	warnIfBusy(stdout)
	fmt.Fprintf(stdout, "%-11s %-10s %-8s %-12s %s\n", "goroutines", "took", "slowest", "waited*", "contended unlocks**")
	for _, g := range []int{1, 2, 4, 8} {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// The row is the fastest run's; waited and contended unlocks are that run's too.
		var best struct {
			wall, waited time.Duration
			contended    int64
		}
		tries := 0
		tm, err := repeated(ctx, func() (time.Duration, error) {
			wall, waited, contended, n := lockContention(g, total)
			if n != total {
				return 0, fmt.Errorf("lost updates under a mutex: %d of %d", n, total)
			}
			if tries++; tries == 1 || wall < best.wall {
				best.wall, best.waited, best.contended = wall, waited, contended
			}
			return wall, nil
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%-11d %-10v %-8s %-12v %d\n", g, shown(tm.Best), tm.Spread(), best.waited.Round(time.Microsecond), best.contended)
	}
	fmt.Fprintln(stdout, "took, waited and contended unlocks are the fastest run's; slowest: how much longer the slowest run took")
	fmt.Fprintln(stdout, "*  /sync/mutex/wait/total:seconds (runtime/metrics): time parked in Lock, sampled: one stop in 8 is timed (noisy)")
	fmt.Fprintln(stdout, "** the mutex profile: Unlocks that woke a goroutine parked in Lock")

	fmt.Fprintln(stdout, "\nthe mutex profile, on one contended unlock made to happen: a goroutine waits in Lock, the holder unlocks")
	sites, err := oneContendedUnlock(ctx)
	if err != nil {
		return err
	}
	for site, n := range sites {
		fmt.Fprintf(stdout, "  %d contended unlock at %s\n", n, site)
	}
	if len(sites) != 1 || eventsIn(sites) != 1 {
		return fmt.Errorf("the mutex profile recorded %v, not one contended unlock", sites)
	}

	fmt.Fprintf(stdout, "\nCPU contention: each goroutine spins %d rounds (GOMAXPROCS=%d)\n", rounds, procs)
	fmt.Fprintf(stdout, "%-11s %-10s %s\n", "goroutines", "took", "slowest")
	for _, g := range []int{1, 2, 4, 8} {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		tm, err := repeated(ctx, func() (time.Duration, error) { return cpuContention(g, rounds), nil })
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%-11d %-10v %s\n", g, shown(tm.Best), tm.Spread())
	}
	return nil
}
