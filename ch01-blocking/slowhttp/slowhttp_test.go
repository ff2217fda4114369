package slowhttp

import (
	"context"
	"errors"
	"flag"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestServerAnswersAfterItsDelay(t *testing.T) {
	s, err := Start(50 * time.Millisecond)
	require.NoError(t, err)
	defer s.Close()
	start := time.Now()
	body, err := Get(context.Background(), s.URL, 10*time.Second)
	require.NoError(t, err)
	assert.Equal(t, "answered after 50ms\n", string(body))
	assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond, "the answer may not come before the delay")
}

func TestGetTimesOutWithOneLine(t *testing.T) {
	s, err := Start(time.Hour)
	require.NoError(t, err)
	defer s.Close()
	_, err = Get(context.Background(), s.URL, 20*time.Millisecond)
	require.Error(t, err)
	assert.Equal(t, "GET "+s.URL+": no answer within 20ms", err.Error())
}

func TestGetUnreachable(t *testing.T) {
	// A port that was free a moment ago: connecting is refused at once.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	url := "http://" + ln.Addr().String() + "/"
	require.NoError(t, ln.Close())
	_, err = Get(context.Background(), url, time.Second)
	require.Error(t, err)
	assert.Equal(t, "GET "+url+": dial: connect: connection refused", err.Error())
}

func TestGetCancelledIsRecognisable(t *testing.T) {
	s, err := Start(time.Hour)
	require.NoError(t, err)
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(10*time.Millisecond, cancel)
	_, err = Get(ctx, s.URL, 0)
	assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
}

func TestCloseEndsWaitingRequests(t *testing.T) {
	s, err := Start(time.Hour)
	require.NoError(t, err)
	errc := make(chan error, 1)
	go func() { _, err := Get(context.Background(), s.URL, 0); errc <- err }()
	// Close may come before or after the request arrives; either way Get must end.
	require.NoError(t, s.Close())
	select {
	case err := <-errc:
		assert.Error(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Get still waiting after Close")
	}
}

func TestConfigCheck(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"-delay", "-1s"}, "-delay must be between 0s and 1h, not -1s"},
		{[]string{"-timeout", "-1s"}, "-timeout must be between 0s and 1h, not -1s"},
		{[]string{"-delay", "1h"}, ""},
		{[]string{"-delay", "61m"}, "-delay must be between 0s and 1h, not 1h1m"},
		{[]string{"-timeout", "1000h"}, "-timeout must be between 0s and 1h, not 1000h"},
		{[]string{"-url", "ftp://x"}, `-url "ftp://x" is not an http:// or https:// URL`},
		{[]string{"-url", "https://example.com/"}, ""},
	} {
		var c Config
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		c.Register(fs)
		require.NoError(t, fs.Parse(tc.args))
		err := c.Check()
		if tc.want == "" {
			assert.NoError(t, err, tc.args)
		} else {
			assert.EqualError(t, err, tc.want, tc.args)
		}
	}
	var c Config
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.Register(fs)
	assert.Equal(t, 2*time.Second, c.Delay, "readers get the source program's two seconds by default")
}

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
