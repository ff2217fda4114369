// Command crosscheck is a second harness for docs/benchmarks.md: it measures the page's
// headline figures again, its own way, reads the page's table, and says for each figure
// whether the two agree within the spreads they print.
//
// It is independent of the page's harness (internal/cmd/compare) by construction:
//
//   - It imports nothing of internal/cmd/compare or internal/compare/... (floor, cputime,
//     python/bench.py), and runs none of the book's _test.go benchmarks: a test checks its
//     imports, all the way down.
//   - Its Go side (measure.go) goes through the book's exported API only: ch01-blocking/aio's
//     loop and tasks, ch02-executor/executor's RunInExecutor, NewPool and ProcessPool,
//     ch05-queues-locks/queue's queues; start+join and the channel queue use the language
//     itself (a go statement, a buffered channel), as the page's figures do. It times
//     fixed-size batches with time.Now and takes their median; its CPU time comes from its
//     own getrusage(2) call.
//   - Its Python side is its own script, crosscheck.py beside this file, written apart from
//     bench.py: the same operations, batches timed with time.perf_counter_ns, standard
//     library only.
//   - Its floor for the process pool is its own one-byte echo child over two blocking pipes
//     (paired_linux.go): this program started again, reading and writing one byte with
//     read(2) and write(2).
//
// The method: several rounds (-rounds, 7 by default). In each, every figure's Python side
// and Go side run back to back, each in a fresh process, Python first in odd rounds and Go
// first in even ones; a round's ratio is Python's time per operation over Go's. The process
// pool against the echo child is measured paired: one fresh process per round alternates
// batches of 32 pool calls and 32 echo round trips, and the round's ratio is the median
// batch time of one over the other's (and the same of their CPU times, the worker's and the
// child's included). Per figure it prints the page's median and range of ratios, its own,
// and "agrees" when the two ranges overlap, "DISAGREES" when they do not; see judge.
//
// Usage:
//
//	go run ./.ci/crosscheck [-rounds N] [-budget D] [-page FILE] [-python PATH]
//
// `make crosscheck` runs it into docs/benchmarks.md's "A second harness" block, and `make
// compare` right after the page's own table.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concurrency-models/book/internal/loadavg"
	"github.com/concurrency-models/book/internal/reexec"
)

//go:embed crosscheck.py
var pyScript []byte

// measureArg is the hidden argument that makes this program one figure's Go side.
const measureArg = "__crosscheck-measure"

// pairFigure is the Go side that measures the process pool paired with the echo child.
const pairFigure = "pool-echo"

func main() {
	args := os.Args[1:]
	if code, ok := child(args); ok {
		os.Exit(code)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, args, os.Stdout, os.Stderr))
}

// child runs the program as one of the children it starts, when args say so (ok): a process
// pool's worker, the echo child, or one figure's Go side. The tests' TestMain calls it too.
func child(args []string) (code int, ok bool) {
	switch {
	case reexec.IsWorker(args):
		return reexec.Main("crosscheck", nil, args), true
	case len(args) > 0 && args[0] == echoArg:
		return echoChild(), true
	case len(args) == 3 && args[0] == measureArg:
		return measureSide(args[1], args[2], os.Stdout, os.Stderr), true
	}
	return 0, false
}

// measureSide is one Go side, in a process of its own: it prints "ns=N cpu-ns=C", or for
// pairFigure "time=R cpu=R pool-ns=N echo-ns=N".
func measureSide(fig, budget string, stdout, stderr io.Writer) int {
	d, err := time.ParseDuration(budget)
	if err != nil {
		fmt.Fprintf(stderr, "crosscheck: %v\n", err)
		return 2
	}
	if fig == pairFigure {
		t, c, pn, en, err := pairedPoolEcho(d)
		if err != nil {
			fmt.Fprintf(stderr, "crosscheck: %s: %v\n", fig, err)
			return 1
		}
		fmt.Fprintf(stdout, "time=%g cpu=%g pool-ns=%g echo-ns=%g\n", t, c, pn, en)
		return 0
	}
	f, ok := goFigures[fig]
	if !ok {
		fmt.Fprintf(stderr, "crosscheck: no Go figure %q\n", fig)
		return 2
	}
	ns, cpu, err := f(d)
	if err != nil {
		fmt.Fprintf(stderr, "crosscheck: %s: %v\n", fig, err)
		return 1
	}
	fmt.Fprintf(stdout, "ns=%g cpu-ns=%g\n", ns, cpu)
	return 0
}

// run is the command: 2 for bad usage, 1 for a failure (a page it cannot read, a side that
// fails), 130 when interrupted. A figure that disagrees is a finding, printed, not a failure.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("crosscheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rounds := fs.Int("rounds", 7, "how many rounds")
	budget := fs.Duration("budget", 200*time.Millisecond, "each side's measuring time per figure and round")
	pagePath := fs.String("page", "docs/benchmarks.md", "the page whose table to check")
	python := fs.String("python", "python3", "the Python interpreter")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./.ci/crosscheck [-rounds N] [-budget D] [-page FILE] [-python PATH]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || *rounds < 1 || *budget <= 0 {
		fmt.Fprintln(stderr, "crosscheck: -rounds must be 1 or more, -budget positive, and no arguments")
		fs.Usage()
		return 2
	}
	text, err := os.ReadFile(*pagePath)
	if err != nil {
		fmt.Fprintf(stderr, "crosscheck: %v\n", err)
		return 1
	}
	pg, err := parsePage(*pagePath, string(text))
	if err != nil {
		fmt.Fprintf(stderr, "crosscheck: %v\n", err)
		return 1
	}
	out, err := measureAll(ctx, *rounds, *budget, *python, stderr)
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "crosscheck: interrupted")
		return 130
	}
	if err != nil {
		fmt.Fprintf(stderr, "crosscheck: %v\n", err)
		return 1
	}
	head := fmt.Sprintf("machine: %s, %d cores, %s/%s; %s, Python %s\n", cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), out.python)
	head += fmt.Sprintf("load average: %s before, %s after; %d rounds in %s, every one shown\n", out.loadBefore, out.loadAfter, *rounds, out.took)
	head += fmt.Sprintf("against: %s's table, %d rounds; ranges lowest to highest ratio\n\n", *pagePath, pg.rounds)
	_, err = io.WriteString(stdout, report(head, pg, out.results, out.loads))
	if err != nil {
		return 1
	}
	return 0
}

