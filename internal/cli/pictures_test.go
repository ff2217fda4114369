package cli_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurrency-models/book/internal/cli"
	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/concurrency-models/book/internal/timeline"
	"github.com/concurrency-models/book/internal/tracefile"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pictureApp has one demo whose two units report to the recorder in its context, if any.
func pictureApp(sawRecorder *bool) *cli.App {
	return &cli.App{
		Name:    "chX",
		Default: "one",
		All:     true,
		Demos: []cli.Demo{{Name: "one", Summary: "two units take turns", Run: func(ctx context.Context, out io.Writer) error {
			rec := timeline.FromContext(ctx)
			*sawRecorder = rec != nil
			rec.Running("u1", "")
			rec.Waiting("u2", "u1")
			rec.Done("u1")
			rec.Running("u2", "job 1")
			rec.Done("u2")
			_, err := io.WriteString(out, "one\n")
			return err
		}}, {Name: "two", Summary: "one unit", Run: func(ctx context.Context, out io.Writer) error {
			rec := timeline.FromContext(ctx)
			rec.Running("u3", "")
			rec.Done("u3")
			_, err := io.WriteString(out, "two\n")
			return err
		}}},
	}
}

func TestTimelineFlag(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, tc := range []struct {
		args      []string
		timelines int
	}{
		{[]string{"one"}, 0},
		{[]string{"one", "-timeline"}, 1},
		{[]string{"all", "-timeline"}, 1}, // all: one timeline per demo
	} {
		var saw bool
		var out, errs strings.Builder
		code := pictureApp(&saw).MainContext(t.Context(), tc.args, &out, &errs)
		require.Equalf(t, cli.ExitOK, code, "%q: exit status; stderr %q", tc.args, errs.String())
		assert.Equalf(t, tc.timelines, strings.Count(out.String(), "\ntimeline of one:\n"), "%q: timelines in\n%s", tc.args, out.String())
		assert.Equalf(t, tc.timelines > 0, saw, "%q: the demo found a recorder", tc.args)
		if tc.timelines > 0 {
			assert.Containsf(t, out.String(), "\nu1  #", "%q: no row for u1", tc.args)
		}
	}
}

// -trace writes a trace that go tool trace's parser reads, with the demo as a task, each unit
// as a task inside it, and the units' running spans as regions.
func TestTraceFlag(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	file := filepath.Join(t.TempDir(), "one.trace")
	var saw bool
	var out, errs strings.Builder
	code := pictureApp(&saw).MainContext(t.Context(), []string{"one", "-trace", file}, &out, &errs)
	require.Equalf(t, cli.ExitOK, code, "exit status; stderr %q", errs.String())
	assert.Equal(t, "one\n", out.String(), "stdout: want the demo's output alone")
	tasks, regions, err := tracefile.Names(file)
	require.NoError(t, err)
	if d := cmp.Diff([]string{"demo one", "u1", "u2"}, tasks); d != "" {
		t.Errorf("trace tasks (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"job 1", "u1 running"}, regions); d != "" {
		t.Errorf("trace regions (-want +got):\n%s", d)
	}
}

func TestTraceFlagNeedsAFile(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var saw bool
	var out, errs strings.Builder
	code := pictureApp(&saw).MainContext(t.Context(), []string{"one", "-trace", "-"}, &out, &errs)
	assert.Equal(t, cli.ExitUsage, code, "-trace -: exit status")
	first, _, _ := strings.Cut(errs.String(), "\n")
	assert.Equal(t, "chX: -trace needs a file name, not -", first, "-trace -: first line of stderr")
}

// "all -trace FILE" writes one trace of the whole run, each demo a task in it. Each demo used
// to start a trace of its own in FILE, so only the last demo's was left.
func TestTraceOfAllHasEveryDemo(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	file := filepath.Join(t.TempDir(), "all.trace")
	var saw bool
	var out, errs strings.Builder
	code := pictureApp(&saw).MainContext(t.Context(), []string{"all", "-trace", file}, &out, &errs)
	require.Equalf(t, cli.ExitOK, code, "exit status; stderr %q", errs.String())
	assert.Equal(t, "== one ==\none\n== two ==\ntwo\n", out.String(), "stdout")
	tasks, _, err := tracefile.Names(file)
	require.NoError(t, err)
	if d := cmp.Diff([]string{"demo one", "demo two", "u1", "u2", "u3"}, tasks); d != "" {
		t.Errorf("trace tasks, every demo's (-want +got):\n%s", d)
	}
}

// A trace file that cannot be written is a failure, said in one line, not a silent success:
// runtime/trace drops its writer's errors.
func TestTraceFileWriteErrorFails(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	var saw bool
	var out, errs strings.Builder
	code := pictureApp(&saw).MainContext(t.Context(), []string{"all", "-trace", "/dev/full"}, &out, &errs)
	assert.Equal(t, cli.ExitFailure, code, "-trace /dev/full: exit status")
	assert.Equal(t, "chX: -trace: write /dev/full: no space left on device\n", errs.String(), "-trace /dev/full: stderr")
}
