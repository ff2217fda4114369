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

type state int

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
	loop      *Loop
	state     state
	result    T
	err       error
	inline    [2]item // the first two callbacks: most futures have one or two
	callbacks []item  // the others, in the order they were added
	// task, when set, is the task whose future this is: cancelling the future cancels the
	// task (which decides when it ends), and the future prints as the task.
	task *taskCore
	// cancel, when set, replaces the plain cancellation: a sleep's future also removes its
	// timer.
	cancel func() bool
}

// NewFuture returns a pending future bound to l (asyncio: loop.create_future()).
func NewFuture[T any](l *Loop) *Future[T] {
	return &Future[T]{loop: l}
}

// Future returns f itself, so that a *Future is Awaitable.
func (f *Future[T]) Future() *Future[T] { return f }

// Loop returns the loop f belongs to.
func (f *Future[T]) Loop() *Loop { return f.loop }

// Done reports whether f has a result, an error, or was cancelled.
func (f *Future[T]) Done() bool { return f.state != pending }

// Cancelled reports whether f was cancelled.
func (f *Future[T]) Cancelled() bool { return f.state == cancelled }

// Result returns f's value and error. A cancelled future returns ErrCancelled; a pending one
// returns ErrInvalidState.
func (f *Future[T]) Result() (T, error) {
	switch f.state {
	case pending:
		var zero T
		return zero, fmt.Errorf("result is not ready: %w", ErrInvalidState)
	case cancelled:
		var zero T
		return zero, ErrCancelled
	}
	return f.result, f.err
}

// Err returns f's error: nil while pending or after a value was set, ErrCancelled if cancelled.
func (f *Future[T]) Err() error {
	if f.state == cancelled {
		return ErrCancelled
	}
	return f.err
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
	if f.state != pending {
		return fmt.Errorf("future already %v: %w", f.state, ErrInvalidState)
	}
	f.state, f.result, f.err = finished, v, err
	f.scheduleCallbacks()
	return nil
}

// Cancel cancels f if it is still pending, schedules its callbacks and reports whether it did.
// Cancelling a task asks the task to stop; see Task.Cancel.
func (f *Future[T]) Cancel() bool {
	if f.task != nil {
		return f.task.cancel()
	}
	if f.cancel != nil {
		return f.cancel()
	}
	return f.cancelNow()
}

func (f *Future[T]) cancelNow() bool {
	if f.state != pending {
		return false
	}
	f.state = cancelled
	f.scheduleCallbacks()
	return true
}

// AddDoneCallback arranges for fn to run on the loop once f is done; if f is done already, fn
// is scheduled at once. Callbacks run through CallSoon, in the order they were added.
func (f *Future[T]) AddDoneCallback(fn func()) { f.add(item{fn: fn}) }

// addWaiter arranges for t's next step to be scheduled once f is done.
func (f *Future[T]) addWaiter(t *taskCore) { f.add(item{task: t}) }

func (f *Future[T]) add(it item) {
	switch {
	case f.state != pending:
		f.loop.callSoon(it)
	case f.inline[0].empty():
		f.inline[0] = it
	case f.inline[1].empty():
		f.inline[1] = it
	default:
		f.callbacks = append(f.callbacks, it)
	}
}

func (f *Future[T]) scheduleCallbacks() {
	inline, cbs := f.inline, f.callbacks
	f.inline, f.callbacks = [2]item{}, nil
	for _, cb := range inline {
		if cb.empty() {
			return // the others are empty too
		}
		f.loop.callSoon(cb)
	}
	for _, cb := range cbs {
		f.loop.callSoon(cb)
	}
}

// String prints f the way asyncio prints a future: <Future pending>,
// <Future finished result=42>, <Future finished exception=...>, <Future cancelled>.
func (f *Future[T]) String() string {
	if f.task != nil {
		return f.task.typed.String()
	}
	return "<Future " + f.stateString() + ">"
}

func (f *Future[T]) stateString() string {
	switch {
	case f.state == finished && f.err != nil:
		return fmt.Sprintf("finished exception=%v", f.err)
	case f.state == finished:
		return fmt.Sprintf("finished result=%s", repr(f.result))
	}
	return f.state.String()
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
