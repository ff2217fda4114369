"""The busy-machine warning that the book's Go demos print, for the Python programs that time.

A measured program prints it right under its first line when the machine's load average exceeds
its cores: other programs then compete for the CPU, and the times are not to be trusted. The
load average is Linux's (the first field of /proc/loadavg); elsewhere there is none, and no
warning. As in the Go demos (internal/loadavg), the environment variable LOADAVG_FILE names a
file to read instead, so that a test can pretend a quiet or a busy machine.

    python3 ch01-blocking/python/loadavg.py   # prints the warning, or nothing

Later chapters import this module from here, as they import goflags.
"""

import os
import sys


def cores() -> int:
    """The CPUs this process may run on, as Go's runtime.NumCPU counts them."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def read() -> float | None:
    """The load average over the last minute, or None where there is none."""
    try:
        with open(os.environ.get("LOADAVG_FILE") or "/proc/loadavg") as f:
            first = f.read().split()[0]
        load = float(first)
    except (OSError, IndexError, ValueError):
        return None
    return load if load >= 0 else None


def warning() -> str:
    """The warning line when the load average exceeds the cores, and "" otherwise."""
    load, n = read(), cores()
    if load is None or load <= n:
        return ""
    return (f"warning: load average {load:.2f} on {n} cores: other programs compete for the CPU,"
            " so the times below are not to be trusted")


def warn_if_busy() -> None:
    """Print the warning, if there is one; measured programs call it right after their first line."""
    if line := warning():
        print(line)


if __name__ == "__main__":
    warn_if_busy()
    sys.exit(0)
