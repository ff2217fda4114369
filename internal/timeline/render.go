package timeline

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// Width is the width Render draws in by default: it fits an 80-column terminal and a Markdown
// code block on GitHub without wrapping.
const Width = 78

// RunSymbol marks a cell in which the unit ran; WaitSymbols mark the reasons for waiting that
// are not the book's own (an await, the GIL, a job ...), in alphabetical order of the reasons. A blank cell is a unit that has not started yet or has
// finished.
const (
	RunSymbol   = '#'
	WaitSymbols = ".-~:=+_*o"
)

// Render draws the recorder's events so far, up to now on its clock; see Draw.
func (r *Recorder) Render(w io.Writer, width int) error {
	return Draw(w, r.Events(), r.End(), width)
}

// Draw writes events as a text timeline at most width columns wide, from the first event (time
// 0 on the scale) to end: a scale, one row per unit (in the order the units first appear), and
// a legend. Each column stands for
// the same span of time, a round one (1, 2 or 5 times a power of ten); a cell shows # if the
// unit ran at any moment of that span, however short (a task on a virtual clock runs in no time
// at all), otherwise the symbol of what it waited for longest, otherwise a blank.
func Draw(w io.Writer, events []Event, end time.Duration, width int) error {
	if len(events) == 0 {
		_, err := fmt.Fprintln(w, "timeline: nothing was recorded")
		return err
	}
	labelW := 0
	for _, u := range unitOrder(events) {
		labelW = max(labelW, len(u))
	}
	labelW = min(labelW, 16) + 2
	g := layout(events, end, max(width-labelW-1, 10)) // and one column for the ruler's end
	var b strings.Builder
	fmt.Fprintf(&b, "%*s1 column = %v\n", labelW, "", g.step)
	b.WriteString(scale(labelW, g.ncols, g.step, width))
	for i, u := range g.units {
		name := u
		if len(name) > labelW-2 {
			name = name[:labelW-2]
		}
		b.WriteString(strings.TrimRight(fmt.Sprintf("%-*s%s", labelW, name, g.rows[i]), " ") + "\n")
	}
	b.WriteString(legend(g.waits, g.reasons, width))
	_, err := io.WriteString(w, b.String())
	return err
}

// grid is a drawing's content: one row of cells per unit, each cell a symbol.
type grid struct {
	units   []string
	rows    []string
	step    time.Duration // the time a column stands for
	ncols   int
	waits   map[string]byte // reason for waiting -> symbol
	reasons []string        // in legend order
}

// layout lays events out in at most maxCols columns. Time 0 is the first event: a real run
// spends a moment getting ready before its units start, and that would only be blank columns.
func layout(events []Event, end time.Duration, maxCols int) *grid {
	origin := events[0].At
	for _, e := range events {
		origin = min(origin, e.At)
	}
	events = slices.Clone(events)
	for i := range events {
		end = max(end, events[i].At)
		events[i].At -= origin
	}
	end -= origin
	g := &grid{units: unitOrder(events), step: niceStep(end, maxCols)}
	g.ncols = max(int((end+g.step-1)/g.step), 1)
	g.waits, g.reasons = waitSymbols(events)
	for _, u := range g.units {
		g.rows = append(g.rows, cells(events, u, g.ncols, g.step, end, g.waits, g.reasons))
	}
	return g
}

func unitOrder(events []Event) []string {
	var units []string
	for _, e := range events {
		if !slices.Contains(units, e.Unit) {
			units = append(units, e.Unit)
		}
	}
	return units
}

// niceStep is the smallest round span per column that fits end into at most cols columns.
func niceStep(end time.Duration, cols int) time.Duration {
	for p := time.Duration(1); ; p *= 10 {
		for _, m := range []time.Duration{1, 2, 5} {
			if s := m * p; int64((end+s-1)/s) <= int64(cols) {
				return s
			}
		}
	}
}

// scale is the time axis: a label every ten columns where it fits in width, and a ruler.
func scale(labelW, ncols int, step time.Duration, width int) string {
	labels := []byte(strings.Repeat(" ", max(width, labelW+ncols+1)))
	ruler := []byte(strings.Repeat("-", ncols+1))
	next := 0 // the first free column of the labels line
	for c := 0; c <= ncols; c += 10 {
		ruler[c] = '|'
		s := (time.Duration(c) * step).String()
		if c == 0 {
			s = "0"
		}
		at := labelW + c
		if at < next || at+len(s) > len(labels) {
			continue
		}
		copy(labels[at:], s)
		next = at + len(s) + 1
	}
	if ruler[ncols-1] == '|' {
		ruler = ruler[:ncols] // a tick marks the last column already
	} else {
		ruler[ncols] = '|' // the end of the run
	}
	return strings.TrimRight(string(labels), " ") + "\n" + strings.Repeat(" ", labelW) + string(ruler) + "\n"
}

