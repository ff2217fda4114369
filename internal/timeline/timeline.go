// Package timeline records who ran when and draws it: one row per execution unit (the loop
// thread and each task, an executor's workers, the threads of a simulated GIL, a spinner and its
// supervisor), time running across, each cell showing whether the unit ran, waited (and for
// what) or had not started or had finished. The demos of every chapter feed it from the events
// they already know — the loop hands its baton to a task, a worker starts job 3, a thread takes
// the GIL — so a picture in a lesson is a run of the code.
//
// A Recorder is handed to a demo through its context (NewContext, FromContext); a nil Recorder
// records nothing, so code that feeds one never needs to ask whether anybody listens.
//
// With a trace context (see Trace), each unit also becomes a runtime/trace task, each of its
// running spans a region named in the book's words ("Task-2 running", "GIL held", "job 3") and
// each change of state a log message, so that `go tool trace` shows them beside the runtime's
// own goroutines, Ps and syscalls. A region must begin and end on one goroutine, properly nested
// in the other regions of that goroutine; the recorder ends each region only when that holds
// (see region), so a region is exact when the goroutine that runs a span also marks its start
// and end, as every source in this book does, and a little long otherwise.
package timeline

import (
	"bytes"
	"context"
	"maps"
	"runtime"
	"runtime/trace"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Kind is what a unit is doing.
type Kind int

// The kinds of state. A unit starts out Absent (not started yet) and ends Done.
const (
	Absent  Kind = iota // not started yet
	Running             // running: holding the loop's baton, a worker's job, the GIL
	Waiting             // waiting: for a timer, the GIL, a job, a lock, a queue
	Done                // finished
)

// Event is one change of state: from At on, Unit is in State.
type Event struct {
	At    time.Duration // since the recorder started, on its clock
	Unit  string        // who: "Task-2", "loop", "worker 1", "Thread-1"
	Kind  Kind
	What  string // what it runs ("job 3", "GIL held") or waits for ("a timer", "the GIL")
	Label string // the trace region's or log message's text; empty for Done
}

// Recorder collects the events of one run. Its methods may be called from any goroutine, and on
// a nil *Recorder they do nothing.
type Recorder struct {
	mu     sync.Mutex
	start  time.Time
	clock  func() time.Duration
	events []Event
	// trace side: one trace task per unit, one open region per unit
	ctx     context.Context
	tasks   map[string]*trace.Task
	tctx    map[string]context.Context
	regions map[string]*region   // each unit's running span, while it runs
	open    map[uint64][]*region // each goroutine's open regions, innermost last
}

// New returns a recorder whose clock starts now. Inside a testing/synctest bubble that clock is
// the bubble's virtual one, so timelines recorded in tests are exact.
func New() *Recorder {
	return &Recorder{start: time.Now(), ctx: context.Background()}
}

// SetClock makes the recorder read time from now instead of its own clock: a loop or simulator
// that keeps virtual time sets it so that the timeline is drawn in that time. SetClock(nil)
// gives the recorder its own clock back.
func (r *Recorder) SetClock(now func() time.Duration) {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.clock = now
	r.mu.Unlock()
}

// Trace makes the recorder write each unit as a runtime/trace task (a child of ctx's task, if
// it has one) and each state as a region, when a trace is being written (runtime/trace.Start).
func (r *Recorder) Trace(ctx context.Context) {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.ctx = ctx
	r.tasks = map[string]*trace.Task{}
	r.tctx = map[string]context.Context{}
	r.regions = map[string]*region{}
	r.open = map[uint64][]*region{}
	r.mu.Unlock()
}

func (r *Recorder) now() time.Duration {
	if r.clock != nil {
		return r.clock()
	}
	return time.Since(r.start)
}

// Running records that unit runs from now on; what, if not empty, says what it runs ("job 3")
// or holds ("GIL held") and names the trace region, which is otherwise "UNIT running".
func (r *Recorder) Running(unit, what string) {
	label := what
	if label == "" {
		label = unit + " running"
	}
	r.mark(unit, Running, what, label)
}

// Waiting records that unit waits from now on, for what ("a timer", "the GIL", "a job").
func (r *Recorder) Waiting(unit, what string) {
	r.mark(unit, Waiting, what, unit+" waiting for "+what)
}

// Done records that unit has finished.
func (r *Recorder) Done(unit string) { r.mark(unit, Done, "", "") }

func (r *Recorder) mark(unit string, kind Kind, what, label string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, Event{At: r.now(), Unit: unit, Kind: kind, What: what, Label: label})
	if r.tasks == nil || !trace.IsEnabled() {
		return
	}
	g := goid()
	if reg := r.regions[unit]; reg != nil {
		reg.finished = true
		delete(r.regions, unit)
	}
	r.endFinished(g)
	ctx, ok := r.tctx[unit]
	if !ok && kind != Done {
		ctx, r.tasks[unit] = trace.NewTask(r.ctx, unit)
		r.tctx[unit] = ctx
	}
	if kind == Done {
		if t := r.tasks[unit]; t != nil {
			trace.Log(ctx, "state", "done")
			t.End()
		}
		delete(r.tasks, unit)
		delete(r.tctx, unit)
		return
	}
	trace.Log(ctx, "state", label)
	if kind == Running {
		reg := &region{Region: trace.StartRegion(ctx, label)}
		r.regions[unit] = reg
		r.open[g] = append(r.open[g], reg)
	}
}

