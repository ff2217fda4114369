package executor

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFramesRoundTrip(t *testing.T) {
	long := bytes.Repeat([]byte{7}, 300) // a length that takes two bytes as a uvarint
	var b []byte
	b = appendCall(b, false, "square", []byte{1, 2, 3})
	b = appendCall(b, true, "", long)
	b = append(b, kindPing)
	b = appendFrame(b, kindErr, []byte("boom"))
	r := bufio.NewReader(bytes.NewReader(b))

	kind, body, err := readFrame(r, nil)
	require.NoError(t, err)
	assert.Equal(t, byte(kindCall), kind)
	name, arg, err := splitCall(body)
	require.NoError(t, err)
	assert.Equal(t, "square", name)
	assert.Equal(t, []byte{1, 2, 3}, arg)

	kind, body, err = readFrame(r, body)
	require.NoError(t, err)
	assert.Equal(t, byte(kindCallReset), kind)
	name, arg, err = splitCall(body)
	require.NoError(t, err)
	assert.Equal(t, "", name)
	assert.Equal(t, long, arg)

	kind, _, err = readFrame(r, body)
	require.NoError(t, err)
	assert.Equal(t, byte(kindPing), kind)

	kind, body, err = readFrame(r, body)
	require.NoError(t, err)
	assert.Equal(t, byte(kindErr), kind)
	assert.Equal(t, "boom", string(body))

	_, _, err = readFrame(r, body)
	assert.Equal(t, io.EOF, err, "the stream ended between frames")
}

