package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/concurrency-models/book/internal/shape"
	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var nan = math.NaN()

func TestParseGoBench(t *testing.T) {
	out := []byte(`goos: linux
BenchmarkYield-2                	24716500	        14.54 ns/op	       0 B/op	       0 allocs/op
BenchmarkCPU/sequential-2       	       2	 61234567 ns/op
BenchmarkNoProcs 	 100	 250.5 ns/op	 260 cpu-ns/op
BenchmarkProcessPoolCallPaired-2   	   22604	     44913 ns/op	     23613 call-ns/op	  21238 echo-blocking-ns/op	      51 B/op	       3 allocs/op
PASS
`)
	got, err := parseGoBench(out)
	require.NoError(t, err)
	want := map[string]float64{
		"BenchmarkYield ns/op": 14.54, "BenchmarkYield B/op": 0, "BenchmarkYield allocs/op": 0,
		"BenchmarkCPU/sequential ns/op": 61234567,
		"BenchmarkNoProcs ns/op":        250.5, "BenchmarkNoProcs cpu-ns/op": 260,
		"BenchmarkProcessPoolCallPaired ns/op": 44913, "BenchmarkProcessPoolCallPaired call-ns/op": 23613,
		"BenchmarkProcessPoolCallPaired echo-blocking-ns/op": 21238,
		"BenchmarkProcessPoolCallPaired B/op":                51, "BenchmarkProcessPoolCallPaired allocs/op": 3,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("parseGoBench (-want +got):\n%s", d)
	}
}

func TestParsePython(t *testing.T) {
	got, err := parsePython([]byte("sleep0 2943.61 ns/op 2950 cpu-ns/op\ncpu-threads 1.10979 x\n"))
	require.NoError(t, err)
	want := map[string]float64{pyKey("sleep0", "ns/op"): 2943.61, pyKey("sleep0", cpuUnit): 2950, pyKey("cpu-threads", "x"): 1.10979}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("parsePython (-want +got):\n%s", d)
	}
	for _, bad := range []string{"sleep0 fast ns/op\n", "sleep0 2943\n", "sleep0 1 ns/op 2\n"} {
		_, err := parsePython([]byte(bad))
		assert.Errorf(t, err, "parsePython(%q): want an error", bad)
	}
}

// A check counts the rounds in which it was met, and its verdict follows the 95% interval of
// the median: met or NOT met only when the whole interval is on one side of the target,
// inconclusive when it straddles the target or when there are too few rounds for one.
func TestJudge(t *testing.T) {
	for _, tc := range []struct {
		name    string
		vals    []float64
		atLeast bool
		target  float64
		k, n    int
		median  float64
		want    verdict
	}{
		{"all nine above", []float64{11, 12, 13, 14, 15, 16, 17, 18, 19}, true, 10, 9, 9, 15, met},
		{"all nine below", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}, true, 10, 0, 9, 5, notMet},
		// 8 of 9 above, the median well above: the interval of 9 rounds leaves out the
		// lowest and the highest round, so one bad round does not make it inconclusive.
		{"one low round of nine", []float64{12, 13, 14, 15, 16, 17, 18, 19, 5}, true, 10, 8, 9, 15, met},
		// Two low rounds of nine: the interval reaches below the target.
		{"two low rounds of nine", []float64{12, 13, 14, 15, 16, 17, 18, 5, 6}, true, 10, 7, 9, 14, inconclusive},
		// At most: 1.2 to 1.3 against 1.25, the median under it: still inconclusive.
		{"straddling at most", []float64{1.20, 1.21, 1.22, 1.23, 1.24, 1.26, 1.27, 1.28, 1.30}, false, 1.25, 5, 9, 1.24, inconclusive},
		{"all at most", []float64{1.0, 1.1, 1.1, 1.2, 1.0, 1.1, 1.2}, false, 1.25, 7, 7, 1.1, met},
		// Rounds that lack the figure count in neither k nor N.
		{"rounds without a figure", []float64{11, nan, 12, 13, 14, 15, 16, nan}, true, 10, 6, 6, 13.5, met},
		{"too few rounds", []float64{11, 12, 13}, true, 10, 3, 3, 12, inconclusive},
		{"none", []float64{nan, nan}, true, 10, 0, 0, 0, inconclusive},
	} {
		j := judge(tc.vals, tc.atLeast, tc.target)
		// k of n, the median and the verdict, compared as one value (exactly, as judge's
		// arithmetic is exact on these rounds); the interval goes in the message.
		type judged struct {
			K, N    int
			Median  float64
			Verdict verdict
		}
		assert.Equalf(t, judged{tc.k, tc.n, tc.median, tc.want}, judged{j.k, j.n, j.median, j.verdict},
			"%s: judge (interval %v to %v)", tc.name, j.lo, j.hi)
	}
}

