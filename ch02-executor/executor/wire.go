package executor

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
)

// The pipes between a ProcessPool and a worker carry frames. A frame is one kind byte and,
// for every kind but ping, a body: its length as a uvarint, then its bytes. A call's body is
// the function's name and the encoded argument, each with its length first; a response's body
// is the encoded result or the error's text. Each frame goes out in one write, so a call whose
// frames fit the reader's buffer (bufio's 4 KiB) costs the same system calls as a one-byte
// round trip over the same pipes: a ping. A larger frame takes more reads, and one larger
// than the pipe's capacity (64 KiB on Linux) more writes too, as the other side drains it.
//
// The values themselves travel in gob (see RegisterFunc); the frame around them is written by
// hand, with no reflection, since every call reads and writes two of them and should cost
// little more than its round trip (BenchmarkProcessPoolCallPaired measures the call against an
// echo child written without this package).
const (
	kindPing = 'p' // a request, and its response: the byte alone

	kindCall      = 'c' // a call
	kindCallReset = 'C' // a call whose sender has just started its value streams again

	kindResult   = 'r' // the call's encoded result
	kindErr      = 'e' // the call's error text
	kindErrReset = 'E' // its error text, and the worker has started its value streams again
)

// maxFrame bounds a frame's body: a length beyond it means the stream is garbled, not that a
// gigabyte is on its way. Below it, a body's buffer grows only as its bytes arrive (readBody).
const maxFrame = 1 << 30

var errFrame = errors.New("garbled frame")

// appendCall appends a call frame to b.
func appendCall(b []byte, reset bool, name string, arg []byte) []byte {
	kind := byte(kindCall)
	if reset {
		kind = kindCallReset
	}
	b = append(b, kind)
	body := uvarintLen(len(name)) + len(name) + uvarintLen(len(arg)) + len(arg)
	b = binary.AppendUvarint(b, uint64(body))
	b = binary.AppendUvarint(b, uint64(len(name)))
	b = append(b, name...)
	b = binary.AppendUvarint(b, uint64(len(arg)))
	return append(b, arg...)
}

// appendFrame appends a frame of kind with body to b.
func appendFrame(b []byte, kind byte, body []byte) []byte {
	b = append(b, kind)
	b = binary.AppendUvarint(b, uint64(len(body)))
	return append(b, body...)
}

func uvarintLen(n int) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], uint64(n))
}

// readFrame reads the next frame from r, reusing buf for its body.
func readFrame(r *bufio.Reader, buf []byte) (kind byte, body []byte, err error) {
	kind, err = r.ReadByte()
	if err != nil {
		return 0, buf[:0], err // io.EOF: the stream ended between frames
	}
	if kind == kindPing {
		return kind, buf[:0], nil
	}
	n, err := binary.ReadUvarint(r)
	if err == nil && n > maxFrame {
		err = fmt.Errorf("%w: a body of %d bytes", errFrame, n)
	}
	if err != nil {
		return 0, buf[:0], noEOF(err)
	}
	body, err = readBody(r, buf[:0], int(n))
	if err != nil {
		return 0, body, noEOF(err)
	}
	return kind, body, nil
}

// bodyChunk is how much readBody makes room for at a time, beyond what buf already holds: a
// length announced by a garbled or cut stream allocates no more than the bytes that came.
const bodyChunk = 64 << 10

// readBody appends n bytes from r to body, growing it as the bytes arrive.
func readBody(r io.Reader, body []byte, n int) ([]byte, error) {
	for len(body) < n {
		k := n - len(body)
		if room := cap(body) - len(body); k > room {
			k = max(room, min(k, bodyChunk))
		}
		body = slices.Grow(body, k)
		m, err := io.ReadFull(r, body[len(body):len(body)+k])
		body = body[:len(body)+m]
		if err != nil {
			return body, err
		}
	}
	return body, nil
}

// noEOF turns an end of stream inside a frame into io.ErrUnexpectedEOF: only an end between
// frames is a clean one.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// splitCall splits a call frame's body into the function's name and the encoded argument.
func splitCall(body []byte) (name string, arg []byte, err error) {
	n, k := binary.Uvarint(body)
	if k <= 0 || n > uint64(len(body)-k) {
		return "", nil, fmt.Errorf("%w: a call without a name", errFrame)
	}
	name, body = string(body[k:k+int(n)]), body[k+int(n):]
	n, k = binary.Uvarint(body)
	if k <= 0 || n != uint64(len(body)-k) {
		return "", nil, fmt.Errorf("%w: a call's argument", errFrame)
	}
	return name, body[k:], nil
}
