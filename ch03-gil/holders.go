package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concurrency-models/book/ch03-gil/gil"
)

// The lesson's picture of who holds the GIL is drawn from a run of package gil, not by hand:
// holdersRun plays the scenario and mermaidHolders draws what the interpreter logged.

// holdersRun runs two CPU-bound threads, A and B, beside an I/O-bound thread C that blocks in
// recv() for io and then handles what it received in one step. A and B run steps until `until`
// has passed. C starts first, so it holds the GIL to make its call and lets go at once; A then
// starts, holding the GIL, and B starts last, waiting for it. The starts are ordered causally,
// so the log begins the same way on every run. The interpreter is made with opts and
// gil.Record, and its log is returned.
func holdersRun(io, until time.Duration, opts ...gil.Option) []gil.Event {
	in := gil.New(append(opts, gil.Record())...)
	start := time.Now()
	cpu := func(started chan<- struct{}) func(*gil.Thread) {
		return func(t *gil.Thread) {
			close(started) // holding the GIL, or (B) after its first wait
			for time.Since(start) < until {
				t.Step(nil)
			}
		}
	}
	blocked := make(chan struct{})
	in.Go("C", func(t *gil.Thread) {
		t.Blocking(func() {
			close(blocked)
			time.Sleep(io) // recv()
		})
		t.Step(nil)
	})
	<-blocked
	aHolds := make(chan struct{})
	in.Go("A", cpu(aHolds))
	<-aHolds
	in.Go("B", cpu(make(chan struct{})))
	in.Wait()
	return in.Events()
}

// ms formats d in milliseconds, to a tenth.
func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Round(100*time.Microsecond))/1e6, 'f', -1, 64) + " ms"
}

// timeline lists who took the GIL, and when: "0 ms C, 0 ms A, 5.1 ms B".
func timeline(events []gil.Event) string {
	var parts []string
	for _, e := range gil.Holders(events) {
		parts = append(parts, ms(e.At)+" "+e.Thread)
	}
	return strings.Join(parts, ", ")
}

// mermaidHolders draws a log as a Mermaid sequence diagram: one lifeline per thread, named by
// names (thread name to description), a note for each wait, request and release, and an arrow
// each time the GIL passes from one thread to another.
func mermaidHolders(events []gil.Event, interval time.Duration, names map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "sequenceDiagram\n")
	var lifelines []string
	for _, e := range events { // lifelines in order of first appearance
		if !slices.Contains(lifelines, e.Thread) {
			lifelines = append(lifelines, e.Thread)
			fmt.Fprintf(&b, "    participant %s as %s\n", e.Thread, names[e.Thread])
		}
	}
	// The heading is a note across every lifeline, not a title: Mermaid starts a title at the
	// diagram's middle, so a long one runs off its right edge.
	if len(lifelines) > 0 {
		fmt.Fprintf(&b, "    Note over %s,%s: Who holds the GIL (switch interval %v):<br/>%s\n",
			lifelines[0], lifelines[len(lifelines)-1], interval, timeline(events))
	}
	var holder, last string // who holds the GIL now; who held it last
	for _, e := range events {
		at := ms(e.At)
		switch e.Kind {
		case gil.Wait:
			fmt.Fprintf(&b, "    Note over %s: %s: waits for the GIL\n", e.Thread, at)
		case gil.Ask:
			fmt.Fprintf(&b, "    %s-->>%s: %s: waited a whole interval, asks for the GIL\n", e.Thread, holder, at)
		case gil.Take:
			if last != "" && last != e.Thread {
				fmt.Fprintf(&b, "    %s->>%s: %s: the GIL passes to %s\n", last, e.Thread, at, e.Thread)
			} else {
				fmt.Fprintf(&b, "    Note over %s: %s: takes the free GIL\n", e.Thread, at)
			}
			holder, last = e.Thread, e.Thread
		case gil.Drop:
			fmt.Fprintf(&b, "    Note over %s: %s: sees the request at its next step, lets go\n", e.Thread, at)
			holder = ""
		case gil.Block:
			fmt.Fprintf(&b, "    Note over %s: %s: lets go for a blocking call\n", e.Thread, at)
			holder = ""
		case gil.Native:
			fmt.Fprintf(&b, "    Note over %s: %s: lets go for native code\n", e.Thread, at)
			holder = ""
		case gil.Exit:
			fmt.Fprintf(&b, "    Note over %s: %s: finishes, lets go\n", e.Thread, at)
			holder = ""
		}
	}
	return b.String()
}
