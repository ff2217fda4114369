package main

import (
	"os"
	"testing"

	"github.com/concurrency-models/book/internal/scripttest"
)

func TestMain(m *testing.M) {
	if os.Getenv("GORACE") == "" {
		// The unit tests start process pools of this test binary. Under -race each worker would
		// sleep a second before exiting (GORACE atexit_sleep_ms); the scripts already skip it.
		os.Setenv("GORACE", "atexit_sleep_ms=0")
	}
	scripttest.Main(scripttest.NoLeaks(m), app)
}

// TestScripts runs the golden transcripts in testdata/script: every demo as a reader runs it,
// with short durations passed by flag.
func TestScripts(t *testing.T) { scripttest.Run(t) }

// TestLessonOutputs checks that every output shown in the lesson is that of a golden transcript.
func TestLessonOutputs(t *testing.T) { scripttest.CheckLesson(t, "README.md") }

// TestMeasuredBlocksHaveTheirShape checks the lesson's measured blocks, which make measure
// rewrites from real runs, against the shapes in testdata/measured.txtar.
func TestMeasuredBlocksHaveTheirShape(t *testing.T) { scripttest.CheckMeasured(t, "README.md") }
