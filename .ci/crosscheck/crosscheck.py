"""The Python side of .ci/crosscheck: one figure, measured in this fresh process.

Usage: python3 crosscheck.py FIGURE BUDGET_MS

It prints one line, "ns=N": the median time of one operation over batches of a fixed size,
each batch timed with time.perf_counter_ns. The batch size is found first by doubling from one
operation until a batch takes at least a millisecond; then batches of that size run until the
budget is spent (five at least). Standard library only. It shares nothing with
internal/compare/python/bench.py: it is written apart, so that a mistake in one does not
repeat in the other. Each figure does what its Go side in crosscheck's measure.go does,
operation for operation, with no wrapper that the Go side lacks.
"""

import asyncio
import concurrent.futures
import queue
import statistics
import sys
import threading
import time

MIN_BATCH_NS = 1_000_000
MIN_BATCHES = 5


def median_per_op(batch, budget_ns):
    """batch(n) runs n operations and returns the nanoseconds they took."""
    n = 1
    while batch(n) < MIN_BATCH_NS:
        n *= 2
    per_op = []
    start = time.perf_counter_ns()
    while len(per_op) < MIN_BATCHES or time.perf_counter_ns() - start < budget_ns:
        per_op.append(batch(n) / n)
    return statistics.median(per_op)


async def amedian_per_op(batch, budget_ns):
    """median_per_op for a coroutine batch(n), inside the running loop."""
    n = 1
    while await batch(n) < MIN_BATCH_NS:
        n *= 2
    per_op = []
    start = time.perf_counter_ns()
    while len(per_op) < MIN_BATCHES or time.perf_counter_ns() - start < budget_ns:
        per_op.append(await batch(n) / n)
    return statistics.median(per_op)


def one():
    return 1


def square(x):
    return x * x


async def one_async():
    return 1


def fig_thread_start_join(budget_ns):
    # Go: a goroutine started and waited for (and one that locks an OS thread).
    def batch(n):
        t0 = time.perf_counter_ns()
        for _ in range(n):
            t = threading.Thread(target=one)
            t.start()
            t.join()
        return time.perf_counter_ns() - t0

    return median_per_op(batch, budget_ns)


def on_loop(make_batch):
    """Runs amedian_per_op on a new event loop; make_batch(loop) gives the batch coroutine."""

    async def main(budget_ns):
        loop = asyncio.get_running_loop()
        return await amedian_per_op(make_batch(loop), budget_ns)

    return lambda budget_ns: asyncio.run(main(budget_ns))


def task_batch(loop):
    # Go: aio.Await(co, aio.CreateTask(co, one)).
    async def batch(n):
        t0 = time.perf_counter_ns()
        for _ in range(n):
            await asyncio.create_task(one_async())
        return time.perf_counter_ns() - t0

    return batch


def yield_batch(loop):
    # Go: co.Yield().
    async def batch(n):
        t0 = time.perf_counter_ns()
        for _ in range(n):
            await asyncio.sleep(0)
        return time.perf_counter_ns() - t0

    return batch


def threadsafe_batch(loop):
    # Go: a new future handed to another goroutine, which sets its result through
    # CallSoonThreadsafe; the task awaits it.
    jobs = queue.SimpleQueue()

    def poster():  # a daemon: it ends with the process
        while True:
            loop.call_soon_threadsafe(jobs.get().set_result, 1)

    threading.Thread(target=poster, daemon=True).start()

    async def batch(n):
        t0 = time.perf_counter_ns()
        for _ in range(n):
            fut = loop.create_future()
            jobs.put(fut)
            await fut
        return time.perf_counter_ns() - t0

    return batch


def executor_batch(loop):
    # Go: executor.RunInExecutor(co, pool, one), awaited; the default executor here.
    async def batch(n):
        t0 = time.perf_counter_ns()
        for _ in range(n):
            await loop.run_in_executor(None, one)
        return time.perf_counter_ns() - t0

    return batch


def fig_process_pool(budget_ns):
    # Go: executor.Call(pool, "square", 3) on a one-worker pool that has started.
    with concurrent.futures.ProcessPoolExecutor(1) as ex:
        ex.submit(square, 3).result()

        def batch(n):
            t0 = time.perf_counter_ns()
            for _ in range(n):
                ex.submit(square, 3).result()
            return time.perf_counter_ns() - t0

        return median_per_op(batch, budget_ns)


def fig_queue(budget_ns):
    # Go: queue.NewFIFO(64) and a channel of 64, a producer that never stops putting and a
    # consumer timed per item.
    q = queue.Queue(64)

    def produce():
        i = 0
        while True:
            q.put(i)
            i += 1

    threading.Thread(target=produce, daemon=True).start()

    def batch(n):
        t0 = time.perf_counter_ns()
        for _ in range(n):
            q.get()
        return time.perf_counter_ns() - t0

    return median_per_op(batch, budget_ns)


def fig_asyncio_queue(budget_ns):
    # Go: queue.NewAsync(64) on the book's loop, a producer task that never stops putting.
    async def main():
        q = asyncio.Queue(64)

        async def produce():
            i = 0
            while True:
                await q.put(i)
                i += 1

        producer = asyncio.create_task(produce())

        async def batch(n):
            t0 = time.perf_counter_ns()
            for _ in range(n):
                await q.get()
            return time.perf_counter_ns() - t0

        try:
            return await amedian_per_op(batch, budget_ns)
        finally:
            producer.cancel()

    return asyncio.run(main())


FIGURES = {
    "thread-start-join": fig_thread_start_join,
    "task": on_loop(task_batch),
    "yield": on_loop(yield_batch),
    "call-soon-threadsafe": on_loop(threadsafe_batch),
    "run-in-executor": on_loop(executor_batch),
    "process-pool": fig_process_pool,
    "queue": fig_queue,
    "asyncio-queue": fig_asyncio_queue,
}


def main(argv):
    if len(argv) != 3 or argv[1] not in FIGURES or not argv[2].isdigit():
        print("usage: crosscheck.py FIGURE BUDGET_MS; figures: " + " ".join(FIGURES), file=sys.stderr)
        return 2
    ns = FIGURES[argv[1]](int(argv[2]) * 1_000_000)
    print(f"ns={ns:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
