"""What the Python side of the book's phrasebook (docs/phrasebook.md) says, run.

    python3 ch05-queues-locks/python/phrasebook.py

Each line is one behaviour a row of the phrasebook claims; the Go side of each row is checked
by ch05-queues-locks/phrasebook_test.go. Every line follows from the code, not from timing.
"""

import asyncio
import contextvars
import threading
from concurrent.futures import ThreadPoolExecutor


def submit_never_waits() -> None:
    release = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as pool:
        futures = [pool.submit(release.wait) for _ in range(3)]
        # Were submit to wait for a free worker, we would never get here: the one worker is
        # busy until release is set, below.
        pending = sum(not f.done() for f in futures)
        print(f"ThreadPoolExecutor(max_workers=1): 3 submits returned while the worker was busy; {pending} futures not done yet")
        release.set()


async def two_failures() -> None:
    async def fail(msg: str) -> None:
        await asyncio.sleep(0)
        raise ValueError(msg)

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail("first"))
            tg.create_task(fail("second"))
    except* ValueError as group:
        msgs = sorted(str(e) for e in group.exceptions)
        print(f"TaskGroup, two tasks fail: {type(group).__name__} of {len(msgs)}: {', '.join(msgs)}")


async def wait_for_cancels() -> None:
    seen = []

    async def slow() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            seen.append("cancelled")
            raise

    try:
        await asyncio.wait_for(slow(), 0.01)
    except TimeoutError as e:  # asyncio.TimeoutError is TimeoutError since 3.11
        print(f"wait_for(slow(), 0.01): {type(e).__name__}; the awaited coroutine was {seen[0]}")


request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="unset")


async def to_thread_carries_context() -> None:
    request_id.set("r-42")
    via_to_thread = await asyncio.to_thread(request_id.get)
    via_executor = await asyncio.get_running_loop().run_in_executor(None, request_id.get)
    print(f"a ContextVar set in the coroutine: to_thread sees {via_to_thread!r}, run_in_executor sees {via_executor!r}")


def locks() -> None:
    rlock, lock = threading.RLock(), threading.Lock()
    rlock.acquire()
    again = rlock.acquire(blocking=False)
    print(f"threading.RLock: the holder acquires it again: {again}")
    lock.acquire()
    again = lock.acquire(blocking=False)
    print(f"threading.Lock: the holder acquires it again: {again}")
    sem = threading.Semaphore(2)
    got = [sem.acquire(blocking=False) for _ in range(3)]
    print(f"threading.Semaphore(2): three acquires without waiting: {got}")


def main() -> None:
    submit_never_waits()
    asyncio.run(two_failures())
    asyncio.run(wait_for_cancels())
    asyncio.run(to_thread_carries_context())
    locks()


if __name__ == "__main__":
    main()
