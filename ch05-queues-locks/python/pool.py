"""Checking numbers for primes: sequentially, with a pool of threads, with a pool of processes.

    python3 ch05-queues-locks/python/pool.py [-workers 4] [-small]

The workers take numbers from a jobs queue until they take the poison pill, None, and send
(index, answer, error) back on a results queue: nothing else connects them to the main program.
Without -small this takes a few minutes in pure Python (the Go demo: a few seconds).
"""

import multiprocessing
import os
import queue
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ch01-blocking" / "python"))
import goflags  # noqa: E402
import loadavg  # noqa: E402

BIG = [29999999999999989, 39999976000000999, 49999999999999993, 30000000000000001, 69999999999999989]
SMALL = [999999937, 929149187, 999998981, 999999999]


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def worker(jobs, results) -> None:
    while True:
        job = jobs.get()
        if job is None:  # the poison pill
            break
        i, n = job
        try:
            results.put((i, is_prime(n), None))
        except Exception as e:  # errors travel back as data
            results.put((i, None, repr(e)))


def pool(numbers: list[int], workers: int, start_worker, jobs, results) -> list[bool]:
    units = [start_worker(worker, jobs, results) for _ in range(workers)]
    for i, n in enumerate(numbers):
        jobs.put((i, n))
    for _ in units:
        jobs.put(None)  # one pill per worker, after the jobs
    answers: list[bool] = [False] * len(numbers)
    for _ in numbers:
        i, prime, err = results.get()
        if err is not None:
            raise RuntimeError(f"checking {numbers[i]}: {err}")
        answers[i] = prime
    for u in units:
        u.join()
    return answers


def start_thread(target, *args) -> threading.Thread:
    t = threading.Thread(target=target, args=args)
    t.start()
    return t


def start_process(target, *args) -> multiprocessing.Process:
    p = multiprocessing.Process(target=target, args=args)
    p.start()
    return p


def main(numbers: list[int], workers: int) -> None:
    print(f"checking {len(numbers)} numbers for primes by trial division; {os.cpu_count()} cores")
    loadavg.warn_if_busy()  # as the Go demos do: a busy machine's times are not to be trusted
    start = time.perf_counter()
    seq = [is_prime(n) for n in numbers]
    seq_took = time.perf_counter() - start
    for n, prime in zip(numbers, seq):
        print(f"{n:18d}  {'prime' if prime else 'composite'}")
    print(f"{sum(seq)} primes, {len(numbers) - sum(seq)} composites")
    print(f"{'sequential:':<22} {goflags.go_duration(seq_took)}")

    start = time.perf_counter()
    tp = pool(numbers, workers, start_thread, queue.SimpleQueue(), queue.SimpleQueue())
    took = time.perf_counter() - start
    print(f"{f'thread pool ({workers}):':<22} {goflags.go_duration(took)}  {seq_took / took:.1f}x")

    start = time.perf_counter()
    pp = pool(numbers, workers, start_process, multiprocessing.SimpleQueue(), multiprocessing.SimpleQueue())
    took = time.perf_counter() - start
    print(f"{f'process pool ({workers}):':<22} {goflags.go_duration(took)}  {seq_took / took:.1f}x"
          " (including starting the processes)")
    print(f"every way gave the same answers: {seq == tp == pp}")


if __name__ == "__main__":  # worker processes may import this file again: guard the start
    p = goflags.parser(__doc__.splitlines()[0])
    p.add_argument("-workers", type=goflags.int_between(1, 64), default=4, help="workers in each pool (default 4)")
    p.add_argument("-small", action="store_true", help="four small numbers, for a quick run")
    args = p.parse_args()
    try:
        main(SMALL if args.small else BIG, args.workers)
    except KeyboardInterrupt:
        print("pool.py: interrupted", file=sys.stderr)
        sys.exit(130)