// Each figure's Python and Go sides run back to back, and which goes first alternates from
// round to round: Python, Go; Go, Python; Python, Go; ...
func TestScheduleAlternatesBackToBack(t *testing.T) {
	gs := []group{{py: []string{"a"}}, {}, {py: []string{"c"}}}
	var got []string
	for _, s := range schedule(gs, 4, false) {
		side := "go"
		if s.python {
			side = "py"
		}
		got = append(got, fmt.Sprintf("%d%d%s", s.round, s.group, side))
	}
	want := []string{
		"00py", "00go", "01go", "02py", "02go",
		"10go", "10py", "11go", "12go", "12py",
		"20py", "20go", "21go", "22py", "22go",
		"30go", "30py", "31go", "32go", "32py",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("schedule (-want +got):\n%s", d)
	}
	// Without Python, only the Go sides.
	for _, s := range schedule(gs, 2, true) {
		assert.Falsef(t, s.python, "schedule without Python has a Python step: %+v", s)
	}
}

// fakeRuns are rounds in which every figure the tables use has a value: Python figures 1000 ns,
// Go figures 100 ns, floors 80 ns, CPU the same as time.
func fakeRuns(n int) runs {
	rs := make(runs, n)
	for i := range rs {
		r := map[string]float64{}
		for _, row := range rows {
			r[pyKey(row.py, "ns/op")], r[pyKey(row.py, cpuUnit)] = 1000, 1000
			r[goKey(row.bench, row.unit)], r[goKey(row.bench, cpuUnit)] = 100, 100
		}
		for _, b := range bounds {
			r[goKey(b.paired, b.side+"-ns/op")], r[goKey(b.paired, b.side+"-"+cpuUnit)] = 100, 100
			for _, f := range b.floorSides {
				r[goKey(b.paired, f+"-ns/op")], r[goKey(b.paired, f+"-"+cpuUnit)] = 80, 80
			}
			r[goKey(b.apart, b.apartUnit)] = 100
		}
		for _, f := range floors {
			r[goKey(f.bench, floorTrip)], r[goKey(f.bench, floorTripCPU)] = 80, 80
		}
		for _, k := range []string{cpuSequential, "BenchmarkCPU/threadpool", "BenchmarkCPU/processpool", "BenchmarkCPU/goroutines"} {
			r[goKey(k, "ns/op")] = 100
		}
		r[pyKey("cpu-threads", "x")], r[pyKey("cpu-processes", "x")] = 1, 2
		rs[i] = r
	}
	return rs
}

func testMachine(n int) machine {
	m := machine{CPU: "Test CPU", Cores: 2, OS: "linux/amd64", Go: "go1.26.8", Python: "3.11.7",
		LoadBefore: "1.00 1.00 1.00", LoadAfter: "2.00 1.00 1.00", Took: "3m2s"}
	for i := range n {
		m.Rounds = append(m.Rounds, fmt.Sprintf("%d.00 1.00 1.00", i))
	}
	return m
}

