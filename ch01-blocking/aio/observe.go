package aio

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/concurrency-models/book/internal/timeline"
)

// Record makes the loop report to rec who runs when: a row "loop" for the loop's own thread
// (running, or waiting for a timer or a callback from another goroutine) and a row per task
// (running while it holds the baton, waiting while it awaits). RunContext records to the
// recorder of its context (timeline.FromContext) without this option. On a virtual clock the
// recorder is switched to the loop's time while the loop runs, so its timeline is exact.
func Record(rec *timeline.Recorder) Option { return func(l *Loop) { l.obs.rec = rec } }

// observer is the loop's part in a timeline.
type observer struct {
	rec *timeline.Recorder
	// vnow is the virtual clock as the recorder reads it: a copy the loop updates when it
	// jumps, because other goroutines (an executor's workers) record too, and read the clock.
	vnow atomic.Int64
}

// loopUnit is the loop's own row in a timeline.
const loopUnit = "loop"

// observeStart is called once, when Run starts the loop.
func (l *Loop) observeStart(ctx context.Context) {
	if l.obs.rec == nil {
		l.obs.rec = timeline.FromContext(ctx)
	}
	if l.obs.rec == nil {
		return
	}
	if l.virtual {
		// The loop's time, counted from where the recorder's clock is now: a demo may run a
		// virtual loop after other things it records, in real time.
		base := l.obs.rec.End()
		l.obs.vnow.Store(int64(l.vnow))
		l.obs.rec.SetClock(func() time.Duration { return base + time.Duration(l.obs.vnow.Load()) })
	}
	l.obs.rec.Running(loopUnit, "")
}

// observeIdle is called as the loop starts (idle true) and stops waiting for something to do.
func (l *Loop) observeIdle(idle bool) {
	if idle {
		l.obs.rec.Waiting(loopUnit, "a timer or a callback")
		return
	}
	l.obs.vnow.Store(int64(l.vnow)) // the clock may have jumped
	l.obs.rec.Running(loopUnit, "")
}

// observeStep is called as the loop hands t the baton (running true) and gets it back.
func (l *Loop) observeStep(t *taskCore, running bool) {
	first := running && !t.stepped
	if running {
		t.stepped = true
	}
	switch {
	case l.obs.rec == nil:
	case first && t.mustCancel:
		// Cancelled before its first step: its coroutine never runs, so its row stays blank.
	case running:
		l.obs.rec.Running(t.name(), "")
	case t.finished:
		l.obs.rec.Done(t.name())
	case t.waiter == nil:
		l.obs.rec.Waiting(t.name(), "its turn")
	default:
		l.obs.rec.Waiting(t.name(), "an await")
	}
}

// observeClose is called when the loop closes. A virtual loop gives the recorder back its own
// clock, for whatever the demo records next.
func (l *Loop) observeClose() {
	l.obs.rec.Done(loopUnit)
	if l.virtual {
		l.obs.rec.SetClock(nil)
	}
}

// Recorder returns the recorder the loop reports to, or nil: a pool that serves the loop
// (chapter 2's executors) reports to it too.
func (l *Loop) Recorder() *timeline.Recorder { return l.obs.rec }
