package executor

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"

	"github.com/concurrency-models/book/internal/reexec"
	"github.com/concurrency-models/book/internal/timeline"
)

// WorkerName is the hidden worker mode in which ProcessPool starts its children. This package
// registers it with reexec (Serve), so a program that imports it has the worker mode already.
const WorkerName = "process-pool"

func init() { reexec.Register(WorkerName, Serve) }

// ErrBrokenPool is returned by a pool one of whose worker processes died mid-call, like Python's
// concurrent.futures.process.BrokenProcessPool. The pool takes no more work.
var ErrBrokenPool = errors.New("executor: a worker process died; the pool is broken")

// A process cannot run a Go closure of another process: it can only run code it already has.
// So functions for a process pool are registered by name, in every process, before main runs
// (from an init function or a package-level var), and their arguments and results cross the
// process boundary as bytes.
var (
	registryMu sync.RWMutex
	registry   = map[string]handler{}
)

// A handler decodes a call's argument from dec, runs the function and encodes its result to
// enc. It reports whether an error came from the encoding (then both streams start again)
// rather than from the function.
type handler func(dec *gob.Decoder, enc *gob.Encoder) (err error, codec bool)

// RegisterFunc makes fn callable by name in worker processes. Call it at package
// initialisation time, so the parent and every child register the same functions.
//
// The argument and the result are encoded with encoding/gob — pickling is what Python does at
// the same boundary — on two streams per worker, one each way, that last as long as the worker.
// gob describes each of a stream's types (a struct's fields, say) in the stream's first value
// of that type and then sends only values, where multiprocessing pickles every message afresh.
func RegisterFunc[A, R any](name string, fn func(A) (R, error)) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[name]; dup {
		panic("executor: function registered twice: " + name)
	}
	registry[name] = func(dec *gob.Decoder, enc *gob.Encoder) (error, bool) {
		var a A
		if err := dec.Decode(&a); err != nil {
			return fmt.Errorf("decoding the argument of %s: %w", name, err), true
		}
		r, err := fn(a)
		if err != nil {
			return err, false
		}
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("encoding the result of %s: %w", name, err), true
		}
		return nil, false
	}
}

func lookup(name string) handler {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return registry[name]
}

// valueStreams are one end of a worker's two value streams: the encoder of the values this
// side sends and the decoder of those it receives. Each message is encoded into out and
// decoded from in, so that it travels in the body of a call's frame or of its response
// (wire.go). After a failure half-way through a message, both ends start both streams again,
// and the next frame in each direction says so (kindCallReset, kindErrReset).
type valueStreams struct {
	out bytes.Buffer
	in  bytes.Reader
	enc *gob.Encoder
	dec *gob.Decoder
}

func newValueStreams() *valueStreams {
	v := &valueStreams{}
	v.reset()
	return v
}

// reset starts both streams again: types already described will be described again.
func (v *valueStreams) reset() {
	v.enc, v.dec = gob.NewEncoder(&v.out), gob.NewDecoder(&v.in)
}

