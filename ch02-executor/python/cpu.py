"""CPU-bound chunks on a thread pool and on a process pool, through run_in_executor, timed.

    python3 ch02-executor/python/cpu.py [-rounds 2] [-workers 4]

Each chunk is pure Python arithmetic, so it holds the GIL throughout: the thread pool is no
faster than one thread, while the process pool, one interpreter per worker, uses every core.
-rounds is in millions, as in the Go demo; pure Python is about a hundred times slower than Go
at this, so the default here is 2 where the Go demo's is 200.
"""

import asyncio
import os
import sys
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ch01-blocking" / "python"))
import goflags  # noqa: E402
import loadavg  # noqa: E402

MASK = 2**64 - 1


def burn(millions: int) -> int:
    """millions*10^6 rounds of the Go demo's linear congruential generator, modulo 2**64."""
    x = millions
    for _ in range(millions * 1_000_000):
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK
    return x


async def crunch(pool: Executor, chunks: int, millions: int) -> list[int]:
    loop = asyncio.get_running_loop()
    jobs = [loop.run_in_executor(pool, burn, millions) for _ in range(chunks)]
    return await asyncio.gather(*jobs)


async def main(chunks: int, millions: int) -> None:
    print(f"CPU-bound work: {chunks} chunks of {millions} million rounds; {os.cpu_count()} cores")
    loadavg.warn_if_busy()  # as the Go demos do: a busy machine's times are not to be trusted
    start = time.perf_counter()
    want = [burn(millions) for _ in range(chunks)]
    seq = time.perf_counter() - start
    print(f"{'sequential':<18} {goflags.go_duration(seq):>8}")
    same = True
    for name, make_pool in [(f"thread pool ({chunks})", ThreadPoolExecutor),
                            (f"process pool ({chunks})", ProcessPoolExecutor)]:
        start = time.perf_counter()  # a process pool's time includes starting its workers
        with make_pool(max_workers=chunks) as pool:
            got = await crunch(pool, chunks, millions)
        took = time.perf_counter() - start
        same = same and got == want
        print(f"{name:<18} {goflags.go_duration(took):>8}  {seq / took:.1f}x")
    print(f"all three computed the same results: {same}")


if __name__ == "__main__":  # worker processes import this file again: guard the start
    p = goflags.parser(__doc__.splitlines()[0])
    p.add_argument("-rounds", type=goflags.int_between(1, 1000), default=2,
                   help="millions of rounds in each CPU-bound chunk (default 2)")
    p.add_argument("-workers", type=goflags.int_between(1, 64), default=4,
                   help="workers in each pool, and chunks of work (default 4)")
    args = p.parse_args()
    try:
        asyncio.run(main(args.workers, args.rounds))
    except KeyboardInterrupt:
        print("cpu.py: interrupted", file=sys.stderr)
        sys.exit(130)
