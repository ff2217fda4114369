package internal_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stillHandWritten are the test files, relative to the module's root, that still check by
// hand (an if whose body calls t.Error, t.Errorf, t.Fatal or t.Fatalf): they were being
// rewritten on other branches while the rest of the book was converted to one way of checking.
// Whoever converts one removes it here; TestChecksOneWay fails for a listed file that no
// longer breaks the rule, so the list stays exact, and it ends empty.
var stillHandWritten = []string{}

// TestChecksOneWay holds docs/CONTRIBUTING.md's "Checks, one way" for every test in the
// module but the exercise checks: testify's require and assert, and cmp.Diff reported as
// "what (-want +got)", never a hand-written `if got != want { t.Errorf(...) }`.
func TestChecksOneWay(t *testing.T) {
	found, err := handChecks("..")
	require.NoError(t, err)
	var bad []string
	listed := map[string]bool{}
	for _, f := range found {
		file, _, _ := strings.Cut(f, ":")
		if slices.Contains(stillHandWritten, file) {
			listed[file] = true
			continue
		}
		bad = append(bad, f)
	}
	assert.Empty(t, strings.Join(bad, "\n"), "hand-written checks (an if whose body calls t.Error, t.Errorf, t.Fatal or t.Fatalf): "+
		"use require, assert or cmp.Diff, as docs/CONTRIBUTING.md's \"Checks, one way\" says")
	for _, file := range stillHandWritten {
		_, err := os.Stat(filepath.Join("..", file))
		assert.NoError(t, err, "a file in stillHandWritten is gone: remove it from the list")
		assert.True(t, listed[file], "%s checks one way now: remove it from stillHandWritten", file)
	}
}

// TestNoChecksInTimedLoops keeps testify out of every benchmark's timed loop (`for b.Loop()`,
// `for range b.N`, `for i := 0; i < b.N; i++`): each require or assert call costs a
// runtime.Callers (for b.Helper) and more, hundreds of nanoseconds, which would count in the
// figure. A converted BenchmarkQueueMutexFIFO measured 267ns a item where the check-free loop
// measures under 80ns, and the second harness (.ci/crosscheck) disagreed with the
// page. Check the error after the loop: `if err = f(); err != nil { break }`, then
// `require.NoError(b, err)`.
func TestNoChecksInTimedLoops(t *testing.T) {
	var found []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != ".." && skipped(name) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, "_test.go") {
			return nil
		}
		lines, err := timedLoopChecksIn(path)
		found = append(found, lines...)
		return err
	})
	require.NoError(t, err)
	assert.Empty(t, strings.Join(found, "\n"), "require or assert inside a benchmark's timed loop: check the error after the loop")
}

// TestTimedLoopChecksFinds checks the checker on testdata/teststyle/benchloops: it must report
// exactly the lines marked "in the timed loop".
func TestTimedLoopChecksFinds(t *testing.T) {
	const file = "testdata/teststyle/benchloops/bench.go"
	src, err := os.ReadFile(file)
	require.NoError(t, err)
	var want []string
	for i, line := range strings.Split(string(src), "\n") {
		if strings.Contains(line, "// in the timed loop") {
			want = append(want, file+":"+strconv.Itoa(i+1))
		}
	}
	require.Len(t, want, 3)
	got, err := timedLoopChecksIn(file)
	require.NoError(t, err)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("checks in timed loops found in %s (-want +got):\n%s", file, d)
	}
}

// timedLoopChecksIn returns, as "file:line", every call to require.* or assert.* inside a
// benchmark's timed loop in the Go file, function literals called there included.
func timedLoopChecksIn(file string) ([]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	tvars := testingVars(f)
	isN := func(e ast.Node) bool { // mentions b.N for a testing variable b
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "N" {
				if v, ok := sel.X.(*ast.Ident); ok && tvars[v.Name] {
					found = true
				}
			}
			return !found
		})
		return found
	}
	isLoopCall := func(e ast.Expr) bool { // b.Loop() for a testing variable b
		call, ok := e.(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Loop" {
			return false
		}
		v, ok := sel.X.(*ast.Ident)
		return ok && tvars[v.Name]
	}
	var found []string
	report := func(body *ast.BlockStmt) {
		ast.Inspect(body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
				if pkg, ok := sel.X.(*ast.Ident); ok && (pkg.Name == "require" || pkg.Name == "assert") {
					found = append(found, fmt.Sprintf("%s:%d", file, fset.Position(call.Pos()).Line))
				}
			}
			return true
		})
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch l := n.(type) {
		case *ast.ForStmt:
			if l.Cond != nil && (isLoopCall(l.Cond) || isN(l.Cond)) {
				report(l.Body)
				return false
			}
		case *ast.RangeStmt:
			if l.X != nil && isN(l.X) {
				report(l.Body)
				return false
			}
		}
		return true
	})
	return found, nil
}

// TestHandChecksFinds checks the checker on testdata/teststyle/*.go: it must report exactly the
// lines marked "// hand-written".
func TestHandChecksFinds(t *testing.T) {
	files, err := filepath.Glob("testdata/teststyle/*.go")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		var want []string
		for i, line := range strings.Split(string(src), "\n") {
			if strings.Contains(line, "// hand-written") {
				want = append(want, file+":"+strconv.Itoa(i+1))
			}
		}
		got, err := handChecksIn(file)
		require.NoError(t, err)
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("hand-written checks found in %s (-want +got):\n%s", file, d)
		}
	}
}

