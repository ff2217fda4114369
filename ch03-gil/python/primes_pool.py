"""Count the primes below 100000 in 16 chunks on a pool of one process per CPU.

The Python program that exercise 3.4 (ch03-gil/exercises/4-port-semaphore) ports to Go with
goroutines, at most GOMAXPROCS at a time. Threads would take turns on the GIL, so CPU-bound
Python spreads over processes; ProcessPoolExecutor(max_workers=os.cpu_count()) runs at most one
per CPU, however many chunks wait.

    python3 ch03-gil/python/primes_pool.py
"""

import os
from concurrent.futures import ProcessPoolExecutor

N, CHUNKS = 100_000, 16


def count_primes(lo: int, hi: int) -> tuple[int, int]:
    """The primes in [lo, hi), by trial division; and the pid of the process that counted."""
    count = 0
    for n in range(max(lo, 2), hi):
        if all(n % d for d in range(2, int(n**0.5) + 1)):
            count += 1
    return count, os.getpid()


def main() -> None:
    step = -(-N // CHUNKS)  # ceiling division: CHUNKS ranges cover [0, N)
    los = list(range(0, N, step))
    his = [min(lo + step, N) for lo in los]
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        results = list(pool.map(count_primes, los, his))
    print(f"{len(los)} chunks on a pool of one process per CPU")
    print(f"primes below {N}: {sum(count for count, _ in results)}")
    pids = {pid for _, pid in results}
    print(f"processes used, at most one per CPU: {len(pids) <= (os.cpu_count() or 1)}")


if __name__ == "__main__":
    main()
