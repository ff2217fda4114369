package cli_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/concurrency-models/book/internal/cli"
	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/concurrency-models/book/internal/timeline"
	"github.com/concurrency-models/book/internal/tracefile"
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
		if code != cli.ExitOK {
			t.Fatalf("%q: exit %d, stderr %q", tc.args, code, errs.String())
		}
		if got := strings.Count(out.String(), "\ntimeline of one:\n"); got != tc.timelines {
			t.Errorf("%q: %d timelines, want %d:\n%s", tc.args, got, tc.timelines, out.String())
		}
		if saw != (tc.timelines > 0) {
			t.Errorf("%q: the demo found a recorder: %v, want %v", tc.args, saw, tc.timelines > 0)
		}
		if tc.timelines > 0 && !strings.Contains(out.String(), "\nu1  #") {
			t.Errorf("%q: no row for u1:\n%s", tc.args, out.String())
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
	if code := pictureApp(&saw).MainContext(t.Context(), []string{"one", "-trace", file}, &out, &errs); code != cli.ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errs.String())
	}
	if out.String() != "one\n" {
		t.Errorf("stdout = %q, want the demo's output alone", out.String())
	}
	tasks, regions, err := tracefile.Names(file)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"demo one", "u1", "u2"}; !slices.Equal(tasks, want) {
		t.Errorf("trace tasks = %q, want %q", tasks, want)
	}
	if want := []string{"job 1", "u1 running"}; !slices.Equal(regions, want) {
		t.Errorf("trace regions = %q, want %q", regions, want)
	}
}

func TestTraceFlagNeedsAFile(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var saw bool
	var out, errs strings.Builder
	if code := pictureApp(&saw).MainContext(t.Context(), []string{"one", "-trace", "-"}, &out, &errs); code != cli.ExitUsage {
		t.Errorf("-trace -: exit %d, want %d", code, cli.ExitUsage)
	}
	if first, _, _ := strings.Cut(errs.String(), "\n"); first != "chX: -trace needs a file name, not -" {
		t.Errorf("-trace -: first line of stderr = %q", first)
	}
}

// "all -trace FILE" writes one trace of the whole run, each demo a task in it. Each demo used
// to start a trace of its own in FILE, so only the last demo's was left.
func TestTraceOfAllHasEveryDemo(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	file := filepath.Join(t.TempDir(), "all.trace")
	var saw bool
	var out, errs strings.Builder
	if code := pictureApp(&saw).MainContext(t.Context(), []string{"all", "-trace", file}, &out, &errs); code != cli.ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errs.String())
	}
	if want := "== one ==\none\n== two ==\ntwo\n"; out.String() != want {
		t.Errorf("stdout = %q, want %q", out.String(), want)
	}
	tasks, _, err := tracefile.Names(file)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"demo one", "demo two", "u1", "u2", "u3"}; !slices.Equal(tasks, want) {
		t.Errorf("trace tasks = %q, want %q: every demo's", tasks, want)
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
	if want := "chX: -trace: write /dev/full: no space left on device\n"; code != cli.ExitFailure || errs.String() != want {
		t.Errorf("-trace /dev/full: exit %d, stderr %q; want %d, %q", code, errs.String(), cli.ExitFailure, want)
	}
}
