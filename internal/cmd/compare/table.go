package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// machine describes where and how the run happened.
type machine struct {
	CPU                   string
	Cores                 int
	OS, Go, Python        string
	NoPython              string // why the Python column is empty
	LoadBefore, LoadAfter string
	Rounds                []string // each round's load average as it began
	Took                  string   // how long the rounds took, "" if unknown
}

// A check holds a ratio, round by round, to a target the book sets.
type check struct {
	name    string
	atLeast bool // the ratio must be at least target; else at most
	target  float64
	ratio   func(r map[string]float64) float64 // one round's ratio, NaN if it lacks a figure
}

// pyOverGo is a round's Python time over Go's for a row's figure.
func pyOverGo(py, bench string) func(map[string]float64) float64 {
	return func(r map[string]float64) float64 { return ratio(r, pyKey(py, "ns/op"), goKey(bench, "ns/op")) }
}

// pairedRatio is a round's figure over the cheaper of its floors, in the paired benchmark:
// time (unit "ns/op") or CPU time ("cpu-ns/op") per op.
func pairedRatio(b bound, unit string) func(map[string]float64) float64 {
	return func(r map[string]float64) float64 {
		fl, _ := pairedFloor(r, b, unit)
		return div(get(r, goKey(b.paired, b.side+"-"+unit)), fl)
	}
}

// pairedFloor is a round's floor for b in its paired benchmark, in unit: the floor side whose
// time was the least in that round (its CPU time too, if unit is cpu-ns/op).
func pairedFloor(r map[string]float64, b bound, unit string) (float64, bool) {
	keys := make([]string, len(b.floorSides))
	for i, s := range b.floorSides {
		keys[i] = goKey(b.paired, s+"-ns/op")
	}
	_, which := minOf(r, keys...)
	if which == "" {
		return math.NaN(), false
	}
	side := strings.TrimSuffix(strings.TrimPrefix(which, b.paired+" "), "-ns/op")
	v := get(r, goKey(b.paired, side+"-"+unit))
	return v, !math.IsNaN(v)
}

// apartFloor is a round's floor for b measured apart, in floorTrip or floorTripCPU: the floor
// benchmark whose time was the least in that round.
func apartFloor(r map[string]float64, b bound, unit string) float64 {
	keys := make([]string, len(b.floorApart))
	for i, f := range b.floorApart {
		keys[i] = goKey(f, floorTrip)
	}
	_, which := minOf(r, keys...)
	if which == "" {
		return math.NaN()
	}
	return get(r, goKey(strings.TrimSuffix(which, " "+floorTrip), unit))
}

// boundOf is the bound of figure against floor.
func boundOf(figure, floor string) bound {
	for _, b := range bounds {
		if b.figure == figure && b.floor == floor {
			return b
		}
	}
	panic("compare: no bound " + figure + " against " + floor)
}

// checks are the targets the book holds its loop, executor and process pool to.
func checks() []check {
	pool := boundOf("process pool call", "echo child")
	threads := boundOf("run_in_executor: OS-thread workers", "locked partner")
	return []check{
		{"task create+await: Python/Go", true, 10, pyOverGo("task-create-await", "BenchmarkCreateAndAwaitTask")},
		{"yield: Python/Go", true, 50, pyOverGo("sleep0", "BenchmarkYield")},
		{"run_in_executor, goroutine workers: Python/Go", true, 50, pyOverGo("run-in-executor", "BenchmarkRunInExecutorGoroutines")},
		{"run_in_executor, OS-thread workers: Go/locked partner, paired", false, 1.25, pairedRatio(threads, "ns/op")},
		{"run_in_executor, OS-thread workers: CPU Go/locked partner, paired", false, 1.5, pairedRatio(threads, cpuUnit)},
		{"process pool call: Go/echo child, paired", false, 1.25, pairedRatio(pool, "ns/op")},
		{"process pool call: CPU Go/echo child, paired", false, 1.5, pairedRatio(pool, cpuUnit)},
	}
}

