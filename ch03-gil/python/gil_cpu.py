"""CPU-bound units of pure Python on 1, 2 and 4 threads, then on as many processes, timed.

    python3 ch03-gil/python/gil_cpu.py [-units 4] [-work 1]

Threads take turns on the GIL, so they are no faster than sequential code however many there
are; processes, one interpreter and one GIL each, speed up until they run out of cores.
-work is in millions of rounds per unit, as in the Go demo; pure Python is about a hundred times
slower than Go at this, so the default here is 1 where the Go demo's is 100.
(A free-threaded build, 3.13t with the GIL disabled, is the exception: its threads do speed up.)
"""

import os
import sys
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ch01-blocking" / "python"))
import goflags  # noqa: E402
import loadavg  # noqa: E402

MASK = 2**64 - 1


def unit(millions: int) -> int:
    """One unit of work: the Go demo's arithmetic, modulo 2**64, returning a checksum."""
    x = 1
    for _ in range(millions * 1_000_000):
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK
    return x


def timed(pool: Executor, units: int, millions: int) -> tuple[float, list[int]]:
    start = time.perf_counter()
    sums = list(pool.map(unit, [millions] * units))
    return time.perf_counter() - start, sums


def warm(pool: ProcessPoolExecutor, workers: int) -> None:
    """Start all of the pool's `workers` processes and wait until they are ready.

    Under the forkserver and spawn start methods (the default on Linux from Python 3.14, and on
    macOS and Windows) a pool starts a process only when a task finds no idle one, so a single
    warm-up task would start a single process. Tasks that sleep a moment stay busy while the
    others are submitted, so each of the `workers` tasks needs a process of its own.
    """
    for f in [pool.submit(time.sleep, 0.05) for _ in range(workers)]:
        f.result()


def cell(took: float, seq: float) -> str:
    return f"{goflags.go_duration(took)} {seq / took:.1f}x"


def main(units: int, millions: int) -> None:
    print(f"CPU-bound: {units} units of {millions} million rounds; {os.cpu_count()} cores")
    loadavg.warn_if_busy()  # as the Go demos do: a busy machine's times are not to be trusted
    start = time.perf_counter()
    want = [unit(millions) for _ in range(units)]
    seq = time.perf_counter() - start
    print(f"sequential: {goflags.go_duration(seq)}; below, each time and its speed-up over sequential")
    print(f"{'workers':<8} {'threads':<14} processes")
    same = True
    for workers in (1, 2, 4):
        with ThreadPoolExecutor(workers) as threads:
            t_took, t_sums = timed(threads, units, millions)
        with ProcessPoolExecutor(workers) as processes:
            warm(processes, workers)  # start the workers before the clock: as in Go
            p_took, p_sums = timed(processes, units, millions)
        same = same and t_sums == want and p_sums == want
        print(f"{workers:<8} {cell(t_took, seq):<14} {cell(p_took, seq)}")
    print(f"every run computed the same checksums: {same}")
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()  # 3.13 can run without one
    print(f"the GIL is {'enabled' if gil else 'disabled'}")


if __name__ == "__main__":  # worker processes may import this file again: guard the start
    p = goflags.parser(__doc__.splitlines()[0])
    p.add_argument("-units", type=goflags.int_between(1, 64), default=4, help="units of CPU-bound work (default 4)")
    p.add_argument("-work", type=goflags.int_between(1, 1000), default=1,
                   help="millions of rounds in each unit (default 1)")
    args = p.parse_args()
    try:
        main(args.units, args.work)
    except KeyboardInterrupt:
        print("gil_cpu.py: interrupted", file=sys.stderr)
        sys.exit(130)