// A measured run: per check its ratios, and the circumstances.
type measured struct {
	results               []result
	loads                 []string // as each round began
	loadBefore, loadAfter string
	took                  string
	python                string // its version, or "none"
}

// measureAll runs the rounds.
func measureAll(ctx context.Context, rounds int, budget time.Duration, python string, stderr io.Writer) (*measured, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	out := &measured{results: make([]result, len(checks)), python: "none"}
	dir, err := os.MkdirTemp("", "crosscheck")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "crosscheck.py")
	if err := os.WriteFile(script, pyScript, 0o644); err != nil {
		return nil, err
	}
	noPython := ""
	if v, err := exec.CommandContext(ctx, python, "-c", "import sys; print(sys.version.split()[0])").Output(); err != nil {
		noPython = fmt.Sprintf("no %s (%v)", python, err)
		fmt.Fprintf(stderr, "crosscheck: %s: the Python/Go figures are not measured\n", noPython)
	} else {
		out.python = strings.TrimSpace(string(v))
	}
	noPair := ""
	if runtime.GOOS != "linux" {
		noPair = "the echo floor is measured on Linux only"
	}

	// The groups: each Python figure with the Go figures held against it, in the order of
	// checks, then the paired process.
	type group struct {
		py  string
		gos []string
	}
	var groups []group
	for _, c := range checks {
		if c.py == "" {
			continue
		}
		i := slices.IndexFunc(groups, func(g group) bool { return g.py == c.py })
		if i < 0 {
			groups = append(groups, group{py: c.py})
			i = len(groups) - 1
		}
		groups[i].gos = append(groups[i].gos, c.gov)
	}

	b := budget.String()
	out.loadBefore = loadavg.Averages()
	start := time.Now()
	for r := range rounds {
		out.loads = append(out.loads, loadavg.Averages())
		fmt.Fprintf(stderr, "crosscheck: round %d of %d (%s so far)\n", r+1, rounds, time.Since(start).Round(time.Second))
		pyNs, goNs := map[string]float64{}, map[string]float64{}
		for _, g := range groups {
			runPy := func() error {
				if noPython != "" {
					return nil
				}
				v, err := side(ctx, "ns", python, script, g.py, strconv.FormatInt(budget.Milliseconds(), 10))
				pyNs[g.py] = v["ns"]
				return err
			}
			runGo := func() error {
				for _, f := range g.gos {
					v, err := side(ctx, "ns", self, measureArg, f, b)
					if err != nil {
						return err
					}
					goNs[f] = v["ns"]
				}
				return nil
			}
			first, second := runPy, runGo
			if !pythonFirst(r) {
				first, second = runGo, runPy
			}
			if err := first(); err != nil {
				return nil, err
			}
			if err := second(); err != nil {
				return nil, err
			}
		}
		var pair map[string]float64
		if noPair == "" {
			if pair, err = side(ctx, "time cpu", self, measureArg, pairFigure, b); err != nil {
				return nil, err
			}
		}
		for i, c := range checks {
			res := &out.results[i]
			switch {
			case c.pair != "" && noPair != "":
				res.why = noPair
			case c.pair != "":
				res.ratios = append(res.ratios, pair[c.pair])
			case noPython != "":
				res.why = noPython
			default:
				res.ratios = append(res.ratios, pyNs[c.py]/goNs[c.gov])
			}
		}
	}
	out.loadAfter = loadavg.Averages()
	out.took = time.Since(start).Round(time.Second).String()
	return out, nil
}

// side runs one side in a fresh process, prog with args, and reads the "key=value ..." line
// it prints: every value a number, and those of the keys named in want positive (a CPU
// time may be zero where there is no getrusage(2) to read).
func side(ctx context.Context, want, prog string, args ...string) (map[string]float64, error) {
	cmd := exec.CommandContext(ctx, prog, args...)
	inGroup(cmd)
	if os.Getenv("GORACE") == "" {
		// A race-enabled side (under go test -race) would otherwise sleep a second as it
		// exits; it is waited for, so there is nothing late to report.
		cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0")
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	what := filepath.Base(prog) + " " + strings.Join(args, " ")
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %v\n%s", what, err, stderr.String())
	}
	v := map[string]float64{}
	for _, kv := range strings.Fields(stdout.String()) {
		k, s, ok := strings.Cut(kv, "=")
		f, err := strconv.ParseFloat(s, 64)
		if !ok || err != nil || !(f >= 0) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%s printed %q, not key=number", what, stdout.String())
		}
		v[k] = f
	}
	for _, k := range strings.Fields(want) {
		if v[k] <= 0 {
			return nil, fmt.Errorf("%s printed %q, without a positive %s=", what, stdout.String(), k)
		}
	}
	return v, nil
}

// cpuModel is the processor's name from /proc/cpuinfo's first "model name", or "unknown CPU".
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return "unknown CPU"
}
