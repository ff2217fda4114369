"""A spinner on a thread, stopped by an Event, while the main thread waits for the answer.

The threading version of the spinner in "Concurrency models in Python" (section 3, after
Fluent Python 2e, chapter 19), with the Go demo's flags:

    python3 ch04-spinner/python/spinner_thread.py [-slow 3s] [-tick 100ms] [-msg thinking!]
"""

import itertools
import sys
import time
from pathlib import Path
from threading import Event, Thread

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ch01-blocking" / "python"))
import goflags  # noqa: E402


def spin(msg: str, tick: float, done: Event) -> None:
    for char in itertools.cycle(r"\|/-"):
        status = f"\r{char} {msg}"
        print(status, end="", flush=True)
        if done.wait(tick):  # True: set; False: the tick passed
            break
    blanks = " " * len(status)
    print(f"\r{blanks}\r", end="")


def slow(seconds: float) -> int:
    time.sleep(seconds)  # a blocking call releases the GIL: the spinner keeps turning
    return 42


def supervisor(msg: str, tick: float, seconds: float) -> int:
    done = Event()
    spinner = Thread(target=spin, args=(msg, tick, done))
    print(f"spinner object: {spinner}")  # <Thread(Thread-1 (spin), initial)>
    try:
        spinner.start()
        result = slow(seconds)
    finally:  # Ctrl-C too, even mid-start: tell the spinner to stop; it wipes its line
        done.set()
        if spinner.is_alive():
            spinner.join()
    return result


def main() -> int:
    args = flags()
    try:
        result = supervisor(args.msg, args.tick, args.slow)
    except KeyboardInterrupt:
        print("spinner_thread.py: interrupted", file=sys.stderr)
        return 130
    print(f"Answer: {result}")
    return 0


def flags():
    p = goflags.parser(__doc__.splitlines()[0])
    p.add_argument("-msg", default="thinking!", help="the message beside the spinner")
    p.add_argument("-slow", type=goflags.duration, default=3.0, help="how long slow() takes (default 3s)")
    p.add_argument("-tick", type=goflags.positive_duration, default=0.1,
                   help="how long each frame stays (default 100ms)")
    args = p.parse_args()
    if not args.msg:
        p.error("-msg must not be empty")
    return args


if __name__ == "__main__":
    sys.exit(main())
