//go:build !solution

// Package convoy is chapter 3's first exercise: predict the convoy effect's
// figure — how long an I/O-bound thread waits for the GIL — and then measure
// it on the simulated GIL. The task is in README.md; check your answer with
//
//	go test ./ch03-gil/exercises/1-convoy
package convoy

import (
	"time"

	"github.com/concurrency-models/book/ch03-gil/gil"
	"github.com/concurrency-models/book/internal/exercise"
)

// Predict is your prediction, made before you measure: the I/O-bound thread's
// average wait for the GIL after each of its I/O calls, when a CPU-bound
// thread shares the GIL, for a switch interval and the time one bytecode step
// of the CPU-bound thread takes. Write it as a formula of the two.
func Predict(interval, step time.Duration) (time.Duration, error) {
	// TODO: your formula.
	return 0, exercise.TODO("Predict: the average wait, as a formula of interval and step")
}

// PredictSwitches is your prediction of how many times the GIL changes hands
// in one run of Measure with the given number of round trips. (If two answers
// are possible, give either.)
func PredictSwitches(trips int) (int, error) {
	// TODO: your formula.
	return 0, exercise.TODO("PredictSwitches: the number of hand-overs, as a formula of trips")
}

// Measure runs the convoy experiment on a simulated interpreter with the given
// switch interval and step cost (gil.SwitchInterval, gil.StepCost): one
// CPU-bound thread runs steps until the I/O-bound thread is done; the
// I/O-bound thread makes trips round trips, each an I/O call of nap
// (Thread.Sleep) followed by one step. It returns the I/O thread's average
// wait for the GIL after each nap, and the interpreter's Stats.
func Measure(interval, step, nap time.Duration, trips int) (time.Duration, gil.Stats, error) {
	// TODO: the experiment.
	return 0, gil.Stats{}, exercise.TODO("Measure: the convoy experiment")
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
