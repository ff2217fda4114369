package scripttest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/exp/trace"
)

// EachTraceEvent reads a runtime/trace file (as written by a demo's -trace flag) with the trace
// parser of golang.org/x/exp/trace, the public copy of the one go tool trace uses, and calls
// each with every event, in order.
func EachTraceEvent(file string, each func(trace.Event)) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := trace.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %v", file, err)
	}
	for {
		ev, err := r.ReadEvent()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %v", file, err)
		}
		each(ev)
	}
}

// TraceNames reads a runtime/trace file and returns the names of its user tasks and regions,
// each sorted and without repeats.
func TraceNames(file string) (tasks, regions []string, err error) {
	err = EachTraceEvent(file, func(ev trace.Event) {
		switch ev.Kind() {
		case trace.EventTaskBegin:
			tasks = append(tasks, ev.Task().Type)
		case trace.EventRegionBegin:
			regions = append(regions, ev.Region().Type)
		}
	})
	if err != nil {
		return nil, nil, err
	}
	slices.Sort(tasks)
	slices.Sort(regions)
	return slices.Compact(tasks), slices.Compact(regions), nil
}

// cmdTraceNames is the script command "tracenames FILE": it parses the trace and prints its
// user tasks ("task NAME") and regions ("region NAME"), one a line, for cmp to check.
func cmdTraceNames(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: tracenames FILE")
	}
	tasks, regions, err := TraceNames(ts.MkAbs(args[0]))
	if neg {
		if err == nil {
			ts.Fatalf("%s parsed as a trace", args[0])
		}
		return
	}
	ts.Check(err)
	var b strings.Builder
	for _, t := range tasks {
		fmt.Fprintf(&b, "task %s\n", t)
	}
	for _, r := range regions {
		fmt.Fprintf(&b, "region %s\n", r)
	}
	_, _ = io.WriteString(ts.Stdout(), b.String())
}
