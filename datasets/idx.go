package datasets

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrIDX is returned (wrapped) for a malformed, truncated or unexpected IDX file.
var ErrIDX = errors.New("datasets: bad IDX file")

// IDX is a decoded IDX array (LeCun's MNIST format): a big-endian header of two zero bytes,
// a type code (0x08 unsigned byte is the only one read here) and the number of dimensions,
// then one big-endian uint32 size per dimension, then the values in row-major order.
type IDX struct {
	Dims []int
	Data []byte // unsigned bytes, ∏Dims of them
}

// maxIDXBytes bounds the payload a header may announce (MNIST's training images are 47 MB).
const maxIDXBytes = 1 << 31

// ReadIDX decodes an unsigned-byte IDX array from r, gzip-compressed or plain (detected from
// the gzip magic bytes). It checks the magic number, the type code, that the dimensions are
// positive and their product bounded, that exactly that many values follow, and that nothing
// follows them.
func ReadIDX(r io.Reader) (*IDX, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%w: gzip: %v", ErrIDX, err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	var magic [4]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, fmt.Errorf("%w: truncated header: %v", ErrIDX, err)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("%w: magic number %#x%02x%02x%02x does not start with two zero bytes", ErrIDX, magic[0], magic[1], magic[2], magic[3])
	}
	if magic[2] != 0x08 {
		return nil, fmt.Errorf("%w: type code %#02x, only unsigned bytes (0x08) are supported", ErrIDX, magic[2])
	}
	nd := int(magic[3])
	if nd == 0 {
		return nil, fmt.Errorf("%w: zero dimensions", ErrIDX)
	}
	dims := make([]int, nd)
	total := 1
	for i := range dims {
		var d uint32
		if err := binary.Read(br, binary.BigEndian, &d); err != nil {
			return nil, fmt.Errorf("%w: truncated header (dimension %d): %v", ErrIDX, i, err)
		}
		if d == 0 {
			return nil, fmt.Errorf("%w: dimension %d is zero", ErrIDX, i)
		}
		dims[i] = int(d)
		if total > maxIDXBytes/int(d) {
			return nil, fmt.Errorf("%w: dimensions %v announce more than %d bytes", ErrIDX, dims[:i+1], maxIDXBytes)
		}
		total *= int(d)
	}
	data := make([]byte, total)
	if n, err := io.ReadFull(br, data); err != nil {
		return nil, fmt.Errorf("%w: truncated data: header announces %d values (dims %v), file holds %d: %v", ErrIDX, total, dims, n, err)
	}
	var extra [1]byte
	if n, err := br.Read(extra[:]); n > 0 {
		return nil, fmt.Errorf("%w: trailing data after the %d values announced by the header", ErrIDX, total)
	} else if err != nil && err != io.EOF {
		return nil, fmt.Errorf("%w: %v", ErrIDX, err)
	}
	return &IDX{Dims: dims, Data: data}, nil
}

// ReadIDXFile reads an IDX file (gzip or plain) and names the file in any error.
func ReadIDXFile(path string) (*IDX, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	x, err := ReadIDX(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return x, nil
}

// EncodeIDX writes an unsigned-byte IDX array (plain, uncompressed); the inverse of ReadIDX.
func EncodeIDX(w io.Writer, dims []int, data []byte) error {
	total := 1
	for _, d := range dims {
		total *= d
	}
	if len(dims) == 0 || len(dims) > 255 || total != len(data) {
		return fmt.Errorf("datasets: EncodeIDX: %d values do not fill dims %v", len(data), dims)
	}
	hdr := []byte{0, 0, 0x08, byte(len(dims))}
	for _, d := range dims {
		hdr = binary.BigEndian.AppendUint32(hdr, uint32(d))
	}
	if _, err := w.Write(hdr); err != nil {
		return err
	}
	_, err := w.Write(data)
	return err
}
