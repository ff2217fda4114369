package main

import "syscall"

// pipeFD is what syscall.Pipe makes on Windows: a handle, which syscall.Read blocks on as
// read(2) does on Unix.
type pipeFD = syscall.Handle
