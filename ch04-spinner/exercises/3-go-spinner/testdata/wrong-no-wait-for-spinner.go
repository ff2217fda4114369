//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// Supervisor stops the spinner but returns without waiting for it to wipe its line.
//
//	want: your code left goroutines blocked after it returned
package gospinner

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"
)

// Spin draws the spinner on w until ctx is done, then wipes the line and
// returns. It writes frame i at i×tick: "\r", the i-th character of `\|/-`
// (cycling), a space and the message, msg at first. A new message from
// updates is shown at once: the line is wiped and the current frame drawn
// again with it; later frames keep to the tick. A wipe is "\r", one space per
// display column of the last frame ("\r" takes none), and "\r" again.
//
// Only this goroutine writes to w and reads the message: the others send it
// what to show. The one select waits for the three things that can happen.
func Spin(ctx context.Context, w io.Writer, msg string, tick time.Duration, updates <-chan string) {
	const chars = `\|/-`
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	i := 0
	frame := func() string { return fmt.Sprintf("\r%c %s", chars[i%len(chars)], msg) }
	status := frame()
	fmt.Fprint(w, status)
	for {
		select {
		case <-ctx.Done():
			wipe(w, status)
			return
		case msg = <-updates:
			wipe(w, status)
		case <-ticker.C:
			i++
		}
		status = frame()
		fmt.Fprint(w, status)
	}
}

// wipe blanks the columns status takes.
func wipe(w io.Writer, status string) {
	fmt.Fprint(w, "\r"+strings.Repeat(" ", runewidth.StringWidth(status))+"\r")
}

// Supervisor runs slow while a goroutine spins (msg, tick) on w, and returns
// slow's result only once the spinner has stopped and wiped its line. slow gets
// a context derived from ctx (Ctrl-C stops it too) and a progress function
// that changes the spinner's message.
func Supervisor(ctx context.Context, w io.Writer, msg string, tick time.Duration,
	slow func(ctx context.Context, progress func(msg string)) (int, error)) (int, error) {
	spinCtx, stop := context.WithCancel(ctx)
	defer stop()
	updates := make(chan string)
	spun := make(chan struct{}) // closed when the spinner has returned
	go func() {
		defer close(spun)
		Spin(spinCtx, w, msg, tick, updates)
	}()
	progress := func(msg string) {
		select {
		case updates <- msg: // the spinner has it: it is on the screen when progress returns
		case <-spun: // the spinner has stopped (ctx is done): nobody to tell
		}
	}
	result, err := slow(ctx, progress)
	stop()
	return result, err
}
