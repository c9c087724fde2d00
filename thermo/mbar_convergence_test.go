package thermo

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// mbarSelfConsistent is the textbook MBAR fixed point (Shirts & Chodera 2008, eq. 11),
//
//	f_k ← −log Σ_n e^{−u_kn} / Σ_l N_l e^{f_l − u_ln},
//
// iterated until no f_k moves by more than 1e-14: an algorithm independent of MBAR's Newton
// solve, used as the reference solution (f gauged at f_0 = 0).
func mbarSelfConsistent(u [][]float64, counts []int) []float64 {
	K, N := len(u), len(u[0])
	f := make([]float64, K)
	ld := make([]float64, N)
	terms := make([]float64, K)
	tmp := make([]float64, N)
	for it := 0; it < 10000; it++ {
		for n := 0; n < N; n++ {
			for l := 0; l < K; l++ {
				terms[l] = math.Log(float64(counts[l])) + f[l] - u[l][n]
			}
			ld[n] = LogSumExp(terms)
		}
		moved := 0.0
		var f0 float64
		for k := 0; k < K; k++ {
			for n := 0; n < N; n++ {
				tmp[n] = -u[k][n] - ld[n]
			}
			fk := -LogSumExp(tmp)
			if k == 0 {
				f0 = fk
			}
			fk -= f0
			moved = math.Max(moved, math.Abs(fk-f[k]))
			f[k] = fk
		}
		if moved < 1e-14 {
			break
		}
	}
	return f
}

// TestMBARConvergesOnManySeeds is issue 22, item 1: on well-posed problems MBAR must not report
// a false ErrNoConvergence. Before the fix the line search compared objective values that differ
// by less than their rounding error and stalled at residuals of 1e-10 to 1e-9: 71 of the 300
// seeds of the first problem (5 states × 50 samples), 2 of 300 of the second (5 × 300, spectral
// gap 0.65, the case) and all 300 of the third (energies ~10⁶ kT, whose residual cannot
// be evaluated below ~1e-9 in float64) failed.
func TestMBARConvergesOnManySeeds(t *testing.T) {
	seeds := 300
	if testing.Short() {
		seeds = 60
	}
	ks := []float64{1, 2, 4, 8, 16}
	mus := []float64{0, 0.5, 1, 1.5, 2}
	for _, c := range []struct {
		name   string
		ks     []float64
		n      int
		offset float64 // u_k += offset·k
	}{
		{"stiffening traps, 5×50", ks, 50, 0},
		{"shifted unit traps, 5×300", []float64{1, 1, 1, 1, 1}, 300, 0},
		{"stiffening traps, energies ~1e6 kT, 5×50", ks, 50, 1e6},
	} {
		counts := []int{c.n, c.n, c.n, c.n, c.n}
		fails := 0
		for seed := 0; seed < seeds; seed++ {
			u := harmonicStates(c.ks, mus, counts, newRand(uint64(1000+seed)))
			var u0 [][]float64
			if c.offset != 0 {
				u0 = make([][]float64, len(u))
				for k := range u {
					u0[k] = append([]float64(nil), u[k]...)
					for n := range u[k] {
						u[k][n] += c.offset * float64(k)
					}
				}
			}
			r, err := MBAR(u, counts, nil)
			if err != nil || !r.Converged {
				fails++
				if fails <= 3 {
					t.Errorf("%s, seed %d: err = %v", c.name, seed, err)
				}
				continue
			}
			if tol := math.Max(1e-10, r.ResidualFloor); r.MaxResidual > tol {
				t.Errorf("%s, seed %d: residual %.3g above tolerance %.3g", c.name, seed, r.MaxResidual, tol)
			}
			if c.offset == 0 && r.ResidualFloor > 1e-11 {
				// Energies of a few hundred kT: the default 1e-10 must stay the binding tolerance.
				t.Errorf("%s, seed %d: residual floor %.3g", c.name, seed, r.ResidualFloor)
			}
			if c.offset != 0 {
				// Exact: adding c_k to u_k shifts f_k by c_k, so f_k − c_k (c_0 = 0) must equal
				// the free energies of the unshifted problem, to the float64 resolution of
				// f_4 ≈ 4e6 (ulp 4.7e-10): 16 ulp.
				r0, err := MBAR(u0, counts, nil)
				if err != nil {
					t.Fatal(err)
				}
				for k := range r.F {
					if d := math.Abs(r.F[k] - c.offset*float64(k) - r0.F[k]); d > 16*4.7e-10 {
						t.Errorf("%s, seed %d: f_%d off by %.3g from the unshifted problem", c.name, seed, k, d)
					}
				}
			} else if seed < 5 {
				// Reference: the self-consistent iteration run to its fixed point. The residual
				// is r = (I − O)(f − f*) to first order (O the overlap matrix), so a residual below
				// the tolerance puts f within √K·tol/Gap of the solution; doubled for the
				// reference's own error.
				ref := mbarSelfConsistent(u, counts)
				bound := 2 * math.Sqrt(float64(len(ref))) * math.Max(1e-10, r.ResidualFloor) / r.Gap
				for k := range ref {
					if d := math.Abs(r.F[k] - ref[k]); d > bound {
						t.Errorf("%s, seed %d: f_%d = %.15g, self-consistent %.15g", c.name, seed, k, r.F[k], ref[k])
					}
				}
			}
		}
		if fails > 0 {
			t.Errorf("%s: %d of %d seeds did not converge", c.name, fails, seeds)
		}
	}
}

// TestMBARNonConvergenceStillReported: the precision-aware stopping rule must not hide a solve
// that really stopped early, and a tolerance below the float64 floor is raised to the floor
// instead of failing.
func TestMBARNonConvergenceStillReported(t *testing.T) {
	counts := []int{50, 50, 50, 50, 50}
	u := harmonicStates([]float64{1, 2, 4, 8, 16}, []float64{0, 0.5, 1, 1.5, 2}, counts, newRand(12))
	r, err := MBAR(u, counts, &MBARSettings{MaxIter: 2})
	if !errors.Is(err, ErrNoConvergence) || r == nil || r.Converged {
		t.Fatalf("two iterations: err = %v", err)
	}
	if r.MaxResidual <= 1e-10 || !strings.HasPrefix(err.Error(), "thermo: ") || !strings.Contains(err.Error(), "residual") {
		t.Errorf("residual %.3g, message %q", r.MaxResidual, err)
	}
	r, err = MBAR(u, counts, &MBARSettings{Tol: 1e-300})
	if err != nil || !r.Converged || r.MaxResidual > r.ResidualFloor || r.ResidualFloor > 1e-12 {
		t.Errorf("Tol below the float64 floor: err = %v, residual %.3g, floor %.3g", err, r.MaxResidual, r.ResidualFloor)
	}
}
