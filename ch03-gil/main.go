// Command ch03-gil makes CPython's Global Interpreter Lock visible: a simulated GIL, timed
// against processes and goroutines, and Go's own scheduler explained in the same terms.
//
//	go run ./ch03-gil             CPU-bound work: sequential, GIL threads, processes, native code, goroutines
//	go run ./ch03-gil io          I/O-bound threads overlap fine under the GIL
//	go run ./ch03-gil convoy      an I/O thread beside a CPU-bound one waits a switch interval
//	go run ./ch03-gil parallel    200 tasks on 4 cores: concurrency versus parallelism
//	go run ./ch03-gil sched       Go's Ps as per-core GILs: GOMAXPROCS=1, preemption, syscall hand-off
//	go run ./ch03-gil all -quick  every demo, with short values, in a second or two
//
// The lesson is README.md beside this file.
package main

import (
	"cmp"
	"flag"
	"os"
	"time"

	"github.com/concurrency-models/book/ch02-executor/executor"
	"github.com/concurrency-models/book/ch03-gil/gil"
	"github.com/concurrency-models/book/internal/cli"
)

// config holds the flags; demos read it after cli has parsed and checked them.
var config struct {
	work     int           // millions of rounds in each unit of CPU-bound work
	units    int           // units of work in the cpu and sched demos
	nap      time.Duration // each I/O wait in the io and convoy demos
	interval time.Duration // the switch interval, where a demo does not vary it
	trips    int           // the I/O thread's round trips in the convoy demo
	repeat   int           // how many times each measurement is repeated (the best is shown)
}

// minNap is the shortest -nap. Below it the io demo's waits are lost in its own overheads, so
// its verdict is wrong, and the convoy demo's waits, a tenth of -nap, fall under a millisecond;
// at 0 the convoy's table is all zeros.
const minNap = 10 * time.Millisecond

// check rejects values beyond the flags' bounds, where a run would take hours or say nothing.
func check() error {
	return cmp.Or(
		cli.Between("work", config.work, 1, 10_000),
		cli.Between("units", config.units, 1, 64),
		cli.Between("trips", config.trips, 1, 10_000),
		cli.Between("repeat", config.repeat, 1, 20),
		cli.Between("nap", config.nap, minNap, 10*time.Second),
		cli.Between("interval", config.interval, time.Microsecond, time.Second))
}

var app = &cli.App{
	Name:    "ch03-gil",
	Summary: "Chapter 3: the GIL, simulated and measured; concurrency versus parallelism.",
	Default: "cpu",
	Demos: []cli.Demo{
		{Name: "cpu", Summary: "CPU-bound units with 1, 2 and 4 workers: GIL threads, processes, native code, goroutines", Run: pictured(cpuDemo)},
		{Name: "io", Summary: "four I/O-bound threads under the GIL overlap their waits", Run: pictured(ioDemo)},
		{Name: "convoy", Summary: "an I/O-bound thread beside a CPU-bound one, for three switch intervals", Run: pictured(convoyDemo)},
		{Name: "parallel", Summary: "200 tasks on 4 cores: how many in flight, how many running at once", Run: pictured(parallelDemo)},
		{Name: "sched", Summary: "Go's scheduler in GIL terms: GOMAXPROCS=1, sysmon's preemption, the P hand-off", Run: pictured(schedDemo)},
	},
	All: true,
	Flags: func(fs *flag.FlagSet) {
		fs.IntVar(&config.work, "work", 100, "millions of rounds in each unit of CPU-bound work")
		fs.IntVar(&config.units, "units", 4, "units of CPU-bound work (cpu and sched demos)")
		fs.DurationVar(&config.nap, "nap", 100*time.Millisecond, "each I/O wait (io demo; the convoy demo uses a tenth)")
		fs.IntVar(&config.trips, "trips", 20, "the I/O-bound thread's round trips (convoy demo)")
		fs.DurationVar(&config.interval, "interval", gil.DefaultSwitchInterval, "the switch interval (io and cpu demos)")
		fs.IntVar(&config.repeat, "repeat", 3, "how many times each measurement runs; the tables show the best (cpu and sched demos)")
	},
	// -quick: every flag not given gets a short value, for a tour in a second or two.
	Quick: map[string]string{"work": "2", "nap": "20ms", "trips": "3", "repeat": "1"},
	Check: check,
	Workers: map[string]cli.Worker{
		executor.WorkerName: executor.Serve,
		"gorun":             goRunWorker,
		"late":              lateWorker,
		"handoff":           handoffWorker,
		"spin":              spinWorker,
	},
}

func main() { os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr)) }