// The page shows every round: each check lists every round's ratio in order, a round that
// fails included, and says in how many it was met.
func TestRenderShowsEveryRound(t *testing.T) {
	rs := fakeRuns(9)
	// The process pool's call is slower than 1.25 times its floor in rounds 3 and 7 only.
	rs[2][goKey(pairedPool, "call-ns/op")] = 150 // 150/80 = 1.875
	rs[6][goKey(pairedPool, "call-ns/op")] = 200 // 2.5
	out := render(testMachine(9), rs)
	for _, line := range []string{
		"  process pool call: Go/echo child, paired, want <= 1.25: met in 7 of 9 rounds; median 1.25x, range 1.25x to 2.50x: inconclusive (the 95% interval of the median, 1.25x to 1.88x, straddles 1.25; load average 1.00 1.00 1.00 before, 2.00 1.00 1.00 after)",
		"    rounds: 1.25x 1.25x 1.88x 1.25x 1.25x 1.25x 2.50x 1.25x 1.25x",
		"  yield: Python/Go, want >= 50: met in 0 of 9 rounds; median 10.0x, range 10.0x to 10.0x: NOT met",
		"  task create+await: Python/Go, want >= 10: met in 9 of 9 rounds; median 10.0x, range 10.0x to 10.0x: met",
		"  9: 8.00 1.00 1.00; Python first",
		"load average: 1.00 1.00 1.00 before, 2.00 1.00 1.00 after; 9 rounds in 3m2s, every one shown",
		"  8: 7.00 1.00 1.00; Go first",
	} {
		assert.Contains(t, out, line+"\n", "the table lacks the line")
	}
}

// The cheaper of the two echo children is the floor, round by round, and its CPU time comes
// with it.
func TestThePairedFloorIsTheCheaperEcho(t *testing.T) {
	b := boundOf("process pool call", "echo child")
	r := map[string]float64{
		goKey(pairedPool, "call-ns/op"): 120, goKey(pairedPool, "call-cpu-ns/op"): 150,
		goKey(pairedPool, "echo-blocking-ns/op"): 100, goKey(pairedPool, "echo-blocking-cpu-ns/op"): 100,
		goKey(pairedPool, "echo-osfile-ns/op"): 110, goKey(pairedPool, "echo-osfile-cpu-ns/op"): 50,
	}
	assert.Equal(t, 1.2, pairedRatio(b, "ns/op")(r), "call/floor: want 120/100")
	assert.Equal(t, 1.5, pairedRatio(b, cpuUnit)(r), "CPU call/floor: want 150/100 (the blocking echo's, the faster one)")
	r[goKey(pairedPool, "echo-osfile-ns/op")] = 60
	assert.Equal(t, 2.0, pairedRatio(b, "ns/op")(r), "call/floor: want 120/60 once os.File is the faster")
}

// The OS-thread workers are held to the locked partner, paired, in time (1.25) and in CPU time
// (1.5): a call is a hand-off between the loop's unlocked goroutine and one locked worker, the
// partner's trip. The locked goroutines, dearer (a locked end on both sides), and the futex
// ping-pong in the same benchmark are information only: a round within 1.25 of the locked
// goroutines but not of the partner fails, and one far above the futex ping-pong but close to
// the partner meets both checks.
func TestTheOSThreadWorkersAreHeldToTheLockedPartner(t *testing.T) {
	rs := fakeRuns(9)
	for i, r := range rs {
		r[goKey(pairedExecutor, "threads-ns/op")], r[goKey(pairedExecutor, "threads-cpu-ns/op")] = 60000, 70000
		r[goKey(pairedExecutor, "partner-ns/op")], r[goKey(pairedExecutor, "partner-cpu-ns/op")] = 50000, 50000
		r[goKey(pairedExecutor, "locked-ns/op")], r[goKey(pairedExecutor, "locked-cpu-ns/op")] = 75000, 75000
		r[goKey(pairedExecutor, "futex-ns/op")], r[goKey(pairedExecutor, "futex-cpu-ns/op")] = 10000, 10000
		if i == 4 { // one round's CPU time is twice the floor's
			r[goKey(pairedExecutor, "threads-cpu-ns/op")] = 100000
		}
		if i == 7 { // one round's time is 1.5 times the partner's, under the locked goroutines'
			r[goKey(pairedExecutor, "threads-ns/op")] = 75000
		}
	}
	out := render(testMachine(9), rs)
	for _, line := range []string{
		"  run_in_executor, OS-thread workers: Go/locked partner, paired, want <= 1.25: met in 8 of 9 rounds; median 1.20x, range 1.20x to 1.50x: met",
		"    rounds: 1.20x 1.20x 1.20x 1.20x 1.20x 1.20x 1.20x 1.50x 1.20x",
		"  run_in_executor, OS-thread workers: CPU Go/locked partner, paired, want <= 1.5: met in 8 of 9 rounds; median 1.40x, range 1.40x to 2.00x: met",
		"    rounds: 1.40x 1.40x 1.40x 1.40x 2.00x 1.40x 1.40x 1.40x 1.40x",
	} {
		assert.Contains(t, out, line+"\n", "the table lacks the line")
	}
	// The three floors stand in the table of bounds, the partner first, the figure's time
	// beside each.
	at := -1
	for _, row := range []string{
		"run_in_executor: OS-thread workers   locked partner        60.0µs    50.0µs    1.20x    1.20x to 1.50x",
		"  the same                           locked goroutines     60.0µs    75.0µs    0.80x    0.80x to 1.00x",
		"  the same                           futex ping-pong       60.0µs    10.0µs    6.00x    6.00x to 7.50x",
	} {
		i := strings.Index(out, "\n"+row)
		if assert.GreaterOrEqualf(t, i, 0, "the table lacks the row %q", row) {
			assert.Greaterf(t, i, at, "the row %q comes before the one it follows", row)
			at = i
		}
	}
}

