// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package portsemaphore

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch03-gil/README.md, "Go's scheduler, in GIL terms"`

// bubble runs f in a testing/synctest bubble, where time is virtual and exact,
// within a few seconds of real time; a goroutine still blocked when f has
// returned fails the test as a leak.
func bubble(t *testing.T, c *exercise.Check, f func(t *testing.T)) {
	t.Helper()
	c.Within(5*time.Second, func() {
		defer func() {
			if r := recover(); r != nil {
				err, ok := r.(error)
				if !ok || !strings.Contains(err.Error(), "blocked goroutines remain") {
					panic(r)
				}
				t.Fatalf("a goroutine your code started was still blocked when the check ended (testing/synctest: %v).\n"+
					"Every goroutine must end before SumParallel returns: wait for them all (sync.WaitGroup)", err)
			}
		}()
		synctest.Test(t, f)
	})
}

// await runs f on a goroutine and fails the test, naming what was waited on,
// if f has not returned within an hour of virtual time.
func await(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(time.Hour):
		t.Fatalf("%s had not returned after an hour of virtual time: it waits for something that never comes.\n"+
			"Is a semaphore slot taken and never given back, or a WaitGroup never Done?", what)
	}
}

// schedule returns how long jobs of the given lengths take on p slots when a
// slot that frees takes the next job at once, and how long in batches of p,
// each batch waiting for its slowest.
func schedule(lengths []time.Duration, p int) (greedy, batches time.Duration) {
	free := make([]time.Duration, p) // when each slot is free again
	for _, d := range lengths {
		i := 0
		for j := range free {
			if free[j] < free[i] {
				i = j
			}
		}
		free[i] += d
		greedy = max(greedy, free[i])
	}
	for start := 0; start < len(lengths); start += p {
		var slowest time.Duration
		for _, d := range lengths[start:min(start+p, len(lengths))] {
			slowest = max(slowest, d)
		}
		batches += slowest
	}
	return greedy, batches
}

func probe(c *exercise.Check) error {
	var err error
	c.Within(2*time.Second, func() {
		err = exercise.Try(func() { SumParallel([]Range{{0, 1}}, func(Range) int { return 0 }) })
	})
	return err
}

// TestBound runs ten jobs in virtual time — a sleep stands in for the CPU
// work — with GOMAXPROCS set above the machine's CPU count: job 1 takes 5 s,
// the others 1 s. Each job returns its own bit, so the sum shows which ran.
func TestBound(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	p := max(3, runtime.NumCPU()+1)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(p))
	bubble(t, c, func(t *testing.T) {
		var ranges []Range
		var lengths []time.Duration
		for i := range 10 {
			ranges = append(ranges, Range{i, i + 1})
			lengths = append(lengths, time.Second)
		}
		lengths[1] = 5 * time.Second
		var (
			mu            sync.Mutex
			running, most int
			calls         = map[int]int{}
		)
		start := time.Now()
		var sum int
		await(t, "SumParallel(10 ranges, work)", func() {
			sum = SumParallel(ranges, func(r Range) int {
				mu.Lock()
				running++
				most = max(most, running)
				calls[r.Lo]++
				mu.Unlock()
				time.Sleep(lengths[r.Lo])
				mu.Lock()
				running--
				mu.Unlock()
				return 1 << r.Lo
			})
		})
		took := time.Since(start)
		mu.Lock()
		defer mu.Unlock()
		for i := range ranges {
			if calls[i] != 1 {
				t.Errorf("SumParallel called work on range %v %d times, want once", ranges[i], calls[i])
			}
		}
		if sum != 1<<10-1 && len(calls) == 10 {
			t.Errorf("SumParallel(10 ranges, work) = %d, want %d: the ten results, each counted once.\n"+
				"Were updates lost? Two goroutines adding to one variable at the same moment lose one of the\n"+
				"additions: give each result its own slot, or a mutex (and run the check with -race)", sum, 1<<10-1)
		}
		greedy, batches := schedule(lengths, p)
		switch {
		case most > p:
			t.Errorf("with GOMAXPROCS=%d, SumParallel ran %d jobs at the same moment, want at most %d.\n"+
				"Bound them with a semaphore: a buffered channel of runtime.GOMAXPROCS(0) slots (send to take\n"+
				"one, receive to give it back), or golang.org/x/sync/semaphore", p, most, p)
		case most == runtime.NumCPU() && most > 1:
			t.Errorf("with GOMAXPROCS=%d, SumParallel ran at most %d jobs at once: runtime.NumCPU(), the machine's CPUs\n"+
				"(Python's os.cpu_count()). The bound is runtime.GOMAXPROCS(0), how many goroutines Go runs at\n"+
				"once: the GOMAXPROCS variable, or a container's CPU limit, can make it differ", p, most)
		case most == 1:
			t.Errorf("with GOMAXPROCS=%d, SumParallel ran one job at a time: sequential. Start a goroutine per range", p)
		case most < p:
			t.Errorf("with GOMAXPROCS=%d, SumParallel ran at most %d jobs at once, want %d: every slot in use", p, most, p)
		case took == batches && batches != greedy:
			t.Errorf("SumParallel took %v, want %v: it ran the jobs in batches of %d, each batch waiting for its\n"+
				"slowest (job 1, 5 s). A slot that frees should take the next job at once", took, greedy, p)
		case took != greedy:
			t.Errorf("SumParallel took %v, want %v: job 1 takes 5 s in one slot while the other %d slots do the\n"+
				"nine 1 s jobs", took, greedy, p-1)
		}
	})
}

// TestPrimes runs the Python program's count for real, on the CPU: the
// primes below 100000, in 16 chunks and then in 7.
func TestPrimes(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	c.Within(30*time.Second, func() {
		for _, chunks := range []int{16, 7} {
			if got := PrimesBelow(100000, chunks); got != 9592 {
				t.Errorf("PrimesBelow(100000, %d) = %d, want 9592.\n"+
					"Were updates lost? Two goroutines adding to one variable at the same moment lose one of the\n"+
					"additions: give each result its own slot, or a mutex (and run the check with -race)", chunks, got)
			}
		}
	})
}

// TestNoRanges: nothing to do is a sum of 0, at once.
func TestNoRanges(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	bubble(t, c, func(t *testing.T) {
		var sum int
		await(t, "SumParallel(no ranges, work)", func() { sum = SumParallel(nil, func(Range) int { return 1 }) })
		if sum != 0 {
			t.Errorf("SumParallel(no ranges, work) = %d, want 0", sum)
		}
	})
}
