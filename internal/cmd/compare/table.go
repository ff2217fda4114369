package main

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// samples holds every repetition's value of each figure, by name.
type samples map[string][]float64

func (s samples) add(figs map[string]float64) {
	for k, v := range figs {
		s[k] = append(s[k], v)
	}
}

// stat is a figure's median and spread over the repetitions.
type stat struct {
	median, spread float64 // spread: (max−min)/2, as a share of the median
	ok             bool
}

func (s samples) stat(name string) stat {
	vs := slices.Clone(s[name])
	if len(vs) == 0 {
		return stat{}
	}
	slices.Sort(vs)
	n := len(vs)
	med := vs[n/2]
	if n%2 == 0 {
		med = (vs[n/2-1] + vs[n/2]) / 2
	}
	st := stat{median: med, ok: true}
	if med > 0 {
		st.spread = (vs[n-1] - vs[0]) / 2 / med
	}
	return st
}

// ratio is the median, over the repetitions, of a's value over b's in the same repetition:
// two figures measured close together in time are compared, so that the load drifting between
// repetitions does not count. ok is false if no repetition has both.
func ratioOf(a, b []float64) (float64, bool) {
	var rs []float64
	for i := range min(len(a), len(b)) {
		if b[i] > 0 {
			rs = append(rs, a[i]/b[i])
		}
	}
	if len(rs) == 0 {
		return 0, false
	}
	return samples{"r": rs}.stat("r").median, true
}

// benchLine matches a line of go test -bench output: the name without its -GOMAXPROCS suffix,
// the number of iterations, and then pairs of a value and its unit.
var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

// allocs names the figure that holds a benchmark's allocations per operation.
func allocs(bench string) string { return metric(bench, "allocs/op") }

// metric names the figure that holds a benchmark's value in unit, other than ns/op: B/op,
// allocs/op, or a unit of its own that it reports with b.ReportMetric ("call/ping").
func metric(bench, unit string) string { return bench + " " + unit }

// benchOf is the benchmark of a figure: the figure itself, or the benchmark whose metric it is.
func benchOf(figure string) string {
	bench, _, _ := strings.Cut(figure, " ")
	return bench
}

// parseGoBench reads go test -bench output: nanoseconds per operation, by benchmark name
// (BenchmarkCPU/sequential, BenchmarkYield, ...), and each other value the line reports under
// metric(name, unit): allocs(name) when -benchmem reported allocations, say.
func parseGoBench(out []byte) map[string]float64 {
	figs := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		f := strings.Fields(m[2])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			if f[i+1] == "ns/op" {
				figs[m[1]] = v
			} else {
				figs[metric(m[1], f[i+1])] = v
			}
		}
	}
	return figs
}

// parsePython reads bench.py's output: one "name value" line per figure.
func parsePython(out []byte) (map[string]float64, error) {
	figs := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 {
			return nil, fmt.Errorf("bench.py printed %q, want a name and a number", sc.Text())
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			return nil, fmt.Errorf("bench.py printed %q: %v", sc.Text(), err)
		}
		figs[f[0]] = v
	}
	return figs, nil
}

// A row of the table: a Python figure against a Go benchmark, and the Go benchmark's floor.
type row struct {
	figure string
	py     string // the figure's name in bench.py
	gobm   string // the Go benchmark
	floor  string // the floor's Go benchmark, or ""
}

