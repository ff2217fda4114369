package floor

// Why a floor: a round trip between two goroutines over two unbuffered channels is two
// handoffs and nothing else — no queue, no future, no result slot. Any handoff from one
// goroutine to another and back (a goroutine worker taking a job and posting its result, a
// loop woken from another goroutine) makes at least these two handoffs.

// Channel is two goroutines ping-ponging over unbuffered channels.
type Channel struct {
	ping, pong chan struct{}
}

// NewChannel starts the partner goroutine.
func NewChannel() *Channel {
	c := &Channel{ping: make(chan struct{}), pong: make(chan struct{})}
	go func() {
		for range c.ping {
			c.pong <- struct{}{}
		}
		close(c.pong)
	}()
	return c
}

// RoundTrips sends n pings and waits for each pong.
func (c *Channel) RoundTrips(n int) error {
	for range n {
		c.ping <- struct{}{}
		<-c.pong
	}
	return nil
}

// Close stops the partner goroutine and waits for it.
func (c *Channel) Close() error {
	close(c.ping)
	for range c.pong {
	}
	return nil
}
