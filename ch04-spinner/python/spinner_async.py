"""A spinner as an asyncio task, stopped by cancelling it.

The asyncio version of the spinner in "Concurrency models in Python" (section 3): one thread,
no Event; the supervisor cancels the spinner's task when the answer is ready.

    python3 ch04-spinner/python/spinner_async.py [-slow 3s] [-tick 100ms] [-msg thinking!]
"""

import asyncio
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ch01-blocking" / "python"))
import goflags  # noqa: E402


async def spin(msg: str, tick: float) -> None:
    for char in itertools.cycle(r"\|/-"):
        status = f"\r{char} {msg}"
        print(status, end="", flush=True)
        try:
            await asyncio.sleep(tick)
        except asyncio.CancelledError:  # cancel() raises it at the await
            break
    blanks = " " * len(status)
    print(f"\r{blanks}\r", end="")


async def slow(seconds: float) -> int:
    await asyncio.sleep(seconds)  # hands the loop to the spinner
    return 42


async def supervisor(msg: str, tick: float, seconds: float) -> int:
    spinner = asyncio.create_task(spin(msg, tick))
    print(f"spinner object: {spinner}")  # <Task pending name='Task-2' coro=<spin() running at ...>>
    result = await slow(seconds)
    spinner.cancel()
    return result


def main() -> int:
    args = flags()
    try:
        # On Ctrl-C, asyncio.run cancels the supervisor, then every task left: the spinner too,
        # which wipes its line.
        result = asyncio.run(supervisor(args.msg, args.tick, args.slow))
    except KeyboardInterrupt:
        print(f"{Path(sys.argv[0]).name}: interrupted", file=sys.stderr)
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
