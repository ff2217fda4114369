"""A producer, three workers and a collector, joined by two queues, stopped by sentinels.

The Python program that exercise 5.4 (ch05-queues-locks/exercises/4-port-pipeline) ports to
Go, where close(channel) is the sentinel. The producer puts 1 to 10 on a bounded job queue,
then one None per worker; each worker squares numbers until it takes a None, then puts a None
on the result queue to say it is done; the collector reads results until it has counted a None
from every worker.

    python3 ch05-queues-locks/python/pipeline.py
"""

import queue
import threading

N, WORKERS = 10, 3


def produce(jobs: queue.Queue) -> None:
    for i in range(1, N + 1):
        jobs.put(i)  # blocks while the queue is full: the workers set the pace
    for _ in range(WORKERS):
        jobs.put(None)  # one sentinel per worker: each takes exactly one and stops


def work(jobs: queue.Queue, results: queue.Queue) -> None:
    while (item := jobs.get()) is not None:
        results.put(item * item)
    results.put(None)  # this worker is done


def main() -> None:
    jobs: queue.Queue = queue.Queue(maxsize=4)
    results: queue.Queue = queue.Queue()
    threads = [threading.Thread(target=produce, args=(jobs,))]
    threads += [threading.Thread(target=work, args=(jobs, results)) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    squares, done = [], 0
    while done < WORKERS:  # fan-in: results from every worker, until each has said it is done
        r = results.get()
        if r is None:
            done += 1
        else:
            squares.append(r)
    for t in threads:
        t.join()
    print("squares:", *sorted(squares))  # sorted: the workers finish in any order
    print("sum:", sum(squares))
    print(f"sentinels: {WORKERS} in, {done} out; threads still alive: {sum(t.is_alive() for t in threads)}")


if __name__ == "__main__":
    main()
