// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package convoy

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/concurrency-models/book/ch03-gil/gil"
	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch03-gil/README.md, "What CPython's GIL does" and "The convoy effect"`

const (
	nap   = 10 * time.Millisecond
	trips = 20
)

var cases = []struct{ interval, step time.Duration }{
	{time.Millisecond, 300 * time.Microsecond},
	{5 * time.Millisecond, 300 * time.Microsecond},
	{20 * time.Millisecond, 300 * time.Microsecond},
	{2 * time.Millisecond, time.Millisecond},
}

func probe(c *exercise.Check) []error {
	var err1, err2, err3 error
	c.Within(2*time.Second, func() {
		_, err1 = Predict(time.Millisecond, time.Millisecond)
		_, err2 = PredictSwitches(1)
		_, _, err3 = Measure(time.Millisecond, time.Millisecond, time.Millisecond, 1)
	})
	return []error{err1, err2, err3}
}

// reference is the check's own measurement.
func reference(interval, step time.Duration) time.Duration {
	in := gil.New(gil.SwitchInterval(interval), gil.StepCost(step))
	var done atomic.Bool
	in.Go("cpu", func(t *gil.Thread) {
		for !done.Load() {
			t.Step(nil)
		}
	})
	var waited time.Duration
	in.Go("io", func(t *gil.Thread) {
		defer done.Store(true)
		for range trips {
			start := time.Now()
			t.Sleep(nap)
			waited += time.Since(start) - nap
			t.Step(nil)
		}
	})
	in.Wait()
	return waited / trips
}

func within(d, lo, hi time.Duration) bool { return lo <= d && d <= hi }

func TestYourPredictions(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	for _, tc := range cases {
		var predicted time.Duration
		var err error
		c.Within(2*time.Second, func() { predicted, err = Predict(tc.interval, tc.step) })
		if err != nil {
			t.Fatalf("Predict(%v, %v) failed: %v", tc.interval, tc.step, err)
		}
		var measured time.Duration
		c.Bubble(2*time.Second, func(*testing.T) { measured = reference(tc.interval, tc.step) })
		if !within(predicted, measured-tc.step, measured+tc.step) {
			t.Errorf("switch interval %v, step %v: you predicted an average wait of %v; the simulator measured %v "+
				"(a prediction within one step, %v, counts as right)", tc.interval, tc.step, predicted, measured, tc.step)
		}
	}
	var n int
	var err error
	c.Within(2*time.Second, func() { n, err = PredictSwitches(trips) })
	if err != nil {
		t.Fatalf("PredictSwitches(%d) failed: %v", trips, err)
	}
	if n != 2*trips+1 && n != 2*trips+2 {
		t.Errorf("PredictSwitches(%d) = %d; the simulator hands the GIL over %d or %d times in such a run "+
			"(which one depends on which thread runs first)", trips, n, 2*trips+1, 2*trips+2)
	}
}

func TestYourMeasurement(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	for _, tc := range cases {
		c.Bubble(2*time.Second, func(t *testing.T) {
			wait, stats, err := Measure(tc.interval, tc.step, nap, trips)
			if err != nil {
				t.Fatalf("Measure(%v, %v, %v, %d) failed: %v", tc.interval, tc.step, nap, trips, err)
			}
			if !within(wait, tc.interval, tc.interval+tc.step) {
				t.Errorf("Measure(interval %v, step %v, ...) = an average wait of %v, want between %v and %v: "+
					"one interval, plus at most one step (time each wait from just before Sleep to its return, minus the nap)",
					tc.interval, tc.step, wait, tc.interval, tc.interval+tc.step)
			}
			if stats.MaxRunning != 1 {
				t.Errorf("Stats.MaxRunning = %d, want 1", stats.MaxRunning)
			}
			if stats.Switches != 2*trips+1 && stats.Switches != 2*trips+2 {
				t.Errorf("Stats.Switches = %d, want %d or %d: is the CPU-bound thread running until the I/O thread is done, and no longer?",
					stats.Switches, 2*trips+1, 2*trips+2)
			}
		})
	}
}
