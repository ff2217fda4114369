"""Stopping worker threads with poison pills; answers and errors come back on a results queue.

    python3 ch05-queues-locks/python/stop.py

Three workers square six jobs; job 4 hits a bug (it raises), job 5 is refused (it raises on
purpose). A worker catches the exception, sends it back as that job's answer, and goes on, so
no other answer is lost. (Python 3.13 adds Queue.shutdown(), the counterpart of closing a Go
channel; the pill works on every version.)
"""

import queue
import threading

PILL = None
WORKERS = 3
JOBS = [1, 2, 3, 4, 5, 6]


def square(n: int) -> int:
    if n == 4:
        raise ValueError(f"bad input {n}")  # stands in for a bug
    if n == 5:
        raise PermissionError(f"{n} is not allowed")
    return n * n


def worker(jobs: queue.Queue, results: queue.Queue, stopped: list[int]) -> None:
    while (n := jobs.get()) is not PILL:
        try:
            results.put((n, square(n), None))
        except Exception as e:  # errors travel back as data
            results.put((n, None, e))
    stopped.append(1)  # thread-safe: one C call, under the GIL or, free-threaded, the list's own lock


def main() -> None:
    print(f"{WORKERS} workers square jobs {JOBS}; job 4 raises, job 5 fails")
    print("\n1. a poison pill (None) per worker, queued after the jobs:")
    jobs, results, stopped = queue.Queue(), queue.Queue(), []
    threads = [threading.Thread(target=worker, args=(jobs, results, stopped)) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for n in JOBS:
        jobs.put(n)
    for _ in threads:
        jobs.put(PILL)
    answers = sorted(results.get() for _ in JOBS)
    for t in threads:
        t.join()
    for n, value, err in answers:
        print(f"  job {n}: error: {type(err).__name__}: {err}" if err else f"  job {n}: {value}")
    print(f"  {len(stopped)} of {WORKERS} workers took a pill and returned")


if __name__ == "__main__":
    main()