// render prints the tables: the figures, Python against Go; the Go figures against their
// floors; the floors; the CPU-bound speed-ups; the checks, each with every round's ratio; and
// the rounds' load averages.
func render(m machine, rs runs) string {
	var b strings.Builder
	py := m.Python
	if py == "" {
		py = "none (" + m.NoPython + ")"
	}
	fmt.Fprintf(&b, "machine: %s, %d cores, %s; %s, Python %s\n", m.CPU, m.Cores, m.OS, m.Go, py)
	took := ""
	if m.Took != "" {
		took = " in " + m.Took
	}
	fmt.Fprintf(&b, "load average: %s before, %s after; %d rounds%s, every one shown\n\n", m.LoadBefore, m.LoadAfter, len(rs), took)

	fmt.Fprintf(&b, "%-36s %9s %9s %8s %17s %9s %9s %6s\n", "figure (Python / Go)", "Python", "Go", "ratio", "ratio range", "CPU Py", "CPU Go", "allocs")
	for _, r := range rows {
		p, g := summarize(rs.values(pyKey(r.py, "ns/op"))), summarize(rs.values(goKey(r.bench, r.unit)))
		x := summarize(rs.each(func(m map[string]float64) float64 {
			return ratio(m, pyKey(r.py, "ns/op"), goKey(r.bench, r.unit))
		}))
		pc, gc := summarize(rs.values(pyKey(r.py, cpuUnit))), summarize(rs.values(goKey(r.bench, cpuUnit)))
		al := "-"
		if a := summarize(rs.values(goKey(r.bench, "allocs/op"))); a.n > 0 {
			al = strconv.FormatFloat(a.median, 'f', -1, 64)
		}
		fmt.Fprintf(&b, "%-36s %9s %9s %8s %17s %9s %9s %6s\n", r.figure, durationOf(p), durationOf(g),
			timesOf(x), rangeOf(x), durationOf(pc), durationOf(gc), al)
	}

	fmt.Fprintf(&b, "\n%-36s %-18s %9s %9s %8s %17s %8s %9s %9s %8s\n", "Go figure", "floor", "Go", "floor",
		"paired", "paired range", "apart", "CPU Go", "CPU floor", "CPU")
	for _, bd := range bounds {
		fig := summarize(rs.values(goKey(bd.paired, bd.side+"-ns/op")))
		fl := summarize(rs.each(func(r map[string]float64) float64 { v, _ := pairedFloor(r, bd, "ns/op"); return v }))
		x := summarize(rs.each(pairedRatio(bd, "ns/op")))
		apart := summarize(rs.each(func(r map[string]float64) float64 {
			return div(get(r, goKey(bd.apart, bd.apartUnit)), apartFloor(r, bd, floorTrip))
		}))
		fc := summarize(rs.values(goKey(bd.paired, bd.side+"-"+cpuUnit)))
		flc := summarize(rs.each(func(r map[string]float64) float64 { v, _ := pairedFloor(r, bd, cpuUnit); return v }))
		xc := summarize(rs.each(pairedRatio(bd, cpuUnit)))
		fmt.Fprintf(&b, "%-36s %-18s %9s %9s %8s %17s %8s %9s %9s %8s\n", bd.figure, bd.floor, durationOf(fig), durationOf(fl),
			timesOf(x), rangeOf(x), timesOf(apart), durationOf(fc), durationOf(flc), timesOf(xc))
	}

	fmt.Fprintf(&b, "\n%-36s %9s %17s %9s\n", "floor, measured apart", "Go", "range", "CPU")
	for _, f := range floors {
		s, c := summarize(rs.values(goKey(f.bench, floorTrip))), summarize(rs.values(goKey(f.bench, floorTripCPU)))
		rg := "-"
		if s.n > 0 {
			rg = duration(s.min) + " to " + duration(s.max)
		}
		fmt.Fprintf(&b, "%-36s %9s %17s %9s\n", f.name, durationOf(s), rg, durationOf(c))
	}

	fmt.Fprintf(&b, "\n%-36s %9s %9s\n", "CPU-bound speed-up over sequential", "Python", "Go")
	for _, c := range cpuRows {
		g := summarize(rs.each(func(r map[string]float64) float64 {
			return ratio(r, goKey(cpuSequential, "ns/op"), goKey(c.bench, "ns/op"))
		}))
		ps := "-"
		if c.py != "" {
			ps = timesOf(summarize(rs.values(pyKey(c.py, "x"))))
		}
		fmt.Fprintf(&b, "%-36s %9s %9s\n", c.name, ps, timesOf(g))
	}

	fmt.Fprintf(&b, "\nchecks: met in k of N rounds; the median and range of the rounds' ratios; the verdict\n")
	for _, c := range checks() {
		vals := rs.each(c.ratio)
		fmt.Fprintf(&b, "  %s\n", checkLine(c, vals, m))
		runs := make([]string, len(vals))
		for i, v := range vals {
			runs[i] = times(v)
		}
		fmt.Fprintf(&b, "    rounds: %s\n", strings.Join(runs, " "))
	}

	fmt.Fprintf(&b, "\nrounds (load average as each began; which side of each figure ran first):\n")
	for i, l := range m.Rounds {
		first := "Python"
		if !pythonFirst(i) {
			first = "Go"
		}
		fmt.Fprintf(&b, "  %d: %s; %s first\n", i+1, l, first)
	}
	return b.String()
}

