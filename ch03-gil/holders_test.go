package main

import (
	"os"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/ch03-gil/gil"

	"github.com/concurrency-models/book/internal/testdeadline"
)

// The lesson's scenario: C blocks in recv() for 8ms, A and B compute for 25ms, in steps of
// 300µs. The steps never end on a multiple of the 5ms interval, so no step ends at the very
// instant a waiting thread's timer fires, and the run is the same every time.
const (
	holdersIO    = 8 * time.Millisecond
	holdersUntil = 25 * time.Millisecond
	holdersStep  = 300 * time.Microsecond
)

var holdersNames = map[string]string{"A": "CPU thread A", "B": "CPU thread B", "C": "I/O thread C"}

// holdersEvents runs the lesson's scenario in virtual time.
func holdersEvents(t *testing.T) []gil.Event {
	var ev []gil.Event
	synctest.Test(t, func(t *testing.T) {
		ev = holdersRun(holdersIO, holdersUntil, gil.StepCost(holdersStep))
	})
	return ev
}

// The rules of package gil, and of CPython's take_gil, seen in one run: a thread asks only
// after waiting a whole interval during which the GIL did not change hands; the holder lets go
// at its next step; a thread that waited through a change of hands (A from 10.1ms, B from
// 10.2ms) starts counting again.
func TestHoldersTimeline(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	got := timeline(holdersEvents(t))
	want := "0 ms C, 0 ms A, 5.1 ms B, 10.2 ms C, 10.5 ms A, 20.4 ms B, 25.2 ms A"
	assert.Equal(t, want, got, "timeline")
}

// diagramMarker is the comment above the lesson's diagram; the fenced mermaid block after it
// must be what mermaidHolders draws from the run. UPDATE_GOLDEN=1 rewrites it.
const diagramMarker = "<!-- drawn by TestLessonGILDiagram from a run of package gil -->"

func TestLessonGILDiagram(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	want := mermaidHolders(holdersEvents(t), gil.DefaultSwitchInterval, holdersNames)
	data, err := os.ReadFile("README.md")
	require.NoError(t, err)
	lesson := string(data)
	require.Containsf(t, lesson, diagramMarker+"\n```mermaid\n", "README.md: no %q followed by a mermaid block", diagramMarker)
	i := strings.Index(lesson, diagramMarker+"\n```mermaid\n")
	start := i + len(diagramMarker+"\n```mermaid\n")
	require.Contains(t, lesson[start:], "```\n", "README.md: the diagram's block is not closed")
	end := strings.Index(lesson[start:], "```\n")
	got := lesson[start : start+end]
	if os.Getenv("UPDATE_GOLDEN") != "" {
		require.NoError(t, os.WriteFile("README.md", []byte(lesson[:start]+want+lesson[start+end:]), 0o644))
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("README.md: the GIL diagram, against what the simulator logged (-want +got):\n%s", diff)
	}
}
