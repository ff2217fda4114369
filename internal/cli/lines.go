package cli

import (
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// lineWriter is the one shared writer of this package: the demo's stdout as Main hands it over,
// and what SyncWriter returns. It passes every Write through whole, one at a time; it notes
// whether the cursor is left mid-line, so that Main can start its own messages on a fresh line
// (a line is over after "\n", and after "\r" too: a spinner blanks its line out with "\r",
// spaces, "\r", which leaves the cursor at the start of an empty line); it keeps the first
// write error, after which it writes nothing more (Main reports it); and it notes when the
// Write in progress began, so that Main can tell that nobody is reading (see blockedFor).
type lineWriter struct {
	mu     sync.Mutex
	w      io.Writer
	mid    bool
	err    error  // the first write error, returned by every later Write
	onFail func() // called once, at the first write error
	since  atomic.Int64
}

// trackLines wraps w, unless it is already wrapped.
func trackLines(w io.Writer) *lineWriter {
	if l, ok := w.(*lineWriter); ok {
		return l
	}
	return &lineWriter{w: w}
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return 0, l.err
	}
	l.since.Store(time.Now().UnixNano())
	n, err := l.w.Write(p)
	l.since.Store(0)
	if n > 0 {
		c := p[n-1]
		l.mid = c != '\n' && c != '\r'
	}
	if err != nil {
		l.err = err
		if l.onFail != nil {
			l.onFail()
		}
	}
	return n, err
}

// failed returns the first write error, or nil.
func (l *lineWriter) failed() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// whenFailed has f called at the first write error.
func (l *lineWriter) whenFailed(f func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.onFail = f
}

// blockedFor is how long the Write in progress has been going on, 0 if none is: a Write that
// has not returned for a second is one that nobody reads (a full pipe, a paused pager).
func (l *lineWriter) blockedFor() time.Duration {
	since := l.since.Load()
	if since == 0 {
		return 0
	}
	return time.Since(time.Unix(0, since))
}

// freshLine ends the current line if the cursor is mid-line (and the writer still works).
func (l *lineWriter) freshLine() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.mid && l.err == nil {
		_, _ = io.WriteString(l.w, "\n")
		l.mid = false
	}
}

func (l *lineWriter) setMidLine(mid bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.mid = mid
}

// SetMidLine tells Main where the cursor is on the terminal behind stdout (the writer a Demo
// was given, or SyncWriter of it) after output Main did not see: a child process that wrote
// to the terminal directly, say. mid means the cursor is not at the start of a line, so that
// Main's own messages must begin with a newline. For any other writer it does nothing.
func SetMidLine(stdout io.Writer, mid bool) {
	if l, ok := stdout.(*lineWriter); ok {
		l.setMidLine(mid)
	}
}

// SyncWriter returns a writer that several goroutines may share: each Write reaches w whole,
// one at a time, and after a failed Write it returns that error without writing again. Demos
// that print from more than one goroutine or thread write through one. The stdout a Demo is
// given is already such a writer, and is returned as it is.
func SyncWriter(w io.Writer) io.Writer { return trackLines(w) }
