package timeline_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/trace"
	"strings"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf8"

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

// Every text of the SVG lies inside its viewBox and clear of every bar, as a browser draws it:
// a label cut off at the right edge (the scale's last one starts at its tick) or a long unit
// name running into its row's bars fails. A monospace font's advance is 0.6 em; the test
// estimates each text's box from that, its x, its text-anchor and the font size.
func TestSVGTextsFit(t *testing.T) {
	ms := time.Millisecond
	for _, tc := range []struct {
		name   string
		events []timeline.Event
		end    time.Duration
	}{
		// 60 columns: the last tick, "60ms", is at the right end of the axis.
		{"ticks to the end", []timeline.Event{
			{At: 0, Unit: "a", Kind: timeline.Running},
			{At: 60 * ms, Unit: "a", Kind: timeline.Done},
		}, 60 * ms},
		// The chapter 1 picture's shape: 1.4s on a 20ms scale.
		{"seconds", []timeline.Event{
			{At: 0, Unit: "loop", Kind: timeline.Running},
			{At: 0, Unit: "Task-2", Kind: timeline.Waiting, What: "a timer or a callback"},
			{At: 1400 * ms, Unit: "loop", Kind: timeline.Done},
			{At: 1400 * ms, Unit: "Task-2", Kind: timeline.Done},
		}, 1400 * ms},
		{"a long unit name", []timeline.Event{
			{At: 0, Unit: "ThreadPoolExecutor-0_0", Kind: timeline.Running},
			{At: 5 * ms, Unit: "ThreadPoolExecutor-0_0", Kind: timeline.Waiting, What: "a job"},
			{At: 10 * ms, Unit: "ThreadPoolExecutor-0_0", Kind: timeline.Done},
		}, 10 * ms},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			require.NoError(t, timeline.SVG(&out, tc.events, tc.end, 70))
			texts, bars, view := svgBoxes(t, out.String())
			for _, tx := range texts {
				assert.True(t, tx.box.in(view), "text %q at %v is not inside the viewBox %v:\n%s", tx.s, tx.box, view, out.String())
				for _, bar := range bars {
					assert.False(t, tx.box.overlaps(bar), "text %q at %v overlaps the bar at %v", tx.s, tx.box, bar)
				}
			}
		})
	}
}

// box is a rectangle: x0 ≤ x ≤ x1, y0 ≤ y ≤ y1.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) in(o box) bool {
	return b.x0 >= o.x0 && b.x1 <= o.x1 && b.y0 >= o.y0 && b.y1 <= o.y1
}

func (b box) overlaps(o box) bool {
	return b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1
}

type svgText struct {
	s   string
	box box
}

// svgBoxes reads an SVG's texts with their estimated boxes, its rects but the first (the
// background) and its viewBox.
func svgBoxes(t *testing.T, svg string) (texts []svgText, rects []box, view box) {
	t.Helper()
	num := func(s string) float64 {
		var f float64
		_, err := fmt.Sscan(s, &f)
		require.NoError(t, err, "a number in the SVG: %q", s)
		return f
	}
	attrs := func(e xml.StartElement) map[string]string {
		m := map[string]string{}
		for _, a := range e.Attr {
			m[a.Name.Local] = a.Value
		}
		return m
	}
	d := xml.NewDecoder(strings.NewReader(svg))
	size := 16.0 // the browser's default font size
	var open map[string]string
	background := true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "SVG is not well-formed:\n%s", svg)
		switch tok := tok.(type) {
		case xml.StartElement:
			a := attrs(tok)
			switch tok.Name.Local {
			case "svg":
				f := strings.Fields(a["viewBox"])
				require.Len(t, f, 4, "the viewBox")
				view = box{num(f[0]), num(f[1]), num(f[0]) + num(f[2]), num(f[1]) + num(f[3])}
				if s, ok := a["font-size"]; ok {
					size = num(s)
				}
			case "rect":
				if background {
					background = false
					continue
				}
				x, y := num(a["x"]), num(a["y"])
				rects = append(rects, box{x, y, x + num(a["width"]), y + num(a["height"])})
			case "text":
				open = a
			}
		case xml.CharData:
			if open == nil {
				continue
			}
			s := string(tok)
			fs := size
			if v, ok := open["font-size"]; ok {
				fs = num(v)
			}
			x, y := num(open["x"]), num(open["y"])
			w := 0.6 * fs * float64(utf8.RuneCountInString(s))
			switch open["text-anchor"] {
			case "middle":
				x -= w / 2
			case "end":
				x -= w
			}
			// Ascenders reach about 0.8 em above the baseline, descenders 0.2 em below.
			texts = append(texts, svgText{s, box{x, y - 0.8*fs, x + w, y + 0.2*fs}})
			open = nil
		case xml.EndElement:
			open = nil
		}
	}
	require.NotEmpty(t, texts, "no text in the SVG")
	return texts, rects, view
}
