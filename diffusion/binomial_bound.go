package diffusion

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// BinomialReverse is the learned reverse kernel of a binomial diffusion, behind the one small
// interface the bound, the sampler and the likelihood estimator need.
type BinomialReverse interface {
	// Dim is the number of bits D.
	Dim() int
	// ReverseLogits writes the logits z with σ(z) = p(x_i^(t−1) = 1 | x^(t)) for the n rows
	// of xt (row-major n×D, 0/1 values) into logits (n×D), for one step t ∈ [2, T].
	ReverseLogits(xt []float64, n, t int, logits []float64)
}

// ExactReversal is the exact reversal of the stationary binomial chain, p(x^(t−1) | x^(t)) =
// T_π(x^(t−1) | x^(t); β_t) (detailed balance, PAPER.md §2.1): the optimal reverse kernel when
// the data are iid Bernoulli(ρ), for which K = L_null exactly (a test oracle).
type ExactReversal struct {
	S *BinomialSchedule
	D int
}

func (e ExactReversal) Dim() int { return e.D }

func (e ExactReversal) ReverseLogits(xt []float64, n, t int, logits []float64) {
	for i, v := range xt[:n*e.D] {
		logits[i] = binomLogit(e.S.StepRate(v, t))
	}
}

// ErrNonFinite reports a NaN or infinite value from a reverse model.
var ErrNonFinite = errors.New("diffusion: non-finite value")

// BinomialBound is the bound K (eq. 14, binomial form PAPER.md §2.4) estimated over chains:
// Value ± StdErr in bits per example, and the per-step KL summed over chains.
type BinomialBound struct {
	// K and its standard error over chains, bits per example.
	K, KStdErr float64
	// Lnull is the mean of log π(x^(0)) over the chains' data, bits; KMinusLnull its
	// difference from K with the standard error of the paired difference.
	Lnull, KMinusLnull, KMinusLnullStdErr float64
	// Edge is the mean H_q(X^(1)|X^(0)) term, bits.
	Edge float64
	// KLPerStep[t] is the mean over chains of KL_t in bits (index t = 2…T; 0 and 1 unused).
	KLPerStep []float64
	// Chains is the number of chains.
	Chains int
}

func (b BinomialBound) String() string {
	return fmt.Sprintf("K = %.4f ± %.4f bits (K − L_null = %.4f ± %.4f, %d chains)", b.K, b.KStdErr, b.KMinusLnull, b.KMinusLnullStdErr, b.Chains)
}

// EvalBinomialBound estimates
//
//	K = −Σ_{t=2}^{T} E KL(q(x^(t−1)|x^(t),x^(0)) ‖ p(x^(t−1)|x^(t))) − Σ_i E H_b(x_i^(0)(1−β_1) + ρβ_1)
//
// (eq. 14 with β_T = 1, so H_q(X^(T)|X^(0)) = H_p(X^(T)) cancel) with one chain per row of x0
// (n×D, 0/1): each chain sums all T−1 KL terms, each term with its own draw
// x^(t) ~ q(x^(t)|x^(0)); t is not sampled. K is the mean over chains, the standard error their
// sd/√n. All arithmetic is float64; a non-finite logit returns ErrNonFinite.
func EvalBinomialBound(s *BinomialSchedule, m BinomialReverse, x0 []float64, rng *rand.Rand) (BinomialBound, error) {
	D := m.Dim()
	if D <= 0 || len(x0) == 0 || len(x0)%D != 0 {
		return BinomialBound{}, fmt.Errorf("diffusion: EvalBinomialBound: %d values do not form rows of %d bits", len(x0), D)
	}
	if err := checkBits(x0); err != nil {
		return BinomialBound{}, err
	}
	n := len(x0) / D
	kl := make([]float64, n) // Σ_t KL_t per chain, nats
	perStep := make([]float64, s.T+1)
	xt := make([]float64, n*D)
	logits := make([]float64, n*D)
	for t := 2; t <= s.T; t++ {
		for i, v := range x0 {
			xt[i] = bernoulli(s.Marginal(v, t), rng)
		}
		m.ReverseLogits(xt, n, t, logits)
		var sum float64
		for r := 0; r < n; r++ {
			var k float64
			for j := r * D; j < (r+1)*D; j++ {
				z := logits[j]
				if math.IsNaN(z) || math.IsInf(z, 0) {
					return BinomialBound{}, fmt.Errorf("%w: logit at step t = %d", ErrNonFinite, t)
				}
				k += BernoulliKLLogit(s.Posterior(x0[j], xt[j], t), z)
			}
			kl[r] += k
			sum += k
		}
		perStep[t] = sum / float64(n) / math.Ln2
	}
	kc := make([]float64, n)
	dc := make([]float64, n)
	var edge, lnull float64
	for r := 0; r < n; r++ {
		row := x0[r*D : (r+1)*D]
		h := s.EdgeEntropy(row)
		lp := s.LogPi(row)
		edge += h
		lnull += lp
		kc[r] = (-kl[r] - h) / math.Ln2
		dc[r] = kc[r] - lp/math.Ln2
	}
	b := BinomialBound{Edge: edge / float64(n) / math.Ln2, Lnull: lnull / float64(n) / math.Ln2, KLPerStep: perStep, Chains: n}
	b.K, b.KStdErr = binomMeanSE(kc)
	b.KMinusLnull, b.KMinusLnullStdErr = binomMeanSE(dc)
	return b, nil
}

