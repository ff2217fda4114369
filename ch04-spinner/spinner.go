package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// This file holds what every version of the spinner shares: the frames, the blank-out, the
// slow function and the last line. Each version has a file of its own, named for it.

// frames are the spinner's characters, in the seed's order: backslash, bar, slash, dash.
const frames = `\|/-`

// frame returns the i-th status line: a carriage return (back to the start of the line), the
// i-th character of the cycle, a space and the message.
func frame(i int, msg string) string {
	return "\r" + string(frames[i%len(frames)]) + " " + msg
}

// blankOut clears the last status: back to the start, as many spaces as the status has
// characters (its \r included, as in the seed), and back to the start again.
func blankOut(w io.Writer, status string) {
	fmt.Fprint(w, "\r"+strings.Repeat(" ", utf8.RuneCountInString(status))+"\r")
}

// slow is the seed's slow function: it takes d to find the answer. Ctrl-C (ctx) cuts it short.
func slow(ctx context.Context, d time.Duration) (int, error) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return 42, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// answer returns the function that prints the seed's last line, or passes the error on.
func answer(w io.Writer) func(int, error) error {
	return func(result int, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "Answer: %d\n", result)
		return nil
	}
}
