// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package fairlock

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch03-gil/README.md, "What CPython's GIL does" (FORCE_SWITCHING) and "A GIL in Go"`

func probe(c *exercise.Check) {
	c.Within(2*time.Second, func() {
		l := New()
		l.Lock()
		//lint:ignore SA2001 the probe only asks whether Lock and Unlock are written yet
		l.Unlock()
	})
}

// TestNoBarging: A holds the lock; B asks at 1 s, C at 2 s; at 3 s A unlocks
// and at once asks again. The lock must go to B, then C, then A.
func TestNoBarging(t *testing.T) {
	c := exercise.New(t, lesson)
	probe(c)
	c.Scenario(func() string {
		return "A held the lock; B asked for it at 1s, C at 2s; at 3s A unlocked and asked again. If your Lock waits inside " +
			"sync.Mutex.Lock, virtual time cannot advance (a mutex is not a durable block for testing/synctest): wait on a channel instead"
	})
	c.Bubble(2*time.Second, func(t *testing.T) {
		l := New()
		var mu sync.Mutex
		var order []string
		got := func(name string) {
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			time.Sleep(100 * time.Millisecond) // hold it a while
			l.Unlock()
		}
		l.Lock()
		var wg sync.WaitGroup
		for i, name := range []string{"B", "C"} {
			wg.Go(func() {
				time.Sleep(time.Duration(i+1) * time.Second)
				l.Lock()
				got(name)
			})
		}
		time.Sleep(3 * time.Second)
		l.Unlock()
		l.Lock() // A again, straight away
		got("A")
		wg.Wait()
		if want := []string{"B", "C", "A"}; !slices.Equal(order, want) {
			t.Errorf("A held the lock, B asked for it at 1s, C at 2s; at 3s A unlocked and asked again at once.\n"+
				"The lock went to %s, want %s: the longest waiter first, and no taking it straight back.",
				strings.Join(order, ", "), strings.Join(want, ", "))
			switch {
			case len(order) > 0 && order[0] == "A":
				t.Errorf("A got it straight back: Unlock freed the lock and A, still running, took it before the waiter woke; " +
					"hand it to the first waiter instead, without ever freeing it")
			case len(order) > 0 && order[0] == "C":
				t.Errorf("C, who asked last, went first: the waiters form a stack; serve them from the front of a queue")
			}
		}
	})
}

// TestRoundRobin: three goroutines each take the lock five times. A fair lock
// serves them in a strict rotation.
func TestRoundRobin(t *testing.T) {
	c := exercise.New(t, lesson)
	probe(c)
	c.Bubble(2*time.Second, func(t *testing.T) {
		l := New()
		var inside, most atomic.Int32
		var mu sync.Mutex
		var order []string
		var wg sync.WaitGroup
		for _, name := range []string{"x", "y", "z"} {
			wg.Go(func() {
				for range 5 {
					l.Lock()
					if n := inside.Add(1); n > most.Load() {
						most.Store(n)
					}
					mu.Lock()
					order = append(order, name)
					mu.Unlock()
					time.Sleep(time.Millisecond)
					inside.Add(-1)
					l.Unlock()
				}
			})
		}
		wg.Wait()
		if m := most.Load(); m != 1 {
			t.Fatalf("%d goroutines were inside the lock at the same time, want 1: it is not a lock", m)
		}
		for i := 3; i < len(order); i++ {
			if order[i] != order[i-3] {
				t.Errorf("three goroutines each locked five times, in the order %s;\nwant a strict rotation (each turn's holder again three turns later)",
					strings.Join(order, ""))
				break
			}
		}
	})
}

func TestUnlockOfUnlocked(t *testing.T) {
	c := exercise.New(t, lesson)
	probe(c)
	c.Within(2*time.Second, func() {
		defer func() {
			if recover() == nil {
				t.Errorf("Unlock of an unlocked FairLock did not panic, want a panic, like sync.Mutex")
			}
		}()
		New().Unlock()
	})
}

// TestSyncMutexForComparison runs TestNoBarging's scenario with Go's own sync.Mutex, on the real
// clock (testing/synctest cannot wait on a mutex), ten times, and shows the order each time with
// -v. It checks the lesson's claim that sync.Mutex lets the running goroutine barge in: in at
// least one of the ten runs A, which unlocked and asked again at once, got the lock straight
// back. It runs whether or not you have started.
func TestSyncMutexForComparison(t *testing.T) {
	barged := 0
	for run := 1; run <= 10; run++ {
		var l sync.Mutex
		var mu sync.Mutex
		var order []string
		got := func(name string) {
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			time.Sleep(time.Millisecond)
			l.Unlock()
		}
		l.Lock()
		var wg sync.WaitGroup
		for i, name := range []string{"B", "C"} {
			wg.Go(func() {
				time.Sleep(time.Duration(i+1) * 2 * time.Millisecond)
				l.Lock()
				got(name)
			})
		}
		time.Sleep(10 * time.Millisecond)
		l.Unlock()
		l.Lock() // A again, straight away
		got("A")
		wg.Wait()
		if order[0] == "A" {
			barged++
		}
		t.Logf("sync.Mutex, run %2d: the lock went to %s", run, strings.Join(order, ", "))
	}
	t.Logf("with sync.Mutex, A took the lock straight back in %d of 10 runs", barged)
	if barged == 0 {
		t.Errorf("with sync.Mutex, A never took the lock straight back in 10 runs; the task says it barges in: tell the book's authors")
	}
}
