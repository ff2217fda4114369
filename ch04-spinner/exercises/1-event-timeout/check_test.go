// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package eventtimeout

import (
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = "ch04-spinner/README.md, \"What the spinner prints\" and \"1. Threads: `Thread` and `Event`\""

func probe(c *exercise.Check) []error {
	var errs []error
	c.Within(2*time.Second, func() {
		e := NewEvent()
		e.Set()
		errs = append(errs,
			exercise.Try(func() { e.Wait(time.Millisecond) }),
			exercise.Try(func() { Spin(&strings.Builder{}, "x", time.Millisecond, e) }))
	})
	return errs
}

func TestWaitTimesOut(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Scenario(func() string {
		return "Wait(300ms) on an event nobody sets: it must return false after 300ms, and it is still waiting; " +
			"select on the event and on a timer, whichever comes first"
	})
	c.Bubble(2*time.Second, func(t *testing.T) {
		e := NewEvent()
		start := time.Now()
		got := e.Wait(300 * time.Millisecond)
		if took := time.Since(start); got || took != 300*time.Millisecond {
			t.Errorf("Wait(300ms) on an event nobody sets returned %v after %v, want false after exactly 300ms", got, took)
		}
	})
}

func TestSetWakesEveryWaiter(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		e := NewEvent()
		start := time.Now()
		var wg sync.WaitGroup
		got := make([]bool, 3)
		took := make([]time.Duration, 3)
		for i := range 3 {
			wg.Go(func() {
				got[i] = e.Wait(10 * time.Second)
				took[i] = time.Since(start)
			})
		}
		time.Sleep(time.Second)
		e.Set()
		wg.Wait()
		for i := range 3 {
			if !got[i] || took[i] != time.Second {
				t.Errorf("waiter %d: Wait(10s), with Set after 1s, returned %v after %v; want true after exactly 1s", i, got[i], took[i])
			}
		}
		start = time.Now()
		if !e.Wait(time.Hour) || time.Since(start) != 0 {
			t.Errorf("Wait on an event already set did not return true at once")
		}
	})
}

// TestSpinnerFrames: a 1.25 s run with a 100 ms tick draws frames at 0, 100,
// ..., 1200 ms: 13 of them.
func TestSpinnerFrames(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		var out strings.Builder
		done := NewEvent()
		spun := make(chan struct{})
		go func() {
			defer close(spun)
			Spin(&out, "thinking!", 100*time.Millisecond, done)
		}()
		start := time.Now()
		time.Sleep(1250 * time.Millisecond) // the slow function
		done.Set()
		<-spun
		if took := time.Since(start); took != 1250*time.Millisecond {
			t.Errorf("the spinner stopped %v after it started, want 1.25s: the moment done was set, not at the end of its tick "+
				"(wait on the event for a tick, rather than sleeping a tick and then looking at it)", took)
		}
		var want strings.Builder
		for i := range 13 {
			want.WriteString("\r" + string(`\|/-`[i%4]) + " thinking!")
		}
		want.WriteString("\r           \r") // 11 columns: "\r" takes none
		if out.String() != want.String() {
			t.Errorf("a 1.25 s run with a 100ms tick wrote\n  %q\nwant 13 frames (at 0, 100, ..., 1200 ms) and the wipe, one space per column:\n  %q", out.String(), want.String())
		}
	})
}

// TestWideCharactersAreWiped: a message of Hangul syllables, each two columns wide on a terminal.
// The status "\r\\ 생각하는 중!" is 20 bytes, 10 code points and 14 columns: only 14 spaces wipe it.
func TestWideCharactersAreWiped(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Bubble(2*time.Second, func(t *testing.T) {
		var out strings.Builder
		done := NewEvent()
		time.AfterFunc(150*time.Millisecond, done.Set)
		Spin(&out, "생각하는 중!", 100*time.Millisecond, done)
		got := out.String()
		frames := "\r\\ 생각하는 중!\r| 생각하는 중!"
		rest, ok := strings.CutPrefix(got, frames)
		wipe := strings.TrimSuffix(strings.TrimPrefix(rest, "\r"), "\r")
		if !ok || strings.Trim(wipe, " ") != "" || !strings.HasPrefix(rest, "\r") || !strings.HasSuffix(rest, "\r") {
			t.Fatalf("Spin(\"생각하는 중!\") for 150ms with a 100ms tick wrote\n  %q\nwant two frames, then \"\\r\", 14 spaces, \"\\r\"", got)
		}
		status := "\r| 생각하는 중!"
		switch n := len(wipe); n {
		case 14:
		case len(status), len(status) - 1:
			t.Errorf("the wipe after \"생각하는 중!\" is %d spaces, want 14, the columns the frame takes: %d is its length in bytes "+
				"(len counts bytes; each Hangul syllable is 3 bytes of UTF-8 but 2 columns on the screen)", n, n)
		case utf8.RuneCountInString(status), utf8.RuneCountInString(status) - 1:
			t.Errorf("the wipe after \"생각하는 중!\" is %d spaces, want 14, the columns the frame takes: %d is its count of code points, "+
				"what Python's len counts, but each Hangul syllable takes 2 columns (count them with runewidth.StringWidth)", n, n)
		default:
			t.Errorf("the wipe after \"생각하는 중!\" is %d spaces, want 14, the columns the frame takes", n)
		}
	})
}
