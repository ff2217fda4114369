// Package gil simulates CPython's Global Interpreter Lock, so that its effects can be watched and
// measured from Go, which has none.
//
// An Interp is one simulated interpreter with one GIL. Its simulated threads run "bytecode" —
// calls to Thread.Step — only while they hold the GIL. The design follows CPython's
// Python/ceval_gil.c:
//
//   - A thread that wants the GIL waits for it for one switch interval (sys.getswitchinterval(),
//     5 ms by default). If it is still waiting after that, and the GIL has not changed hands
//     meanwhile, it sets gil_drop_request.
//   - The holder checks between bytecodes (the "eval breaker"). When the drop request is set it
//     releases the GIL and — FORCE_SWITCHING — waits until another thread has taken it, so that
//     it cannot grab it straight back.
//   - Blocking calls (Thread.Blocking, Thread.Sleep) release the GIL around themselves
//     (Py_BEGIN_ALLOW_THREADS ... Py_END_ALLOW_THREADS), so other threads run meanwhile.
//   - Native code that releases the GIL (Thread.Native: a C extension such as numpy's inner
//     loops) runs at the same time as other threads' native code and bytecode.
//
// Which waiting thread gets the GIL differs from CPython. CPython's drop_gil signals a
// condition variable, and the operating system picks which of the threads waiting on it wakes
// first. Here the waiters receive from a channel. The Go specification does not say which of
// several waiting receivers gets a value, but the runtime gives it to the one that has waited
// longest: chansend passes it to c.recvq.dequeue(), the head of a first-in, first-out queue
// (runtime/chan.go, Go 1.26). A waiter whose interval timer fires leaves that queue and joins
// it again at the back. The lesson's diagram depends on that order, so its test
// (TestLessonGILDiagram) would notice a runtime that changed it.
//
// The interpreter counts what tests need to check the rules rather than timings: how often the
// GIL changed hands, how often a holder honoured a drop request, how long threads waited for
// it, and the largest number of threads ever running bytecode at once — which must be 1 — or
// native code at once, which may be more. Step, Blocking and Native panic if their thread does
// not hold the GIL (a Step inside Blocking, say), so a misuse cannot go unnoticed: the panic
// names the method and the thread.
//
// With the Record option it also keeps a log of its events (Interp.Events), from which
// Holders picks the moments the GIL changed hands: the raw material for timelines and diagrams.
//
// The GIL is a one-slot channel, not a sync.Mutex, so that a thread waiting for it is durably
// blocked in the sense of testing/synctest: tests run whole interpreters in virtual time.
package gil

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/concurrency-models/book/internal/timeline"
)

// DefaultSwitchInterval is CPython's default switch interval (sys.getswitchinterval()).
const DefaultSwitchInterval = 5 * time.Millisecond

// Interp is a simulated interpreter: one GIL and the threads that share it.
type Interp struct {
	interval time.Duration
	stepCost time.Duration // simulated time each Step takes, on top of its work (for tests)

	rec *timeline.Recorder // -timeline: who holds the GIL, who waits (record.go)

	token chan struct{} // holds one value while the GIL is free

	holder atomic.Pointer[Thread] // the thread holding the GIL, or nil

	mu       sync.Mutex    // guards last, handoff, switches, events; orders epoch with dropRequest
	last     *Thread       // the thread that held it last
	handoff  chan struct{} // closed by the next thread to take the GIL after a forced drop
	switches int           // times the GIL went to a different thread than the last holder
	epoch    atomic.Int64  // incremented at every take, under mu: "has it changed hands meanwhile?"

	dropRequest atomic.Bool
	drops       atomic.Int64 // drop requests honoured (forced switches)
	running     atomic.Int32 // threads inside a Step right now
	maxRunning  atomic.Int32
	native      atomic.Int32 // threads inside Native right now
	maxNative   atomic.Int32
	blocking    atomic.Int32 // threads inside Blocking (Sleep, SleepContext) right now
	maxBlocking atomic.Int32
	steps       atomic.Int64
	waited      atomic.Int64 // nanoseconds spent waiting for the GIL, all threads together
	wg          sync.WaitGroup

	record bool      // set by Record: keep a log of events
	start  time.Time // when New was called; events are timed from it
	events []Event   // guarded by mu
}

// Option configures an Interp.
type Option func(*Interp)

// SwitchInterval sets the switch interval (sys.setswitchinterval).
func SwitchInterval(d time.Duration) Option { return func(in *Interp) { in.interval = d } }

// Record makes the interpreter keep a log of its events (see Interp.Events): who waited for
// the GIL, who asked for it, who took it and who let go, and when.
func Record() Option { return func(in *Interp) { in.record = true } }

// StepCost makes every Step also take d, with time.Sleep. Tests run the interpreter inside a
// testing/synctest bubble, where that sleep is virtual time, so schedules are exact.
func StepCost(d time.Duration) Option { return func(in *Interp) { in.stepCost = d } }

