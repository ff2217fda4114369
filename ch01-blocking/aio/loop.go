package aio

import (
	"container/heap"
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// ErrClosed is returned by CallSoonThreadsafe once the loop has finished.
var ErrClosed = errors.New("aio: event loop is closed")

// ErrDeadlock is returned by Run on a virtual clock when every task waits and nothing can ever
// wake one: no callback is ready, no timer is pending and no goroutine holds the loop.
var ErrDeadlock = errors.New("aio: deadlock: every task is waiting and nothing can wake one")

// Option configures a loop.
type Option func(*Loop)

// Virtual makes the loop keep virtual time: whenever nothing is ready to run, the clock jumps to
// the next timer instead of waiting for it. Sleeps then cost no real time.
func Virtual() Option { return func(l *Loop) { l.virtual = true } }

// Loop is a single-threaded event loop. Run makes one and runs it; a task reaches its own with
// co.Loop().
//
// All of its methods except CallSoonThreadsafe and Hold must be called from the goroutine that
// holds the loop: the loop itself (inside a callback) or the running task.
//
// The loop has no goroutine of its own. Whichever goroutine holds the baton runs the loop's
// turns: a task that awaits goes on to run the ready callbacks itself, and when one of them is
// another task's step it hands the baton straight to that task's goroutine (see Loop.drive).
// In Python the loop and its coroutines share one thread; here they share one baton.
type Loop struct {
	virtual bool
	start   time.Time     // the real clock's zero
	vnow    time.Duration // the virtual clock

	// ready is the queue of the current turn's successors, touched only by the baton holder.
	// Other goroutines post to posted, under mu; nposted says, without the lock, whether there
	// is anything to move over. Moving posted work before every local CallSoon keeps the one
	// FIFO order a single locked queue would give.
	ready   []item
	batch   []item // the turn being run, and how far it has got
	pos     int
	nposted atomic.Int32

	mu     sync.Mutex // guards posted, closed and holds: other goroutines post work
	posted []item
	closed bool
	holds  int
	wake   chan struct{} // poked (non-blocking) when another goroutine posts work

	timers   timerHeap
	timerSeq uint64

	home    chan struct{} // the baton comes back to Run's goroutine here
	current *taskCore     // the task holding the baton, or nil
	until   func() bool   // Run's goroutine wants the baton back once this holds after a turn
	err     error         // the turn failed (a virtual deadlock): Run's goroutine takes over
	crash   any           // a callback panicked with this; Run's goroutine panics with it
	crashed bool
	leaving bool      // the loop is being abandoned: every task's step returns the baton at once
	taskSeq int       // names tasks Task-1, Task-2, ...
	live    taskList  // the tasks that have not finished, in the order they were made
	runners []*runner // goroutines whose tasks have finished, waiting for new tasks
	atClose []func()
	obs     observer // who runs when, if anybody asked (observe.go)
}

// item is a ready callback: a function, or the next step of a task.
type item struct {
	fn   func()
	task *taskCore
}

func (it item) empty() bool { return it.fn == nil && it.task == nil }

// AtClose registers fn to run when Run finishes, after the leftover tasks have been cancelled
// and the loop closed; the last registered runs first. asyncio.run shuts its default executor
// down at that point, and so does chapter 2's executor package.
func (l *Loop) AtClose(fn func()) { l.atClose = append(l.atClose, fn) }

// newLoop returns a loop that is not running yet: only Run's runUntil turns it.
func newLoop(opts ...Option) *Loop {
	l := &Loop{
		start: time.Now(),
		wake:  make(chan struct{}, 1),
		home:  make(chan struct{}),
	}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Time is the loop's clock: the time since the loop was made (asyncio: loop.time()).
func (l *Loop) Time() time.Duration {
	if l.virtual {
		return l.vnow
	}
	return time.Since(l.start)
}

// CallSoon schedules fn to run on the loop after the callbacks already scheduled.
func (l *Loop) CallSoon(fn func()) { l.callSoon(item{fn: fn}) }

func (l *Loop) callSoon(it item) {
	if l.nposted.Load() != 0 {
		l.movePosted()
	}
	l.ready = append(l.ready, it)
}

// movePosted moves the callbacks other goroutines have posted to the ready queue.
func (l *Loop) movePosted() {
	l.mu.Lock()
	l.ready = append(l.ready, l.posted...)
	clear(l.posted)
	l.posted = l.posted[:0]
	l.nposted.Store(0)
	l.mu.Unlock()
}

// CallSoonThreadsafe is CallSoon for other goroutines: it may be called from anywhere, wakes the
// loop if it is waiting, and fails with ErrClosed once the loop has finished.
func (l *Loop) CallSoonThreadsafe(fn func()) error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return ErrClosed
	}
	l.posted = append(l.posted, item{fn: fn})
	l.nposted.Store(int32(len(l.posted)))
	l.mu.Unlock()
	l.poke()
	return nil
}

