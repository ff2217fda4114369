package executor

import (
	"runtime"
	"sync"
)

// ThreadPool runs jobs on a fixed number of worker threads fed by one queue, like
// concurrent.futures.ThreadPoolExecutor. Each worker is a goroutine locked to its own OS thread
// for its lifetime, so a pool of n workers really is n threads, as in Python.
type ThreadPool struct {
	jobs    chan func()
	mu      sync.Mutex // guards closed, and serialises Submit against Shutdown
	closed  bool
	workers sync.WaitGroup
}

// NewThreadPool starts n workers (at least one).
func NewThreadPool(n int) *ThreadPool {
	p := &ThreadPool{jobs: make(chan func(), 1024)}
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
	for job := range p.jobs {
		job()
	}
}

// Submit queues job for the next free worker. It blocks while the queue is full, and fails with
// ErrShutdown after Shutdown.
func (p *ThreadPool) Submit(job func()) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrShutdown
	}
	p.jobs <- job
	return nil
}

// Shutdown stops the pool taking work. Jobs already queued still run. With wait, it returns once
// they have all finished and every worker has exited; without, it returns at once.
func (p *ThreadPool) Shutdown(wait bool) {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.jobs)
	}
	p.mu.Unlock()
	if wait {
		p.workers.Wait()
	}
}
