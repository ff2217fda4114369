package aio

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// PanicError is the error of a task whose coroutine panicked, or (In set) of other code the
// book runs for a task, such as an executor's job. The panic does not crash the program: it
// travels, like any error, to whoever awaits the task or the future.
type PanicError struct {
	Value any    // what was passed to panic
	Stack []byte // the panicking goroutine's stack
	In    string // where it panicked, as in "panic in executor job: ..."; empty for a coroutine
}

func (e *PanicError) Error() string {
	if e.In != "" {
		return fmt.Sprintf("panic in %s: %v", e.In, e.Value)
	}
	return fmt.Sprintf("panic: %v", e.Value)
}

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
	fut  Future[T]
	core taskCore
	fn   func(co *Co) (T, error)
	coro any // the coroutine the task prints as, when fn only wraps it (Go, Main); else fn
}

// Future returns the future that completes with the task's result.
func (t *Task[T]) Future() *Future[T] { return &t.fut }

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
// not be used by any goroutine other than the task's own. (It is the task's core, seen from
// the coroutine.)
type Co taskCore

func (co *Co) task() *taskCore { return (*taskCore)(co) }

// taskCore is the part of a task that does not depend on its result type.
type taskCore struct {
	loop       *Loop
	seq        int32 // the N of Task-N
	finished   bool
	mustCancel bool
	stepped    bool        // the loop has handed it the baton before (observe.go)
	run        *runner     // the goroutine running the task, from its first step
	prev, next *taskCore   // in the loop's list of live tasks
	waiter     *futureCore // what the task is awaiting, if anything
	typed      typedTask
}

// typedTask is the part of a task that depends on its result type: *Task[T].
type typedTask interface {
	run(co *Co) // runs the coroutine and completes the future
	fail(err error)
	String() string
}

// NewTask schedules fn as a new task on l and returns it; it starts running at the loop's next
// turn, after the callbacks already scheduled. Inside a coroutine, use CreateTask.
//
// The task, its future and its core are one allocation; its name and its coroutine's name are
// worked out only when printed.
func NewTask[T any](l *Loop, fn func(co *Co) (T, error)) *Task[T] {
	l.taskSeq++
	t := &Task[T]{fn: fn}
	t.fut.c.loop = l
	t.fut.c.task = &t.core
	c := &t.core
	c.loop, c.seq, c.typed = l, int32(l.taskSeq), t
	l.live.push(c)
	l.callSoon(item{task: c})
	return t
}

func (t *Task[T]) run(co *Co) {
	var v T
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = &PanicError{Value: r, Stack: debug.Stack()}
			}
		}()
		v, err = t.fn(co)
	}()
	if err != nil {
		t.fail(err)
		return
	}
	_ = t.fut.SetResult(v)
}

func (t *Task[T]) fail(err error) {
	if errors.Is(err, ErrCancelled) {
		t.fut.c.cancelNow()
		return
	}
	_ = t.fut.SetError(err)
}

// CreateTask schedules fn as a new task on co's loop (asyncio.create_task). The caller keeps
// running; the new task starts when the caller next awaits.
func CreateTask[T any](co *Co, fn func(co *Co) (T, error)) *Task[T] {
	co.check()
	return NewTask(co.loop, fn)
}

// Go is CreateTask for a coroutine that returns nothing but an error, as most do:
//
//	aio.Go(co, func(co *aio.Co) error { ... })
//
// spares it the None result of func(co *aio.Co) (aio.None, error). The task prints with f's
// name, as if f had been passed to CreateTask.
func Go(co *Co, f func(co *Co) error) *Task[None] {
	t := CreateTask(co, func(co *Co) (None, error) { return None{}, f(co) })
	t.coro = f
	return t
}

// Name is the task's name: Task-1 for the task Run starts, then Task-2, Task-3, ...
func (t *Task[T]) Name() string { return t.core.name() }

func (t *taskCore) name() string { return "Task-" + strconv.Itoa(int(t.seq)) }

// Cancel asks the task to stop, like asyncio's Task.cancel: the task's current (or next) await
// returns ErrCancelled, and whatever it was awaiting is cancelled too. A task that never started
// never runs. The task may clean up, even await, before it returns; it ends cancelled if it
// returns an error wrapping ErrCancelled. Cancel reports false if the task had already ended.
func (t *Task[T]) Cancel() bool { return t.core.cancel() }

