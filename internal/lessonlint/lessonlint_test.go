package lessonlint

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fixture repository: a Makefile, a chapter program (ch01-demo) whose lesson has nothing
// wrong, and pages with one class of defect each.
const repo = "testdata/repo"

// demoUsage is what ch01-demo prints for -h (TestBuiltUsage checks it against the program).
const demoUsage = `usage: go run ./ch01-demo [demo] [flags]
demos (default hello):
  hello            says hello
  bye              says bye
flags:
  -delay duration
    	how long to wait (default 1s)
  -quick
    	short durations
  -timeline
    	after the demo's output, draw a timeline of who ran when
  -trace file
    	write a runtime/trace file with the demo's tasks and regions, for go tool trace
`

func linter(t *testing.T) *Linter {
	t.Helper()
	goroot, err := GOROOT()
	require.NoError(t, err)
	return &Linter{
		Root:   repo,
		GOROOT: goroot,
		Usage: func(dir string) (string, error) {
			if dir != "ch01-demo" {
				return "", fmt.Errorf("no program in %s", dir)
			}
			return demoUsage, nil
		},
	}
}

// want is a finding expected at a line: its message must contain text.
type want struct {
	at   string // file:line
	text string
}

func check(t *testing.T, l *Linter, pages []string, wants []want) {
	t.Helper()
	findings, err := l.Lint(pages)
	require.NoError(t, err)
	var got, wantAt []string
	for _, f := range findings {
		got = append(got, fmt.Sprintf("%s:%d", f.File, f.Line))
	}
	for _, w := range wants {
		wantAt = append(wantAt, w.at)
		i := slices.IndexFunc(findings, func(f Finding) bool {
			return fmt.Sprintf("%s:%d", f.File, f.Line) == w.at && strings.Contains(f.Msg, w.text)
		})
		assert.GreaterOrEqual(t, i, 0, "no finding at %s containing %q", w.at, w.text)
	}
	if diff := cmp.Diff(wantAt, got); diff != "" {
		t.Errorf("Lint(%v) findings at (-want +got):\n%s\nfindings:\n%s", pages, diff, join(findings))
	}
}

func join(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}

func TestCleanLesson(t *testing.T) {
	check(t, linter(t), []string{"ch01-demo/README.md", "docs/ok.md"}, nil)
}

// A marker the parser cannot read is a finding, not a block silently left unchecked.
func TestMarkers(t *testing.T) {
	check(t, linter(t), []string{"docs/markers.md"}, []want{
		{"docs/markers.md:3", `unknown marker "gloden:"`},
		{"docs/markers.md:8", "a shape note is `# shape: FILE.txtar SECTION`"},
	})
}

func TestMakeTargets(t *testing.T) {
	check(t, linter(t), []string{"docs/make.md"}, []want{
		{"docs/make.md:3", `no target "measure-ch03"`},
		{"docs/make.md:6", `no target "nosuchtarget"`},
	})
}

func TestPaths(t *testing.T) {
	check(t, linter(t), []string{"docs/paths.md"}, []want{
		{"docs/paths.md:3", "docs/nosuch/001_abc.txt: no such file"},
		{"docs/paths.md:4", "docs/missing/000.txt: no such file"},
		{"docs/paths.md:4", "link to ../outside/"},
		{"docs/paths.md:5", "link to nosuch.md"},
		{"docs/paths.md:5", "ch01-demo/nosuch.go: no such file"},
		{"docs/paths.md:6", "ch01-demo/main.go:999: the file has only"},
		{"docs/paths.md:8", "./ch09-missing/...: no such file"},
		// main.go has 31 lines: :31 and :30-31 are fine, :32 and :31-32 are not.
		{"docs/paths.md:12", "ch01-demo/main.go:32: the file has only 31 lines"},
		{"docs/paths.md:12", "ch01-demo/main.go:31-32: the file has only 31 lines"},
	})
}

// countLines counts a last line without its newline, and no line after a final newline.
func TestCountLines(t *testing.T) {
	dir := t.TempDir()
	for text, want := range map[string]int{"": 0, "a\n": 1, "a\nb": 2, "a\nb\n": 2, "\n\n": 2} {
		path := filepath.Join(dir, "f")
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
		n, err := countLines(path)
		require.NoError(t, err)
		assert.Equal(t, want, n, "countLines(%q)", text)
	}
}

