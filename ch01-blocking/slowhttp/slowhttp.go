// Package slowhttp is the book's stand-in for a slow web site: an HTTP server on the loopback
// interface that answers every request after a delay, and a blocking GET to go with it.
//
// The source articles' programs fetch a real page that takes about two seconds. The book never touches
// the internet by default, so its demos start this server instead; a flag may point them at a
// real URL, with a timeout.
package slowhttp

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/concurrency-models/book/internal/cli"
)

// Server answers every request after Delay with a short text body.
type Server struct {
	URL   string // http://127.0.0.1:PORT/
	Delay time.Duration
	srv   *http.Server
	done  chan struct{}

	mu      sync.Mutex
	waiting int // requests waiting for their answer now
	most    int // the most that ever waited at once
}

// MostWaiting returns the most requests that were ever waiting for their answers at the same
// time: 3 after three requests that overlapped, 1 after three made one after another. Unlike a
// duration, a busy machine cannot make it look better or worse than it was, short of holding a
// request back for a whole Delay.
func (s *Server) MostWaiting() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.most
}

// Start serves on a free loopback port until Close.
func Start(delay time.Duration) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{URL: "http://" + ln.Addr().String() + "/", Delay: delay, done: make(chan struct{})}
	s.srv = &http.Server{Handler: http.HandlerFunc(s.serve), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.waiting++
	s.most = max(s.most, s.waiting)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.waiting--
		s.mu.Unlock()
	}()
	t := time.NewTimer(s.Delay)
	defer t.Stop()
	select {
	case <-t.C:
		fmt.Fprintf(w, "answered after %v\n", s.Delay)
	case <-r.Context().Done():
	}
}

// Close stops the server at once, ending any request still waiting, and waits for it to stop.
func (s *Server) Close() error {
	err := s.srv.Close()
	<-s.done
	return err
}

// Get fetches url with a plain, blocking HTTP GET — the kind of call a Python program makes
// with requests.get — reads the whole body and returns it. It gives up after timeout (0 means
// no limit) or when ctx is done. Its errors are one line.
func Get(ctx context.Context, url string, timeout time.Duration) ([]byte, error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, oneLine(ctx, url, timeout, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, oneLine(ctx, url, timeout, err)
	}
	if resp.StatusCode != http.StatusOK {
		return body, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return body, nil
}

// oneLine turns the http client's nested errors into a sentence a reader can act on, keeping
// context.Canceled visible to errors.Is so that Ctrl-C is still recognised.
func oneLine(ctx context.Context, url string, timeout time.Duration, err error) error {
	switch {
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("GET %s: %w", url, context.Canceled)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("GET %s: no answer within %v", url, timeout)
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return fmt.Errorf("GET %s: %s: %v", url, op.Op, op.Err)
	}
	return fmt.Errorf("GET %s: %v", url, err)
}

// Config holds the request flags that chapters 1 and 2 share.
type Config struct {
	Delay   time.Duration // how long the local server takes to answer
	URL     string        // a real URL to fetch instead of the local server
	Timeout time.Duration // how long a request may take
}

// Register adds -delay, -url and -timeout to fs, with the readers' defaults.
func (c *Config) Register(fs *flag.FlagSet) {
	fs.DurationVar(&c.Delay, "delay", 2*time.Second, "how long the embedded local server takes to answer")
	fs.StringVar(&c.URL, "url", "", "fetch this URL instead of the embedded local server (uses the network)")
	fs.DurationVar(&c.Timeout, "timeout", 10*time.Second, "give up on a request after this long")
}

// MaxDuration bounds -delay and -timeout: a demo that waits longer than an hour is a typo.
const MaxDuration = time.Hour

// Check reports a bad value as an error a reader understands.
func (c *Config) Check() error {
	if err := cmp.Or(
		cli.Between("delay", c.Delay, 0, MaxDuration),
		cli.Between("timeout", c.Timeout, 0, MaxDuration)); err != nil {
		return err
	}
	switch {
	case c.URL != "":
		u, err := url.Parse(c.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("-url %q is not an http:// or https:// URL", c.URL)
		}
	}
	return nil
}

// Open returns the URL to fetch: c.URL if set, or else that of a local server it starts, which
// the returned stop function shuts down.
func (c *Config) Open() (url string, stop func(), err error) {
	if c.URL != "" {
		return c.URL, func() {}, nil
	}
	s, err := Start(c.Delay)
	if err != nil {
		return "", nil, err
	}
	return s.URL, func() { _ = s.Close() }, nil
}

// Fetcher returns a blocking request for the demos: a plain GET of url that returns only its
// error.
func Fetcher(url string, timeout time.Duration) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := Get(ctx, url, timeout)
		return err
	}
}
