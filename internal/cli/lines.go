package cli

import (
	"io"
	"sync"
)

// lineWriter is the demo's stdout as Main hands it over: it passes every Write through, one at a
// time, and notes whether the cursor is left mid-line, so that Main can start its own messages
// on a fresh line. A line is over after "\n", and after "\r" too: a spinner blanks its line out
// with "\r", spaces, "\r", which leaves the cursor at the start of an empty line.
type lineWriter struct {
	mu  sync.Mutex
	w   io.Writer
	mid bool
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
	n, err := l.w.Write(p)
	if n > 0 {
		c := p[n-1]
		l.mid = c != '\n' && c != '\r'
	}
	return n, err
}

// freshLine ends the current line if the cursor is mid-line.
func (l *lineWriter) freshLine() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.mid {
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
