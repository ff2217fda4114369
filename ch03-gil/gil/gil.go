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
// The interpreter counts what tests need to check the rules rather than timings: how often the
// GIL changed hands, how often a holder honoured a drop request, how long threads waited for
// it, and the largest number of threads ever running bytecode at once — which must be 1 — or
// native code at once, which may be more. Step panics if its thread does not hold the GIL, so a
// misuse cannot go unnoticed.
//
// The GIL is a one-slot channel, not a sync.Mutex, so that a thread waiting for it is durably
// blocked in the sense of testing/synctest: tests run whole interpreters in virtual time.
package gil

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/timeline"
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

	mu       sync.Mutex    // guards last, handoff and switches; held only briefly
	last     *Thread       // the thread that held it last
	handoff  chan struct{} // closed by the next thread to take the GIL after a forced drop
	switches int           // times the GIL went to a different thread than the last holder
	epoch    atomic.Int64  // incremented at every take: "has it changed hands meanwhile?"

	dropRequest atomic.Bool
	drops       atomic.Int64 // drop requests honoured (forced switches)
	running     atomic.Int32 // threads inside a Step right now
	maxRunning  atomic.Int32
	native      atomic.Int32 // threads inside Native right now
	maxNative   atomic.Int32
	steps       atomic.Int64
	waited      atomic.Int64 // nanoseconds spent waiting for the GIL, all threads together
	wg          sync.WaitGroup
}

// Option configures an Interp.
type Option func(*Interp)

// SwitchInterval sets the switch interval (sys.setswitchinterval).
func SwitchInterval(d time.Duration) Option { return func(in *Interp) { in.interval = d } }

// StepCost makes every Step also take d, with time.Sleep. Tests run the interpreter inside a
// testing/synctest bubble, where that sleep is virtual time, so schedules are exact.
func StepCost(d time.Duration) Option { return func(in *Interp) { in.stepCost = d } }

// New returns an interpreter whose GIL is free.
func New(opts ...Option) *Interp {
	in := &Interp{interval: DefaultSwitchInterval, token: make(chan struct{}, 1)}
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
		defer t.release()
		fn(t)
	}()
}

// Wait waits for every thread started with Go to finish.
func (in *Interp) Wait() { in.wg.Wait() }

// take waits for the GIL, asking the holder to drop it after each switch interval of waiting.
func (t *Thread) take() {
	in := t.in
	start := time.Now()
	timer := time.NewTimer(in.interval)
	defer timer.Stop()
	seen := in.epoch.Load()
	for got := false; !got; {
		select {
		case <-in.token:
			got = true
		case <-timer.C:
			// Still waiting after a whole interval: if nobody took the GIL meanwhile, ask the
			// holder to drop it (CPython sets gil_drop_request in take_gil).
			if now := in.epoch.Load(); now == seen {
				in.dropRequest.Store(true)
			} else {
				seen = now
			}
			timer.Reset(in.interval)
		}
	}
	in.waited.Add(int64(time.Since(start)))
	in.epoch.Add(1)
	in.dropRequest.Store(false)
	in.holder.Store(t)
	in.mu.Lock()
	if in.last != nil && in.last != t {
		in.switches++
	}
	in.last = t
	if in.handoff != nil {
		close(in.handoff)
		in.handoff = nil
	}
	in.mu.Unlock()
}

// release gives the GIL back.
func (t *Thread) release() {
	in := t.in
	in.holder.Store(nil)
	in.token <- struct{}{}
}

// Step runs one simulated bytecode instruction: work, holding the GIL. Before it, like
// CPython's eval loop, it checks the eval breaker and drops the GIL if another thread asked.
// It panics if t does not hold the GIL (inside Blocking or Native, say): bytecode never runs
// without it.
func (t *Thread) Step(work func()) {
	in := t.in
	if in.holder.Load() != t {
		panic("gil: Step called by thread " + t.name + ", which does not hold the GIL")
	}
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
	t.release()
	<-h
	t.observeWait()
	t.take()
	t.observeHold()
}

// Blocking runs fn without the GIL, as CPython runs a blocking system call (sleep, a read, a
// socket call) or native code that releases it: other threads run bytecode meanwhile.
func (t *Thread) Blocking(fn func()) {
	t.release()
	fn()
	t.observeWait()
	t.take()
	t.observeHold()
}

// Sleep is time.sleep: it releases the GIL while it sleeps.
func (t *Thread) Sleep(d time.Duration) { t.Blocking(func() { t.observeIO(); time.Sleep(d) }) }

// Native runs fn as native code that releases the GIL, as a C extension does around a long
// computation on raw memory (numpy's loops, hashlib on large buffers). Several threads' native
// code runs at once, on as many cores as there are; fn must not call t.Step, because native
// code that has let go of the GIL may not touch Python objects.
func (t *Thread) Native(fn func()) {
	in := t.in
	t.release()
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
}

// Stats returns the counters so far.
func (in *Interp) Stats() Stats {
	in.mu.Lock()
	defer in.mu.Unlock()
	return Stats{
		Steps:      in.steps.Load(),
		Switches:   in.switches,
		Drops:      in.drops.Load(),
		Waited:     time.Duration(in.waited.Load()),
		MaxRunning: int(in.maxRunning.Load()),
		MaxNative:  int(in.maxNative.Load()),
	}
}
