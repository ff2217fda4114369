// Package floor holds the floors that docs/benchmarks.md reads the book's figures against: the
// cheapest way this machine knows to make the same trip — between two goroutines, two OS
// threads, two processes — written with nothing but the standard library and the system
// calls.
//
// A floor shares no code with what it bounds: it imports nothing from the book (a test checks
// the imports), so a figure's distance from its floor is what the book's own code adds, and a
// floor cannot get faster or slower because the code under test changed. Each floor lives in
// a file of its own, whose comment says why it is a floor.
//
// Every floor is a Trip: RoundTrips(n) makes n round trips, so that a benchmark can alternate
// batches of the figure and of its floor in one process (measured paired) as well as time the
// floor alone (measured apart).
package floor

// A Trip is a floor, ready to run: RoundTrips makes n round trips and Close releases what it
// holds (goroutines, threads, a child process).
type Trip interface {
	RoundTrips(n int) error
	Close() error
}
