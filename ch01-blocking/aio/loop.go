package aio

import (
	"container/heap"
	"context"
	"errors"
	"sync"
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

// Loop is a single-threaded event loop. Create one with Run (or New, for callbacks only).
//
// All of its methods except CallSoonThreadsafe and Hold must be called from the goroutine that
// holds the loop: the loop itself (inside a callback) or the running task.
type Loop struct {
	virtual bool
	start   time.Time     // the real clock's zero
	vnow    time.Duration // the virtual clock

	mu       sync.Mutex // guards ready, closed and holds: other goroutines post work
	ready    []func()
	closed   bool
	holds    int
	wake     chan struct{} // poked (non-blocking) when another goroutine posts work
	timers   timerHeap
	timerSeq uint64

	baton   chan struct{} // a task hands the baton back to the loop here
	current *taskCore     // the task holding the baton, or nil
	taskSeq int           // names tasks Task-1, Task-2, ...
	live    map[*taskCore]struct{}
	atClose []func()
	obs     observer // who runs when, if anybody asked (observe.go)
}

// AtClose registers fn to run when Run finishes, after the leftover tasks have been cancelled
// and the loop closed; the last registered runs first. asyncio.run shuts its default executor
// down at that point, and so does chapter 2's executor package.
func (l *Loop) AtClose(fn func()) { l.atClose = append(l.atClose, fn) }

// New returns a loop that is not running yet. Most programs use Run instead.
func New(opts ...Option) *Loop {
	l := &Loop{
		start: time.Now(),
		wake:  make(chan struct{}, 1),
		baton: make(chan struct{}),
		live:  make(map[*taskCore]struct{}),
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
func (l *Loop) CallSoon(fn func()) {
	l.mu.Lock()
	l.ready = append(l.ready, fn)
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
	l.ready = append(l.ready, fn)
	l.mu.Unlock()
	l.poke()
	return nil
}

// Hold tells the loop that another goroutine will post a callback with CallSoonThreadsafe, and
// returns the function that goroutine calls once it has. While any hold is outstanding a virtual
// clock does not jump: work done on other goroutines takes no virtual time, and timers wait for
// it. The real clock ignores holds. Calling the returned function more than once does nothing.
func (l *Loop) Hold() (release func()) {
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

// CallLater schedules fn to run on the loop after d (asyncio: loop.call_later).
func (l *Loop) CallLater(d time.Duration, fn func()) *Timer {
	l.timerSeq++
	t := &Timer{when: l.Time() + max(d, 0), seq: l.timerSeq, fn: fn}
	heap.Push(&l.timers, t)
	return t
}

// runOnce is one turn of the loop, like asyncio's _run_once: wait for something to do, move
// the timers that are due to the ready queue, then run the callbacks that are ready now
// (callbacks they schedule wait for the next turn).
func (l *Loop) runOnce() error {
	l.dropCancelledTimers()
	l.mu.Lock()
	nready, holds := len(l.ready), l.holds
	l.mu.Unlock()
	if nready == 0 {
		l.observeIdle(true)
		if err := l.idle(holds); err != nil {
			return err
		}
		l.observeIdle(false)
	}
	now := l.Time()
	for len(l.timers) > 0 && l.timers[0].when <= now {
		t := heap.Pop(&l.timers).(*Timer)
		if !t.cancelled {
			l.CallSoon(t.fn)
		}
	}
	l.mu.Lock()
	batch := l.ready
	l.ready = nil
	l.mu.Unlock()
	for _, fn := range batch {
		fn()
	}
	return nil
}

// idle waits until a timer is due or another goroutine posts work.
func (l *Loop) idle(holds int) error {
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
	l.ready = nil
	l.mu.Unlock()
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
	l := New(opts...)
	l.observeStart(ctx)
	task := NewTask(l, main)
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

// runUntil turns the loop until done reports true.
func (l *Loop) runUntil(done func() bool) error {
	for !done() {
		if err := l.runOnce(); err != nil {
			return err
		}
	}
	return nil
}

// cancelAll cancels the tasks that are still pending and runs the loop until they have ended.
func (l *Loop) cancelAll() error {
	for t := range l.live {
		t.cancel()
	}
	return l.runUntil(func() bool { return len(l.live) == 0 })
}

// abandon ends a loop that cannot go on (a virtual-clock deadlock): every task still waiting is
// woken with ErrCancelled at its await so that its goroutine can return. A task that ignores
// the cancellation and awaits again is woken again, a bounded number of times.
func (l *Loop) abandon() {
	for range 100 {
		if len(l.live) == 0 {
			break
		}
		for t := range l.live {
			t.mustCancel = true
			l.step(t)
		}
	}
	l.close()
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
