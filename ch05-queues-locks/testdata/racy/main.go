// Command racy is the lost-update counter written the wrong way: two goroutines increment a
// plain int with no synchronisation. In Go that is a data race. It is not undefined behaviour
// as in C: the Go memory model ("Implementation Restrictions for Programs Containing Data
// Races", https://go.dev/ref/mem) says each read of the int, a word-sized value, observes a
// value actually written to it; but which one is not said, so updates can be lost, and races
// on multiword values (strings, slices, interfaces) can tear. `go run -race` reports the race.
package main

import (
	"fmt"
	"sync"
)

func main() {
	counter := 0
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for range 1000 {
				counter++ // read, add, write: two goroutines at once (../racy.txtar shows this line number)
			}
		})
	}
	wg.Wait()
	fmt.Println("counter =", counter)
}
