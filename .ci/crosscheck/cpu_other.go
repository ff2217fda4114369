//go:build !unix

package main

// processCPU has no getrusage(2) to read here: the CPU figures are zero.
func processCPU() (int64, bool) { return 0, false }
