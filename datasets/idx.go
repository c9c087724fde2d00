package datasets

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
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

// MaxIDXBytes bounds the number of values an IDX header may announce: 256 MiB, five times
// MNIST's training images (47,040,000 bytes). A header announcing more is refused before
// anything is allocated for the values.
const MaxIDXBytes = 1 << 28

// ReadIDX decodes an unsigned-byte IDX array from r, gzip-compressed or plain (detected from
// the gzip magic bytes). It checks the magic number, the type code, that the dimensions are
// positive and their product at most MaxIDXBytes, that exactly that many values follow, and
// that nothing follows them. Memory is allocated as the values arrive, never ahead of them
// by more than a small chunk, so a short input announcing a large array costs little; when r
// is plain (uncompressed) and its size is known (*bytes.Reader, *bytes.Buffer,
// *strings.Reader, a regular *os.File), the size is checked against the header before the
// values are read. Decompression stops a few KiB after the announced values.
func ReadIDX(r io.Reader) (*IDX, error) {
	d, err := newIDXDecoder(r)
	if err != nil {
		return nil, err
	}
	defer d.close()
	data, err := d.body()
	if err != nil {
		return nil, err
	}
	return &IDX{Dims: d.dims, Data: data}, nil
}

// ReadIDXFile reads an IDX file (gzip or plain) and names the file in any error.
func ReadIDXFile(path string) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer f.Close()
	x, err := ReadIDX(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return x, nil
}

// EncodeIDX writes an unsigned-byte IDX array (plain, uncompressed); the inverse of ReadIDX.
func EncodeIDX(w io.Writer, dims []int, data []byte) error {
	if len(dims) == 0 || len(dims) > 255 {
		return fmt.Errorf("datasets: EncodeIDX: %d dimensions, want 1…255", len(dims))
	}
	total := 1
	for _, d := range dims {
		if d <= 0 || uint64(d) > math.MaxUint32 || total > len(data)/d {
			return fmt.Errorf("datasets: EncodeIDX: %d values do not fill dims %v", len(data), dims)
		}
		total *= d
	}
	if total != len(data) {
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
