package cli

import (
	"os"

	"github.com/concurrency-models/book/internal/cli/early"
)

// This test binary runs its tests with the signals' default action, as before package early,
// and with no goroutine of early's for goleak to find; run again as the program
// (CLI_TEST_PROGRAM), it keeps early's handler, as a chapter program does.
func init() {
	if os.Getenv("CLI_TEST_PROGRAM") == "" {
		early.Stop()
	}
}
