package aio

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

// PanicError is the error of a task whose coroutine panicked. The panic does not crash the
// program: it travels, like any error, to whoever awaits the task.
type PanicError struct {
	Value any    // what was passed to panic
	Stack []byte // the task's stack when it panicked
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap returns the panic value if it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// errGoexit is the error of a task whose goroutine ended without returning (runtime.Goexit).
var errGoexit = errors.New("aio: task goroutine exited without returning (runtime.Goexit)")

// Task runs a coroutine on the loop: asyncio's Task. It is a Future for the coroutine's result,
// so it can be awaited, and cancelled.
type Task[T any] struct {
	fut  *Future[T]
	core *taskCore
}

// Future returns the future that completes with the task's result.
func (t *Task[T]) Future() *Future[T] { return t.fut }

// Done reports whether the task has ended: returned, failed or cancelled.
func (t *Task[T]) Done() bool { return t.fut.Done() }

// Cancelled reports whether the task ended cancelled.
func (t *Task[T]) Cancelled() bool { return t.fut.Cancelled() }

// Result returns what the task's coroutine returned; see Future.Result.
func (t *Task[T]) Result() (T, error) { return t.fut.Result() }

// Err returns the task's error; see Future.Err.
func (t *Task[T]) Err() error { return t.fut.Err() }

// AddDoneCallback arranges for fn to run on the loop once the task has ended.
func (t *Task[T]) AddDoneCallback(fn func()) { t.fut.AddDoneCallback(fn) }

// Co is a running coroutine's handle on its task and loop. Every await goes through it; it must
// not be used by any goroutine other than the task's own.
type Co struct{ t *taskCore }

// taskCore is the part of a task that does not depend on its result type.
type taskCore struct {
	loop       *Loop
	name       string
	coro       string // the coroutine function's name, for String
	at         string // where it is defined, file:line
	resume     chan struct{}
	wakeup     func() // schedules the next step
	started    bool
	finished   bool
	mustCancel bool
	waiter     waitable // what the task is awaiting, if anything
	body       func(*Co)
	fail       func(error)
}

type waitable interface {
	Done() bool
	AddDoneCallback(func())
	Cancel() bool
}

// NewTask schedules fn as a new task on l and returns it; it starts running at the loop's next
// turn, after the callbacks already scheduled. Inside a coroutine, use CreateTask.
func NewTask[T any](l *Loop, fn func(co *Co) (T, error)) *Task[T] {
	l.taskSeq++
	name, at := funcName(fn)
	core := &taskCore{
		loop:   l,
		name:   fmt.Sprintf("Task-%d", l.taskSeq),
		coro:   name,
		at:     at,
		resume: make(chan struct{}),
	}
	t := &Task[T]{fut: NewFuture[T](l), core: core}
	t.fut.cancel = core.cancel
	t.fut.describe = t.String
	core.wakeup = func() { l.step(core) }
	core.fail = func(err error) {
		if errors.Is(err, ErrCancelled) {
			t.fut.cancelNow()
			return
		}
		_ = t.fut.SetError(err)
	}
	core.body = func(co *Co) {
		var v T
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = &PanicError{Value: r, Stack: debug.Stack()}
				}
			}()
			v, err = fn(co)
		}()
		if err != nil {
			core.fail(err)
			return
		}
		_ = t.fut.SetResult(v)
	}
	l.live[core] = struct{}{}
	l.CallSoon(core.wakeup)
	return t
}

// CreateTask schedules fn as a new task on co's loop (asyncio.create_task). The caller keeps
// running; the new task starts when the caller next awaits.
func CreateTask[T any](co *Co, fn func(co *Co) (T, error)) *Task[T] {
	co.check()
	return NewTask(co.t.loop, fn)
}

// Name is the task's name: Task-1 for the task Run starts, then Task-2, Task-3, ...
func (t *Task[T]) Name() string { return t.core.name }

// Cancel asks the task to stop, like asyncio's Task.cancel: the task's current (or next) await
// returns ErrCancelled, and whatever it was awaiting is cancelled too. A task that never started
// never runs. The task may clean up, even await, before it returns; it ends cancelled if it
// returns an error wrapping ErrCancelled. Cancel reports false if the task had already ended.
func (t *Task[T]) Cancel() bool { return t.core.cancel() }

// String prints the task the way asyncio's repr does, for example
// <Task pending name='Task-2' coro=<spin() running at spinner.go:12>>.
func (t *Task[T]) String() string {
	c := t.core
	switch t.fut.state {
	case pending:
		return fmt.Sprintf("<Task pending name='%s' coro=<%s() running at %s>>", c.name, c.coro, c.at)
	case cancelled:
		return fmt.Sprintf("<Task cancelled name='%s' coro=<%s() done, defined at %s>>", c.name, c.coro, c.at)
	}
	return fmt.Sprintf("<Task %s name='%s' coro=<%s() done, defined at %s> %s>",
		"finished", c.name, c.coro, c.at, strings.TrimPrefix(t.fut.stateString(), "finished "))
}