// A stream cut or garbled inside a frame is an error, never a panic, a huge allocation or a
// clean end.
func TestGarbledFramesAreErrors(t *testing.T) {
	whole := appendCall(nil, false, "square", []byte{1, 2, 3})
	for name, in := range map[string][]byte{
		"cut after the kind":      whole[:1],
		"cut inside the body":     whole[:len(whole)-1],
		"a body of two gigabytes": appendFrameLen(kindResult, 2<<30),
		"a length that overflows": append([]byte{kindResult},
			0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
	} {
		_, _, err := readFrame(bufio.NewReader(bytes.NewReader(in)), nil)
		assert.Errorf(t, err, "%s: readFrame", name)
		assert.NotErrorIsf(t, err, io.EOF, "%s: readFrame: want an error other than io.EOF", name)
	}
	for name, body := range map[string][]byte{
		"empty":                  nil,
		"a name longer than all": {5, 'a'},
		"no argument length":     {1, 'a'},
		"an argument too short":  {1, 'a', 3, 1},
		"bytes after the arg":    {1, 'a', 1, 1, 9},
	} {
		_, _, err := splitCall(body)
		assert.ErrorIsf(t, err, errFrame, "%s: splitCall(%v)", name, body)
	}
}

// appendFrameLen is the start of a frame that announces a body of n bytes and brings none.
func appendFrameLen(kind byte, n uint64) []byte {
	b := []byte{kind}
	for n >= 0x80 {
		b = append(b, byte(n)|0x80)
		n >>= 7
	}
	return append(b, byte(n))
}

// writeCounter counts the calls to Write, which each cost a system call on a pipe.
type writeCounter struct {
	w      io.Writer
	writes int
}

func (c *writeCounter) Write(p []byte) (int, error) {
	c.writes++
	return c.w.Write(p)
}

// readCounter counts the calls to Read.
type readCounter struct {
	r     io.Reader
	reads int
}

func (c *readCounter) Read(p []byte) (int, error) {
	c.reads++
	return c.r.Read(p)
}

// A worker answers each request with one write, whatever it is: a call, a call that fails, a
// ping. The first call of a struct type also describes the type, in its argument and in its
// result, and still goes in one write; the second sends only the value.
func TestAWorkerWritesEachResponseOnce(t *testing.T) {
	var arg bytes.Buffer
	enc := gob.NewEncoder(&arg)
	require.NoError(t, enc.Encode(pair{A: "a", B: "b"}))
	first := bytes.Clone(arg.Bytes())
	arg.Reset()
	require.NoError(t, enc.Encode(pair{A: "c", B: "d"}))
	second := arg.Bytes()
	var in []byte
	in = appendCall(in, false, "swap", first)
	in = appendCall(in, false, "swap", second)
	in = appendCall(in, false, "nope", nil)
	in = append(in, kindPing)
	var out bytes.Buffer
	w := &writeCounter{w: &out}
	require.NoError(t, serve(bytes.NewReader(in), w))
	assert.Equal(t, 4, w.writes, "four requests, four writes")

	r := bufio.NewReader(&out)
	var results bytes.Buffer
	var sizes []int
	for i, want := range []byte{kindResult, kindResult, kindErrReset, kindPing} {
		kind, body, err := readFrame(r, nil)
		require.NoError(t, err)
		assert.Equal(t, string(rune(want)), string(rune(kind)), "response %d", i)
		if kind == kindResult {
			results.Write(body)
			sizes = append(sizes, len(body))
		}
	}
	assert.Greater(t, len(first), 2*len(second), "the first argument describes pair")
	require.Len(t, sizes, 2)
	assert.Greater(t, sizes[0], 2*sizes[1], "the first result describes pair")
	dec := gob.NewDecoder(&results)
	for _, want := range []pair{{A: "b", B: "a"}, {A: "d", B: "c"}} {
		var got pair
		require.NoError(t, dec.Decode(&got))
		assert.Equal(t, want, got)
	}
}

// On the pool's side too, a call is one write and one read of the worker's pipes, the first
// call of a type (which describes it) as much as the next ones: the system calls of a one-byte
// round trip (a ping), and no more.
func TestACallIsOneWriteAndOneRead(t *testing.T) {
	p, err := NewProcessPool(context.Background(), 1)
	require.NoError(t, err)
	defer func() { require.NoError(t, p.Close()) }()
	w := p.workers[0]
	wc := &writeCounter{w: w.w}
	w.w = wc
	rc := &readCounter{r: w.r}
	w.r = bufio.NewReader(rc)
	for i, s := range []string{"first", "second", "third"} {
		got, err := Call[pair, pair](p, "swap", pair{A: s, B: "b"})
		require.NoError(t, err)
		assert.Equal(t, pair{A: "b", B: s}, got)
		assert.Equal(t, i+1, wc.writes, "writes after %d calls", i+1)
		assert.Equal(t, i+1, rc.reads, "reads after %d calls", i+1)
	}
	require.NoError(t, p.ping())
	assert.Equal(t, 4, wc.writes, "writes after a ping")
	assert.Equal(t, 4, rc.reads, "reads after a ping")
}

// ping sends one byte to a free worker over its pipes and waits for the byte it sends back:
// a call with nothing to encode, decode or run, which tests use to count a call's system
// calls. (It is the pool's own code, so it is no floor for the pool's calls: the benchmarks
// use internal/compare/floor's echo child.) Only tests ping, one call at a time, so it skips
// what callBytes does for a pool in use (the pool's state, breaking it on a failure).
func (p *ProcessPool) ping() error {
	w := <-p.idle
	defer func() { p.idle <- w }()
	w.out = append(w.out[:0], kindPing)
	kind, _, err := w.roundTrip()
	if err == nil && kind != kindPing {
		err = fmt.Errorf("%w: a response of kind %q to a ping", errFrame, kind)
	}
	return err
}

// A length that a cut or garbled stream announces allocates only as its bytes arrive: here half
// a gigabyte is announced, and ten bytes come.
func TestAnAnnouncedBodyAllocatesAsItArrives(t *testing.T) {
	in := append(appendFrameLen(kindResult, 1<<29), make([]byte, 10)...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, body, err := readFrame(bufio.NewReader(bytes.NewReader(in)), nil)
	runtime.ReadMemStats(&after)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Len(t, body, 10, "the bytes that came")
	assert.LessOrEqual(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20), "bytes allocated reading a cut frame, want at most 1 MiB")
	// A body longer than one chunk, and one that fits the buffer it is given, still arrive whole.
	long := bytes.Repeat([]byte{1, 2, 3}, bodyChunk)
	_, body, err = readFrame(bufio.NewReader(bytes.NewReader(appendFrame(nil, kindResult, long))), nil)
	require.NoError(t, err)
	assert.Equal(t, long, body)
	_, body, err = readFrame(bufio.NewReader(bytes.NewReader(appendFrame(nil, kindResult, []byte("abc")))), make([]byte, 0, 8))
	require.NoError(t, err)
	assert.Equal(t, "abc", string(body))
}
