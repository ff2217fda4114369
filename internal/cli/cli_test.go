package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/internal/testdeadline"
)

func testApp(ran *[]string) *App {
	var d time.Duration
	return &App{
		Name:    "chX",
		Default: "one",
		Demos: []Demo{
			{Name: "one", Summary: "first", Run: func(_ context.Context, out io.Writer) error {
				*ran = append(*ran, "one "+d.String())
				_, err := io.WriteString(out, "one\n")
				return err
			}},
			{Name: "fail", Summary: "fails", Run: func(context.Context, io.Writer) error { return errors.New("it broke") }},
			{Name: "wait", Summary: "waits for ctrl-c", Run: func(ctx context.Context, _ io.Writer) error {
				<-ctx.Done()
				return ctx.Err()
			}},
		},
		All:   true,
		Flags: func(fs *flag.FlagSet) { fs.DurationVar(&d, "d", time.Second, "a duration") },
		Workers: map[string]Worker{"hello": func(_ context.Context, args []string, _ io.Reader, out, _ io.Writer) error {
			_, err := fmt.Fprintln(out, "hello", strings.Join(args, " "))
			return err
		}},
		Check: func() error { return Between("d", d, 0, time.Hour) },
	}
}

func TestMainContext(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, tc := range []struct {
		args       []string
		code       int
		out, inErr string
		ran        []string
	}{
		{nil, ExitOK, "one\n", "", []string{"one 1s"}},
		{[]string{"-d", "2s"}, ExitOK, "one\n", "", []string{"one 2s"}},
		{[]string{"one", "-d", "3s"}, ExitOK, "one\n", "", []string{"one 3s"}},
		{[]string{"nope"}, ExitUsage, "", "chX: unknown demo \"nope\"\nusage:", nil},
		{[]string{"-d", "-1s"}, ExitUsage, "", "chX: -d must be between 0s and 1h, not -1s\nusage:", nil},
		{[]string{"-x"}, ExitUsage, "", "chX: flag provided but not defined: -x\nusage:", nil},
		{[]string{"one", "two"}, ExitUsage, "", "chX: unexpected argument \"two\" after demo \"one\"\nusage:", nil},
		{[]string{"fail"}, ExitFailure, "", "chX: it broke\n", nil},
		{[]string{"-h"}, ExitOK, "usage: go run ./chX [demo] [flags]\n", "", nil},
		{[]string{"__worker", "nope"}, ExitUsage, "", "chX: unknown worker \"nope\"\n", nil},
		{[]string{"__worker", "hello", "you"}, ExitOK, "hello you\n", "", nil},
	} {
		var ran []string
		var out, errOut bytes.Buffer
		code := testApp(&ran).MainContext(context.Background(), tc.args, &out, &errOut)
		assert.Equal(t, tc.code, code, tc.args)
		assert.Contains(t, out.String(), tc.out, tc.args)
		if tc.inErr == "" {
			assert.Empty(t, errOut.String(), tc.args)
		} else {
			assert.Contains(t, errOut.String(), tc.inErr, tc.args)
		}
		assert.Equal(t, tc.ran, ran, tc.args)
	}
}

func TestAllRunsEveryDemoUntilOneFails(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var ran []string
	var out, errOut bytes.Buffer
	code := testApp(&ran).MainContext(context.Background(), []string{"all"}, &out, &errOut)
	assert.Equal(t, ExitFailure, code)
	assert.Equal(t, "== one ==\none\n== fail ==\n", out.String())
}

func TestInterruptExits130(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var ran []string
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	code := testApp(&ran).MainContext(ctx, []string{"wait"}, &out, &errOut)
	assert.Equal(t, ExitInterrupted, code)
	assert.Equal(t, "chX: interrupted\n", errOut.String())
}

// A demo interrupted or failing mid-line gets its line ended before Main's message, on stdout,
// where the line is; one that left its line blanked out with "\r" does not.
func TestMessagesStartOnAFreshLine(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, tc := range []struct {
		printed string
		cancel  bool
		fail    error
		out     string
		code    int
	}{
		{"row 1 | 0.5s", true, context.Canceled, "row 1 | 0.5s\n", ExitInterrupted},
		{"row 1\n", true, context.Canceled, "row 1\n", ExitInterrupted},
		{"| thinking\r          \r", true, context.Canceled, "| thinking\r          \r", ExitInterrupted},
		{"half a row", false, errors.New("it broke"), "half a row\n", ExitFailure},
		{"", true, context.Canceled, "", ExitInterrupted},
	} {
		app := &App{Name: "chX", Default: "d", Demos: []Demo{{Name: "d", Run: func(_ context.Context, out io.Writer) error {
			_, _ = io.WriteString(SyncWriter(out), tc.printed)
			return tc.fail
		}}}}
		ctx, cancel := context.WithCancel(t.Context())
		if tc.cancel {
			cancel()
		}
		var out, errOut bytes.Buffer
		code := app.MainContext(ctx, nil, &out, &errOut)
		cancel()
		assert.Equalf(t, tc.code, code, "after printing %q: exit status", tc.printed)
		assert.Equalf(t, tc.out, out.String(), "after printing %q: stdout", tc.printed)
		assert.Equalf(t, 1, strings.Count(errOut.String(), "chX: "), "after printing %q: messages in stderr %q", tc.printed, errOut.String())
	}
}