func (c *taskCore) cancel() bool {
	if c.finished {
		return false
	}
	if c.waiter != nil && c.waiter.Cancel() {
		return true
	}
	c.mustCancel = true
	return true
}

// step gives the baton to t until t awaits or ends.
func (l *Loop) step(t *taskCore) {
	if t.finished {
		return
	}
	l.current = t
	l.observeStep(t, true)
	if !t.started {
		t.started = true
		go t.main()
	} else {
		t.resume <- struct{}{}
	}
	<-l.baton
	l.observeStep(t, false)
	l.current = nil
}

// main is the task's goroutine. It runs only while it holds the baton.
func (t *taskCore) main() {
	completed := false
	defer func() {
		if !completed {
			t.fail(errGoexit)
		}
		t.finished = true
		delete(t.loop.live, t)
		t.loop.baton <- struct{}{}
	}()
	if t.mustCancel {
		// Cancelled before its first step: the coroutine never runs, as in asyncio.
		t.fail(ErrCancelled)
	} else {
		t.body(&Co{t: t})
	}
	completed = true
}

// suspend hands the baton back to the loop and waits to be given it again.
func (t *taskCore) suspend() {
	t.loop.baton <- struct{}{}
	<-t.resume
}

// await suspends the task until w is done, honouring cancellation the way asyncio's
// Task.__step does.
func (t *taskCore) await(w waitable) error {
	if !w.Done() {
		t.waiter = w
		w.AddDoneCallback(t.wakeup)
		if t.mustCancel && w.Cancel() {
			t.mustCancel = false
		}
		t.suspend()
		t.waiter = nil
	}
	if t.mustCancel {
		t.mustCancel = false
		return ErrCancelled
	}
	return nil
}

// misuse is the panic of a Co used while its task does not hold the baton: after the task
// ended, or by another task. (A goroutine the task started cannot be told from the task itself;
// using Co from one is the same mistake, and the race detector usually reports it.)
const misuse = "aio: a coroutine's Co was used while its task was not running"

func (co *Co) check() {
	if co.t.loop.current != co.t {
		panic(misuse)
	}
}

// Loop returns the loop running the task.
func (co *Co) Loop() *Loop { return co.t.loop }

// Name returns the running task's name.
func (co *Co) Name() string { return co.t.name }

// Yield hands control to the loop for one turn and comes back (await asyncio.sleep(0)): every
// callback and task that was ready runs first. It returns ErrCancelled if the task was
// cancelled meanwhile.
func (co *Co) Yield() error {
	co.check()
	t := co.t
	t.loop.CallSoon(t.wakeup)
	t.suspend()
	if t.mustCancel {
		t.mustCancel = false
		return ErrCancelled
	}
	return nil
}

// Sleep suspends the task for d of the loop's time (await asyncio.sleep(d)); other tasks run
// meanwhile. Sleep(0) is Yield. It returns ErrCancelled if the task is cancelled while asleep.
func (co *Co) Sleep(d time.Duration) error {
	if d <= 0 {
		return co.Yield()
	}
	co.check()
	l := co.t.loop
	f := NewFuture[None](l)
	timer := l.CallLater(d, func() {
		if !f.Done() {
			_ = f.SetResult(None{})
		}
	})
	f.cancel = func() bool {
		timer.Cancel()
		return f.cancelNow()
	}
	_, err := Await(co, f)
	return err
}

// Await suspends the task until a is done and returns its result (await fut). If the awaiting
// task is cancelled, a is cancelled too and Await returns ErrCancelled.
func Await[T any](co *Co, a Awaitable[T]) (T, error) {
	co.check()
	f := a.Future()
	if err := co.t.await(f); err != nil {
		var zero T
		return zero, err
	}
	return f.Result()
}

// funcName describes a coroutine function for String: its short name and where it is defined.
func funcName(fn any) (name, at string) {
	pc := reflect.ValueOf(fn).Pointer()
	f := runtime.FuncForPC(pc)
	if f == nil {
		return "coro", "?"
	}
	// runtime names look like main.spin, main.spin.func1 (a closure made by spin),
	// pkg.Outer.spin.func1.2 (nested or inlined closures) or pkg.(*T).m.
	parts := strings.Split(f.Name()[strings.LastIndex(f.Name(), "/")+1:], ".")
	for len(parts) > 2 && isClosureSuffix(parts[len(parts)-1]) {
		// A closure is named after the function that made it, as Python names a coroutine
		// defined inside another.
		parts = parts[:len(parts)-1]
	}
	name = parts[len(parts)-1]
	if len(parts) > 2 && strings.HasPrefix(parts[len(parts)-2], "(") {
		name = parts[len(parts)-2] + "." + name
	}
	file, line := f.FileLine(f.Entry())
	return name, fmt.Sprintf("%s:%d", filepath.Base(file), line)
}

func isClosureSuffix(s string) bool {
	for _, prefix := range []string{"func", "gowrap", ""} {
		if rest, ok := strings.CutPrefix(s, prefix); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return false
}
