//go:build !unix

package executor

import "os"

// blockingPipe is os.Pipe where blocking descriptors are not to be had this way.
func blockingPipe() (r, w *os.File, err error) { return os.Pipe() }
