"""The convoy effect: an I/O-bound thread beside a CPU-bound one, for three switch intervals.

    python3 ch03-gil/python/convoy.py [-nap 100ms] [-trips 20]

Each time the I/O thread's sleep ends it needs the GIL back, but the CPU-bound thread holds it.
The waiting thread may ask for it only after a whole switch interval (sys.setswitchinterval),
so its wait after every I/O grows with the interval. (On a busy machine a wait can also be
short: if the operating system does not run the CPU-bound thread during the I/O, it never takes
the GIL, and the I/O thread finds it free.) As in the Go demo, each round trip is a
tenth of -nap.
"""

import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ch01-blocking" / "python"))
import goflags  # noqa: E402
import loadavg  # noqa: E402


def cpu_bound(stop: threading.Event) -> None:
    x = 1
    while not stop.is_set():
        for _ in range(10_000):  # pure Python: holds the GIL until asked to let go
            x = (x * 6364136223846793005 + 1442695040888963407) & (2**64 - 1)


def io_bound(nap: float, trips: int) -> list[float]:
    waits = []
    for _ in range(trips):
        start = time.perf_counter()
        time.sleep(nap)  # releases the GIL; returns once the GIL is ours again
        waits.append(time.perf_counter() - start - nap)
    return waits


def convoy(interval: float, nap: float, trips: int) -> list[float]:
    sys.setswitchinterval(interval)
    stop = threading.Event()
    cpu = threading.Thread(target=cpu_bound, args=(stop,))
    cpu.start()
    try:
        return io_bound(nap, trips)
    finally:
        stop.set()
        cpu.join()


def main(nap: float, trips: int) -> None:
    print(f"a CPU-bound thread and an I/O-bound one; the I/O thread makes {trips} round trips"
          f" of {goflags.go_duration(nap)}; {os.cpu_count()} cores")
    loadavg.warn_if_busy()  # as the Go demos do: a busy machine's times are not to be trusted
    print(f"{'switch interval':<16} the I/O thread's wait for the GIL after each I/O:"
          " average, fastest, slowest")
    for interval in (0.001, 0.005, 0.020):
        waits = convoy(interval, nap, trips)
        average, fastest, slowest = (f"{w * 1e3:.1f}ms" for w in
                                     (sum(waits) / len(waits), min(waits), max(waits)))
        print(f"{goflags.go_duration(interval):<16} {average:<8} {fastest:<8} {slowest}")


if __name__ == "__main__":
    p = goflags.parser(__doc__.splitlines()[0])
    p.add_argument("-nap", type=goflags.positive_duration, default=0.1,
                   help="ten times each round trip's wait (default 100ms)")
    p.add_argument("-trips", type=goflags.int_between(1, 10_000), default=20,
                   help="the I/O-bound thread's round trips (default 20)")
    args = p.parse_args()
    try:
        main(args.nap / 10, args.trips)
    except KeyboardInterrupt:
        print("convoy.py: interrupted", file=sys.stderr)
        sys.exit(130)
