package main

import (
	"testing"

	"github.com/concurrency-models/book/internal/lessoncheck"
	"github.com/concurrency-models/book/internal/scripttest"
)

func TestMain(m *testing.M) { scripttest.Main(scripttest.NoLeaks(m), app) }

// TestScripts runs the golden transcripts in testdata/script: every demo as a reader runs it,
// with short durations passed by flag.
func TestScripts(t *testing.T) { scripttest.Run(t) }

// TestLessonOutputs checks that every output shown in the lesson is the output of a golden
// transcript above.
func TestLessonOutputs(t *testing.T) { lessoncheck.Outputs(t, "README.md") }

// TestMeasuredBlocksHaveTheirShape checks the lesson's measured blocks, which make measure
// rewrites from real runs, against the shapes in testdata/measured.txtar.
func TestMeasuredBlocksHaveTheirShape(t *testing.T) { lessoncheck.Measured(t, "README.md") }
