package main

import (
	"os"
	"runtime"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/concurrency-models/book/internal/lessoncheck"
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
func TestLessonOutputs(t *testing.T) { lessoncheck.Outputs(t, "README.md") }

// TestMeasuredBlocksHaveTheirShape holds each measured block of the lesson to the shape its
// regen marker names: the cpu, convoy and sched blocks to the real-run shapes kept in their
// goldens, the benchmark block to testdata/measured.txtar. `make measure` may change the numbers,
// never the rows, units or labels.
func TestMeasuredBlocksHaveTheirShape(t *testing.T) { lessoncheck.Measured(t, "README.md") }
