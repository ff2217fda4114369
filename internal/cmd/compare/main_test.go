package main

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurrency-models/book/internal/golden"
	"github.com/concurrency-models/book/internal/shape"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseGoBench(t *testing.T) {
	out := []byte(`goos: linux
BenchmarkYield-2                	24716500	        14.54 ns/op	       0 B/op	       0 allocs/op
BenchmarkCreateAndAwaitTask-2   	 1000000	       677.0 ns/op	     120 B/op	       1 allocs/op
BenchmarkCPU/sequential-2       	       2	 61234567 ns/op
BenchmarkNoProcs 	 100	 250.5 ns/op
BenchmarkProcessPoolCallOverPing-2   	   22604	     44913 ns/op	     23613 call-ns/op	         1.112 call/ping	     21238 ping-ns/op	      51 B/op	       3 allocs/op
PASS
`)
	got := parseGoBench(out)
	want := map[string]float64{"BenchmarkYield": 14.54, "BenchmarkYield B/op": 0, "BenchmarkYield allocs/op": 0,
		"BenchmarkCreateAndAwaitTask": 677, "BenchmarkCreateAndAwaitTask B/op": 120, "BenchmarkCreateAndAwaitTask allocs/op": 1,
		"BenchmarkCPU/sequential": 61234567, "BenchmarkNoProcs": 250.5,
		goPoolPaired: 44913, pairedCall: 23613, metric(goPoolPaired, "call/ping"): 1.112, pairedPing: 21238,
		metric(goPoolPaired, "B/op"): 51, allocs(goPoolPaired): 3}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("parseGoBench (-want +got):\n%s", d)
	}
}

func TestParsePython(t *testing.T) {
	got, err := parsePython([]byte("sleep0 2943.61\ncpu-threads 1.10979\n"))
	require.NoError(t, err)
	if d := cmp.Diff(map[string]float64{"sleep0": 2943.61, "cpu-threads": 1.10979}, got); d != "" {
		t.Errorf("parsePython (-want +got):\n%s", d)
	}
	_, err = parsePython([]byte("sleep0 fast\n"))
	assert.Error(t, err, "parsePython(%q)", "sleep0 fast")
}

func TestStat(t *testing.T) {
	s := samples{"x": {30, 10, 20, 40}}
	got := s.stat("x")
	assert.Equal(t, stat{median: 25, spread: 15.0 / 25, ok: true}, got, "stat(10 20 30 40)")
	assert.False(t, s.stat("missing").ok, "stat(missing)")
}

func TestDuration(t *testing.T) {
	for ns, want := range map[float64]string{14.54: "14.5ns", 691: "691ns", 27300: "27.3µs", 2.7e6: "2.70ms", 1.5e9: "1.50s"} {
		assert.Equal(t, want, duration(ns), "duration(%v)", ns)
	}
}

// The table has the shape docs/benchmarks.md's block is checked against, with Python and
// without, and its checks follow from the medians.
func TestRenderHasTheDocumentedShape(t *testing.T) {
	want := golden.Read(t, "testdata/shape.txtar", "table")
	goRuns := samples{}
	for _, name := range []string{goStartGoroutine, goStartOSThread, goStartProcess, goCreateAwait, goYield,
		goCallSoon, goExecThreads, goExecGoroutines, goPoolCall, goExecNoSpin, goExecBurst, goExecBurstNo, goQueueFIFO, goQueueChannel, goQueueAsync,
		floorHandoff, floorLocked, floorFutex, floorGoJoin, floorPipe, goPoolPaired, pairedCall, pairedPing,
		"BenchmarkCPU/sequential", "BenchmarkCPU/threadpool", "BenchmarkCPU/processpool", "BenchmarkCPU/goroutines"} {
		goRuns[name] = []float64{1000, 1100}
	}
	goRuns[goYield] = []float64{10, 10}
	goRuns[pairedCall] = []float64{1200, 1300}
	goRuns[goPoolPaired] = []float64{2200, 2300}
	goRuns[allocs(goPoolPaired)] = []float64{3, 3}
	goRuns[allocs(goCreateAwait)] = []float64{1, 1}
	pyRuns := samples{}
	for _, r := range rows {
		pyRuns[r.py] = []float64{1000, 1000}
	}
	m := machine{CPU: "Test CPU", Cores: 2, OS: "linux/amd64", Go: "go1.26.8", Python: "3.11.7", LoadBefore: "1.00 1.00 1.00", LoadAfter: "2.00 1.00 1.00", Count: 2}
	with := render(m, goRuns, pyRuns)
	m.Python, m.NoPython = "", "no python3 found"
	without := render(m, goRuns, samples{})
	for name, out := range map[string]string{"with Python": with, "without Python": without} {
		assert.True(t, shape.Match(want, out), "the table %s does not have the shape of testdata/shape.txtar table:\n%s", name, out)
	}
	for _, line := range []string{
		"  yield: Python/Go = 100x, want >= 50: met",
		"  run_in_executor, OS-thread workers: no spin/spin = 1.00x, want >= 3: NOT met",
		"  task create+await: Python/Go = 0.95x, want >= 10: NOT met", // median of 1000/1000 and 1000/1100
		"  process pool call: Go/paired pipe round trip = 1.19x, best/best 1.20x (measured apart: 1.00x); want <= 1.25: met, met",
	} {
		assert.Contains(t, with, line+"\n", "the table with Python")
	}
	// The allocations per operation, where -benchmem reported them, and "-" where not; a
	// metric's row has its benchmark's.
	// The allocs column: 1 for task create+await, 3 for the process pool call, - for yield.
	assert.Regexp(t, `(?m)^task create\+await +\S+ +\S+ +1 `, with)
	assert.Regexp(t, `(?m)^process pool call +\S+ +\S+ +3 `, with)
	assert.Regexp(t, `(?m)^yield: sleep\(0\) / co\.Yield +\S+ +\S+ +- `, with)
	assert.Contains(t, without, "  yield: want Python/Go >= 50: no Python figure\n", "the table without Python says the Python figure is missing")
}

func TestBadFlagsAreUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"-count", "0"}, {"-count", "51"}, {"-benchtime", "1ns"}, {"-budget", "100"}, {"extra"}, {"-nosuch"}} {
		var stdout, stderr bytes.Buffer
		assert.Equal(t, 2, run(args, &stdout, &stderr), "run(%q)", args)
		assert.Contains(t, stderr.String(), "usage: go run ./internal/cmd/compare", "run(%q)", args)
	}
}

// A ratio compares two figures of the same repetition, and takes the median over repetitions.
func TestRatioOfPairsRepetitions(t *testing.T) {
	// The load doubles every figure of the second and third repetitions; per repetition, a is
	// always twice b.
	got, ok := ratioOf([]float64{2, 40, 40}, []float64{1, 20, 20})
	assert.True(t, ok, "ratioOf(2 40 40, 1 20 20)")
	assert.Equal(t, 2.0, got, "ratioOf(2 40 40, 1 20 20)")
	_, ok = ratioOf(nil, []float64{1})
	assert.False(t, ok, "ratioOf(nil, 1) reports a ratio")
}

// Every benchmark the table uses is declared in one of goPackages' directories, and that
// package's -test.bench pattern selects it: a renamed benchmark fails here, not as an empty
// cell in docs/benchmarks.md.
func TestEveryBenchmarkIsDeclaredAndSelected(t *testing.T) {
	declared := map[string]int{} // benchmark function -> index in goPackages
	fset := token.NewFileSet()
	for i, p := range goPackages {
		files, err := filepath.Glob(filepath.Join("..", "..", "..", p.dir, "*_test.go"))
		require.NoError(t, err)
		require.NotEmpty(t, files, "test files in %s", p.dir)
		for _, f := range files {
			af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
			require.NoError(t, err)
			for _, d := range af.Decls {
				if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Benchmark") {
					declared[fn.Name.Name] = i
				}
			}
		}
	}
	for _, name := range goBenchmarks() {
		fn, _, _ := strings.Cut(name, "/") // BenchmarkCPU/sequential is a sub-benchmark of BenchmarkCPU
		i, ok := declared[fn]
		if !assert.True(t, ok, "%s: no func %s in any of goPackages' directories", name, fn) {
			continue
		}
		assert.Regexp(t, goPackages[i].bench, fn, "%s: ./%s's -test.bench does not select it", name, goPackages[i].dir)
	}
}

// unmet counts what -require-met fails on: a verdict NOT met, in a check with one verdict or two;
// a missing Python figure is not one.
func TestUnmetCountsTheChecksNotMet(t *testing.T) {
	got := unmet([]string{
		"yield: Python/Go = 100x, want >= 50: met",
		"task create+await: Python/Go = 9.70x, want >= 10: NOT met",
		"process pool call: Go/paired pipe round trip = 1.30x, best/best 1.20x; want <= 1.25: NOT met, met",
		"yield: want Python/Go >= 50: no Python figure",
	})
	assert.Equal(t, 2, got, "unmet")
}
