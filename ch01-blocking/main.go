// Command ch01-blocking shows why one blocking call freezes an event loop, and why it freezes
// nothing in Go.
//
//	go run ./ch01-blocking            the source program: a blocking request stalls the counter
//	go run ./ch01-blocking sleep      time.Sleep versus the loop's sleep inside tasks
//	go run ./ch01-blocking go         the same counter and request as goroutines
//	go run ./ch01-blocking preempt    Go's own version of the bug, and the runtime's cure
//	go run ./ch01-blocking all -quick every demo, with short durations
//
// The lesson is README.md beside this file.
package main

import (
	"cmp"
	"flag"
	"os"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/slowhttp"
	"github.com/concurrency-models/book/internal/cli"
)

// config holds the flags; demos read it after cli has parsed and checked them.
var config struct {
	request slowhttp.Config
	tick    time.Duration // the counter's sleep between lines
	nap     time.Duration // each task's nap in the sleep demo
	spin    time.Duration // how long the call-free loop runs in the preempt demo
}

var app = &cli.App{
	Name:    "ch01-blocking",
	Summary: "Chapter 1: one blocking call freezes an event loop (and nothing in Go).",
	Default: "request",
	Demos: []cli.Demo{
		{Name: "request", Summary: "the source program: a blocking HTTP request inside a coroutine stalls the counter", Run: requestDemo},
		{Name: "sleep", Summary: "three tasks nap with the loop's sleep, then with time.Sleep", Run: sleepDemo},
		{Name: "go", Summary: "the counter and the request as goroutines: nothing blocks anything", Run: goDemo},
		{Name: "preempt", Summary: "GOMAXPROCS=1 and a loop without calls, with and without async preemption", Run: preemptDemo},
	},
	All: true,
	Flags: func(fs *flag.FlagSet) {
		config.request.Register(fs)
		fs.DurationVar(&config.tick, "tick", time.Millisecond, "how long the counter sleeps before each line")
		fs.DurationVar(&config.nap, "nap", 300*time.Millisecond, "how long each task naps in the sleep demo")
		fs.DurationVar(&config.spin, "spin", 500*time.Millisecond, "how long the call-free loop runs in the preempt demo")
	},
	// -quick: the whole chapter (go run ./ch01-blocking all -quick) in well under two seconds.
	Quick:   map[string]string{"delay": "100ms", "nap": "50ms", "spin": "200ms"},
	Check:   check,
	Workers: map[string]cli.Worker{"spin": spinWorker},
}

// check rejects durations out of range: anything longer than the bound is a typo.
func check() error {
	if err := config.request.Check(); err != nil {
		return cli.Usagef("%v", err)
	}
	return cmp.Or(
		cli.Between("tick", config.tick, 0, time.Hour),
		cli.Between("nap", config.nap, 0, time.Minute),
		cli.Between("spin", config.spin, minSpin, time.Minute))
}

func main() { os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr)) }
