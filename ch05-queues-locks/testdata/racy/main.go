// Command racy is the lost-update counter written the wrong way: two goroutines increment a
// plain int with no synchronisation. In Go that is a data race — undefined behaviour, not just
// a wrong count — and `go run -race` reports it.
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
				counter++ // read, add, write: two goroutines at once
			}
		})
	}
	wg.Wait()
	fmt.Println("counter =", counter)
}
