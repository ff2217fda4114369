// Command ch01-demo is a program the lesson lint's tests ask for its usage: two demos, a
// duration flag and a bool flag.
package main

import (
	"context"
	"flag"
	"io"
	"os"
	"time"

	"github.com/concurrency-models/book/internal/cli"
)

var delay time.Duration
var quick bool

var app = &cli.App{
	Name:    "ch01-demo",
	Default: "hello",
	Demos: []cli.Demo{
		{Name: "hello", Summary: "says hello", Run: func(context.Context, io.Writer) error { return nil }},
		{Name: "bye", Summary: "says bye", Run: func(context.Context, io.Writer) error { return nil }},
	},
	Flags: func(fs *flag.FlagSet) {
		fs.DurationVar(&delay, "delay", time.Second, "how long to wait")
		fs.BoolVar(&quick, "quick", false, "short durations")
	},
}

func main() { os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr)) }
