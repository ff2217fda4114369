"""The GIL protects the interpreter, not your data: four threads lose updates to one counter.

    python3 ch03-gil/python/lost_update.py

Each thread reads n, makes a call, and writes back what it read plus one, 200,000 times. The
GIL keeps the interpreter's own state sound, but it can pass to another thread at the call,
between the read and the write: the thread then writes back a stale value, and every update
the others made meanwhile is lost. (In the default build the interpreter switches threads only
where it checks its eval breaker: since 3.10, at function entry, backward jumps and calls. A
plain n += 1 has no call in it, and on 3.11 seldom loses an update; that is luck, not a
guarantee, and a free-threaded build switches anywhere.) Chapter 5 adds the lock.
"""

import threading

n = 0


def add(times: int) -> None:
    global n
    for _ in range(times):
        v = n  # read...
        abs(v)  # ...a call, where the GIL may pass to another thread...
        n = v + 1  # ...and write back a value that may be stale by now


def main() -> None:
    threads = [threading.Thread(target=add, args=(200_000,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"4 threads added 200,000 each: n = {n:,} of 800,000")


if __name__ == "__main__":
    main()
