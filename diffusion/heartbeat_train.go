package diffusion

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

// HeartbeatTrainConfig sets the optimisation of a HeartbeatMLP on the binomial bound.
type HeartbeatTrainConfig struct {
	// Steps is the number of optimiser steps (default 36000: about 8.5 min on 2 idle cores).
	Steps int
	// Batch is the number of x^(t) draws (trunk passes) per step (default 512). Their base
	// steps t are stratified over 2…T: t_j = 2 + ⌊(j+u)(T−1)/Batch⌋ with one u ~ U[0,1).
	Batch int
	// Block is the number of consecutive steps whose readouts share each trunk pass (default
	// 8): the steps 2…T are cut into blocks of Block; a draw x ~ q(x^(t)|·) at base step t
	// trains the readouts of every step t′ of t's block, with the importance weight
	// q(x^(t′) = x)/q(x^(t) = x), so the loss stays an unbiased estimate of Σ_t E KL_t while each
	// readout sees Block times more data for one trunk pass. Block = 1 is the plain estimator.
	Block int
	// LR and LREnd: Adam's learning rate decays exponentially from LR to LREnd over Steps
	// (defaults 1e-2 and 5e-4; measured at 4000 steps, batch 1024: 1e-2 → 1e-3 reached
	// K = −2.525 bits, the PyTorch peer's 3e-2 → 1e-4 −2.700, 5e-3 → 1e-3 −2.550).
	LR, LREnd float64
	// RaoBlackwell replaces the posterior target q(x^(t−1)|x^(t), x^(0)) by its average over
	// the training set given x^(t), Σ_k q(x^(0)_k | x^(t)) q(x^(t−1)|x^(t), x^(0)_k): the same
	// expected loss and gradient (the KL's cross-entropy is linear in the target) with less
	// variance (default true).
	RaoBlackwell bool
	// Workers is the number of goroutines for the readouts and the loss (default 2).
	Workers int
	// DrawMinStep oversamples the rare noisy inputs of the first steps (default 100; 0: off): the
	// draw for base step t is taken at step t_d = max(t, DrawMinStep), x ~ q(x^(t_d)|x^(0)),
	// and every readout it trains (step t′) is weighted by q(x^(t′) = x)/q(x^(t_d) = x). At
	// small t a bit that differs from x^(0) is a rare event (probability ≈ t/T per bit) that
	// the readouts must learn to recognise; drawing at t_d makes it t_d/t times more frequent,
	// with weight ≈ t/t_d, so the loss stays unbiased while its variance drops.
	DrawMinStep int
	// EMA is the decay γ of an exponential moving average of the parameters (Polyak
	// averaging, default 0: off). The shared layers are averaged every step and each readout
	// on the steps that touch it, with decay min(γ, (1+k)/(10+k)) after k updates (so early
	// values are forgotten quickly). UseAverage copies the averages into the model. (Measured
	// with the default schedule: no gain, its final learning rate being already small.)
	EMA float64
}

// DefaultHeartbeatTrainConfig returns the defaults documented on the fields.
func DefaultHeartbeatTrainConfig() HeartbeatTrainConfig {
	return HeartbeatTrainConfig{Steps: 36000, Batch: 512, Block: 8, LR: 1e-2, LREnd: 5e-4, RaoBlackwell: true, Workers: 2, DrawMinStep: 100}
}

// ErrSkippedStep reports a training step whose loss or gradient was not finite; the
// parameters were left unchanged.
var ErrSkippedStep = errors.New("diffusion: non-finite loss or gradient, step skipped")

// HeartbeatTrainer minimises −K for a HeartbeatMLP over a finite training set of binary rows
// (each drawn with equal probability), with Adam on the shared layers and the lazy row-wise
// SparseAdam on the per-step readouts (only the readouts a step touches are updated).
type HeartbeatTrainer struct {
	Cfg  HeartbeatTrainConfig
	S    *BinomialSchedule
	M    *HeartbeatMLP
	Data [][]float64

	rng      *rand.Rand
	trunkOpt *nn.Adam
	roOpt    *nn.SparseAdam
	step     int

	ema     []*nn.Param // averages of M.Params(), same order
	emaK    []int32     // updates per readout row
	emaStep int         // updates of the shared layers

	// per-step tables (index t): log q(x^(t)=v | x^(0)=u) as lq[t][2u+v], the posterior
	// q(x^(t−1)=1 | x^(t)=v, x^(0)=u) as post[t][2u+v] and its negative entropy as negH[t][2u+v].
	lq, post, negH [][4]float64

	b heartbeatBatch
}

