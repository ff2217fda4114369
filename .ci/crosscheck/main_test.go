package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/shape"
	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The test binary is also every child the command starts (a figure's Go side, the echo child,
// a pool worker), as the command's own binary is.
func TestMain(m *testing.M) {
	if code, ok := child(os.Args[1:]); ok {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// fixture is testdata/page.txt, a frozen copy of the page's compare block.
func fixture(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/page.txt")
	require.NoError(t, err)
	return string(b)
}

// edit is text with old replaced by new once; old must be there.
func edit(t *testing.T, text, old, new string) string {
	t.Helper()
	require.Containsf(t, text, old, "the fixture has no %q", old)
	return strings.Replace(text, old, new, 1)
}

// The page's figures are read from their own rows: the first table's ratio column, the floor
// table's paired column, a check's median and range — each a value that appears elsewhere on
// the page in another meaning, so a reader that took the wrong column would fail here.
func TestParsePageReadsEachSection(t *testing.T) {
	p, err := parsePage("page.txt", fixture(t))
	require.NoError(t, err)
	for _, tc := range []struct {
		c    check
		want published
	}{
		{checks[0], published{19.3, 16.4, 26.4, true}}, // task create+await
		{checks[1], published{241, 210, 399, true}},    // yield
		{checks[3], published{1.10, 0.80, 1.39, true}}, // the pool, paired with the echo child
		{checks[4], published{1.08, 0.82, 1.30, true}}, // its CPU, from the checks
		{checks[5], published{13.7, 11.4, 16.1, true}}, // OS-thread workers, not "the same, calls 1ms apart"
		{checks[9], published{9.29, 6.15, 12.7, true}}, // the pool against Python, not against its floor
	} {
		got, found := p.lookup(tc.c)
		assert.Truef(t, found, "%s: not found", tc.c.name)
		assert.Equalf(t, tc.want, got, "%s: the figure read", tc.c.name)
	}
	assert.Equal(t, 9, p.rounds, "rounds")
}

// Every figure the harness checks is on the page as it stands: a row renamed on either side
// fails here, before a run reports it "not on the page".
func TestEveryCheckIsOnThePage(t *testing.T) {
	for _, file := range []string{"testdata/page.txt", "../../docs/benchmarks.md"} {
		b, err := os.ReadFile(file)
		require.NoError(t, err)
		p, err := parsePage(file, string(b))
		require.NoError(t, err)
		for _, c := range checks {
			_, found := p.lookup(c)
			assert.Truef(t, found, "%s: no %q for %q", file, c.key, c.name)
		}
	}
}

// A page whose layout has changed is an error that says where, never a wrong match: a column
// added, moved or renamed, a row with a cell too many, a range written otherwise, no block.
func TestParsePageRefusesAChangedLayout(t *testing.T) {
	page := fixture(t)
	for _, tc := range []struct{ name, text, want string }{
		{"a column added", edit(t, page, "CPU Go allocs", "CPU Go allocs  median"), `no table headed "figure (Python / Go)`},
		{"columns swapped", edit(t, page, "Python        Go    ratio", "Python     ratio       Go"), `no table headed "figure (Python / Go)`},
		{"the floor table renamed", edit(t, page, "paired      paired range", "pairs       pairs range"), `no table headed "Go figure`},
		{"a cell too many", edit(t, page, "19.3x    16.4x to 26.4x", "19.3x  19.0x  16.4x to 26.4x"), "page.txt:11: 9 cells where the table"},
		{"a range as A-B", edit(t, page, "16.4x to 26.4x", "16.4x-26.4x   "), `page.txt:11: "16.4x-26.4x" is not a range`},
		{"a time where a ratio was", edit(t, page, "    19.3x    16.4x", "    19.3µs   16.4x"), `page.txt:11: "19.3µs" is not a ratio`},
		{"a median outside its range", edit(t, page, "19.3x    16.4x to 26.4x", "29.3x    16.4x to 26.4x"), "not within its range"},
		{"a check reworded", edit(t, page, "met in 9 of 9 rounds; median 19.3x", "held in 9 of 9 rounds; median 19.3x"), "a check this reader does not know"},
		{"no rounds", edit(t, page, "; 9 rounds in 2m50s", "; in 2m50s"), "does not say how many rounds"},
		{"no block", strings.ReplaceAll(page, compareMarker, "<!-- regen: go run ./somewhere/else"), "no block after"},
		{"no closing fence", strings.TrimSuffix(strings.TrimSpace(page), "```"), "no closing fence"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parsePage("page.txt", tc.text)
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

// The rule: the ranges overlap, or the figure disagrees; no verdict without a figure on each
// side or from fewer than minRounds rounds.
func TestJudge(t *testing.T) {
	pub := published{median: 19.3, lo: 16.4, hi: 26.4, ok: true}
	for _, tc := range []struct {
		name  string
		pub   published
		found bool
		own   []float64
		why   string
		want  string
	}{
		{"inside", pub, true, []float64{18, 19, 20}, "", agrees},
		{"overlapping from below", pub, true, []float64{12, 14, 17}, "", agrees},
		{"overlapping from above", pub, true, []float64{26, 30, 40}, "", agrees},
		{"touching the page's top", pub, true, []float64{26.4, 28, 30}, "", agrees},
		{"wider on both sides", pub, true, []float64{5, 19, 50}, "", agrees},
		{"all above", pub, true, []float64{26.5, 28, 30}, "", disagrees},
		{"all below", pub, true, []float64{10, 12, 16.3}, "", disagrees},
		{"a median inside, a range outside is not the rule", pub, true, []float64{27, 27, 27}, "", disagrees},
		{"not on the page", published{}, false, []float64{18, 19, 20}, "", "not on the page"},
		{"no figure on the page", published{}, true, []float64{18, 19, 20}, "", "no figure on the page"},
		{"too few rounds", pub, true, []float64{18, 19}, "", "inconclusive: 2 rounds, fewer than 3"},
		{"not measured", pub, true, nil, "no python3", "not measured: no python3"},
	} {
		assert.Equalf(t, tc.want, judge(tc.pub, tc.found, tc.own, tc.why), "%s: judge", tc.name)
	}
}

// The report gives each figure its verdict on its own row, counts only the agreements, and
// says so of a figure missing from the page.
func TestReportCountsOnlyAgreements(t *testing.T) {
	page := fixture(t)
	// The page without its task create+await row.
	var kept []string
	for _, l := range strings.Split(page, "\n") {
		if !strings.HasPrefix(l, "task create+await    ") {
			kept = append(kept, l)
		}
	}
	p, err := parsePage("page.txt", strings.Join(kept, "\n"))
	require.NoError(t, err)
	rs := make([]result, len(checks))
	rs[0] = result{ratios: []float64{18, 19, 20}}    // task create+await: not on this page
	rs[1] = result{ratios: []float64{220, 240, 260}} // yield: agrees
	rs[2] = result{ratios: []float64{40, 45, 50}}    // goroutine workers: below 80.0x
	rs[3] = result{ratios: []float64{1.1, 1.2, 1.3}} // the pool paired: agrees
	for i := 4; i < len(rs); i++ {
		rs[i] = result{why: "not run in this test"}
	}
	out := report("", p, rs, []string{"1.00 1.00 1.00", "2.00 2.00 2.00", "3.00 3.00 3.00"})
	for _, want := range []string{
		"\ntask create+await: Python/Go                         -                -   19.0x   18.0x to 20.0x  not on the page\n",
		"\nyield: Python/Go                                  241x     210x to 399x    240x     220x to 260x  agrees\n",
		"\nrun_in_executor, goroutine workers: Python/Go    92.2x    80.0x to 109x   45.0x   40.0x to 50.0x  DISAGREES\n",
		"\nprocess pool call: Go/echo child, paired         1.10x   0.80x to 1.39x   1.20x   1.10x to 1.30x  agrees\n",
		"  not measured: not run in this test\n",
		"Python first\n\n2 of 13 figures agree\n",
		"\n  run_in_executor, goroutine workers: Python/Go: 40.0x 45.0x 50.0x\n",
		"\n  1: 1.00 1.00 1.00; Python first\n  2: 2.00 2.00 2.00; Go first\n  3: 3.00 3.00 3.00; Python first\n",
	} {
		assert.Contains(t, out, want, "the report")
	}
}

// The harness is independent of the page's: nothing it links, directly or not, its tests
// included, is internal/compare/... or internal/cmd/compare, and its Python script imports
// nothing of the repository's.
func TestImportsNothingOfThePagesHarness(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-test", ".").Output()
	require.NoError(t, err, "go list -deps")
	const mod = "github.com/concurrency-models/book/"
	n := 0
	var harness []string
	for _, dep := range strings.Fields(string(out)) {
		rest, ok := strings.CutPrefix(dep, mod)
		if !ok {
			continue
		}
		n++
		if rest == "internal/compare" || strings.HasPrefix(rest, "internal/compare/") || rest == "internal/cmd/compare" {
			harness = append(harness, dep)
		}
	}
	assert.Empty(t, harness, "crosscheck depends on the page's harness")
	// aio, executor, queue, and this command at least
	assert.GreaterOrEqualf(t, n, 4, "the book's packages among the dependencies: is go list reading the right package?\n%s", out)
	py, err := os.ReadFile("crosscheck.py")
	require.NoError(t, err)
	standard := []string{"asyncio", "concurrent.futures", "queue", "statistics", "sys", "threading", "time"}
	for _, l := range strings.Split(string(py), "\n") {
		if f := strings.Fields(l); len(f) > 1 && (f[0] == "import" || f[0] == "from") {
			assert.Containsf(t, standard, f[1], "crosscheck.py: %q: the script imports a module it does not list as standard", l)
		}
	}
}

// Bad usage is one line and the usage, exit status 2; a page it cannot read, exit status 1,
// before anything is measured.
func TestBadUsage(t *testing.T) {
	for _, args := range [][]string{{"-rounds", "0"}, {"-budget", "-1s"}, {"extra"}, {"-nosuch"}} {
		var stderr bytes.Buffer
		assert.Equalf(t, 2, run(context.Background(), args, &bytes.Buffer{}, &stderr), "run(%q): exit status; stderr %q", args, stderr.String())
		assert.Containsf(t, stderr.String(), "usage: go run ./.ci/crosscheck", "run(%q): want the usage", args)
	}
	bad := filepath.Join(t.TempDir(), "page.md")
	require.NoError(t, os.WriteFile(bad, []byte(edit(t, fixture(t), "CPU Go allocs", "CPU Go")), 0o644))
	var stderr bytes.Buffer
	assert.Equalf(t, 1, run(context.Background(), []string{"-page", bad}, &bytes.Buffer{}, &stderr), "run(-page with a changed layout): exit status; stderr %q", stderr.String())
	assert.Contains(t, stderr.String(), "no table headed", "run(-page with a changed layout): want why")
}

// One round with tiny budgets runs every side, in its own process, and prints the block's
// shape (testdata/shape.txtar, the shape the lesson lint holds docs/benchmarks.md's block
// to). Without Python (a -python that does not exist) it is a few seconds and runs unless
// -short; with Python, set CROSSCHECK_SMOKE=1.
func TestOneTinyRound(t *testing.T) {
	if testing.Short() {
		t.Skip("starts some thirty processes; skipped with -short")
	}
	python := filepath.Join(t.TempDir(), "no-python3")
	if os.Getenv("CROSSCHECK_SMOKE") == "1" {
		python = "python3"
	}
	ar, err := txtar.ParseFile("testdata/shape.txtar")
	require.NoError(t, err)
	want := string(ar.Files[0].Data)
	testdeadline.Within(t, 5*time.Minute, "one tiny round", func() {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"-rounds", "1", "-budget", "2ms", "-page", "testdata/page.txt", "-python", python}, &stdout, &stderr)
		// f runs on another goroutine: assert, and return on a failure that ends the checks.
		if !assert.Equalf(t, 0, code, "exit status; stderr:\n%s", stderr.String()) {
			return
		}
		assert.Regexp(t, shape.Regexp(want), stdout.String(), "the output does not have the shape of testdata/shape.txtar")
		if python != "python3" {
			assert.Contains(t, stdout.String(), "not measured: no ", "without Python, the Python/Go figures should say they were not measured")
		}
		assert.Contains(t, stdout.String(), "inconclusive: 1 rounds", "one round should give no verdict")
	})
}

// An interrupted run stops the side it is running and exits 130, at once, whatever round it
// was in.
func TestInterruptedRunExits130(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a few processes; skipped with -short")
	}
	testdeadline.Within(t, time.Minute, "an interrupted run", func() {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		var stdout, stderr bytes.Buffer
		python := filepath.Join(t.TempDir(), "no-python3")
		start := time.Now()
		code := run(ctx, []string{"-rounds", "1000", "-page", "testdata/page.txt", "-python", python}, &stdout, &stderr)
		assert.Equalf(t, 130, code, "exit status; stderr %q", stderr.String())
		assert.Contains(t, stderr.String(), "crosscheck: interrupted", "stderr: want why")
		assert.Empty(t, stdout.String(), "stdout: want nothing printed")
		assert.LessOrEqual(t, time.Since(start), 20*time.Second, "the time it took to stop")
	})
}

// A side's line is read strictly: a figure it needs must be there and positive, and anything
// else it prints must be key=number, so that no garbage becomes a ratio.
func TestSideReadsItsLineStrictly(t *testing.T) {
	ctx := context.Background()
	v, err := side(ctx, "ns", "sh", "-c", "echo ns=12.5 cpu-ns=0")
	assert.NoError(t, err, "a good line")
	assert.Equalf(t, 12.5, v["ns"], "a good line: ns in %v", v)
	assert.Equalf(t, 0.0, v["cpu-ns"], "a good line: cpu-ns in %v", v)
	for _, bad := range []string{"echo ns=0", "echo cpu-ns=3", "echo ns=NaN", "echo ns=12 cpu=-1", "echo 12", "echo ns=+Inf", "true", "echo ns=1; exit 3"} {
		v, err := side(ctx, "ns", "sh", "-c", bad)
		assert.Errorf(t, err, "%q: read %v, want an error", bad, v)
	}
}