// Hold tells the loop that another goroutine will post a callback with CallSoonThreadsafe, and
// returns the function that goroutine calls once it has. While any hold is outstanding a virtual
// clock does not jump: work done on other goroutines takes no virtual time, and timers wait for
// it. The real clock ignores holds. Calling the returned function more than once does nothing.
func (l *Loop) Hold() (release func()) {
	if !l.virtual {
		return func() {} // nothing to count: the real clock never jumps
	}
	l.mu.Lock()
	l.holds++
	l.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			l.holds--
			l.mu.Unlock()
			l.poke()
		})
	}
}

func (l *Loop) poke() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Timer is a callback scheduled with CallLater.
type Timer struct {
	when      time.Duration
	seq       uint64
	fn        func()
	cancelled bool
}

// Cancel stops the timer's callback from running, if it has not run yet.
func (t *Timer) Cancel() { t.cancelled = true }

// PendingTimers reports how many timers on the loop have neither run nor been cancelled (asyncio
// keeps them in the loop's _scheduled heap). A function that starts a timer for its own use, as
// asyncio.wait_for does, should cancel it before it returns: a loop that called it a million
// times with a one-hour timeout would otherwise hold a million timers for an hour.
func (l *Loop) PendingTimers() int {
	n := 0
	for _, t := range l.timers {
		if !t.cancelled {
			n++
		}
	}
	return n
}

// CallLater schedules fn to run on the loop after d (asyncio: loop.call_later).
func (l *Loop) CallLater(d time.Duration, fn func()) *Timer {
	l.timerSeq++
	t := &Timer{when: l.Time() + max(d, 0), seq: l.timerSeq, fn: fn}
	heap.Push(&l.timers, t)
	return t
}

// nextTurn prepares one turn of the loop, like the first half of asyncio's _run_once: wait
// for something to do, move the timers that are due to the ready queue, and take the callbacks
// that are ready now as the turn's batch (callbacks they schedule wait for the next turn).
// The clock is read only when a timer is pending.
func (l *Loop) nextTurn() error {
	l.dropCancelledTimers()
	if len(l.ready) == 0 {
		l.mu.Lock()
		nposted, holds := len(l.posted), l.holds
		l.mu.Unlock()
		if nposted == 0 {
			l.observeIdle(true)
			if err := l.idle(holds); err != nil {
				return err
			}
			l.observeIdle(false)
		}
	}
	if len(l.timers) > 0 {
		now := l.Time()
		for len(l.timers) > 0 && l.timers[0].when <= now {
			t := heap.Pop(&l.timers).(*Timer)
			if !t.cancelled {
				l.CallSoon(t.fn)
			}
		}
	}
	if l.nposted.Load() != 0 {
		l.movePosted()
	}
	// The finished batch's array, emptied as it ran, becomes the next ready queue.
	l.batch, l.ready, l.pos = l.ready, l.batch[:0], 0
	return nil
}

// spins is how many times idle yields the processor, looking for posted work, before it parks
// the goroutine: work posted meanwhile by another goroutine (an executor's worker, say) is
// then picked up without the loop's goroutine being parked and readied again. It is a count,
// not a clock deadline, so it ends inside a testing/synctest bubble too, and each round is a
// runtime.Gosched, which lets the poster run, never a busy wait.
var spins = 20 // a variable only so that a benchmark can turn the spinning off

// idle waits until a timer is due or another goroutine posts work.
func (l *Loop) idle(holds int) error {
	if !(l.virtual && holds == 0) && runtime.GOMAXPROCS(0) >= 2 {
		for range spins {
			runtime.Gosched()
			if l.nposted.Load() != 0 {
				return nil
			}
		}
	}
	switch {
	case len(l.timers) == 0 && l.virtual && holds == 0:
		return ErrDeadlock
	case len(l.timers) == 0:
		<-l.wake
	case l.virtual && holds == 0:
		l.vnow = max(l.vnow, l.timers[0].when)
	case l.virtual:
		<-l.wake
	default:
		if wait := l.timers[0].when - l.Time(); wait > 0 {
			t := time.NewTimer(wait)
			defer t.Stop()
			select {
			case <-t.C:
			case <-l.wake:
			}
		}
	}
	return nil
}

