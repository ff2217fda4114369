package lessoncheck

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurrency-models/book/internal/lessonmark"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMeasuredProblems(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "testdata", "script"), 0o755))
	shapes := "-- bench.txt --\nBenchmarkX-{{int}} 100 {{float}} ns/op\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "testdata", "shapes.txtar"), []byte(shapes), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "testdata", "script", "bare.txtar"), []byte(shapes), 0o644))
	for _, tc := range []struct {
		lesson string
		want   string // "" for no problem, else a part of the only problem
	}{
		{"<!-- regen: go test -bench X # shape: testdata/shapes.txtar bench.txt -->\n```text\nBenchmarkX-2 100 12.5 ns/op\n```\n", ""},
		{"<!-- regen: go test -bench X # shape: bare.txtar bench.txt -->\n```text\nBenchmarkX-2 100 12.5 ns/op\n```\n", ""},
		{"<!-- regen: go test -bench X # shape: testdata/shapes.txtar bench.txt -->\n```text\nBenchmarkY-2 100 12.5 ns/op\n```\n", "does not have the shape"},
		{"<!-- regen: go test -bench X -->\n```text\nBenchmarkX-2 100 12.5 ns/op\n```\n", "without a shape"},
		{"<!-- regen: go test -bench X # shape: testdata/shapes.txtar nosuch.txt -->\n```text\n```\n", "nosuch.txt"},
		{"<!-- regen: go test -bench X # shape: shapes.txtar bench.txt -->\n```text\n```\n", "testdata/script/shapes.txtar"},
	} {
		page, err := lessonmark.Parse(filepath.Join(dir, "README.md"), []byte(tc.lesson))
		require.NoError(t, err)
		problems := MeasuredProblems(page)
		if tc.want == "" {
			assert.Empty(t, problems, "MeasuredProblems(%q)", tc.lesson)
			continue
		}
		if assert.Len(t, problems, 1, "MeasuredProblems(%q)", tc.lesson) {
			assert.Contains(t, problems[0].Error(), tc.want)
			assert.Contains(t, problems[0].Error(), "README.md:1: ")
		}
	}
}

// recorder is a golden.T that records what a check reported.
type recorder struct{ errors []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestOutputs(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "testdata", "script"), 0o755))
	script := "exec demo\ncmp stdout want.txt\n-- want.txt --\nTask-1 took {{duration}}\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "testdata", "script", "demo.txtar"), []byte(script), 0o644))
	const good = "<!-- golden: demo.txtar want.txt -->\n```text\nTask-1 took 1.5s\n```\n"
	const unchecked = "the lesson's outputs are unchecked"
	for _, tc := range []struct {
		lesson string
		want   []string // a part of each error, in order
	}{
		{good, nil},
		{"<!-- golden: demo.txtar want.txt -->\n```text\nTask-2 took 1.5s\n```\n", []string{"README.md:1: the block differs from demo.txtar want.txt"}},
		{"<!-- golden: demo.txtar nosuch.txt -->\n```text\n```\n", []string{"README.md:1: ", "no section nosuch.txt", unchecked}},
		{"no golden block\n<!-- regen: echo -->\n```\n```\n", []string{unchecked}},
		{good + "<!-- gloden: demo.txtar want.txt -->\n```text\n```\n", []string{`README.md:5: unknown marker "gloden:"`}},
	} {
		lesson := filepath.Join(dir, "README.md")
		require.NoError(t, os.WriteFile(lesson, []byte(tc.lesson), 0o644))
		var r recorder
		Outputs(&r, lesson)
		got := strings.Join(r.errors, "\n")
		n := 0
		for _, w := range tc.want {
			assert.Contains(t, got, w, "Outputs(%q)", tc.lesson)
			if w != "README.md:1: " {
				n++
			}
		}
		assert.Len(t, r.errors, n, "Outputs(%q): %s", tc.lesson, got)
	}
}
