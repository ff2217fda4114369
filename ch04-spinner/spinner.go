package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"

	"github.com/concurrency-models/book/internal/cli"
)

// This file holds what every version of the spinner shares: the frames, the blank-out, the
// slow function and the last line. Each version has a file of its own, named for it.

// frames are the spinner's characters, in the Python program's order: backslash, bar, slash, dash.
const frames = `\|/-`

// frame returns the i-th status line: a carriage return (back to the start of the line), the
// i-th character of the cycle, a space and the message.
func frame(i int, msg string) string {
	return "\r" + string(frames[i%len(frames)]) + " " + msg
}

// blankOut is the faithful blank-out: back to the start, as many spaces as the status has
// characters, and back to the start again. Python's len counts code points, so this does too,
// the status's \r included (as in the source program): 12 spaces for "\r\\ thinking!". A character
// that takes two columns on the screen (Hangul, kanji, most emoji) still counts one, so the
// blank is too short for such a message and leaves its end on the screen.
func blankOut(w io.Writer, status string) {
	fmt.Fprint(w, "\r"+strings.Repeat(" ", utf8.RuneCountInString(status))+"\r")
}

// blankColumns is the Go version's blank-out: as many spaces as the status takes columns on
// the screen, counted by go-runewidth, the width table terminals follow (East Asian Width and
// emoji presentation): 11 for "\r\\ thinking!" (a \r takes none), 10 for "\r\\ 생각 중!".
func blankColumns(w io.Writer, status string) {
	fmt.Fprint(w, "\r"+strings.Repeat(" ", runewidth.StringWidth(status))+"\r")
}

// checkMsg accepts a message the spinner can draw and wipe: printable text (no \r, \n, tab
// or escape sequence, which would move the cursor under the spinner's feet) that fits on one
// line with its frame, both as the screen counts (columns) and as the blank-out counts
// (characters).
func checkMsg(msg string) error {
	if msg == "" {
		return cli.Usagef("-msg must not be empty")
	}
	for _, r := range msg {
		if !unicode.IsPrint(r) || r == utf8.RuneError {
			return cli.Usagef("-msg must be printable text, not %s", strconv.QuoteToASCII(msg))
		}
	}
	if w := runewidth.StringWidth(msg); w > maxMsg {
		return cli.Usagef("-msg must be at most %d columns wide, not %d", maxMsg, w)
	}
	// Columns are not enough: "a" and a thousand combining accents is one column wide, but the
	// faithful blank-out writes a space for every character.
	if n := utf8.RuneCountInString(msg); n > maxMsg {
		return cli.Usagef("-msg must be at most %d characters long, not %d", maxMsg, n)
	}
	return nil
}

// slow is the Python program's slow function: it takes d to find the answer. Ctrl-C (ctx) cuts it short.
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

// answer returns the function that prints the Python program's last line, or passes the error on.
func answer(w io.Writer) func(int, error) error {
	return func(result int, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "Answer: %d\n", result)
		return nil
	}
}
