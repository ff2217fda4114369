package gil

import (
	"os"
	"path/filepath"
	"runtime/trace"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/concurrency-models/book/internal/golden"
	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/concurrency-models/book/internal/timeline"
	"github.com/concurrency-models/book/internal/tracefile"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// drawGIL runs threads on an interpreter that reports to a recorder, in a synctest bubble, and
// returns the timeline. Every step takes 2ms and the switch interval is 5ms, so no timer ever
// fires at the instant a step ends: the order of events, and so the picture, is exact. The
// threads start in order, each once the one before holds the GIL or waits for it.
func drawGIL(t *testing.T, threads ...func(*Thread)) string {
	t.Helper()
	var got strings.Builder
	synctest.Test(t, func(t *testing.T) {
		rec := timeline.New()
		in := New(StepCost(2*time.Millisecond), SwitchInterval(5*time.Millisecond), Timeline(rec))
		for i, fn := range threads {
			in.Go(string(rune('A'+i)), fn)
			synctest.Wait()
		}
		in.Wait()
		rec.Close()
		require.NoError(t, rec.Render(&got, timeline.Width))
	})
	return got.String()
}

// cpuFor is a CPU-bound thread: steps until d has passed since it started.
func cpuFor(d time.Duration) func(*Thread) {
	return func(t *Thread) {
		start := time.Now()
		for time.Since(start) < d {
			t.Step(nil)
		}
	}
}

// Two CPU-bound threads: the GIL changes hands every 6ms — the waiter asks after the 5ms
// interval, and the holder lets go at the end of the step it is in (a step is 2ms).
func TestTimelineOfTheHandOver(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	got := drawGIL(t, cpuFor(40*time.Millisecond), cpuFor(40*time.Millisecond))
	golden.Compare(t, "testdata/timelines.txtar", "handover.txt", got)
	rows := rowsOf(got)
	assert.Regexpf(t, `^######------######`, rows["A"], "A and B should take turns of 6ms (1 column = 1ms):\nA %s\nB %s", rows["A"], rows["B"])
	assert.Regexpf(t, `^------######------`, rows["B"], "A and B should take turns of 6ms (1 column = 1ms):\nA %s\nB %s", rows["A"], rows["B"])
}

// The convoy: an I/O-bound thread (B: one step, then 1.5ms of I/O, again and again) beside a
// CPU-bound one (A). Each time B comes back from its I/O, A holds the GIL, and B waits a whole
// interval and the rest of A's step before it gets it back: 6.5ms of waiting for every 2ms step.
func TestTimelineOfTheConvoy(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	io := func(t *Thread) {
		start := time.Now()
		for time.Since(start) < 40*time.Millisecond {
			t.Step(nil)
			t.Sleep(1500 * time.Microsecond)
		}
	}
	got := drawGIL(t, cpuFor(50*time.Millisecond), io)
	golden.Compare(t, "testdata/timelines.txtar", "convoy.txt", got)
	assert.Regexp(t, `^------##\.-------##\.-------##`, rowsOf(got)["B"], "B should run 2ms in every 10ms, after 1.5ms of I/O and 6.5ms of waiting (1 column = 1ms)")
}

// rowsOf maps each row's name to its cells.
func rowsOf(picture string) map[string]string {
	rows := map[string]string{}
	for line := range strings.Lines(picture) {
		if name, cells, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "  "); ok && name != "" && !strings.HasPrefix(name, "legend") {
			rows[name] = cells
		}
	}
	return rows
}

// With a trace being written, each thread is a trace task and each of its spans holding the GIL
// a region named "GIL held": what go tool trace shows beside the goroutines.
func TestTraceRegionsOfTheGIL(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	file := filepath.Join(t.TempDir(), "gil.trace")
	f, err := os.Create(file)
	require.NoError(t, err)
	if err := trace.Start(f); err != nil {
		t.Skipf("a trace is being written already: %v", err)
	}
	rec := timeline.New()
	rec.Trace(t.Context())
	in := New(SwitchInterval(time.Millisecond), Timeline(rec))
	for _, name := range []string{"A", "B"} {
		in.Go(name, func(t *Thread) {
			t.Step(nil)
			t.Sleep(time.Millisecond)
			t.Step(nil)
		})
	}
	in.Wait()
	rec.Close()
	trace.Stop()
	require.NoError(t, f.Close())
	tasks, regions, err := tracefile.Names(file)
	require.NoError(t, err)
	if d := cmp.Diff([]string{"A", "B"}, tasks); d != "" {
		t.Errorf("trace tasks (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"GIL held"}, regions); d != "" {
		t.Errorf("trace regions (-want +got):\n%s", d)
	}
}

// An interpreter made without the Timeline option reports to the default recorder while one
// is set, and to nobody once it is unset.
func TestDefaultTimeline(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	rec := timeline.New()
	SetDefaultTimeline(rec)
	in := New()
	in.Go("T", func(t *Thread) { t.Step(nil) })
	in.Wait()
	SetDefaultTimeline(nil)
	in.Go("U", func(t *Thread) { t.Step(nil) })
	in.Wait()
	var got []string
	for _, e := range rec.Close() {
		got = append(got, e.Unit+" "+e.What)
	}
	if d := cmp.Diff([]string{"T the GIL", "T GIL held", "T "}, got); d != "" {
		t.Errorf("events (-want +got):\n%s", d)
	}
}
