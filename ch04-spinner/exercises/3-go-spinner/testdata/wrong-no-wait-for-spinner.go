//go:build !solution

// A typical wrong answer, for CI: .ci/exercises builds the check with this file in
// place of exercise.go (go test -overlay) and requires the check to fail, saying:
//
//	want: your code left goroutines blocked after it returned
package gospinner

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Spin draws the spinner on w until ctx is done, then wipes the line and
// returns. It writes frame i at i×tick: "\r", the i-th character of `\|/-`
// (cycling), a space and msg; the wipe is "\r", one space per character of
// the last frame (its "\r" counted), and "\r" again.
func Spin(ctx context.Context, w io.Writer, msg string, tick time.Duration) {
	const chars = `\|/-`
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	for i := 0; ; i++ {
		status := fmt.Sprintf("\r%c %s", chars[i%len(chars)], msg)
		fmt.Fprint(w, status)
		select {
		case <-ctx.Done():
			fmt.Fprint(w, "\r"+strings.Repeat(" ", utf8.RuneCountInString(status))+"\r")
			return
		case <-ticker.C:
		}
	}
}

// Supervisor runs slow while a goroutine spins (msg, tick) on w, and returns
// slow's result only once the spinner has stopped and wiped its line. When
// ctx is done (Ctrl-C) slow should stop too: it gets a context derived from ctx.
func Supervisor(ctx context.Context, w io.Writer, msg string, tick time.Duration,
	slow func(ctx context.Context) (int, error)) (int, error) {
	spinCtx, stop := context.WithCancel(ctx)
	defer stop()
	spun := make(chan struct{}) // closed when the spinner has returned
	go func() {
		defer close(spun)
		Spin(spinCtx, w, msg, tick)
	}()
	result, err := slow(ctx)
	stop()
	_ = spun // not waited for
	return result, err
}
