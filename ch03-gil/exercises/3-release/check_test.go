// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package release

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-models/book/ch03-gil/gil"
	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch03-gil/README.md, "What CPython's GIL does" and "I/O-bound work: the GIL costs nothing"`

const step = time.Millisecond

func probe(c *exercise.Check) []error {
	var errs []error
	c.Bubble(2*time.Second, func(*testing.T) {
		in := gil.New(gil.StepCost(step))
		var e1, e2 error
		in.Go("probe", func(t *gil.Thread) {
			defer recoverMisuse(&e1)
			e1 = Fetch(t, time.Millisecond)
			e2 = Crunch(t, time.Millisecond)
		})
		in.Wait()
		errs = []error{e1, e2}
	})
	return errs
}

// recoverMisuse turns a panic of package gil — a Step, Blocking or Native called by a thread
// that has let go of the GIL — into an error that says what to do about it.
func recoverMisuse(err *error) {
	if r := recover(); r != nil {
		msg := fmt.Sprint(r)
		if strings.Contains(msg, "does not hold the GIL") {
			*err = fmt.Errorf("%s.\nInside Blocking or Native the thread has let go of the GIL: bytecode (Step) and "+
				"another release must come after that call returns, not inside its function", msg)
			return
		}
		panic(r)
	}
}

// run starts n threads on one interpreter, each running body, and returns
// how long they took together, the stats and the first error.
func run(n int, body func(t *gil.Thread) error) (time.Duration, gil.Stats, error) {
	in := gil.New(gil.StepCost(step))
	errs := make([]error, n)
	start := time.Now()
	for i := range n {
		in.Go("worker", func(t *gil.Thread) {
			defer recoverMisuse(&errs[i])
			errs[i] = body(t)
		})
	}
	in.Wait()
	took := time.Since(start)
	for _, err := range errs {
		if err != nil {
			return took, in.Stats(), err // the first: the others are most likely the same
		}
	}
	return took, in.Stats(), nil
}

func TestFetchesOverlap(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		took, stats, err := run(4, func(t *gil.Thread) error {
			for range 3 {
				if err := Fetch(t, 100*time.Millisecond); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Fetch failed: %v", err)
		}
		if stats.Steps != 12 {
			t.Errorf("four threads fetching three times ran %d bytecode steps, want 12: one step per Fetch, to handle the answer", stats.Steps)
		}
		if lo, hi := 300*time.Millisecond, 300*time.Millisecond+12*step; took < lo || took > hi {
			t.Errorf("four threads, each making three 100ms fetches, took %v; want about 300ms (between %v and %v): "+
				"the four threads' reads overlap, and only their %v steps queue for the GIL", took, lo, hi, step)
			if took >= 4*300*time.Millisecond {
				t.Errorf("%v is 4 × 300ms: the reads ran one after another — each read held the GIL", took)
			}
		}
	})
}

func TestCrunchingRunsInParallel(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		took, stats, err := run(4, func(t *gil.Thread) error { return Crunch(t, 100*time.Millisecond) })
		if err != nil {
			t.Fatalf("Crunch failed: %v", err)
		}
		if stats.MaxNative != 4 {
			t.Errorf("Stats.MaxNative = %d, want 4: all four threads' native code at once (Thread.Native, not Thread.Blocking or Step)", stats.MaxNative)
		}
		if took != 100*time.Millisecond {
			t.Errorf("four threads crunching 100ms each took %v, want 100ms: native code that releases the GIL runs in parallel", took)
		}
	})
}