// New returns an interpreter whose GIL is free.
func New(opts ...Option) *Interp {
	in := &Interp{interval: DefaultSwitchInterval, token: make(chan struct{}, 1), start: time.Now()}
	for _, o := range opts {
		o(in)
	}
	in.token <- struct{}{}
	return in
}

// Thread is a simulated Python thread of an Interp. Its methods may be called only by the
// goroutine running it.
type Thread struct {
	in   *Interp
	name string
}

// Name is the thread's name.
func (t *Thread) Name() string { return t.name }

// Go starts a simulated thread that runs fn holding the GIL, as a Python thread runs its target.
func (in *Interp) Go(name string, fn func(t *Thread)) {
	fn = holding(fn) // -timeline: fn runs holding the GIL (record.go)
	in.wg.Add(1)
	go func() {
		defer in.wg.Done()
		t := &Thread{in: in, name: name}
		defer t.observeExit()
		t.observeWait()
		t.take()
		defer func() {
			// A thread that panicked without the GIL (a Step inside Blocking, say) has
			// nothing to give back: releasing it would block for good on the full token,
			// and the panic, which names the mistake, would never be seen.
			if in.holder.Load() == t {
				t.release(Exit)
			}
		}()
		fn(t)
	}()
}

// Wait waits for every thread started with Go to finish.
func (in *Interp) Wait() { in.wg.Wait() }

// take waits for the GIL, asking the holder to drop it after each switch interval of waiting.
func (t *Thread) take() {
	in := t.in
	start := time.Now()
	select {
	case <-in.token: // free, and nobody else waiting for it
	default:
		t.note(Wait)
		t.wait()
	}
	in.waited.Add(int64(time.Since(start)))
	in.mu.Lock()
	// Under mu, as take_gil bumps switch_number and clears the drop request under gil->mutex:
	// a waiter's compare-and-ask (wait) happens wholly before this or wholly after.
	in.epoch.Add(1)
	in.dropRequest.Store(false)
	in.holder.Store(t)
	if in.last != nil && in.last != t {
		in.switches++
	}
	in.last = t
	if in.handoff != nil {
		close(in.handoff)
		in.handoff = nil
	}
	in.logLocked(t, Take)
	in.mu.Unlock()
}

// wait waits for the GIL to be free. After each whole interval of waiting, if the GIL has not
// changed hands meanwhile, it asks the holder to drop it: CPython's take_gil sets the drop
// request only when gil->switch_number is what it was when the wait began.
func (t *Thread) wait() {
	in := t.in
	timer := time.NewTimer(in.interval)
	defer timer.Stop()
	seen := in.epoch.Load()
	for {
		select {
		case <-in.token:
			return
		case <-timer.C:
			in.mu.Lock() // so that no take comes between the compare and the request
			if now := in.epoch.Load(); now == seen {
				in.dropRequest.Store(true)
				in.logLocked(t, Ask)
			} else {
				seen = now
			}
			in.mu.Unlock()
			timer.Reset(in.interval)
		}
	}
}

// release gives the GIL back; why is the event it logs.
func (t *Thread) release(why Kind) {
	in := t.in
	t.note(why)
	in.holder.Store(nil)
	in.token <- struct{}{}
}

// Step runs one simulated bytecode instruction: work, holding the GIL. Before it, like
// CPython's eval loop, it checks the eval breaker and drops the GIL if another thread asked.
// It panics if t does not hold the GIL (inside Blocking or Native, say): bytecode never runs
// without it.
func (t *Thread) Step(work func()) {
	in := t.in
	t.mustHold("Step")
	if in.dropRequest.Load() {
		t.forcedSwitch()
	}
	raise(&in.maxRunning, in.running.Add(1))
	if work != nil {
		work()
	}
	if in.stepCost > 0 {
		time.Sleep(in.stepCost)
	}
	in.steps.Add(1)
	in.running.Add(-1)
}

// raise sets *peak to n if n is larger.
func raise(peak *atomic.Int32, n int32) {
	for m := peak.Load(); n > m && !peak.CompareAndSwap(m, n); m = peak.Load() {
	}
}

// forcedSwitch drops the GIL and waits until another thread has taken it (FORCE_SWITCHING),
// then queues to take it back.
func (t *Thread) forcedSwitch() {
	in := t.in
	h := make(chan struct{})
	in.mu.Lock()
	in.handoff = h
	in.mu.Unlock()
	in.drops.Add(1)
	t.release(Drop)
	<-h
	t.observeWait()
	t.take()
	t.observeHold()
}

// mustHold panics, naming the method called and the thread, if t does not hold the GIL: a
// thread inside Blocking or Native has let go of it, and must not run bytecode or let go again.
func (t *Thread) mustHold(method string) {
	if t.in.holder.Load() != t {
		panic("gil: " + method + " called by thread " + t.name + ", which does not hold the GIL")
	}
}