// heartbeatBatch is one step's draws and scratch.
type heartbeatBatch struct {
	n      int       // base draws
	tBase  []int     // base step per draw
	tDraw  []int     // step the draw is taken at (≥ tBase)
	k      []int     // training row per draw
	x      []float64 // n×D draws x ~ q(x^(t)|x^(0)_k)
	x32    []float32 // encoded
	cnt    []int32   // n×N×4 counts: #bits with (x^(0)_k, x) = (u, v) at index 2u+v
	acts   [][]float32
	dh     []float32
	dscr   []float32
	nE     int   // expanded rows (draw, step t′)
	eBase  []int // draw of each expanded row
	eStep  []int // step t′
	eRow   []int // readout row t′ − 2
	hE     []float32
	yE     []float32
	dyE    []float32
	dhE    []float32
	split  []int // expanded-row boundaries of the workers (block-aligned)
	touch  []int // readout rows touched
	lossW  []float64
	scrW   [][]float64 // per worker: 2N values for rowsLossGrad's log q and weights
	badW   []bool
	lqBase []float64 // n×N: log q(x | x^(0)_k, t_draw)
}

// NewHeartbeatTrainer checks the configuration and the data (rows of M.D bits) and builds
// the tables.
func NewHeartbeatTrainer(s *BinomialSchedule, m *HeartbeatMLP, data [][]float64, cfg HeartbeatTrainConfig, rng *rand.Rand) (*HeartbeatTrainer, error) {
	if s.T != m.T {
		return nil, fmt.Errorf("diffusion: trainer: schedule has T = %d, model %d", s.T, m.T)
	}
	if !(cfg.EMA >= 0 && cfg.EMA < 1) {
		return nil, fmt.Errorf("diffusion: trainer: EMA decay %v outside [0,1)", cfg.EMA)
	}
	if cfg.DrawMinStep < 0 {
		return nil, fmt.Errorf("diffusion: trainer: DrawMinStep = %d is negative", cfg.DrawMinStep)
	}
	if cfg.Steps < 1 || cfg.Batch < 1 || cfg.Block < 1 || cfg.Workers < 1 {
		return nil, fmt.Errorf("diffusion: trainer: steps, batch, block and workers must be positive (got %d, %d, %d, %d)", cfg.Steps, cfg.Batch, cfg.Block, cfg.Workers)
	}
	if !(cfg.LR > 0) || !(cfg.LREnd > 0) || math.IsInf(cfg.LR, 0) || math.IsInf(cfg.LREnd, 0) {
		return nil, fmt.Errorf("diffusion: trainer: learning rates must be positive and finite (got %v, %v)", cfg.LR, cfg.LREnd)
	}
	if len(data) == 0 {
		return nil, errors.New("diffusion: trainer: empty training set")
	}
	for i, row := range data {
		if len(row) != m.D {
			return nil, fmt.Errorf("diffusion: trainer: training row %d has %d bits, model %d", i, len(row), m.D)
		}
		if err := checkBits(row); err != nil {
			return nil, err
		}
	}
	tr := &HeartbeatTrainer{Cfg: cfg, S: s, M: m, Data: data, rng: rng,
		trunkOpt: nn.NewAdam(cfg.LR), roOpt: nn.NewSparseAdam(cfg.LR)}
	tr.lq = make([][4]float64, s.T+1)
	tr.post = make([][4]float64, s.T+1)
	tr.negH = make([][4]float64, s.T+1)
	for t := 1; t <= s.T; t++ {
		for u := 0; u < 2; u++ {
			mu := s.Marginal(float64(u), t)
			tr.lq[t][2*u+1] = math.Log(mu)
			tr.lq[t][2*u] = math.Log1p(-mu)
			for v := 0; v < 2; v++ {
				p := s.Posterior(float64(u), float64(v), t)
				tr.post[t][2*u+v] = p
				tr.negH[t][2*u+v] = -BernoulliEntropy(p)
			}
		}
	}
	if cfg.EMA > 0 {
		for _, p := range m.Params() {
			q := nn.NewParam(p.Name+".ema", len(p.W))
			copy(q.W, p.W)
			q.G = nil
			tr.ema = append(tr.ema, q)
		}
		tr.emaK = make([]int32, m.Readout.Steps)
	}
	return tr, nil
}

// emaDecay is the averaging decay after k updates.
func (tr *HeartbeatTrainer) emaDecay(k int) float32 {
	return float32(min(tr.Cfg.EMA, float64(1+k)/float64(10+k)))
}

