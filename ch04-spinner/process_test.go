package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/concurrency-models/book/internal/shape"
	"github.com/concurrency-models/book/internal/testdeadline"
)

// childDeadline bounds how long the tests below wait for a spinner child to stop. A healthy
// child stops within a tick of being told; the margin is for a loaded machine.
const childDeadline = 10 * time.Second

// closingWriter collects what the child draws and calls then once, after the first write.
type closingWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	once sync.Once
	then func()
}

func (c *closingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.once.Do(c.then)
	return c.buf.Write(p)
}

func (c *closingWriter) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}

// runChild runs spinChild on its own goroutine and fails the test, naming what is stuck, if it
// has not returned within childDeadline.
func runChild(t *testing.T, ctx context.Context, w *closingWriter, tick time.Duration, r *os.File) error {
	t.Helper()
	ended := make(chan error, 1)
	go func() { ended <- spinChild(ctx, w, "thinking!", tick, r) }()
	select {
	case err := <-ended:
		return err
	case <-time.After(childDeadline):
		t.Fatalf("spinChild with a %v tick still spinning %v after it was told to stop", tick, childDeadline)
		return nil
	}
}

// The child stops once the parent closes the pipe, whatever the tick. It used to wait for the
// pipe with a read whose deadline was one tick away; at -tick 1ns that deadline had always
// passed before the read began, so the read never looked at the pipe and the child spun for
// ever (go run ./ch04-spinner process -tick 1ns never ended).
func TestSpinChildSeesThePipeCloseAtAnyTick(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer goleak.VerifyNone(t)
	for _, tick := range []time.Duration{time.Nanosecond, time.Microsecond, time.Millisecond, time.Hour} {
		r, w, err := os.Pipe()
		require.NoError(t, err)
		out := &closingWriter{then: func() { w.Close() }} // done.set() as the first frame is drawn
		assert.NoErrorf(t, runChild(t, t.Context(), out, tick, r), "spinChild(tick %v)", tick)
		got := out.String()
		assert.Truef(t, strings.HasPrefix(got, "\r\\ thinking!") && strings.HasSuffix(got, "\r            \r"),
			"spinChild(tick %v) drew %q, want frames from the backslash, then the blank-out", tick, got)
	}
}

// Ctrl-C or SIGTERM in the child (its context) stops it too, with the pipe still open, and the
// goroutine watching the pipe ends with it. The child returns nil, as it does when the pipe
// closes: it exits quietly and leaves reporting the interrupt to its parent.
func TestSpinChildStopsOnItsContext(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer goleak.VerifyNone(t)
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer w.Close()
	ctx, cancel := context.WithCancel(t.Context())
	out := &closingWriter{then: cancel}
	assert.NoError(t, runChild(t, ctx, out, time.Hour, r), "spinChild after Ctrl-C")
	assert.Equal(t, "\r\\ thinking!\r            \r", out.String(), "what spinChild drew after Ctrl-C")
}

// The process version, run for real: the child is this test binary started again as the spin
// worker. With a tick of an hour the child draws exactly one frame whatever the machine's
// load — it draws before it first waits, and the pipe is closed by then or soon after — so
// every byte is checked. The description line names this process as the parent, in the
// shape the lesson shows (testdata/exact.txtar process-object.txt).
func TestProcessSpinnerForReal(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer goleak.VerifyNone(t)
	short(t)
	config.slow, config.tick = 0, time.Hour
	var out bytes.Buffer
	ended := make(chan error, 1)
	go func() { ended <- processDemo(t.Context(), &out) }()
	select {
	case err := <-ended:
		require.NoError(t, err)
	case <-time.After(childDeadline):
		t.Fatalf("the process demo (-slow 0s -tick 1h) did not end within %v", childDeadline)
	}
	first, rest, _ := strings.Cut(processNumber.ReplaceAllString(out.String(), "Process-1"), "\n")
	assert.Regexp(t, shape.Regexp(exact(t, "process-object.txt")), first+"\n", "the first line's shape")
	assert.Contains(t, first, fmt.Sprintf("parent=%d ", os.Getpid()), "the first line")
	assert.Equal(t, "\r\\ thinking!\r            \rAnswer: 42\n", rest, "after the first line")
}

var processNumber = regexp.MustCompile(`Process-\d+`)
