// Command ch04-spinner is the hello world of concurrency: a spinner that animates while a slow
// function computes the answer, written four ways — with a thread, a process, a coroutine, and
// a goroutine — plus the experiment in which one blocking sleep hides the spinner completely.
//
//	go run ./ch04-spinner                  a Thread and an Event (the default)
//	go run ./ch04-spinner process          a child process, told to stop through a pipe
//	go run ./ch04-spinner async            a task on the event loop, cancelled at the end
//	go run ./ch04-spinner async-blocking   the same, with a blocking sleep: no spinner at all
//	go run ./ch04-spinner go               a goroutine and a context, as Go would write it
//	go run ./ch04-spinner all -quick       all five, a quarter second each
//
// The lesson is README.md beside this file.
package main

import (
	"cmp"
	"flag"
	"os"
	"time"

	"github.com/concurrency-models/book/internal/cli"
)

// config holds the flags; demos read it after cli has parsed and checked them.
var config struct {
	slow time.Duration // how long slow() takes to find the answer
	tick time.Duration // how long each frame stays
	msg  string
}

// The bounds of the flags. A tick under a millisecond would only flood the terminal (a
// thousand frames a second is already far more than any screen shows); an hour is enough
// for any wait a reader wants to watch or interrupt.
const (
	minTick = time.Millisecond
	maxTick = time.Hour
	maxSlow = time.Hour
	maxMsg  = 60 // columns, and characters: the message, its frame and its blank-out must fit on one line, or \r cannot reach it
)

// The short durations -quick sets, unless -slow or -tick is given too: five frames in a
// quarter second per demo, so that "all -quick" runs the whole chapter in about 1.3 s.
const (
	quickSlow = 250 * time.Millisecond
	quickTick = 50 * time.Millisecond
)

var app = &cli.App{
	Name:    "ch04-spinner",
	Summary: "Chapter 4: a spinner with a thread, a process, a coroutine and a goroutine.",
	Default: "thread",
	Demos: []cli.Demo{
		{Name: "thread", Summary: "a Thread draws the frames until an Event is set", Run: drawnBy("spinner", threadDemo)},
		{Name: "process", Summary: "a child process draws them until a pipe is closed", Run: drawnBy("spinner process", processDemo)},
		{Name: "async", Summary: "a task on the event loop draws them until it is cancelled", Run: asyncDemo},
		{Name: "async-blocking", Summary: "the same with time.Sleep in slow(): the spinner never runs", Run: asyncBlockingDemo},
		{Name: "go", Summary: "a goroutine draws them until its context is cancelled", Run: drawnBy("spinner", goDemo)},
	},
	All: true,
	Flags: func(fs *flag.FlagSet) {
		fs.DurationVar(&config.slow, "slow", 3*time.Second, "how long slow() takes to find the answer")
		fs.DurationVar(&config.tick, "tick", 100*time.Millisecond, "how long each frame of the spinner stays")
		fs.StringVar(&config.msg, "msg", "thinking!", "the message beside the spinner")
	},
	Quick:   map[string]string{"slow": quickSlow.String(), "tick": quickTick.String()},
	Check:   check,
	Workers: map[string]cli.Worker{"spin": spinWorker},
}

// check validates the flags.
func check() error {
	return cmp.Or(
		cli.Between("slow", config.slow, 0, maxSlow),
		cli.Between("tick", config.tick, minTick, maxTick),
		checkMsg(config.msg))
}

func main() { os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr)) }