// updateAverage folds the current parameters into the averages: every shared parameter and
// the touched readout rows.
func (tr *HeartbeatTrainer) updateAverage() {
	ps := tr.M.Params()
	nTrunk := len(tr.M.TrunkParams())
	d := tr.emaDecay(tr.emaStep)
	tr.emaStep++
	for i, p := range ps[:nTrunk] {
		avg := tr.ema[i].W
		for j, w := range p.W {
			avg[j] += (1 - d) * (w - avg[j])
		}
	}
	ro := tr.M.Readout
	for _, r := range tr.b.touch {
		d := tr.emaDecay(int(tr.emaK[r]))
		tr.emaK[r]++
		for pi, rowLen := range []int{ro.In * ro.Out, ro.Out} {
			w := ps[nTrunk+pi].W[r*rowLen : (r+1)*rowLen]
			avg := tr.ema[nTrunk+pi].W[r*rowLen : (r+1)*rowLen]
			for j := range w {
				avg[j] += (1 - d) * (w[j] - avg[j])
			}
		}
	}
}

// UseAverage copies the parameter averages into the model (a no-op without EMA). Training
// may continue afterwards, but from the averaged point.
func (tr *HeartbeatTrainer) UseAverage() {
	if tr.ema != nil {
		nn.CopyParams(tr.M.Params(), tr.ema)
	}
}

// StepsDone is the number of steps taken (skipped ones included).
func (tr *HeartbeatTrainer) StepsDone() int { return tr.step }

// LR is the learning rate of step i (0-based) of the exponential decay LR → LREnd.
func (tr *HeartbeatTrainer) LR(i int) float64 {
	if tr.Cfg.Steps <= 1 {
		return tr.Cfg.LR
	}
	return tr.LRAt(float64(i) / float64(tr.Cfg.Steps-1))
}

// LRAt is the learning rate at the fraction f ∈ [0,1] of training: LR·(LREnd/LR)^f.
func (tr *HeartbeatTrainer) LRAt(f float64) float64 {
	f = min(1, max(0, f))
	return tr.Cfg.LR * math.Pow(tr.Cfg.LREnd/tr.Cfg.LR, f)
}

// blockOf returns the steps [lo, hi] of the readout block holding step t.
func (tr *HeartbeatTrainer) blockOf(t int) (lo, hi int) {
	b := (t - 2) / tr.Cfg.Block
	lo = 2 + b*tr.Cfg.Block
	return lo, min(tr.S.T, lo+tr.Cfg.Block-1)
}

// Step draws a batch, computes the loss (an unbiased estimate of Σ_{t=2}^T E KL_t in nats per
// example) and its gradient, and updates the parameters with the learning rate LR(StepsDone()).
// A non-finite loss or gradient leaves the parameters unchanged and returns ErrSkippedStep.
func (tr *HeartbeatTrainer) Step() (loss float64, err error) {
	return tr.StepLR(tr.LR(tr.step))
}

// StepLR is Step with the learning rate given (e.g. LRAt of the elapsed fraction of a time
// budget); Cfg.Steps is then not used.
func (tr *HeartbeatTrainer) StepLR(lr float64) (loss float64, err error) {
	tr.sample()
	loss = tr.lossGrad()
	tr.step++
	ps := tr.M.TrunkParams()
	ro := tr.M.Readout
	ok, _ := nn.GradsFinite(ps)
	if ok && !math.IsNaN(loss) && !math.IsInf(loss, 0) {
		tr.trunkOpt.SetLR(lr)
		tr.roOpt.SetLR(lr)
		tr.trunkOpt.Step(ps)
		tr.roOpt.StepRows(ro.W, ro.In*ro.Out, tr.b.touch)
		tr.roOpt.StepRows(ro.B, ro.Out, tr.b.touch)
		if tr.ema != nil {
			tr.updateAverage()
		}
	} else {
		err = fmt.Errorf("%w (step %d, loss %v)", ErrSkippedStep, tr.step, loss)
	}
	nn.ZeroGrads(ps)
	for _, r := range tr.b.touch {
		clear(ro.W.G[r*ro.In*ro.Out : (r+1)*ro.In*ro.Out])
		clear(ro.B.G[r*ro.Out : (r+1)*ro.Out])
	}
	return loss, err
}

