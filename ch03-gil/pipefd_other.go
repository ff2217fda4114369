//go:build !windows

package main

// pipeFD is what syscall.Pipe fills in: a file descriptor.
type pipeFD = int
