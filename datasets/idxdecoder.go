package datasets

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
)

// idxDecoder reads an IDX array in two steps — the header, then the values — so that a
// caller (LoadMNIST) can check the dimensions of several files before reading any values.
type idxDecoder struct {
	br    *bufio.Reader
	zr    *gzip.Reader // nil for a plain stream
	dims  []int
	total int   // ∏dims ≤ MaxIDXBytes
	left  int64 // bytes a plain stream holds after the header; −1 when unknown (or gzip)
}

// newIDXDecoder detects gzip compression and reads and checks the header. Nothing is
// allocated for the values yet.
func newIDXDecoder(r io.Reader) (*idxDecoder, error) {
	size := remainingSize(r)
	br := bufio.NewReader(r)
	d := &idxDecoder{br: br, left: -1}
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%w: gzip: %v", ErrIDX, err)
		}
		d.zr, d.br, size = zr, bufio.NewReader(zr), -1
	}
	if err := d.header(); err != nil {
		d.close()
		return nil, err
	}
	if size >= 0 {
		d.left = size - int64(4+4*len(d.dims))
	}
	return d, nil
}

// header reads the magic number and the dimensions, refusing a product above MaxIDXBytes.
func (d *idxDecoder) header() error {
	var magic [4]byte
	if _, err := io.ReadFull(d.br, magic[:]); err != nil {
		return fmt.Errorf("%w: truncated header: %v", ErrIDX, noEOF(err))
	}
	if magic[0] != 0 || magic[1] != 0 {
		return fmt.Errorf("%w: magic number %#x%02x%02x%02x does not start with two zero bytes", ErrIDX, magic[0], magic[1], magic[2], magic[3])
	}
	if magic[2] != 0x08 {
		return fmt.Errorf("%w: type code %#02x, only unsigned bytes (0x08) are supported", ErrIDX, magic[2])
	}
	nd := int(magic[3])
	if nd == 0 {
		return fmt.Errorf("%w: zero dimensions", ErrIDX)
	}
	var sizes [4 * 255]byte
	if n, err := io.ReadFull(d.br, sizes[:4*nd]); err != nil {
		return fmt.Errorf("%w: truncated header: %d dimensions announced, %d bytes of sizes (want %d): %v", ErrIDX, nd, n, 4*nd, noEOF(err))
	}
	dims := make([]int, 0, nd)
	total := uint64(1)
	for i := range nd {
		s := binary.BigEndian.Uint32(sizes[4*i:])
		if s == 0 {
			return fmt.Errorf("%w: dimension %d is zero", ErrIDX, i)
		}
		if total*uint64(s) > MaxIDXBytes { // total ≤ 2²⁸, s < 2³²: no overflow
			return fmt.Errorf("%w: dimension %d of size %d (after %v) announces more than %d values, the limit (MaxIDXBytes)", ErrIDX, i, s, dims, MaxIDXBytes)
		}
		total *= uint64(s)
		dims = append(dims, int(s))
	}
	d.dims, d.total = dims, int(total)
	return nil
}

// body reads the announced values and checks that nothing follows them. When the size of a
// plain stream is known it is checked first, so a truncated or overlong file is refused
// before anything is allocated for the values.
func (d *idxDecoder) body() ([]byte, error) {
	if d.left >= 0 && d.left < int64(d.total) {
		return nil, fmt.Errorf("%w: truncated data: header announces %d values (dims %v), file holds %d", ErrIDX, d.total, d.dims, d.left)
	}
	if d.left > int64(d.total) {
		return nil, fmt.Errorf("%w: trailing data: header announces %d values (dims %v), file holds %d bytes after the header", ErrIDX, d.total, d.dims, d.left)
	}
	data, err := readN(d.br, d.total, d.left == int64(d.total))
	if err != nil {
		return nil, fmt.Errorf("%w: truncated data: header announces %d values (dims %v), file holds %d: %v", ErrIDX, d.total, d.dims, len(data), err)
	}
	var extra [1]byte
	if n, err := d.br.Read(extra[:]); n > 0 {
		return nil, fmt.Errorf("%w: trailing data after the %d values announced by the header", ErrIDX, d.total)
	} else if err != nil && err != io.EOF {
		return nil, fmt.Errorf("%w: after the values: %v", ErrIDX, err)
	}
	return data, nil
}

func (d *idxDecoder) close() {
	if d.zr != nil {
		d.zr.Close()
	}
}

// noEOF turns a bare io.EOF (the input ended where something was required) into
// io.ErrUnexpectedEOF for error messages.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