// sample draws the base steps, training rows and x^(t) of one batch and lays out the
// expanded (draw, step) rows.
func (tr *HeartbeatTrainer) sample() {
	s, m, cfg := tr.S, tr.M, tr.Cfg
	D, N, n := m.D, len(tr.Data), cfg.Batch
	b := &tr.b
	b.n = n
	b.tBase = growInt(b.tBase, n)
	b.tDraw = growInt(b.tDraw, n)
	b.k = growInt(b.k, n)
	b.x = growF64(b.x, n*D)
	u := tr.rng.Float64()
	for j := 0; j < n; j++ {
		b.tBase[j] = 2 + int((float64(j)+u)*float64(s.T-1)/float64(n))
		b.k[j] = tr.rng.IntN(N)
		x0 := tr.Data[b.k[j]]
		t := min(s.T, max(b.tBase[j], cfg.DrawMinStep))
		b.tDraw[j] = t
		for i := 0; i < D; i++ {
			b.x[j*D+i] = bernoulli(s.Marginal(x0[i], t), tr.rng)
		}
	}
	tr.layout()
}

// layout builds the expanded rows, the worker split and the counts for the current draws.
func (tr *HeartbeatTrainer) layout() {
	m, cfg := tr.M, tr.Cfg
	D, N, n := m.D, len(tr.Data), tr.b.n
	b := &tr.b
	b.eBase, b.eStep = b.eBase[:0], b.eStep[:0]
	b.touch = b.touch[:0]
	b.split = append(b.split[:0], 0)
	lastHi := -1
	for j := 0; j < n; j++ {
		lo, hi := tr.blockOf(b.tBase[j])
		// A worker boundary may fall only between blocks, so that no two workers accumulate
		// into the same readout.
		if lastHi >= 0 && lo > lastHi && len(b.split) < cfg.Workers && len(b.eBase) >= len(b.split)*n*cfg.Block/cfg.Workers {
			b.split = append(b.split, len(b.eBase))
		}
		lastHi = hi
		for t := lo; t <= hi; t++ {
			b.eBase = append(b.eBase, j)
			b.eStep = append(b.eStep, t)
		}
	}
	b.split = append(b.split, len(b.eBase))
	b.nE = len(b.eBase)
	// touched readout rows (draws are sorted by base step, so blocks come in order)
	b.eRow = growInt(b.eRow, b.nE)
	for e := 0; e < b.nE; e++ {
		r := b.eStep[e] - 2
		b.eRow[e] = r
		if len(b.touch) == 0 || r > b.touch[len(b.touch)-1] {
			b.touch = append(b.touch, r)
		}
	}
	b.cnt = growI32(b.cnt, n*N*4)
	clear(b.cnt)
	for j := 0; j < n; j++ {
		xr := b.x[j*D : (j+1)*D]
		for k, x0 := range tr.Data {
			c := b.cnt[(j*N+k)*4 : (j*N+k+1)*4]
			for i, v := range xr {
				c[2*int(x0[i])+int(v)]++
			}
		}
	}
	b.lqBase = growF64(b.lqBase, n*N)
	for j := 0; j < n; j++ {
		for k := 0; k < N; k++ {
			b.lqBase[j*N+k] = tr.logq(j, k, b.tDraw[j])
		}
	}
}

// logq is log q(x_j | x^(0)_k, t) from the counts.
func (tr *HeartbeatTrainer) logq(j, k, t int) float64 {
	N := len(tr.Data)
	c := tr.b.cnt[(j*N+k)*4 : (j*N+k+1)*4]
	l := &tr.lq[t]
	return float64(c[0])*l[0] + float64(c[1])*l[1] + float64(c[2])*l[2] + float64(c[3])*l[3]
}

// lossGrad runs the network on the current batch, accumulates the gradients of the loss
// into Param.G and returns the loss (nats per example, summed over steps).
func (tr *HeartbeatTrainer) lossGrad() float64 {
	m := tr.M
	b := &tr.b
	D, H, n, nE := m.D, m.H, b.n, b.nE
	if len(b.acts) != 2*len(m.Layers) {
		b.acts = make([][]float32, 2*len(m.Layers))
	}
	for i := range b.acts {
		b.acts[i] = growF32(b.acts[i], n*H)
	}
	b.x32 = growF32(b.x32, n*D)
	encodeBits(b.x[:n*D], b.x32)
	h := m.trunkForward(b.x32, n, b.acts)
	b.hE = growF32(b.hE, nE*H)
	b.yE = growF32(b.yE, nE*D)
	b.dyE = growF32(b.dyE, nE*D)
	b.dhE = growF32(b.dhE, nE*H)
	for e, j := range b.eBase[:nE] {
		copy(b.hE[e*H:(e+1)*H], h[j*H:(j+1)*H])
	}
	nw := len(b.split) - 1
	b.lossW = growF64(b.lossW, nw)
	for len(b.scrW) < nw {
		b.scrW = append(b.scrW, make([]float64, 2*len(tr.Data)))
	}
	var wg sync.WaitGroup
	for w := 0; w < nw; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			lo, hi := b.split[w], b.split[w+1]
			if lo == hi {
				b.lossW[w] = 0
				return
			}
			hw, yw, dyw, dhw := b.hE[lo*H:hi*H], b.yE[lo*D:hi*D], b.dyE[lo*D:hi*D], b.dhE[lo*H:hi*H]
			st := b.eRow[lo:hi]
			m.Readout.Forward(hw, st, yw)
			b.lossW[w] = tr.rowsLossGrad(lo, hi, b.scrW[w])
			m.Readout.Backward(hw, st, dyw, dhw)
		}(w)
	}
	wg.Wait()
	var loss float64
	for _, l := range b.lossW[:nw] {
		loss += l
	}
	b.dh = growF32(b.dh, n*H)
	clear(b.dh)
	for e, j := range b.eBase[:nE] {
		d, src := b.dh[j*H:(j+1)*H], b.dhE[e*H:(e+1)*H]
		for i, v := range src {
			d[i] += v
		}
	}
	b.dscr = growF32(b.dscr, n*H)
	m.trunkBackward(b.x32, n, b.acts, b.dh, b.dscr)
	return loss
}

