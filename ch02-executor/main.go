// Command ch02-executor shows how asyncio's run_in_executor keeps an event loop running while a
// blocking call waits on another thread — and why Go does that for every goroutine by itself.
//
//	go run ./ch02-executor            the source program: the request runs on a worker thread
//	go run ./ch02-executor future     a future's life, step by step
//	go run ./ch02-executor start      create_task waits its turn; an executor job starts at once
//	go run ./ch02-executor cpu        CPU-bound work: thread pool, process pool, goroutines
//	go run ./ch02-executor syscall    Go's own executor: blocking system calls hand off the P
//	go run ./ch02-executor go         a goroutine per blocking call, with errgroup
//	go run ./ch02-executor all -quick every demo, with short durations and small sizes
//
// The lesson is README.md beside this file.
package main

import (
	"cmp"
	"flag"
	"os"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/slowhttp"
	"github.com/concurrency-models/book/ch02-executor/executor"
	"github.com/concurrency-models/book/internal/cli"
)

// config holds the flags; demos read it after cli has parsed and checked them.
var config struct {
	request slowhttp.Config
	tick    time.Duration // the counter's sleep between lines
	rounds  int           // the size of each CPU-bound chunk, in millions of rounds
	workers int           // pool size in the cpu demo
	repeat  int           // how many times the cpu demo runs each way (the table shows the best)
}

// The largest values the flags accept: anything larger is a typo.
const (
	maxTick    = time.Hour
	maxRounds  = 10_000 // ten billion rounds: about ten seconds a chunk
	maxWorkers = 64
	maxRepeat  = 20
)

var app = &cli.App{
	Name:    "ch02-executor",
	Summary: "Chapter 2: run_in_executor, futures, thread pools and process pools.",
	Default: "executor",
	Demos: []cli.Demo{
		{Name: "executor", Summary: "the source program: the blocking request runs in the default executor", Run: executorDemo},
		{Name: "future", Summary: "a future's life: pending, then a result or an error", Run: futureDemo},
		{Name: "start", Summary: "create_task waits behind scheduled tasks; an executor job starts at once", Run: startDemo},
		{Name: "cpu", Summary: "CPU-bound chunks on a thread pool, a process pool and goroutines, timed", Run: cpuDemo},
		{Name: "syscall", Summary: "GOMAXPROCS=1: goroutines blocked in read(2) do not stop a counter", Run: syscallDemo},
		{Name: "go", Summary: "the Go way: a goroutine per blocking call, results and errors via errgroup", Run: goDemo},
	},
	All: true,
	Flags: func(fs *flag.FlagSet) {
		config.request.Register(fs)
		fs.DurationVar(&config.tick, "tick", time.Millisecond, "how long the counter sleeps before each line")
		fs.IntVar(&config.rounds, "rounds", 200, "millions of rounds in each CPU-bound chunk (cpu demo)")
		fs.IntVar(&config.workers, "workers", 4, "workers in each pool, and chunks of work (cpu demo)")
		fs.IntVar(&config.repeat, "repeat", 3, "how many times the cpu demo runs each way; the table shows the best run and the slowest one's spread")
	},
	// -quick: the whole chapter (go run ./ch02-executor all -quick) in about a second.
	Quick:   map[string]string{"delay": "100ms", "rounds": "20", "repeat": "1"},
	Check:   check,
	Workers: map[string]cli.Worker{executor.WorkerName: executor.Serve},
}

// check rejects values out of range: anything beyond the bounds is a typo.
func check() error {
	if err := config.request.Check(); err != nil {
		return cli.Usagef("%v", err)
	}
	return cmp.Or(
		cli.Between("tick", config.tick, 0, maxTick),
		cli.Between("rounds", config.rounds, 1, maxRounds),
		cli.Between("workers", config.workers, 1, maxWorkers),
		cli.Between("repeat", config.repeat, 1, maxRepeat))
}

func main() { os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr)) }