// Blocking runs fn without the GIL, as CPython runs a blocking system call (sleep, a read, a
// socket call) or native code that releases it: other threads run bytecode meanwhile. Like
// Step, it panics if t does not hold the GIL (a Blocking inside Blocking or Native).
func (t *Thread) Blocking(fn func()) {
	t.mustHold("Blocking")
	in := t.in
	t.release(Block)
	raise(&in.maxBlocking, in.blocking.Add(1))
	fn()
	in.blocking.Add(-1)
	t.observeWait()
	t.take()
	t.observeHold()
}

// Sleep is time.sleep: it releases the GIL while it sleeps.
func (t *Thread) Sleep(d time.Duration) {
	t.mustHold("Sleep")
	t.Blocking(func() { t.observeIO(); time.Sleep(d) })
}

// SleepContext is Sleep that ends early once ctx is done, so that Ctrl-C need not wait out a
// long sleep. Either way it returns holding the GIL again; it returns ctx.Err() if ctx ended
// the sleep, and nil if the whole of d passed.
func (t *Thread) SleepContext(ctx context.Context, d time.Duration) error {
	t.mustHold("SleepContext")
	var err error
	t.Blocking(func() {
		t.observeIO()
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-ctx.Done():
			err = ctx.Err()
		}
	})
	return err
}

// Native runs fn as native code that releases the GIL, as a C extension does around a long
// computation on raw memory (numpy's loops, hashlib on large buffers). Several threads' native
// code runs at once, on as many cores as there are; fn must not call t.Step, because native
// code that has let go of the GIL may not touch Python objects. Like Step, it panics if t
// does not hold the GIL.
func (t *Thread) Native(fn func()) {
	in := t.in
	t.mustHold("Native")
	t.release(Native)
	raise(&in.maxNative, in.native.Add(1))
	t.observeNative()
	fn()
	in.native.Add(-1)
	t.observeWait()
	t.take()
	t.observeHold()
}

// Stats are the interpreter's counters.
type Stats struct {
	Steps      int64         // bytecode steps run, all threads
	Switches   int           // times the GIL passed to a different thread
	Drops      int64         // times a holder honoured a drop request (forced switches)
	Waited     time.Duration // time spent waiting for the GIL, all threads together
	MaxRunning int           // the most threads ever inside a Step at the same moment: 1
	MaxNative  int           // the most threads ever inside Native at the same moment
	// MaxBlocking is the most threads ever inside a blocking call (Blocking, Sleep,
	// SleepContext) at the same moment: above 1, their waits overlapped.
	MaxBlocking int
}

// Stats returns the counters so far.
func (in *Interp) Stats() Stats {
	in.mu.Lock()
	defer in.mu.Unlock()
	return Stats{
		Steps:       in.steps.Load(),
		Switches:    in.switches,
		Drops:       in.drops.Load(),
		Waited:      time.Duration(in.waited.Load()),
		MaxRunning:  int(in.maxRunning.Load()),
		MaxNative:   int(in.maxNative.Load()),
		MaxBlocking: int(in.maxBlocking.Load()),
	}
}

// Kind is what happened in an Event.
type Kind int

// The kinds of event an interpreter made with Record logs.
const (
	Wait   Kind = iota // the thread found the GIL taken and began to wait for it
	Ask                // the thread had waited a whole interval and set the drop request
	Take               // the thread took the GIL
	Drop               // the holder let go because of a drop request (a forced switch)
	Block              // the holder let go around a blocking call (Thread.Blocking, Thread.Sleep)
	Native             // the holder let go around native code (Thread.Native)
	Exit               // the holder's thread finished
)

var kindNames = [...]string{"wait", "ask", "take", "drop", "block", "native", "exit"}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "Kind(" + strconv.Itoa(int(k)) + ")"
	}
	return kindNames[k]
}

// Event is one entry of an interpreter's log.
type Event struct {
	At     time.Duration // since New
	Thread string        // the thread's name
	Kind   Kind
}

// note logs an event for t, if the interpreter records.
func (t *Thread) note(k Kind) {
	if !t.in.record {
		return
	}
	t.in.mu.Lock()
	t.in.logLocked(t, k)
	t.in.mu.Unlock()
}

func (in *Interp) logLocked(t *Thread, k Kind) {
	if in.record {
		in.events = append(in.events, Event{At: time.Since(in.start), Thread: t.name, Kind: k})
	}
}

// Events returns the log so far, in the order the events happened; it is empty unless the
// interpreter was made with Record.
func (in *Interp) Events() []Event {
	in.mu.Lock()
	defer in.mu.Unlock()
	return slices.Clone(in.events)
}

// Holders picks from a log the moments the GIL changed hands: each Take by a thread other than
// the one that took it last. The first Take is always one.
func Holders(events []Event) []Event {
	var out []Event
	for _, e := range events {
		if e.Kind == Take && (len(out) == 0 || out[len(out)-1].Thread != e.Thread) {
			out = append(out, e)
		}
	}
	return out
}
