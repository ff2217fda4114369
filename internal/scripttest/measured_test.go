package scripttest

import (
	"os"
	"path/filepath"
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
