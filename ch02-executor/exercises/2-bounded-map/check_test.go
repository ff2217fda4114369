// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package boundedmap

import (
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch02-executor/README.md, "CPU-bound work: threads or processes?" and "The Go way: the runtime is the executor"`

func probe(c *exercise.Check) error {
	var err error
	c.Bubble(2*time.Second, func(*testing.T) { _, err = Map(1, func(int) int { return 0 }, []int{1}) })
	return err
}

// TestAtMostNAtOnce runs ten one-second jobs with three workers in virtual
// time: never more than three at once, and all three used, so 4 s in all.
func TestAtMostNAtOnce(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	c.Bubble(2*time.Second, func(t *testing.T) {
		var running, most atomic.Int32
		start := time.Now()
		got, err := Map(3, func(x int) int {
			n := running.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(time.Second)
			running.Add(-1)
			return x * x
		}, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
		took := time.Since(start)
		if err != nil {
			t.Fatalf("Map(3, square, 0..9) failed: %v", err)
		}
		if want := []int{0, 1, 4, 9, 16, 25, 36, 49, 64, 81}; !slices.Equal(got, want) {
			t.Errorf("Map(3, square, 0..9) = %v, want %v", got, want)
		}
		if m := most.Load(); m != 3 {
			t.Errorf("Map(3, ...) ran %d jobs at the same moment at most, want exactly 3 (max_workers)", m)
		}
		if took != 4*time.Second {
			t.Errorf("ten 1 s jobs on three workers took %v, want 4s (three rounds of three, then one)", took)
		}
	})
}

// TestResultsInInputOrder gives the earlier inputs the longer jobs, so they
// finish last.
func TestResultsInInputOrder(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	c.Bubble(2*time.Second, func(t *testing.T) {
		start := time.Now()
		got, err := Map(4, func(s string) string {
			time.Sleep(time.Duration(len(s)) * time.Second)
			return s + "!"
		}, []string{"dddd", "ccc", "bb", "a"})
		took := time.Since(start)
		if err != nil {
			t.Fatalf("Map failed: %v", err)
		}
		if want := []string{"dddd!", "ccc!", "bb!", "a!"}; !slices.Equal(got, want) {
			t.Errorf("Map(4, f, [dddd ccc bb a]) = %q, want %q: results in input order, not finishing order", got, want)
		}
		if took != 4*time.Second {
			t.Errorf("jobs of 4, 3, 2 and 1 s on four workers took %v, want 4s: the longest", took)
		}
	})
}

// TestAFreeWorkerTakesTheNextJob gives the jobs unequal lengths, 3 s and then four of 1 s, on
// two workers: while one worker runs the long job the other runs the short ones, so 4 s in all.
// Running the inputs in batches of maxWorkers waits for each batch's slowest job: 5 s.
func TestAFreeWorkerTakesTheNextJob(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	c.Bubble(2*time.Second, func(t *testing.T) {
		start := time.Now()
		got, err := Map(2, func(d int) int {
			time.Sleep(time.Duration(d) * time.Second)
			return d
		}, []int{3, 1, 1, 1, 1})
		took := time.Since(start)
		if err != nil {
			t.Fatalf("Map failed: %v", err)
		}
		if want := []int{3, 1, 1, 1, 1}; !slices.Equal(got, want) {
			t.Errorf("Map(2, sleep d and return d, [3 1 1 1 1]) = %v, want %v", got, want)
		}
		if took != 4*time.Second {
			t.Errorf("jobs of 3, 1, 1, 1 and 1 s on two workers took %v, want 4s: while one worker runs the 3 s job, the other runs the four short ones", took)
			if took == 5*time.Second {
				t.Errorf("5s is 3+1+1: the jobs ran in batches of two, each batch waiting for its slowest job; " +
					"a worker that is free must take the next input at once (a semaphore, not a WaitGroup per batch)")
			}
		}
	})
}

func TestBadMaxWorkers(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c))
	c.Scenario(func() string {
		return "Map(0, f, one input): with zero workers no job can ever start, so Map must return an error at once instead of waiting for a free slot"
	})
	c.Within(2*time.Second, func() {
		if _, err := Map(0, func(int) int { return 0 }, []int{1}); err == nil {
			t.Errorf("Map(0, ...) returned no error, want one: zero workers would never run anything")
		}
	})
}
