package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/concurrency-models/book/internal/scripttest"
)

func TestMain(m *testing.M) { scripttest.Main(m, app) }

// TestScripts runs the golden transcripts in testdata/script, with small amounts of work. The
// condition [multicore] holds on a machine with more than one core, where the sched demo prints
// a row for one P and a row for one P per core.
func TestScripts(t *testing.T) {
	p := scripttest.Params()
	p.Condition = func(cond string) (bool, error) {
		if cond == "multicore" {
			return runtime.NumCPU() > 1, nil
		}
		return false, os.ErrNotExist
	}
	testscript.Run(t, p)
}

// TestLessonOutputs checks the lesson's outputs against the goldens.
func TestLessonOutputs(t *testing.T) { scripttest.CheckLesson(t, "README.md") }

// shapeNote is how a measured block of the lesson names the golden section that gives its
// shape: the regen command ends with a shell comment, which sh ignores.
//
//	<!-- regen: go run ./ch03-gil cpu # shape: cpu.txtar lesson.txt -->
var shapeNote = regexp.MustCompile(`^<!-- regen: .* # shape: (\S+\.txtar) (\S+) -->$`)

// TestMeasuredBlocksHaveTheirShape checks the lesson's measured blocks, which
// "go run ./internal/cmd/regen ch03-gil/README.md" (or "make measure") rewrites from real runs
// with the default flags, against the shape of every such run kept in
// the goldens' lesson.txt sections: the numbers vary, the lines around them may not.
func TestMeasuredBlocksHaveTheirShape(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	checked := 0
	for sc.Scan() {
		m := shapeNote.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		if !sc.Scan() || !strings.HasPrefix(sc.Text(), "```") {
			t.Fatalf("README.md: %s: no code block after the marker", m[1])
		}
		var block strings.Builder
		for sc.Scan() && sc.Text() != "```" {
			block.WriteString(sc.Text() + "\n")
		}
		a, err := txtar.ParseFile(filepath.Join("testdata", "script", m[1]))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range a.Files {
			if f.Name == m[2] {
				found = true
				if !scripttest.ShapeRegexp(string(f.Data)).MatchString(block.String()) {
					t.Errorf("README.md: the block of %s %s has another shape:\n%s--- want the shape of:\n%s", m[1], m[2], block.String(), f.Data)
				}
			}
		}
		if !found {
			t.Errorf("README.md: %s has no section %s", m[1], m[2])
		}
		checked++
	}
	if checked < 3 {
		t.Errorf("README.md: %d measured blocks with a shape, want the cpu, convoy and sched ones", checked)
	}
}
