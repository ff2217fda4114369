"""The blocking request handed to a worker thread with run_in_executor: the loop runs on.

The program of "asyncio part 4", section 2: chapter 1's program, with the request moved into a
plain function that the loop's default executor (a thread pool) runs.

    python3 ch02-executor/python/executor.py [-delay 2s] [-tick 1ms] [-url URL]
"""

import asyncio
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ch01-blocking" / "python"))
import goflags  # noqa: E402
import slowserver  # noqa: E402
from blocking_request import counter  # noqa: E402  (chapter 1's counter, unchanged)


def send_request(url: str, timeout: float) -> None:
    print("started http request")
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()
    print("ended http request")


async def main(url: str, tick: float, timeout: float) -> None:
    task = asyncio.create_task(counter(tick))
    await asyncio.sleep(0)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, send_request, url, timeout)  # None: the default thread pool
    await task


def run() -> int:
    p = goflags.parser(__doc__.splitlines()[0])
    p.add_argument("-delay", type=goflags.duration, default=2.0,
                   help="how long the local server takes to answer (default 2s)")
    p.add_argument("-tick", type=goflags.duration, default=0.001,
                   help="how long the counter sleeps before each line (default 1ms)")
    p.add_argument("-timeout", type=goflags.positive_duration, default=10.0,
                   help="give up on a request after this long (default 10s)")
    p.add_argument("-url", help="fetch this URL instead of the local server (uses the network)")
    args = p.parse_args()
    if args.url is None:  # the server thread dies with the program
        args.url = slowserver.start(args.delay).url
    try:
        asyncio.run(main(args.url, args.tick, args.timeout))
    except KeyboardInterrupt:
        print("executor.py: interrupted", file=sys.stderr)
        return 130
    except OSError as e:  # raised on the worker thread, delivered through the future
        print(f"executor.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(run())
