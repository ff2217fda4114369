package cli

import (
	"io"
	"sync"
)

// SyncWriter returns a writer that several goroutines may share: each Write reaches w whole,
// one at a time. Demos that print from more than one goroutine or thread write through one.
// The stdout a Demo is given is already such a writer, and is returned as it is.
func SyncWriter(w io.Writer) io.Writer {
	switch w.(type) {
	case *syncWriter, *lineWriter:
		return w
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
