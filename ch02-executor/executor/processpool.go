package executor

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"

	"github.com/concurrency-models/book/ch01-blocking/timeline"
	"github.com/concurrency-models/book/internal/reexec"
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
	registry   = map[string]func([]byte) ([]byte, error){}
)

// Register makes fn callable by name in worker processes. Call it at package initialisation
// time, so the parent and every child register the same functions.
func Register(name string, fn func(arg []byte) ([]byte, error)) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[name]; dup {
		panic("executor: function registered twice: " + name)
	}
	registry[name] = fn
}

// RegisterFunc registers a typed function; its argument and result are encoded with
// encoding/gob. Pickling is what Python does at the same boundary.
func RegisterFunc[A, R any](name string, fn func(A) (R, error)) {
	Register(name, func(in []byte) ([]byte, error) {
		var a A
		if err := gob.NewDecoder(bytes.NewReader(in)).Decode(&a); err != nil {
			return nil, fmt.Errorf("decoding the argument of %s: %w", name, err)
		}
		r, err := fn(a)
		if err != nil {
			return nil, err
		}
		var out bytes.Buffer
		if err := gob.NewEncoder(&out).Encode(r); err != nil {
			return nil, fmt.Errorf("encoding the result of %s: %w", name, err)
		}
		return out.Bytes(), nil
	})
}

func lookup(name string) func([]byte) ([]byte, error) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return registry[name]
}

// request and response are what crosses a worker's pipes, gob-encoded.
type request struct {
	Func string
	Arg  []byte
}

type response struct {
	Result []byte
	Err    string
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
	dec, enc := gob.NewDecoder(stdin), gob.NewEncoder(stdout)
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil // the pool closed our stdin: time to go
			}
			return fmt.Errorf("worker: reading a request: %w", err)
		}
		var resp response
		if fn := lookup(req.Func); fn == nil {
			resp.Err = fmt.Sprintf("no function registered as %q", req.Func)
		} else if out, err := call(func() ([]byte, error) { return fn(req.Arg) }); err != nil {
			resp.Err = err.Error()
		} else {
			resp.Result = out
		}
		if err := enc.Encode(resp); err != nil {
			return fmt.Errorf("worker: writing a response: %w", err)
		}
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
	child *reexec.Child
	stdin io.WriteCloser
	enc   *gob.Encoder
	dec   *gob.Decoder
	name  string // its row in a timeline: process 1, process 2, ...
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
		child: child,
		stdin: stdin,
		enc:   gob.NewEncoder(countingWriter{stdin, &p.bytesOut}),
		dec:   gob.NewDecoder(countingReader{stdout, &p.bytesIn}),
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

// callBytes runs the function registered as name on the next free worker and returns its
// result. It waits for a free worker. It fails with ErrBrokenPool once a worker has died, and
// with ErrShutdown once the pool is closed.
func (p *ProcessPool) callBytes(name string, arg []byte) ([]byte, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrShutdown
	}
	p.calls.Add(1)
	p.mu.Unlock()
	defer p.calls.Done()

	var w *worker
	select {
	case w = <-p.idle:
	case <-p.broken:
		return nil, ErrBrokenPool
	}
	if p.isBroken() { // both were ready and select chose the worker
		p.idle <- w
		return nil, ErrBrokenPool
	}
	p.rec.Running(w.name, fmt.Sprintf("job %d", p.jobSeq.Add(1)))
	if err := w.enc.Encode(request{Func: name, Arg: arg}); err != nil {
		return nil, p.lost(w, err)
	}
	var resp response
	if err := w.dec.Decode(&resp); err != nil {
		return nil, p.lost(w, err)
	}
	p.rec.Waiting(w.name, "a job") // before another call can take w
	p.idle <- w
	if resp.Err != "" {
		return nil, errors.New(resp.Err)
	}
	return resp.Result, nil
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
	var r R
	var in bytes.Buffer
	if err := gob.NewEncoder(&in).Encode(arg); err != nil {
		return r, fmt.Errorf("encoding the argument of %s: %w", name, err)
	}
	out, err := p.callBytes(name, in.Bytes())
	if err != nil {
		return r, err
	}
	if err := gob.NewDecoder(bytes.NewReader(out)).Decode(&r); err != nil {
		return r, fmt.Errorf("decoding the result of %s: %w", name, err)
	}
	return r, nil
}

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
