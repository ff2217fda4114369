//go:build !solution

// A wrong answer: the spinner returns when done is closed but never closes its
// frames channel, so a range over it waits for ever.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: the frames channel was never closed
package portbroadcast

import (
	"sync"
	"time"
)

// Spinner forgets to close its channel.
func Spinner(done <-chan struct{}, tick time.Duration) <-chan int {
	frames := make(chan int)
	go func() {
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
