"""Ten blocking downloads on a pool of three threads; the first failure stops the others.

The Python program that exercise 2.4 (ch02-executor/exercises/4-port-errgroup) ports to Go
with errgroup.WithContext and SetLimit. Each download is a blocking call run with
run_in_executor on a ThreadPoolExecutor(max_workers=3); download 3 fails. A thread cannot be
interrupted, so a threading.Event asks the running downloads to stop, and a download taken
from the queue after the failure does not start at all.

    python3 ch02-executor/python/pool_first_error.py
"""

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

WORKERS = 3
STEP = 0.05  # a download checks its stop event this often


class Record:
    """What happened to each download, written by the pool's threads under a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = self.most = 0
        self.finished: list[int] = []
        self.stopped: list[int] = []
        self.skipped: list[int] = []


def download(item: int, stop: threading.Event, rec: Record) -> str:
    """The blocking call: 0.2 s for the first three, 0.4 s for the rest; download 3 fails."""
    seconds = 0.2 if item < 3 else 0.4
    for step in range(round(seconds / STEP)):
        if item == 3 and step == 2:  # 0.1 s in
            raise ConnectionError(f"download {item}: connection reset")
        if stop.is_set():  # threads cannot be cancelled: they must look
            with rec.lock:
                rec.stopped.append(item)
            return ""
        time.sleep(STEP)
    with rec.lock:
        rec.finished.append(item)
    return f"data {item}"


def guarded(item: int, stop: threading.Event, rec: Record) -> str:
    """What errgroup does around each function: skip once stopped, stop the rest on failure."""
    if stop.is_set():
        with rec.lock:
            rec.skipped.append(item)
        return ""
    with rec.lock:
        rec.running += 1
        rec.most = max(rec.most, rec.running)
    try:
        return download(item, stop, rec)
    except Exception:
        stop.set()  # before this thread takes the next item from the queue
        raise
    finally:
        with rec.lock:
            rec.running -= 1


async def main() -> None:
    loop = asyncio.get_running_loop()
    stop, rec = threading.Event(), Record()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [loop.run_in_executor(pool, guarded, i, stop, rec) for i in range(10)]
        try:
            await asyncio.gather(*futures)
        except ConnectionError as e:
            print(f"failed: {e}")
        await asyncio.gather(*futures, return_exceptions=True)  # wait for every thread's answer
    print("finished:", *sorted(rec.finished))
    print("stopped early:", *sorted(rec.stopped))
    print("never started:", *sorted(rec.skipped))
    print(f"at most {rec.most} at once")


if __name__ == "__main__":
    asyncio.run(main())
