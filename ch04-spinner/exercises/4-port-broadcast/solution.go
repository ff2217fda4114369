//go:build solution

// Package portbroadcast is chapter 4's fourth exercise: port a Python program
// in which one threading.Event stops three spinner threads to plain Go — a
// goroutine per spinner, and one close of a channel to stop them all. This
// file is the reference solution (go test -tags solution).
package portbroadcast

import (
	"sync"
	"time"
)

// Spinner starts a goroutine that draws frames until done is closed: it sends
// frame 1 at once, then frames 2, 3, ... one per tick, on the channel Spinner
// returns, and closes that channel when it stops. It notices done at once —
// mid-tick, and while nobody reads its frames (Python's done.wait(tick)).
//
// The types say who may do what: Spinner can only receive from done, so it
// cannot close it; its caller gets a receive-only channel of frames, so only
// the goroutine that sends on it can close it.
func Spinner(done <-chan struct{}, tick time.Duration) <-chan int {
	frames := make(chan int)
	go func() {
		defer close(frames) // the sender closes, once, when it stops
		ticker := time.NewTicker(tick)
		defer ticker.Stop()
		for n := 1; ; n++ {
			select { // a send that nobody takes must not outlive done
			case frames <- n:
			case <-done:
				return
			}
			select { // done.wait(tick)
			case <-ticker.C:
			case <-done:
				return
			}
		}
	}()
	return frames
}

// Supervise is the Python program's main: it starts n spinners, numbered 0 to
// n-1, all on one done channel, and draws each frame a spinner sends with
// draw(spinner, frame) — draw is safe to call from several goroutines at once.
// It calls slow and, once slow returns, stops every spinner with a single
// close. When a spinner's frames end, Supervise wipes its line,
// draw(spinner, 0). It returns slow's answer once every line is wiped.
//
// A closed channel is a broadcast: every receive on it, now or later,
// returns at once. A send would wake one receiver only.
func Supervise(n int, tick time.Duration, slow func() int, draw func(spinner, frame int)) int {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		frames := Spinner(done, tick)
		wg.Go(func() {
			for frame := range frames { // ends when the spinner closes it
				draw(i, frame)
			}
			draw(i, 0)
		})
	}
	answer := slow()
	close(done) // Event.set(), for every spinner at once
	wg.Wait()
	return answer
}
