"""Micro-benchmarks of Python's concurrency primitives, for `make compare`.

Each figure is the Python side of a row of docs/benchmarks.md; the Go side is a benchmark
beside the Go code it measures. Standard library only (CPython 3.11-3.13).

Usage: python3 bench.py [-budget SECONDS] [FIGURE ...]

It prints one line per figure: the figure's name, then values and their units, as a Go
benchmark's line has them: nanoseconds per operation (ns/op) and CPU nanoseconds, user and
system, per operation (cpu-ns/op) — this process's, its reaped children's and, for the process
pool, its worker's. The speed-up figures print the speed-up over running sequentially (x).

Each operation is the same work as the Go benchmark it is compared with: the timed loops call
the primitive directly, with no wrapper coroutine or function around it that the Go side does
not have.
"""

import asyncio
import concurrent.futures
import multiprocessing
import os
import queue
import resource
import sys
import threading
import time

BUDGET = 0.3  # seconds per figure, after a warm-up; -budget changes it


def noop():
    pass


def square(n):
    return n * n


def cpu_ns(pids=()):
    """CPU nanoseconds used so far by this process, its reaped children and the processes pids
    (read from their process CPU clocks, as the Go side reads its worker's)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        ru = resource.getrusage(who)
        total += (ru.ru_utime + ru.ru_stime) * 1e9
    for pid in pids:
        try:
            total += time.clock_gettime_ns(((~pid) << 3) | 2)  # MAKE_PROCESS_CPUCLOCK(pid, SCHED)
        except OSError:
            pass
    return total


def measure(op, budget=None, min_ops=3, pids=()):
    """Calls op() until the budget is spent; returns (ns, cpu ns) per call."""
    budget = BUDGET if budget is None else budget
    op()  # warm-up
    n, start, cpu0 = 0, time.perf_counter_ns(), cpu_ns(pids)
    deadline = start + int(budget * 1e9)
    while True:
        op()
        n += 1
        now = time.perf_counter_ns()
        if n >= min_ops and now >= deadline:
            return (now - start) / n, (cpu_ns(pids) - cpu0) / n


def thread_start_join():
    def op():
        t = threading.Thread(target=noop)
        t.start()
        t.join()
    return measure(op)


def process_start_join(method):
    ctx = multiprocessing.get_context(method)

    def op():
        p = ctx.Process(target=noop)
        p.start()
        p.join()
    return measure(op)


def run_loop(body):
    """Runs the coroutine function body(loop) inside asyncio.run and returns its result."""
    async def main():
        return await body(asyncio.get_running_loop())
    return asyncio.run(main())


# The asyncio figures time their loops inline: `await <the primitive>` and nothing around it,
# 100 operations between clock readings (the clock costs about as much as a sleep(0)).
CHUNK = 100


class Clock:
    """Start, then done(n) after n more operations; finished() once the budget is spent."""

    def __init__(self, budget=None):
        self.budget = BUDGET if budget is None else budget

    def start(self):
        self.n, self.t0, self.cpu0 = 0, time.perf_counter_ns(), cpu_ns()
        self.deadline = self.t0 + int(self.budget * 1e9)

    def finished(self, n):
        self.n += n
        return time.perf_counter_ns() >= self.deadline

    def result(self):
        return (time.perf_counter_ns() - self.t0) / self.n, (cpu_ns() - self.cpu0) / self.n


async def answer():
    return 42


def task_create_await():
    # Go: Await(co, CreateTask(co, answer)).
    async def body(loop):
        await asyncio.create_task(answer())  # warm-up
        c = Clock()
        c.start()
        while True:
            for _ in range(CHUNK):
                await asyncio.create_task(answer())
            if c.finished(CHUNK):
                return c.result()
    return run_loop(body)


def sleep0():
    # Go: co.Yield().
    async def body(loop):
        await asyncio.sleep(0)
        c = Clock()
        c.start()
        while True:
            for _ in range(CHUNK):
                await asyncio.sleep(0)
            if c.finished(CHUNK):
                return c.result()
    return run_loop(body)


def call_soon_threadsafe():
    # Another thread posts the result back with call_soon_threadsafe, as Go's
    # BenchmarkCallSoonThreadsafeRoundTrip does: a new future, handed over, awaited.
    async def body(loop):
        jobs = queue.SimpleQueue()

        def poster():
            while True:
                fut = jobs.get()
                if fut is None:
                    return
                loop.call_soon_threadsafe(fut.set_result, 1)
        t = threading.Thread(target=poster)
        t.start()
        try:
            c = Clock()
            c.start()
            while True:
                for _ in range(CHUNK):
                    fut = loop.create_future()
                    jobs.put(fut)
                    await fut
                if c.finished(CHUNK):
                    return c.result()
        finally:
            jobs.put(None)
            t.join()
    return run_loop(body)


def run_in_executor():
    # Go: Await(co, RunInExecutor(co, nil, func() (int, error) { return 1, nil })).
    async def body(loop):
        await loop.run_in_executor(None, noop)
        c = Clock()
        c.start()
        while True:
            for _ in range(CHUNK):
                await loop.run_in_executor(None, noop)
            if c.finished(CHUNK):
                return c.result()
    return run_loop(body)


SPACING = 1e-3  # seconds between the calls of run-in-executor-spaced, as in Go's


def run_in_executor_spaced():
    # Go: BenchmarkRunInExecutorSpaced: a pause on the loop's clock, then a timed call; the CPU
    # time counts the pauses too.
    async def body(loop):
        await loop.run_in_executor(None, noop)
        calls, n = 0, 0
        t_end = time.perf_counter_ns() + int(BUDGET * 1e9)
        cpu0 = cpu_ns()
        while n < 3 or time.perf_counter_ns() < t_end:
            await asyncio.sleep(SPACING)
            t0 = time.perf_counter_ns()
            await loop.run_in_executor(None, noop)
            calls += time.perf_counter_ns() - t0
            n += 1
        return calls / n, (cpu_ns() - cpu0) / n
    return run_loop(body)


def process_pool_call():
    # Go: Call[int, int](p, "square", 3) on a one-worker pool.
    with concurrent.futures.ProcessPoolExecutor(1) as ex:
        ex.submit(square, 3).result()  # the worker has started
        pids = list(ex._processes)
        return measure(lambda: ex.submit(square, 3).result(), pids=pids)


def queue_queue(items=20000):
    # One producer thread, one consumer: nanoseconds per item through queue.Queue(64).
    def op():
        q = queue.Queue(64)

        def produce():
            for i in range(items):
                q.put(i)
        t = threading.Thread(target=produce)
        t.start()
        for _ in range(items):
            q.get()
        t.join()
    ns, cpu = measure(op)
    return ns / items, cpu / items


def asyncio_queue(items=20000):
    async def body(loop):
        async def op():
            q = asyncio.Queue(64)

            async def produce():
                for i in range(items):
                    await q.put(i)
            p = asyncio.create_task(produce())
            for _ in range(items):
                await q.get()
            await p
        await op()
        n, start, cpu0 = 0, time.perf_counter_ns(), cpu_ns()
        while True:
            await op()
            n += 1
            now = time.perf_counter_ns()
            if n >= 3 and now - start >= BUDGET * 1e9:
                return (now - start) / n / items, (cpu_ns() - cpu0) / n / items
    return run_loop(body)


def burn(rounds):
    x = 0
    for i in range(rounds):
        x = (x * 31 + i) % 1000003
    return x


CPU_CHUNKS, CPU_ROUNDS = 2, 2_000_000


def cpu_speedup(kind):
    """The speed-up over sequential of CPU_CHUNKS chunks of pure-Python arithmetic."""
    def sequential():
        return [burn(CPU_ROUNDS) for _ in range(CPU_CHUNKS)]

    def pooled(ex):
        return list(ex.map(burn, [CPU_ROUNDS] * CPU_CHUNKS))

    seq, _ = measure(sequential, min_ops=2)
    if kind == "threads":
        with concurrent.futures.ThreadPoolExecutor(CPU_CHUNKS) as ex:
            par, _ = measure(lambda: pooled(ex), min_ops=2)
    else:
        with concurrent.futures.ProcessPoolExecutor(CPU_CHUNKS) as ex:
            par, _ = measure(lambda: pooled(ex), min_ops=2)
    return seq / par


FIGURES = {
    "thread-start-join": thread_start_join,
    "fork-start-join": lambda: process_start_join("fork"),
    "spawn-start-join": lambda: process_start_join("spawn"),
    "task-create-await": task_create_await,
    "sleep0": sleep0,
    "call-soon-threadsafe": call_soon_threadsafe,
    "run-in-executor": run_in_executor,
    "run-in-executor-spaced": run_in_executor_spaced,
    "process-pool-call": process_pool_call,
    "queue-queue": queue_queue,
    "asyncio-queue": asyncio_queue,
    "cpu-threads": lambda: cpu_speedup("threads"),
    "cpu-processes": lambda: cpu_speedup("processes"),
}


def main(argv):
    global BUDGET
    args = list(argv)
    if len(args) >= 2 and args[0] == "-budget":
        BUDGET = float(args[1])
        args = args[2:]
    names = args or list(FIGURES)
    for name in names:
        if name not in FIGURES:
            print(f"bench.py: unknown figure {name!r}; known: {' '.join(FIGURES)}", file=sys.stderr)
            return 2
    for name in names:
        got = FIGURES[name]()
        if isinstance(got, tuple):
            ns, cpu = got
            print(f"{name} {ns:.6g} ns/op {cpu:.6g} cpu-ns/op", flush=True)
        else:
            print(f"{name} {got:.6g} x", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
