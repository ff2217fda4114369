package executor

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/concurrency-models/book/internal/timeline"
)

// ThreadPool runs jobs on a fixed number of workers fed by one queue, like
// concurrent.futures.ThreadPoolExecutor. Its workers are of one of two kinds (see WorkerKind):
// OS threads, as in Python, or plain goroutines, the Go way.
//
// The queue has no bound, like the SimpleQueue inside ThreadPoolExecutor: Submit never waits,
// so a job may submit more jobs, and Shutdown(false) always returns at once.
type ThreadPool struct {
	kind    WorkerKind
	mu      sync.Mutex
	cond    *sync.Cond // signalled when a job is queued or the pool shuts down
	queue   []func()   // the jobs waiting, from queue[head]
	head    int
	closed  bool
	workers sync.WaitGroup
	rec     *timeline.Recorder // who runs which job, if anybody asked (record.go)
	threads int                // how many workers have taken a job: they are named in that order
	jobSeq  int                // how many jobs have started
	sleeps  atomic.Int64       // how many times a worker has waited in next: for tests
}

// WorkerKind is what a ThreadPool's workers are.
type WorkerKind int

const (
	// OSThreads workers are goroutines each locked to its own OS thread for its lifetime, so
	// a pool of n workers really is n threads, as in Python. An idle one sleeps in the kernel,
	// as Python's do, so handing it a job means waking that particular thread, and handing the
	// result back wakes another: a round trip that parks and wakes OS threads costs tens of
	// microseconds.
	OSThreads WorkerKind = iota
	// Goroutines workers are plain goroutines. Handing one a job is a goroutine handoff that
	// usually wakes no thread at all, and a worker that blocks in a system call still gets a
	// thread of its own: the runtime hands its P to another thread (see the chapter's lesson).
	Goroutines
)

// String names the kind: "OS threads" or "goroutines".
func (k WorkerKind) String() string {
	if k == Goroutines {
		return "goroutines"
	}
	return "OS threads"
}

// NewThreadPool starts n workers (at least one), each locked to its own OS thread: Python's
// model. It is NewPool(n, OSThreads, opts...).
func NewThreadPool(n int, opts ...Option) *ThreadPool { return NewPool(n, OSThreads, opts...) }

// NewPool starts n workers (at least one) of the given kind.
func NewPool(n int, kind WorkerKind, opts ...Option) *ThreadPool {
	p := &ThreadPool{kind: kind}
	for _, o := range opts {
		o(&p.rec)
	}
	p.cond = sync.NewCond(&p.mu)
	for range max(n, 1) {
		p.workers.Add(1)
		go p.work()
	}
	return p
}

// Kind reports what the pool's workers are.
func (p *ThreadPool) Kind() WorkerKind { return p.kind }

func (p *ThreadPool) work() {
	defer p.workers.Done()
	if p.kind == OSThreads {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
	}
	var name string // this worker's row in a timeline, once it has taken a job
	for {
		run, ok := p.next(&name)
		if !ok {
			break
		}
		run()
		p.rec.Waiting(name, "a job")
	}
	if name != "" {
		p.rec.Done(name)
	}
}

// next waits for a queued job and takes it; it reports false once the pool is shut down and
// the queue empty.
func (p *ThreadPool) next(name *string) (func(), bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.head == len(p.queue) && !p.closed {
		p.sleeps.Add(1)
		p.cond.Wait()
	}
	if p.head == len(p.queue) {
		return nil, false
	}
	p.observeStart(name)
	run := p.queue[p.head]
	p.queue[p.head] = nil // let the job be collected once it has run
	p.head++
	if p.head == len(p.queue) { // empty: start again at the front of the same array
		p.queue, p.head = p.queue[:0], 0
	}
	return run, true
}

// Submit queues fn for the next free worker and returns at once, waking one sleeping worker
// for it: each job wakes its own, so n jobs submitted together keep up to n workers busy. It
// fails with ErrShutdown after Shutdown.
func (p *ThreadPool) Submit(fn func()) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrShutdown
	}
	p.queue = append(p.queue, fn)
	p.cond.Signal()
	return nil
}

// Shutdown stops the pool taking work. Jobs already queued still run, as with Python's
// shutdown(wait, cancel_futures=False). With wait, it returns once they have all finished and
// every worker has exited; without, it returns at once.
func (p *ThreadPool) Shutdown(wait bool) {
	p.mu.Lock()
	p.closed = true
	p.cond.Broadcast()
	p.mu.Unlock()
	if wait {
		p.workers.Wait()
	}
}
