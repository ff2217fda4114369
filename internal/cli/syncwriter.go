package cli

import (
	"io"
	"sync"
)

// SyncWriter returns a writer that several goroutines may share: each Write reaches w whole,
// one at a time. Demos that print from more than one goroutine or thread write through one.
func SyncWriter(w io.Writer) io.Writer {
	if s, ok := w.(*syncWriter); ok {
		return s
	}
	return &syncWriter{w: w}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
