//go:build !solution

// A wrong answer: the spinner sleeps a whole tick, then looks at done: it notices
// done up to a tick late, where done.wait(tick) returns at once.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: the spinner slept through the rest of its tick
package portbroadcast

import (
	"sync"
	"time"
)

// Spinner sleeps between frames.
func Spinner(done <-chan struct{}, tick time.Duration) <-chan int {
	frames := make(chan int)
	go func() {
		defer close(frames)
		for n := 1; ; n++ {
			select {
			case frames <- n:
			case <-done:
				return
			}
			time.Sleep(tick)
			select {
			case <-done:
				return
			default:
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
