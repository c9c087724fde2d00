package datasets

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
)

// readChunk is the most the readers here allocate ahead of the bytes that have arrived.
const readChunk = 1 << 20

// readN reads exactly n bytes from r without trusting n: the buffer starts at readChunk (or
// n, when smaller) and doubles only when full, so the memory it takes is at most a few times
// what r actually delivered, whatever n says. With exact set (n already checked against the
// known size of the input) it allocates n at once. On a short read it returns the bytes read
// and io.ErrUnexpectedEOF, or r's error.
func readN(r io.Reader, n int, exact bool) ([]byte, error) {
	if exact {
		buf := make([]byte, n)
		m, err := io.ReadFull(r, buf)
		return buf[:m], err
	}
	buf := make([]byte, 0, min(n, readChunk))
	for len(buf) < n {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(n, 2*cap(buf)))
			copy(grown, buf)
			buf = grown
		}
		m, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// errTooLong is returned by readAtMost for a stream longer than its limit.
var errTooLong = errors.New("longer than the limit")

// readAtMost reads r to EOF, refusing (errTooLong) a stream of more than limit bytes after
// reading limit+1 of them. Memory grows with the bytes that arrive; hint, r's size when known
// (else −1), sizes the buffer at once when it is within the limit.
func readAtMost(r io.Reader, limit int, hint int64) ([]byte, error) {
	lr := io.LimitReader(r, int64(limit)+1)
	if hint < 0 || hint > int64(limit) {
		hint = 512
	}
	buf := make([]byte, 0, hint+1) // +1: EOF is seen without growing the buffer
	for {
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) { // double (append grows large slices by only 1.25×)
			grown := make([]byte, len(buf), min(2*cap(buf), limit+1))
			copy(grown, buf)
			buf = grown
		}
	}
	if len(buf) > limit {
		return nil, errTooLong
	}
	return buf, nil
}

// remainingSize returns how many bytes r can still deliver when that is known without
// reading — an in-memory reader (*bytes.Reader, *bytes.Buffer, *strings.Reader) or a
// regular file (its size less the current offset) — and −1 otherwise (pipes, devices,
// network streams, decompressors, anything else).
func remainingSize(r io.Reader) int64 {
	switch v := r.(type) {
	case *bytes.Reader:
		return int64(v.Len())
	case *bytes.Buffer:
		return int64(v.Len())
	case *strings.Reader:
		return int64(v.Len())
	case *os.File:
		st, err := v.Stat()
		if err != nil || !st.Mode().IsRegular() {
			return -1
		}
		off, err := v.Seek(0, io.SeekCurrent)
		if err != nil || off > st.Size() {
			return -1
		}
		return st.Size() - off
	}
	return -1
}
