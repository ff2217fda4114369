"""Three spinner threads, one Event: a single set() wakes every thread waiting on it.

The Python program that exercise 4.4 (ch04-spinner/exercises/4-port-broadcast) ports to Go,
where closing a channel is the broadcast. Each spinner draws a frame, then waits on the shared
event for at most a tick (the thread spinner's done.wait(tick)); the main thread runs the slow
function, sets the event — twice, which an Event allows — and joins the spinners. The tick is a
second and slow takes 0.3 s, so every spinner draws one frame and is woken mid-tick.

    python3 ch04-spinner/python/spinners.py
"""

import threading
import time

TICK, SLOW = 1.0, 0.3


def spin(name: str, done: threading.Event, frames: dict[str, int]) -> None:
    n = 0
    while True:
        n += 1  # draw frame n (this program only counts them)
        if done.wait(TICK):  # True as soon as done is set, even mid-tick
            break
    frames[name] = n


def slow() -> int:
    time.sleep(SLOW)
    return 42


def main() -> None:
    done = threading.Event()
    frames: dict[str, int] = {}
    spinners = [threading.Thread(target=spin, args=(f"spinner {i}", done, frames)) for i in range(3)]
    for t in spinners:
        t.start()
    answer = slow()
    set_at = time.monotonic()
    done.set()
    done.set()  # setting it again does nothing (in Go, a second close panics)
    for t in spinners:
        t.join()
    stopped_in = time.monotonic() - set_at
    print(f"answer: {answer}")
    print("frames drawn:", *(frames[name] for name in sorted(frames)))
    print(f"spinners woken by one set(): {len(frames)} of {len(spinners)}")
    print(f"every spinner stopped long before its next tick: {stopped_in < TICK / 2}")


if __name__ == "__main__":
    main()
