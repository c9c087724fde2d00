package thermo

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestBARNoOverlap is issue 22, item 2: before the fix BAR returned 0.000 ± 0.595 and no error
// for wF = wR = {50, 51, 52} (forward works near +51 kT, −W_R near −51 kT: 100 kT apart, so no
// sample could have come from the other ensemble), while MBAR (ErrDisconnected) and CrooksCheck
// flagged the same data.
func TestBARNoOverlap(t *testing.T) {
	w := []float64{50, 51, 52}
	r, err := BARWithOverlap(w, w, nil)
	if !errors.Is(err, ErrNoOverlap) {
		t.Fatalf("err = %v, want ErrNoOverlap", err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "thermo: ") || !strings.Contains(msg, "ω = ") {
		t.Errorf("message %q does not give the overlap", msg)
	}
	// Closed form: at ΔF = 0 (the symmetric root) each sample has p(1 − p) = 1/(2 + 2cosh w),
	// so I = 2 Σ_w 1/(2 + 2cosh w) ≈ 2(e^{−50} + e^{−51} + e^{−52}) and ω = (2/3) I.
	I := 0.0
	for _, v := range w {
		I += 2 / (2 + 2*math.Cosh(v))
	}
	if math.Abs(r.DeltaF.Value) > 1e-12 || math.Abs(r.Overlap/(2.0/3*I)-1) > 1e-9 {
		t.Errorf("ΔF %v, ω = %.6g, want 0 and %.6g", r.DeltaF, r.Overlap, 2.0/3*I)
	}
	if _, err := BAR(w, w, nil); !errors.Is(err, ErrNoOverlap) {
		t.Errorf("BAR: err = %v, want ErrNoOverlap", err)
	}
	// Gaussian Crooks work with s = 10 (W_F ~ N(53, 100), −W_R ~ N(−47, 100)), 100 samples each:
	// the two samples are separated by several kT.
	wF, wR := gaussianCrooksWork(3, 10, 100, 100, newRand(5))
	if _, err := BAR(wF, wR, nil); !errors.Is(err, ErrNoOverlap) {
		t.Errorf("separated Gaussian work: err = %v, want ErrNoOverlap", err)
	}
	// The same check agrees with the other estimators on the data.
	if _, _, err := CrooksCheck(w, w); err == nil {
		t.Error("CrooksCheck accepted the separated samples")
	}
	// u_B − u_A = W_F on the samples of A, u_A − u_B = W_R on those of B.
	u := [][]float64{{0, 0, 0, 50, 51, 52}, {50, 51, 52, 0, 0, 0}}
	if _, err := MBAR(u, []int{3, 3}, nil); !errors.Is(err, ErrDisconnected) {
		t.Errorf("MBAR: err = %v, want ErrDisconnected", err)
	}
}

func TestBAROverlapMeasure(t *testing.T) {
	// Exact: states that differ by a constant c give every sample p = n_F/N, so
	// I = N·(n_F/N)(n_R/N) = n_F n_R/N, ω = (1/n_F + 1/n_R) I = 1 and n_ov = 4 n_F n_R/N = 7.5.
	const c = 1.7
	r, err := BARWithOverlap([]float64{c, c, c, c, c}, []float64{-c, -c, -c}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Overlap-1) > 1e-12 || math.Abs(r.OverlapSamples-7.5) > 1e-12 || !r.Converged {
		t.Errorf("perfect overlap: %+v", r)
	}
	// Exact identity: for two states ω is MBAR's spectral gap (the 2×2 overlap matrix has
	// off-diagonal entries I/n_F and I/n_R, eigenvalues 1 and 1 − ω).
	counts := []int{3000, 1000}
	u := harmonicStates([]float64{1, 6}, []float64{0, 0.3}, counts, newRand(9))
	wF := make([]float64, counts[0])
	wR := make([]float64, counts[1])
	for n := range wF {
		wF[n] = u[1][n] - u[0][n]
	}
	for n := range wR {
		wR[n] = u[0][counts[0]+n] - u[1][counts[0]+n]
	}
	b, err := BARWithOverlap(wF, wR, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := MBAR(u, counts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(b.Overlap-m.Gap) > 1e-9 || b.Overlap < 0.1 {
		t.Errorf("BAR overlap %.12g vs MBAR gap %.12g", b.Overlap, m.Gap)
	}
	// n_ov = 4 ω n_F n_R/(n_F + n_R).
	if want := 4 * b.Overlap * 3000 * 1000 / 4000; math.Abs(b.OverlapSamples/want-1) > 1e-12 {
		t.Errorf("n_ov %v, want %v", b.OverlapSamples, want)
	}
	e, err := BAR(wF, wR, nil)
	if err != nil || e != b.DeltaF {
		t.Errorf("BAR %v (%v) differs from BARWithOverlap %v", e, err, b.DeltaF)
	}
	// The threshold is adjustable: demanding more overlap samples than the data hold fails.
	if _, err := BAR(wF, wR, &BARSettings{MinOverlapSamples: 1e9}); !errors.Is(err, ErrNoOverlap) {
		t.Errorf("MinOverlapSamples 1e9: err = %v", err)
	}
}
