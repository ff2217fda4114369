package aio

import (
	"context"
	"errors"
	"fmt"
)

// ErrCancelled is the error an await returns in a cancelled task, and the error of a cancelled
// future or task: Python's asyncio.CancelledError. It also matches context.Canceled under
// errors.Is, since in Go terms a cancelled task is a cancelled context.
var ErrCancelled error = cancelledError{}

type cancelledError struct{}

func (cancelledError) Error() string { return "cancelled" }

func (cancelledError) Is(target error) bool { return target == context.Canceled }

// ErrInvalidState is returned when a future's result is set twice, or read before it is done:
// Python's asyncio.InvalidStateError.
var ErrInvalidState = errors.New("invalid state")

type state uint8

const (
	pending state = iota
	finished
	cancelled
)

func (s state) String() string {
	return [...]string{"pending", "finished", "cancelled"}[s]
}

// Awaitable is anything a task can await: a *Future or a *Task.
type Awaitable[T any] interface {
	// Future returns the future that completes with the awaitable's result.
	Future() *Future[T]
}

// Future is a result that is not there yet. Like asyncio's Future it belongs to one loop and is
// not safe for use by other goroutines: complete it from a task or a loop callback, and from
// other goroutines only through Loop.CallSoonThreadsafe.
type Future[T any] struct {
	c      futureCore
	result T
}

// futureCore is the part of a future that does not depend on its result type: what a task
// awaits.
type futureCore struct {
	loop   *Loop
	state  state
	err    error
	inline [2]item      // the first two callbacks: most futures have one or two
	extra  *futureExtra // the rare rest
	task   *taskCore    // the task whose future this is: it cancels and prints as the task
}

// futureExtra holds what few futures need.
type futureExtra struct {
	callbacks []item // the callbacks after the first two, in the order they were added
	timer     *Timer // a sleep's timer, cancelled with the future
}

// NewFuture returns a pending future bound to l (asyncio: loop.create_future()).
func NewFuture[T any](l *Loop) *Future[T] {
	return &Future[T]{c: futureCore{loop: l}}
}

// Future returns f itself, so that a *Future is Awaitable.
func (f *Future[T]) Future() *Future[T] { return f }

// Loop returns the loop f belongs to.
func (f *Future[T]) Loop() *Loop { return f.c.loop }

// Done reports whether f has a result, an error, or was cancelled.
func (f *Future[T]) Done() bool { return f.c.state != pending }

// Cancelled reports whether f was cancelled.
func (f *Future[T]) Cancelled() bool { return f.c.state == cancelled }

// Result returns f's value and error. A cancelled future returns ErrCancelled; a pending one
// returns ErrInvalidState.
func (f *Future[T]) Result() (T, error) {
	switch f.c.state {
	case pending:
		var zero T
		return zero, fmt.Errorf("result is not ready: %w", ErrInvalidState)
	case cancelled:
		var zero T
		return zero, ErrCancelled
	}
	return f.result, f.c.err
}

// Err returns f's error: nil while pending or after a value was set, ErrCancelled if cancelled.
func (f *Future[T]) Err() error {
	if f.c.state == cancelled {
		return ErrCancelled
	}
	return f.c.err
}

// SetResult completes f with v and schedules its callbacks. It fails with ErrInvalidState if f
// is already done.
func (f *Future[T]) SetResult(v T) error {
	return f.complete(v, nil)
}

// SetError completes f with err (asyncio: set_exception). A nil err is a programming error and
// is reported as such.
func (f *Future[T]) SetError(err error) error {
	if err == nil {
		return errors.New("aio: SetError(nil)")
	}
	var zero T
	return f.complete(zero, err)
}

func (f *Future[T]) complete(v T, err error) error {
	if f.c.state != pending {
		return fmt.Errorf("future already %v: %w", f.c.state, ErrInvalidState)
	}
	f.result = v
	f.c.state, f.c.err = finished, err
	f.c.scheduleCallbacks()
	return nil
}

// Cancel cancels f if it is still pending, schedules its callbacks and reports whether it did.
// Cancelling a task asks the task to stop; see Task.Cancel.
func (f *Future[T]) Cancel() bool { return f.c.cancel() }

// AddDoneCallback arranges for fn to run on the loop once f is done; if f is done already, fn
// is scheduled at once. Callbacks run through CallSoon, in the order they were added.
func (f *Future[T]) AddDoneCallback(fn func()) { f.c.add(item{fn: fn}) }

func (c *futureCore) done() bool { return c.state != pending }

func (c *futureCore) cancel() bool {
	if c.task != nil {
		return c.task.cancel()
	}
	if c.extra != nil && c.extra.timer != nil {
		c.extra.timer.Cancel()
	}
	return c.cancelNow()
}

func (c *futureCore) cancelNow() bool {
	if c.state != pending {
		return false
	}
	c.state = cancelled
	c.scheduleCallbacks()
	return true
}

func (c *futureCore) add(it item) {
	switch {
	case c.state != pending:
		c.loop.callSoon(it)
	case c.inline[0].empty():
		c.inline[0] = it
	case c.inline[1].empty():
		c.inline[1] = it
	default:
		if c.extra == nil {
			c.extra = &futureExtra{}
		}
		c.extra.callbacks = append(c.extra.callbacks, it)
	}
}

func (c *futureCore) scheduleCallbacks() {
	inline := c.inline
	c.inline = [2]item{}
	for _, cb := range inline {
		if cb.empty() {
			return // the others are empty too
		}
		c.loop.callSoon(cb)
	}
	if c.extra == nil {
		return
	}
	cbs := c.extra.callbacks
	c.extra.callbacks = nil
	for _, cb := range cbs {
		c.loop.callSoon(cb)
	}
}

// String prints f the way asyncio prints a future: <Future pending>,
// <Future finished result=42>, <Future finished exception=...>, <Future cancelled>.
func (f *Future[T]) String() string {
	if f.c.task != nil {
		return f.c.task.typed.String()
	}
	return "<Future " + f.stateString() + ">"
}

func (f *Future[T]) stateString() string {
	switch {
	case f.c.state == finished && f.c.err != nil:
		return fmt.Sprintf("finished exception=%v", f.c.err)
	case f.c.state == finished:
		return fmt.Sprintf("finished result=%s", repr(f.result))
	}
	return f.c.state.String()
}

// repr prints a value roughly as Python would: None for the empty struct, quoted strings.
func repr(v any) string {
	switch v := v.(type) {
	case None:
		return "None"
	case string:
		return fmt.Sprintf("%q", v)
	case nil:
		return "None"
	}
	return fmt.Sprint(v)
}