// SetMidLine reports output that bypassed stdout (a child writing to the terminal itself).
func TestSetMidLine(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, mid := range []bool{true, false} {
		app := &App{Name: "chX", Default: "d", Demos: []Demo{{Name: "d", Run: func(ctx context.Context, out io.Writer) error {
			_, _ = io.WriteString(out, "done\n")
			SetMidLine(out, mid)
			return ctx.Err()
		}}}}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		var out, errOut bytes.Buffer
		app.MainContext(ctx, nil, &out, &errOut)
		want := "done\n"
		if mid {
			want += "\n"
		}
		assert.Equalf(t, want, out.String(), "SetMidLine(%t): stdout", mid)
	}
	SetMidLine(io.Discard, true) // any other writer: nothing happens
}

func TestQuick(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var d time.Duration
	var n int
	app := &App{Name: "chX", Default: "d",
		Demos: []Demo{{Name: "d", Run: func(_ context.Context, out io.Writer) error {
			_, err := fmt.Fprintln(out, d, n)
			return err
		}}},
		Flags: func(fs *flag.FlagSet) {
			fs.DurationVar(&d, "d", time.Second, "a duration")
			fs.IntVar(&n, "n", 100, "a size")
		},
		Quick: map[string]string{"d": "10ms", "n": "3"},
	}
	for _, tc := range []struct {
		args []string
		out  string
	}{
		{nil, "1s 100\n"},
		{[]string{"-quick"}, "10ms 3\n"},
		{[]string{"d", "-quick", "-n", "7"}, "10ms 7\n"},
		{[]string{"-d", "2s", "d", "-quick"}, "2s 3\n"},
	} {
		var out, errOut bytes.Buffer
		code := app.MainContext(t.Context(), tc.args, &out, &errOut)
		assert.Equalf(t, ExitOK, code, "MainContext(%q): exit status; stderr %q", tc.args, errOut.String())
		assert.Equalf(t, tc.out, out.String(), "MainContext(%q): stdout", tc.args)
	}
	var out bytes.Buffer
	app.MainContext(t.Context(), []string{"-h"}, &out, &out)
	assert.Contains(t, out.String(), "-d 10ms -n 3 (flags given on the command line win)", "the usage does not list the quick settings")

	app.Quick = map[string]string{"nope": "1"}
	var errOut bytes.Buffer
	code := app.MainContext(t.Context(), []string{"-quick"}, &out, &errOut)
	assert.Equal(t, ExitUsage, code, "a Quick setting for no flag: exit status")
	assert.Contains(t, errOut.String(), "-quick: setting -nope", "a Quick setting for no flag: want the mistake named")
}

func TestBetween(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, tc := range []struct {
		err  error
		want string
	}{
		{Between("tick", 2*time.Hour, time.Millisecond, time.Hour), "-tick must be between 1ms and 1h, not 2h"},
		{Between("tick", time.Nanosecond, time.Millisecond, 90*time.Minute), "-tick must be between 1ms and 1h30m, not 1ns"},
		{Between("workers", 0, 1, 64), "-workers must be between 1 and 64, not 0"},
		{Between("workers", 65, 1, 64), "-workers must be between 1 and 64, not 65"},
	} {
		var ue *UsageError
		if assert.ErrorAsf(t, tc.err, &ue, "Between(...): want the usage error %q", tc.want) {
			assert.Equal(t, tc.want, ue.Msg, "Between(...): the usage error")
		}
	}
	for _, err := range []error{Between("n", 1, 1, 64), Between("n", 64, 1, 64), Between("d", 0, 0, time.Second)} {
		assert.NoError(t, err, "Between(...) at a bound")
	}
}

