package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func testApp(ran *[]string) *App {
	var d time.Duration
	return &App{
		Name:    "chX",
		Default: "one",
		Demos: []Demo{
			{Name: "one", Summary: "first", Run: func(_ context.Context, out, _ io.Writer) error {
				*ran = append(*ran, "one "+d.String())
				_, err := io.WriteString(out, "one\n")
				return err
			}},
			{Name: "fail", Summary: "fails", Run: func(context.Context, io.Writer, io.Writer) error { return errors.New("it broke") }},
			{Name: "wait", Summary: "waits for ctrl-c", Run: func(ctx context.Context, _, _ io.Writer) error {
				<-ctx.Done()
				return ctx.Err()
			}},
		},
		All:   true,
		Flags: func(fs *flag.FlagSet) { fs.DurationVar(&d, "d", time.Second, "a duration") },
		Check: func() error { return NonNegative("d", d) },
	}
}

func TestMainContext(t *testing.T) {
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
		{[]string{"-d", "-1s"}, ExitUsage, "", "chX: -d must not be negative\nusage:", nil},
		{[]string{"-x"}, ExitUsage, "", "chX: flag provided but not defined: -x\nusage:", nil},
		{[]string{"one", "two"}, ExitUsage, "", "chX: unexpected argument \"two\" after demo \"one\"\nusage:", nil},
		{[]string{"fail"}, ExitFailure, "", "chX: it broke\n", nil},
		{[]string{"-h"}, ExitOK, "usage: go run ./chX [demo] [flags]\n", "", nil},
		{[]string{"__worker", "nope"}, ExitUsage, "", "chX: unknown worker \"nope\"\n", nil},
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
	var ran []string
	var out, errOut bytes.Buffer
	code := testApp(&ran).MainContext(context.Background(), []string{"all"}, &out, &errOut)
	assert.Equal(t, ExitFailure, code)
	assert.Equal(t, "== one ==\none\n== fail ==\n", out.String())
}

func TestInterruptExits130(t *testing.T) {
	var ran []string
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	code := testApp(&ran).MainContext(ctx, []string{"wait"}, &out, &errOut)
	assert.Equal(t, ExitInterrupted, code)
	assert.Equal(t, "chX: interrupted\n", errOut.String())
}
