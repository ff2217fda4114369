// Package clitest checks, from a chapter's tests, what every chapter program must do whatever
// its demos are: here, fail loudly when its output cannot be written. Only tests import it.
package clitest

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/cli"
	"github.com/concurrency-models/book/internal/testdeadline"
)

// Deadline bounds one demo's run: with -quick a healthy one takes a second or two.
const Deadline = time.Minute

// WriteErrors runs every demo of app, with args added (-quick, say), twice: with stdout on
// /dev/full, and with -trace /dev/full. Each run must exit 1 and say on stderr, in one line,
// which write failed — never exit 0 silently, nor blame a child the broken output killed.
// It skips where there is no /dev/full.
func WriteErrors(t *testing.T, app *cli.App, args ...string) {
	t.Helper()
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full")
	}
	defer full.Close()
	for _, d := range app.Demos {
		for _, tc := range []struct {
			what   string
			args   []string
			stdout io.Writer
			want   string
		}{
			{"stdout on /dev/full", []string{d.Name}, full, "standard output: write /dev/full: no space left on device"},
			{"-trace /dev/full", []string{d.Name, "-trace", "/dev/full"}, io.Discard, "-trace: write /dev/full: no space left on device"},
		} {
			var stderr strings.Builder
			var code int
			testdeadline.Within(t, Deadline, d.Name+" with "+tc.what, func() {
				code = app.MainContext(t.Context(), append(tc.args, args...), tc.stdout, &stderr)
			})
			if want := app.Name + ": " + tc.want + "\n"; code != cli.ExitFailure || stderr.String() != want {
				t.Errorf("%s with %s: exit %d, stderr %q; want %d, %q", d.Name, tc.what, code, stderr.String(), cli.ExitFailure, want)
			}
		}
	}
}
