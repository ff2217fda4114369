//go:build !linux

package main

import (
	"errors"
	"time"
)

const echoArg = "__crosscheck-echo"

func echoChild() int { return 2 }

// pairedPoolEcho needs Linux: pipe2(2) and a process's CPU clock.
func pairedPoolEcho(time.Duration) (timeRatio, cpuRatio, poolNs, echoNs float64, err error) {
	return 0, 0, 0, 0, errors.New("the echo floor is measured on Linux only")
}
