package main

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/concurrency-models/book/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/concurrency-models/book/ch01-blocking/aio"

	"github.com/concurrency-models/book/internal/testdeadline"
)

// visible shows carriage returns as ^M, as cat -v does.
func visible(s string) string { return strings.ReplaceAll(s, "\r", "^M") }

// exact returns a section of testdata/exact.txtar.
func exact(t *testing.T, name string) string {
	t.Helper()
	data, err := golden.Section("testdata/exact.txtar", name)
	require.NoError(t, err, "testdata/exact.txtar section %s", name)
	return data
}

// short sets the durations of the exact runs: frames at 0, 100, 200 and 300ms; the answer at
// 350ms, half a tick away from any frame, so no two timers ever fire at the same instant.
func short(t *testing.T) {
	old := config
	config.slow, config.tick, config.msg = 350*time.Millisecond, 100*time.Millisecond, "thinking!"
	t.Cleanup(func() { config = old })
}

var threadNumber = regexp.MustCompile(`Thread-\d+`)

func TestThreadSpinnerExactBytes(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	short(t)
	synctest.Test(t, func(t *testing.T) {
		var out bytes.Buffer
		require.NoError(t, threadDemo(context.Background(), &out))
		got := threadNumber.ReplaceAllString(visible(out.String()), "Thread-1") // numbered per process
		assert.Equal(t, exact(t, "thread.txt"), got)
		assert.Equal(t, "\r            \r", out.String()[strings.LastIndex(out.String(), "\r            \r"):][:14],
			"blanked with 12 spaces: the status's 11 characters plus its \\r")
	})
}

func TestGoSpinnerExactBytes(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	short(t)
	synctest.Test(t, func(t *testing.T) {
		var out bytes.Buffer
		require.NoError(t, goDemo(context.Background(), &out))
		assert.Equal(t, exact(t, "go.txt"), visible(out.String()))
	})
}

func TestAsyncSpinnerExactBytes(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	short(t)
	for _, tc := range []struct {
		section  string
		blocking bool
	}{{"async.txt", false}, {"async-blocking.txt", true}} {
		synctest.Test(t, func(t *testing.T) {
			var out bytes.Buffer
			start := time.Now()
			require.NoError(t, answer(&out)(runAsync(context.Background(), &out, tc.blocking)))
			assert.Equal(t, exact(t, tc.section), visible(out.String()))
			assert.Equal(t, 350*time.Millisecond, time.Since(start), "both take the full wait")
		})
	}
}

// The loop's own virtual clock gives the same bytes as synctest's.
func TestAsyncSpinnerOnTheLoopsVirtualClock(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer goleak.VerifyNone(t)
	short(t)
	var out bytes.Buffer
	start := time.Now()
	require.NoError(t, answer(&out)(runAsync(context.Background(), &out, false, aio.Virtual())))
	assert.Equal(t, exact(t, "async.txt"), visible(out.String()))
	assert.Less(t, time.Since(start), 300*time.Millisecond, "virtual time: no real waiting")
}

// A full run draws one frame per tick of the slow function's time: 30 for the Python program's 3 s. The
// answer comes at 3.05 s here, so that no frame falls on the same instant as the answer.
func TestFullRunFrameCount(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	short(t)
	config.slow = 3050 * time.Millisecond
	synctest.Test(t, func(t *testing.T) {
		var out bytes.Buffer
		require.NoError(t, goDemo(context.Background(), &out))
		assert.Equal(t, 31, strings.Count(out.String(), " thinking!"), "frames at 0, 0.1, ..., 3.0 s")
	})
}

// Ctrl-C: the spinner blanks its line, and the error is the context's.
func TestInterruptedSpinnersClearTheLine(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	short(t)
	config.slow = time.Hour
	for name, demo := range map[string]func(context.Context, io.Writer) error{
		"thread": threadDemo, "go": goDemo, "async": asyncDemo,
	} {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(250*time.Millisecond, cancel)
			var out bytes.Buffer
			err := demo(ctx, &out)
			require.ErrorIs(t, err, context.Canceled, name)
			blank := "\r            \r" // 12 spaces: the faithful versions count the status's code points
			if name == "go" {
				blank = "\r           \r" // 11: the go version counts its columns
			}
			assert.True(t, strings.HasSuffix(out.String(), blank), "%s: %q", name, out.String())
			assert.NotContains(t, out.String(), "Answer", name)
		})
	}
}

