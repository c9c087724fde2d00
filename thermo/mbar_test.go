package thermo

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// harmonicStates returns u[k][n] for harmonic states u_k(x) = k_k (x − μ_k)²/2 (kT = 1) with
// counts[k] samples drawn exactly from each. Exact: f_k = −log Z_k = −½ log(2π/k_k), independent
// of μ_k, so f_k − f_0 = ½ log(k_k/k_0).
func harmonicStates(ks, mus []float64, counts []int, rnd *rand.Rand) [][]float64 {
	var xs []float64
	for k, c := range counts {
		for i := 0; i < c; i++ {
			xs = append(xs, mus[k]+rnd.NormFloat64()/math.Sqrt(ks[k]))
		}
	}
	u := make([][]float64, len(ks))
	for k := range ks {
		u[k] = make([]float64, len(xs))
		for n, x := range xs {
			d := x - mus[k]
			u[k][n] = 0.5 * ks[k] * d * d
		}
	}
	return u
}

func TestMBARHarmonic(t *testing.T) {
	ks := []float64{1, 2, 4, 8, 16}
	mus := []float64{0, 0.5, 1, 1.5, 2}
	counts := []int{2000, 2000, 0, 2000, 2000} // state 2 unsampled: MBAR still predicts it
	u := harmonicStates(ks, mus, counts, newRand(8))
	r, err := MBAR(u, counts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Converged || r.MaxResidual > 1e-10 {
		t.Errorf("not converged: %+v", r)
	}
	for k := 1; k < len(ks); k++ {
		exact := 0.5 * math.Log(ks[k]/ks[0]) // f_k − f_0, see harmonicStates
		e := r.DeltaF(0, k)
		if z := e.Z(exact); math.Abs(z) > zBound || e.StdErr <= 0 || e.StdErr > 0.1 {
			t.Errorf("state %d: MBAR %v vs exact %.4f, z = %.2f", k, e, exact, z)
		}
	}
	// Rows of the overlap matrix sum to one over the sampled states.
	for k := range ks {
		sum := 0.0
		for l := range ks {
			sum += r.Overlap.At(k, l)
		}
		if math.Abs(sum-1) > 1e-8 {
			t.Errorf("overlap row %d sums to %v", k, sum)
		}
	}
	if r.Gap <= 0.01 || r.Gap > 1 {
		t.Errorf("spectral gap %v", r.Gap)
	}
}

func TestMBARTwoStatesIsBAR(t *testing.T) {
	// With two states the MBAR equations are the BAR equation (Shirts & Chodera 2008, §III).
	counts := []int{3000, 1000}
	u := harmonicStates([]float64{1, 6}, []float64{0, 0.3}, counts, newRand(9))
	r, err := MBAR(u, counts, nil)
	if err != nil {
		t.Fatal(err)
	}
	wF := make([]float64, counts[0])
	wR := make([]float64, counts[1])
	for n := range wF {
		wF[n] = u[1][n] - u[0][n]
	}
	for n := range wR {
		wR[n] = u[0][counts[0]+n] - u[1][counts[0]+n]
	}
	b, err := BAR(wF, wR, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := r.DeltaF(0, 1)
	if math.Abs(m.Value-b.Value) > 1e-8 {
		t.Errorf("MBAR %v vs BAR %v", m.Value, b.Value)
	}
	if math.Abs(m.StdErr/b.StdErr-1) > 0.05 {
		t.Errorf("MBAR error %v vs BAR error %v", m.StdErr, b.StdErr)
	}
	exact := 0.5 * math.Log(6.0)
	if z := m.Z(exact); math.Abs(z) > zBound {
		t.Errorf("MBAR %v vs exact %.4f, z = %.2f", m, exact, z)
	}
}

func TestMBARDisconnected(t *testing.T) {
	// Uniform boxes: states 0, 1 on [0, 1], states 2, 3 on [5, 6]. No sample has finite energy in
	// both groups, so f_2 − f_0 is undetermined.
	rnd := newRand(10)
	counts := []int{50, 50, 50, 50}
	offsets := []float64{0, 0, 5, 5}
	var xs []float64
	for k, c := range counts {
		for i := 0; i < c; i++ {
			xs = append(xs, offsets[k]+rnd.Float64())
		}
	}
	u := make([][]float64, 4)
	for k := range u {
		u[k] = make([]float64, len(xs))
		for n, x := range xs {
			if x < offsets[k] || x > offsets[k]+1 {
				u[k][n] = math.Inf(1)
			}
		}
	}
	if _, err := MBAR(u, counts, nil); !errors.Is(err, ErrDisconnected) {
		t.Errorf("disjoint supports: err = %v, want ErrDisconnected", err)
	}
	// Numerically disconnected: Gaussians 60 standard deviations apart.
	c2 := []int{200, 200}
	u2 := harmonicStates([]float64{1, 1}, []float64{0, 60}, c2, rnd)
	r, err := MBAR(u2, c2, nil)
	if !errors.Is(err, ErrDisconnected) {
		t.Errorf("far-apart Gaussians: err = %v, want ErrDisconnected", err)
	}
	if r != nil && r.Gap > 1e-10 {
		t.Errorf("gap %v", r.Gap)
	}
}

func TestMBARErrors(t *testing.T) {
	u := [][]float64{{0, 1}, {1, math.NaN()}}
	if _, err := MBAR(u, []int{1, 1}, nil); !errors.Is(err, ErrNotFinite) {
		t.Errorf("err = %v, want ErrNotFinite", err)
	}
	counts := []int{500, 500}
	u = harmonicStates([]float64{1, 3}, []float64{0, 0}, counts, newRand(11))
	r, err := MBAR(u, counts, &MBARSettings{MaxIter: 1, Tol: 1e-15})
	if !errors.Is(err, ErrNoConvergence) || r == nil || r.Converged {
		t.Errorf("iteration limit: err = %v", err)
	}
	for _, f := range r.F {
		if math.IsNaN(f) {
			t.Error("NaN free energy after failed solve")
		}
	}
	if _, err := MBAR(u, []int{500, 499}, nil); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("count mismatch: err = %v, want ErrInvalidInput", err)
	}
}

func BenchmarkMBAR(b *testing.B) {
	// 10 harmonic states × 10,000 samples each (100,000 samples, a 10 × 100,000 energy matrix).
	K := 10
	ks := make([]float64, K)
	mus := make([]float64, K)
	counts := make([]int, K)
	for k := range ks {
		ks[k] = 1 + 0.5*float64(k)
		mus[k] = 0.2 * float64(k)
		counts[k] = 10000
	}
	u := harmonicStates(ks, mus, counts, newRand(35))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := MBAR(u, counts, nil); err != nil {
			b.Fatal(err)
		}
	}
}