func (l *Loop) dropCancelledTimers() {
	for len(l.timers) > 0 && l.timers[0].cancelled {
		heap.Pop(&l.timers)
	}
}

func (l *Loop) close() {
	l.mu.Lock()
	l.closed = true
	l.posted = nil
	l.mu.Unlock()
	l.ready, l.batch, l.pos = nil, nil, 0
	for _, r := range l.runners {
		r.task = nil // the runner exits
		r.wake <- struct{}{}
	}
	l.runners = nil
	for i := len(l.atClose) - 1; i >= 0; i-- {
		l.atClose[i]()
	}
	l.atClose = nil
	l.observeClose()
}

// Run runs main as the loop's first task (Task-1) until it returns, then cancels every task
// still pending and waits for them to finish, and closes the loop (asyncio.run).
func Run[T any](main func(co *Co) (T, error), opts ...Option) (T, error) {
	return RunContext(context.Background(), main, opts...)
}

// RunContext is Run with a context: when ctx is done, the main task is cancelled, the way
// asyncio.run cancels it on Ctrl-C. The error is then ErrCancelled (or whatever main returned).
func RunContext[T any](ctx context.Context, main func(co *Co) (T, error), opts ...Option) (T, error) {
	return runContext(ctx, main, nil, opts...)
}

// Main is Run for a main coroutine that returns nothing but an error (see Go).
func Main(main func(co *Co) error, opts ...Option) error {
	return MainContext(context.Background(), main, opts...)
}

// MainContext is RunContext for a main coroutine that returns nothing but an error (see Go).
func MainContext(ctx context.Context, main func(co *Co) error, opts ...Option) error {
	_, err := runContext(ctx, func(co *Co) (None, error) { return None{}, main(co) }, main, opts...)
	return err
}

// runContext runs main as RunContext does; coro, if not nil, is the coroutine main wraps, which
// the main task prints as.
func runContext[T any](ctx context.Context, main func(co *Co) (T, error), coro any, opts ...Option) (T, error) {
	l := newLoop(opts...)
	l.observeStart(ctx)
	task := NewTask(l, main)
	task.coro = coro
	stop := context.AfterFunc(ctx, func() {
		_ = l.CallSoonThreadsafe(func() { task.Cancel() })
	})
	defer stop()
	var zero T
	if err := l.runUntil(task.Done); err != nil {
		l.abandon()
		return zero, err
	}
	if err := l.cancelAll(); err != nil {
		l.abandon()
		return zero, err
	}
	l.close()
	return task.Result()
}

// runUntil turns the loop until done reports true after a turn (or before the first). The
// calling goroutine starts the turns; whichever goroutine holds the baton when done holds
// hands it back.
func (l *Loop) runUntil(done func() bool) error {
	l.until, l.err = done, nil
	l.drive(nil)
	if l.crashed {
		panic(l.crash)
	}
	return l.err
}

// cancelAll cancels the tasks that are still pending and runs the loop until they have ended.
func (l *Loop) cancelAll() error {
	for t := l.live.head; t != nil; t = t.next {
		t.cancel()
	}
	return l.runUntil(func() bool { return l.live.head == nil })
}

// abandon ends a loop that cannot go on (a virtual-clock deadlock): every task still waiting is
// woken with ErrCancelled at its await so that its goroutine can return. A task that ignores
// the cancellation and awaits again is woken again, a bounded number of times.
func (l *Loop) abandon() {
	l.leaving = true
	for range 100 {
		if l.live.head == nil {
			break
		}
		for _, t := range l.live.all() {
			if !t.finished {
				t.mustCancel = true
				l.handOff(nil, t)
			}
		}
	}
	l.close()
}

