"""Three experiments behind chapter 5's claims about CPython's queues and threads.

    python3 ch05-queues-locks/python/experiments.py join
    python3 ch05-queues-locks/python/experiments.py switch [-increments 2000000] [-runs 3]
    python3 ch05-queues-locks/python/experiments.py feeder

join:   queue.Queue.join() waits for every item *put* to be marked task_done(), not only the
        items already taken.
switch: without time.sleep(0), two threads doing `counter += 1` lose no update on CPython 3.10
        and later with the GIL, however short the switch interval: the interpreter looks at its
        eval breaker (where a thread is asked to drop the GIL) only at the start of a function,
        at a backward jump and at a call. A call between the read and the write loses updates.
feeder: a process that has put a large item on a multiprocessing.Queue cannot end until the item
        is read, so joining it before reading the queue deadlocks.
"""

import multiprocessing
import queue
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ch01-blocking" / "python"))
import goflags  # noqa: E402

# How long a join that should not return is given before we say it did not: a correct program
# prints "no" however long this is; only a join that wrongly returns could print "yes".
PATIENCE = 0.5


def join() -> None:
    q: queue.Queue[int] = queue.Queue()
    q.put(1)
    q.put(2)
    q.get()
    q.task_done()
    joiner = threading.Thread(target=q.join)
    joiner.start()
    joiner.join(PATIENCE)
    print("queue.Queue.join() waits until every item put has been taken and marked task_done():")
    print(f"  put 2, get 1, task_done 1: unfinished_tasks = {q.unfinished_tasks}, "
          f"join() returned: {'no' if joiner.is_alive() else 'yes'}")
    q.get()
    q.task_done()
    joiner.join(30)
    print(f"  get 1, task_done 1:        unfinished_tasks = {q.unfinished_tasks}, "
          f"join() returned: {'no' if joiner.is_alive() else 'yes'}")


counter = 0
start = threading.Barrier(2)  # both threads begin their loops together


def plain(n: int) -> None:
    global counter
    start.wait()
    for _ in range(n):
        counter += 1  # load, add, store: no call, no backward jump in between


def with_call(n: int) -> None:
    global counter
    start.wait()
    for _ in range(n):
        value = counter
        abs(value)  # a call: the eval breaker is checked here, so the GIL may change hands
        counter = value + 1


def switch(n: int, runs: int) -> None:
    global counter
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()  # 3.13+: False on a free-threaded build
    print(f"CPython {sys.version_info.major}.{sys.version_info.minor}, "
          f"the GIL {'enabled' if gil else 'disabled'}; sys.setswitchinterval(1e-06)")
    sys.setswitchinterval(1e-6)
    print(f"two threads, {n} increments each, no lock, no time.sleep(0); updates lost in each of {runs} runs:")
    for label, fn in [("counter += 1", plain), ("value = counter; abs(value); counter = value + 1", with_call)]:
        lost = []
        for _ in range(runs):
            counter = 0
            threads = [threading.Thread(target=fn, args=(n,)) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            lost.append(2 * n - counter)
        print(f"  {label + ':':<50} {' '.join(str(x) for x in lost)}")


def put_and_return(q, item: bytes, returned) -> None:
    q.put(item)  # hands the item to this process's feeder thread, and returns at once
    returned.set()


def feeder() -> None:
    print("a child puts one item on a multiprocessing.Queue, then its function returns:")
    for size, label in [(100, "100 bytes"), (1 << 20, "1 MiB")]:
        q = multiprocessing.Queue()
        returned = multiprocessing.Event()
        child = multiprocessing.Process(target=put_and_return, args=(q, b"x" * size, returned))
        child.start()
        returned.wait()  # the child's put() has returned
        child.join(PATIENCE if size > 1 << 16 else 30)
        ended = not child.is_alive()
        print(f"  {label}: join() before get(): the child {'ended' if ended else 'is still alive'}", end="")
        got = len(q.get())
        child.join(30)
        print(f"; after get() ({got} bytes) it {'has ended' if not child.is_alive() else 'is still alive'}")


def main() -> None:
    p = goflags.parser(__doc__.splitlines()[0])
    p.add_argument("experiment", choices=["join", "switch", "feeder"])
    p.add_argument("-increments", type=goflags.int_between(1, 100_000_000), default=2_000_000,
                   help="increments per thread in switch (default 2000000)")
    p.add_argument("-runs", type=goflags.int_between(1, 100), default=3, help="runs of each loop in switch (default 3)")
    args = p.parse_args()
    if args.experiment == "join":
        join()
    elif args.experiment == "switch":
        switch(args.increments, args.runs)
    else:
        feeder()


if __name__ == "__main__":  # a spawned child imports this file again: run nothing then
    main()
