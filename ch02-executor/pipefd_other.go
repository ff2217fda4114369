//go:build !windows

package main

// pipeFD is what syscall.Pipe makes: a file descriptor.
type pipeFD = int
