package scripttest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"

	"github.com/concurrency-models/book/internal/testdeadline"
)

// TestDeadlineStopsAHangingScript runs a script whose demo hangs (testdata/hang) with Params'
// deadline cut to three seconds: the script must fail within seconds, with the demo's output and
// the command that hung, not wait for the demo (ten seconds here, for ever for a real hang) nor
// for go test's 10-minute timeout. The scripts run under a stand-in for testing.T (fakeT), so
// that the inner failure is this test's to inspect, not a failure of this test.
func TestDeadlineStopsAHangingScript(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer func(d time.Duration) { scriptsDeadline = d }(scriptsDeadline)
	scriptsDeadline = 3 * time.Second
	p := Params()
	p.Dir = "testdata/hang"
	p.UpdateScripts = false

	ft := &fakeT{}
	start := time.Now()
	// The stopper ends by itself after 10 s: a run without the deadline fails here, at 8 s.
	testdeadline.Within(t, 8*time.Second, "testdata/hang with a 3 s deadline", func() {
		testscript.RunT(ft, p)
	})
	took := time.Since(start)

	log := ft.String()
	assert.True(t, ft.Failed(), "the hanging script passed; its log:\n%s", log)
	assert.Less(t, took, 6*time.Second, "the script took %v to fail with a 3 s deadline", took)
	for _, want := range []string{
		"> exec stopper ignore", // the command that hung
		"ready",                 // what the demo printed before it hung
		"SIGQUIT",               // testscript's first signal at the deadline: the demo's stacks follow
	} {
		assert.Contains(t, log, want, "the failed script's log")
	}
}

// fakeT runs testscript's scripts as a testing.T would, one after another, but records their
// log and failure instead of failing the test that runs them.
type fakeT struct {
	mu     sync.Mutex
	log    strings.Builder
	failed bool
}

var _ testscript.T = (*fakeT)(nil)

// errFailNow unwinds a script that failed, as runtime.Goexit does a test's goroutine.
var errFailNow = errors.New("script failed")

func (t *fakeT) Run(name string, f func(testscript.T)) {
	t.Log("=== RUN " + name)
	defer func() {
		if r := recover(); r != nil && r != errFailNow {
			panic(r)
		}
	}()
	f(t)
}

func (t *fakeT) Log(args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintln(&t.log, args...)
}

func (t *fakeT) Fatal(args ...any) {
	t.Log(args...)
	t.FailNow()
}

func (t *fakeT) FailNow() {
	t.mu.Lock()
	t.failed = true
	t.mu.Unlock()
	panic(errFailNow)
}

func (t *fakeT) Skip(args ...any) {
	t.Log(append([]any{"SKIP:"}, args...)...)
	panic(errFailNow)
}

func (t *fakeT) Parallel()     {}
func (t *fakeT) Verbose() bool { return true }

func (t *fakeT) Failed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.failed
}

func (t *fakeT) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.log.String()
}
