// Command compare measures Python's concurrency primitives and the book's Go counterparts on
// one machine, in one run, and prints the tables of docs/benchmarks.md.
//
// It builds the Go benchmarks' test binaries once, then runs rounds. In each round every
// figure's two sides run back to back, each in a fresh process: the Python side
// (internal/compare/python/bench.py, standard library only) and the Go side (the benchmarks
// beside the code they measure, read with golang.org/x/perf/benchfmt). Which side goes first
// alternates from round to round (Python, Go; Go, Python; ...), so that neither always runs
// on a warmer or a quieter machine. A ratio is taken within each round and summarized over
// the rounds — the median, the full range and the 95% confidence interval of the median
// (golang.org/x/perf/benchmath) — and no round is ever left out: a check says in how many
// rounds it was met, and "inconclusive" when the interval straddles its target.
//
// Beside each Go figure that has one stands its floor (package internal/compare/floor, which
// shares no code with the book), measured paired with the figure in one process and apart in
// a process of its own; beside each time, the CPU time per operation (user and system, the
// worker processes' included). Without python3 the Python column is empty, with a message.
//
// Usage, from the repository's root:
//
//	go run ./internal/cmd/compare [-count N] [-benchtime D] [-budget S] [-python PATH] [-run REGEXP]
//
// `make compare` runs it through internal/cmd/regen, which puts its output, whatever the
// verdicts, in docs/benchmarks.md. Progress goes to standard error.
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
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concurrency-models/book/internal/compare/cputime"
	"github.com/concurrency-models/book/internal/loadavg"
	"golang.org/x/perf/benchfmt"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	count := fs.Int("count", 9, "rounds, `n` from 1 to 50")
	benchtime := fs.Duration("benchtime", 200*time.Millisecond, "the Go benchmarks' -benchtime, from 10ms to 10s")
	budget := fs.Float64("budget", 0.2, "seconds the Python script spends on each figure, from 0.01 to 10")
	python := fs.String("python", "python3", "the Python interpreter")
	only := fs.String("run", "", "run only the groups whose Python figure or Go package matches `regexp` (for trying the harness out)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./internal/cmd/compare [-count N] [-benchtime D] [-budget S] [-python PATH] [-run REGEXP]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var re *regexp.Regexp
	var reErr error
	if *only != "" {
		re, reErr = regexp.Compile(*only)
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
	case reErr != nil:
		fmt.Fprintf(stderr, "compare: -run: %v\n", reErr)
	default:
		gs := groups
		if re != nil {
			gs = slices.DeleteFunc(slices.Clone(groups), func(g group) bool {
				return !re.MatchString(g.pkg) && !slices.ContainsFunc(g.py, re.MatchString)
			})
		}
		if err := compare(gs, *count, *benchtime, *budget, *python, stdout, stderr); err != nil {
			fmt.Fprintf(stderr, "compare: %v\n", err)
			return 1
		}
		return 0
	}
	fs.Usage()
	return 2
}

// A step is one side of one group in one round.
type step struct {
	round, group int
	python       bool
}

// pythonFirst says whether round i (from 0) runs each figure's Python side first: every other
// round, so that the order goes Python, Go; Go, Python; Python, Go; ... (ABBA).
func pythonFirst(i int) bool { return i%2 == 0 }

// schedule lists the steps of rounds rounds over gs in the order they run: round by round,
// group by group, each group's two sides back to back, Python first in the rounds where
// pythonFirst says so. A group without a Python figure has its Go side alone, and so has every
// group when noPython.
func schedule(gs []group, rounds int, noPython bool) []step {
	var out []step
	for r := range rounds {
		for g := range gs {
			py, goSide := step{r, g, true}, step{r, g, false}
			switch {
			case noPython || len(gs[g].py) == 0:
				out = append(out, goSide)
			case pythonFirst(r):
				out = append(out, py, goSide)
			default:
				out = append(out, goSide, py)
			}
		}
	}
	return out
}

