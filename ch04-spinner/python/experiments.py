"""Three experiments behind chapter 4's claims about CPython's threads and processes (Linux).

    python3 ch04-spinner/python/experiments.py ident
    python3 ch04-spinner/python/experiments.py fork
    python3 ch04-spinner/python/experiments.py shared

ident:  a Thread's ident is pthread_self()'s handle, not the kernel's thread ID; that is
        native_id (3.8+), which for the main thread on Linux is the process ID.
fork:   the default start method, and whether os.fork() in a process with a second thread warns
        (DeprecationWarning since 3.12; Linux's default moved from fork to forkserver in 3.14).
shared: processes can share memory when asked: a multiprocessing.Value written by a child is
        read by its parent.
"""

import ctypes
import multiprocessing
import os
import sys
import threading
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ch01-blocking" / "python"))
import goflags  # noqa: E402


def ident() -> None:
    libc = ctypes.CDLL(None)
    libc.pthread_self.restype = ctypes.c_ulong
    main = threading.main_thread()
    print(f"main thread: ident == pthread_self(): {main.ident == libc.pthread_self()}")
    print(f"main thread: native_id == os.getpid(): {main.native_id == os.getpid()}")
    seen = {}

    def record() -> None:
        seen["pthread_self"] = libc.pthread_self()

    t = threading.Thread(target=record)
    t.start()
    t.join()
    print(f"second thread: ident == its pthread_self(): {t.ident == seen['pthread_self']}")
    print(f"second thread: ident == native_id: {t.ident == t.native_id}")


def fork() -> None:
    v = sys.version_info
    print(f"CPython {v.major}.{v.minor}: default start method {multiprocessing.get_start_method()!r}")
    release = threading.Event()
    t = threading.Thread(target=release.wait)
    t.start()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pid = os.fork()
        if pid == 0:
            os._exit(0)  # the child: only the forking thread exists here
    os.waitpid(pid, 0)
    release.set()
    t.join()
    kinds = sorted({w.category.__name__ for w in caught}) or ["no warning"]
    print(f"os.fork() with a second thread running: {', '.join(kinds)}")


def set_value(v) -> None:
    v.value = 42


def shared() -> None:
    v = multiprocessing.Value("i", 0)  # an int in shared memory, with a lock of its own
    child = multiprocessing.Process(target=set_value, args=(v,))
    child.start()
    child.join()
    print(f"a child set a multiprocessing.Value to 42; the parent reads {v.value}")


def main() -> None:
    p = goflags.parser(__doc__.splitlines()[0])
    p.add_argument("experiment", choices=["ident", "fork", "shared"])
    args = p.parse_args()
    {"ident": ident, "fork": fork, "shared": shared}[args.experiment]()


if __name__ == "__main__":  # a spawned child imports this file again: run nothing then
    main()
