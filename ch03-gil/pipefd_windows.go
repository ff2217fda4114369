package main

import "syscall"

// pipeFD is what syscall.Pipe fills in: on Windows, a handle.
type pipeFD = syscall.Handle
