"""One blocking call inside a coroutine freezes the whole event loop.

The program of "asyncio part 4", section 1, runnable: a counter task ticks on the loop while
main makes a blocking HTTP request (urllib, from the standard library) to a local server that
answers after -delay. The counter cannot tick until the request is over.

    python3 ch01-blocking/python/blocking_request.py [-delay 2s] [-tick 1ms] [-url URL]
"""

import asyncio
import sys
import urllib.request

import goflags
import slowserver


async def counter(tick: float) -> None:
    print("started counter")
    for i in range(5):
        await asyncio.sleep(tick)  # (3): hand the loop back for a tick
        print(f"i is {i}")  # (6)


def fetch(url: str, timeout: float) -> None:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()


async def main(url: str, tick: float, timeout: float) -> None:
    task = asyncio.create_task(counter(tick))  # (1): scheduled, not yet running
    await asyncio.sleep(0)  # (2): let the counter start
    print("started http request")
    fetch(url, timeout)  # (4): no await: blocks the loop and every task
    print("ended http request")
    await task  # (5): only now can the counter resume. Debug mode names this line, 36


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
        print("blocking_request.py: interrupted", file=sys.stderr)
        return 130
    except OSError as e:  # URLError, a timeout, a refused connection
        print(f"blocking_request.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(run())
