package main

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/exp/trace"

	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/concurrency-models/book/internal/tracefile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loopStops reads a spin child's trace and reports, for its last "call-free loop" region, how
// often the looping goroutine was stopped with the reason "preempted" in the middle of spinLoop,
// and how often another goroutine (the sleeper) started running before the loop was over. (The
// region ends after the loop returns, with calls in between, where a goroutine that has run
// its time is stopped even without asynchronous preemption.)
func loopStops(t *testing.T, file string) (preempted, others int) {
	t.Helper()
	var looper trace.GoID = trace.NoGoroutine
	inside := false // in the loop: from the region's start until the looper stops outside spinLoop
	err := tracefile.EachEvent(file, func(ev trace.Event) {
		switch ev.Kind() {
		case trace.EventRegionBegin:
			if ev.Region().Type == "call-free loop" {
				looper, inside, preempted, others = ev.Goroutine(), true, 0, 0 // a retried trial starts afresh
			}
		case trace.EventRegionEnd:
			if ev.Region().Type == "call-free loop" {
				inside = false
			}
		case trace.EventStateTransition:
			st := ev.StateTransition()
			if !inside || st.Resource.Kind != trace.ResourceGoroutine {
				return
			}
			from, to := st.Goroutine()
			switch g := st.Resource.Goroutine(); {
			case g == looper && from == trace.GoRunning && to != trace.GoRunning:
				if inSpinLoop(st.Stack) && st.Reason == "preempted" {
					preempted++
				} else {
					inside = false // the loop is over
				}
			case g != looper && to == trace.GoRunning:
				others++
			}
		}
	})
	require.NoError(t, err)
	return preempted, others
}

// The lesson's second walk through go tool trace, checked: in the spin child with asynchronous
// preemption, the looping goroutine is stopped ("preempted") in the middle of its call-free loop
// and the sleeper runs; with asyncpreemptoff=1 the loop is never stopped and nothing else runs
// until it ends.
func TestPreemptTraceShowsTheStop(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if testing.Short() {
		t.Skip("two child processes, each spinning 100ms")
	}
	file := filepath.Join(t.TempDir(), "preempt.trace")
	var out strings.Builder
	code := app.MainContext(t.Context(), []string{"preempt", "-spin", "100ms", "-trace", file}, &out, &out)
	require.Zerof(t, code, "preempt -trace %s: exit status; output:\n%s", file, out.String())
	p, o := loopStops(t, spinTraceFile(file, false))
	assert.Positive(t, p, "asyncpreemptoff=0: times the loop was preempted; want at least once")
	assert.Positive(t, o, "asyncpreemptoff=0: times other goroutines ran inside the loop; want at least once")
	p, o = loopStops(t, spinTraceFile(file, true))
	assert.Zero(t, p, "asyncpreemptoff=1: times the loop was preempted; want none")
	assert.Zero(t, o, "asyncpreemptoff=1: times other goroutines ran inside the loop; want none")
}

// inSpinLoop reports whether a stack is an asynchronous preemption of spinLoop: the runtime's
// asyncPreempt on top of spinLoop, the first frame outside the runtime.
func inSpinLoop(stk trace.Stack) bool {
	async := false
	for f := range stk.Frames() {
		if !strings.HasPrefix(f.Func, "runtime.") {
			// main.spinLoop; in a test binary, main is named by its import path
			return async && strings.HasSuffix(f.Func, ".spinLoop")
		}
		async = async || f.Func == "runtime.asyncPreempt"
	}
	return false
}
