// Command ch05-queues-locks makes runnable the queues, locks and contention of the article
// "Concurrency models in Python" (§1 and §2): queues of each discipline for goroutines,
// processes and the event loop; lost updates and the mutex that prevents them; lock and CPU
// contention measured; and worker pools, stopped three ways.
//
//	go run ./ch05-queues-locks             FIFO, LIFO and priority queues; the loop's queue; a round trip to a process
//	go run ./ch05-queues-locks race        lost updates between "threads", the mutex, the event loop
//	go run ./ch05-queues-locks contention  lock contention and CPU contention, measured
//	go run ./ch05-queues-locks pool        a prime checker: sequential, goroutine pool, process pool
//	go run ./ch05-queues-locks stop        stopping workers: poison pill, closed channel, context
//	go run ./ch05-queues-locks all -quick  every demo, with small sizes, in a second or two
//
// The lesson is README.md beside this file.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/concurrency-models/book/ch02-executor/executor"
	"github.com/concurrency-models/book/internal/cli"
)

// config holds the flags; demos read it after cli has parsed and checked them.
var config struct {
	increments int     // per thread, in the race demo
	workers    int     // in the pool demo
	numbers    []int64 // to check in the pool demo, if given
	quick      bool    // small sizes everywhere (-small, which -quick sets)
	repeat     int     // how many times the pool and contention demos run each measurement
}

// maxNumbers bounds the length of -numbers.
const maxNumbers = 64

// numberList is the -numbers flag: whole numbers separated by commas.
type numberList []int64

func (l *numberList) String() string {
	var parts []string
	for _, n := range *l {
		parts = append(parts, strconv.FormatInt(n, 10))
	}
	return strings.Join(parts, ",")
}

func (l *numberList) Set(s string) error {
	var ns []int64
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
		if err != nil || n < 2 || n > maxNumber {
			return fmt.Errorf("%q is not a whole number from 2 to %d", f, int64(maxNumber))
		}
		ns = append(ns, n)
	}
	if len(ns) > maxNumbers {
		return fmt.Errorf("%d numbers, at most %d", len(ns), maxNumbers)
	}
	*l = ns
	return nil
}

var app = &cli.App{
	Name:    "ch05-queues-locks",
	Summary: "Chapter 5: queues, locks, races, contention and worker pools.",
	Default: "queues",
	Demos: []cli.Demo{
		{Name: "queues", Summary: "FIFO, LIFO and priority orders; a producer and consumer on the loop; a round trip to a process", Run: queuesDemo},
		{Name: "race", Summary: "lost updates when threads switch between read and write; the mutex; the event loop", Run: raceDemo},
		{Name: "contention", Summary: "time lost waiting for one mutex, and for too few cores", Run: contentionDemo},
		{Name: "pool", Summary: "checking large numbers for primes: sequentially, with goroutines, with processes", Run: poolDemo},
		{Name: "stop", Summary: "stopping workers three ways; errors and panics travel back with the results", Run: stopDemo},
	},
	All: true,
	Flags: func(fs *flag.FlagSet) {
		fs.IntVar(&config.increments, "increments", 1000, "increments per thread in the race demo (at most 1000000)")
		fs.IntVar(&config.workers, "workers", 4, "workers in the pool demo (at most 64)")
		config.numbers = nil
		fs.Var((*numberList)(&config.numbers), "numbers", fmt.Sprintf("a comma-separated `list` of numbers for the pool demo to check, each from 2 to 2^62 (at most %d numbers)", maxNumbers))
		fs.BoolVar(&config.quick, "small", false, "small sizes: smaller numbers in the pool demo, fewer rounds in the contention demo")
		fs.IntVar(&config.repeat, "repeat", 3, "how many times the pool and contention demos run each measurement; the tables show the best run and the slowest one's spread (at most 20)")
	},
	// -quick: every demo in a second or two (go run ./ch05-queues-locks all -quick).
	Quick: map[string]string{"small": "true", "repeat": "1"},
	Check: func() error {
		return cmp.Or(
			cli.Between("increments", config.increments, 1, 1_000_000),
			cli.Between("workers", config.workers, 1, 64),
			cli.Between("repeat", config.repeat, 1, 20))
	},
	Workers: map[string]cli.Worker{executor.WorkerName: executor.Serve},
}

func main() { os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr)) }
