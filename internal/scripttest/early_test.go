package scripttest

import "github.com/concurrency-models/book/internal/cli/early"

// This test binary, and the stopper program it runs as, handle their signals themselves: the
// stopper stands for a demo's own handling, not package cli's.
func init() { early.Stop() }
