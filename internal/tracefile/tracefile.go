// Package tracefile reads the runtime/trace files the demos write with -trace, with the parser
// of golang.org/x/exp/trace (the public copy of the one `go tool trace` uses), so tests can check
// that a trace holds the book's tasks and regions ("Task-2 running", "GIL held", "job 3").
package tracefile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"golang.org/x/exp/trace"
)

// EachEvent reads the trace file and calls each with every event, in order.
func EachEvent(file string, each func(trace.Event)) error {
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

// Names returns the names of the trace's user tasks and regions, each sorted and without
// repeats.
func Names(file string) (tasks, regions []string, err error) {
	err = EachEvent(file, func(ev trace.Event) {
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
