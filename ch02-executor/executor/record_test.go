package executor

import (
	"slices"
	"testing"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/concurrency-models/book/internal/timeline"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A loop's default pool reports to the loop's recorder: a row per worker thread, named in the
// order the threads take their first job, running "job N". On a virtual clock the workers read
// the loop's time while it runs (run with -race: they must not race with the loop's clock).
func TestDefaultPoolRecordsItsJobs(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, opts := range [][]aio.Option{nil, {aio.Virtual()}} {
		rec := timeline.New()
		err := aio.Main(func(co *aio.Co) error {
			var futs []*aio.Future[int]
			for i := range 3 {
				futs = append(futs, RunInExecutor(co, nil, func() (int, error) {
					time.Sleep(time.Millisecond)
					return i, nil
				}))
			}
			for _, f := range futs {
				if _, err := aio.Await(co, f); err != nil {
					return err
				}
			}
			return co.Sleep(time.Millisecond) // the virtual clock jumps while no job runs
		}, append(opts, aio.Record(rec))...)
		require.NoError(t, err)
		var jobs []string
		for _, e := range rec.Close() {
			if e.Kind == timeline.Running && len(e.Unit) > 7 && e.Unit[:7] == "thread " {
				jobs = append(jobs, e.What)
			}
		}
		slices.Sort(jobs)
		if d := cmp.Diff([]string{"job 1", "job 2", "job 3"}, jobs); d != "" {
			t.Errorf("aio.Run(%d options): the jobs the threads ran (-want +got):\n%s", len(opts), d)
		}
	}
}

// The virtual clock jumps the moment the last job has released its hold, while the worker that
// ran it records that it waits for the next: the worker reads the clock as the loop moves it.
// (Run with -race; before the loop kept a copy of its clock for the recorder, this raced.)
func TestVirtualClockJumpsWhileAWorkerRecords(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	rec := timeline.New()
	err := aio.Main(func(co *aio.Co) error {
		for range 200 {
			RunInExecutor(co, nil, func() (aio.None, error) { return aio.None{}, nil })
			if err := co.Sleep(time.Millisecond); err != nil { // jumps once the job is done
				return err
			}
		}
		return nil
	}, aio.Virtual(), aio.Record(rec))
	require.NoError(t, err)
	events := rec.Close()
	first, last := events[0], events[len(events)-1]
	assert.Equalf(t, "loop", first.Unit, "first event %+v: want the loop's", first)
	assert.Equalf(t, "loop", last.Unit, "last event %+v: want the loop's", last)
	assert.Equalf(t, 200*time.Millisecond, last.At-first.At, "first event %+v, last %+v: want 200ms of virtual time apart", first, last)
}

// A virtual loop lends the recorder its clock only while it runs: what the program records
// afterwards, in real time, is timed by the recorder's own clock again.
func TestVirtualLoopGivesTheClockBack(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	rec := timeline.New()
	err := aio.Main(func(co *aio.Co) error {
		return co.Sleep(time.Hour) // an hour of virtual time, at once
	}, aio.Virtual(), aio.Record(rec))
	require.NoError(t, err)
	last := rec.Events()[len(rec.Events())-1]
	assert.Equalf(t, "loop", last.Unit, "last event %+v: want the loop done after its virtual hour", last)
	assert.Equalf(t, timeline.Done, last.Kind, "last event %+v: want the loop done after its virtual hour", last)
	assert.GreaterOrEqualf(t, last.At, time.Hour, "last event %+v: want the loop done after its virtual hour", last)
	assert.Less(t, rec.End(), time.Hour, "after the loop, the recorder's clock: want its own real time")
}