func compare(gs []group, count int, benchtime time.Duration, budget float64, python string, stdout, stderr io.Writer) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "compare")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	bins := map[string]string{} // package -> test binary
	for _, g := range gs {
		if _, ok := bins[g.pkg]; ok {
			continue
		}
		bin := filepath.Join(tmp, fmt.Sprintf("bench%d.test", len(bins)))
		fmt.Fprintf(stderr, "compare: building ./%s's benchmarks\n", g.pkg)
		cmd := exec.Command("go", "test", "-c", "-o", bin, "./"+g.pkg)
		cmd.Dir, cmd.Stdout, cmd.Stderr = root, stderr, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go test -c ./%s: %v", g.pkg, err)
		}
		bins[g.pkg] = bin
	}
	script := filepath.Join(root, "internal", "compare", "python", "bench.py")
	pyVersion, pyErr := pythonVersion(python)
	if pyErr != nil {
		fmt.Fprintf(stderr, "compare: %v: skipping the Python column\n", pyErr)
	}

	m := machine{
		CPU: cpuModel(), Cores: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH,
		Go: runtime.Version(), Python: pyVersion, LoadBefore: loadavg.Averages(),
	}
	if pyErr != nil {
		m.NoPython = pyErr.Error()
	}
	rs := make(runs, count)
	for i := range rs {
		rs[i] = map[string]float64{}
	}
	start := time.Now()
	for _, s := range schedule(gs, count, pyErr != nil) {
		if s.group == 0 && (s.python == pythonFirst(s.round) || len(gs[0].py) == 0 || pyErr != nil) {
			m.Rounds = append(m.Rounds, loadavg.Averages())
			fmt.Fprintf(stderr, "compare: round %d of %d (%s so far)\n", s.round+1, count, time.Since(start).Round(time.Second))
		}
		g := gs[s.group]
		var figs map[string]float64
		var err error
		if s.python {
			figs, err = runPython(python, script, budget, g.py, root, stderr)
		} else {
			bt := g.benchtime
			if bt == "" {
				bt = benchtime.String()
			}
			figs, err = runGo(bins[g.pkg], filepath.Join(root, g.pkg), g.bench, bt, stderr)
		}
		if err != nil {
			return err
		}
		for k, v := range figs {
			rs[s.round][k] = v
		}
	}
	m.LoadAfter = loadavg.Averages()
	m.Took = time.Since(start).Round(time.Second).String()
	fmt.Fprintf(stderr, "compare: %d rounds in %s\n", count, m.Took)
	_, err = io.WriteString(stdout, render(m, rs))
	return err
}

// runGo runs a package's test binary on the benchmarks that bench selects, in dir, once, and
// reads their results: every value under goKey(benchmark, unit), the units as the benchmark
// printed them (ns/op, cpu-ns/op, call-ns/op, allocs/op ...).
func runGo(bin, dir, bench, benchtime string, stderr io.Writer) (map[string]float64, error) {
	cmd := exec.Command(bin, "-test.run=^$", "-test.bench="+bench, "-test.benchtime="+benchtime, "-test.benchmem", "-test.count=1")
	cmd.Dir, cmd.Stderr = dir, stderr
	cmd.Env = append(os.Environ(), cputime.ReportEnv+"=1")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("benchmarks of %s: %v\n%s", dir, err, out)
	}
	figs, err := parseGoBench(out)
	if err != nil {
		return nil, fmt.Errorf("benchmarks of %s: %v", dir, err)
	}
	if len(figs) == 0 {
		return nil, fmt.Errorf("benchmarks of %s: no result for -test.bench %s:\n%s", dir, bench, out)
	}
	return figs, nil
}

// parseGoBench reads go test -bench output with benchfmt: each benchmark's values, by
// goKey(name, unit), the name without its -GOMAXPROCS suffix (BenchmarkCPU/sequential) and
// the unit as printed.
func parseGoBench(out []byte) (map[string]float64, error) {
	figs := map[string]float64{}
	r := benchfmt.NewReader(bytes.NewReader(out), "go test -bench")
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			return nil, rec
		case *benchfmt.Result:
			base, parts := rec.Name.Parts()
			name := "Benchmark" + string(base)
			for _, p := range parts {
				if !bytes.HasPrefix(p, []byte("-")) { // -GOMAXPROCS
					name += string(p)
				}
			}
			for _, v := range rec.Values {
				val, unit := v.Value, v.Unit
				if v.OrigUnit != "" { // benchfmt turns ns/op into sec/op: keep what was printed
					val, unit = v.OrigValue, v.OrigUnit
				}
				figs[goKey(name, unit)] = val
			}
		}
	}
	return figs, r.Err()
}

// runPython runs bench.py on figures, in a fresh interpreter.
func runPython(python, script string, budget float64, figures []string, dir string, stderr io.Writer) (map[string]float64, error) {
	args := append([]string{script, "-budget", fmt.Sprint(budget)}, figures...)
	cmd := exec.Command(python, args...)
	cmd.Dir, cmd.Stderr = dir, stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", script, err)
	}
	figs, err := parsePython(out)
	if err != nil {
		return nil, err
	}
	for _, f := range figures {
		_, ns := figs[pyKey(f, "ns/op")]
		_, x := figs[pyKey(f, "x")]
		if !ns && !x {
			return nil, fmt.Errorf("%s printed no figure %q", script, f)
		}
	}
	return figs, nil
}

// parsePython reads bench.py's output: a figure's name, then values and their units, a line
// per figure ("sleep0 2943.6 ns/op 2950 cpu-ns/op").
func parsePython(out []byte) (map[string]float64, error) {
	figs := map[string]float64{}
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		if len(f) < 3 || len(f)%2 != 1 {
			return nil, fmt.Errorf("bench.py printed %q, want a name and pairs of a value and a unit", strings.TrimSpace(line))
		}
		for i := 1; i < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("bench.py printed %q: %v", strings.TrimSpace(line), err)
			}
			figs[pyKey(f[0], f[i+1])] = v
		}
	}
	return figs, nil
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