// A demo's stdout that cannot be written (a full disk, /dev/full) is a failure, said once on
// stderr, with exit status 1 — whether or not the demo looks at its write errors, and even for
// a demo that would otherwise wait for Ctrl-C: the failed write stops it as Ctrl-C would.
func TestStdoutWriteErrorFails(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full")
	}
	defer full.Close()
	app := &App{Name: "chX", Default: "careless", Demos: []Demo{
		{Name: "careless", Run: func(_ context.Context, out io.Writer) error {
			fmt.Fprintln(out, "one")
			fmt.Fprintln(out, "two")
			return nil
		}},
		{Name: "careful", Run: func(_ context.Context, out io.Writer) error {
			_, err := fmt.Fprintln(out, "one")
			return err
		}},
		{Name: "waiting", Run: func(ctx context.Context, out io.Writer) error {
			fmt.Fprint(SyncWriter(out), "| waiting")
			<-ctx.Done()
			fmt.Fprint(out, "\r         \r")
			return ctx.Err()
		}},
	}, All: true}
	for _, args := range [][]string{{"careless"}, {"careful"}, {"waiting"}, {"all"}, {"-h"}} {
		var errOut bytes.Buffer
		var code int
		testdeadline.Within(t, testdeadline.Short, fmt.Sprintf("%q with stdout on /dev/full", args), func() {
			code = app.MainContext(t.Context(), args, full, &errOut)
		})
		assert.Equalf(t, ExitFailure, code, "%q >/dev/full: exit status", args)
		assert.Equalf(t, "chX: standard output: write /dev/full: no space left on device\n", errOut.String(), "%q >/dev/full: stderr", args)
	}
}

// After the first failed Write, a SyncWriter writes nothing more and returns that error.
func TestSyncWriterStopsAtTheFirstError(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	bad := errors.New("disk full")
	var calls int
	w := SyncWriter(writerFunc(func(p []byte) (int, error) { calls++; return 0, bad }))
	for range 3 {
		_, err := w.Write([]byte("x"))
		require.Same(t, bad, err, "Write(): want the first error")
	}
	assert.Equal(t, 1, calls, "the failed writer's calls: want once")
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// A bool flag takes no value: the word after it is the demo's name, not the flag's value.
func TestABoolFlagLeavesTheDemoName(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var ran []string
	app := testApp(&ran)
	app.Quick = map[string]string{"d": "1ms"}
	for _, args := range [][]string{{"-quick", "wait"}, {"-timeline", "wait"}, {"-quick", "-timeline", "wait", "-d", "2s"}} {
		demo, err := app.Parse(args)
		assert.NoErrorf(t, err, "Parse(%q)", args)
		assert.Equalf(t, "wait", demo, "Parse(%q): the demo", args)
	}
}

// Integer flags take decimal numbers: the flag package alone would read "065" as octal 53 and
// "0x10" as 16.
func TestIntegerFlagsAreDecimal(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var n int
	var big int64
	app := &App{Name: "chX", Default: "d",
		Demos: []Demo{{Name: "d", Run: func(_ context.Context, out io.Writer) error {
			_, err := fmt.Fprintln(out, n, big)
			return err
		}}},
		Flags: func(fs *flag.FlagSet) {
			fs.IntVar(&n, "n", 0, "a count")
			fs.Int64Var(&big, "big", 7, "a big count")
		},
	}
	for _, tc := range []struct {
		args      []string
		code      int
		out, errs string
	}{
		{[]string{"-n", "065"}, ExitOK, "65 7\n", ""},
		{[]string{"-n", "+12", "-big", "-3"}, ExitOK, "12 -3\n", ""},
		{[]string{"-n", "0x10"}, ExitUsage, "", "chX: invalid value \"0x10\" for flag -n: not a decimal integer\n"},
		{[]string{"-big", "0o17"}, ExitUsage, "", "chX: invalid value \"0o17\" for flag -big: not a decimal integer\n"},
		{[]string{"-n", "1_000"}, ExitUsage, "", "chX: invalid value \"1_000\" for flag -n: not a decimal integer\n"},
		{[]string{"-n", "--1"}, ExitUsage, "", "chX: invalid value \"--1\" for flag -n: not a decimal integer\n"},
		{[]string{"-n", "99999999999999999999"}, ExitUsage, "", "chX: invalid value \"99999999999999999999\" for flag -n: out of range\n"},
	} {
		var out, errOut bytes.Buffer
		code := app.MainContext(t.Context(), tc.args, &out, &errOut)
		first, _, _ := strings.Cut(errOut.String(), "usage:")
		assert.Equalf(t, tc.code, code, "%q: exit status", tc.args)
		assert.Equalf(t, tc.out, out.String(), "%q: stdout", tc.args)
		assert.Equalf(t, tc.errs, first, "%q: stderr before the usage", tc.args)
	}
	var out bytes.Buffer
	app.MainContext(t.Context(), []string{"-h"}, &out, &out)
	const wrongly = "the usage shows the integer flags' defaults wrongly"
	assert.Contains(t, out.String(), "a big count (default 7)", wrongly)
	assert.NotContains(t, out.String(), "PANIC", wrongly)
	assert.NotContains(t, out.String(), "a count (default", wrongly)
}
