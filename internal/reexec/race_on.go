//go:build race

package reexec

// raceEnabled reports whether this program was built with -race.
const raceEnabled = true
