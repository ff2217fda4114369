//go:build !solution

// A typical wrong answer, for CI: .ci/exercises builds the check with this file in
// place of exercise.go (go test -overlay) and requires the check to fail, saying:
//
//	want: you predicted an average wait of 300µs
package convoy

import (
	"sync/atomic"
	"time"

	"github.com/concurrency-models/book/ch03-gil/gil"
)

// Predict is the prediction: the I/O-bound thread's average wait for the GIL
// after each of its I/O calls, when a CPU-bound thread shares the GIL.
//
// The mistake: it assumes the CPU-bound thread lets go as soon as the I/O
// thread wants the GIL, at the end of the step it is in, so that the wait is
// about one step. It forgets that the holder never lets go on its own, and
// that the waiter may set the drop request only after a whole switch interval.
func Predict(interval, step time.Duration) (time.Duration, error) {
	return step, nil
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
			waited += time.Since(start) - nap
			t.Step(nil) // handle the answer
		}
	})
	in.Wait()
	return waited / time.Duration(trips), in.Stats(), nil
}
