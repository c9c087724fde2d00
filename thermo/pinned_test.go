package thermo

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Pinned outputs: every seeded sampler reproduces these values exactly at its seed. A change
// here means a change in the random stream or the algorithm; regenerate only on purpose.
func pinnedValues() map[string][]float64 {
	out := map[string][]float64{}
	out["StiffnessQuench"] = StiffnessQuench{K0: 1, K1: 4, Steps: 5, Dt: 0.1}.Work(3, newRand(100))
	out["DraggedTrap"] = DraggedTrap{K: 2, V: 1, Steps: 5, Dt: 0.1}.Work(3, newRand(101))
	rnd := newRand(102)
	path, err := BeadSpringChain([]float64{1, 10}, 1, 1).NewPath(0.1, rnd)
	if err != nil {
		panic(err)
	}
	path.Step(rnd)
	out["OUPath"] = append([]float64(nil), path.X()...)
	em := &EulerMaruyama{Force: func(f, x []float64, _ float64) { f[0] = -x[0] * x[0] * x[0] }, D: []float64{1}, Dt: 0.01}
	x := []float64{0.5}
	rnd = newRand(103)
	for i := 0; i < 10; i++ {
		em.Step(x, 0, rnd)
	}
	out["EulerMaruyama"] = x
	x = []float64{0.5, -0.5}
	rnd = newRand(104)
	target := DiagNormal{Mean: []float64{1, 1}, Std: []float64{0.5, 0.5}}
	Metropolis{Step: 0.5, Sweeps: 5}.Transition(x, target, rnd)
	Langevin{Step: 0.05, Adjusted: true, Sweeps: 5}.Transition(x, target, rnd)
	out["Kernels"] = x
	states, times := SimulateJumps(mat.NewDense(2, 2, []float64{0, 1, 2, 0}), 0, 2, newRand(105))
	js := []float64{float64(len(states))}
	out["SimulateJumps"] = append(js, times...)
	a := &AIS{Prior: DiagNormal{Mean: []float64{0}, Std: []float64{2}}, Target: shiftedGauss{mu: 1, s: 0.5},
		Betas: LinearBetas(10), Kernel: Metropolis{Step: 0.5}}
	r, err := a.Run(3, 1, newRand(106))
	if err != nil {
		panic(err)
	}
	out["AIS"] = r.LogW
	return out
}

var pinned = map[string][]float64{
	"StiffnessQuench": {0.6644870674114136, 2.3760595714551487, 1.2837944949405247},
	"DraggedTrap":     {0.09066630034260319, 0.45834986371700187, -0.10875754606290816},
	"OUPath":          {0.47256399960115414, 2.888842492315815},
	"EulerMaruyama":   {0.6908142714936498},
	"Kernels":         {1.5376991377174738, 0.2014592447353209},
	"SimulateJumps":   {4, 0.2808693755361859, 1.0744853494840356, 1.621624257732893},
	"AIS":             {-3.659877528884553, -2.317409025547369, 0.7236166902575707},
}

func TestPinnedSamplers(t *testing.T) {
	got := pinnedValues()
	for name, want := range pinned {
		g := got[name]
		if len(g) != len(want) {
			t.Errorf("%s: got %s", name, fmt.Sprintf("%#v", g))
			continue
		}
		for i := range g {
			// Relative 1e-9 leaves room for last-bit differences of math functions across
			// architectures, while any change of the random stream moves values by O(1).
			if d := math.Abs(g[i] - want[i]); d > 1e-9*math.Max(1, math.Abs(want[i])) {
				t.Errorf("%s[%d] = %.17g, want %.17g", name, i, g[i], want[i])
			}
		}
	}
}
