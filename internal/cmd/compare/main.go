// Command compare measures Python's concurrency primitives and the book's Go counterparts in
// one run, on one machine, and prints the table of docs/benchmarks.md.
//
// It builds the Go benchmarks' test binaries once, then runs, several times, interleaved, the
// Go benchmarks (beside the code they measure) and the Python micro-benchmarks of
// internal/compare/python/bench.py (standard library only). Each figure is the median of the
// repetitions; the spread is (max−min)/2 of them, as a share of the median. Beside each Go
// figure stands its floor where one is known: the cheapest version of the same round trip the
// book knows how to write (a goroutine handoff, two threads ping-ponging in futex(2), a pipe to
// a child process), measured in the same run. Without python3 the Python column is skipped, with a message.
//
// Usage, from the repository's root:
//
//	go run ./internal/cmd/compare [-count N] [-benchtime D] [-budget S] [-python PATH] [-require-met]
//
// With -require-met it exits 1, after printing the table, if any check is NOT met: `make
// compare` sets it, so that a run on a busy machine leaves docs/benchmarks.md as it was.
//
// `make compare` runs it through internal/cmd/regen, which puts its output in
// docs/benchmarks.md. Progress goes to standard error.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/concurrency-models/book/internal/loadavg"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	count := fs.Int("count", 7, "repetitions of every benchmark, `n` from 1 to 50")
	benchtime := fs.Duration("benchtime", 200*time.Millisecond, "the Go benchmarks' -benchtime, from 10ms to 10s")
	budget := fs.Float64("budget", 0.2, "seconds the Python script spends on each figure, from 0.01 to 10")
	python := fs.String("python", "python3", "the Python interpreter")
	requireMet := fs.Bool("require-met", false, "exit 1, after printing the table, if a check is NOT met (make compare sets it)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./internal/cmd/compare [-count N] [-benchtime D] [-budget S] [-python PATH] [-require-met]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "compare: unexpected argument %q\n", fs.Arg(0))
	case *count < 1 || *count > 50:
		fmt.Fprintf(stderr, "compare: -count %d: want 1 to 50\n", *count)
	case *benchtime < 10*time.Millisecond || *benchtime > 10*time.Second:
		fmt.Fprintf(stderr, "compare: -benchtime %v: want 10ms to 10s\n", *benchtime)
	case *budget < 0.01 || *budget > 10:
		fmt.Fprintf(stderr, "compare: -budget %v: want 0.01 to 10\n", *budget)
	default:
		if err := compare(*count, *benchtime, *budget, *python, *requireMet, stdout, stderr); err != nil {
			fmt.Fprintf(stderr, "compare: %v\n", err)
			return 1
		}
		return 0
	}
	fs.Usage()
	return 2
}

// goPackage is a package whose benchmarks the table uses.
type goPackage struct {
	dir       string // from the repository's root
	bench     string // -test.bench
	benchtime string // "" for the -benchtime flag
}

var goPackages = []goPackage{
	{dir: "ch01-blocking/aio", bench: "^Benchmark(CreateAndAwaitTask|Yield|CallSoonThreadsafeRoundTrip)$"},
	{dir: "ch02-executor/executor", bench: "^Benchmark(RunInExecutor(RoundTrip|NoSpin|Goroutines|Burst|BurstNoSpin)|ProcessPoolCall(OverPing)?|Floor.*)$"},
	{dir: "ch04-spinner", bench: "^BenchmarkStartStop(Goroutine|OSThread|Process)$"},
	{dir: "ch05-queues-locks", bench: "^BenchmarkQueue(Channel|MutexFIFO|Async)$"},
	{dir: "ch02-executor", bench: "^BenchmarkCPU$", benchtime: "2x"},
}

