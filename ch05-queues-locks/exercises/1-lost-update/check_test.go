// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package lostupdate

import (
	"sync"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch05-queues-locks/README.md, "2. Locks and lost updates" and "The race detector"`

// goroutines call Inc each times at once. Atomic gets the most calls: a
// load-then-store mistake is no data race, so only lost counts can show it.
const goroutines = 8

type counter interface {
	Inc()
	Value() int64
}

func probe(c *exercise.Check) []error {
	var errs []error
	c.Within(2*time.Second, func() {
		errs = append(errs,
			exercise.Try(func() { m := &Mutex{}; m.Inc(); m.Value() }),
			exercise.Try(func() { a := &Atomic{}; a.Inc(); a.Value() }),
			exercise.Try(func() { o := NewOwner(); o.Inc(); o.Value(); o.Close() }))
	})
	return errs
}

// hammer has goroutines goroutines call Inc each times at once and returns the count.
func hammer(c counter, each int) int64 {
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			<-start
			for range each {
				c.Inc()
			}
		})
	}
	close(start)
	wg.Wait()
	return c.Value()
}

// check runs rounds of hammer on fresh counters: at least three, and then more until the
// counter has been hammered for at least budget. A load-then-store Atomic has no data race for
// -race to see; only a lost count shows it, and only when two goroutines happen to run Inc at
// the same moment, so the check keeps trying for a while and stops at the first loss.
func check(t *testing.T, c *exercise.Check, name string, each int, budget time.Duration, make func() (counter, func())) {
	c.Within(5*time.Second, func() {
		start := time.Now()
		for round := 1; round <= 3 || time.Since(start) < budget; round++ {
			ctr, closeIt := make()
			got := hammer(ctr, each)
			closeIt()
			if want := int64(goroutines * each); got != want {
				t.Errorf("%s: %d goroutines each called Inc %d times, and Value() = %d, want %d: %d updates lost (round %d)",
					name, goroutines, each, got, want, want-got, round)
				return
			}
		}
	})
}

func TestMutex(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	check(t, c, "Mutex", 5000, 0, func() (counter, func()) { return &Mutex{}, func() {} })
}

func TestAtomic(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	check(t, c, "Atomic", 50000, 500*time.Millisecond, func() (counter, func()) { return &Atomic{}, func() {} })
}

func TestOwner(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	check(t, c, "Owner", 5000, 0, func() (counter, func()) { o := NewOwner(); return o, o.Close })
}

// TestOwnerStops checks, in a testing/synctest bubble, that Close leaves no
// goroutine behind.
func TestOwnerStops(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		o := NewOwner()
		o.Inc()
		if v := o.Value(); v != 1 {
			t.Errorf("one Inc, then Value() = %d, want 1", v)
		}
		o.Close()
	})
}
