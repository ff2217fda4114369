package timeline_test

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"runtime/trace"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/internal/timeline"
	"github.com/concurrency-models/book/internal/tracefile"
)

// Two units on a virtual clock: a holds the floor for 30ms while b waits, then b runs for an
// instant every 10ms. The drawing is exact: 1ms per column, b's instants one column each.
func TestDrawExact(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := timeline.New()
		rec.Running("a", "")
		rec.Waiting("b", "the floor")
		time.Sleep(30 * time.Millisecond)
		rec.Done("a")
		for range 3 {
			rec.Running("b", "")
			rec.Waiting("b", "a timer")
			time.Sleep(10 * time.Millisecond)
		}
		rec.Done("b")
		var got strings.Builder
		require.NoError(t, rec.Render(&got, timeline.Width))
		want := `   1 column = 1ms
   0         10ms      20ms      30ms      40ms      50ms      60ms
   |---------|---------|---------|---------|---------|---------|
a  ##############################
b  ------------------------------#.........#.........#.........
legend:  # running  . waiting for a timer  - waiting for the floor
         blank: not started or done
`
		if d := cmp.Diff(want, got.String()); d != "" {
			t.Errorf("Render (-want +got):\n%s", d)
		}
	})
}

// The column span is the smallest round one that fits the run into the width.
func TestDrawPicksARoundScale(t *testing.T) {
	for _, tc := range []struct {
		end  time.Duration
		want string
	}{
		{0, "1 column = 1ns"},
		{63 * time.Nanosecond, "1 column = 1ns"}, // 70 columns less "unit  " and the ruler's end
		{64 * time.Nanosecond, "1 column = 2ns"},
		{3 * time.Second, "1 column = 50ms"},
		{2 * time.Minute, "1 column = 2s"},
	} {
		var got strings.Builder
		events := []timeline.Event{{Unit: "unit", Kind: timeline.Running}}
		require.NoError(t, timeline.Draw(&got, events, tc.end, 70))
		first, _, _ := strings.Cut(got.String(), "\n")
		assert.Equal(t, tc.want, strings.TrimSpace(first), "Draw(end %v, width 70)'s scale", tc.end)
		for line := range strings.Lines(got.String()) {
			assert.LessOrEqual(t, len(strings.TrimSuffix(line, "\n")), 70, "Draw(end %v, width 70): the columns of %q", tc.end, line)
		}
	}
}

// A nil recorder records nothing and never panics: code that feeds one needs no checks.
func TestNilRecorder(t *testing.T) {
	var rec *timeline.Recorder
	rec.Running("a", "")
	rec.Waiting("a", "b")
	rec.Done("a")
	rec.SetClock(func() time.Duration { return 0 })
	rec.Trace(t.Context())
	assert.Nil(t, rec.Close(), "nil Recorder.Close()")
	assert.Nil(t, timeline.FromContext(t.Context()), "FromContext(a context without one)")
}

func TestContextCarriesTheRecorder(t *testing.T) {
	rec := timeline.New()
	assert.Same(t, rec, timeline.FromContext(timeline.NewContext(t.Context(), rec)), "FromContext(NewContext(ctx, rec))")
}

func TestEmpty(t *testing.T) {
	var got strings.Builder
	require.NoError(t, timeline.New().Render(&got, timeline.Width))
	assert.Equal(t, "timeline: nothing was recorded\n", got.String(), "Render of no events")
}

// Time 0 is the first event, not the recorder's start: a real run's lead-in is not drawn.
func TestDrawStartsAtTheFirstEvent(t *testing.T) {
	events := []timeline.Event{
		{At: 100 * time.Millisecond, Unit: "u", Kind: timeline.Running},
		{At: 130 * time.Millisecond, Unit: "u", Kind: timeline.Done},
	}
	var got strings.Builder
	require.NoError(t, timeline.Draw(&got, events, 130*time.Millisecond, timeline.Width))
	want := `   1 column = 500µs
   0         5ms       10ms      15ms      20ms      25ms      30ms
   |---------|---------|---------|---------|---------|---------|
u  ############################################################
legend:  # running  blank: not started or done
`
	if d := cmp.Diff(want, got.String()); d != "" {
		t.Errorf("Draw (-want +got):\n%s", d)
	}
}

