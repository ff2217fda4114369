package gil

import "github.com/concurrency-models/book/ch01-blocking/timeline"

// Timeline makes the interpreter report to rec, one row per thread, who holds the GIL (running,
// "GIL held"), who waits for it, who is in a blocking call (Thread.Sleep: waiting for I/O) and
// who runs native code without it (running, "native code"). Under testing/synctest, with
// StepCost, the picture is exact: it shows the hand-over at the switch interval.
func Timeline(rec *timeline.Recorder) Option { return func(in *Interp) { in.rec = rec } }

// The observer hooks, called by each thread's own goroutine.
func (t *Thread) observeWait()   { t.in.rec.Waiting(t.name, "the GIL") }
func (t *Thread) observeHold()   { t.in.rec.Running(t.name, "GIL held") }
func (t *Thread) observeIO()     { t.in.rec.Waiting(t.name, "I/O") }
func (t *Thread) observeNative() { t.in.rec.Running(t.name, "native code") }
func (t *Thread) observeExit()   { t.in.rec.Done(t.name) }