// TestHandChecksSkipsExercises checks that the walk leaves out the exercise checks (they speak
// to the reader in plain words), test data, files that are not tests, and directories the go
// command leaves out (.cache, _scratch), but walks .ci, where .ci/crosscheck's tests live.
func TestHandChecksSkipsExercises(t *testing.T) {
	got, err := handChecks("testdata/teststyle/tree")
	require.NoError(t, err)
	want := []string{".ci/tool/tool_test.go:6", "ch09-topic/topic_test.go:6"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("hand-written checks in the tree (-want +got):\n%s", d)
	}
}

// exerciseRE matches an exercise's files: chNN-topic/exercises/...
var exerciseRE = regexp.MustCompile(`^ch[0-9][0-9]-[^/]+/exercises/`)

// skipped reports whether the style walks leave out a directory of this name: the ones the go
// command's ./... leaves out (testdata, and names starting with "." or "_"), but not .ci, whose
// Go packages (.ci/crosscheck) .ci/run tests by name and so are the book's tests too.
func skipped(dir string) bool {
	if dir == ".ci" {
		return false
	}
	return dir == "testdata" || dir == "node_modules" || strings.HasPrefix(dir, ".") || strings.HasPrefix(dir, "_")
}

// handChecks walks the module rooted at root as the go command does (leaving out what skipped
// names, but walking .ci) and returns, as "file:line" with file relative to root, every
// hand-written check in a _test.go file outside the exercises.
func handChecks(root string) ([]string, error) {
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		name := d.Name()
		if d.IsDir() {
			if rel != "." && skipped(name) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, "_test.go") || exerciseRE.MatchString(rel) {
			return nil
		}
		lines, err := handChecksIn(path)
		for _, l := range lines {
			found = append(found, rel+strings.TrimPrefix(l, path))
		}
		return err
	})
	return found, err
}

// handChecksIn returns, as "file:line", every if statement in the Go file that reports a
// failure by hand: its body or else branch (not counting nested if statements, reported on
// their own, or function literals) calls Error, Errorf, Fatal or Fatalf on a variable declared
// as *testing.T, *testing.B, *testing.F or testing.TB. The one exception is cmp.Diff's form,
// `if d := cmp.Diff(want, got); d != "" { t.Errorf("what (-want +got):\n%s", d) }`.
func handChecksIn(file string) ([]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	tvars := testingVars(f)
	var found []string
	ast.Inspect(f, func(n ast.Node) bool {
		stmt, ok := n.(*ast.IfStmt)
		if !ok {
			return true
		}
		var calls []*ast.CallExpr
		find := func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.IfStmt, *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if isFailure(n, tvars) {
					calls = append(calls, n)
				}
			}
			return true
		}
		for _, s := range stmt.Body.List {
			ast.Inspect(s, find)
		}
		if els, ok := stmt.Else.(*ast.BlockStmt); ok {
			for _, s := range els.List {
				ast.Inspect(s, find)
			}
		}
		if len(calls) > 0 && !isDiffReport(stmt, calls) {
			found = append(found, fmt.Sprintf("%s:%d", file, fset.Position(stmt.Pos()).Line))
		}
		return true
	})
	return found, nil
}

// testingVars returns the names of the file's parameters and variables declared as
// *testing.T, *testing.B, *testing.F or testing.TB.
func testingVars(f *ast.File) map[string]bool {
	names := map[string]bool{}
	isTesting := func(e ast.Expr) bool {
		if star, ok := e.(*ast.StarExpr); ok {
			e = star.X
		}
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		pkg, ok := sel.X.(*ast.Ident)
		return ok && pkg.Name == "testing" && slices.Contains([]string{"T", "B", "F", "TB"}, sel.Sel.Name)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			if isTesting(n.Type) {
				for _, name := range n.Names {
					names[name.Name] = true
				}
			}
		case *ast.ValueSpec:
			if n.Type != nil && isTesting(n.Type) {
				for _, name := range n.Names {
					names[name.Name] = true
				}
			}
		}
		return true
	})
	return names
}

// isFailure reports whether call is v.Error, v.Errorf, v.Fatal or v.Fatalf on one of the
// testing variables.
func isFailure(call *ast.CallExpr, tvars map[string]bool) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, ok := sel.X.(*ast.Ident)
	return ok && tvars[v.Name] && slices.Contains([]string{"Error", "Errorf", "Fatal", "Fatalf"}, sel.Sel.Name)
}

// isDiffReport reports whether stmt is the cmp.Diff form: its init or condition calls
// cmp.Diff, and every failure it reports is a format string that says "(-want +got)".
func isDiffReport(stmt *ast.IfStmt, calls []*ast.CallExpr) bool {
	diff := false
	for _, n := range []ast.Node{stmt.Init, stmt.Cond} {
		if n == nil {
			continue
		}
		ast.Inspect(n, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "cmp" && sel.Sel.Name == "Diff" {
					diff = true
				}
			}
			return true
		})
	}
	if !diff {
		return false
	}
	for _, call := range calls {
		if len(call.Args) == 0 {
			return false
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return false
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil || !strings.Contains(s, "(-want +got)") {
			return false
		}
	}
	return true
}
