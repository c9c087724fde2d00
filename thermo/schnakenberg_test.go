package thermo

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// ring3 is the 3-state ring with clockwise step probability 0.5, counter-clockwise 0.2 and
// 0.3 of staying. Hand computation: P is doubly stochastic, so π = (⅓, ⅓, ⅓); each of the three
// edges carries flux π(P₊ − P₋) = 0.1 and affinity log(P₊/P₋) = log 2.5, so
// σ = 3 · 0.1 · log 2.5 = 0.3 log 2.5 = 0.27488721956224654 per step.
var ring3 = mat.NewDense(3, 3, []float64{
	0.3, 0.5, 0.2,
	0.2, 0.3, 0.5,
	0.5, 0.2, 0.3,
})

const ring3Sigma = 0.27488721956224654

func TestSchnakenbergRing(t *testing.T) {
	pi, err := Stationary(ring3)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pi {
		if math.Abs(p-1.0/3) > 1e-14 {
			t.Errorf("π = %v", pi)
		}
	}
	got, err := SchnakenbergStep(ring3)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-ring3Sigma) > 1e-14 {
		t.Errorf("σ = %.17g, want %.17g", got, ring3Sigma)
	}
	// Continuous time, rates 2 clockwise and 1 counter-clockwise: π uniform, flux ⅓ per edge,
	// affinity log 2: σ = 3 · ⅓ · log 2 = log 2 per unit time.
	w := mat.NewDense(3, 3, []float64{0, 2, 1, 1, 0, 2, 2, 1, 0})
	got, err = SchnakenbergRate(w)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-math.Ln2) > 1e-14 {
		t.Errorf("continuous σ = %v, want log 2", got)
	}
}

func TestSchnakenbergNonUniform(t *testing.T) {
	// A 3-state chain in detailed balance with π = (½, ⅓, ⅙) (P_ij = min(1, π_j/π_i)/3 off the
	// diagonal, Metropolis): σ = 0 exactly, and π is recovered.
	want := []float64{0.5, 1.0 / 3, 1.0 / 6}
	p := mat.NewDense(3, 3, nil)
	for i := 0; i < 3; i++ {
		stay := 1.0
		for j := 0; j < 3; j++ {
			if i != j {
				v := math.Min(1, want[j]/want[i]) / 3
				p.Set(i, j, v)
				stay -= v
			}
		}
		p.Set(i, i, stay)
	}
	pi, err := Stationary(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range pi {
		if math.Abs(pi[i]-want[i]) > 1e-14 {
			t.Errorf("π = %v, want %v", pi, want)
		}
	}
	if s, _ := SchnakenbergStep(p); math.Abs(s) > 1e-14 {
		t.Errorf("detailed balance: σ = %v", s)
	}
	// A one-way cycle has infinite entropy production.
	oneWay := mat.NewDense(3, 3, []float64{0.5, 0.5, 0, 0, 0.5, 0.5, 0.5, 0, 0.5})
	if s, _ := SchnakenbergStep(oneWay); !math.IsInf(s, 1) {
		t.Errorf("one-way cycle: σ = %v", s)
	}
	// Two disconnected blocks have no unique stationary distribution.
	red := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	if _, err := SchnakenbergStep(red); !errors.Is(err, ErrUnstable) {
		t.Errorf("reducible chain: err = %v", err)
	}
}

func sampleChain(p mat.Matrix, n int, rnd *rand.Rand) []int {
	k, _ := p.Dims()
	x := make([]int, n)
	for t := 1; t < n; t++ {
		u := rnd.Float64()
		j := 0
		for ; j < k-1; j++ {
			u -= p.At(x[t-1], j)
			if u < 0 {
				break
			}
		}
		x[t] = j
	}
	return x
}

func TestSchnakenbergFromTrajectory(t *testing.T) {
	states := sampleChain(ring3, 200000, newRand(25))
	e, err := SchnakenbergFromTrajectory(states, 3)
	if err != nil {
		t.Fatal(err)
	}
	if z := e.Z(ring3Sigma); math.Abs(z) > zBound || e.StdErr > 0.01 {
		t.Errorf("trajectory σ = %v, exact %.5f, z = %.2f", e, ring3Sigma, z)
	}
	oneWay := make([]int, 300)
	for i := range oneWay {
		oneWay[i] = i % 3
	}
	if _, err := SchnakenbergFromTrajectory(oneWay, 3); !errors.Is(err, ErrOneWay) {
		t.Errorf("one-way data: err = %v", err)
	}
}

func TestSchnakenbergFromJumps(t *testing.T) {
	// Continuous-time ring with rates 2 and 1: exact σ = log 2 (TestSchnakenbergRing).
	w := mat.NewDense(3, 3, []float64{0, 2, 1, 1, 0, 2, 2, 1, 0})
	const dur = 20000.0
	states, times := SimulateJumps(w, 0, dur, newRand(26))
	e, err := SchnakenbergFromJumps(states, times, 3, dur)
	if err != nil {
		t.Fatal(err)
	}
	if z := e.Z(math.Ln2); math.Abs(z) > zBound || e.StdErr > 0.05 {
		t.Errorf("jump σ = %v, exact %.5f, z = %.2f", e, math.Ln2, z)
	}
}
