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
	queue   []job      // the jobs waiting, from queue[head]
	head    int
	closed  bool
	workers sync.WaitGroup
	rec     *timeline.Recorder // who runs which job, if anybody asked (record.go)
	threads int                // how many workers have taken a job: they are named in that order
	jobSeq  int                // how many jobs have started

	// For spin (OS-thread workers only): how many jobs are queued, whether the pool is
	// shut down, and whether a worker is spinning already. Written under mu, read without.
	queued   atomic.Int64
	shut     atomic.Bool
	spinning atomic.Bool
	sleeps   atomic.Int64 // how many times a worker has waited in next: for tests
	spins    int          // workerSpins when the pool was made
}

// WorkerKind is what a ThreadPool's workers are.
type WorkerKind int

const (
	// OSThreads workers are goroutines each locked to its own OS thread for its lifetime, so
	// a pool of n workers really is n threads, as in Python. Handing a job to an idle one means
	// waking that particular thread, and handing the result back wakes another: a round trip
	// that parks and wakes OS threads costs tens of microseconds. After a RunInExecutor job a
	// worker spins for some 15 µs (workerSpins looks at the queue) before it parks, so an event
	// loop that awaits one job after another mostly finds it awake.
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
	p := &ThreadPool{kind: kind, spins: workerSpins}
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
	j, ok := p.next(&name)
	for ok {
		j.run()
		p.rec.Waiting(name, "a job")
		if !j.awaited {
			j, ok = p.next(&name)
		} else if j, ok = p.spin(&name); !ok {
			j, ok = p.next(&name)
		}
	}
	if name != "" {
		p.rec.Done(name)
	}
}

// workerSpins is how many times a worker thread that has just finished an awaited job looks for
// the next one before it goes to sleep in next. Each look is an atomic load or two, so the spin
// lasts some 15 µs on the book's machine (BenchmarkSpinWithNothingQueued): long enough for an
// event loop that awaits run_in_executor in a loop to hand in its next job, short enough to
// cost little when none comes. It is a count,
// not a clock deadline, so it ends inside a testing/synctest bubble too. A variable only so
// that tests can change it; a pool reads it when it is made.
var workerSpins = 20000

// spin keeps an OS-thread worker awake for a moment after an awaited job (RunInExecutor's), so
// that a job submitted meanwhile is taken without the worker's thread being put to sleep and
// woken again: a thread locked to its goroutine sleeps in the kernel each time that goroutine
// waits (stoplockedm in the runtime's proc.go) and must be woken by name when it is readied
// (startlockedm), and those trips through the kernel are most of what a round trip costs.
// Submit does not wake a sleeping worker for a job the spinning one will take.
//
// A spinning worker holds a processor (a P) while it spins, and a goroutine readied by its job
// (a WaitGroup's waiter, say) lands on that P's queue and waits for the spin to end. So only
// awaited jobs are followed by a spin (a burst of plain Submits is not slowed down), at most
// one worker spins at a time, and none spins when GOMAXPROCS is 1. Goroutine workers never
// spin: the runtime's own spinning threads do that for them.
func (p *ThreadPool) spin(name *string) (job, bool) {
	if p.kind != OSThreads || runtime.GOMAXPROCS(0) < 2 || !p.spinning.CompareAndSwap(false, true) {
		return job{}, false
	}
	defer p.spinning.Store(false)
	for range p.spins {
		if p.shut.Load() {
			break
		}
		// TryLock, because a locked goroutine that waits for a mutex puts its thread to sleep.
		if p.queued.Load() != 0 && p.mu.TryLock() {
			j, ok := p.take(name)
			p.mu.Unlock()
			if ok {
				return j, true
			}
		}
	}
	return job{}, false
}

// next waits for a queued job; it reports false once the pool is shut down and the queue empty.
func (p *ThreadPool) next(name *string) (job, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.head == len(p.queue) && !p.closed {
		p.sleeps.Add(1)
		p.cond.Wait()
	}
	return p.take(name)
}

// take takes the first queued job, if there is one; the caller holds p.mu.
func (p *ThreadPool) take(name *string) (job, bool) {
	if p.head == len(p.queue) {
		return job{}, false
	}
	p.observeStart(name)
	j := p.queue[p.head]
	p.queue[p.head] = job{} // let the job be collected once it has run
	p.head++
	p.queued.Add(-1)
	if p.head == len(p.queue) { // empty: start again at the front of the same array
		p.queue, p.head = p.queue[:0], 0
	}
	return j, true
}

// job is a queued job. An awaited one is run_in_executor's: somebody waits for its result and
// is likely to submit another soon after, so the worker that ran it spins a moment.
type job struct {
	run     func()
	awaited bool
}

// Submit queues job for the next free worker and returns at once. It fails with ErrShutdown
// after Shutdown.
func (p *ThreadPool) Submit(fn func()) error { return p.submit(job{run: fn}) }

func (p *ThreadPool) submit(j job) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrShutdown
	}
	p.queue = append(p.queue, j)
	// A spinning worker takes the first queued job without being woken; wake a sleeping one
	// for any more.
	if n := p.queued.Add(1); n > 1 || !p.spinning.Load() {
		p.cond.Signal()
	}
	return nil
}

// Shutdown stops the pool taking work. Jobs already queued still run, as with Python's
// shutdown(wait, cancel_futures=False). With wait, it returns once they have all finished and
// every worker has exited; without, it returns at once.
func (p *ThreadPool) Shutdown(wait bool) {
	p.mu.Lock()
	p.closed = true
	p.shut.Store(true)
	p.cond.Broadcast()
	p.mu.Unlock()
	if wait {
		p.workers.Wait()
	}
}
