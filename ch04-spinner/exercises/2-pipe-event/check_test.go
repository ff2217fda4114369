// DO NOT EDIT: this is the exercise's check. Write your answer in exercise.go.

package pipeevent

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

const lesson = `ch04-spinner/README.md, "2. Processes: a child and a pipe"`

// These checks use real time: a pipe is the operating system's, and
// testing/synctest cannot fake its waits. The margins are wide.

func probe(c *exercise.Check) []error {
	var err error
	c.Within(2*time.Second, func() {
		var e *PipeEvent
		if e, err = NewPipeEvent(); err == nil {
			_ = e.Close()
		}
	})
	return []error{err}
}

func newEvent(t *testing.T) *PipeEvent {
	t.Helper()
	e, err := NewPipeEvent()
	if err != nil {
		t.Fatalf("NewPipeEvent() failed: %v", err)
	}
	if e == nil {
		t.Fatalf("NewPipeEvent() returned nil and no error")
	}
	return e
}

func TestWaitTimesOut(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Within(2*time.Second, func() {
		e := newEvent(t)
		defer e.Close()
		start := time.Now()
		got, err := e.Wait(50 * time.Millisecond)
		took := time.Since(start)
		if got || err != nil {
			t.Errorf("Wait(50ms) on an event nobody sets = %v, %v; want false, nil", got, err)
		}
		if took < 50*time.Millisecond || took > time.Second {
			t.Errorf("Wait(50ms) on an event nobody sets returned after %v, want 50ms: the timer of the wait", took)
		}
	})
}

func TestSetWakesTheWaiter(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Within(2*time.Second, func() {
		e := newEvent(t)
		defer e.Close()
		setErr := make(chan error, 1)
		go func() { setErr <- e.Set() }()
		start := time.Now()
		got, err := e.Wait(10 * time.Second)
		if took := time.Since(start); !got || err != nil || took > time.Second {
			t.Errorf("Wait(10s), with Set called from another goroutine, = %v, %v after %v; want true, nil at once", got, err, took)
		}
		if err := <-setErr; err != nil {
			t.Errorf("Set() = %v, want nil", err)
		}
		if err := e.Set(); err != nil {
			t.Errorf("a second Set() = %v, want nil: setting a set event does nothing", err)
		}
		if got, err := e.Wait(time.Hour); !got || err != nil {
			t.Errorf("Wait after Set = %v, %v; want true, nil at once: every later wait sees the event set", got, err)
		}
	})
}

// Python's Event promises that once set() has returned, every wait returns
// True, whatever its timeout. A wait that reads the pipe with a deadline
// breaks that promise for short timeouts: by the time the read begins, a
// deadline of a nanosecond has passed, and a read past its deadline fails at
// once without looking at the pipe. A goroutine blocked on the read has no
// deadline to miss.
func TestSetIsSeenByTheShortestWait(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	c.Within(2*time.Second, func() {
		for i := range 20 {
			e := newEvent(t)
			if err := e.Set(); err != nil {
				e.Close()
				t.Fatalf("Set() = %v, want nil", err)
			}
			for j, timeout := range []time.Duration{time.Nanosecond, time.Nanosecond, 0, time.Millisecond} {
				if got, err := e.Wait(timeout); !got || err != nil {
					e.Close()
					t.Fatalf("event %d: after Set() returned, wait %d: Wait(%v) = %v, %v; want true, nil at once.\n"+
						"Once Set has returned, every Wait sees the event set, however short its timeout:\n"+
						"  - a read whose deadline has already passed fails without looking at the pipe;\n"+
						"  - a watcher goroutine sees end-of-file a moment after the close: Set waits for it;\n"+
						"  - when the timer and the event are ready together, select picks either: look again.",
						i+1, j+1, timeout, got, err)
				}
			}
			if err := e.Close(); err != nil {
				t.Fatalf("Close() after Set() = %v, want nil", err)
			}
		}
	})
}

func TestCloseReleasesThePipe(t *testing.T) {
	c := exercise.New(t, lesson)
	c.Started(probe(c)...)
	if runtime.GOOS != "linux" {
		t.Skip("counts open files in /proc/self/fd, which only Linux has")
	}
	open := func() int {
		fds, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Fatalf("reading /proc/self/fd: %v", err)
		}
		return len(fds)
	}
	c.Within(2*time.Second, func() {
		before := open()
		e := newEvent(t)
		if opened := open() - before; opened != 2 {
			t.Errorf("NewPipeEvent() opened %d files, want 2: the two ends of one pipe (os.Pipe)", opened)
		}
		if err := e.Close(); err != nil {
			t.Fatalf("Close() = %v, want nil", err)
		}
		for range 10 {
			e := newEvent(t)
			if err := e.Close(); err != nil {
				t.Fatalf("Close() = %v, want nil", err)
			}
		}
		if after := open(); after != before {
			t.Errorf("after making and closing 10 events, %d more files are open, want 0: Close must close both ends", after-before)
		}
		e = newEvent(t)
		if err := e.Set(); err != nil {
			t.Fatalf("Set() = %v", err)
		}
		if err := e.Close(); err != nil {
			t.Errorf("Close() after Set() = %v, want nil: the write end is closed already, and that is fine", err)
		}
		if after := open(); after != before {
			t.Errorf("after Set and Close, %d more files are open, want 0", after-before)
		}
	})
}
