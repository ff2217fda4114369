package main

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/exp/trace"

	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/concurrency-models/book/internal/tracefile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handOff is what the lesson reads off the syscall demo's trace in go tool trace.
type handOff struct {
	readers     map[trace.GoID]trace.ThreadID // goroutine -> the thread it entered read(2) on
	ticks       int                           // the counter's tick regions
	tickProcs   map[trace.ProcID]bool         // the Ps the ticks ran on
	tickThreads map[trace.ThreadID]bool       // the threads the ticks ran on
	minBlocked  int                           // the fewest goroutines in a syscall at a tick
	handOffs    int                           // system calls after which their P stopped ("proc stop")
}

// readHandOff follows every goroutine's state through the trace and notes, at each of the
// counter's "tick N" regions, where the tick runs and how many goroutines sit in a syscall.
func readHandOff(t *testing.T, file string) handOff {
	t.Helper()
	h := handOff{readers: map[trace.GoID]trace.ThreadID{}, tickProcs: map[trace.ProcID]bool{}, tickThreads: map[trace.ThreadID]bool{}, minBlocked: -1}
	inSyscall := map[trace.GoID]trace.ThreadID{} // goroutine -> its thread, while in a syscall
	entered := map[trace.ProcID]bool{}           // a goroutine entered a syscall on this P, which has not changed state since
	err := tracefile.EachEvent(file, func(ev trace.Event) {
		switch ev.Kind() {
		case trace.EventStateTransition:
			st := ev.StateTransition()
			if st.Resource.Kind == trace.ResourceProc {
				p := st.Resource.Proc()
				if _, to := st.Proc(); to == trace.ProcIdle && entered[p] {
					h.handOffs++ // the P left the thread blocked in the kernel
				}
				delete(entered, p)
				return
			}
			if st.Resource.Kind != trace.ResourceGoroutine {
				return
			}
			g := st.Resource.Goroutine()
			from, to := st.Goroutine()
			switch {
			case to == trace.GoSyscall:
				inSyscall[g] = ev.Thread()
				entered[ev.Proc()] = true
			case from == trace.GoSyscall:
				delete(inSyscall, g)
				delete(entered, ev.Proc()) // back before its P was taken
			default:
				delete(inSyscall, g)
			}
		case trace.EventRegionBegin:
			if !strings.HasPrefix(ev.Region().Type, "tick ") {
				return
			}
			h.ticks++
			h.tickProcs[ev.Proc()] = true
			h.tickThreads[ev.Thread()] = true
			if n := len(inSyscall); h.minBlocked < 0 || n < h.minBlocked {
				h.minBlocked = n
			}
			if h.ticks == 1 { // the goroutines blocked now are the readers
				for g, m := range inSyscall {
					h.readers[g] = m
				}
			}
		}
	})
	require.NoError(t, err)
	return h
}

// The lesson's walk through go tool trace, checked: with one P, four goroutines sit in read(2)
// through all five ticks, each on a thread of its own, and the counter's ticks run on the one
// P, on a thread none of the readers holds: each reader's thread handed its P off when it
// entered the kernel (the P's "proc stop" right after the reader's syscall began).
func TestSyscallTraceShowsTheHandOff(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if testing.Short() {
		t.Skip("runs the syscall demo with a trace")
	}
	file := filepath.Join(t.TempDir(), "syscall.trace")
	var out strings.Builder
	code := app.MainContext(t.Context(), []string{"syscall", "-trace", file}, &out, &out)
	require.Zerof(t, code, "syscall -trace %s: exit status; output:\n%s", file, out.String())
	h := readHandOff(t, file)
	assert.Equal(t, 5, h.ticks, "tick regions")
	assert.GreaterOrEqual(t, h.minBlocked, 4, "the fewest goroutines in a syscall at a tick, want at least 4 (the readers)")
	assert.Len(t, h.tickProcs, 1, "the Ps the ticks ran on, want one (GOMAXPROCS=1)")
	assert.GreaterOrEqual(t, len(h.readers), 4, "readers in read(2) at the first tick")
	threads := map[trace.ThreadID]bool{}
	for g, m := range h.readers {
		assert.Falsef(t, h.tickThreads[m], "a tick ran on thread %v, which goroutine %v was blocked in read(2) on", m, g)
		threads[m] = true
	}
	assert.GreaterOrEqual(t, h.handOffs, 4, "system calls after which their P stopped, want at least 4 (the readers')")
	assert.Lenf(t, threads, len(h.readers), "the threads %d readers blocked in read(2) on, want a thread each", len(h.readers))
}
