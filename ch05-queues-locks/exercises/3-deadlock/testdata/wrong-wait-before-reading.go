//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// the jobs are fed from a goroutine, but main still waits for the workers before it reads.
//
//	want: main cannot both wait and read
package deadlock

import "sync"

// Fixed is Broken, fixed: it returns the square of every job, in any order,
// with the same three workers, and without deadlocking.
//
// Broken's main goroutine does three things in a row that each wait for
// another party: it hands out jobs (waiting for a worker to take each), waits
// for the workers to finish, and only then reads the answers. But a worker
// cannot finish — or take another job — until someone reads its answer. With
// four jobs or more, main blocks handing out the fourth while all three
// workers block delivering; with fewer, main blocks in wg.Wait. Each waits for
// the other: a deadlock.
//
// The fix gives the waits to different goroutines: one feeds the jobs, one
// closes out after the workers are done, and main reads the answers
// meanwhile.
func Fixed(jobs []int) ([]int, error) {
	in := make(chan int)
	out := make(chan int)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for j := range in {
				out <- j * j
			}
		})
	}
	go func() {
		defer close(in)
		for _, j := range jobs {
			in <- j
		}
	}()
	wg.Wait() // the workers wait for a reader, and the reader is main
	close(out)
	var squares []int
	for s := range out {
		squares = append(squares, s)
	}
	return squares, nil
}
