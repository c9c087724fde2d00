package diffusion

import (
	"syscall"

	"math"

	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

// CheckpointVersion is the format version written into every checkpoint; a checkpoint of
// another version is refused.
const CheckpointVersion = 1

// checkpointMagic starts every checkpoint file, followed by a CRC-32 of the gob payload.
const checkpointMagic = "THERMODIFF-CKPT\n"

// ErrCheckpoint is returned (wrapped) for a corrupt, truncated or mismatched checkpoint.
var ErrCheckpoint = errors.New("diffusion: unusable checkpoint")

// checkpoint is the state needed to continue training exactly where it stopped: weights,
// optimizer state, schedule (and its optimizer when learned), step and the training RNG.
type checkpoint struct {
	Version   int
	Signature string // network shape and settings; must match to resume
	Step      int
	Names     []string
	Weights   [][]float32
	OptKind   string
	AdamT     int
	AdamM     [][]float32
	AdamV     [][]float32
	RMS       [][]float32
	Betas     []float64
	Theta     []float32
	BetaAdamT int
	BetaAdamM [][]float32
	BetaAdamV [][]float32
	RNG       []byte
	Skipped   int
	Seconds   float64
	EMA       [][]float32 // moving average of the weights (TrainConfig.EMA > 0)
	// TDraw and Batch must match to resume (checked when present: checkpoints written before
	// they were recorded hold "" and 0, and are accepted).
	TDraw string // how t is drawn: "uniform" or the TSampler's type
	Batch int
	// The training curve's running average since its last entry (Trainer.logAcc, logCnt).
	LogAcc float64
	LogCnt int
}

// ResumeCompatible reports, after UnmarshalCheckpoint, whether training can go on as the
// checkpoint's run would have: the same batch and the same draw of t (objective). Restoring
// weights to evaluate them needs neither; continuing with another batch or objective would
// not reach the uninterrupted run's result, so a resume refuses it (ErrCheckpoint).
// Checkpoints written before these were recorded pass.
func (tr *Trainer) ResumeCompatible() error {
	if tr.ckptTDraw != "" && tr.ckptTDraw != tr.tDraw() {
		return fmt.Errorf("%w: it was trained with t drawn by %s, this run draws by %s (a different objective)", ErrCheckpoint, tr.ckptTDraw, tr.tDraw())
	}
	if tr.ckptBatch != 0 && tr.ckptBatch != tr.Cfg.Batch {
		return fmt.Errorf("%w: it was trained with batch %d, this run has %d", ErrCheckpoint, tr.ckptBatch, tr.Cfg.Batch)
	}
	return nil
}

// tDraw names how the trainer draws t (recorded in checkpoints).
func (tr *Trainer) tDraw() string {
	if tr.Cfg.TSampler == nil {
		return "uniform"
	}
	return fmt.Sprintf("%T", tr.Cfg.TSampler)
}

// signature identifies what a checkpoint can be restored into.
func (tr *Trainer) signature() string {
	var shapes []int
	for _, p := range tr.params {
		shapes = append(shapes, len(p.W))
	}
	sig := fmt.Sprintf("%T D=%d T=%d param=%v shapes=%v opt=%s learnbeta=%v", tr.Model.Net, tr.Model.Net.Dim(), tr.Model.Sched.T, tr.Model.Param, shapes, tr.Cfg.Optimizer, tr.Cfg.LearnBeta)
	if v, ok := tr.Model.Net.(interface{ Variant() string }); ok && v.Variant() != "" {
		sig += " " + v.Variant()
	}
	if tr.ema != nil {
		sig += fmt.Sprintf(" ema=%g", tr.Cfg.EMA)
	}
	return sig
}

// MarshalCheckpoint serializes the trainer's state and the PCG source of its training RNG.
func (tr *Trainer) MarshalCheckpoint(src *rand.PCG) ([]byte, error) {
	rngState, err := src.MarshalBinary()
	if err != nil {
		return nil, err
	}
	c := checkpoint{Version: CheckpointVersion, Signature: tr.signature(), Step: tr.Step, OptKind: tr.Cfg.Optimizer,
		Betas: tr.Model.Sched.Betas(), RNG: rngState, Skipped: tr.Skipped, Seconds: tr.Seconds,
		TDraw: tr.tDraw(), Batch: tr.Cfg.Batch, LogAcc: tr.logAcc, LogCnt: tr.logCnt}
	for _, p := range tr.params {
		c.Names = append(c.Names, p.Name)
		c.Weights = append(c.Weights, p.W)
	}
	switch o := tr.Opt.(type) {
	case *nn.Adam:
		c.AdamT, c.AdamM, c.AdamV = o.T, o.M, o.V
	case *nn.RMSProp:
		c.RMS = o.MS
	}
	for _, e := range tr.ema {
		c.EMA = append(c.EMA, e.W)
	}
	if tr.theta != nil {
		c.Theta = tr.theta.W
		c.BetaAdamT, c.BetaAdamM, c.BetaAdamV = tr.betaOpt.T, tr.betaOpt.M, tr.betaOpt.V
	}
	return encodeCheckpoint(&c)
}

// encodeCheckpoint gob-encodes v behind the magic header and a CRC-32 of the payload.
func encodeCheckpoint(v any) ([]byte, error) {
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(v); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.WriteString(checkpointMagic)
	_ = binary.Write(&out, binary.LittleEndian, crc32.ChecksumIEEE(payload.Bytes()))
	out.Write(payload.Bytes())
	return out.Bytes(), nil
}

// decodeCheckpoint checks the header and checksum written by encodeCheckpoint and decodes the
// payload into v; a bad file gives ErrCheckpoint.
func decodeCheckpoint(data []byte, v any) error {
	if len(data) < len(checkpointMagic)+4 || string(data[:len(checkpointMagic)]) != checkpointMagic {
		return fmt.Errorf("%w: not a thermodiff checkpoint (bad header)", ErrCheckpoint)
	}
	sum := binary.LittleEndian.Uint32(data[len(checkpointMagic):])
	payload := data[len(checkpointMagic)+4:]
	if crc32.ChecksumIEEE(payload) != sum {
		return fmt.Errorf("%w: checksum mismatch (truncated or corrupt file)", ErrCheckpoint)
	}
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(v); err != nil {
		return fmt.Errorf("%w: %v", ErrCheckpoint, err)
	}
	return nil
}

// UnmarshalCheckpoint restores a state written by MarshalCheckpoint into tr (built with the
// same network shape and settings) and src. It refuses, with ErrCheckpoint, a file that is
// truncated, corrupt, of another version or for another model, and then changes nothing.
func (tr *Trainer) UnmarshalCheckpoint(data []byte, src *rand.PCG) error {
	var c checkpoint
	if err := decodeCheckpoint(data, &c); err != nil {
		return err
	}
	if c.Version != CheckpointVersion {
		return fmt.Errorf("%w: format version %d, this build reads %d", ErrCheckpoint, c.Version, CheckpointVersion)
	}
	if sig := tr.signature(); c.Signature != sig {
		return fmt.Errorf("%w: written for %q, this run is %q", ErrCheckpoint, c.Signature, sig)
	}
	sched, err := NewSchedule(c.Betas)
	if err != nil || sched.T != tr.Model.Sched.T || sched.Beta[1] != tr.Model.Sched.Beta[1] {
		return fmt.Errorf("%w: its schedule does not match this run", ErrCheckpoint)
	}
	if !tr.Cfg.LearnBeta {
		for t := range sched.Beta {
			if sched.Beta[t] != tr.Model.Sched.Beta[t] {
				return fmt.Errorf("%w: its schedule does not match this run", ErrCheckpoint)
			}
		}
	}
	if len(c.Weights) != len(tr.params) || (tr.ema != nil && len(c.EMA) != len(tr.ema)) {
		return fmt.Errorf("%w: it holds %d parameter tensors (%d averaged), this run has %d (%d)", ErrCheckpoint, len(c.Weights), len(c.EMA), len(tr.params), len(tr.ema))
	}
	for i, p := range tr.params {
		if len(c.Weights[i]) != len(p.W) || (tr.ema != nil && len(c.EMA[i]) != len(p.W)) {
			return fmt.Errorf("%w: parameter %s has the wrong size", ErrCheckpoint, p.Name)
		}
	}
	if err := tr.checkState(&c); err != nil {
		return err
	}
	if err := src.UnmarshalBinary(c.RNG); err != nil {
		return fmt.Errorf("%w: RNG state: %v", ErrCheckpoint, err)
	}
	for i, p := range tr.params {
		copy(p.W, c.Weights[i])
	}
	for i, e := range tr.ema {
		copy(e.W, c.EMA[i])
	}
	tr.Skipped, tr.Seconds = c.Skipped, c.Seconds
	tr.logAcc, tr.logCnt = c.LogAcc, c.LogCnt
	tr.ckptTDraw, tr.ckptBatch = c.TDraw, c.Batch
	switch o := tr.Opt.(type) {
	case *nn.Adam:
		o.T, o.M, o.V = c.AdamT, c.AdamM, c.AdamV
	case *nn.RMSProp:
		o.MS = c.RMS
	}
	if tr.theta != nil {
		copy(tr.theta.W, c.Theta)
		tr.betaOpt.T, tr.betaOpt.M, tr.betaOpt.V = c.BetaAdamT, c.BetaAdamM, c.BetaAdamV
	}
	tr.Model.Sched = sched
	tr.Step = c.Step
	return nil
}

// checkState refuses a decoded checkpoint whose counters are negative or whose optimizer
// state does not fit this run's parameters (a file with a valid checksum can still be
// inconsistent: written by another version, or edited).
func (tr *Trainer) checkState(c *checkpoint) error {
	if c.Step < 0 || c.Skipped < 0 || c.LogCnt < 0 || c.AdamT < 0 || c.BetaAdamT < 0 || c.Batch < 0 ||
		math.IsNaN(c.Seconds) || c.Seconds < 0 || math.IsNaN(c.LogAcc) {
		return fmt.Errorf("%w: negative or undefined counters (step %d, skipped %d, Adam t %d)", ErrCheckpoint, c.Step, c.Skipped, c.AdamT)
	}
	fits := func(state [][]float32, ps []*nn.Param) bool {
		if len(state) == 0 {
			return true // not stepped yet: the optimizer starts from zero moments
		}
		if len(state) != len(ps) {
			return false
		}
		for i, p := range ps {
			if len(state[i]) != len(p.W) {
				return false
			}
		}
		return true
	}
	switch tr.Opt.(type) {
	case *nn.Adam:
		if !fits(c.AdamM, tr.params) || !fits(c.AdamV, tr.params) || len(c.AdamM) != len(c.AdamV) {
			return fmt.Errorf("%w: its Adam moments do not fit the network's parameters", ErrCheckpoint)
		}
	case *nn.RMSProp:
		if !fits(c.RMS, tr.params) {
			return fmt.Errorf("%w: its RMSProp state does not fit the network's parameters", ErrCheckpoint)
		}
	}
	if tr.theta != nil {
		th := []*nn.Param{tr.theta}
		if len(c.Theta) != len(tr.theta.W) || !fits(c.BetaAdamM, th) || !fits(c.BetaAdamV, th) || len(c.BetaAdamM) != len(c.BetaAdamV) {
			return fmt.Errorf("%w: its learned schedule does not fit this run", ErrCheckpoint)
		}
	}
	return nil
}

// WriteFileAtomic writes data to path through a temporary file in the same directory, synced,
// made readable by all (0644), renamed over path, and the directory synced, so that an
// interrupted write or a crash never leaves a half-written file (checkpoint, metrics, report)
// behind, and a finished write survives a power cut. The one atomic writer of the project.
func WriteFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644) // os.CreateTemp makes the file 0600
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

// syncDir flushes a directory's entries (the rename) to disk; file systems that cannot sync a
// directory (EINVAL) are not an error.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}
