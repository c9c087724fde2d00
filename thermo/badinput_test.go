package thermo

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// badCase is one bad input of one exported function or method (issue 22, item 3).
type badCase struct {
	name string // the exported identifier: "Func" or "Type.Method"
	what string // the bad input
	// call makes the call; it returns the float results to check for NaN and the error (nil
	// for functions without an error result).
	call func() ([]float64, error)
	// panics marks a function without an error result: a panic with a "thermo: " message is
	// the expected answer. Otherwise an error with a "thermo: " message is, and any panic fails.
	panics bool
}

// noErr adapts a function without an error result.
func noErr(f func()) func() ([]float64, error) {
	return func() ([]float64, error) { f(); return nil, nil }
}

// est adapts an (Estimate, error) result.
func est(e Estimate, err error) ([]float64, error) { return []float64{e.Value, e.StdErr}, err }

// val adapts a (float64, error) result.
func val(v float64, err error) ([]float64, error) { return []float64{v}, err }

// noResultCases lists the exported functions and methods without a bad input: they read only
// their receiver's numbers and follow IEEE arithmetic (a NaN field gives a NaN, as documented).
var noResultCases = map[string]string{
	"Estimate.String":         "formats its fields",
	"Estimate.Z":              "arithmetic on its fields and the argument",
	"Estimate.Bits":           "divides its fields by ln 2",
	"Sandwich.Gap":            "Upper − Lower",
	"StiffnessQuench.Reverse": "swaps K0 and K1 (Work and DeltaF check them)",
}

