// Package lessoncheck checks a lesson's output blocks against the runs that back them, through
// the markers package lessonmark reads:
//
//	<!-- golden: request.txtar want.txt -->
//	```text
//	started counter
//	...
//	```
//
// A golden block must equal that section of the chapter's transcript (testdata/script/
// request.txtar), or, where the section has placeholders ({{duration}} ...; see package shape),
// have its shape: the lesson shows the numbers of one real run, and the test proves they have
// the shape every run has. A measured block, `<!-- regen: COMMAND # shape: FILE.txtar SECTION
// -->`, is rewritten by `make measure` and must have the shape its marker names.
//
// A chapter's tests call Outputs and Measured on its README.md; the lesson lint calls
// MeasuredProblems on every page.
package lessoncheck

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/concurrency-models/book/internal/golden"
	"github.com/concurrency-models/book/internal/lessonmark"
	"github.com/concurrency-models/book/internal/shape"
)

// Outputs fails the test for every golden block of the lesson that differs from its golden
// section, for every marker it cannot read, and if the lesson has no golden block at all.
func Outputs(t golden.T, lesson string) {
	t.Helper()
	problems, checked := OutputProblems(parse(t, lesson))
	for _, p := range problems {
		t.Errorf("%v", p)
	}
	if checked == 0 {
		t.Errorf("%s: no <!-- golden: FILE.txtar SECTION --> blocks: the lesson's outputs are unchecked", lesson)
	}
}

// Measured fails the test for every measured block of the lesson that names no shape or does
// not have it, and for every marker it cannot read.
func Measured(t golden.T, lesson string) {
	t.Helper()
	for _, p := range MeasuredProblems(parse(t, lesson)) {
		t.Errorf("%v", p)
	}
}

// parse parses a lesson, failing the test for each marker it cannot read.
func parse(t golden.T, lesson string) *lessonmark.Page {
	t.Helper()
	page, err := lessonmark.ParseFile(lesson)
	var list lessonmark.ErrorList
	switch {
	case errors.As(err, &list):
		for _, e := range list {
			t.Errorf("%v", e)
		}
	case err != nil:
		t.Fatalf("%v", err)
		return &lessonmark.Page{File: lesson}
	}
	return page
}

func problem(m lessonmark.Marker, format string, args ...any) *lessonmark.Error {
	return &lessonmark.Error{File: m.File, Line: m.Line, Msg: fmt.Sprintf(format, args...)}
}

// OutputProblems checks every golden block of a page against its section, and returns what is
// wrong and how many blocks it checked.
func OutputProblems(page *lessonmark.Page) (problems []*lessonmark.Error, checked int) {
	for _, m := range page.Markers {
		if m.Kind != lessonmark.Golden {
			continue
		}
		want, err := golden.Section(m.Archive(), m.Section)
		if err != nil {
			problems = append(problems, problem(m, "%v", err))
			continue
		}
		checked++
		if !shape.Match(want, m.Block.Body) {
			problems = append(problems, problem(m, "the block differs from %s %s\n--- lesson:\n%s--- golden:\n%s", m.TxtarFile, m.Section, m.Block.Body, want))
		}
	}
	return problems, checked
}

// MeasuredProblems checks every measured block of a page (a `<!-- regen: ... -->` block)
// against its shape: each must name one with `# shape: FILE.txtar SECTION`, and the block must
// have that shape, placeholders ({{float}}, {{duration}} ...) standing for the numbers, which
// vary from run to run; the columns, units and labels around them may not. For a block that
// names no shape it suggests one.
func MeasuredProblems(page *lessonmark.Page) []*lessonmark.Error {
	var problems []*lessonmark.Error
	for _, m := range page.Markers {
		if m.Kind != lessonmark.Regen {
			continue
		}
		if m.TxtarFile == "" {
			problems = append(problems, problem(m, "measured block without a shape: end its command with `# shape: FILE.txtar SECTION` and give that section the block's shape, e.g.\n%s", indent(shape.Suggest(m.Block.Body))))
			continue
		}
		want, err := golden.Section(m.Archive(), m.Section)
		if err != nil {
			problems = append(problems, problem(m, "shape %s %s: %v", m.TxtarFile, m.Section, err))
			continue
		}
		if !shape.Match(want, m.Block.Body) {
			problems = append(problems, problem(m, "the block does not have the shape of %s %s:\n%s--- want the shape of:\n%s", m.TxtarFile, m.Section, m.Block.Body, want))
		}
	}
	return problems
}

func indent(s string) string {
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		b.WriteString("\t" + sc.Text() + "\n")
	}
	return b.String()
}
