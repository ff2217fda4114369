//go:build !solution

// Package stoppool is chapter 5's second exercise: stop a worker pool without
// losing a result — by poison pill, by closing the job channel, and by
// cancelling a context. The task is in README.md; check your answer with
//
//	go test ./ch05-queues-locks/exercises/2-stop-pool
package stoppool

import (
	"context"

	"github.com/concurrency-models/book/internal/exercise"
)

// Result is one job's outcome: f(Job) = Value, or Err. A job whose f panics
// has an Err that carries the panic value.
type Result struct {
	Job   int
	Value int
	Err   error
}

// ByPill runs f on every job with a pool of workers goroutines fed through a
// channel, and stops them with a poison pill: one special job per worker,
// queued after the real ones. It returns every job's Result, in any order,
// once every worker has returned.
func ByPill(workers int, jobs []int, f func(int) (int, error)) []Result {
	exercise.Unwritten("ByPill")
	return nil
}

// ByClose is ByPill, but the workers stop when the job channel is closed and
// drained (for job := range jobs).
func ByClose(workers int, jobs []int, f func(int) (int, error)) []Result {
	exercise.Unwritten("ByClose")
	return nil
}

// ByContext is ByClose, but it can be stopped early: once ctx is cancelled
// each worker finishes the job in hand, delivers its Result, takes no more
// jobs, and returns. It returns the Result of every job that was started —
// none lost, none twice — once every worker has returned.
func ByContext(ctx context.Context, workers int, jobs []int, f func(int) (int, error)) []Result {
	exercise.Unwritten("ByContext")
	return nil
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
