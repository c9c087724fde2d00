package thermo

import (
	"math"
	"testing"
)

// The reported standard errors must match the actual spread of the estimates over independent
// replicates. With R = 100 replicates the sample standard deviation has a relative error of
// about 1/√(2R) = 7%, so the ratio sd/⟨SE⟩ is required to lie in [0.7, 1.4] (over 4 of those
// standard errors either way).
func checkCalibration(t *testing.T, name string, values, errs []float64) {
	t.Helper()
	_, v := meanVar(values)
	var se float64
	for _, e := range errs {
		se += e
	}
	se /= float64(len(errs))
	r := math.Sqrt(v) / se
	t.Logf("%s: sd/⟨SE⟩ = %.2f", name, r)
	if r < 0.7 || r > 1.4 {
		t.Errorf("%s: empirical sd %.4g vs mean reported error %.4g (ratio %.2f)", name, math.Sqrt(v), se, r)
	}
}

func TestErrorCalibration(t *testing.T) {
	const R = 100
	rnd := newRand(200)
	var expV, expE, barV, barE, mbarV, mbarE []float64
	for r := 0; r < R; r++ {
		wF, wR := harmonicWork(1, 3, 400, 300, rnd)
		e, err := EXPForward(wF)
		if err != nil {
			t.Fatal(err)
		}
		expV, expE = append(expV, e.Value), append(expE, e.StdErr)
		b, err := BAR(wF, wR, nil)
		if err != nil {
			t.Fatal(err)
		}
		barV, barE = append(barV, b.Value), append(barE, b.StdErr)
		counts := []int{300, 300, 300}
		u := harmonicStates([]float64{1, 3, 9}, []float64{0, 0.3, 0.6}, counts, rnd)
		m, err := MBAR(u, counts, nil)
		if err != nil {
			t.Fatal(err)
		}
		d := m.DeltaF(0, 2)
		mbarV, mbarE = append(mbarV, d.Value), append(mbarE, d.StdErr)
	}
	checkCalibration(t, "EXP", expV, expE)
	checkCalibration(t, "BAR", barV, barE)
	checkCalibration(t, "MBAR", mbarV, mbarE)
}
