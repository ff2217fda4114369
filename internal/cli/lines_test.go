package cli

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
)

// overlapDetector counts Write calls that began while another was still in progress. Each
// Write yields in the middle, so that unserialized writers do overlap.
type overlapDetector struct {
	busy, overlaps, writes atomic.Int32
}

func (o *overlapDetector) Write(p []byte) (int, error) {
	if o.busy.Add(1) > 1 {
		o.overlaps.Add(1)
	}
	runtime.Gosched()
	o.writes.Add(1)
	o.busy.Add(-1)
	return len(p), nil
}

// Writes through SyncWriter reach the underlying writer one at a time; so do writes to the
// stdout a demo is given.
func TestSyncWriterSerializesWrites(t *testing.T) {
	for name, wrap := range map[string]func(*overlapDetector) interface {
		Write([]byte) (int, error)
	}{
		"SyncWriter":        func(o *overlapDetector) interface{ Write([]byte) (int, error) } { return SyncWriter(o) },
		"a demo's stdout":   func(o *overlapDetector) interface{ Write([]byte) (int, error) } { return SyncWriter(trackLines(o)) },
		"SyncWriter, twice": func(o *overlapDetector) interface{ Write([]byte) (int, error) } { return SyncWriter(SyncWriter(o)) },
	} {
		var o overlapDetector
		w := wrap(&o)
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range 200 {
					_, _ = w.Write([]byte("x"))
				}
			})
		}
		wg.Wait()
		assert.Zerof(t, o.overlaps.Load(), "%s: writes that overlapped another", name)
		assert.Equalf(t, int32(8*200), o.writes.Load(), "%s: writes", name)
	}
}
