package deadlock

import "sync"

// Broken squares every job with three workers and returns the squares. It
// deadlocks. Do not fix it here: the check shows that it deadlocks. Write the
// fixed version as Fixed, in exercise.go.
func Broken(jobs []int) []int {
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
	return squares
}