// region is an open trace region. A region must end on the goroutine it began on, innermost
// first, or the trace is malformed; so a unit's region that its next state finishes is only
// marked finished, and ended when it is the innermost open region of the goroutine that began
// it and that goroutine records something. A source that marks a unit from another goroutine
// than the one that began its region, or that interleaves two units' spans, gets regions a
// little longer than the spans, never a broken trace.
type region struct {
	*trace.Region
	finished bool
}

// endFinished ends goroutine g's innermost regions while they are finished.
func (r *Recorder) endFinished(g uint64) {
	stack := r.open[g]
	for len(stack) > 0 && stack[len(stack)-1].finished {
		stack[len(stack)-1].End()
		stack = stack[:len(stack)-1]
	}
	if len(stack) == 0 {
		delete(r.open, g)
	} else {
		r.open[g] = stack
	}
}

// goid returns the calling goroutine's id, from the first line of its stack trace
// ("goroutine 12 [running]:"). It is called only while a trace is being written.
func goid() uint64 {
	var buf [64]byte
	line := buf[:runtime.Stack(buf[:], false)]
	line = bytes.TrimPrefix(line, []byte("goroutine "))
	id, _ := strconv.ParseUint(string(line[:max(bytes.IndexByte(line, ' '), 0)]), 10, 64)
	return id
}

// Close ends the trace tasks still open (units that never reported Done), stops tracing and
// returns the events. Later events are still recorded, but not traced.
func (r *Recorder) Close() []Event {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	// Regions still open are left open (ending one on another goroutine would corrupt the
	// trace); the trace tasks, which may end anywhere, are ended.
	for _, u := range slices.Sorted(maps.Keys(r.tasks)) {
		r.tasks[u].End()
	}
	r.tasks, r.tctx, r.regions, r.open = nil, nil, nil, nil
	return slices.Clone(r.events)
}

// Events returns a copy of the events recorded so far, in the order they were recorded.
func (r *Recorder) Events() []Event {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// End returns the recorder's clock now: where a drawing of its events should stop.
func (r *Recorder) End() time.Duration {
	if r == nil {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.now()
}

type ctxKey struct{}

// NewContext returns a context carrying r, for a demo to find with FromContext.
func NewContext(ctx context.Context, r *Recorder) context.Context {
	return context.WithValue(ctx, ctxKey{}, r)
}

// FromContext returns the recorder that ctx carries, or nil.
func FromContext(ctx context.Context) *Recorder {
	r, _ := ctx.Value(ctxKey{}).(*Recorder)
	return r
}