// The table has the shape docs/benchmarks.md's block is checked against, with Python and
// without.
func TestRenderHasTheDocumentedShape(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/shape.txtar")
	require.NoError(t, err)
	var want string
	for _, f := range ar.Files {
		if f.Name == "table" {
			want = string(f.Data)
		}
	}
	with := render(testMachine(3), fakeRuns(3))
	m := testMachine(3)
	m.Python, m.NoPython = "", "no python3 found"
	rs := fakeRuns(3)
	for _, r := range rs {
		for k := range r {
			if strings.HasPrefix(k, "py ") {
				delete(r, k)
			}
		}
	}
	without := render(m, rs)
	for name, out := range map[string]string{"with Python": with, "without Python": without} {
		assert.Regexpf(t, shape.Regexp(want), out, "the table %s does not have the shape of testdata/shape.txtar table", name)
	}
	assert.Contains(t, without, "  yield: Python/Go, want >= 50: no figure\n", "the table without Python does not say the Python figure is missing")
}

func TestBadFlagsAreUsageErrors(t *testing.T) {
	// -require-met is gone: no run may refuse to publish its table.
	for _, args := range [][]string{{"-count", "0"}, {"-count", "51"}, {"-benchtime", "1ns"}, {"-budget", "100"},
		{"-run", "("}, {"extra"}, {"-nosuch"}, {"-require-met"}} {
		var stdout, stderr bytes.Buffer
		assert.Equalf(t, 2, run(args, &stdout, &stderr), "run(%q): exit status", args)
		assert.Containsf(t, stderr.String(), "usage: go run ./internal/cmd/compare", "run(%q) printed no usage", args)
	}
}

// declared lists the benchmark functions of a package's test files.
func declared(t *testing.T, pkg string) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "..", pkg, "*_test.go"))
	require.NoErrorf(t, err, "test files in %s", pkg)
	require.NotEmptyf(t, files, "no test files in %s", pkg)
	out := map[string]bool{}
	for _, f := range files {
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range af.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Benchmark") {
				out[fn.Name.Name] = true
			}
		}
	}
	return out
}

// Every benchmark the tables use is declared in a group's package and selected by that
// group's -test.bench: a renamed benchmark fails here, not as an empty cell on the page.
func TestEveryBenchmarkIsDeclaredAndSelected(t *testing.T) {
	var names []string
	for _, r := range rows {
		names = append(names, r.bench)
	}
	for _, b := range bounds {
		names = append(names, b.paired, b.apart)
		names = append(names, b.floorApart...)
	}
	for _, f := range floors {
		names = append(names, f.bench)
	}
	for _, c := range cpuRows {
		names = append(names, c.bench)
	}
	names = append(names, cpuSequential)
	for _, name := range names {
		fn, _, _ := strings.Cut(name, "/")
		found := false
		for _, g := range groups {
			if declared(t, g.pkg)[fn] && regexp.MustCompile(g.bench).MatchString(fn) {
				found = true
			}
		}
		assert.Truef(t, found, "%s: no group's package declares and selects it", name)
	}
	for _, r := range rows {
		assert.Truef(t, slices.ContainsFunc(groups, func(g group) bool { return slices.Contains(g.py, r.py) }),
			"row %q: no group runs bench.py's %s", r.figure, r.py)
	}
}

