package executor

import (
	"fmt"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/timeline"
)

// Option configures a ThreadPool.
type Option func(rec **timeline.Recorder)

// Record makes a ThreadPool report to rec which worker thread runs which job: a row per worker
// ("thread 1" is the first to take a job), running "job N" (jobs numbered in the order they
// start) or waiting for a job. A ProcessPool reports to the recorder of the context it is made
// with ("process 1", "process 2", ...), and a loop's default pool to the loop's recorder.
func Record(rec *timeline.Recorder) Option { return func(r **timeline.Recorder) { *r = rec } }

// observeStart names the calling worker on its first job and marks the job's start. It is
// called with p.mu held.
func (p *ThreadPool) observeStart(name *string) {
	if p.rec == nil {
		return
	}
	if *name == "" {
		p.threads++
		*name = fmt.Sprintf("thread %d", p.threads)
	}
	p.jobSeq++
	p.rec.Running(*name, fmt.Sprintf("job %d", p.jobSeq))
}

// loopRecorder is the recorder of the loop a default pool serves.
func loopRecorder(loop *aio.Loop) Option { return Record(loop.Recorder()) }
