package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The sleep demo's verdicts read the order of the tasks' lines: before must tell the two
// orders apart, and say no when a line is missing.
func TestBefore(t *testing.T) {
	overlapped := "task 1 naps\ntask 2 naps\ntask 1 wakes\ntask 2 wakes\n"
	inTurn := "task 1 naps\ntask 1 wakes\ntask 2 naps\ntask 2 wakes\n"
	assert.True(t, before(overlapped, "task 2 naps", "task 1 wakes"))
	assert.False(t, before(inTurn, "task 2 naps", "task 1 wakes"))
	assert.True(t, before(inTurn, "task 1 wakes", "task 2 naps"))
	assert.False(t, before(overlapped, "task 1 wakes", "task 2 naps"))
	assert.False(t, before("task 1 wakes\n", "task 2 naps", "task 1 wakes"), "a missing line")
	assert.False(t, before("task 12 naps\ntask 1 wakes\n", "task 1 naps", "task 1 wakes"), "another task's line")
}
