"""Three requests at once, each with a time limit: asyncio.gather over asyncio.wait_for.

The Python program that exercise 1.4 (ch01-blocking/exercises/4-port-wait-for) ports to Go
with goroutines and context.WithTimeout, and no event loop. Each "request" is a sleep; the
limit is half a second, so one of the three times out and is cancelled, and the caller's own
cancellation of a fourth is not a timeout.

    python3 ch01-blocking/python/wait_for_gather.py
"""

import asyncio

LIMIT = 0.5  # seconds each request may take


async def fetch(name: str, seconds: float) -> str:
    try:
        await asyncio.sleep(seconds)  # stands in for the network
    except asyncio.CancelledError:
        print(f"{name}: cancelled")  # wait_for cancels it at the limit
        raise
    print(f"{name}: done")
    return f"{name} after {seconds}s"


async def fetch_within(name: str, seconds: float) -> str:
    try:
        return await asyncio.wait_for(fetch(name, seconds), LIMIT)
    except TimeoutError:
        return f"{name} timed out"


async def main() -> None:
    # All three at once: they end in the order c, a, b (cut at the limit). One after another,
    # it would be a, b, c.
    results = await asyncio.gather(fetch_within("a", 0.3), fetch_within("b", 0.9), fetch_within("c", 0.1))
    for result in results:  # in the order asked, not the order finished
        print(result)

    # The caller's own cancellation is not a timeout: wait_for passes it on as CancelledError.
    task = asyncio.create_task(fetch_within("d", 0.9))
    await asyncio.sleep(0.1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("d: the caller cancelled it, which is not a timeout")


if __name__ == "__main__":
    asyncio.run(main())
