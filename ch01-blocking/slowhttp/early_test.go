package slowhttp

import "github.com/concurrency-models/book/internal/cli/early"

// This package imports package cli, and so early's handler; its test binary is no chapter
// program: it gives the signals back (early.Stop), so that goleak finds no goroutine of early's.
func init() { early.Stop() }
