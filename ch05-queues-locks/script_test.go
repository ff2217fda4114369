package main

import (
	"testing"

	"github.com/concurrency-models/book/internal/lessoncheck"
	"github.com/concurrency-models/book/internal/scripttest"
)

// TestMain runs the tests, then fails if any goroutine is left over (scripttest.NoLeaks).
func TestMain(m *testing.M) { scripttest.Main(scripttest.NoLeaks(m), app) }

// TestScripts runs the golden transcripts in testdata/script.
func TestScripts(t *testing.T) { scripttest.Run(t) }

// TestLessonOutputs checks the lesson's outputs against the goldens.
func TestLessonOutputs(t *testing.T) { lessoncheck.Outputs(t, "README.md") }

// TestMeasuredBlocksHaveTheirShape holds each measured block of the lesson to its shape in
// testdata/measured.txtar: `make measure` may change the numbers, never the rows or labels.
func TestMeasuredBlocksHaveTheirShape(t *testing.T) { lessoncheck.Measured(t, "README.md") }