// The book's drafts kept their source material in a folder beside the repository, shared/,
// which readers do not have: a path into it is a path, in prose too, and it never exists.
func TestPathsIntoTheDraftsFolder(t *testing.T) {
	l := linter(t)
	tok := filepath.Join("shared", "drafts", "001.txt")
	for _, prose := range []bool{true, false} {
		assert.Contains(t, l.checkPath("docs/paths.md", tok, prose), tok+": no such file", "checkPath(%q, prose %v)", tok, prose)
	}
}

// TestExercise checks that an exercise's page is read like a lesson, its paths relative to
// its own folder. A bare file name (missing.go) is not taken for a path.
func TestExercise(t *testing.T) {
	check(t, linter(t), []string{"ch01-demo/exercises/1-first/README.md"}, []want{
		{"ch01-demo/exercises/1-first/README.md:4", "link to hint.md"},
	})
}

func TestWords(t *testing.T) {
	check(t, linter(t), []string{"docs/words.md"}, []want{
		{"docs/words.md:3", `"seed": name the thing for what it is`},
		{"docs/words.md:4", "docs/seed/x.txt: no such file"},
		{"docs/words.md:5", "follows the main module's go.mod"},
		{"docs/words.md:6", "at least one interval"},
		{"docs/words.md:7", "at most one running loop per thread"},
		{"docs/words.md:9", "BenchmarkProcessPoolStart"},
	})
}

func TestGoRun(t *testing.T) {
	check(t, linter(t), []string{"docs/gorun.md"}, []want{
		{"docs/gorun.md:4", `no demo "nosuchdemo"`},
		{"docs/gorun.md:5", "no flag -nosuchflag"},
		{"docs/gorun.md:8", `unexpected argument "extra"`},
		{"docs/gorun.md:8", `no demo "gone"`},
	})
}

func TestGoSource(t *testing.T) {
	check(t, linter(t), []string{"docs/goroot.md"}, []want{
		{"docs/goroot.md:3", "runtime/proc.go:99999999: the file has only"},
		{"docs/goroot.md:3", "src/runtime/nosuch.go: no such file or directory in $(go env GOROOT)/src"},
		{"docs/goroot.md:3", "runtime/nosuch2.go:3: no such file or directory in $(go env GOROOT)/src"},
		{"docs/goroot.md:4", "`nosuchfunction` in `runtime/proc.go`: nosuchfunction does not occur in that file"},
		{"docs/goroot.md:4", "`nosuchname` in `ch01-demo/main.go`: nosuchname does not occur"},
		{"docs/goroot.md:5", "`nosuchlock` in `lock_futex.go`: nosuchlock does not occur"},
	})
}

func TestVerdicts(t *testing.T) {
	check(t, linter(t), []string{"docs/verdict.md"}, []want{
		{"docs/verdict.md:7", `the verdict "in parallel" contradicts the speed-up 1.0x`},
		{"docs/verdict.md:8", `the verdict "no faster" contradicts the speed-up 2.8x`},
	})
}

func TestMeasuredBlocks(t *testing.T) {
	check(t, linter(t), []string{"ch02-bad/README.md"}, []want{
		{"ch02-bad/README.md:3", "measured block without a shape: end its command with `# shape: FILE.txtar SECTION` and give that section the block's shape, e.g.\n\tBenchmarkX-{{int}} {{float}} {{float}} ns/op\n"},
		{"ch02-bad/README.md:8", "does not have the shape of shapes.txtar lesson.txt"},
		{"ch02-bad/README.md:13", "shapes.txtar nosuch.txt"},
	})
}

// A page outside the chapters, like docs/benchmarks.md, has its measured blocks checked too.
func TestMeasuredBlocksOutsideTheChapters(t *testing.T) {
	check(t, linter(t), []string{"docs/measured.md"}, []want{
		{"docs/measured.md:3", "does not have the shape of ../ch02-bad/testdata/measured.txtar bench.txt"},
	})
}

