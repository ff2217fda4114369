package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/mattn/go-runewidth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/internal/testdeadline"
)

// cell is one column of a model terminal: a character, or the right half of the wide
// character to its left.
type cell struct {
	r     rune
	right bool
}

// screen replays out on a model terminal and returns its lines as they are left, trailing
// blanks trimmed. The model knows what the spinner uses: \r (back to column 0), \n, and
// characters one or two columns wide (go-runewidth's widths). Like xterm, VTE and most
// terminals, writing over either half of a wide character erases the whole character.
func screen(out string) []string {
	lines := [][]cell{nil}
	row, col := 0, 0
	for _, r := range out {
		switch r {
		case '\r':
			col = 0
			continue
		case '\n':
			lines = append(lines, nil)
			row, col = row+1, 0
			continue
		}
		w := runewidth.RuneWidth(r)
		line := lines[row]
		for len(line) < col+w+1 {
			line = append(line, cell{r: ' '})
		}
		for x := col; x < col+w; x++ { // erase the wide characters this one overlaps
			if line[x].right {
				line[x-1] = cell{r: ' '}
			}
			if x == col+w-1 && line[x+1].right {
				line[x+1] = cell{r: ' '}
			}
		}
		line[col] = cell{r: r}
		if w == 2 {
			line[col+1] = cell{right: true}
		}
		lines[row] = line
		col += w
	}
	text := make([]string, len(lines))
	for i, line := range lines {
		var b strings.Builder
		for _, c := range line {
			if !c.right {
				b.WriteRune(c.r)
			}
		}
		text[i] = strings.TrimRight(b.String(), " ")
	}
	return text
}

func TestScreenModel(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, tc := range []struct{ out, want string }{
		{"abc\rx", "xbc"},
		{"\r\\ 생각 중!\r        \r", "         !"}, // the blank ends on 중's left half: all of 중 goes
		{"\r\\ 생각 중!\r          \r", ""},         // ten columns: all of it
		{"가나\r a", " a나"},                        // over the right half of 가: all of 가 goes
		{"abc\ndef\r", "abc|def"},
	} {
		assert.Equalf(t, tc.want, strings.Join(screen(tc.out), "|"), "screen(%q)", tc.out)
	}
}

// lastLine runs demo with -msg msg in virtual time and returns what its last line shows on
// a terminal after the blank-out (just before the answer is printed) and at the end.
func lastLine(t *testing.T, demo func(context.Context, io.Writer) error, msg string) (blanked, end string) {
	t.Helper()
	old := config.msg
	config.msg = msg
	defer func() { config.msg = old }()
	var out bytes.Buffer
	synctest.Test(t, func(t *testing.T) { require.NoError(t, demo(t.Context(), &out)) })
	s := out.String()
	before := screen(s[:strings.Index(s, "Answer: 42")])
	after := screen(s)
	return before[len(before)-1], after[len(after)-2] // the output ends with "\n"
}

// TestWhatTheBlankOutLeaves is the lesson's table: what each blank-out leaves on the screen
// for a message of narrow characters, of Hangul (two columns each) and of emoji (two columns
// each). The faithful thread version counts code points, as Python's len does, and leaves the
// end of a wide message behind; the Go version counts columns and leaves nothing.
func TestWhatTheBlankOutLeaves(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	short(t)
	var table strings.Builder
	for _, msg := range []string{"thinking!", "생각 중!", "생각하는 중!", "🤔🤔🤔 hmm"} {
		status := frame(0, msg)
		fmt.Fprintf(&table, "-msg '%s': the status is %d code points, %d columns\n",
			msg, len([]rune(status)), runewidth.StringWidth(status))
		tb, te := lastLine(t, threadDemo, msg)
		fmt.Fprintf(&table, "  thread blanks %2d: %q left, then %q\n", len([]rune(status)), tb, te)
		gb, ge := lastLine(t, goDemo, msg)
		fmt.Fprintf(&table, "  go     blanks %2d: %q left, then %q\n", runewidth.StringWidth(status), gb, ge)
	}
	assert.Equal(t, exact(t, "blank-out.txt"), table.String(), "what the blank-out leaves (expected: testdata/exact.txtar blank-out.txt)")
}

// The two versions' exact bytes with -msg '생각 중!': the faithful blank is 8 spaces, the Go
// version's 10.
func TestWideMessageExactBytes(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	short(t)
	config.msg = "생각 중!"
	for _, tc := range []struct {
		section string
		demo    func(context.Context, io.Writer) error
	}{{"thread-wide.txt", threadDemo}, {"go-wide.txt", goDemo}} {
		var out bytes.Buffer
		synctest.Test(t, func(t *testing.T) { require.NoError(t, tc.demo(t.Context(), &out)) })
		got := threadNumber.ReplaceAllString(visible(out.String()), "Thread-1")
		assert.Equal(t, exact(t, tc.section), got, tc.section)
	}
}