func compare(count int, benchtime time.Duration, budget float64, python string, requireMet bool, stdout, stderr io.Writer) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "compare")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	var bins []string
	for i, p := range goPackages {
		bin := filepath.Join(tmp, fmt.Sprintf("bench%d.test", i))
		fmt.Fprintf(stderr, "compare: building ./%s's benchmarks\n", p.dir)
		cmd := exec.Command("go", "test", "-c", "-o", bin, "./"+p.dir)
		cmd.Dir, cmd.Stdout, cmd.Stderr = root, stderr, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go test -c ./%s: %v", p.dir, err)
		}
		bins = append(bins, bin)
	}

	script := filepath.Join(root, "internal", "compare", "python", "bench.py")
	pyVersion, pyErr := pythonVersion(python)
	if pyErr != nil {
		fmt.Fprintf(stderr, "compare: %v: skipping the Python column\n", pyErr)
	}

	before := loadavg.Averages()
	goRuns, pyRuns := samples{}, samples{}
	runGo := func() error {
		for i, p := range goPackages {
			bt := p.benchtime
			if bt == "" {
				bt = benchtime.String()
			}
			cmd := exec.Command(bins[i], "-test.run=^$", "-test.bench="+p.bench, "-test.benchtime="+bt, "-test.benchmem")
			cmd.Dir, cmd.Stderr = filepath.Join(root, p.dir), stderr
			out, err := cmd.Output()
			if err != nil {
				return fmt.Errorf("benchmarks of ./%s: %v\n%s", p.dir, err, out)
			}
			goRuns.add(parseGoBench(out))
		}
		return nil
	}
	runPython := func() error {
		if pyErr != nil {
			return nil
		}
		cmd := exec.Command(python, script, "-budget", fmt.Sprint(budget))
		cmd.Dir, cmd.Stderr = root, stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("%s: %v", script, err)
		}
		figs, err := parsePython(out)
		if err != nil {
			return err
		}
		pyRuns.add(figs)
		return nil
	}
	for rep := range count {
		fmt.Fprintf(stderr, "compare: repetition %d of %d\n", rep+1, count)
		first, second := runGo, runPython
		if rep%2 == 1 { // alternate, so that neither side always runs on a warmer machine
			first, second = second, first
		}
		if err := first(); err != nil {
			return err
		}
		if err := second(); err != nil {
			return err
		}
	}
	after := loadavg.Averages()
	// A renamed benchmark would leave a row empty without a word: say so instead.
	for _, name := range goBenchmarks() {
		if len(goRuns[name]) == 0 {
			return fmt.Errorf("no figure for %s: was it renamed? (see goPackages)", name)
		}
	}
	for _, name := range goMetrics() {
		if len(goRuns[name]) == 0 {
			return fmt.Errorf("no figure %q: does the benchmark still report it?", name)
		}
	}
	if pyErr == nil {
		for _, r := range rows {
			if len(pyRuns[r.py]) == 0 {
				return fmt.Errorf("%s printed no figure %q", script, r.py)
			}
		}
	}

	m := machine{
		CPU: cpuModel(), Cores: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH,
		Go: runtime.Version(), Python: pyVersion, LoadBefore: before, LoadAfter: after,
		Count: count,
	}
	if pyErr != nil {
		m.Python = ""
		m.NoPython = pyErr.Error()
	}
	if _, err := io.WriteString(stdout, render(m, goRuns, pyRuns)); err != nil {
		return err
	}
	if n := unmet(checks(goRuns, pyRuns)); requireMet && n > 0 {
		// make compare writes the table into docs/benchmarks.md, whose prose says the targets
		// are met: a run on a busy machine must not replace a table that shows them met.
		return fmt.Errorf("%d of the checks NOT met; with -require-met that fails the run (is the machine busy? see the load average)", n)
	}
	return nil
}

// unmet counts the checks that say NOT met.
func unmet(checks []string) int {
	n := 0
	for _, c := range checks {
		if strings.Contains(c, "NOT met") {
			n++
		}
	}
	return n
}

// repoRoot is the directory of the module's go.mod.
func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run it from inside the book's module")
	}
	return filepath.Dir(mod), nil
}

func pythonVersion(python string) (string, error) {
	path, err := exec.LookPath(python)
	if err != nil {
		return "", fmt.Errorf("no %s found", python)
	}
	out, err := exec.Command(path, "-c", "import sys; print(sys.version.split()[0])").Output()
	if err != nil {
		return "", fmt.Errorf("%s does not run: %v", python, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// cpuModel is the processor's name, from /proc/cpuinfo, or "unknown CPU".
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range bytes.Lines(b) {
		if k, v, ok := strings.Cut(string(line), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return "unknown CPU"
}