// String prints the task the way asyncio's repr does, for example
// <Task pending name='Task-2' coro=<spin() running at spinner.go:12>>.
func (t *Task[T]) String() string {
	c := &t.core
	var coro, at string
	if t.coro != nil {
		coro, at = funcName(t.coro)
	} else {
		coro, at = funcName(t.fn)
	}
	switch t.fut.c.state {
	case pending:
		return fmt.Sprintf("<Task pending name='%s' coro=<%s() running at %s>>", c.name(), coro, at)
	case cancelled:
		return fmt.Sprintf("<Task cancelled name='%s' coro=<%s() done, defined at %s>>", c.name(), coro, at)
	}
	return fmt.Sprintf("<Task %s name='%s' coro=<%s() done, defined at %s> %s>",
		"finished", c.name(), coro, at, strings.TrimPrefix(t.fut.stateString(), "finished "))
}

func (t *taskCore) cancel() bool {
	if t.finished {
		return false
	}
	if t.waiter != nil && t.waiter.cancel() {
		return true
	}
	t.mustCancel = true
	return true
}

// main runs the task on its runner's goroutine. It runs only while it holds the baton; when
// the task has finished, it runs the loop on until it hands the baton on, and returns the task
// the goroutine is to run next, if any.
func (t *taskCore) main() (next *taskCore) {
	completed := false
	defer func() {
		if t.loop.crashed {
			return // a loop callback panicked on this goroutine; Run raises it
		}
		if !completed {
			t.typed.fail(errGoexit)
			t.run = nil // the goroutine is exiting: it runs no other task
		}
		t.finished = true
		t.loop.live.remove(t)
		t.loop.leave(t)
		next = t.loop.drive(t)
	}()
	if t.mustCancel {
		// Cancelled before its first step: the coroutine never runs, as in asyncio.
		t.typed.fail(ErrCancelled)
	} else {
		t.typed.run((*Co)(t))
	}
	completed = true
	return nil
}

// suspend gives up the baton: the task's goroutine runs the loop on until the task's next step
// comes up (then it returns at once) or the baton goes to another goroutine (then it waits to be
// given it back).
func (t *taskCore) suspend() {
	t.loop.leave(t)
	t.loop.drive(t)
}

// await suspends the task until w is done, honouring cancellation the way asyncio's
// Task.__step does.
func (t *taskCore) await(w *futureCore) error {
	if !w.done() {
		t.waiter = w
		w.add(item{task: t})
		if t.mustCancel && w.cancel() {
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
	if co.loop.current != co.task() {
		panic(misuse)
	}
}

// Loop returns the loop running the task.
func (co *Co) Loop() *Loop { return co.loop }

// Name returns the running task's name.
func (co *Co) Name() string { return co.task().name() }

// Yield hands control to the loop for one turn and comes back (await asyncio.sleep(0)): every
// callback and task that was ready runs first. It returns ErrCancelled if the task was
// cancelled meanwhile.
func (co *Co) Yield() error {
	co.check()
	t := co.task()
	t.loop.callSoon(item{task: t})
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
	l := co.loop
	f := NewFuture[None](l)
	timer := l.CallLater(d, func() {
		if !f.Done() {
			_ = f.SetResult(None{})
		}
	})
	f.c.extra = &futureExtra{timer: timer}
	_, err := Await(co, f)
	return err
}

// Await suspends the task until a is done and returns its result (await fut). If the awaiting
// task is cancelled, a is cancelled too and Await returns ErrCancelled.
func Await[T any](co *Co, a Awaitable[T]) (T, error) {
	co.check()
	f := a.Future()
	if err := co.task().await(&f.c); err != nil {
		var zero T
		return zero, err
	}
	return f.Result()
}

// funcPC is the entry of a function value's code.
func funcPC(fn any) uintptr { return reflect.ValueOf(fn).Pointer() }

// funcName describes a coroutine function for String: its short name and where it is defined.
func funcName(fn any) (name, at string) { return funcNamePC(funcPC(fn)) }

func funcNamePC(pc uintptr) (name, at string) {
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
