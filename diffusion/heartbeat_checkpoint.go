package diffusion

import (
	"fmt"
	"math/rand/v2"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

// heartbeatCheckpoint is the state a HeartbeatTrainer needs to continue exactly where it
// stopped: weights, Adam's moments for the shared layers, SparseAdam's rows for the readouts,
// the parameter averages, the step and the training RNG, plus opaque bytes of the caller.
type heartbeatCheckpoint struct {
	Version   int
	Signature string // model shape and the settings that change what a step does
	Step      int
	Weights   [][]float32
	AdamT     int
	AdamM     [][]float32
	AdamV     [][]float32
	Readout   []nn.SparseAdamState // readout W and B; empty before the first step
	EMA       [][]float32
	EMAK      []int32
	EMAStep   int
	RNG       []byte
	Extra     []byte
}

// signature identifies what a checkpoint can be restored into.
func (tr *HeartbeatTrainer) signature() string {
	var shapes []int
	for _, p := range tr.M.Params() {
		shapes = append(shapes, len(p.W))
	}
	c := tr.Cfg
	return fmt.Sprintf("HeartbeatMLP D=%d H=%d T=%d shapes=%v rho=%g batch=%d block=%d drawmin=%d raoblackwell=%v ema=%g",
		tr.M.D, tr.M.H, tr.M.T, shapes, tr.S.Rho, c.Batch, c.Block, c.DrawMinStep, c.RaoBlackwell, c.EMA)
}

// MarshalCheckpoint serializes the trainer's state with the PCG source of its RNG and the
// caller's extra bytes (the command keeps its training curve and clock there). Call it
// before UseAverage, which overwrites the weights.
func (tr *HeartbeatTrainer) MarshalCheckpoint(src *rand.PCG, extra []byte) ([]byte, error) {
	rngState, err := src.MarshalBinary()
	if err != nil {
		return nil, err
	}
	c := heartbeatCheckpoint{Version: CheckpointVersion, Signature: tr.signature(), Step: tr.step,
		AdamT: tr.trunkOpt.T, AdamM: tr.trunkOpt.M, AdamV: tr.trunkOpt.V,
		EMAK: tr.emaK, EMAStep: tr.emaStep, RNG: rngState, Extra: extra}
	for _, p := range tr.M.Params() {
		c.Weights = append(c.Weights, p.W)
	}
	for _, p := range []*nn.Param{tr.M.Readout.W, tr.M.Readout.B} {
		if st, ok := tr.roOpt.State(p); ok {
			c.Readout = append(c.Readout, st)
		}
	}
	for _, e := range tr.ema {
		c.EMA = append(c.EMA, e.W)
	}
	return encodeCheckpoint(&c)
}

// UnmarshalCheckpoint restores a state written by MarshalCheckpoint into tr (built with the
// same model shape and settings) and src, and returns the caller's extra bytes. A truncated,
// corrupt or mismatched file is refused with ErrCheckpoint, and then nothing is changed.
func (tr *HeartbeatTrainer) UnmarshalCheckpoint(data []byte, src *rand.PCG) (extra []byte, err error) {
	var c heartbeatCheckpoint
	if err := decodeCheckpoint(data, &c); err != nil {
		return nil, err
	}
	if c.Version != CheckpointVersion {
		return nil, fmt.Errorf("%w: format version %d, this build reads %d", ErrCheckpoint, c.Version, CheckpointVersion)
	}
	if sig := tr.signature(); c.Signature != sig {
		return nil, fmt.Errorf("%w: written for %q, this run is %q", ErrCheckpoint, c.Signature, sig)
	}
	ps := tr.M.Params()
	trunk := tr.M.TrunkParams()
	bad := len(c.Weights) != len(ps) || c.Step < 0 ||
		(c.AdamM != nil && (len(c.AdamM) != len(trunk) || len(c.AdamV) != len(trunk))) ||
		(len(c.Readout) != 0 && len(c.Readout) != 2) ||
		(tr.ema != nil && (len(c.EMA) != len(ps) || len(c.EMAK) != len(tr.emaK)))
	for i := 0; !bad && i < len(ps); i++ {
		bad = len(c.Weights[i]) != len(ps[i].W) || (tr.ema != nil && len(c.EMA[i]) != len(ps[i].W))
	}
	for i := 0; !bad && c.AdamM != nil && i < len(trunk); i++ {
		bad = len(c.AdamM[i]) != len(trunk[i].W) || len(c.AdamV[i]) != len(trunk[i].W)
	}
	if bad {
		return nil, fmt.Errorf("%w: its tensors do not fit this model", ErrCheckpoint)
	}
	ro := nn.NewSparseAdam(tr.roOpt.Rate)
	for i, p := range []*nn.Param{tr.M.Readout.W, tr.M.Readout.B} {
		if len(c.Readout) == 0 {
			break
		}
		if err := ro.SetState(p, c.Readout[i]); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCheckpoint, err)
		}
	}
	if err := src.UnmarshalBinary(c.RNG); err != nil {
		return nil, fmt.Errorf("%w: RNG state: %v", ErrCheckpoint, err)
	}
	for i, p := range ps {
		copy(p.W, c.Weights[i])
	}
	for i, e := range tr.ema {
		copy(e.W, c.EMA[i])
	}
	if tr.ema != nil {
		copy(tr.emaK, c.EMAK)
	}
	tr.emaStep = c.EMAStep
	tr.trunkOpt.T, tr.trunkOpt.M, tr.trunkOpt.V = c.AdamT, c.AdamM, c.AdamV
	tr.roOpt = ro
	tr.step = c.Step
	return c.Extra, nil
}
