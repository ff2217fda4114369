package scripttest

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// goldenMarker introduces a lesson's output block that a golden transcript backs (a bare name
// is in testdata/script; a name with a slash is a path from the chapter's folder, for expected
// outputs that unit tests check):
//
//	<!-- golden: request.txtar want.txt -->
//	```text
//	started counter
//	...
//	```
//
// The block must equal that section of testdata/script/request.txtar, or, where the section
// has placeholders ({{duration}} ...), match its shape: the lesson shows the numbers of one
// real run, and the test proves they have the shape every run has.
var goldenMarker = regexp.MustCompile(`^<!-- golden: (\S+\.txtar) (\S+) -->$`)

// CheckLesson checks every golden-backed output block of a chapter's lesson (its README.md)
// against the chapter's transcripts, and fails if the lesson has no such block at all.
func CheckLesson(t *testing.T, lesson string) {
	t.Helper()
	f, err := os.Open(lesson)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	lineNo, checked := 0, 0
	next := func() (string, bool) {
		ok := sc.Scan()
		lineNo++
		return sc.Text(), ok
	}
	for {
		line, ok := next()
		if !ok {
			break
		}
		m := goldenMarker.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		at := lineNo
		fence, ok := next()
		if !ok || !strings.HasPrefix(fence, "```") {
			t.Errorf("%s:%d: a golden marker must be followed by a fenced code block", lesson, at)
			continue
		}
		var block strings.Builder
		for {
			l, ok := next()
			if !ok {
				t.Fatalf("%s:%d: unterminated code block", lesson, at)
			}
			if l == "```" {
				break
			}
			block.WriteString(l + "\n")
		}
		archive := filepath.Join(filepath.Dir(lesson), "testdata", "script", m[1])
		if strings.Contains(m[1], "/") { // a path from the chapter's folder, e.g. testdata/exact.txtar
			archive = filepath.Join(filepath.Dir(lesson), m[1])
		}
		want, err := Section(archive, m[2])
		if err != nil {
			t.Errorf("%s:%d: %v", lesson, at, err)
			continue
		}
		checked++
		if !ShapeRegexp(want).MatchString(block.String()) {
			t.Errorf("%s:%d: the block differs from %s %s\n--- lesson:\n%s--- golden:\n%s", lesson, at, m[1], m[2], block.String(), want)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Errorf("%s: no <!-- golden: FILE.txtar SECTION --> blocks: the lesson's outputs are unchecked", lesson)
	}
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