// rowsLossGrad computes, for the expanded rows [lo, hi), the weighted KL loss and writes
// dL/dlogit into dyE. Loss per expanded row e = (draw j, step t′):
//
//	ℓ_e = (T−1)/(|block|·Batch) · w_e · Σ_i KL(target_i ‖ σ(z_i)),
//	w_e = q(x_j at t′)/q(x_j at t_d)  (importance weight of the shared draw taken at t_d),
//
// with, under RaoBlackwell, the expectation over the training rows given x_j at t′ (target
// q̄_i = Σ_k π_k q_i(k), π_k ∝ q(x_j | x^(0)_k, t′)) and otherwise the draw's own row.
// scratch holds 2·len(Data) values (allocated once per worker, not per step).
func (tr *HeartbeatTrainer) rowsLossGrad(lo, hi int, scratch []float64) float64 {
	m, s, b := tr.M, tr.S, &tr.b
	D, N := m.D, len(tr.Data)
	lqs, pis := scratch[:N], scratch[N:2*N]
	var loss float64
	for e := lo; e < hi; e++ {
		j := b.eBase[e]
		t := b.eStep[e]
		blo, bhi := tr.blockOf(t)
		scale := float64(s.T-1) / float64((bhi-blo+1)*b.n)
		xr := b.x[j*D : (j+1)*D]
		z := b.yE[e*D : (e+1)*D]
		dz := b.dyE[e*D : (e+1)*D]
		var lw float64
		if tr.Cfg.RaoBlackwell {
			mx, mxb := math.Inf(-1), math.Inf(-1)
			for k := 0; k < N; k++ {
				lqs[k] = tr.logq(j, k, t)
				mx = math.Max(mx, lqs[k])
				mxb = math.Max(mxb, b.lqBase[j*N+k])
			}
			var sum, sumb float64
			for k := 0; k < N; k++ {
				pis[k] = math.Exp(lqs[k] - mx)
				sum += pis[k]
				sumb += math.Exp(b.lqBase[j*N+k] - mxb)
			}
			for k := range pis {
				pis[k] /= sum
			}
			lw = (mx + math.Log(sum)) - (mxb + math.Log(sumb))
		} else {
			k := b.k[j]
			lw = tr.logq(j, k, t) - b.lqBase[j*N+k]
		}
		w := scale * math.Exp(lw)
		post, negH := &tr.post[t], &tr.negH[t]
		var l float64
		for i := 0; i < D; i++ {
			v := int(xr[i])
			var q, nh float64
			if tr.Cfg.RaoBlackwell {
				for k, x0 := range tr.Data {
					idx := 2*int(x0[i]) + v
					q += pis[k] * post[idx]
					nh += pis[k] * negH[idx]
				}
			} else {
				idx := 2*int(tr.Data[b.k[j]][i]) + v
				q, nh = post[idx], negH[idx]
			}
			// −q log σ(z) − (1−q) log σ(−z) = softplus(−z) + (1−q)z, and σ(z), from one
			// exp(−|z|) and one log1p.
			zi := float64(z[i])
			ez := math.Exp(-math.Abs(zi))
			sp := math.Log1p(ez) + math.Max(-zi, 0)
			sig := 1 / (1 + ez)
			if zi < 0 {
				sig = ez / (1 + ez)
			}
			l += nh + sp + (1-q)*zi
			dz[i] = float32(w * (sig - q))
		}
		loss += w * l
	}
	return loss
}

func growInt(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}

func growI32(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

func growF64(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}