// No figure is measured against code it shares. The floors measured apart are benchmarks of
// package internal/compare/floor (whose own test holds it to the standard library), and in a
// paired benchmark every floor side is a floor: a value made by a function of package floor,
// never by the code under test.
func TestFloorsAreTheFloorPackage(t *testing.T) {
	floorBenches := declared(t, pkgFloor)
	for _, b := range bounds {
		for _, f := range b.floorApart {
			assert.Containsf(t, floorBenches, f, "%s: the floor measured apart, %s, is not a benchmark of %s", b.figure, f, pkgFloor)
		}
	}
	floorSides := map[string]bool{}
	for _, b := range bounds {
		for _, s := range b.floorSides {
			floorSides[s] = true
		}
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join("..", "..", "..", pkgExecutor, "paired_bench_test.go"), nil, parser.SkipObjectResolution)
	require.NoError(t, err)
	// madeByFloor: the variables assigned the result of a call of package floor, and the
	// function called.
	madeByFloor := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
			if call, ok := as.Rhs[0].(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
					if x, ok := sel.X.(*ast.Ident); ok && x.Name == "floor" {
						if id, ok := as.Lhs[0].(*ast.Ident); ok {
							madeByFloor[id.Name] = sel.Sel.Name
						}
					}
				}
			}
		}
		return true
	})
	seen := map[string]string{} // a floor side's name: its floor's variable
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		// side{...}, or an element of []side{{...}} whose type is left out.
		if id, ok := lit.Type.(*ast.Ident); lit.Type != nil && (!ok || id.Name != "side") {
			return true
		}
		var name string
		fields := map[string]ast.Expr{}
		for _, e := range lit.Elts {
			kv, ok := e.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			key := kv.Key.(*ast.Ident).Name
			fields[key] = kv.Value
			if bl, ok := kv.Value.(*ast.BasicLit); ok && key == "name" {
				name, _ = strconv.Unquote(bl.Value)
			}
		}
		if !floorSides[name] {
			return true
		}
		var floorVar string // "" unless the floor field is a variable
		if v, ok := fields["floor"].(*ast.Ident); ok {
			floorVar = v.Name
		}
		seen[name] = floorVar
		at := fset.Position(lit.Pos())
		assert.Containsf(t, madeByFloor, floorVar, "%s: the side %q is not a value made by package floor alone: its floor", at, name)
		assert.Nilf(t, fields["run"], "%s: the side %q is not a value made by package floor alone: it has a run", at, name)
		assert.Nilf(t, fields["timed"], "%s: the side %q is not a value made by package floor alone: it has a timed", at, name)
		return true
	})
	for s := range floorSides {
		assert.Containsf(t, seen, s, "no side %q in %s/paired_bench_test.go", s, pkgExecutor)
	}
	// And each is the floor its bound names: the OS-thread workers' is the locked partner, one
	// locked end as a call has, not the locked goroutines, locked at both.
	made := map[string]string{
		"echo child":         "StartEcho",
		"locked partner":     "NewLockedPartner",
		"locked goroutines":  "NewLocked",
		"futex ping-pong":    "NewFutex",
		"channel round trip": "NewChannel",
	}
	for _, b := range bounds {
		require.Containsf(t, made, b.floor, "%s: a floor this test does not know, %q", b.figure, b.floor)
		for _, s := range b.floorSides {
			assert.Equalf(t, made[b.floor], madeByFloor[seen[s]], "%s against %s: the side %q is made by floor.%s",
				b.figure, b.floor, s, madeByFloor[seen[s]])
		}
	}
}