// TestMermaid runs Mermaid's own parser (node, and npm install in mermaid/) over a diagram it
// cannot parse, a semicolon in a sequence diagram's note, and over one it can. Without node or
// the packages it skips, except in CI.
func TestMermaid(t *testing.T) {
	if testing.Short() {
		t.Skip("starts node")
	}
	l := linter(t)
	var err error
	if l.Mermaid, err = NodeMermaid("mermaid"); err != nil {
		require.Falsef(t, InCI(), "the Mermaid check cannot run in CI: %v", err)
		t.Skipf("skipping the Mermaid check: %v", err)
	}
	check(t, l, []string{"docs/mermaid.md", "ch01-demo/README.md"}, []want{
		{"docs/mermaid.md:7", "Mermaid cannot parse this diagram: Parse error on line 4"},
	})
}

// TestBuiltUsage builds the fixture's program and checks that its usage is the one the other
// tests use, and that the usage parses into its demos and flags.
func TestBuiltUsage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	usage := BuiltUsage(repo, t.TempDir())
	got, err := usage("ch01-demo")
	require.NoError(t, err)
	if diff := cmp.Diff(demoUsage, got); diff != "" {
		t.Errorf("usage of ch01-demo (-want +got):\n%s", diff)
	}
	u := parseUsage(got)
	if diff := cmp.Diff([]string{"hello", "bye"}, u.demos); diff != "" {
		t.Errorf("parseUsage(...).demos (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]bool{"h": true, "help": true, "delay": false, "quick": true, "timeline": true, "trace": false}, u.flags); diff != "" {
		t.Errorf("parseUsage(...).flags (-want +got):\n%s", diff)
	}
}

func TestCommands(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][]string
	}{
		{"go run ./ch01 a -x 1 | cat -v", [][]string{{"go", "run", "./ch01", "a", "-x", "1"}, {"cat", "-v"}}},
		{"GOMAXPROCS=1 GODEBUG=x=1 go run ./ch01 # comment", [][]string{{"go", "run", "./ch01"}}},
		{"go run ./ch04 -msg '생각 중!' 2>&1 >out.txt", [][]string{{"go", "run", "./ch04", "-msg", "생각 중!"}}},
		{`go run ./ch01 [a\|b]`, [][]string{{"go", "run", "./ch01", "[a|b]"}}},
		{"make lint && make ci; make(chan T)", [][]string{{"make", "lint"}, {"make", "ci"}, {"make"}, {"chan", "T"}}},
	} {
		if diff := cmp.Diff(tc.want, commands(tc.in)); diff != "" {
			t.Errorf("commands(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestPages(t *testing.T) {
	got, err := Pages(repo)
	require.NoError(t, err)
	want := []string{"ch01-demo/README.md", "ch01-demo/exercises/1-first/README.md", "ch02-bad/README.md", "docs/goroot.md", "docs/gorun.md", "docs/make.md", "docs/markers.md", "docs/measured.md", "docs/mermaid.md", "docs/ok.md", "docs/paths.md", "docs/verdict.md", "docs/words.md"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Pages(%s) (-want +got):\n%s", repo, diff)
	}
	assert.NoFileExists(t, filepath.Join(repo, "README.md"), "the fixture has a README.md; Pages should list it")
}

// TestRunKillsAStuckProgram checks the deadline on the programs the lint starts (node, go
// build, a chapter's -h): a program still running at its deadline is killed and named.
func TestRunKillsAStuckProgram(t *testing.T) {
	err := run(50*time.Millisecond, nil, "sleep", "60")
	assert.ErrorContains(t, err, "sleep 60: still running after 50ms, killed", "run(50ms, sleep 60)")
	assert.NoError(t, run(time.Minute, nil, "true"), "run(1m, true)")
}

// A killed program's child that keeps its output open does not hold the lint up: the wait for
// the output gives up after waitDelay. (Killing the program and waiting for the pipes, as the
// lint once did, waited for the child's whole sleep.)
func TestRunDoesNotWaitForAnOrphanedPipe(t *testing.T) {
	var out strings.Builder
	start := time.Now()
	err := run(100*time.Millisecond, func(cmd *exec.Cmd) { cmd.Stdout = &out }, "sh", "-c", "sleep 9 & wait")
	took := time.Since(start)
	assert.ErrorContains(t, err, "killed")
	assert.Less(t, took, waitDelay+3*time.Second, "run's time with a child holding its stdout; want about 100ms + waitDelay (%v)", waitDelay)
}
