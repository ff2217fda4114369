package aio

import (
	"testing"

	"github.com/concurrency-models/book/internal/compare/cputime"
	"github.com/stretchr/testify/require"
)

// BenchmarkCreateAndAwaitTask measures asyncio.create_task plus await: one new task (and its
// goroutine) that returns at once.
func BenchmarkCreateAndAwaitTask(b *testing.B) {
	m := cputime.Start() // CPU per operation, for make compare
	err := Main(func(co *Co) error {
		for b.Loop() {
			if _, err := Await(co, CreateTask(co, answer)); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(b, err)
	m.Report(b)
}

// BenchmarkYield measures one await switch: a task hands the baton to the loop and gets it back
// (await asyncio.sleep(0)).
func BenchmarkYield(b *testing.B) {
	m := cputime.Start() // CPU per operation, for make compare
	err := Main(func(co *Co) error {
		for b.Loop() {
			if err := co.Yield(); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(b, err)
	m.Report(b)
}

// BenchmarkCallSoonThreadsafeRoundTrip measures what run_in_executor pays on top of the work:
// another goroutine posts a result to the loop with CallSoonThreadsafe and the awaiting task
// wakes up with it.
func BenchmarkCallSoonThreadsafeRoundTrip(b *testing.B) {
	m := cputime.Start() // CPU per operation, for make compare
	jobs := make(chan func(), 1)
	defer close(jobs)
	go func() {
		for job := range jobs {
			job()
		}
	}()
	err := Main(func(co *Co) error {
		l := co.Loop()
		for b.Loop() {
			f := NewFuture[int](l)
			jobs <- func() { _ = l.CallSoonThreadsafe(func() { _ = f.SetResult(1) }) }
			if _, err := Await(co, f); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(b, err)
	m.Report(b)
}

// BenchmarkCallSoonThreadsafeBurst64 posts 64 results from 4 other goroutines at once and
// awaits them all, with the loop's bounded spin before it parks (spin) and without (park): the
// spin must not slow a burst down.
func BenchmarkCallSoonThreadsafeBurst64(b *testing.B) {
	for _, bc := range []struct {
		name  string
		spins int
	}{{"spin", spins}, {"park", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			defer func(n int) { spins = n }(spins)
			spins = bc.spins
			jobs := make(chan func(), 64)
			defer close(jobs)
			for range 4 {
				go func() {
					for job := range jobs {
						job()
					}
				}()
			}
			err := Main(func(co *Co) error {
				l := co.Loop()
				futs := make([]*Future[int], 64)
				for b.Loop() {
					for i := range futs {
						f := NewFuture[int](l)
						futs[i] = f
						jobs <- func() { _ = l.CallSoonThreadsafe(func() { _ = f.SetResult(1) }) }
					}
					for _, f := range futs {
						if _, err := Await(co, f); err != nil {
							return err
						}
					}
				}
				return nil
			})
			require.NoError(b, err)
		})
	}
}
