package scripttest

import (
	"errors"
	"os"
	"testing"

	"github.com/concurrency-models/book/internal/lessonmark"

	"github.com/rogpeppe/go-internal/txtar"
)

// CheckLesson checks every golden-backed output block of a chapter's lesson (its README.md)
// against the chapter's transcripts, and fails if the lesson has no such block at all. A golden
// marker introduces such a block (see package lessonmark):
//
//	<!-- golden: request.txtar want.txt -->
//	```text
//	started counter
//	...
//	```
//
// The block must equal that section of testdata/script/request.txtar, or, where the section
// has placeholders ({{duration}} ...), match its shape: the lesson shows the numbers of one
// real run, and the test proves they have the shape every run has. A marker the parser cannot
// read fails the test too.
func CheckLesson(t *testing.T, lesson string) {
	t.Helper()
	page := parseLesson(t, lesson)
	checked := 0
	for _, m := range page.Markers {
		if m.Kind != lessonmark.Golden {
			continue
		}
		want, err := Section(m.Archive(), m.Section)
		if err != nil {
			t.Errorf("%s:%d: %s %s: %v", lesson, m.Line, m.TxtarFile, m.Section, err)
			continue
		}
		checked++
		if !ShapeRegexp(want).MatchString(m.Block.Body) {
			t.Errorf("%s:%d: the block differs from %s %s\n--- lesson:\n%s--- golden:\n%s", lesson, m.Line, m.TxtarFile, m.Section, m.Block.Body, want)
		}
	}
	if checked == 0 {
		t.Errorf("%s: no <!-- golden: FILE.txtar SECTION --> blocks: the lesson's outputs are unchecked", lesson)
	}
}

// parseLesson parses a lesson, failing the test for each marker it cannot read.
func parseLesson(t *testing.T, lesson string) *lessonmark.Page {
	t.Helper()
	page, err := lessonmark.ParseFile(lesson)
	var list lessonmark.ErrorList
	switch {
	case errors.As(err, &list):
		for _, e := range list {
			t.Error(e)
		}
	case err != nil:
		t.Fatal(err)
	}
	return page
}

// Section returns the file called name in the txtar archive at path archive, or
// os.ErrNotExist if it has none.
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
	return "", os.ErrNotExist
}
