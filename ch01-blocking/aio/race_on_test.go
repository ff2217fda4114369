//go:build race

package aio

const raceEnabled = true
