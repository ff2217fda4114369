// Package threading is a thin copy of two pieces of Python's threading module on goroutines:
// Thread, which runs a function once it is started and can be joined, and Event, a flag that
// one goroutine sets and others wait for, with a timeout. Chapter 4 uses them to write the
// source article's spinner exactly as the Python does, before writing it as Go would.
package threading

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

var threadSeq atomic.Int64 // names threads Thread-1, Thread-2, ... as Python does

// Thread runs a function on its own goroutine once Start is called.
type Thread struct {
	name   string
	target string // the function's name, for String
	fn     func()
	mu     sync.Mutex
	state  string // initial, started, stopped
	done   chan struct{}
}

// NewThread prepares a thread that will call fn; targetName is what String shows, as Python
// shows the target function's name. Nothing runs until Start.
func NewThread(targetName string, fn func()) *Thread {
	return &Thread{
		name:   fmt.Sprintf("Thread-%d", threadSeq.Add(1)),
		target: targetName,
		fn:     fn,
		state:  "initial",
		done:   make(chan struct{}),
	}
}

// Start runs the thread's function on a new goroutine. A thread can be started only once.
func (t *Thread) Start() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state != "initial" {
		panic("threading: threads can only be started once")
	}
	t.state = "started"
	go func() {
		defer func() {
			t.mu.Lock()
			t.state = "stopped"
			t.mu.Unlock()
			close(t.done)
		}()
		t.fn()
	}()
}

// Join waits until the thread's function has returned.
func (t *Thread) Join() { <-t.done }

// Name is the thread's name, Thread-N.
func (t *Thread) Name() string { return t.name }

// String prints the thread as Python's repr does: <Thread(Thread-1 (spin), initial)>. Once a
// Python thread has started, its repr also shows its ident, the value of pthread_self() in that
// thread (<Thread(Thread-1 (spin), started 140646528067264)>) — the C library's handle, not the
// kernel's thread ID, which Python calls native_id. This String shows neither: a goroutine has
// no identity that a Go program can see (the runtime keeps its goroutine IDs to itself), and the
// goroutine behind a Thread is not tied to one OS thread.
func (t *Thread) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return fmt.Sprintf("<Thread(%s (%s), %s)>", t.name, t.target, t.state)
}

// Event is a flag, false at first. Set makes it true and wakes everyone waiting for it.
type Event struct {
	once sync.Once
	ch   chan struct{}
	init sync.Once
}

func (e *Event) c() chan struct{} {
	e.init.Do(func() { e.ch = make(chan struct{}) })
	return e.ch
}

// Set makes the flag true. Setting it again does nothing.
func (e *Event) Set() { e.once.Do(func() { close(e.c()) }) }

// IsSet reports the flag.
func (e *Event) IsSet() bool {
	select {
	case <-e.c():
		return true
	default:
		return false
	}
}

// Wait blocks until the flag is true or timeout has passed, and returns the flag: true if it
// was set, false on timeout — the values Python's Event.wait returns.
func (e *Event) Wait(timeout time.Duration) bool {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-e.c():
		return true
	case <-t.C:
		return e.IsSet()
	}
}
