//go:build !solution

// A wrong answer: the spinner sends each frame with a bare send: once nobody reads,
// it waits on that send for ever and never sees done.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: A bare send, frames <- n, waits for ever
package portbroadcast

import (
	"sync"
	"time"
)

// Spinner sends without looking at done.
func Spinner(done <-chan struct{}, tick time.Duration) <-chan int {
	frames := make(chan int)
	go func() {
		defer close(frames)
		ticker := time.NewTicker(tick)
		defer ticker.Stop()
		for n := 1; ; n++ {
			frames <- n
			select {
			case <-ticker.C:
			case <-done:
				return
			}
		}
	}()
	return frames
}

// Supervise is right.
func Supervise(n int, tick time.Duration, slow func() int, draw func(spinner, frame int)) int {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		frames := Spinner(done, tick)
		wg.Go(func() {
			for frame := range frames {
				draw(i, frame)
			}
			draw(i, 0)
		})
	}
	answer := slow()
	close(done)
	wg.Wait()
	return answer
}
