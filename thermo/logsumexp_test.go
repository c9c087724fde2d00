package thermo

import (
	"math"
	"testing"
)

func TestLogSumExp(t *testing.T) {
	for _, c := range []struct {
		x    []float64
		want float64
	}{
		// log(e^1 + e^2 + e^3) = 3 + log(1 + e^-1 + e^-2) = 3.40760596444438 (direct evaluation).
		{[]float64{1, 2, 3}, 3.40760596444438},
		// Shifted by 1000: the naive sum overflows; the answer shifts by 1000 exactly.
		{[]float64{1001, 1002, 1003}, 1003.40760596444438},
		{[]float64{-1000, -1000}, -1000 + math.Ln2},
		{nil, math.Inf(-1)},
		{[]float64{math.Inf(-1), math.Inf(-1)}, math.Inf(-1)},
		{[]float64{0, math.Inf(1)}, math.Inf(1)},
	} {
		got := LogSumExp(c.x)
		if got != c.want && math.Abs(got-c.want) > 1e-12*math.Max(1, math.Abs(c.want)) {
			t.Errorf("LogSumExp(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	// log mean of e^0 and e^0 is 0.
	if got := LogMeanExp([]float64{0, 0}); got != 0 {
		t.Errorf("LogMeanExp = %v, want 0", got)
	}
}

func TestLogMeanExpPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("LogMeanExp(nil) did not panic")
		}
	}()
	LogMeanExp(nil)
}
