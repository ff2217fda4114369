package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"

	"github.com/concurrency-models/book/internal/lessoncheck"
	"github.com/concurrency-models/book/internal/scripttest"
	"github.com/concurrency-models/book/internal/shape"
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
func TestLessonOutputs(t *testing.T) { lessoncheck.Outputs(t, "README.md") }

// TestMeasuredBlocksHaveTheirShape holds the lesson's benchmark block to its shape in
// testdata/measured.txtar: the numbers may change when `make measure` reruns it, the rows may not.
func TestMeasuredBlocksHaveTheirShape(t *testing.T) { lessoncheck.Measured(t, "README.md") }

var frameRun = regexp.MustCompile(`(?:\r[\\|/-] [^\r\n]*)+`)

// cmdFrames implements `frames FILE OUT`: it copies FILE (stdout, stderr or a file) to OUT with
// every run of spinner frames replaced by countFrames's summary, and every other carriage
// return shown as ^M, as cat -v shows it.
func cmdFrames(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: frames stdout|FILE OUT")
	}
	out := countFrames(ts.ReadFile(args[0]))
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(out), 0o644))
}

// countFrames replaces every run of spinner frames in s by "[frames: N]" — after checking that
// the run cycles \ | / - from the backslash — and shows every other carriage return as ^M.
// One spelling for every count, so that a golden's "[frames: {{int}}]" also matches a run that
// a loaded machine let draw only one frame.
func countFrames(s string) string {
	s = frameRun.ReplaceAllStringFunc(s, func(run string) string {
		parts := strings.Split(run, "\r")[1:]
		for i, p := range parts {
			if p[0] != frames[i%len(frames)] {
				return fmt.Sprintf("[frames out of order at %d: %q]", i, run)
			}
		}
		return fmt.Sprintf("[frames: %d]", len(parts))
	})
	return strings.ReplaceAll(s, "\r", "^M")
}

// A loaded machine can start the process version's child so late that it draws a single frame
// before it is told to stop. The real-time goldens say "[frames: {{int}}]", and countFrames
// must spell one frame the same way (it used to write "[1 frame]", which did not match).
func TestCountFramesSpellsEveryCountAlike(t *testing.T) {
	shape := shape.Regexp("[frames: {{int}}]^M            ^MAnswer: 42\n")
	for _, out := range []string{
		"\r\\ thinking!\r            \rAnswer: 42\n",
		"\r\\ thinking!\r| thinking!\r/ thinking!\r- thinking!\r\\ thinking!\r            \rAnswer: 42\n",
	} {
		assert.Regexpf(t, shape, countFrames(out), "countFrames(%q)", out)
	}
	assert.Equal(t, `[frames out of order at 1: "\r\\ a\r/ a"]`+"\n", countFrames("\r\\ a\r/ a\n"), "countFrames(out of order)")
}
