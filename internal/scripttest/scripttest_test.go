package scripttest

import (
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"
)

// TestMain registers stopper, a program for the scripts in testdata/script that test this
// package's own commands.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"stopper": stopper})
}

// stopper prints "ready", waits for SIGINT or SIGTERM, and exits with the status its argument
// gives: a demo that stops as it should (130), or one that does not (1, 0), or one that ignores
// the signal ("ignore", until a 10 s deadline).
func stopper() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	fmt.Println("ready")
	if os.Args[1] == "ignore" {
		time.Sleep(10 * time.Second)
		os.Exit(0)
	}
	code, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "stopper: want an exit status or ignore")
		os.Exit(2)
	}
	<-sigs
	os.Exit(code)
}

// TestScripts runs testdata/script, which checks that signal accepts exactly the way a demo
// must stop, and refuses the ways it must not.
func TestScripts(t *testing.T) {
	p := Params()
	p.UpdateScripts = false
	testscript.Run(t, p)
}

func TestQuietRaceExit(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "atexit_sleep_ms=0",
		"halt_on_error=1":   "halt_on_error=1 atexit_sleep_ms=0",
		"atexit_sleep_ms=5": "atexit_sleep_ms=5",
	} {
		assert.Equal(t, want, quietRaceExit(in), "quietRaceExit(%q)", in)
	}
}
