//go:build !solution

// A typical wrong answer, for CI: .ci/exercises builds the check with this file in
// place of exercise.go (go test -overlay) and requires the check to fail, saying:
//
//	want: Fixed([1]), three workers. Who waits for whom?
package deadlock

import "sync"

// Fixed is Broken, unchanged.
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
	for _, j := range jobs {
		in <- j
	}
	close(in)
	wg.Wait()
	close(out)
	var squares []int
	for s := range out {
		squares = append(squares, s)
	}
	return squares, nil
}
