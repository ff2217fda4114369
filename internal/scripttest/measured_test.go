package scripttest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMeasuredErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "testdata"), 0o755); err != nil {
		t.Fatal(err)
	}
	shapes := "-- bench.txt --\nBenchmarkX-{{int}} 100 {{float}} ns/op\n"
	if err := os.WriteFile(filepath.Join(dir, "testdata", "shapes.txtar"), []byte(shapes), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lesson string
		want   string // "" for no error, else a part of the only error
	}{
		{"<!-- regen: go test -bench X # shape: testdata/shapes.txtar bench.txt -->\n```text\nBenchmarkX-2 100 12.5 ns/op\n```\n", ""},
		{"<!-- regen: go test -bench X # shape: testdata/shapes.txtar bench.txt -->\n```text\nBenchmarkY-2 100 12.5 ns/op\n```\n", "does not have the shape"},
		{"<!-- regen: go test -bench X -->\n```text\nBenchmarkX-2 100 12.5 ns/op\n```\n", "must name its shape"},
		{"<!-- regen: go test -bench X # shape: testdata/shapes.txtar nosuch.txt -->\n```text\n```\n", "nosuch.txt"},
	} {
		lesson := filepath.Join(dir, "README.md")
		if err := os.WriteFile(lesson, []byte(tc.lesson), 0o644); err != nil {
			t.Fatal(err)
		}
		errs := measuredErrors(lesson)
		switch {
		case tc.want == "" && len(errs) > 0:
			t.Errorf("measuredErrors(%q) = %v, want none", tc.lesson, errs)
		case tc.want != "" && (len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.want)):
			t.Errorf("measuredErrors(%q) = %v, want one error containing %q", tc.lesson, errs, tc.want)
		}
	}
}
