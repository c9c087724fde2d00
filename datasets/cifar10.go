package datasets

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// CIFAR-10 in its "binary version" (Krizhevsky 2009; https://www.cs.toronto.edu/~kriz/cifar.html,
// cifar-10-binary.tar.gz, which unpacks to cifar-10-batches-bin/): every file is a sequence
// of 3073-byte records, one label byte (0…9) followed by 3072 pixel bytes — the 1024 red
// values of the 32×32 image in row-major order, then the 1024 green, then the 1024 blue.
const (
	CIFARSide       = 32
	CIFARPixels     = CIFARSide * CIFARSide // per colour plane
	CIFARImageBytes = 3 * CIFARPixels       // 3072
	CIFARRecord     = 1 + CIFARImageBytes   // 3073
)

// CIFARTrainFiles and CIFARTestFile are the file names of the binary version.
var (
	CIFARTrainFiles = []string{"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"}
	CIFARTestFile   = "test_batch.bin"
)

// CIFARBatch holds the records of one or more files: Images is n×3072 bytes in the file's
// planar layout (R plane, G plane, B plane), Labels n bytes.
type CIFARBatch struct {
	Images []byte
	Labels []byte
}

// Len is the number of images.
func (b *CIFARBatch) Len() int { return len(b.Labels) }

// Image returns image i (3072 bytes, planar R, G, B).
func (b *CIFARBatch) Image(i int) []byte { return b.Images[i*CIFARImageBytes : (i+1)*CIFARImageBytes] }

// ErrCIFARFormat is wrapped by every error about the content of a CIFAR-10 file.
var ErrCIFARFormat = errors.New("datasets: not a CIFAR-10 binary file")

// MaxCIFARRecords bounds the records one stream or file may hold: 60,000, the whole data set
// (each binary batch file holds 10,000), 184,380,000 bytes. A longer stream is refused after
// reading one byte past the limit; a larger file, from its size, before reading it.
const MaxCIFARRecords = 60000

// ReadCIFARBatch reads CIFAR-10 binary records from r until EOF. name labels the errors. A
// stream that is empty, ends inside a record, holds a label outside 0…9, or holds more than
// MaxCIFARRecords records is an error wrapping ErrCIFARFormat. Memory grows with the bytes
// that arrive; when r's size is known (an in-memory reader or a regular file) it is checked
// before anything is read.
func ReadCIFARBatch(r io.Reader, name string) (*CIFARBatch, error) {
	return readCIFAR(r, name, MaxCIFARRecords)
}

// readCIFAR is ReadCIFARBatch with the record limit as a parameter.
func readCIFAR(r io.Reader, name string, maxRecords int) (*CIFARBatch, error) {
	limit := maxRecords * CIFARRecord
	size := remainingSize(r)
	if size > int64(limit) {
		return nil, fmt.Errorf("%w: %s has %d bytes, more than %d records of %d bytes (MaxCIFARRecords)", ErrCIFARFormat, name, size, maxRecords, CIFARRecord)
	}
	if size >= 0 {
		if err := checkCIFARSize(size, name); err != nil {
			return nil, err
		}
	}
	data, err := readAtMost(r, limit, size)
	if errors.Is(err, errTooLong) {
		return nil, fmt.Errorf("%w: %s holds more than %d records of %d bytes (MaxCIFARRecords)", ErrCIFARFormat, name, maxRecords, CIFARRecord)
	}
	if err != nil {
		return nil, fmt.Errorf("datasets: reading %s: %w", name, err)
	}
	return parseCIFAR(data, name)
}

// checkCIFARSize refuses a size that is not a positive whole number of records.
func checkCIFARSize(size int64, name string) error {
	if size == 0 {
		return fmt.Errorf("%w: %s is empty", ErrCIFARFormat, name)
	}
	if size%CIFARRecord != 0 {
		return fmt.Errorf("%w: %s has %d bytes, not a whole number of %d-byte records (truncated or not the binary version? %d whole records and %d bytes over)",
			ErrCIFARFormat, name, size, CIFARRecord, size/CIFARRecord, size%CIFARRecord)
	}
	return nil
}

// parseCIFAR splits the records of data into labels and images, moving the pixels down in
// place over the label bytes (data becomes the images, no copy of the batch is made).
func parseCIFAR(data []byte, name string) (*CIFARBatch, error) {
	if err := checkCIFARSize(int64(len(data)), name); err != nil {
		return nil, err
	}
	n := len(data) / CIFARRecord
	labels := make([]byte, n)
	for i := range n {
		rec := data[i*CIFARRecord : (i+1)*CIFARRecord]
		if rec[0] > 9 {
			return nil, fmt.Errorf("%w: %s record %d (byte offset %d) has label %d, want 0…9", ErrCIFARFormat, name, i, i*CIFARRecord, rec[0])
		}
		labels[i] = rec[0]
		// The destination ends before the next record's label: nothing unread is overwritten.
		copy(data[i*CIFARImageBytes:], rec[1:])
	}
	return &CIFARBatch{Images: data[: n*CIFARImageBytes : n*CIFARImageBytes], Labels: labels}, nil
}

// ReadCIFARFile reads one binary batch file; its size is checked before it is read.
func ReadCIFARFile(path string) (*CIFARBatch, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer f.Close()
	return ReadCIFARBatch(f, path)
}

// CIFAR10 is the training set (the five data batches) and the test set.
type CIFAR10 struct {
	Train, Test *CIFARBatch
	Dir         string // the directory the files were read from
}

// CIFARHelp says where the data must be put.
const CIFARHelp = "CIFAR-10 (binary version) is not shipped with thermodiff and cannot be downloaded here: get cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html, unpack it, and pass the directory cifar-10-batches-bin (holding data_batch_1.bin … data_batch_5.bin and test_batch.bin, 30,730,000 bytes each) with -data DIR"

// LoadCIFAR10 reads data_batch_1.bin … data_batch_5.bin and test_batch.bin from dir (or from
// dir/cifar-10-batches-bin when dir is its parent). Missing files and malformed content are
// errors that say which file and what is wrong.
func LoadCIFAR10(dir string) (*CIFAR10, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("datasets: CIFAR-10 directory %q: not a directory (%v); %s", dir, err, CIFARHelp)
	}
	if _, err := os.Stat(filepath.Join(dir, CIFARTestFile)); err != nil {
		if sub := filepath.Join(dir, "cifar-10-batches-bin"); fileExists(filepath.Join(sub, CIFARTestFile)) {
			dir = sub
		}
	}
	var missing []string
	for _, f := range append(append([]string{}, CIFARTrainFiles...), CIFARTestFile) {
		if !fileExists(filepath.Join(dir, f)) {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("datasets: CIFAR-10 files %v missing in %s; %s", missing, dir, CIFARHelp)
	}
	c := &CIFAR10{Train: &CIFARBatch{}, Dir: dir}
	for _, f := range CIFARTrainFiles {
		b, err := ReadCIFARFile(filepath.Join(dir, f))
		if err != nil {
			return nil, err
		}
		c.Train.Images = append(c.Train.Images, b.Images...)
		c.Train.Labels = append(c.Train.Labels, b.Labels...)
	}
	t, err := ReadCIFARFile(filepath.Join(dir, CIFARTestFile))
	if err != nil {
		return nil, err
	}
	c.Test = t
	return c, nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
