//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// Measure counts the nap itself as waiting for the GIL.
//
//	want: time each wait from just before Sleep to its return, minus the nap
package convoy

import (
	"sync/atomic"
	"time"

	"github.com/concurrency-models/book/ch03-gil/gil"
)

// Predict is the prediction: the I/O-bound thread's average wait for the GIL
// after each of its I/O calls, when a CPU-bound thread shares the GIL.
//
// When its nap ends the I/O thread asks for the GIL. The CPU-bound thread
// never lets go on its own, so the I/O thread waits one whole switch interval
// before it may set the drop request; the holder then notices at the end of
// its current step, somewhere between 0 and one step later: half a step on
// average.
func Predict(interval, step time.Duration) (time.Duration, error) {
	return interval + step/2, nil
}

// PredictSwitches is the predicted number of hand-overs: each round trip is
// two (the I/O thread takes the GIL after its nap, the CPU thread takes it back
// when the I/O thread next naps), plus one at the start if the I/O thread runs
// first — two if the CPU thread does and must be asked.
func PredictSwitches(trips int) (int, error) {
	return 2*trips + 1, nil
}

// Measure runs the convoy experiment on a simulated interpreter with the given
// switch interval and step cost (gil.SwitchInterval, gil.StepCost): one
// CPU-bound thread runs steps until the I/O-bound thread is done; the
// I/O-bound thread makes trips round trips, each an I/O call of nap
// (Thread.Sleep) followed by one step. It returns the I/O thread's average
// wait for the GIL after each nap, and the interpreter's Stats.
func Measure(interval, step, nap time.Duration, trips int) (time.Duration, gil.Stats, error) {
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
			t.Sleep(nap) // releases the GIL, and returns once it holds it again
			waited += time.Since(start)
			t.Step(nil) // handle the answer
		}
	})
	in.Wait()
	return waited / time.Duration(trips), in.Stats(), nil
}
