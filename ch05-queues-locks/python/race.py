"""Lost updates: two threads (and two coroutines) increment one counter; then the lock.

    python3 ch05-queues-locks/python/race.py [-increments 1000]

time.sleep(0) between the read and the write releases the GIL, inviting a switch at the worst
moment, so the threads' count comes out short, and not always by the same amount. The
coroutines can switch only at an await, so their count is exact either way.
"""

import asyncio
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ch01-blocking" / "python"))
import goflags  # noqa: E402

counter = 0
lock = threading.Lock()


def increment(n: int) -> None:
    global counter
    for _ in range(n):
        value = counter
        time.sleep(0)  # another thread may run here...
        counter = value + 1  # ...and this write undoes its update


def increment_locked(n: int) -> None:
    global counter
    for _ in range(n):
        with lock:
            value = counter
            time.sleep(0)  # the other thread may run, but cannot enter
            counter = value + 1


async def increment_async(n: int, pause: bool) -> None:
    global counter
    for _ in range(n):
        value = counter
        if pause:
            await asyncio.sleep(0)  # the other task runs here, and reads the same value
        counter = value + 1


def two_threads(target, n: int) -> int:
    global counter
    counter = 0
    threads = [threading.Thread(target=target, args=(n,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counter


async def two_tasks(n: int, pause: bool) -> int:
    global counter
    counter = 0
    await asyncio.gather(increment_async(n, pause), increment_async(n, pause))
    return counter


def lost(n: int, v: int) -> str:
    return f" ({2 * n - v} updates lost)" if v < 2 * n else ""


def main(n: int) -> None:
    print(f"two threads, {n} increments each, time.sleep(0) between read and write:")
    v = two_threads(increment, n)
    print(f"  no lock:              counter = {v}{lost(n, v)}")
    v = two_threads(increment_locked, n)
    print(f"  threading.Lock:       counter = {v}{lost(n, v)}")
    print(f"two coroutines on the event loop, {n} increments each:")
    for name, pause in [("no await inside:", False), ("await inside:", True)]:
        v = asyncio.run(two_tasks(n, pause))
        print(f"  {name:<21} counter = {v}{lost(n, v)}")


if __name__ == "__main__":
    p = goflags.parser(__doc__.splitlines()[0])
    p.add_argument("-increments", type=goflags.int_between(1, 1_000_000), default=1000,
                   help="increments per thread (default 1000)")
    main(p.parse_args().increments)