// knownWaits are the book's own reasons for waiting, with their symbols, so that the same wait
// looks the same in every picture; WaitSymbols go to the others. The legend lists these first,
// in this order. "an await" (a coroutine, chapters 1 and 2) and "I/O" (a thread in a blocking
// call, chapter 3) share '.' on purpose: both wait for the world outside, and a picture with
// the one has so far never had the other. Should one ever have both, the first in this list
// keeps the dot and the other gets a symbol of WaitSymbols (TestAwaitAndIOInOnePicture).
var knownWaits = []struct {
	what string
	sym  byte
}{
	{"an await", '.'},
	{"its turn", ':'},
	{"a timer or a callback", '~'},
	{"a job", '_'},
	{"the GIL", '-'},
	{"I/O", '.'},
	{"a lock", '='},
	{"a queue", '+'},
}

// waitSymbols gives each reason for waiting its symbol, and returns the reasons in the order
// the legend lists them: the book's own first, in knownWaits' order, then the others sorted.
// Neither depends on the order of events that happen at the same instant on different
// goroutines, so a picture in virtual time is the same on every run.
func waitSymbols(events []Event) (syms map[string]byte, reasons []string) {
	seen := map[string]bool{}
	for _, e := range events {
		if e.Kind == Waiting {
			seen[e.What] = true
		}
	}
	syms = map[string]byte{}
	used := map[byte]bool{}
	for _, k := range knownWaits {
		if seen[k.what] && !used[k.sym] {
			syms[k.what], used[k.sym] = k.sym, true
			reasons = append(reasons, k.what)
			delete(seen, k.what)
		}
	}
	free := []byte(WaitSymbols)
	for _, what := range slices.Sorted(maps.Keys(seen)) {
		sym := byte('?') // more reasons than symbols
		for len(free) > 0 {
			c := free[0]
			free = free[1:]
			if !used[c] {
				sym = c
				break
			}
		}
		syms[what], used[sym] = sym, true
		reasons = append(reasons, what)
	}
	return syms, reasons
}

// cells draws one unit's row.
func cells(events []Event, unit string, ncols int, step, end time.Duration, waits map[string]byte, reasons []string) string {
	ran := make([]bool, ncols)
	waited := make([]map[byte]time.Duration, ncols)
	col := func(t time.Duration) int { return min(int(t/step), ncols-1) }
	var mine []Event
	for _, e := range events {
		if e.Unit == unit {
			mine = append(mine, e)
		}
	}
	for i, e := range mine {
		to := end
		if i+1 < len(mine) {
			to = mine[i+1].At
		}
		switch e.Kind {
		case Running:
			last := col(e.At)
			if to > e.At {
				last = col(to - 1)
			}
			for c := col(e.At); c <= last; c++ {
				ran[c] = true
			}
		case Waiting:
			sym := waits[e.What]
			for c := col(e.At); c <= col(max(to-1, e.At)); c++ {
				lo, hi := max(e.At, time.Duration(c)*step), min(to, time.Duration(c+1)*step)
				if waited[c] == nil {
					waited[c] = map[byte]time.Duration{}
				}
				waited[c][sym] += max(hi-lo, 0)
			}
		}
	}
	row := []byte(strings.Repeat(" ", ncols))
	for c := range row {
		switch {
		case ran[c]:
			row[c] = RunSymbol
		case waited[c] != nil:
			var best byte
			bestD := time.Duration(-1)
			for _, what := range reasons { // ties go to the reason that came first
				if d, ok := waited[c][waits[what]]; ok && d > bestD {
					best, bestD = waits[what], d
				}
			}
			row[c] = best
		}
	}
	return string(row)
}

// legend names the symbols, wrapped to width.
func legend(waits map[string]byte, reasons []string, width int) string {
	items := []string{string(RunSymbol) + " running"}
	for _, what := range reasons {
		items = append(items, string(waits[what])+" waiting for "+what)
	}
	items = append(items, "blank: not started or done")
	var b strings.Builder
	line := "legend:"
	for _, it := range items {
		if len(line)+2+len(it) > width {
			b.WriteString(line + "\n")
			line = "       "
		}
		line += "  " + it
	}
	b.WriteString(line + "\n")
	return b.String()
}