func badCases() []badCase {
	nan, inf := math.NaN(), math.Inf(1)
	rnd := newRand(70)
	ok := []float64{0.1, 0.2, 0.3}
	w := []float64{1, 2, 3}
	id2 := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	stable := mat.NewDense(2, 2, []float64{-1, 0, 0, -1})
	chain := BeadSpringChain([]float64{1, 10}, 1, 1)
	path, err := chain.NewPath(0.1, newRand(71))
	if err != nil {
		panic(err)
	}
	counts := []int{20, 20, 20, 20, 20}
	u5 := harmonicStates([]float64{1, 2, 3, 4, 5}, []float64{0, 0, 0, 0, 0}, counts, newRand(72))
	mbar5, err := MBAR(u5, counts, nil)
	if err != nil {
		panic(err)
	}
	aisOK := func() *AIS {
		return &AIS{Prior: DiagNormal{Mean: []float64{0}, Std: []float64{1}}, Target: shiftedGauss{mu: 1, s: 0.5},
			Betas: LinearBetas(3), Kernel: Metropolis{Step: 0.5}}
	}
	aisWith := func(f func(a *AIS)) *AIS { a := aisOK(); f(a); return a }
	ring := mat.NewDense(2, 2, []float64{0, 1, 1, 0})
	states := make([]int, 201)
	for i := range states {
		states[i] = i % 2
	}
	ratchet := FlashingRatchet{L: 4, Height: 2, Peak: 1, Hop: 1, Flip: 1}
	target := DiagNormal{Mean: []float64{0}, Std: []float64{1}}

	return []badCase{
		// ais.go
		{name: "LinearBetas", what: "K = 0", call: noErr(func() { LinearBetas(0) }), panics: true},
		{name: "AIS.Run", what: "nil AIS", call: func() ([]float64, error) { _, err := (*AIS)(nil).Run(10, 1, rnd); return nil, err }},
		{name: "AIS.Run", what: "no kernel", call: func() ([]float64, error) {
			_, err := aisWith(func(a *AIS) { a.Kernel = nil }).Run(10, 1, rnd)
			return nil, err
		}},
		{name: "AIS.Run", what: "betas not from 0 to 1", call: func() ([]float64, error) {
			_, err := aisWith(func(a *AIS) { a.Betas = []float64{0, 0.5} }).Run(10, 1, rnd)
			return nil, err
		}},
		{name: "AIS.Run", what: "NaN beta", call: func() ([]float64, error) {
			_, err := aisWith(func(a *AIS) { a.Betas = []float64{0, nan, 1} }).Run(10, 1, rnd)
			return nil, err
		}},
		{name: "AIS.Run", what: "one chain", call: func() ([]float64, error) { _, err := aisOK().Run(1, 1, rnd); return nil, err }},
		{name: "AIS.Run", what: "dim 0", call: func() ([]float64, error) { _, err := aisOK().Run(10, 0, rnd); return nil, err }},
		{name: "AIS.Run", what: "nil generator", call: func() ([]float64, error) { _, err := aisOK().Run(10, 1, nil); return nil, err }},
		{name: "AIS.Run", what: "Metropolis step 0", call: func() ([]float64, error) {
			_, err := aisWith(func(a *AIS) { a.Kernel = Metropolis{} }).Run(10, 1, rnd)
			return nil, err
		}},
		{name: "AIS.Run", what: "Langevin on a density without gradient", call: func() ([]float64, error) {
			_, err := aisWith(func(a *AIS) { a.Kernel = Langevin{Step: 0.1}; a.Target = logOnly{} }).Run(10, 1, rnd)
			return nil, err
		}},
		{name: "AIS.Run", what: "prior of another dimension", call: func() ([]float64, error) {
			_, err := aisOK().Run(10, 2, rnd)
			return nil, err
		}},
		{name: "AIS.Reverse", what: "no samples", call: func() ([]float64, error) { _, err := aisOK().Reverse(nil, rnd); return nil, err }},
		{name: "AIS.Reverse", what: "ragged samples", call: func() ([]float64, error) {
			_, err := aisOK().Reverse([][]float64{{1}, {1, 2}}, rnd)
			return nil, err
		}},
		{name: "AIS.Reverse", what: "NaN sample", call: func() ([]float64, error) {
			_, err := aisOK().Reverse([][]float64{{1}, {nan}}, rnd)
			return nil, err
		}},
		{name: "AIS.Reverse", what: "samples of another dimension", call: func() ([]float64, error) {
			_, err := aisOK().Reverse([][]float64{{1, 1}, {1, 2}}, rnd)
			return nil, err
		}},
		{name: "BDMC", what: "nil AIS", call: func() ([]float64, error) {
			_, err := BDMC(nil, 10, 1, [][]float64{{1}, {2}}, rnd)
			return nil, err
		}},

		// bar.go
		{name: "BAR", what: "empty", call: func() ([]float64, error) { return est(BAR(nil, nil, nil)) }},
		{name: "BAR", what: "one reverse value", call: func() ([]float64, error) { return est(BAR(w, []float64{1}, nil)) }},
		{name: "BAR", what: "NaN work", call: func() ([]float64, error) { return est(BAR(w, []float64{nan, 1}, nil)) }},
		{name: "BAR", what: "infinite work", call: func() ([]float64, error) { return est(BAR([]float64{inf, 1}, w, nil)) }},
		{name: "BAR", what: "no overlap", call: func() ([]float64, error) {
			return est(BAR([]float64{50, 51, 52}, []float64{50, 51, 52}, nil))
		}},
		{name: "BARWithOverlap", what: "NaN work", call: func() ([]float64, error) {
			r, err := BARWithOverlap([]float64{nan, 1}, w, nil)
			return []float64{r.Overlap}, err
		}},

		// density.go
		{name: "DiagNormal.LogProb", what: "dimension mismatch", call: noErr(func() { target.LogProb([]float64{1, 2}) }), panics: true},
		{name: "DiagNormal.LogProb", what: "zero std", call: noErr(func() { DiagNormal{Mean: []float64{0}, Std: []float64{0}}.LogProb([]float64{1}) }), panics: true},
		{name: "DiagNormal.LogProb", what: "NaN mean", call: noErr(func() { DiagNormal{Mean: []float64{nan}, Std: []float64{1}}.LogProb([]float64{1}) }), panics: true},
		{name: "DiagNormal.GradLogProb", what: "gradient length", call: noErr(func() { target.GradLogProb(make([]float64, 2), []float64{1}) }), panics: true},
		{name: "DiagNormal.Rand", what: "nil generator", call: noErr(func() { target.Rand([]float64{0}, nil) }), panics: true},
		{name: "DiagNormal.Rand", what: "dimension mismatch", call: noErr(func() { target.Rand([]float64{0, 0}, rnd) }), panics: true},

		// entropy.go
		{name: "GaussianEntropy", what: "negative variance", call: noErr(func() { GaussianEntropy(-1) }), panics: true},
		{name: "GaussianEntropy", what: "NaN variance", call: noErr(func() { GaussianEntropy(nan) }), panics: true},
		{name: "MultivariateGaussianEntropy", what: "nil", call: func() ([]float64, error) { return val(MultivariateGaussianEntropy(nil)) }},
		{name: "MultivariateGaussianEntropy", what: "typed nil", call: func() ([]float64, error) { return val(MultivariateGaussianEntropy((*mat.SymDense)(nil))) }},
		{name: "MultivariateGaussianEntropy", what: "empty", call: func() ([]float64, error) { return val(MultivariateGaussianEntropy(&mat.SymDense{})) }},
		{name: "MultivariateGaussianEntropy", what: "NaN entry", call: func() ([]float64, error) {
			return val(MultivariateGaussianEntropy(mat.NewSymDense(2, []float64{1, nan, nan, 1})))
		}},
		{name: "MultivariateGaussianEntropy", what: "indefinite", call: func() ([]float64, error) {
			return val(MultivariateGaussianEntropy(mat.NewSymDense(2, []float64{1, 2, 2, 1})))
		}},
		{name: "BernoulliEntropy", what: "p = 1.5", call: noErr(func() { BernoulliEntropy(1.5) }), panics: true},
		{name: "BernoulliEntropy", what: "NaN", call: noErr(func() { BernoulliEntropy(nan) }), panics: true},
		{name: "BernoulliVectorEntropy", what: "p = −0.1", call: noErr(func() { BernoulliVectorEntropy([]float64{0.5, -0.1}) }), panics: true},

		// estimate.go, exp.go
		{name: "MeanEstimate", what: "empty", call: func() ([]float64, error) { return est(MeanEstimate(nil)) }},
		{name: "MeanEstimate", what: "NaN", call: func() ([]float64, error) { return est(MeanEstimate([]float64{1, nan})) }},
		{name: "EXPForward", what: "one value", call: func() ([]float64, error) { return est(EXPForward([]float64{1})) }},
		{name: "EXPForward", what: "−Inf work", call: func() ([]float64, error) { return est(EXPForward([]float64{1, -inf})) }},
		{name: "EXPReverse", what: "empty", call: func() ([]float64, error) { return est(EXPReverse(nil)) }},
		{name: "EXPReverse", what: "NaN", call: func() ([]float64, error) { return est(EXPReverse([]float64{nan, 1})) }},

		// fluctuation.go
		{name: "JarzynskiCheck", what: "NaN ΔF", call: func() ([]float64, error) { c, err := JarzynskiCheck(w, nan); return []float64{c.Z}, err }},
		{name: "JarzynskiCheck", what: "empty", call: func() ([]float64, error) { c, err := JarzynskiCheck(nil, 0); return []float64{c.Z}, err }},
		{name: "IntegralFTCheck", what: "NaN", call: func() ([]float64, error) { c, err := IntegralFTCheck([]float64{nan, 1}); return []float64{c.Z}, err }},
		{name: "PathEntropy", what: "empty", call: func() ([]float64, error) { return est(PathEntropy(nil)) }},
		{name: "CrooksCheck", what: "one value", call: func() ([]float64, error) {
			c, d, err := CrooksCheck([]float64{1}, w)
			return []float64{c.Z, d}, err
		}},
		{name: "CrooksCheck", what: "infinite work", call: func() ([]float64, error) {
			c, d, err := CrooksCheck(w, []float64{inf, 1})
			return []float64{c.Z, d}, err
		}},
		{name: "CrooksCheck", what: "no overlap", call: func() ([]float64, error) {
			c, d, err := CrooksCheck([]float64{50, 51, 52}, []float64{50, 51, 52})
			return []float64{c.Z, d}, err
		}},

		// harmonic.go
		{name: "StiffnessQuench.DeltaF", what: "K0 = 0", call: noErr(func() { StiffnessQuench{K1: 1}.DeltaF() }), panics: true},
		{name: "StiffnessQuench.Work", what: "negative n", call: noErr(func() { StiffnessQuench{K0: 1, K1: 2}.Work(-1, rnd) }), panics: true},
		{name: "StiffnessQuench.Work", what: "nil generator", call: noErr(func() { StiffnessQuench{K0: 1, K1: 2}.Work(3, nil) }), panics: true},
		{name: "StiffnessQuench.Work", what: "Dt = 0 with relaxation", call: noErr(func() { StiffnessQuench{K0: 1, K1: 2, Steps: 3}.Work(3, rnd) }), panics: true},
		{name: "StiffnessQuench.Work", what: "infinite K1", call: noErr(func() { StiffnessQuench{K0: 1, K1: inf}.Work(3, rnd) }), panics: true},
		{name: "DraggedTrap.Work", what: "K = 0", call: noErr(func() { DraggedTrap{V: 1, Steps: 3, Dt: 0.1}.Work(3, rnd) }), panics: true},
		{name: "DraggedTrap.Work", what: "nil generator", call: noErr(func() { DraggedTrap{K: 1, V: 1, Steps: 3, Dt: 0.1}.Work(3, nil) }), panics: true},
		{name: "DraggedTrap.MeanWork", what: "Steps = 0", call: noErr(func() { DraggedTrap{K: 1, V: 1, Dt: 0.1}.MeanWork() }), panics: true},
		{name: "DraggedTrap.VarWork", what: "NaN V", call: noErr(func() { DraggedTrap{K: 1, V: nan, Steps: 2, Dt: 0.1}.VarWork() }), panics: true},
		{name: "DraggedTrap.ContinuousMeanWork", what: "Dt < 0", call: noErr(func() { DraggedTrap{K: 1, V: 1, Steps: 2, Dt: -1}.ContinuousMeanWork() }), panics: true},

		// inefficiency.go
		{name: "StatisticalInefficiency", what: "one value", call: noErr(func() { StatisticalInefficiency([]float64{1}) }), panics: true},
		{name: "StatisticalInefficiency", what: "NaN", call: noErr(func() { StatisticalInefficiency([]float64{1, nan, 2}) }), panics: true},
		{name: "MeanCorrelated", what: "NaN", call: func() ([]float64, error) { return est(MeanCorrelated([]float64{1, nan, 2})) }},
		{name: "MeanCorrelated", what: "empty", call: func() ([]float64, error) { return est(MeanCorrelated(nil)) }},
		{name: "BlockBootstrap", what: "block 0", call: func() ([]float64, error) { return est(BlockBootstrap(w, 0, 10, meanOf, rnd)) }},
		{name: "BlockBootstrap", what: "block > len", call: func() ([]float64, error) { return est(BlockBootstrap(w, 4, 10, meanOf, rnd)) }},
		{name: "BlockBootstrap", what: "empty", call: func() ([]float64, error) { return est(BlockBootstrap(nil, 1, 10, meanOf, rnd)) }},
		{name: "BlockBootstrap", what: "one replicate", call: func() ([]float64, error) { return est(BlockBootstrap(w, 1, 1, meanOf, rnd)) }},
		{name: "BlockBootstrap", what: "nil statistic", call: func() ([]float64, error) { return est(BlockBootstrap(w, 1, 10, nil, rnd)) }},
		{name: "BlockBootstrap", what: "nil generator", call: func() ([]float64, error) { return est(BlockBootstrap(w, 1, 10, meanOf, nil)) }},
		{name: "BlockBootstrap", what: "NaN statistic", call: func() ([]float64, error) {
			return est(BlockBootstrap(w, 1, 10, func([]float64) float64 { return nan }, rnd))
		}},

		// jumps.go
		{name: "SimulateJumps", what: "nil rates", call: noErr(func() { SimulateJumps(nil, 0, 1, rnd) }), panics: true},
		{name: "SimulateJumps", what: "2×3 rates (gonum index panic before)", call: noErr(func() { SimulateJumps(mat.NewDense(2, 3, nil), 0, 1, rnd) }), panics: true},
		{name: "SimulateJumps", what: "start out of range", call: noErr(func() { SimulateJumps(ring, 5, 1, rnd) }), panics: true},
		{name: "SimulateJumps", what: "NaN duration (endless loop before)", call: noErr(func() { SimulateJumps(ring, 0, nan, rnd) }), panics: true},
		{name: "SimulateJumps", what: "NaN rate (endless loop before)", call: noErr(func() { SimulateJumps(mat.NewDense(2, 2, []float64{0, nan, 1, 0}), 0, 1, rnd) }), panics: true},
		{name: "SimulateJumps", what: "infinite rate (endless loop before)", call: noErr(func() { SimulateJumps(mat.NewDense(2, 2, []float64{0, inf, 1, 0}), 0, 1, rnd) }), panics: true},
		{name: "SimulateJumps", what: "absorbing state", call: noErr(func() { SimulateJumps(mat.NewDense(2, 2, []float64{0, 1, 0, 0}), 0, 1, rnd) }), panics: true},
		{name: "SimulateJumps", what: "nil generator", call: noErr(func() { SimulateJumps(ring, 0, 1, nil) }), panics: true},

		// kernel.go
		{name: "Metropolis.Transition", what: "step 0", call: noErr(func() { Metropolis{}.Transition([]float64{0}, target, rnd) }), panics: true},
		{name: "Metropolis.Transition", what: "nil density", call: noErr(func() { Metropolis{Step: 1}.Transition([]float64{0}, nil, rnd) }), panics: true},
		{name: "Metropolis.Transition", what: "nil generator", call: noErr(func() { Metropolis{Step: 1}.Transition([]float64{0}, target, nil) }), panics: true},
		{name: "Langevin.Transition", what: "NaN step", call: noErr(func() { Langevin{Step: nan}.Transition([]float64{0}, target, rnd) }), panics: true},
		{name: "Langevin.Transition", what: "no gradient", call: noErr(func() { Langevin{Step: 0.1}.Transition([]float64{0}, logOnly{}, rnd) }), panics: true},

		// kl.go
		{name: "KLGaussian", what: "zero variance", call: noErr(func() { KLGaussian(0, 0, 0, 1) }), panics: true},
		{name: "KLGaussian", what: "NaN mean (NaN result before)", call: noErr(func() { KLGaussian(nan, 1, 0, 1) }), panics: true},
		{name: "KLGaussian", what: "infinite variance (NaN result before)", call: noErr(func() { KLGaussian(0, inf, 0, inf) }), panics: true},
		{name: "KLDiagGaussian", what: "length mismatch", call: noErr(func() { KLDiagGaussian(ok, ok, ok, ok[:2]) }), panics: true},
		{name: "KLBernoulli", what: "NaN", call: noErr(func() { KLBernoulli(nan, 0.5) }), panics: true},
		{name: "KLBernoulliVector", what: "length mismatch", call: noErr(func() { KLBernoulliVector(ok, ok[:1]) }), panics: true},

		// langevin.go
		{name: "EulerMaruyama.Step", what: "nil integrator", call: noErr(func() { (*EulerMaruyama)(nil).Step([]float64{0}, 0, rnd) }), panics: true},
		{name: "EulerMaruyama.Step", what: "nil force", call: noErr(func() { (&EulerMaruyama{D: []float64{1}, Dt: 0.1}).Step([]float64{0}, 0, rnd) }), panics: true},
		{name: "EulerMaruyama.Step", what: "dimension mismatch", call: noErr(func() {
			(&EulerMaruyama{Force: func(f, x []float64, _ float64) {}, D: []float64{1}, Dt: 0.1}).Step([]float64{0, 0}, 0, rnd)
		}), panics: true},
		{name: "EulerMaruyama.Step", what: "negative D (NaN state before)", call: noErr(func() {
			(&EulerMaruyama{Force: func(f, x []float64, _ float64) {}, D: []float64{-1}, Dt: 0.1}).Step([]float64{0}, 0, rnd)
		}), panics: true},
		{name: "EulerMaruyama.Step", what: "Dt = 0", call: noErr(func() {
			(&EulerMaruyama{Force: func(f, x []float64, _ float64) {}, D: []float64{1}}).Step([]float64{0}, 0, rnd)
		}), panics: true},

		// logsumexp.go
		{name: "LogSumExp", what: "NaN is propagated (documented), not an error", call: func() ([]float64, error) {
			if v := LogSumExp([]float64{nan}); !math.IsNaN(v) {
				return nil, errors.New("thermo: LogSumExp({NaN}) is not NaN")
			}
			return nil, errNaNDocumented
		}},
		{name: "LogMeanExp", what: "empty", call: noErr(func() { LogMeanExp(nil) }), panics: true},

		// mbar.go
		{name: "MBARResult.DeltaF", what: "index 5 of 5 states (gonum panic before)", call: noErr(func() { mbar5.DeltaF(0, 5) }), panics: true},
		{name: "MBARResult.DeltaF", what: "negative index", call: noErr(func() { mbar5.DeltaF(-1, 2) }), panics: true},
		{name: "MBARResult.DeltaF", what: "nil result", call: noErr(func() { (*MBARResult)(nil).DeltaF(0, 1) }), panics: true},
		{name: "MBAR", what: "one state", call: func() ([]float64, error) { _, err := MBAR([][]float64{{0}}, []int{1}, nil); return nil, err }},
		{name: "MBAR", what: "no states", call: func() ([]float64, error) { _, err := MBAR(nil, nil, nil); return nil, err }},
		{name: "MBAR", what: "counts of another length", call: func() ([]float64, error) { _, err := MBAR(u5, []int{100}, nil); return nil, err }},
		{name: "MBAR", what: "no samples", call: func() ([]float64, error) { _, err := MBAR([][]float64{nil, nil}, []int{0, 0}, nil); return nil, err }},
		{name: "MBAR", what: "ragged rows", call: func() ([]float64, error) { _, err := MBAR([][]float64{{0, 1}, {0}}, []int{1, 1}, nil); return nil, err }},
		{name: "MBAR", what: "negative count", call: func() ([]float64, error) {
			_, err := MBAR([][]float64{{0, 1}, {0, 1}}, []int{3, -1}, nil)
			return nil, err
		}},
		{name: "MBAR", what: "counts not summing to N", call: func() ([]float64, error) {
			_, err := MBAR([][]float64{{0, 1}, {0, 1}}, []int{1, 2}, nil)
			return nil, err
		}},
		{name: "MBAR", what: "−Inf energy", call: func() ([]float64, error) {
			_, err := MBAR([][]float64{{0, -inf}, {0, 1}}, []int{1, 1}, nil)
			return nil, err
		}},

		// ou.go
		{name: "Lyapunov", what: "nil A", call: func() ([]float64, error) { _, err := Lyapunov(nil, id2); return nil, err }},
		{name: "Lyapunov", what: "typed nil D", call: func() ([]float64, error) { _, err := Lyapunov(stable, (*mat.SymDense)(nil)); return nil, err }},
		{name: "Lyapunov", what: "non-square A", call: func() ([]float64, error) { _, err := Lyapunov(mat.NewDense(2, 3, nil), id2); return nil, err }},
		{name: "Lyapunov", what: "sizes differ", call: func() ([]float64, error) {
			_, err := Lyapunov(stable, mat.NewSymDense(1, []float64{1}))
			return nil, err
		}},
		{name: "Lyapunov", what: "empty A (gonum zero-length panic before)", call: func() ([]float64, error) { _, err := Lyapunov(&mat.Dense{}, id2); return nil, err }},
		{name: "Lyapunov", what: "NaN entry", call: func() ([]float64, error) {
			_, err := Lyapunov(mat.NewDense(2, 2, []float64{-1, nan, 0, -1}), id2)
			return nil, err
		}},
		{name: "OUEntropyProduction", what: "non-square A", call: func() ([]float64, error) { return val(OUEntropyProduction(mat.NewDense(1, 2, nil), id2)) }},
		{name: "OUEntropyProduction", what: "singular D", call: func() ([]float64, error) {
			return val(OUEntropyProduction(stable, mat.NewSymDense(2, []float64{1, 0, 0, 0})))
		}},

		// ousim.go, ou_rate.go
		{name: "BeadSpringChain", what: "no beads", call: noErr(func() { BeadSpringChain(nil, 1, 1) }), panics: true},
		{name: "BeadSpringChain", what: "NaN temperature", call: noErr(func() { BeadSpringChain([]float64{1, nan}, 1, 1) }), panics: true},
		{name: "DrivenTrap", what: "k = 0", call: noErr(func() { DrivenTrap(0, 1) }), panics: true},
		{name: "Gyrator", what: "zero temperature", call: noErr(func() { Gyrator(1, 2, 0.3, 0, 1) }), panics: true},
		{name: "GyratorRate", what: "zero stiffnesses (0/0 before)", call: noErr(func() { GyratorRate(0, 0, 0.3, 1, 2) }), panics: true},
		{name: "OU.NewPath", what: "dt = 0", call: func() ([]float64, error) { _, err := chain.NewPath(0, rnd); return nil, err }},
		{name: "OU.NewPath", what: "NaN dt", call: func() ([]float64, error) { _, err := chain.NewPath(nan, rnd); return nil, err }},
		{name: "OU.NewPath", what: "infinite dt (gonum Exp never returned before)", call: func() ([]float64, error) { _, err := chain.NewPath(inf, rnd); return nil, err }},
		{name: "OU.NewPath", what: "AΔt overflows (gonum Exp never returns)", call: func() ([]float64, error) {
			_, err := (&OU{A: mat.NewDense(1, 1, []float64{-1e300}), D: mat.NewSymDense(1, []float64{1})}).NewPath(1e10, rnd)
			return nil, err
		}},
		{name: "OU.NewPath", what: "nil generator", call: func() ([]float64, error) { _, err := chain.NewPath(0.1, nil); return nil, err }},
		{name: "OU.NewPath", what: "nil process", call: func() ([]float64, error) { _, err := (*OU)(nil).NewPath(0.1, rnd); return nil, err }},
		{name: "OU.NewPath", what: "no D", call: func() ([]float64, error) { _, err := (&OU{A: stable}).NewPath(0.1, rnd); return nil, err }},
		{name: "OU.NewPath", what: "unstable", call: func() ([]float64, error) {
			_, err := (&OU{A: mat.NewDense(2, 2, []float64{1, 0, 0, -1}), D: id2}).NewPath(0.1, rnd)
			return nil, err
		}},
		{name: "OU.EntropyProductionFromPaths", what: "no trajectories", call: func() ([]float64, error) {
			r, err := chain.EntropyProductionFromPaths(nil, 0.1)
			return []float64{r.Continuous.Value}, err
		}},
		{name: "OU.EntropyProductionFromPaths", what: "ragged states", call: func() ([]float64, error) {
			r, err := chain.EntropyProductionFromPaths([][][]float64{{{0, 0}, {0}}}, 0.1)
			return []float64{r.Continuous.Value}, err
		}},
		{name: "OUPath.X", what: "nil path", call: noErr(func() { (*OUPath)(nil).X() }), panics: true},
		{name: "OUPath.Step", what: "nil generator", call: noErr(func() { path.Step(nil) }), panics: true},
		{name: "OUPath.Step", what: "zero path", call: noErr(func() { (&OUPath{}).Step(rnd) }), panics: true},
		{name: "OUPath.DiscreteRate", what: "nil path", call: noErr(func() { (*OUPath)(nil).DiscreteRate() }), panics: true},
		{name: "OUPath.ContinuousRate", what: "zero path", call: noErr(func() { (&OUPath{}).ContinuousRate() }), panics: true},
		{name: "OUPath.EntropyProduction", what: "too few steps", call: func() ([]float64, error) { return est(path.EntropyProduction(10, rnd)) }},
		{name: "OUPath.EntropyProduction", what: "nil generator", call: func() ([]float64, error) { return est(path.EntropyProduction(1000, nil)) }},
		{name: "OUPath.EntropyProduction", what: "nil path", call: func() ([]float64, error) { return est((*OUPath)(nil).EntropyProduction(1000, rnd)) }},
		{name: "OUPath.Rates", what: "nil generator", call: func() ([]float64, error) {
			r, err := path.Rates(1000, nil)
			return []float64{r.Continuous.Value}, err
		}},

		// ratchet.go
		{name: "FlashingRatchet.Potential", what: "site out of range", call: noErr(func() { ratchet.Potential(7) }), panics: true},
		{name: "FlashingRatchet.Potential", what: "Peak 0 (division by zero before)", call: noErr(func() { FlashingRatchet{L: 4, Hop: 1, Flip: 1}.Potential(0) }), panics: true},
		{name: "FlashingRatchet.Rates", what: "L = 2", call: noErr(func() { FlashingRatchet{L: 2, Peak: 1, Hop: 1, Flip: 1}.Rates() }), panics: true},
		{name: "FlashingRatchet.Current", what: "L = 0 (integer division by zero before)", call: noErr(func() { FlashingRatchet{}.Current([]int{0, 1}) }), panics: true},
		{name: "FlashingRatchet.Current", what: "state out of range", call: noErr(func() { ratchet.Current([]int{0, 9}) }), panics: true},
		{name: "FlashingRatchet.StationaryCurrent", what: "NaN height", call: func() ([]float64, error) {
			return val(FlashingRatchet{L: 4, Height: nan, Peak: 1, Hop: 1, Flip: 1}.StationaryCurrent())
		}},

		// schedule.go, schedule_exact.go
		{name: "AlphaBar", what: "empty", call: noErr(func() { AlphaBar(nil) }), panics: true},
		{name: "AlphaBar", what: "NaN β", call: noErr(func() { AlphaBar([]float64{0.1, nan}) }), panics: true},
		{name: "GaussianStepEntropy", what: "β = 0", call: noErr(func() { GaussianStepEntropy([]float64{0}) }), panics: true},
		{name: "GaussianMarginalEntropy", what: "β > 1", call: noErr(func() { GaussianMarginalEntropy([]float64{1.5}) }), panics: true},
		{name: "GaussianReverseEntropyBounds", what: "empty", call: noErr(func() { GaussianReverseEntropyBounds(nil) }), panics: true},
		{name: "BinomialStepEntropy", what: "ρ = 0", call: noErr(func() { BinomialStepEntropy(ok, 0, 0.5) }), panics: true},
		{name: "BinomialMarginalEntropy", what: "NaN p0", call: noErr(func() { BinomialMarginalEntropy(ok, 0.5, nan) }), panics: true},
		{name: "BinomialReverseEntropyBounds", what: "ρ = 1", call: noErr(func() { BinomialReverseEntropyBounds(ok, 1, 0.5) }), panics: true},
		{name: "BinomialForwardEntropyProduction", what: "empty schedule", call: noErr(func() { BinomialForwardEntropyProduction(nil, 0.5, 0.5) }), panics: true},
		{name: "GaussianForwardEntropyProduction", what: "zero variance", call: noErr(func() { GaussianForwardEntropyProduction(ok, 0, 0) }), panics: true},
		{name: "GaussianForwardEntropyProduction", what: "NaN mean (NaN result before)", call: noErr(func() { GaussianForwardEntropyProduction(ok, nan, 1) }), panics: true},
		{name: "GaussianReverseEntropy", what: "nil covariance", call: func() ([]float64, error) { return GaussianReverseEntropy(ok, nil) }},
		{name: "GaussianReverseEntropy", what: "NaN covariance", call: func() ([]float64, error) {
			return GaussianReverseEntropy(ok, mat.NewSymDense(1, []float64{nan}))
		}},
		{name: "GaussianReverseEntropy", what: "empty schedule", call: func() ([]float64, error) { return GaussianReverseEntropy(nil, id2) }},
		{name: "GaussianReverseEntropyMixture", what: "nil generator", call: func() ([]float64, error) {
			_, err := GaussianReverseEntropyMixture(ok, GaussianMixture{Means: [][]float64{{0}}}, 10, nil)
			return nil, err
		}},
		{name: "GaussianReverseEntropyMixture", what: "one draw", call: func() ([]float64, error) {
			_, err := GaussianReverseEntropyMixture(ok, GaussianMixture{Means: [][]float64{{0}}}, 1, rnd)
			return nil, err
		}},
		{name: "GaussianReverseEntropyMixture", what: "zero weights", call: func() ([]float64, error) {
			_, err := GaussianReverseEntropyMixture(ok, GaussianMixture{Means: [][]float64{{0}}, Weights: []float64{0}}, 10, rnd)
			return nil, err
		}},

		// schnakenberg.go
		{name: "Stationary", what: "nil", call: func() ([]float64, error) { return Stationary(nil) }},
		{name: "Stationary", what: "non-square", call: func() ([]float64, error) { return Stationary(mat.NewDense(2, 3, nil)) }},
		{name: "Stationary", what: "rows not summing to 1", call: func() ([]float64, error) { return Stationary(mat.NewDense(2, 2, []float64{0.5, 0.6, 0.5, 0.5})) }},
		{name: "Stationary", what: "NaN", call: func() ([]float64, error) { return Stationary(mat.NewDense(2, 2, []float64{nan, 1, 0.5, 0.5})) }},
		{name: "Stationary", what: "reducible", call: func() ([]float64, error) { return Stationary(mat.NewDense(2, 2, []float64{1, 0, 0, 1})) }},
		{name: "StationaryRates", what: "negative rate", call: func() ([]float64, error) { return StationaryRates(mat.NewDense(2, 2, []float64{0, -1, 1, 0})) }},
		{name: "StationaryRates", what: "infinite rate", call: func() ([]float64, error) { return StationaryRates(mat.NewDense(2, 2, []float64{0, inf, 1, 0})) }},
		{name: "SchnakenbergStep", what: "non-square", call: func() ([]float64, error) { return val(SchnakenbergStep(mat.NewDense(1, 2, nil))) }},
		{name: "SchnakenbergRate", what: "typed nil", call: func() ([]float64, error) { return val(SchnakenbergRate((*mat.Dense)(nil))) }},
		{name: "SchnakenbergFromTrajectory", what: "state out of range", call: func() ([]float64, error) {
			s := append([]int(nil), states...)
			s[7] = 2
			return est(SchnakenbergFromTrajectory(s, 2))
		}},
		{name: "SchnakenbergFromTrajectory", what: "no states allowed", call: func() ([]float64, error) { return est(SchnakenbergFromTrajectory(states, 0)) }},
		{name: "SchnakenbergFromTrajectory", what: "too short", call: func() ([]float64, error) { return est(SchnakenbergFromTrajectory(states[:10], 2)) }},
		{name: "SchnakenbergFromTrajectory", what: "one-way transition", call: func() ([]float64, error) {
			s := append([]int(nil), states...)
			s[200] = 2 // 1 → 2 without 2 → 1
			return est(SchnakenbergFromTrajectory(s, 3))
		}},
		{name: "SchnakenbergFromJumps", what: "times of another length", call: func() ([]float64, error) {
			return est(SchnakenbergFromJumps(states, make([]float64, 3), 2, 1))
		}},
		{name: "SchnakenbergFromJumps", what: "zero duration", call: func() ([]float64, error) {
			return est(SchnakenbergFromJumps(states, make([]float64, 200), 2, 0))
		}},
		{name: "SchnakenbergFromJumps", what: "NaN time", call: func() ([]float64, error) {
			tm := make([]float64, 200)
			tm[3] = nan
			return est(SchnakenbergFromJumps(states, tm, 2, 1))
		}},
		{name: "SchnakenbergFromJumps", what: "repeated state", call: func() ([]float64, error) {
			s := append([]int(nil), states...)
			s[5] = s[4]
			return est(SchnakenbergFromJumps(s, make([]float64, 200), 2, 1))
		}},

		// tur.go
		{name: "TURBound", what: "zero variance", call: noErr(func() { TURBound(1, 0, 1) }), panics: true},
		{name: "TURBound", what: "NaN mean", call: noErr(func() { TURBound(nan, 1, 1) }), panics: true},
	}
}

