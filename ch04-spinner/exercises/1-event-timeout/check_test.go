// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package eventtimeout

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = "ch04-spinner/README.md, \"What the spinner prints\" and \"1. Threads: `Thread` and `Event`\""

func probe(c *exercise.Check) []error {
	var errs []error
	c.Within(2*time.Second, func() {
		e := NewEvent()
		e.Set()
		errs = append(errs,
			exercise.Try(func() { e.Wait(time.Millisecond) }),
			exercise.Try(func() { Spin(&strings.Builder{}, "x", time.Millisecond, e) }))
	})
	return errs
}

func TestWaitTimesOut(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		e := NewEvent()
		start := time.Now()
		got := e.Wait(300 * time.Millisecond)
		if took := time.Since(start); got || took != 300*time.Millisecond {
			t.Errorf("Wait(300ms) on an event nobody sets returned %v after %v, want false after exactly 300ms", got, took)
		}
	})
}

func TestSetWakesEveryWaiter(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		e := NewEvent()
		start := time.Now()
		var wg sync.WaitGroup
		got := make([]bool, 3)
		took := make([]time.Duration, 3)
		for i := range 3 {
			wg.Go(func() {
				got[i] = e.Wait(10 * time.Second)
				took[i] = time.Since(start)
			})
		}
		time.Sleep(time.Second)
		e.Set()
		wg.Wait()
		for i := range 3 {
			if !got[i] || took[i] != time.Second {
				t.Errorf("waiter %d: Wait(10s), with Set after 1s, returned %v after %v; want true after exactly 1s", i, got[i], took[i])
			}
		}
		start = time.Now()
		if !e.Wait(time.Hour) || time.Since(start) != 0 {
			t.Errorf("Wait on an event already set did not return true at once")
		}
	})
}

// TestSpinnerFrames: a 1.25 s run with a 100 ms tick draws frames at 0, 100,
// ..., 1200 ms: 13 of them.
func TestSpinnerFrames(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		var out strings.Builder
		done := NewEvent()
		spun := make(chan struct{})
		go func() {
			defer close(spun)
			Spin(&out, "thinking!", 100*time.Millisecond, done)
		}()
		start := time.Now()
		time.Sleep(1250 * time.Millisecond) // the slow function
		done.Set()
		<-spun
		if took := time.Since(start); took != 1250*time.Millisecond {
			t.Errorf("the spinner stopped %v after it started, want 1.25s: the moment done was set, not at the end of its tick "+
				"(wait on the event for a tick, rather than sleeping a tick and then looking at it)", took)
		}
		var want strings.Builder
		for i := range 13 {
			want.WriteString("\r" + string(`\|/-`[i%4]) + " thinking!")
		}
		want.WriteString("\r            \r")
		if out.String() != want.String() {
			t.Errorf("a 1.25 s run with a 100ms tick wrote\n  %q\nwant 13 frames (at 0, 100, ..., 1200 ms) and the wipe:\n  %q", out.String(), want.String())
		}
	})
}
