"""A spinner in a child process, stopped by a multiprocessing Event.

The multiprocessing version of the spinner in "Concurrency models in Python" (section 3): the
thread version with Process and multiprocessing.Event in place of Thread and threading.Event.

    python3 ch04-spinner/python/spinner_proc.py [-slow 3s] [-tick 100ms] [-msg thinking!]
"""

import itertools
import signal
import sys
import time
from multiprocessing import Event, Process
from multiprocessing import synchronize
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ch01-blocking" / "python"))
import goflags  # noqa: E402


def spin(msg: str, tick: float, done: synchronize.Event) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for char in itertools.cycle(r"\|/-"):
        status = f"\r{char} {msg}"
        print(status, end="", flush=True)
        if done.wait(tick):  # an OS semaphore, shared with the parent
            break
    blanks = " " * len(status)
    print(f"\r{blanks}\r", end="", flush=True)


def slow(seconds: float) -> int:
    time.sleep(seconds)
    return 42


def supervisor(msg: str, tick: float, seconds: float) -> int:
    done = Event()
    spinner = Process(target=spin, args=(msg, tick, done))
    print(f"spinner object: {spinner}")  # <Process name='Process-1' parent=PID initial>
    try:
        spinner.start()
        result = slow(seconds)
    finally:  # Ctrl-C too, even mid-start: the child wipes its line and ends; join reaps it
        done.set()
        if spinner.is_alive():
            spinner.join()
    return result


def main() -> int:
    args = flags()
    try:
        result = supervisor(args.msg, args.tick, args.slow)
    except KeyboardInterrupt:
        print("spinner_proc.py: interrupted", file=sys.stderr)
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


if __name__ == "__main__":  # a spawned child imports this file again: start nothing then
    sys.exit(main())
