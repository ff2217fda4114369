//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// the wipe counts the frame's bytes (len), not the columns it takes.
//
//	want: is its length in bytes
package eventtimeout

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Event is a flag, false at first, that one goroutine sets and others wait
// for (Python's threading.Event).
type Event struct {
	once sync.Once
	set  chan struct{} // closed by Set
}

// NewEvent returns an Event that is not set.
func NewEvent() *Event {
	return &Event{set: make(chan struct{})}
}

// Set makes the flag true and wakes every waiter. Setting it again does nothing.
func (e *Event) Set() {
	e.once.Do(func() { close(e.set) })
}

// IsSet reports the flag.
func (e *Event) IsSet() bool {
	select {
	case <-e.set:
		return true
	default:
		return false
	}
}

// Wait blocks until the flag is set or timeout has passed, and returns the
// flag: true if it was set, false on timeout (Event.wait(timeout)).
func (e *Event) Wait(timeout time.Duration) bool {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case <-e.set:
		return true
	case <-timer.C:
		return e.IsSet() // set at the very last moment still counts, as in Python
	}
}

// Spin is the article's spinner thread: it writes a frame, then waits for done
// for one tick; if done was set it wipes the line and returns, otherwise it
// writes the next frame. Frame i is "\r", the i-th character of `\|/-`
// (cycling), a space and msg. Wiping is "\r", one space per display column
// the last frame takes on the screen (a "\r" takes none; a wide character,
// such as a Hangul syllable, two), and "\r" again.
func Spin(w io.Writer, msg string, tick time.Duration, done *Event) {
	const chars = `\|/-`
	var status string
	for i := 0; ; i++ {
		status = fmt.Sprintf("\r%c %s", chars[i%len(chars)], msg)
		fmt.Fprint(w, status)
		if done.Wait(tick) {
			break
		}
	}
	fmt.Fprint(w, "\r"+strings.Repeat(" ", len(status))+"\r")
}
