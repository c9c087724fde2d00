package diffusion

import (
	"fmt"
	"math"
)

// PosteriorMeanReverse is the best factorised reverse kernel for data drawn uniformly from a
// finite set of binary rows: per bit, the rate
//
//	p(x_i^(t−1) = 1 | x^(t)) = Σ_k q(x^(0)_k | x^(t)) q(x_i^(t−1) = 1 | x^(t), x^(0)_k),
//
// the posterior mean of the forward posterior over the data given x^(t). Among reverse kernels
// that are products of Bernoullis it minimises every E KL_t of the bound, so its K is the
// ceiling any such network (the paper's included) can reach at this T. It is an oracle for
// tests and reports, not a model: it needs the data.
type PosteriorMeanReverse struct {
	S    *BinomialSchedule
	Data [][]float64
}

// Dim is the number of bits of the data rows.
func (p PosteriorMeanReverse) Dim() int { return len(p.Data[0]) }

func (p PosteriorMeanReverse) ReverseLogits(xt []float64, n, t int, logits []float64) {
	D, N := p.Dim(), len(p.Data)
	if t < 2 || t > p.S.T {
		panic(fmt.Sprintf("diffusion: PosteriorMeanReverse: step %d outside [2,%d]", t, p.S.T))
	}
	lw := make([]float64, N)
	for r := 0; r < n; r++ {
		x := xt[r*D : (r+1)*D]
		mx := math.Inf(-1)
		for k, x0 := range p.Data {
			var l float64
			for i, v := range x {
				m := p.S.Marginal(x0[i], t)
				if v == 1 {
					l += math.Log(m)
				} else {
					l += math.Log1p(-m)
				}
			}
			lw[k] = l
			mx = math.Max(mx, l)
		}
		var sum float64
		for k := range lw {
			lw[k] = math.Exp(lw[k] - mx)
			sum += lw[k]
		}
		for i, v := range x {
			var q float64
			for k, x0 := range p.Data {
				q += lw[k] / sum * p.S.Posterior(x0[i], v, t)
			}
			logits[r*D+i] = binomLogit(q)
		}
	}
}
