//go:build !solution

// A wrong answer: done is set by a send, as if it were a queue: the one spinner
// that receives it stops, the others draw on for ever.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: A send on done wakes one receiver
package portbroadcast

import (
	"sync"
	"time"
)

// Spinner is right.
func Spinner(done <-chan struct{}, tick time.Duration) <-chan int {
	frames := make(chan int)
	go func() {
		defer close(frames)
		ticker := time.NewTicker(tick)
		defer ticker.Stop()
		for n := 1; ; n++ {
			select {
			case frames <- n:
			case <-done:
				return
			}
			select {
			case <-ticker.C:
			case <-done:
				return
			}
		}
	}()
	return frames
}

// Supervise runs the spinners and stops them.
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
	done <- struct{}{} // wakes one spinner only
	wg.Wait()
	return answer
}
