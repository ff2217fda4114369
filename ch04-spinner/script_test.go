package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/concurrency-models/book/internal/scripttest"
)

func TestMain(m *testing.M) { scripttest.Main(m, app) }

// TestScripts runs the golden transcripts in testdata/script. Real time decides how many frames
// a run draws, so the scripts pass the output through `frames` before comparing it.
func TestScripts(t *testing.T) {
	p := scripttest.Params()
	p.Cmds["frames"] = cmdFrames
	testscript.Run(t, p)
}

// TestLessonOutputs checks the lesson's outputs against the goldens and testdata/exact.txtar.
func TestLessonOutputs(t *testing.T) { scripttest.CheckLesson(t, "README.md") }

var frameRun = regexp.MustCompile(`(?:\r[\\|/-] [^\r\n]*)+`)

// cmdFrames implements `frames FILE OUT`: it copies FILE (stdout, stderr or a file) to OUT with
// every run of spinner frames replaced by "[N frames]" (or "[1 frame]") — after checking that the run cycles
// \ | / - from the backslash — and every other carriage return shown as ^M, as cat -v shows it.
func cmdFrames(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: frames stdout|FILE OUT")
	}
	in := ts.ReadFile(args[0])
	out := frameRun.ReplaceAllStringFunc(in, func(run string) string {
		parts := strings.Split(run, "\r")[1:]
		for i, p := range parts {
			if p[0] != frames[i%len(frames)] {
				return fmt.Sprintf("[frames out of order at %d: %q]", i, run)
			}
		}
		if len(parts) == 1 {
			return "[1 frame]"
		}
		return fmt.Sprintf("[%d frames]", len(parts))
	})
	out = strings.ReplaceAll(out, "\r", "^M")
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(out), 0o644))
}