// checkLine says what a check came to: "yield: Python/Go, want >= 50: met in 9 of 9 rounds;
// median 146x, range 120x to 160x: met". An inconclusive one gives the interval that straddles
// the target and the load average.
func checkLine(c check, vals []float64, m machine) string {
	op := "<="
	if c.atLeast {
		op = ">="
	}
	j := judge(vals, c.atLeast, c.target)
	head := fmt.Sprintf("%s, want %s %g: ", c.name, op, c.target)
	if j.n == 0 {
		return head + "no figure"
	}
	s := fmt.Sprintf("%smet in %d of %d rounds; median %s, range %s to %s: %s", head, j.k, j.n,
		times(j.median), times(j.min), times(j.max), j.verdict)
	if j.verdict == inconclusive {
		if math.IsInf(j.lo, 0) || math.IsInf(j.hi, 0) {
			s += fmt.Sprintf(" (too few rounds for a %.0f%% interval of the median", confidence*100)
		} else {
			s += fmt.Sprintf(" (the %.0f%% interval of the median, %s to %s, straddles %g", confidence*100, times(j.lo), times(j.hi), c.target)
		}
		s += fmt.Sprintf("; load average %s before, %s after)", m.LoadBefore, m.LoadAfter)
	}
	return s
}

func durationOf(s summary) string {
	if s.n == 0 {
		return "-"
	}
	return duration(s.median)
}

func timesOf(s summary) string {
	if s.n == 0 {
		return "-"
	}
	return times(s.median)
}

func rangeOf(s summary) string {
	if s.n == 0 {
		return "-"
	}
	return times(s.min) + " to " + times(s.max)
}

// duration prints nanoseconds with three significant digits: 14.5ns, 691ns, 27.3µs, 2.71ms.
func duration(ns float64) string {
	unit, div := "ns", 1.0
	switch {
	case ns >= 1e9:
		unit, div = "s", 1e9
	case ns >= 1e6:
		unit, div = "ms", 1e6
	case ns >= 1e3:
		unit, div = "µs", 1e3
	}
	return sig3(ns/div) + unit
}

// sig3 prints v with three significant digits, without a trailing point.
func sig3(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// times prints a ratio: "1.22x", or "-" for a round that lacks it.
func times(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return sig3(x) + "x"
}
