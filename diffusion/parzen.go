package diffusion

import (
	"runtime"
	"sync"
	"sync/atomic"

	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// ParzenResult is the mean log-likelihood of test points under a Gaussian kernel density
// estimate, in nats and bits, with the standard error over test points.
type ParzenResult struct {
	Sigma                  float64
	MeanNats, StdErrNats   float64
	MeanBits, StdErrBits   float64
	NumCentres, NumTest, D int
}

func (p ParzenResult) String() string {
	return fmt.Sprintf("%.1f ± %.1f bits (σ = %.3g, %d centres, %d test points)", p.MeanBits, p.StdErrBits, p.Sigma, p.NumCentres, p.NumTest)
}

// ParzenLogLik evaluates the Parzen-window (Gaussian kernel density) estimator of Goodfellow
// et al. 2014's evaluation code, used for the paper's Table 2, at every bandwidth in sigmas:
//
//	log p̂(x) = logsumexp_j(−‖x − c_j‖²/(2σ²)) − log m − (D/2) log(2πσ²),
//
// for m centres c_j (n×D rows of centres) and test points x (rows of test), in float64 with
// log-sum-exp. Squared distances come from one GEMM per block of test points
// (‖x‖² + ‖c‖² − 2 x·c). It returns one result per σ.
func ParzenLogLik(centres, test []float64, D int, sigmas []float64) ([]ParzenResult, error) {
	if D <= 0 || len(centres) == 0 || len(test) == 0 || len(centres)%D != 0 || len(test)%D != 0 {
		return nil, fmt.Errorf("diffusion: ParzenLogLik: %d centre and %d test values are not whole %d-D points", len(centres), len(test), D)
	}
	for _, s := range sigmas {
		if !(s > 0) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("diffusion: ParzenLogLik: bandwidth %v", s)
		}
	}
	if len(sigmas) == 0 {
		return nil, fmt.Errorf("diffusion: ParzenLogLik: no bandwidths")
	}
	m, n := len(centres)/D, len(test)/D
	cn := make([]float64, m)
	for j := range cn {
		cn[j] = dotf64(centres[j*D:(j+1)*D], centres[j*D:(j+1)*D])
	}
	// Blocks of test points are shared out over the cores; each point's log-likelihoods go
	// to ll and are summed in point order afterwards, so the result does not depend on the
	// number of workers.
	const block = 256
	K := len(sigmas)
	ll := make([]float64, n*K)
	nb := (n + block - 1) / block
	workers := min(runtime.GOMAXPROCS(0), nb)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			g := make([]float64, block*m)
			for b := int(next.Add(1) - 1); b < nb; b = int(next.Add(1) - 1) {
				lo := b * block
				parzenBlock(centres, cn, test[lo*D:min(lo+block, n)*D], D, sigmas, g, ll[lo*K:])
			}
		})
	}
	wg.Wait()
	sums := make([]float64, K)
	sq := make([]float64, K)
	for i := range n {
		for k, l := range ll[i*K : (i+1)*K] {
			sums[k] += l
			sq[k] += l * l
		}
	}
	out := make([]ParzenResult, len(sigmas))
	for k, s := range sigmas {
		mean := sums[k] / float64(n)
		se := 0.0
		if n > 1 {
			se = math.Sqrt(math.Max(sq[k]/float64(n)-mean*mean, 0)*float64(n)/float64(n-1)) / math.Sqrt(float64(n))
		}
		if math.IsNaN(mean) || math.IsInf(mean, 0) {
			return nil, fmt.Errorf("diffusion: ParzenLogLik: non-finite mean log-likelihood at σ = %v", s)
		}
		out[k] = ParzenResult{Sigma: s, MeanNats: mean, StdErrNats: se, MeanBits: mean / Ln2, StdErrBits: se / Ln2, NumCentres: m, NumTest: n, D: D}
	}
	return out, nil
}

// ParzenSelect chooses the bandwidth with the highest mean log-likelihood on the validation
// points and evaluates the test points with it (the GAN code's protocol: σ from a grid,
// chosen on a validation split). It returns the test result and the validation scores.
func ParzenSelect(centres, valid, test []float64, D int, sigmas []float64) (ParzenResult, []ParzenResult, error) {
	vs, err := ParzenLogLik(centres, valid, D, sigmas)
	if err != nil {
		return ParzenResult{}, nil, err
	}
	best := 0
	for k := range vs {
		if vs[k].MeanNats > vs[best].MeanNats {
			best = k
		}
	}
	ts, err := ParzenLogLik(centres, test, D, []float64{sigmas[best]})
	if err != nil {
		return ParzenResult{}, nil, err
	}
	return ts[0], vs, nil
}

// GANParzenSigmas is the bandwidth grid of Goodfellow et al.'s parzen_ll.py for MNIST in
// [0, 1] pixel units: numpy.logspace(−1, 0, 10).
func GANParzenSigmas() []float64 {
	s := make([]float64, 10)
	for i := range s {
		s[i] = math.Pow(10, -1+float64(i)/9)
	}
	return s
}

func dotf64(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// parzenBlock writes log p̂(x) at every bandwidth for the test points x of one block into
// ll (point-major: len(sigmas) values per point), using g (≥ points × centres) for the
// GEMM of x·c and then the squared distances.
func parzenBlock(centres, cn, test []float64, D int, sigmas, g, ll []float64) {
	m, rows := len(cn), len(test)/D
	blas64.Gemm(blas.NoTrans, blas.Trans, 1,
		blas64.General{Rows: rows, Cols: D, Stride: D, Data: test},
		blas64.General{Rows: m, Cols: D, Stride: D, Data: centres},
		0, blas64.General{Rows: rows, Cols: m, Stride: m, Data: g[:rows*m]})
	K := len(sigmas)
	for i := 0; i < rows; i++ {
		x := test[i*D : (i+1)*D]
		xn := dotf64(x, x)
		row := g[i*m : (i+1)*m]
		for j := range row {
			row[j] = max(xn+cn[j]-2*row[j], 0) // squared distance
		}
		for k, s := range sigmas {
			a := -1 / (2 * s * s)
			mx := math.Inf(-1)
			for _, d2 := range row {
				mx = math.Max(mx, a*d2)
			}
			var e float64
			for _, d2 := range row {
				e += math.Exp(a*d2 - mx)
			}
			ll[i*K+k] = mx + math.Log(e) - math.Log(float64(m)) - 0.5*float64(D)*math.Log(2*math.Pi*s*s)
		}
	}
}
