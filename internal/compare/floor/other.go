//go:build !linux

package floor

import (
	"errors"
	"runtime"
)

// The process and thread floors use Linux's system calls (pipe2, futex, PR_SET_PDEATHSIG);
// elsewhere they report that they cannot run, and the benchmarks that use them say so.
var errNotLinux = errors.New("floor: this floor runs on Linux only, not on " + runtime.GOOS)

// Echo is the echo child's floor; see echo_linux.go.
type Echo struct{}

// StartEcho fails outside Linux.
func StartEcho(EchoKind) (*Echo, error) { return nil, errNotLinux }

// Pid is 0 outside Linux.
func (*Echo) Pid() int { return 0 }

// RoundTrips fails outside Linux.
func (*Echo) RoundTrips(int) error { return errNotLinux }

// Close does nothing outside Linux.
func (*Echo) Close() error { return nil }

// Futex is the futex floor; see futex_linux.go.
type Futex struct{}

// NewFutex fails outside Linux.
func NewFutex() (*Futex, error) { return nil, errNotLinux }

// RoundTrips fails outside Linux.
func (*Futex) RoundTrips(int) error { return errNotLinux }

// Close does nothing outside Linux.
func (*Futex) Close() error { return nil }