func TestFrameAndBlank(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	assert.Equal(t, "\r\\ thinking!", frame(0, "thinking!"))
	assert.Equal(t, "\r- thinking!", frame(3, "thinking!"))
	assert.Equal(t, "\r\\ thinking!", frame(4, "thinking!"), "the cycle starts over")
	var b bytes.Buffer
	blankOut(&b, frame(0, "생각 중!"))
	assert.Equal(t, "\r"+strings.Repeat(" ", 8)+"\r", b.String(), "faithful: code points, as Python's len, not bytes")
	b.Reset()
	blankColumns(&b, frame(0, "생각 중!"))
	assert.Equal(t, "\r"+strings.Repeat(" ", 10)+"\r", b.String(), "the Go way: columns, two for each Hangul syllable")
	b.Reset()
	blankColumns(&b, frame(0, "thinking!"))
	assert.Equal(t, "\r"+strings.Repeat(" ", 11)+"\r", b.String(), "the Go way: a \\r takes no column")
}

func TestProcessStringShowsTheParent(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	assert.Equal(t, "<Process name='Process-7' parent=123 initial>", process{name: "Process-7", parent: 123}.String())
}

// The async goldens show where spin's coroutine is defined (async.go:15 in testdata/exact.txtar
// and the lesson). This finds the line in the source, so that moving the code names the
// goldens to update instead of showing a bare diff.
func TestAsyncReprLineMatchesTheSource(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "async.go", nil, 0)
	require.NoError(t, err)
	line := 0
	ast.Inspect(f, func(n ast.Node) bool {
		if fd, ok := n.(*ast.FuncDecl); ok && fd.Name.Name == "spin" {
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if lit, ok := n.(*ast.FuncLit); ok && line == 0 {
					line = fset.Position(lit.Pos()).Line
				}
				return line == 0
			})
		}
		return line == 0
	})
	require.NotZero(t, line, "no func literal in spin")
	want := fmt.Sprintf("running at async.go:%d>>", line)
	for _, section := range []string{"async.txt", "async-blocking.txt"} {
		assert.Containsf(t, exact(t, section), want, "testdata/exact.txtar %s: spin's coroutine moved; update it and README.md", section)
	}
}

// -msg takes printable text only: a \r, \n, tab or escape sequence in it would move the cursor
// and break the spinner's own \r. The message is shown escaped in the one-line error.
func TestMsgMustBePrintable(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer goleak.VerifyNone(t)
	for _, msg := range []string{"a\rb", "two\nlines", "tab\there", "\x1b[31mred\x1b[0m", "bad\xffutf8", "zero\u200bwidth"} {
		var out, errOut bytes.Buffer
		code := app.MainContext(t.Context(), []string{"-msg", msg}, &out, &errOut)
		first, _, _ := strings.Cut(errOut.String(), "\n")
		want := "ch04-spinner: -msg must be printable text, not " + strconv.QuoteToASCII(msg)
		assert.Equalf(t, 2, code, "-msg %q: exit status", msg)
		assert.Equalf(t, want, first, "-msg %q: the error's first line", msg)
	}
	for _, msg := range []string{"thinking!", "생각 중!", "🤔🤔🤔 hmm", "café"} {
		assert.NoErrorf(t, checkMsg(msg), "checkMsg(%q)", msg)
	}
}

// -msg is bounded in characters as well as columns: "a" and 10,000 combining accents takes one
// column, but the faithful blank-out would print 10,004 spaces.
func TestMsgCharactersAreBounded(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for msg, want := range map[string]string{
		"a" + strings.Repeat("\u0301", 10_000): "-msg must be at most 60 characters long, not 10001",
		strings.Repeat("생", 31):                "-msg must be at most 60 columns wide, not 62",
		strings.Repeat("e\u0301", 31):          "-msg must be at most 60 characters long, not 62",
	} {
		assert.EqualErrorf(t, checkMsg(msg), want, "checkMsg(%.20q...)", msg)
	}
	assert.NoError(t, checkMsg(strings.Repeat("e\u0301", 30)), "checkMsg(30 accented e): 60 characters, 30 columns")
}

// -quick sets the short durations, unless -slow or -tick is given as well.
func TestQuick(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	old := config
	t.Cleanup(func() { config = old })
	for _, tc := range []struct {
		args       []string
		slow, tick time.Duration
	}{
		{[]string{"-quick"}, quickSlow, quickTick},
		{[]string{"-quick", "-slow", "1s"}, time.Second, quickTick},
		{[]string{"-tick", "10ms", "-quick"}, quickSlow, 10 * time.Millisecond},
		{nil, 3 * time.Second, 100 * time.Millisecond},
	} {
		_, err := app.Parse(tc.args)
		require.NoError(t, err)
		assert.Equalf(t, tc.slow, config.slow, "%q: -slow", tc.args)
		assert.Equalf(t, tc.tick, config.tick, "%q: -tick", tc.args)
	}
}
