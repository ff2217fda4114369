package gil

import (
	"sync/atomic"

	"github.com/concurrency-models/book/internal/timeline"
)

// Timeline makes the interpreter report to rec, one row per thread, who holds the GIL (running,
// "GIL held"), who waits for it, who is in a blocking call (Thread.Sleep: waiting for I/O) and
// who runs native code without it (running, "native code"). Under testing/synctest, with
// StepCost, the picture is exact: it shows the hand-over at the switch interval.
func Timeline(rec *timeline.Recorder) Option { return func(in *Interp) { in.rec = rec } }

// defaultRec is the recorder of interpreters made without the Timeline option: see
// SetDefaultTimeline.
var defaultRec atomic.Pointer[timeline.Recorder]

// SetDefaultTimeline makes every interpreter without a Timeline option of its own report its
// events to rec from now on (nil: to nobody), whenever it was made. A program sets it around a
// demo that asked for a timeline (-timeline), so that the demo's code need not pass the
// recorder to each interpreter it makes; tests that run interpreters in parallel use Timeline.
func SetDefaultTimeline(rec *timeline.Recorder) { defaultRec.Store(rec) }

// recorder is where t's interpreter reports: its own recorder, or the default.
func (t *Thread) recorder() *timeline.Recorder {
	if t.in.rec != nil {
		return t.in.rec
	}
	return defaultRec.Load()
}

// holding wraps a thread's function so that it first records that the thread holds the GIL:
// Go takes the GIL for the thread before it calls fn.
func holding(fn func(t *Thread)) func(t *Thread) {
	return func(t *Thread) {
		t.observeHold()
		fn(t)
	}
}

// The observer hooks, called by each thread's own goroutine: around every take of the GIL
// (observeWait, observeHold), in Sleep and Native, and when the thread ends.
func (t *Thread) observeWait()   { t.recorder().Waiting(t.name, "the GIL") }
func (t *Thread) observeHold()   { t.recorder().Running(t.name, "GIL held") }
func (t *Thread) observeIO()     { t.recorder().Waiting(t.name, "I/O") }
func (t *Thread) observeNative() { t.recorder().Running(t.name, "native code") }
func (t *Thread) observeExit()   { t.recorder().Done(t.name) }