// drive runs the loop's turns on the calling goroutine, which holds the baton, until the baton
// goes elsewhere. self is the caller's task — one that is awaiting, or one that has finished —
// or nil on Run's goroutine. When a callback is a task's step, the baton goes straight to that
// task's goroutine; if it is self's own step, drive returns and self runs on without any
// goroutine switch. When the loop is done (see runUntil), the baton goes back to Run's goroutine.
//
// For a finished self, drive returns the task the calling goroutine is to run next, if any
// (see handOff).
func (l *Loop) drive(self *taskCore) (next *taskCore) {
	defer func() {
		if r := recover(); r != nil {
			if self == nil {
				panic(r)
			}
			// A callback panicked on a task's goroutine: the panic is the loop's, not the
			// task's, so it is raised again on Run's goroutine, as it would be if the loop
			// ran there, and this goroutine exits.
			l.crash, l.crashed = r, true
			l.home <- struct{}{}
			runtime.Goexit()
		}
	}()
	for {
		if l.leaving {
			if self != nil {
				return l.handOff(self, nil)
			}
			return nil
		}
		if l.pos == len(l.batch) { // between two turns
			if l.err != nil || l.until() {
				if self != nil {
					return l.handOff(self, nil)
				}
				return nil
			}
			if err := l.nextTurn(); err != nil {
				l.err = err
			}
			continue
		}
		it := l.batch[l.pos]
		l.batch[l.pos] = item{}
		l.pos++
		if it.task == nil {
			it.fn()
			continue
		}
		t := it.task
		if t.finished {
			continue
		}
		if t == self {
			l.enter(t)
			return nil
		}
		return l.handOff(self, t)
	}
}

// maxIdle bounds the goroutines kept for new tasks.
const maxIdle = 16

// handOff passes the baton from the caller (task self, or Run's goroutine if nil) to task t
// (to Run's goroutine if nil) and, unless the caller has finished, waits until it is given the
// baton back. It is the one place where the baton changes goroutines.
//
// A task that has not started yet gets a goroutine: the caller's own, if the caller's task has
// just finished (handOff then returns t, and the caller runs it), or one whose task finished
// earlier, or a new one. A goroutine whose task has finished and that hands the baton to
// another waits to be given a new task, and handOff returns that task (nil: the loop closed).
func (l *Loop) handOff(self, t *taskCore) (next *taskCore) {
	finished := self != nil && self.finished
	if finished && t != nil && t.run == nil && self.run != nil {
		t.run, self.run = self.run, nil
		l.enter(t)
		return t
	}
	var park *runner
	if finished && self.run != nil && len(l.runners) < maxIdle {
		park, self.run = self.run, nil
		l.runners = append(l.runners, park)
	}
	switch {
	case t == nil:
		l.current = nil
		l.home <- struct{}{}
	case t.run != nil:
		l.enter(t)
		t.run.wake <- struct{}{}
	default: // t's first step
		l.enter(t)
		if n := len(l.runners); n > 0 && l.runners[n-1] != park {
			r := l.runners[n-1]
			l.runners = l.runners[:n-1]
			r.task, t.run = t, r
			r.wake <- struct{}{}
		} else {
			t.run = &runner{wake: make(chan struct{})}
			go t.run.main(t)
		}
	}
	switch {
	case self == nil:
		<-l.home
	case !finished:
		<-self.run.wake
	case park != nil:
		<-park.wake
		return park.task
	}
	return nil
}

// runner is a goroutine that runs tasks, one after another: when its task finishes, it runs
// the loop on and then waits, among the loop's idle runners, for a new task to run.
type runner struct {
	wake chan struct{} // the baton arrives here
	task *taskCore     // the new task to run, set before wake; nil: exit
}

func (r *runner) main(t *taskCore) {
	for t != nil {
		t = t.main()
	}
}

// taskList is a doubly linked list of tasks, linked through the tasks themselves.
type taskList struct{ head, tail *taskCore }

func (l *taskList) push(t *taskCore) {
	t.prev, t.next = l.tail, nil
	if l.tail != nil {
		l.tail.next = t
	} else {
		l.head = t
	}
	l.tail = t
}

func (l *taskList) remove(t *taskCore) {
	if t.prev != nil {
		t.prev.next = t.next
	} else {
		l.head = t.next
	}
	if t.next != nil {
		t.next.prev = t.prev
	} else {
		l.tail = t.prev
	}
	t.prev, t.next = nil, nil
}

func (l *taskList) all() []*taskCore {
	var ts []*taskCore
	for t := l.head; t != nil; t = t.next {
		ts = append(ts, t)
	}
	return ts
}

// enter gives the baton to t: from here until leave, t is the running task. Every step of
// every task starts here, whichever goroutine passes the baton.
func (l *Loop) enter(t *taskCore) {
	l.current = t
	l.observeStep(t, true)
}

// leave takes the baton from the running task t, which awaits (t.finished is false) or has
// finished (true). Every step of every task ends here.
func (l *Loop) leave(t *taskCore) {
	l.observeStep(t, false)
	l.current = nil
}

type timerHeap []*Timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when != h[j].when {
		return h[i].when < h[j].when
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)   { *h = append(*h, x.(*Timer)) }
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	return t
}