// The Go benchmarks: each lives beside the code it measures (see goPackages).
const (
	goStartGoroutine = "BenchmarkStartStopGoroutine"
	goStartOSThread  = "BenchmarkStartStopOSThread"
	goStartProcess   = "BenchmarkStartStopProcess"
	goCreateAwait    = "BenchmarkCreateAndAwaitTask"
	goYield          = "BenchmarkYield"
	goCallSoon       = "BenchmarkCallSoonThreadsafeRoundTrip"
	goExecThreads    = "BenchmarkRunInExecutorRoundTrip"
	goExecGoroutines = "BenchmarkRunInExecutorGoroutines"
	goPoolCall       = "BenchmarkProcessPoolCall"
	goPoolPaired     = "BenchmarkProcessPoolCallOverPing"
	goExecNoSpin     = "BenchmarkRunInExecutorNoSpin"
	goExecBurst      = "BenchmarkRunInExecutorBurst"
	goExecBurstNo    = "BenchmarkRunInExecutorBurstNoSpin"
	goQueueFIFO      = "BenchmarkQueueMutexFIFO"
	goQueueChannel   = "BenchmarkQueueChannel"
	goQueueAsync     = "BenchmarkQueueAsync"

	floorHandoff = "BenchmarkFloorChannelHandoff"
	floorLocked  = "BenchmarkFloorLockedThreads"
	floorFutex   = "BenchmarkFloorParkedThreads"
	floorGoJoin  = "BenchmarkFloorGoJoin"
	floorPipe    = "BenchmarkFloorPipeRoundTrip"
)

var rows = []row{
	{"start+join: thread / OS thread", "thread-start-join", goStartOSThread, ""},
	{"start+join: thread / goroutine", "thread-start-join", goStartGoroutine, floorGoJoin},
	{"process start: fork / re-exec", "fork-start-join", goStartProcess, ""},
	{"process start: spawn / re-exec", "spawn-start-join", goStartProcess, ""},
	{"task create+await", "task-create-await", goCreateAwait, floorGoJoin},
	{"yield: sleep(0) / co.Yield", "sleep0", goYield, ""},
	{"call_soon_threadsafe round trip", "call-soon-threadsafe", goCallSoon, floorHandoff},
	{"run_in_executor: OS-thread workers", "run-in-executor", goExecThreads, floorFutex},
	{"run_in_executor: goroutine workers", "run-in-executor", goExecGoroutines, floorHandoff},
	{"process pool call", "process-pool-call", pairedCall, pairedPing},
	{"queue.Queue item / mutex FIFO", "queue-queue", goQueueFIFO, goQueueChannel},
	{"queue.Queue item / channel", "queue-queue", goQueueChannel, ""},
	{"asyncio.Queue item / loop queue", "asyncio-queue", goQueueAsync, ""},
}

// floorNames says what each floor is, for the table.
var floorNames = map[string]string{
	floorHandoff:   "channel round trip",
	floorLocked:    "locked goroutines",
	floorFutex:     "futex ping-pong",
	floorGoJoin:    "go+join",
	floorPipe:      "pipe round trip",
	pairedPing:     "paired pipe round trip",
	goQueueChannel: "channel item",
}

// spinRows measure the OS-thread workers' spin (ThreadPool.spin) against none, in the same run.
var spinRows = []struct{ name, spin, nospin string }{
	{"run_in_executor round trip", goExecThreads, goExecNoSpin},
	{"64 run_in_executor calls at once", goExecBurst, goExecBurstNo},
}

// cpuSequential and cpuRows are the CPU-bound speed-ups: each row's time over sequential's.
const cpuSequential = "BenchmarkCPU/sequential"

var cpuRows = []struct{ name, py, gobm string }{
	{"thread pool, 2 chunks", "cpu-threads", "BenchmarkCPU/threadpool"},
	{"process pool, 2 chunks", "cpu-processes", "BenchmarkCPU/processpool"},
	{"goroutines, 2 chunks", "", "BenchmarkCPU/goroutines"},
}

// The metrics of goPoolPaired: a call and a ping (one byte each way) measured in pairs, on
// the same pipes to the same worker process. The table's process pool call is the first, and
// its floor the second.
var (
	pairedCall = metric(goPoolPaired, "call-ns/op")
	pairedPing = metric(goPoolPaired, "ping-ns/op")
)

// goMetrics lists the figures other than ns/op and allocs/op that the table uses.
func goMetrics() []string { return []string{pairedCall, pairedPing} }