// Serve is the worker process's main loop: read a request, run the registered function, write
// the response, until standard input ends. A panic in the function becomes an error response.
// When ctx is done (the pool cancelled its context, or the worker got SIGTERM) it returns at
// once, abandoning a call in progress, and the process exits.
func Serve(ctx context.Context, _ []string, stdin io.Reader, stdout, _ io.Writer) error {
	done := make(chan error, 1)
	go func() { done <- serve(stdin, stdout) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func serve(stdin io.Reader, stdout io.Writer) error {
	r := bufio.NewReader(stdin)
	values := newValueStreams()
	var body, out []byte
	for {
		kind, b, err := readFrame(r, body)
		body = b
		if err == io.EOF {
			return nil // the pool closed our stdin: time to go
		}
		if err != nil {
			return fmt.Errorf("worker: reading a request: %w", err)
		}
		switch kind {
		case kindPing:
			out = append(out[:0], kindPing)
		case kindCall, kindCallReset:
			if out, err = values.call(kind == kindCallReset, body, out[:0]); err != nil {
				return fmt.Errorf("worker: reading a request: %w", err)
			}
		default:
			return fmt.Errorf("worker: reading a request: %w: kind %q", errFrame, kind)
		}
		if _, err := stdout.Write(out); err != nil {
			return fmt.Errorf("worker: writing a response: %w", err)
		}
	}
}

// call runs the call whose frame body is body, and appends the response frame to out. Its
// error is a garbled frame; the function's own error, or a failure to decode its argument or
// encode its result, is in the response.
func (v *valueStreams) call(reset bool, body, out []byte) ([]byte, error) {
	name, arg, err := splitCall(body)
	if err != nil {
		return out, err
	}
	if reset {
		v.reset()
	}
	v.in.Reset(arg)
	v.out.Reset()
	var errText string
	reset = false
	if h := lookup(name); h == nil {
		// The argument will never be decoded, nor the types it describes.
		errText, reset = fmt.Sprintf("no function registered as %q", name), true
	} else {
		var codec bool
		_, err := call(func() (struct{}, error) {
			var err error
			err, codec = h(v.dec, v.enc)
			return struct{}{}, err
		})
		var pe *PanicError
		if errors.As(err, &pe) {
			codec = true // it may have stopped half-way through a message
		}
		if err != nil {
			errText, reset = err.Error(), codec
		}
	}
	switch {
	case reset:
		v.reset()
		return appendFrame(out, kindErrReset, []byte(errText)), nil
	case errText != "":
		return appendFrame(out, kindErr, []byte(errText)), nil
	default:
		return appendFrame(out, kindResult, v.out.Bytes()), nil
	}
}

// ProcessPool runs registered functions in worker processes: the program itself, started again
// in the hidden worker mode, like concurrent.futures.ProcessPoolExecutor. Each worker has its
// own runtime (in Python: its own interpreter and its own GIL) and handles one call at a time.
// Its methods may be called from any goroutine.
type ProcessPool struct {
	idle      chan *worker  // workers not in a call
	workers   []*worker     // all of them, for Close and PIDs
	broken    chan struct{} // closed when a worker dies mid-call
	breakOnce sync.Once

	mu       sync.Mutex     // guards the two flags; Adds to jobs and calls happen under it
	noSubmit bool           // Close has begun: Submit fails
	closed   bool           // the submitted jobs have ended: calls fail too
	jobs     sync.WaitGroup // jobs started by Submit and still running
	calls    sync.WaitGroup // calls waiting for a worker or in one

	bytesOut atomic.Int64 // request bytes written to workers
	bytesIn  atomic.Int64 // response bytes read from workers

	rec    *timeline.Recorder // who runs which job, if anybody asked (record.go)
	jobSeq atomic.Int64       // how many calls have started
}

type worker struct {
	child  *reexec.Child
	stdin  io.WriteCloser // the worker's standard input
	w      io.Writer      // stdin, counting the bytes
	r      *bufio.Reader  // the worker's standard output, counting the bytes
	out    []byte         // the request being sent, reused
	in     []byte         // the last response's body, reused
	values *valueStreams  // the argument and result streams (see RegisterFunc)
	reset  bool           // values were reset: the next request says so
	name   string         // its row in a timeline: process 1, process 2, ...
}

// countingWriter and countingReader measure the serialization traffic.
type countingWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (c countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// NewProcessPool starts n worker processes (at least one). They are killed when ctx is done,
// die with the parent (on Linux), and are reaped by Close, which every pool needs.
func NewProcessPool(ctx context.Context, n int) (*ProcessPool, error) {
	p := &ProcessPool{idle: make(chan *worker, max(n, 1)), broken: make(chan struct{}), rec: timeline.FromContext(ctx)}
	for range max(n, 1) {
		w, err := p.start(ctx)
		if err != nil {
			_ = p.Close()
			return nil, err
		}
		p.workers = append(p.workers, w)
		w.name = fmt.Sprintf("process %d", len(p.workers))
		p.idle <- w
	}
	return p, nil
}

func (p *ProcessPool) start(ctx context.Context) (*worker, error) {
	cmd, err := reexec.Command(ctx, WorkerName)
	if err != nil {
		return nil, err
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	child, err := reexec.Start(cmd)
	if err != nil {
		return nil, err
	}
	return &worker{
		child:  child,
		stdin:  stdin,
		w:      countingWriter{stdin, &p.bytesOut},
		r:      bufio.NewReader(countingReader{stdout, &p.bytesIn}),
		values: newValueStreams(),
	}, nil
}

// PIDs lists the worker processes' IDs.
func (p *ProcessPool) PIDs() []int {
	pids := make([]int, len(p.workers))
	for i, w := range p.workers {
		pids[i] = w.child.Pid()
	}
	return pids
}

// Traffic reports how many bytes have crossed to and from the workers so far: the cost of
// serialization that threads, sharing memory, never pay.
func (p *ProcessPool) Traffic() (sent, received int64) { return p.bytesOut.Load(), p.bytesIn.Load() }

func (p *ProcessPool) isBroken() bool {
	select {
	case <-p.broken:
		return true
	default:
		return false
	}
}

// breakPool marks the pool broken: every call waiting for a worker, and every later call, fails.
func (p *ProcessPool) breakPool() { p.breakOnce.Do(func() { close(p.broken) }) }

// values is a call's argument and result, typed: see Call.
type values interface {
	encodeArg(enc *gob.Encoder) error
	decodeResult(dec *gob.Decoder) error
}

// callBytes runs the function registered as name on the next free worker, with the argument
// and result of v. It waits for a free worker. It fails with ErrBrokenPool once a worker has
// died, and with ErrShutdown once the pool is closed.
func (p *ProcessPool) callBytes(name string, v values) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrShutdown
	}
	p.calls.Add(1)
	p.mu.Unlock()
	defer p.calls.Done()

	var w *worker
	select {
	case w = <-p.idle:
	case <-p.broken:
		return ErrBrokenPool
	}
	if p.isBroken() { // both were ready and select chose the worker
		p.idle <- w
		return ErrBrokenPool
	}
	seq := p.jobSeq.Add(1)
	if p.rec != nil {
		p.rec.Running(w.name, fmt.Sprintf("job %d", seq))
	}
	defer func() {
		if !p.isBroken() {
			p.rec.Waiting(w.name, "a job") // before another call can take w
		}
		p.idle <- w
	}()
	reset := w.reset
	if reset {
		w.values.reset()
	}
	w.values.out.Reset()
	if err := v.encodeArg(w.values.enc); err != nil {
		w.reset = true
		return fmt.Errorf("encoding the argument of %s: %w", name, err)
	}
	w.out = appendCall(w.out[:0], reset, name, w.values.out.Bytes())
	kind, body, err := w.roundTrip()
	if err != nil {
		return p.lost(w, err)
	}
	w.reset = false
	switch kind {
	case kindResult:
	case kindErrReset:
		w.values.reset()
		return errors.New(string(body))
	case kindErr:
		return errors.New(string(body))
	default:
		return p.lost(w, fmt.Errorf("%w: a response of kind %q", errFrame, kind))
	}
	w.values.in.Reset(body)
	if err := v.decodeResult(w.values.dec); err != nil {
		w.reset = true
		return fmt.Errorf("decoding the result of %s: %w", name, err)
	}
	return nil
}

// roundTrip writes the request in w.out to the worker, in one write, and reads its response.
// The body is valid until the next round trip.
func (w *worker) roundTrip() (kind byte, body []byte, err error) {
	if _, err := w.w.Write(w.out); err != nil {
		return 0, nil, err
	}
	kind, w.in, err = readFrame(w.r, w.in)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF // the worker is gone
	}
	return kind, w.in, err
}

// lost breaks the pool after the pipes to w failed with err, and says what became of w: the
// worker is killed, should it still be running, and reaped, and its exit status ("killed by
// signal: killed", say) is what the error reports.
func (p *ProcessPool) lost(w *worker, err error) error {
	p.rec.Done(w.name)
	p.breakPool()
	_ = w.child.Kill()
	if werr := w.child.Wait(); werr != nil {
		return fmt.Errorf("%w: %v", ErrBrokenPool, werr)
	}
	return fmt.Errorf("%w: worker (pid %d): %v", ErrBrokenPool, w.child.Pid(), err)
}

// Call runs the typed function registered as name (see RegisterFunc) on the next free worker.
func Call[A, R any](p *ProcessPool, name string, arg A) (R, error) {
	c := typedCall[A, R]{arg: arg}
	err := p.callBytes(name, &c)
	return c.result, err
}

type typedCall[A, R any] struct {
	arg    A
	result R
}

func (c *typedCall[A, R]) encodeArg(enc *gob.Encoder) error    { return enc.Encode(c.arg) }
func (c *typedCall[A, R]) decodeResult(dec *gob.Decoder) error { return dec.Decode(&c.result) }

// Submit runs job on a new goroutine, so that a ProcessPool can be handed to RunInExecutor:
// the job is a Go closure that calls Call, and the goroutine waits for the worker process, as
// the management thread of Python's ProcessPoolExecutor does. The pool's size still bounds
// how many calls run at once. It fails with ErrShutdown once Close has begun.
func (p *ProcessPool) Submit(job func()) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.noSubmit {
		return ErrShutdown
	}
	p.jobs.Add(1)
	go func() {
		defer p.jobs.Done()
		job()
	}()
	return nil
}

// Close shuts the pool down, as shutdown(wait=True) does in Python: it stops taking jobs, waits
// for the jobs already submitted and the calls in progress, then closes every worker's
// standard input, so that each one exits, and reaps them all. It reports the first worker that
// exited badly. Calling it again does nothing.
func (p *ProcessPool) Close() error {
	p.mu.Lock()
	if p.noSubmit {
		p.mu.Unlock()
		return nil
	}
	p.noSubmit = true
	p.mu.Unlock()
	p.jobs.Wait() // their calls are still welcome

	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.calls.Wait()

	for _, w := range p.workers { // all at once: they exit in parallel
		_ = w.stdin.Close()
	}
	var first error
	for _, w := range p.workers {
		if err := w.child.Wait(); err != nil && first == nil {
			first = err // it names the worker, its PID and how it ended
		}
		p.rec.Done(w.name)
	}
	return first
}
