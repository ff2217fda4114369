"""A future's life: pending while the job runs, then done with a result or an exception.

    python3 ch02-executor/python/future.py

The job waits for main's go-ahead, so the first future is certainly pending when it is printed.
A future's repr lists its callbacks too (cb=[...]); this program prints only its state.
"""

import asyncio
import re
import sys
import threading


def state(fut: asyncio.Future) -> str:
    return re.sub(r" cb=\[.*\]", "", repr(fut))  # drop the callbacks the executor attached


def answer(go_ahead: threading.Event) -> int:
    go_ahead.wait()
    return 42


def not_ready() -> int:
    raise ValueError("the answer is not ready")


def buggy() -> int:
    return [][0]  # a bug: IndexError


async def main() -> None:
    loop = asyncio.get_running_loop()
    go_ahead = threading.Event()
    fut = loop.run_in_executor(None, answer, go_ahead)
    print(f"submitted:   {state(fut)} (done: {fut.done()})")
    go_ahead.set()
    v = await fut
    print(f"awaited:     {state(fut)} (done: {fut.done()})")
    print(f"await gives: {v}")

    failing = loop.run_in_executor(None, not_ready)
    print(f"submitted:   {state(failing)}")
    try:
        await failing
    except ValueError as e:
        print(f"awaited:     {state(failing)}")
        print(f'await gives: error "{e}"')

    bug = loop.run_in_executor(None, buggy)
    try:
        await bug
    except IndexError as e:
        print(f"a bug:       {state(bug)}")
        print(f"await gives: {type(e).__name__}: {e}; the loop is still running")


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