// goBenchmarks lists every Go benchmark the table uses.
func goBenchmarks() []string {
	names := []string{cpuSequential, goPoolCall, goPoolPaired}
	for _, r := range rows {
		names = append(names, r.gobm)
	}
	names = append(names, floorOrder...)
	names = slices.DeleteFunc(names, func(n string) bool { return slices.Contains(goMetrics(), n) })
	for _, r := range spinRows {
		names = append(names, r.spin, r.nospin)
	}
	for _, r := range cpuRows {
		names = append(names, r.gobm)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

var floorOrder = []string{floorHandoff, floorGoJoin, floorLocked, floorFutex, floorPipe, pairedPing}

// machine describes where and how the run happened.
type machine struct {
	CPU                   string
	Cores                 int
	OS, Go, Python        string
	NoPython              string // why the Python column is empty
	LoadBefore, LoadAfter string
	Count                 int
}

// render prints the tables: the figures, the floors, the CPU-bound speed-ups, and the checks
// of the targets the loop and the executor are held to.
func render(m machine, goRuns, pyRuns samples) string {
	var b strings.Builder
	py := m.Python
	if py == "" {
		py = "none (" + m.NoPython + ")"
	}
	fmt.Fprintf(&b, "machine: %s, %d cores, %s; %s, Python %s\n", m.CPU, m.Cores, m.OS, m.Go, py)
	fmt.Fprintf(&b, "load average: %s before, %s after; medians of %d interleaved runs\n\n", m.LoadBefore, m.LoadAfter, m.Count)

	fmt.Fprintf(&b, "%-36s %10s %10s %6s %8s %13s  %s\n", "figure (Python / Go)", "Python", "Go", "allocs", "ratio", "spread Py/Go", "floor (Go/floor)")
	for _, r := range rows {
		p, g := pyRuns.stat(r.py), goRuns.stat(r.gobm)
		floor := "-"
		if x, ok := ratioOf(goRuns[r.gobm], goRuns[r.floor]); r.floor != "" && ok {
			floor = fmt.Sprintf("%s %s (%s)", floorNames[r.floor], duration(goRuns.stat(r.floor).median), times(x))
		}
		ratio := "-"
		if x, ok := ratioOf(pyRuns[r.py], goRuns[r.gobm]); ok {
			ratio = times(x)
		}
		al := "-"
		if a := goRuns.stat(allocs(benchOf(r.gobm))); a.ok { // a ping allocates nothing
			al = strconv.FormatFloat(a.median, 'f', -1, 64)
		}
		fmt.Fprintf(&b, "%-36s %10s %10s %6s %8s %13s  %s\n", r.figure, durationOf(p), durationOf(g), al, ratio,
			spreadOf(p)+"/"+spreadOf(g), floor)
	}

	fmt.Fprintf(&b, "\n%-36s %10s %13s\n", "floor", "Go", "spread")
	for _, f := range floorOrder {
		s := goRuns.stat(f)
		fmt.Fprintf(&b, "%-36s %10s %13s\n", floorNames[f], durationOf(s), spreadOf(s))
	}

	fmt.Fprintf(&b, "\n%-36s %10s %10s %8s %13s\n", "OS-thread workers (same run)", "spin", "no spin", "ratio", "spread")
	for _, c := range spinRows {
		s, n := goRuns.stat(c.spin), goRuns.stat(c.nospin)
		ratio := "-"
		if x, ok := ratioOf(goRuns[c.nospin], goRuns[c.spin]); ok {
			ratio = times(x)
		}
		fmt.Fprintf(&b, "%-36s %10s %10s %8s %13s\n", c.name, durationOf(s), durationOf(n), ratio, spreadOf(s)+"/"+spreadOf(n))
	}

	fmt.Fprintf(&b, "\n%-36s %10s %10s\n", "CPU-bound speed-up over sequential", "Python", "Go")
	seq := goRuns.stat(cpuSequential)
	for _, c := range cpuRows {
		g := goRuns.stat(c.gobm)
		gs := "-"
		if g.ok && seq.ok && g.median > 0 {
			gs = times(seq.median / g.median)
		}
		ps := "-"
		if p := pyRuns.stat(c.py); p.ok {
			ps = times(p.median)
		}
		fmt.Fprintf(&b, "%-36s %10s %10s\n", c.name, ps, gs)
	}

	fmt.Fprintf(&b, "\nchecks:\n")
	for _, c := range checks(goRuns, pyRuns) {
		fmt.Fprintf(&b, "  %s\n", c)
	}
	return b.String()
}

// checks compares the ratios with the targets: how much cheaper than Python, how close to the
// floor.
func checks(goRuns, pyRuns samples) []string {
	var out []string
	cheaper := func(what, py, gobm string, want float64) {
		x, ok := ratioOf(pyRuns[py], goRuns[gobm])
		switch {
		case !goRuns.stat(gobm).ok:
			out = append(out, fmt.Sprintf("%s: no Go figure", what))
		case !ok:
			out = append(out, fmt.Sprintf("%s: want Python/Go >= %g: no Python figure", what, want))
		default:
			out = append(out, fmt.Sprintf("%s: Python/Go = %s, want >= %g: %s", what, times(x), want, verdict(x >= want)))
		}
	}
	near := func(what, gobm, floor string, want float64, also string) {
		x, ok := ratioOf(goRuns[gobm], goRuns[floor])
		if !ok {
			out = append(out, fmt.Sprintf("%s: no Go figure", what))
			return
		}
		// A floor is what the trip costs when nothing gets in the way, and on a loaded
		// machine a trip between threads or processes is fast or slow by whole multiples
		// from one moment to the next: the best run of each is compared too.
		best := slices.Min(goRuns[gobm]) / slices.Min(goRuns[floor])
		out = append(out, fmt.Sprintf("%s: Go/%s = %s, best/best %s%s; want <= %g: %s, %s", what, floorNames[floor],
			times(x), times(best), also, want, verdict(x <= want), verdict(best <= want)))
	}
	cheaper("task create+await", "task-create-await", goCreateAwait, 10)
	cheaper("yield", "sleep0", goYield, 50)
	near("run_in_executor, OS-thread workers", goExecThreads, floorFutex, 1.5, "")
	// Without its spin, a worker pays the two wake-ups the futex floor pays and more; the spin
	// is what brings it under: held to a factor, so that losing the spin fails a check. (Two
	// locked goroutines, floorLocked, cost more than a worker without its spin, whose event
	// loop is not locked to a thread: shown, not checked against.)
	if x, ok := ratioOf(goRuns[goExecNoSpin], goRuns[goExecThreads]); ok {
		out = append(out, fmt.Sprintf("run_in_executor, OS-thread workers: no spin/spin = %s, want >= 3: %s", times(x), verdict(x >= 3)))
	} else {
		out = append(out, "run_in_executor, OS-thread workers: no spin/spin: no Go figure")
	}
	cheaper("run_in_executor, goroutine workers", "run-in-executor", goExecGoroutines, 50)
	if x, ok := ratioOf(goRuns[goExecBurst], goRuns[goExecBurstNo]); ok {
		out = append(out, fmt.Sprintf("64 run_in_executor calls at once: spin/no spin = %s, want <= 1: %s", times(x), verdict(x <= 1)))
	} else {
		out = append(out, "64 run_in_executor calls at once: no Go figure")
	}
	// Measured apart, a call and the pipe floor each land their two processes on the cores in
	// their own way, which moves either figure by tens of percent from one run to the next:
	// the check is on the pairs (goPoolPaired), and the ratio measured apart is shown beside.
	apart := "-"
	if y, ok := ratioOf(goRuns[goPoolCall], goRuns[floorPipe]); ok {
		apart = times(y)
	}
	near("process pool call", pairedCall, pairedPing, 1.25, " (measured apart: "+apart+")")
	return out
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

func durationOf(s stat) string {
	if !s.ok {
		return "-"
	}
	return duration(s.median)
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

func times(x float64) string { return sig3(x) + "x" }

func spreadOf(s stat) string {
	if !s.ok {
		return "-"
	}
	return fmt.Sprintf("±%.0f%%", s.spread*100)
}
