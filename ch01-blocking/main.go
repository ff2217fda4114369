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
	quick   bool          // short values for every duration, for a whole-chapter tour
}

// quickValues are what -quick sets the flags to, unless they are given too: the whole chapter
// (go run ./ch01-blocking all -quick) then runs in well under two seconds.
var quickValues = map[string]string{"delay": "100ms", "nap": "50ms", "spin": "200ms"}

// flags is the flag set being parsed, so that Check can tell which flags were given.
var flags *flag.FlagSet

// durationLimits are the largest values the duration flags accept: anything longer is a typo.
var durationLimits = map[string]time.Duration{"tick": time.Hour, "nap": time.Minute, "spin": time.Minute}

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
		flags = fs
		config.request.Register(fs)
		fs.DurationVar(&config.tick, "tick", time.Millisecond, "how long the counter sleeps before each line")
		fs.DurationVar(&config.nap, "nap", 300*time.Millisecond, "how long each task naps in the sleep demo")
		fs.DurationVar(&config.spin, "spin", 500*time.Millisecond, "how long the call-free loop runs in the preempt demo")
		fs.BoolVar(&config.quick, "quick", false, "short durations for a quick tour: -delay 100ms -nap 50ms -spin 200ms (flags given as well win)")
	},
	Check:   check,
	Workers: map[string]cli.Worker{"spin": spinWorker},
}

// check applies -quick and rejects durations out of range.
func check() error {
	if config.quick {
		given := map[string]bool{}
		flags.Visit(func(f *flag.Flag) { given[f.Name] = true })
		for name, v := range quickValues {
			if !given[name] {
				if err := flags.Set(name, v); err != nil {
					return err
				}
			}
		}
	}
	if err := config.request.Check(); err != nil {
		return cli.Usagef("%v", err)
	}
	for _, f := range []struct {
		name string
		d    time.Duration
	}{{"tick", config.tick}, {"nap", config.nap}, {"spin", config.spin}} {
		name, d := f.name, f.d
		if err := cli.NonNegative(name, d); err != nil {
			return err
		}
		if d > durationLimits[name] {
			return cli.Usagef("-%s must be at most %v", name, durationLimits[name])
		}
	}
	return nil
}

func main() { os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr)) }
