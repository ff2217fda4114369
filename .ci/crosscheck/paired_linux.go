package main

// The process pool against a floor of this command's own: a one-byte echo child over two
// pipes, measured paired with the pool in one process.

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
	"unsafe"
)

// echoArg is the hidden argument that makes this program the echo child.
const echoArg = "__crosscheck-echo"

// echoChild is the child's side: it reads one byte from standard input and writes it back to
// standard output, until end of file. Blocking read(2) and write(2), no buffering, nothing
// of the book: the least a round trip to another process can cost.
func echoChild() int {
	var b [1]byte
	for {
		n, err := syscall.Read(0, b[:])
		if err == syscall.EINTR {
			continue
		}
		if n == 0 || err != nil {
			return 0
		}
		if _, err := syscall.Write(1, b[:]); err != nil {
			return 1
		}
	}
}

// echo is the parent's side of an echo child: a pipe to its standard input and one from its
// standard output, both blocking, so that the parent sleeps in read(2) as the pool's caller
// does (the pool's pipes block too).
type echo struct {
	cmd  *exec.Cmd
	w, r int // to the child, from it
}

func startEcho() (*echo, error) {
	var toChild, fromChild [2]int
	if err := syscall.Pipe2(toChild[:], syscall.O_CLOEXEC); err != nil {
		return nil, err
	}
	if err := syscall.Pipe2(fromChild[:], syscall.O_CLOEXEC); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	stdin, stdout := os.NewFile(uintptr(toChild[0]), "echo stdin"), os.NewFile(uintptr(fromChild[1]), "echo stdout")
	cmd := exec.Command(self, echoArg)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	err = cmd.Start()
	stdin.Close() // the child's ends, now the child's alone
	stdout.Close()
	if err != nil {
		syscall.Close(toChild[1])
		syscall.Close(fromChild[0])
		return nil, err
	}
	e := &echo{cmd: cmd, w: toChild[1], r: fromChild[0]}
	return e, e.trips(1)
}

// trips makes n round trips of one byte each.
func (e *echo) trips(n int) error {
	b := []byte{'x'}
	for range n {
		if _, err := syscall.Write(e.w, b); err != nil {
			return err
		}
		for {
			m, err := syscall.Read(e.r, b)
			if err == syscall.EINTR {
				continue
			}
			if err != nil {
				return err
			}
			if m != 1 {
				return errors.New("the echo child closed its pipe")
			}
			break
		}
	}
	return nil
}

// close ends the child (end of file on its standard input) and reaps it.
func (e *echo) close() error {
	syscall.Close(e.w)
	err := e.cmd.Wait()
	syscall.Close(e.r)
	return err
}

// childCPU is the CPU time process pid has used so far, in nanoseconds: its process CPU clock
// (clock_gettime(2) with the clock id glibc's clock_getcpuclockid makes: CPUCLOCK_SCHED of
// the process, every thread of it, live or ended).
func childCPU(pid int) (int64, error) {
	id := (^int32(pid))<<3 | 2
	var ts syscall.Timespec
	_, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, uintptr(id), uintptr(unsafe.Pointer(&ts)), 0)
	if errno != 0 {
		return 0, fmt.Errorf("the CPU clock of process %d: %v", pid, errno)
	}
	return ts.Nano(), nil
}

// pairedBatch is how many calls or round trips a batch of the paired measurement makes.
const pairedBatch = 32

// pairedPoolEcho measures a started one-worker pool and an echo child in alternating batches
// (pool first in even pairs, echo first in odd ones) until twice budget is spent, and returns
// the pool's median time per call over the echo's, and its CPU time per call (the parent's
// and the worker's) over the echo's (the parent's and the child's).
func pairedPoolEcho(budget time.Duration) (timeRatio, cpuRatio, poolNs, echoNs float64, err error) {
	p, err := startPool()
	if err != nil {
		return 0, 0, 0, 0, err
	}
	defer p.Close()
	e, err := startEcho()
	if err != nil {
		return 0, 0, 0, 0, err
	}
	defer e.close()
	worker := p.PIDs()[0]
	sides := []struct {
		pid  int
		run  func() error
		per  []float64
		cpu  int64
		runs int
	}{
		{pid: worker, run: func() error { return poolCalls(p, pairedBatch) }},
		{pid: e.cmd.Process.Pid, run: func() error { return e.trips(pairedBatch) }},
	}
	start := time.Now()
	for i := 0; i < 2*minBatches || time.Since(start) < 2*budget; i++ {
		for j := range 2 {
			s := &sides[(i+j)%2]
			self0, _ := processCPU()
			child0, err := childCPU(s.pid)
			if err != nil {
				return 0, 0, 0, 0, err
			}
			t0 := time.Now()
			if err := s.run(); err != nil {
				return 0, 0, 0, 0, err
			}
			dt := time.Since(t0)
			self1, _ := processCPU()
			child1, err := childCPU(s.pid)
			if err != nil {
				return 0, 0, 0, 0, err
			}
			s.per = append(s.per, float64(dt.Nanoseconds())/pairedBatch)
			s.cpu += self1 - self0 + child1 - child0
			s.runs++
		}
	}
	poolNs, echoNs = median(sides[0].per), median(sides[1].per)
	poolCPU := float64(sides[0].cpu) / float64(sides[0].runs*pairedBatch)
	echoCPU := float64(sides[1].cpu) / float64(sides[1].runs*pairedBatch)
	if echoNs <= 0 || echoCPU <= 0 {
		return 0, 0, 0, 0, errors.New("the echo floor measured zero")
	}
	return poolNs / echoNs, poolCPU / echoCPU, poolNs, echoNs, nil
}
