package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// LogLikResult is the importance-sampled log-likelihood of eq. 9.
type LogLikResult struct {
	// LogLikBits is the mean over points of log-mean-exp over trajectories of log w, in bits,
	// with its standard error over points. It is a stochastic lower bound on log p(x^(0)) that
	// tightens with the number of trajectories, and is ≥ K on average.
	LogLikBits, StdErrBits float64
	// SingleTrajBits is the mean of log w over all trajectories: equal to K in expectation.
	SingleTrajBits, SingleTrajStdErrBits float64
	Points, Trajectories                 int
}

// ISLogLik estimates log p(x^(0)) for each point of x0 (n×D) with nTraj forward trajectories
// x^(1…T) ~ q(·|x^(0)) (eq. 9):
//
//	log w = log π(x^(T)) + Σ_{t=2}^{T} [log p(x^(t−1)|x^(t)) − log q(x^(t)|x^(t−1))] + log π(x^(0)) − log π(x^(1)),
//
// the last two terms being the fixed edge step of eq. 44; p̂(x^(0)) = mean_n w_n, computed with
// log-sum-exp.
func (m *Model) ISLogLik(x0 []float64, nTraj int, rng *rand.Rand) (LogLikResult, error) {
	D := m.Net.Dim()
	if nTraj < 1 || D == 0 || len(x0) == 0 || len(x0)%D != 0 {
		return LogLikResult{}, fmt.Errorf("diffusion: ISLogLik: need ≥ 1 trajectory and whole %d-D points", D)
	}
	n := len(x0) / D
	T := m.Sched.T
	const chunkPts = 256
	perPoint := make([]float64, 0, n)
	singlePerPoint := make([]float64, 0, n) // mean log w over each point's trajectories
	var w klWork
	logPi := func(x []float64) float64 {
		var l float64
		for _, v := range x {
			l += LogNormal(v, 0, 1)
		}
		return l
	}
	for lo := 0; lo < n; lo += chunkPts {
		hi := min(lo+chunkPts, n)
		rows := (hi - lo) * nTraj
		prev := make([]float64, rows*D)
		cur := make([]float64, rows*D)
		for r := 0; r < rows; r++ {
			copy(prev[r*D:(r+1)*D], x0[(lo+r/nTraj)*D:(lo+r/nTraj+1)*D])
		}
		logw := make([]float64, rows)
		// t = 1: x^(1) ~ q(·|x^(0)); edge term log π(x^(0)) − log π(x^(1)).
		m.Sched.ForwardStep(prev, 1, rng, cur)
		for r := 0; r < rows; r++ {
			logw[r] = logPi(prev[r*D:(r+1)*D]) - logPi(cur[r*D:(r+1)*D])
		}
		prev, cur = cur, prev
		mu := make([]float64, rows*D)
		v := make([]float64, rows*D)
		ts := make([]int, rows)
		for t := 2; t <= T; t++ {
			m.Sched.ForwardStep(prev, t, rng, cur)
			for i := range ts {
				ts[i] = t
			}
			m.reverseStep(cur, t, &w, ts, mu, v)
			a := math.Sqrt(1 - m.Sched.Beta[t])
			for r := 0; r < rows; r++ {
				var l float64
				for d := r * D; d < (r+1)*D; d++ {
					l += LogNormal(prev[d], mu[d], v[d]) - LogNormal(cur[d], a*prev[d], m.Sched.Beta[t])
				}
				logw[r] += l
			}
			prev, cur = cur, prev
		}
		for r := 0; r < rows; r++ {
			logw[r] += logPi(prev[r*D : (r+1)*D])
		}
		for p := 0; p < hi-lo; p++ {
			lw := logw[p*nTraj : (p+1)*nTraj]
			perPoint = append(perPoint, logMeanExp(lw))
			m, _ := meanSE(lw)
			singlePerPoint = append(singlePerPoint, m)
		}
	}
	mean, se := meanSE(perPoint)
	// The standard errors are over points: trajectories of one point share its variance.
	sm, sse := meanSE(singlePerPoint)
	if math.IsNaN(mean) || math.IsInf(mean, 0) {
		return LogLikResult{}, fmt.Errorf("diffusion: ISLogLik: estimate is not finite")
	}
	return LogLikResult{
		LogLikBits: mean / Ln2, StdErrBits: se / Ln2,
		SingleTrajBits: sm / Ln2, SingleTrajStdErrBits: sse / Ln2,
		Points: n, Trajectories: nTraj,
	}, nil
}

// logMeanExp is log((1/n) Σ e^{x_i}) computed stably.
func logMeanExp(x []float64) float64 {
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

// meanSE returns the mean and its standard error sd(ddof=1)/√n.
func meanSE(x []float64) (mean, se float64) {
	var m2 float64
	for i, v := range x {
		d := v - mean
		mean += d / float64(i+1)
		m2 += d * (v - mean)
	}
	if len(x) > 1 {
		se = math.Sqrt(m2/float64(len(x)-1)) / math.Sqrt(float64(len(x)))
	}
	return mean, se
}
