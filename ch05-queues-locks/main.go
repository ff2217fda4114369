// Command ch05-queues-locks makes the seeds' queues, locks and contention runnable: queues of
// each discipline for goroutines, processes and the event loop; lost updates and the mutex that
// prevents them; lock and CPU contention measured; and worker pools, stopped three ways.
//
//	go run ./ch05-queues-locks             FIFO, LIFO and priority queues; the loop's queue; a pipe
//	go run ./ch05-queues-locks race        lost updates between "threads", the mutex, the event loop
//	go run ./ch05-queues-locks contention  lock contention and CPU contention, measured
//	go run ./ch05-queues-locks pool        a prime checker: sequential, goroutine pool, process pool
//	go run ./ch05-queues-locks stop        stopping workers: poison pill, closed channel, context
//
// The lesson is README.md beside this file.
package main

import (
	"flag"
	"os"

	"github.com/concurrency-models/book/ch02-executor/executor"
	"github.com/concurrency-models/book/internal/cli"
)

// config holds the flags; demos read it after cli has parsed and checked them.
var config struct {
	increments int // per thread, in the race demo
	workers    int // in the pool demo
	small      bool
}

var app = &cli.App{
	Name:    "ch05-queues-locks",
	Summary: "Chapter 5: queues, locks, races, contention and worker pools.",
	Default: "queues",
	Demos: []cli.Demo{
		{Name: "queues", Summary: "FIFO, LIFO and priority orders; a producer and consumer on the loop; a queue to a process", Run: queuesDemo},
		{Name: "race", Summary: "lost updates when threads switch between read and write; the mutex; the event loop", Run: raceDemo},
		{Name: "contention", Summary: "time lost waiting for one mutex, and for too few cores", Run: contentionDemo},
		{Name: "pool", Summary: "checking large numbers for primes: sequentially, with goroutines, with processes", Run: poolDemo},
		{Name: "stop", Summary: "stopping workers three ways; errors and panics travel back with the results", Run: stopDemo},
	},
	All: true,
	Flags: func(fs *flag.FlagSet) {
		fs.IntVar(&config.increments, "increments", 1000, "increments per thread in the race demo")
		fs.IntVar(&config.workers, "workers", 4, "workers in the pool demo")
		fs.BoolVar(&config.small, "small", false, "small sizes for a quick run: smaller numbers in the pool demo, fewer rounds in the contention demo")
	},
	Check: func() error {
		if config.increments < 1 || config.increments > 1_000_000 {
			return cli.Usagef("-increments must be between 1 and 1000000")
		}
		if config.workers < 1 || config.workers > 64 {
			return cli.Usagef("-workers must be between 1 and 64")
		}
		return nil
	},
	Workers: map[string]cli.Worker{executor.WorkerName: executor.Serve},
}

func main() { os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr)) }
