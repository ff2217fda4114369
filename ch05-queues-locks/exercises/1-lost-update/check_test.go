// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package lostupdate

import (
	"fmt"
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

// hammer has goroutines goroutines call Inc each times at once while one more goroutine
// reads Value, and returns the count read right after the last Inc returned. It fails the
// test if a Value read meanwhile went down or beyond the total.
func hammer(t *testing.T, name string, c counter, each int) int64 {
	start := make(chan struct{})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			<-start
			for range each {
				c.Inc()
			}
		})
	}
	read := make(chan string, 1)
	go func() { // a reader during the writes: Value reads shared memory too
		var last int64
		for {
			select {
			case <-stop:
				read <- ""
				return
			default:
			}
			v := c.Value()
			if v < last || v > int64(goroutines*each) {
				read <- fmt.Sprintf("%s: Value() read %d after %d while Incs ran: a read during writes must see a count that only goes up, to at most %d",
					name, v, last, goroutines*each)
				return
			}
			last = v
		}
	}()
	close(start)
	wg.Wait()
	close(stop)
	if msg := <-read; msg != "" {
		t.Error(msg)
	}
	return c.Value()
}

// check runs rounds of hammer on fresh counters: at least three, and then more until the
// counter has been hammered for at least budget. A load-then-store Atomic has no data race for
// -race to see; only a lost count shows it, and only when two goroutines happen to run Inc at
// the same moment, so the check keeps trying for a while and stops at the first loss. A count
// that is short right after the last Inc but right a moment later was not lost: Inc returned
// before the count included it.
func check(t *testing.T, c *exercise.Check, name string, each int, budget time.Duration, make func() (counter, func())) {
	c.Within(10*time.Second, func() {
		start := time.Now()
		for round := 1; round <= 3 || time.Since(start) < budget; round++ {
			ctr, closeIt := make()
			got := hammer(t, name, ctr, each)
			want := int64(goroutines * each)
			if got == want {
				closeIt()
				continue
			}
			time.Sleep(50 * time.Millisecond)
			later := ctr.Value()
			closeIt()
			if later == want {
				t.Errorf("%s: %d goroutines each called Inc %d times, and Value() = %d right after the last Inc returned, want %d; "+
					"50ms later it was %d: the updates were not lost but not yet counted. Once Inc has returned, a later Value must include it "+
					"(is Inc's channel buffered, so that Inc returns before the owner has counted?) (round %d)",
					name, goroutines, each, got, want, later, round)
			} else {
				t.Errorf("%s: %d goroutines each called Inc %d times, and Value() = %d, want %d: %d updates lost (round %d)",
					name, goroutines, each, got, want, want-got, round)
			}
			return
		}
	})
}

func TestMutex(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Scenario(func() string {
		return fmt.Sprintf("%d goroutines call Inc while one more calls Value. If a goroutine is stuck in Lock inside Inc or Value, "+
			"look at the receiver: a method on a value (func (c Mutex) Inc) copies the mutex, locked at that moment by another goroutine, "+
			"and waits on the copy for ever (go vet says \"passes lock by value\"); use pointer receivers", goroutines)
	})
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

// TestOwnerIncThenValue: one goroutine alternates Inc and Value. Once Inc has returned, the
// owner has counted it, so each Value must include every Inc before it.
func TestOwnerIncThenValue(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Within(10*time.Second, func() {
		o := NewOwner()
		defer o.Close()
		for i := int64(1); i <= 1000; i++ {
			o.Inc()
			if v := o.Value(); v != i {
				time.Sleep(50 * time.Millisecond)
				later := o.Value()
				t.Errorf("Owner: Inc had returned %d times, and Value() = %d, want %d; 50ms later it was %d: "+
					"the update was not lost but not yet counted when Value ran. Once Inc has returned, a later Value must include it "+
					"(is Inc's channel buffered, so that Inc returns before the owner has counted?)", i, v, i, later)
				return
			}
		}
	})
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
