package scripttest

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
)

// Golden compares got with the section of a txtar archive (a path from the test's package, such
// as testdata/timelines.txtar) and fails the test with a diff if they differ. With UPDATE_GOLDEN
// set (make update) it writes got into the section instead, adding the archive or the section if
// missing. Lessons show such sections with a `<!-- golden: testdata/timelines.txtar name -->`
// block, which CheckLesson checks.
func Golden(t *testing.T, archive, name, got string) {
	t.Helper()
	a, err := txtar.ParseFile(archive)
	if err != nil && !(os.IsNotExist(err) && os.Getenv("UPDATE_GOLDEN") != "") {
		t.Fatal(err)
	}
	if a == nil {
		a = &txtar.Archive{Comment: []byte("# Written by the tests with UPDATE_GOLDEN=1 (make update); do not edit by hand.\n")}
	}
	i := -1
	for j, f := range a.Files {
		if f.Name == name {
			i = j
		}
	}
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if i < 0 {
			a.Files = append(a.Files, txtar.File{Name: name})
			i = len(a.Files) - 1
		}
		a.Files[i].Data = []byte(got)
		if err := os.WriteFile(archive, txtar.Format(a), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	if i < 0 {
		t.Fatalf("%s has no section %s: run the test with UPDATE_GOLDEN=1 to write it", archive, name)
	}
	if d := cmp.Diff(string(a.Files[i].Data), got); d != "" {
		t.Errorf("%s %s (-golden +got):\n%s", archive, name, d)
	}
}

// GoldenFile compares got with the whole file at path, as Golden does with a section; with
// UPDATE_GOLDEN set it writes the file. It is for generated files a lesson links to, such as an
// SVG timeline, which must stay a run of the code.
func GoldenFile(t *testing.T, path, got string) {
	t.Helper()
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, []byte(got), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run the test with UPDATE_GOLDEN=1 to write it", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s (-golden +got):\n%s", path, d)
	}
}
