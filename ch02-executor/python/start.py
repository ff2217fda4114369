"""create_task waits behind the running task; run_in_executor starts at once, on another thread.

    python3 ch02-executor/python/start.py

Every line's place follows from who waits for whom: main blocks (holding the loop, on purpose)
until the job says it has started, and the job waits for task C before it ends.
"""

import asyncio
import sys
import threading


async def task(name: str, ran: threading.Event | None = None) -> None:
    print(f"task {name} runs")
    if ran is not None:
        ran.set()


def job(started: threading.Event, c_ran: threading.Event) -> str:
    print("job: started on a worker thread, while main still holds the loop")
    started.set()
    c_ran.wait()
    print("job: done")
    return "the job's result"


async def main() -> None:
    started, c_ran = threading.Event(), threading.Event()
    tasks = [asyncio.create_task(task("A")), asyncio.create_task(task("B")),
             asyncio.create_task(task("C", c_ran))]
    print("main: created tasks A, B and C; none has run")
    print("main: hands a job to the executor")
    fut = asyncio.get_running_loop().run_in_executor(None, job, started, c_ran)
    started.wait()  # blocks the loop: the job needed no help from it to start
    print("main: awaits the job")
    res = await fut
    print(f'main: the await returns "{res}"')
    await asyncio.gather(*tasks)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
