package main

// The figures this harness checks, where the page prints each, and the rule that says
// whether the two agree.

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Where a figure stands on the page.
type section int

const (
	rowsSection   section = iota // the first table, Python over Go
	boundsSection                // the Go figures against their floors, paired
	checksSection                // the checks
)

// A check is one figure: its name in this harness's table, how a round's ratio is made, and
// the page's figure it is held against.
type check struct {
	name string
	py   string // crosscheck.py's figure, over
	gov  string // a Go side's figure (goFigures), or
	pair string // a value of the paired pool-and-echo process: "time" or "cpu"
	at   section
	key  string // the page's name for it in that section
}

// checks are in the order of the brief: the page's checked figures first.
var checks = []check{
	{name: "task create+await: Python/Go", py: "task", gov: "task", at: rowsSection, key: "task create+await"},
	{name: "yield: Python/Go", py: "yield", gov: "yield", at: rowsSection, key: "yield: sleep(0) / co.Yield"},
	{name: "run_in_executor, goroutine workers: Python/Go", py: "run-in-executor", gov: "rie-goroutines", at: rowsSection, key: "run_in_executor: goroutine workers"},
	{name: "process pool call: Go/echo child, paired", pair: "time", at: boundsSection, key: "process pool call"},
	{name: "process pool call: CPU Go/echo child, paired", pair: "cpu", at: checksSection, key: "process pool call: CPU Go/echo child, paired"},
	{name: "run_in_executor, OS-thread workers: Python/Go", py: "run-in-executor", gov: "rie-threads", at: rowsSection, key: "run_in_executor: OS-thread workers"},
	{name: "call_soon_threadsafe round trip: Python/Go", py: "call-soon-threadsafe", gov: "call-soon-threadsafe", at: rowsSection, key: "call_soon_threadsafe round trip"},
	{name: "start+join, thread / goroutine: Python/Go", py: "thread-start-join", gov: "start-join-goroutine", at: rowsSection, key: "start+join: thread / goroutine"},
	{name: "start+join, thread / OS thread: Python/Go", py: "thread-start-join", gov: "start-join-osthread", at: rowsSection, key: "start+join: thread / OS thread"},
	{name: "process pool call: Python/Go", py: "process-pool", gov: "process-pool", at: rowsSection, key: "process pool call"},
	{name: "queue.Queue / mutex FIFO: Python/Go", py: "queue", gov: "queue-fifo", at: rowsSection, key: "queue.Queue item / mutex FIFO"},
	{name: "queue.Queue / channel: Python/Go", py: "queue", gov: "queue-channel", at: rowsSection, key: "queue.Queue item / channel"},
	{name: "asyncio.Queue / loop queue: Python/Go", py: "asyncio-queue", gov: "queue-async", at: rowsSection, key: "asyncio.Queue item / loop queue"},
}

// minRounds is the fewest rounds of its own from which the harness gives a verdict.
const minRounds = 3

// The verdicts. Only agrees counts towards "k of N figures agree".
const (
	agrees    = "agrees"
	disagrees = "DISAGREES"
)

// lookup finds c's figure on p: found is false when the page has no such row.
func (p *page) lookup(c check) (f published, found bool) {
	m := map[section]map[string]published{rowsSection: p.rows, boundsSection: p.bounds, checksSection: p.checks}[c.at]
	f, found = m[c.key]
	return f, found
}

// A spread is the median and the range of a set of ratios.
type spread struct{ median, lo, hi float64 }

// spreadOf is the median and the range of xs, which must not be empty.
func spreadOf(xs []float64) spread {
	return spread{median: median(xs), lo: slices.Min(xs), hi: slices.Max(xs)}
}

// judge is the rule: the harness agrees with the page when its range of per-round ratios,
// lowest to highest, and the page's overlap — some ratio lies in both. It gives no verdict
// without a figure on either side (why says why not: the harness's own reason, or "not on the
// page"), nor from fewer than minRounds rounds of its own.
func judge(pub published, found bool, own []float64, why string) string {
	switch {
	case why != "":
		return "not measured: " + why
	case !found:
		return "not on the page"
	case !pub.ok:
		return "no figure on the page"
	case len(own) < minRounds:
		return fmt.Sprintf("inconclusive: %d rounds, fewer than %d", len(own), minRounds)
	}
	s := spreadOf(own)
	if s.lo <= pub.hi && pub.lo <= s.hi {
		return agrees
	}
	return disagrees
}

// times prints a ratio with three significant digits, as the page does: 0.76x, 19.3x, 336x.
func times(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "-"
	case x >= 99.95:
		return fmt.Sprintf("%.0fx", x)
	case x >= 9.995:
		return fmt.Sprintf("%.1fx", x)
	}
	return fmt.Sprintf("%.2fx", x)
}

// A result is what the run found for one check: its per-round ratios, or why it has none.
type result struct {
	ratios []float64
	why    string
}

// report is the harness's table: per check, the page's median and range, its own, and the
// verdict; then every round's ratio and load average; and last, how many figures agree.
func report(head string, p *page, rs []result, loads []string) string {
	var b strings.Builder
	b.WriteString(head)
	fmt.Fprintf(&b, "%-46s %7s %16s %7s %16s  %s\n", "figure (the ratio's two sides)", "page", "page range", "here", "range here", "verdict")
	k := 0
	for i, c := range checks {
		pub, found := p.lookup(c)
		v := judge(pub, found, rs[i].ratios, rs[i].why)
		if v == agrees {
			k++
		}
		pm, pr := "-", "-"
		if found && pub.ok {
			pm, pr = times(pub.median), times(pub.lo)+" to "+times(pub.hi)
		}
		om, or := "-", "-"
		if len(rs[i].ratios) > 0 {
			s := spreadOf(rs[i].ratios)
			om, or = times(s.median), times(s.lo)+" to "+times(s.hi)
		}
		fmt.Fprintf(&b, "%-46s %7s %16s %7s %16s  %s\n", c.name, pm, pr, om, or, v)
	}
	fmt.Fprintf(&b, "\nrounds here (each ratio, round by round):\n")
	for i, c := range checks {
		xs := make([]string, len(rs[i].ratios))
		for j, x := range rs[i].ratios {
			xs[j] = times(x)
		}
		if len(xs) == 0 {
			xs = []string{"-"}
		}
		fmt.Fprintf(&b, "  %s: %s\n", c.name, strings.Join(xs, " "))
	}
	fmt.Fprintf(&b, "\nload average as each round began; which side of each figure ran first:\n")
	for i, l := range loads {
		first := "Python"
		if !pythonFirst(i) {
			first = "Go"
		}
		fmt.Fprintf(&b, "  %d: %s; %s first\n", i+1, l, first)
	}
	fmt.Fprintf(&b, "\n%d of %d figures agree\n", k, len(checks))
	return b.String()
}

// pythonFirst says whether round i (from 0) runs each figure's Python side first: rounds 1,
// 3, 5 ... do, rounds 2, 4, 6 ... run Go first.
func pythonFirst(i int) bool { return i%2 == 0 }
