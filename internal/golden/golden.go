// Package golden reads and checks golden files: the sections of txtar archives (and whole files)
// that hold what a run of the book's code must print. Tests compare a run with its golden with
// Compare or CompareFile; with UPDATE_GOLDEN set (make update) those write the run instead, so a
// deliberate change is one command and a reviewable diff. Section and Read only read.
//
// Lessons show such sections in blocks marked `<!-- golden: FILE.txtar SECTION -->`, which
// package lessoncheck checks.
package golden

import (
	"fmt"
	"os"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
)

// T is the part of testing.TB the checks use; a *testing.T or *testing.B is one. (An interface
// keeps this package, and the lesson lint that reads sections through it, free of testing.)
type T interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// Section returns the file called name in the txtar archive at path archive. The error names
// the archive and the section.
func Section(archive, name string) (string, error) {
	a, err := txtar.ParseFile(archive)
	if err != nil {
		return "", err
	}
	for _, f := range a.Files {
		if f.Name == name {
			return string(f.Data), nil
		}
	}
	return "", fmt.Errorf("%s has no section %s", archive, name)
}

// Read returns a section as Section does, and fails the test if it cannot: for a test that
// needs the expected output (or its shape) of a program.
func Read(t T, archive, name string) string {
	t.Helper()
	data, err := Section(archive, name)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return data
}

// updating reports whether the tests should write their goldens rather than compare them.
func updating() bool { return os.Getenv("UPDATE_GOLDEN") != "" }

// Compare compares got with the section name of the txtar archive at path archive (a path from
// the test's package, such as testdata/timelines.txtar) and fails the test with a diff if they
// differ. With UPDATE_GOLDEN set it writes got into the section instead, adding the archive or
// the section if missing.
func Compare(t T, archive, name, got string) {
	t.Helper()
	a, err := txtar.ParseFile(archive)
	if err != nil && !(os.IsNotExist(err) && updating()) {
		t.Fatalf("%v", err)
		return
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
	if updating() {
		if i < 0 {
			a.Files = append(a.Files, txtar.File{Name: name})
			i = len(a.Files) - 1
		}
		a.Files[i].Data = []byte(got)
		if err := os.WriteFile(archive, txtar.Format(a), 0o666); err != nil {
			t.Fatalf("%v", err)
		}
		return
	}
	if i < 0 {
		t.Fatalf("%s has no section %s: run the test with UPDATE_GOLDEN=1 to write it", archive, name)
		return
	}
	if d := cmp.Diff(string(a.Files[i].Data), got); d != "" {
		t.Errorf("%s %s (-golden +got):\n%s", archive, name, d)
	}
}

// CompareFile compares got with the whole file at path, as Compare does with a section; with
// UPDATE_GOLDEN set it writes the file. It is for generated files a lesson links to, such as an
// SVG timeline, which must stay a run of the code.
func CompareFile(t T, path, got string) {
	t.Helper()
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o666); err != nil {
			t.Fatalf("%v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run the test with UPDATE_GOLDEN=1 to write it", err)
		return
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s (-golden +got):\n%s", path, d)
	}
}
