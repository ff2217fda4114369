"""The article's experiment: spinner_async.py with time.sleep in slow(). The spinner never runs.

Everything but slow() is spinner_async.py's; this file swaps in a slow() that blocks:

    python3 ch04-spinner/python/spinner_async_blocking.py [-slow 3s] [-tick 100ms] [-msg thinking!]
"""

import sys
import time

import spinner_async


async def slow(seconds: float) -> int:
    time.sleep(seconds)  # no await: the loop, and the spinner's task, wait the whole time
    return 42


if __name__ == "__main__":
    spinner_async.slow = slow  # supervisor() looks slow up when it runs
    sys.exit(spinner_async.main())
