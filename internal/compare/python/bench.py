"""Micro-benchmarks of Python's concurrency primitives, for `make compare`.

Each figure is the Python side of a row of docs/benchmarks.md; the Go side is a benchmark
beside the Go code it measures. Standard library only (CPython 3.11-3.13).

Usage: python3 bench.py [-budget SECONDS] [FIGURE ...]

It prints one line per figure: the figure's name, then nanoseconds per operation (for the
speed-up figures, the speed-up over running sequentially, a plain number).
"""

import asyncio
import concurrent.futures
import multiprocessing
import queue
import sys
import threading
import time

BUDGET = 0.3  # seconds per figure, after a warm-up; -budget changes it


def noop():
    pass


def square(n):
    return n * n


def measure(op, budget=None, min_ops=3):
    """Calls op() until the budget is spent; returns nanoseconds per call."""
    budget = BUDGET if budget is None else budget
    op()  # warm-up
    n, start = 0, time.perf_counter_ns()
    deadline = start + int(budget * 1e9)
    while True:
        op()
        n += 1
        now = time.perf_counter_ns()
        if n >= min_ops and now >= deadline:
            return (now - start) / n


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
    """Runs the coroutine function body(loop) -> ns inside asyncio.run and returns its result."""
    async def main():
        return await body(asyncio.get_running_loop())
    return asyncio.run(main())


async def ameasure(op, budget=None):
    budget = BUDGET if budget is None else budget
    await op()
    n, start = 0, time.perf_counter_ns()
    deadline = start + int(budget * 1e9)
    while True:
        # 100 awaits between clock readings: the clock costs as much as a sleep(0).
        for _ in range(100):
            await op()
        n += 100
        now = time.perf_counter_ns()
        if now >= deadline:
            return (now - start) / n


async def answer():
    return 42


def task_create_await():
    async def body(loop):
        async def op():
            await asyncio.create_task(answer())
        return await ameasure(op)
    return run_loop(body)


def sleep0():
    async def body(loop):
        return await ameasure(lambda: asyncio.sleep(0))
    return run_loop(body)


def call_soon_threadsafe():
    # Another thread posts the result back with call_soon_threadsafe, as Go's
    # BenchmarkCallSoonThreadsafeRoundTrip does.
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

        async def op():
            fut = loop.create_future()
            jobs.put(fut)
            await fut
        try:
            return await ameasure(op)
        finally:
            jobs.put(None)
            t.join()
    return run_loop(body)


def run_in_executor():
    async def body(loop):
        return await ameasure(lambda: loop.run_in_executor(None, noop))
    return run_loop(body)


def process_pool_call():
    with concurrent.futures.ProcessPoolExecutor(1) as ex:
        return measure(lambda: ex.submit(square, 3).result())


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
    return measure(op) / items


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
        n, start = 0, time.perf_counter_ns()
        while True:
            await op()
            n += 1
            now = time.perf_counter_ns()
            if n >= 3 and now - start >= BUDGET * 1e9:
                return (now - start) / n / items
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

    seq = measure(sequential, min_ops=2)
    if kind == "threads":
        with concurrent.futures.ThreadPoolExecutor(CPU_CHUNKS) as ex:
            par = measure(lambda: pooled(ex), min_ops=2)
    else:
        with concurrent.futures.ProcessPoolExecutor(CPU_CHUNKS) as ex:
            par = measure(lambda: pooled(ex), min_ops=2)
    return seq / par


FIGURES = {
    "thread-start-join": thread_start_join,
    "fork-start-join": lambda: process_start_join("fork"),
    "spawn-start-join": lambda: process_start_join("spawn"),
    "task-create-await": task_create_await,
    "sleep0": sleep0,
    "call-soon-threadsafe": call_soon_threadsafe,
    "run-in-executor": run_in_executor,
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
        print(f"{name} {FIGURES[name]():.6g}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
