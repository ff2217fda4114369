package scripttest

import (
	"fmt"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"go.uber.org/goleak"
)

// NoLeaks wraps m so that, after the tests pass, the binary fails if any goroutine is left
// running (go.uber.org/goleak), as goleak.VerifyTestMain does. Pass it to Main:
//
//	func TestMain(m *testing.M) { scripttest.Main(scripttest.NoLeaks(m), app) }
func NoLeaks(m *testing.M, opts ...goleak.Option) testscript.TestingM {
	return noLeaks{m, opts}
}

type noLeaks struct {
	m    *testing.M
	opts []goleak.Option
}

func (n noLeaks) Run() int {
	code := n.m.Run()
	if code != 0 {
		return code
	}
	if err := goleak.Find(n.opts...); err != nil {
		fmt.Fprintf(os.Stderr, "goleak: goroutines left after the tests passed: %v\n", err)
		return 1
	}
	return 0
}
