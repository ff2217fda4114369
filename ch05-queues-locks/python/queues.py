"""FIFO, LIFO and priority queues; asyncio.Queue between two tasks; a round trip to another process.

    python3 ch05-queues-locks/python/queues.py
"""

import asyncio
import multiprocessing
import queue
import sys
from multiprocessing.reduction import ForkingPickler

JOBS = [(3, "write report"), (1, "fix outage"), (2, "review PR"), (1, "page on-call"), (3, "tidy desk")]


def describe(jobs) -> str:
    return ", ".join(f"{prio} {name}" for prio, name in jobs)


def disciplines() -> None:
    print("put in this order:", describe(JOBS))
    for name, q in [("FIFO (queue.Queue)", queue.Queue()),
                    ("LIFO (queue.LifoQueue)", queue.LifoQueue()),
                    ("priority (queue.PriorityQueue)", queue.PriorityQueue())]:
        for seq, (prio, job) in enumerate(JOBS):
            # (priority, sequence, job): the sequence number breaks ties between equal
            # priorities in arrival order, and is never beaten by comparing the jobs themselves.
            q.put((prio, seq, job) if isinstance(q, queue.PriorityQueue) else (prio, job))
        got = []
        while not q.empty():
            item = q.get()
            got.append((item[0], item[-1]))
        print(f"{name + ':':<31} {describe(got)}")


async def producer_consumer() -> None:
    q: asyncio.Queue[int] = asyncio.Queue(maxsize=2)

    async def producer() -> None:
        for i in range(5):
            if q.full():
                print(f"  producer: queue full, waits to put {i}")
            await q.put(i)  # suspends only while the queue is full
            print(f"  producer: put {i}")

    async def consumer() -> None:
        for _ in range(5):
            if q.empty():
                print("  consumer: queue empty, waits")
            v = await q.get()  # suspends only while the queue is empty
            print(f"  consumer: got {v}")

    prod, cons = asyncio.create_task(producer()), asyncio.create_task(consumer())
    await prod
    await cons


def shout(inbox: multiprocessing.Queue, outbox: multiprocessing.Queue) -> None:
    while (msg := inbox.get()) is not None:  # None: the poison pill
        outbox.put(msg.upper() + "!")


def to_a_process() -> None:
    inbox, outbox = multiprocessing.Queue(), multiprocessing.Queue()
    child = multiprocessing.Process(target=shout, args=(inbox, outbox))
    child.start()
    for msg in ["hello", "queue"]:
        inbox.put(msg)  # pickled, then written to a pipe by the queue's feeder thread
        reply = outbox.get()
        # What crosses the pipe: the pickle, after the 4-byte length that Connection.send_bytes
        # writes before it.
        sent, received = 4 + len(ForkingPickler.dumps(msg)), 4 + len(ForkingPickler.dumps(reply))
        print(f'sent "{msg}" as {sent} bytes, received "{reply}" as {received} bytes')
    inbox.put(None)
    child.join()
    print("(pickle sends every message whole, so each costs the same; each count is the pickle and the 4-byte length before it on the pipe)")


if __name__ == "__main__":
    disciplines()
    print("\nasyncio.Queue(maxsize=2) on the event loop, a producer and a consumer:")
    asyncio.run(producer_consumer())
    print("\na round trip to another process: each message is pickled, piped to the worker and unpickled; the answer comes back the same way")
    to_a_process()
    sys.exit(0)