// logOnly is a Density without a gradient.
type logOnly struct{}

func (logOnly) LogProb(x []float64) float64 { return -0.5 * x[0] * x[0] }

// errNaNDocumented marks a case whose documented answer is a NaN result (LogSumExp).
var errNaNDocumented = errors.New("thermo: NaN propagated as documented")

func meanOf(x []float64) float64 {
	m, _ := meanVar(x)
	return m
}

// runBad calls one case and recovers a panic.
func runBad(c badCase) (res []float64, err error, p any) {
	defer func() { p = recover() }()
	res, err = c.call()
	return res, err, nil
}

// TestBadInputs is issue 22, item 3: every bad input of every exported function gets an error
// with a "thermo: " message, or, for functions without an error result, a panic with a
// "thermo: " message (their documented precondition); never a runtime or gonum panic, a NaN
// result, or an endless loop. Before the fix 102 of the 170 cases that compile against the old
// API failed: 35 runtime or gonum panics (MBARResult.DeltaF(0, 5): "mat: row index out of
// range"; empty matrices: "mat: zero length"; nil generators and matrices: nil dereferences;
// FlashingRatchet{}.Current: integer division by zero); 32 endless loops (SimulateJumps on a
// NaN duration, a NaN or infinite rate; OU.NewPath at Δt = +Inf inside gonum's matrix
// exponential) or silent NaN and garbage (KLGaussian, GyratorRate, DiagNormal with a zero std,
// Stationary of a non-stochastic matrix, …); and 35 panics where the function returns an error
// (MBAR, Lyapunov, BlockBootstrap, AIS.Run, SchnakenbergFromTrajectory, …).
func TestBadInputs(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range badCases() {
		covered[c.name] = true
		res, err, p := runBad(c)
		label := c.name + " (" + c.what + ")"
		if p != nil {
			if _, isRuntime := p.(runtime.Error); isRuntime {
				t.Errorf("%s: runtime panic %v", label, p)
				continue
			}
			msg, _ := p.(string)
			if e, ok := p.(error); ok {
				msg = e.Error()
			}
			switch {
			case !strings.HasPrefix(msg, "thermo: "):
				t.Errorf("%s: foreign panic %v", label, p)
			case !c.panics:
				t.Errorf("%s: panicked (%v) instead of returning an error", label, p)
			}
			continue
		}
		if c.panics {
			t.Errorf("%s: no panic and no error (result %v)", label, res)
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), "thermo: ") {
			t.Errorf("%s: err = %v, want a thermo: error", label, err)
			continue
		}
		if err == errNaNDocumented {
			continue
		}
		for _, v := range res {
			if math.IsNaN(v) {
				t.Errorf("%s: NaN in the result beside the error %v", label, err)
			}
		}
	}
	// Every exported function and method of the package has a case (or is listed as having
	// no bad input).
	for _, name := range exportedFuncs(t) {
		if !covered[name] && noResultCases[name] == "" {
			t.Errorf("%s has no bad-input case", name)
		}
	}
}

// exportedFuncs lists the exported functions and the exported methods of exported types of the
// package's non-test files, as "Func" and "Type.Method".
func exportedFuncs(t *testing.T) []string {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() {
				continue
			}
			if fd.Recv == nil {
				out = append(out, fd.Name.Name)
				continue
			}
			typ := fd.Recv.List[0].Type
			if s, ok := typ.(*ast.StarExpr); ok {
				typ = s.X
			}
			if id, ok := typ.(*ast.Ident); ok && id.IsExported() {
				out = append(out, id.Name+"."+fd.Name.Name)
			}
		}
	}
	sort.Strings(out)
	return out
}