// The SVG rendering is well-formed XML with one bar per stretch of a row in one state, titled
// with the unit and the state, and the same units and legend as the text.
func TestSVG(t *testing.T) {
	ms := time.Millisecond
	events := []timeline.Event{
		{At: 0, Unit: "a", Kind: timeline.Running},
		{At: 0, Unit: "b", Kind: timeline.Waiting, What: "the floor"},
		{At: 30 * ms, Unit: "a", Kind: timeline.Done},
	}
	for i := range 3 {
		at := time.Duration(30+10*i) * ms
		events = append(events,
			timeline.Event{At: at, Unit: "b", Kind: timeline.Running},
			timeline.Event{At: at, Unit: "b", Kind: timeline.Waiting, What: "a timer"})
	}
	events = append(events, timeline.Event{At: 60 * ms, Unit: "b", Kind: timeline.Done})
	var out strings.Builder
	require.NoError(t, timeline.SVG(&out, events, 60*ms, 70))
	d := xml.NewDecoder(strings.NewReader(out.String()))
	counts := map[string]int{}
	var titles, texts []string
	var in string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "SVG is not well-formed:\n%s", out.String())
		switch tok := tok.(type) {
		case xml.StartElement:
			counts[tok.Name.Local]++
			in = tok.Name.Local
		case xml.CharData:
			switch in {
			case "title":
				titles = append(titles, string(tok))
			case "text":
				texts = append(texts, string(tok))
			}
			in = ""
		}
	}
	// a: one bar; b: a wait, then three times a step and a wait.
	wantTitles := []string{"a: running", "b: waiting for the floor"}
	for range 3 {
		wantTitles = append(wantTitles, "b: running", "b: waiting for a timer")
	}
	if diff := cmp.Diff(wantTitles, titles); diff != "" {
		t.Errorf("bar titles (-want +got):\n%s", diff)
	}
	assert.Equal(t, 1+len(wantTitles)+3, counts["rect"], "rect elements: background, bars, legend")
	for _, want := range []string{"1 column = 1ms", "a", "b", "running", "waiting for a timer", "waiting for the floor", "60ms"} {
		assert.Contains(t, texts, want, "the SVG's texts")
	}
}

// Regions must end on the goroutine that began them, innermost first. A source that breaks the
// rule — a unit marked from two goroutines, two units' spans interleaved on one — still gets a
// trace that go tool trace's parser reads, with every region in it.
func TestTraceSurvivesMarksFromOtherGoroutines(t *testing.T) {
	file := filepath.Join(t.TempDir(), "t.trace")
	f, err := os.Create(file)
	require.NoError(t, err)
	if err := trace.Start(f); err != nil {
		t.Skipf("a trace is being written already: %v", err)
	}
	rec := timeline.New()
	rec.Trace(t.Context())
	rec.Running("a", "a's span") // begun here
	rec.Running("b", "b's span") // nested in a's
	rec.Waiting("a", "b")        // a's span is over, but b's is inside it
	done := make(chan struct{})
	go func() { // b's span ends on another goroutine
		defer close(done)
		rec.Waiting("b", "a")
		rec.Running("c", "c's span")
		rec.Done("c")
	}()
	<-done
	rec.Running("a", "a again") // this goroutine ends b's and a's spans now, innermost first
	rec.Done("a")
	rec.Done("b")
	rec.Close()
	trace.Stop()
	require.NoError(t, f.Close())
	tasks, regions, err := tracefile.Names(file)
	require.NoError(t, err, "the trace does not parse")
	if d := cmp.Diff([]string{"a", "b", "c"}, tasks); d != "" {
		t.Errorf("tasks (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"a again", "a's span", "b's span", "c's span"}, regions); d != "" {
		t.Errorf("regions (-want +got):\n%s", d)
	}
}

// "an await" and "I/O" share the dot (render.go, knownWaits). In one picture they must not:
// the first keeps it and the other gets a symbol of its own.
func TestAwaitAndIOInOnePicture(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := timeline.New()
		rec.Waiting("task", "an await")
		rec.Waiting("thread", "I/O")
		time.Sleep(10 * time.Millisecond)
		rec.Done("task")
		rec.Done("thread")
		var got strings.Builder
		require.NoError(t, rec.Render(&got, timeline.Width))
		for _, want := range []string{
			"task    " + strings.Repeat(".", 50) + "\n",
			"thread  " + strings.Repeat("-", 50) + "\n",
			"legend:  # running  . waiting for an await  - waiting for I/O\n",
		} {
			assert.Contains(t, got.String(), want, "Render's lines")
		}
	})
}
