package executor

import (
	"runtime"
	"sync"

	"github.com/concurrency-models/book/ch01-blocking/timeline"
)

// ThreadPool runs jobs on a fixed number of worker threads fed by one queue, like
// concurrent.futures.ThreadPoolExecutor. Each worker is a goroutine locked to its own OS thread
// for its lifetime, so a pool of n workers really is n threads, as in Python.
//
// The queue has no bound, like the SimpleQueue inside ThreadPoolExecutor: Submit never waits,
// so a job may submit more jobs, and Shutdown(false) always returns at once.
type ThreadPool struct {
	mu      sync.Mutex
	cond    *sync.Cond // signalled when a job is queued or the pool shuts down
	queue   []func()
	closed  bool
	workers sync.WaitGroup
	rec     *timeline.Recorder // who runs which job, if anybody asked (record.go)
	threads int                // how many workers have taken a job: they are named in that order
	jobSeq  int                // how many jobs have started
}

// NewThreadPool starts n workers (at least one).
func NewThreadPool(n int, opts ...Option) *ThreadPool {
	p := &ThreadPool{}
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

func (p *ThreadPool) work() {
	defer p.workers.Done()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var name string // this worker's row in a timeline, once it has taken a job
	for {
		job, ok := p.next(&name)
		if !ok {
			if name != "" {
				p.rec.Done(name)
			}
			return
		}
		job()
		p.rec.Waiting(name, "a job")
	}
}

// next waits for a queued job; it reports false once the pool is shut down and the queue empty.
func (p *ThreadPool) next(name *string) (func(), bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.queue) == 0 && !p.closed {
		p.cond.Wait()
	}
	if len(p.queue) == 0 {
		return nil, false
	}
	p.observeStart(name)
	job := p.queue[0]
	p.queue[0] = nil // let the job be collected once it has run
	p.queue = p.queue[1:]
	return job, true
}

// Submit queues job for the next free worker and returns at once. It fails with ErrShutdown
// after Shutdown.
func (p *ThreadPool) Submit(job func()) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrShutdown
	}
	p.queue = append(p.queue, job)
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