func checkBits(x []float64) error {
	for i, v := range x {
		if v != 0 && v != 1 {
			return fmt.Errorf("diffusion: binomial data must be 0/1, value %d is %v", i, v)
		}
	}
	return nil
}

func bernoulli(p float64, rng *rand.Rand) float64 {
	if rng.Float64() < p {
		return 1
	}
	return 0
}

// binomMeanSE is the mean and its standard error sd/√n (sd with n−1 degrees of freedom).
func binomMeanSE(x []float64) (mean, se float64) {
	n := float64(len(x))
	for _, v := range x {
		mean += v
	}
	mean /= n
	if len(x) < 2 {
		return mean, math.NaN()
	}
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / (n - 1) / n)
}

// binomLogMeanExp is log((1/n) Σ exp(x_i)) through log-sum-exp.
func binomLogMeanExp(x []float64) float64 {
	mx := math.Inf(-1)
	for _, v := range x {
		mx = math.Max(mx, v)
	}
	if math.IsInf(mx, -1) {
		return mx
	}
	var s float64
	for _, v := range x {
		s += math.Exp(v - mx)
	}
	return mx + math.Log(s/float64(len(x)))
}

// BinomialLogLik is the importance-sampled log-likelihood of eq. 9 in bits per example.
type BinomialLogLik struct {
	// LogLik ± StdErr: mean over examples of log-mean-exp over trajectories of log w, bits.
	LogLik, StdErr float64
	// SingleTraj ± SingleTrajStdErr: mean of log w itself (equal to K in expectation), bits.
	SingleTraj, SingleTrajStdErr float64
	Examples, Trajectories       int
}

func (l BinomialLogLik) String() string {
	return fmt.Sprintf("log p ≥ %.4f ± %.4f bits (%d examples × %d trajectories)", l.LogLik, l.StdErr, l.Examples, l.Trajectories)
}

// BinomialISLogLik estimates log p(x^(0)) for each row of x0 by eq. 9 with nTraj forward
// trajectories x^(1…T) ~ q(·|x^(0)):
//
//	log w = log π(x^(T)) + Σ_{t=2}^{T} [log p(x^(t−1)|x^(t)) − log q(x^(t)|x^(t−1))] + log π(x^(0)) − log π(x^(1)),
//
// where the last two terms are the fixed edge step p(x^(0)|x^(1)) = T_π(x^(0)|x^(1); β_1)
// divided by q(x^(1)|x^(0)) (detailed balance, eq. 44). The estimate per example is the
// log-mean-exp of log w over trajectories (a stochastic lower bound of log p that tightens with
// nTraj); the result averages it over examples.
func BinomialISLogLik(s *BinomialSchedule, m BinomialReverse, x0 []float64, nTraj int, rng *rand.Rand) (BinomialLogLik, error) {
	D := m.Dim()
	if D <= 0 || len(x0) == 0 || len(x0)%D != 0 {
		return BinomialLogLik{}, fmt.Errorf("diffusion: BinomialISLogLik: %d values do not form rows of %d bits", len(x0), D)
	}
	if nTraj < 1 {
		return BinomialLogLik{}, fmt.Errorf("diffusion: BinomialISLogLik: %d trajectories, need at least 1", nTraj)
	}
	if err := checkBits(x0); err != nil {
		return BinomialLogLik{}, err
	}
	nx := len(x0) / D
	n := nx * nTraj
	prev := make([]float64, n*D)
	cur := make([]float64, n*D)
	logits := make([]float64, n*D)
	logw := make([]float64, n)
	for r := 0; r < n; r++ {
		src := x0[(r/nTraj)*D : (r/nTraj+1)*D]
		row := prev[r*D : (r+1)*D]
		for j, v := range src {
			row[j] = bernoulli(s.StepRate(v, 1), rng)
		}
		logw[r] = s.LogPi(src) - s.LogPi(row)
	}
	for t := 2; t <= s.T; t++ {
		for j, v := range prev {
			cur[j] = bernoulli(s.StepRate(v, t), rng)
		}
		m.ReverseLogits(cur, n, t, logits)
		for r := 0; r < n; r++ {
			var lw float64
			for j := r * D; j < (r+1)*D; j++ {
				z := logits[j]
				if math.IsNaN(z) || math.IsInf(z, 0) {
					return BinomialLogLik{}, fmt.Errorf("%w: logit at step t = %d", ErrNonFinite, t)
				}
				if prev[j] == 1 { // log p(x^(t−1)|x^(t))
					lw += LogSigmoid(z)
				} else {
					lw += LogSigmoid(-z)
				}
				q := s.StepRate(prev[j], t) // log q(x^(t)|x^(t−1))
				if cur[j] == 1 {
					lw -= math.Log(q)
				} else {
					lw -= math.Log1p(-q)
				}
			}
			logw[r] += lw
		}
		prev, cur = cur, prev
	}
	est := make([]float64, nx)
	single := make([]float64, nx)
	for i := 0; i < nx; i++ {
		ws := logw[i*nTraj : (i+1)*nTraj]
		for r := range ws {
			ws[r] += s.LogPi(prev[(i*nTraj+r)*D : (i*nTraj+r+1)*D])
		}
		est[i] = binomLogMeanExp(ws) / math.Ln2
		var mw float64
		for _, v := range ws {
			mw += v
		}
		single[i] = mw / float64(nTraj) / math.Ln2
	}
	res := BinomialLogLik{Examples: nx, Trajectories: nTraj}
	res.LogLik, res.StdErr = binomMeanSE(est)
	res.SingleTraj, res.SingleTrajStdErr = binomMeanSE(single)
	return res, nil
}
