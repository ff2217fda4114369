package main

import (
	"testing"

	"github.com/concurrency-models/book/internal/scripttest"
)

func TestMain(m *testing.M) { scripttest.Main(m, app) }

// TestScripts runs the golden transcripts in testdata/script.
func TestScripts(t *testing.T) { scripttest.Run(t) }

// TestLessonOutputs checks the lesson's outputs against the goldens.
func TestLessonOutputs(t *testing.T) { scripttest.CheckLesson(t, "README.md") }
