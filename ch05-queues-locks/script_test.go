package main

import (
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/concurrency-models/book/internal/scripttest"
)

func TestMain(m *testing.M) { scripttest.Main(leakChecked{m}, app) }

// leakChecked runs the tests and then fails them if any goroutine is left over, as
// goleak.VerifyTestMain does (which cannot be used here: testscript.Main exits by itself).
type leakChecked struct{ m *testing.M }

func (l leakChecked) Run() int {
	if code := l.m.Run(); code != 0 {
		return code
	}
	if err := goleak.Find(); err != nil {
		fmt.Fprintln(os.Stderr, "goleak: goroutines left over after the tests:", err)
		return 1
	}
	return 0
}

// TestScripts runs the golden transcripts in testdata/script.
func TestScripts(t *testing.T) { scripttest.Run(t) }

// TestLessonOutputs checks the lesson's outputs against the goldens.
func TestLessonOutputs(t *testing.T) { scripttest.CheckLesson(t, "README.md") }

// TestMeasuredBlocksHaveTheirShape holds each measured block of the lesson to its shape in
// testdata/measured.txtar: `make measure` may change the numbers, never the rows or labels.
func TestMeasuredBlocksHaveTheirShape(t *testing.T) { scripttest.CheckMeasured(t, "README.md") }
