package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/thermodiff/thermodiff/diffusion/nn/internal/cpu"
)

// Accuracy criterion. The float64 reference R is compared with the float32
// result G element-wise:
//
//	|G(i,j) − R(i,j)| ≤ 1e-5 · √k · M,   M = max_ij (|α|·Σ_p |A(i,p)·B(p,j)| + |β·C₀(i,j)|)
//
// i.e. a relative error of 1e-5·√k of the largest magnitude that enters any
// element. Float32 summation of k terms errs by at most about k·6e-8·M, which
// stays below this bound for k < 27000; an indexing mistake errs by O(M).
// Integer-valued inputs (exactIntegers) are also checked for exact equality.
const relTol = 1e-5

// kernels lists the kernels to test: every kernel this machine can run
// (avx512, avx2-fma, scalar).
func kernels(t *testing.T) []string {
	var names []string
	for _, ks := range availableKernels() {
		names = append(names, ks.name)
	}
	if runtime.GOARCH == "amd64" && len(names) < 3 {
		t.Logf("only %v available: the other assembly kernels are not tested", names)
	}
	return names
}

// withKernel runs f with the named kernel selected.
func withKernel(t *testing.T, name string, f func()) {
	t.Helper()
	prev := active
	if !useKernel(name) {
		t.Fatalf("kernel %q unavailable", name)
	}
	defer func() { active = prev }()
	f()
}

// planModes force the driver through each orientation and packing choice.
var planModes = []struct {
	name string
	set  func(plan) plan
}{
	{"auto", nil},
	{"normal-packed", func(plan) plan { return plan{trans: false, packA: true, packB: true} }},
	{"normal-inplace", func(plan) plan { return plan{trans: false, packA: false, packB: false} }},
	{"normal-packA", func(plan) plan { return plan{trans: false, packA: true, packB: false} }},
	{"trans-packed", func(plan) plan { return plan{trans: true, packA: true, packB: true} }},
	{"trans-inplace", func(plan) plan { return plan{trans: true, packA: false, packB: false} }},
	{"trans-packB", func(plan) plan { return plan{trans: true, packA: false, packB: true} }},
}

func withPlan(set func(plan) plan, f func()) {
	planOverride = set
	defer func() { planOverride = nil }()
	f()
}

// gemmCase is one Sgemm call; extra pads the leading dimensions.
type gemmCase struct {
	tA, tB      bool
	m, n, k     int
	alpha, beta float32
	padA, padB  int
	padC        int
}

func (c gemmCase) String() string {
	return fmt.Sprintf("tA=%v tB=%v m=%d n=%d k=%d α=%g β=%g pads=%d,%d,%d",
		c.tA, c.tB, c.m, c.n, c.k, c.alpha, c.beta, c.padA, c.padB, c.padC)
}

// operands holds the inputs of a case.
type operands struct {
	a, b, c       []float32
	lda, ldb, ldc int
}

// sentinel fills C's padding (columns n..ldc-1) and a guard zone after C,
// and must survive Sgemm.
const sentinel = float32(-12345.5)

func makeOperands(rng *rand.Rand, c gemmCase, integers bool) operands {
	ar, ac := c.m, c.k
	if c.tA {
		ar, ac = c.k, c.m
	}
	br, bc := c.k, c.n
	if c.tB {
		br, bc = c.n, c.k
	}
	var o operands
	o.lda, o.ldb, o.ldc = ac+c.padA, bc+c.padB, c.n+c.padC
	val := func() float32 {
		if integers {
			return float32(rng.IntN(5) - 2)
		}
		return rng.Float32()*2 - 1
	}
	fill := func(rows, cols, ld int, pad float32) []float32 {
		s := make([]float32, max(0, (rows-1)*ld+cols))
		for i := range s {
			if i%ld < cols {
				s[i] = val()
			} else {
				s[i] = pad
			}
		}
		return s
	}
	o.a = fill(ar, ac, o.lda, float32(math.NaN())) // padding must never be read
	o.b = fill(br, bc, o.ldb, float32(math.NaN()))
	o.c = fill(c.m, c.n, o.ldc, sentinel)
	if c.beta == 0 {
		for i := range o.c {
			if i%o.ldc < c.n {
				o.c[i] = float32(math.NaN()) // β = 0 must not read C
			}
		}
	}
	return o
}

// reference returns α·op(A)·op(B) + β·C in float64 and the magnitude M of
// the accuracy criterion.
func reference(c gemmCase, o operands) (want []float64, mag float64) {
	want = make([]float64, c.m*c.n)
	for i := range c.m {
		for j := range c.n {
			var s, sa float64
			for p := range c.k {
				var x, y float32
				if c.tA {
					x = o.a[p*o.lda+i]
				} else {
					x = o.a[i*o.lda+p]
				}
				if c.tB {
					y = o.b[j*o.ldb+p]
				} else {
					y = o.b[p*o.ldb+j]
				}
				s += float64(x) * float64(y)
				sa += math.Abs(float64(x) * float64(y))
			}
			v := float64(c.alpha) * s
			m := math.Abs(float64(c.alpha)) * sa
			if c.beta != 0 {
				c0 := float64(o.c[i*o.ldc+j])
				v += float64(c.beta) * c0
				m += math.Abs(float64(c.beta) * c0)
			}
			want[i*c.n+j] = v
			mag = max(mag, m)
		}
	}
	return want, mag
}

// check runs the case on fresh copies of o and reports mismatches.
func check(t *testing.T, label string, c gemmCase, o operands, want []float64, mag float64, exact bool) {
	t.Helper()
	// C is followed by a guard zone of sentinels, 32 rows and more: a
	// kernel storing a row or a (transposed) column too many writes past
	// the end of C.
	guard := 32*o.ldc + 64
	buf := make([]float32, len(o.c)+guard)
	copy(buf, o.c)
	for i := len(o.c); i < len(buf); i++ {
		buf[i] = sentinel
	}
	got := buf[:len(o.c):len(o.c)]
	Sgemm(c.tA, c.tB, c.m, c.n, c.k, c.alpha, o.a, o.lda, o.b, o.ldb, c.beta, got, o.ldc)
	for i := len(o.c); i < len(buf); i++ {
		if buf[i] != sentinel {
			t.Errorf("%s %v: written %d elements past the end of C: %g", label, c, i-len(o.c), buf[i])
			return
		}
	}
	tol := relTol * math.Sqrt(float64(max(c.k, 1))) * mag
	if exact {
		tol = 0
	}
	bad := 0
	for i := 0; i < len(got); i++ {
		r, j := i/o.ldc, i%o.ldc
		if j >= c.n {
			if got[i] != sentinel {
				t.Errorf("%s %v: C padding (%d,%d) overwritten: %g", label, c, r, j, got[i])
				return
			}
			continue
		}
		w := want[r*c.n+j]
		if d := math.Abs(float64(got[i]) - w); !(d <= tol) {
			if bad < 3 {
				t.Errorf("%s %v: C(%d,%d) = %g, want %g (|diff| %.3g > tol %.3g)", label, c, r, j, got[i], w, d, tol)
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s %v: %d of %d elements wrong", label, c, bad, c.m*c.n)
	}
}

// runCase checks one case for every kernel and plan mode.
func runCase(t *testing.T, rng *rand.Rand, c gemmCase, integers bool) {
	t.Helper()
	o := makeOperands(rng, c, integers)
	want, mag := reference(c, o)
	for _, kn := range kernels(t) {
		withKernel(t, kn, func() {
			for _, pm := range planModes {
				withPlan(pm.set, func() {
					check(t, kn+"/"+pm.name, c, o, want, mag, integers)
				})
			}
		})
	}
}

var (
	alphas = []float32{1, 0.5, 0}
	betas  = []float32{0, 1, -0.3}
)

// TestSgemmRandom covers random shapes up to 70 with all transpose
// combinations, α, β and padded strides.
func TestSgemmRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 120
	if testing.Short() {
		n = 30
	}
	for i := range n {
		c := gemmCase{
			tA: i&1 != 0, tB: i&2 != 0,
			m: 1 + rng.IntN(70), n: 1 + rng.IntN(70), k: 1 + rng.IntN(70),
			alpha: alphas[i%3], beta: betas[(i/3)%3],
			padA: rng.IntN(3) * rng.IntN(9), padB: rng.IntN(3) * rng.IntN(9), padC: rng.IntN(3) * rng.IntN(9),
		}
		runCase(t, rng, c, false)
	}
}

// TestSgemmEdges covers sizes around the tile dimensions (MR = 4 and 8,
// the 4-row half tile of MR = 8, NR = 16, 24 and 32 and their multiples),
// with exact integer arithmetic.
func TestSgemmEdges(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	sizes := []int{1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 15, 16, 17, 20, 23, 24, 25, 31, 32, 33, 41, 47, 48, 49, 63, 64, 65}
	ks := []int{1, 3, 4, 9, 20}
	i := 0
	for _, m := range sizes {
		for _, n := range sizes {
			k := ks[i%len(ks)]
			c := gemmCase{tA: i&1 != 0, tB: i&2 != 0, m: m, n: n, k: k,
				alpha: []float32{1, 0.5}[i%2], beta: []float32{0, 1, -2}[(i/2)%3], padC: i % 3}
			runCase(t, rng, c, true)
			i++
		}
	}
}

// TestSgemmLarge covers several cache blocks in each dimension for every
// kernel (k > kc makes later k blocks accumulate with β = 1; m > mc and
// n > nc split A and B) and a strided B that is packed because its stride
// is a multiple of 64 floats.
func TestSgemmLarge(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var kc, mc, nc int
	for _, ks := range []*kernelSpec{&specScalar, &specAVX2, &specAVX512} {
		kc, mc, nc = max(kc, ks.kc), max(mc, ks.mc), max(nc, ks.nc)
	}
	shapes := [][3]int{{257, 513, 300}, {9, nc + 100, 7}, {150, 20, 600}, {4096 / 8, 20, 180}, {37, 128, 128}}
	if shapes[0][0] <= mc || shapes[0][2] <= kc {
		t.Fatalf("shape %v does not split m and k into blocks (mc %d, kc %d)", shapes[0], mc, kc)
	}
	for si, s := range shapes {
		for tr := range 4 {
			c := gemmCase{tA: tr&1 != 0, tB: tr&2 != 0, m: s[0], n: s[1], k: s[2],
				alpha: []float32{1, 0.5}[tr%2], beta: betas[(si+tr)%3], padA: 3, padB: 1, padC: 2}
			if s[1] == 128 {
				c.padA, c.padB, c.padC = 0, 0, 0
			}
			runCase(t, rng, c, false)
		}
	}
}

// TestSgemmBetaZeroNaN: with β = 0, NaN in C must not propagate, also when
// α = 0 (C = 0).
func TestSgemmBetaZeroNaN(t *testing.T) {
	for _, kn := range kernels(t) {
		withKernel(t, kn, func() {
			for _, alpha := range []float32{1, 0} {
				for _, tr := range [][2]bool{{false, false}, {true, true}} {
					m, n, k := 13, 37, 5
					a := make([]float32, m*k)
					b := make([]float32, k*n)
					c := make([]float32, m*n)
					for i := range a {
						a[i] = 1
					}
					for i := range b {
						b[i] = 2
					}
					for i := range c {
						c[i] = float32(math.NaN())
					}
					lda, ldb := k, n
					if tr[0] {
						lda = m
					}
					if tr[1] {
						ldb = k
					}
					Sgemm(tr[0], tr[1], m, n, k, alpha, a, lda, b, ldb, 0, c, n)
					for i, v := range c {
						if v != alpha*2*float32(k) {
							t.Fatalf("%s α=%g trans=%v: C[%d] = %g, want %g", kn, alpha, tr, i, v, alpha*2*float32(k))
						}
					}
				}
			}
		})
	}
}

// TestSgemmZeroDims: m = 0 or n = 0 leave C alone; k = 0 scales C by β.
func TestSgemmZeroDims(t *testing.T) {
	c := []float32{1, 2, 3, 4, 5, 6}
	Sgemm(false, false, 0, 3, 2, 1, nil, 2, make([]float32, 6), 3, 0, c, 3)
	Sgemm(false, false, 2, 0, 2, 1, make([]float32, 4), 2, nil, 1, 0, c, 3)
	if c[0] != 1 || c[5] != 6 {
		t.Fatalf("m or n = 0 changed C: %v", c)
	}
	Sgemm(false, false, 2, 3, 0, 1, make([]float32, 1), 1, nil, 3, 2, c, 3)
	if want := []float32{2, 4, 6, 8, 10, 12}; fmt.Sprint(c) != fmt.Sprint(want) {
		t.Fatalf("k = 0, β = 2: C = %v, want %v", c, want)
	}
	for i := range c {
		c[i] = float32(math.Inf(1))
	}
	Sgemm(true, true, 2, 3, 0, 1, nil, 2, make([]float32, 2), 1, 0, c, 3)
	for _, v := range c {
		if v != 0 {
			t.Fatalf("k = 0, β = 0: C = %v, want zeros", c)
		}
	}
}

// TestSgemmPanics: invalid arguments panic with a "gemm: " message.
func TestSgemmPanics(t *testing.T) {
	s := func(n int) []float32 { return make([]float32, n) }
	cases := []struct {
		name string
		want string
		call func()
	}{
		{"m<0", "gemm: m < 0", func() { Sgemm(false, false, -1, 2, 2, 1, s(4), 2, s(4), 2, 0, s(4), 2) }},
		{"n<0", "gemm: n < 0", func() { Sgemm(false, false, 2, -1, 2, 1, s(4), 2, s(4), 2, 0, s(4), 2) }},
		{"k<0", "gemm: k < 0", func() { Sgemm(false, false, 2, 2, -1, 1, s(4), 2, s(4), 2, 0, s(4), 2) }},
		{"lda", "gemm: bad leading dimension of A", func() { Sgemm(false, false, 2, 2, 3, 1, s(9), 2, s(9), 2, 0, s(4), 2) }},
		{"ldaT", "gemm: bad leading dimension of A", func() { Sgemm(true, false, 3, 2, 2, 1, s(9), 2, s(9), 2, 0, s(9), 2) }},
		{"ldb", "gemm: bad leading dimension of B", func() { Sgemm(false, false, 2, 3, 2, 1, s(4), 2, s(9), 2, 0, s(9), 3) }},
		{"ldbT", "gemm: bad leading dimension of B", func() { Sgemm(false, true, 2, 2, 3, 1, s(9), 3, s(9), 2, 0, s(4), 2) }},
		{"ldc", "gemm: bad leading dimension of C", func() { Sgemm(false, false, 2, 3, 2, 1, s(4), 2, s(6), 3, 0, s(9), 2) }},
		{"shortA", "gemm: insufficient length of a", func() { Sgemm(false, false, 2, 2, 2, 1, s(3), 2, s(4), 2, 0, s(4), 2) }},
		{"shortAT", "gemm: insufficient length of a", func() { Sgemm(true, false, 2, 2, 3, 1, s(5), 2, s(6), 2, 0, s(4), 2) }},
		{"shortB", "gemm: insufficient length of b", func() { Sgemm(false, false, 2, 2, 2, 1, s(4), 2, s(3), 2, 0, s(4), 2) }},
		{"shortBT", "gemm: insufficient length of b", func() { Sgemm(false, true, 2, 3, 2, 1, s(4), 2, s(5), 2, 0, s(6), 3) }},
		{"shortC", "gemm: insufficient length of c", func() { Sgemm(false, false, 2, 2, 2, 1, s(4), 2, s(4), 2, 0, s(3), 2) }},
		{"shortC-ldc", "gemm: insufficient length of c", func() { Sgemm(false, false, 2, 2, 2, 1, s(4), 2, s(4), 2, 0, s(5), 4) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				msg, _ := r.(string)
				if msg != tc.want {
					t.Fatalf("panic %v, want %q", r, tc.want)
				}
			}()
			tc.call()
		})
	}
}

// TestSgemmNoAlloc: steady-state calls do not allocate.
func TestSgemmNoAlloc(t *testing.T) {
	m, n, k := 64, 500, 300
	a, b, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
	for _, kn := range kernels(t) {
		withKernel(t, kn, func() {
			f := func() { Sgemm(false, true, m, n, k, 1, a, k, b, k, 1, c, n) }
			f()
			if allocs := testing.AllocsPerRun(20, f); allocs != 0 {
				t.Errorf("%s: %v allocations per call", kn, allocs)
			}
		})
	}
}

// TestKernelName checks Kernel() and the environment override, which is
// read at start-up: each value runs in a child process, which reports
// whether Kernel() matches the name the parent expects (wantEnv).
func TestKernelName(t *testing.T) {
	const wantEnv = "THERMODIFF_GEMM_TEST_WANT_KERNEL"
	if want := os.Getenv(wantEnv); want != "" {
		if Kernel() != want {
			t.Fatalf("%s=%q: Kernel() = %q, want %q", envKernel, os.Getenv(envKernel), Kernel(), want)
		}
		return
	}
	// Expected availability, from CPUID independently of the kernel list.
	has512 := runtime.GOARCH == "amd64" && cpu.HasAVX512()
	has2 := runtime.GOARCH == "amd64" && cpu.HasAVX2FMA()
	best := "scalar"
	switch {
	case has512:
		best = "avx512"
	case has2:
		best = "avx2-fma"
	}
	if os.Getenv(envKernel) == "" && Kernel() != best {
		t.Fatalf("Kernel() = %q, want %q", Kernel(), best)
	}
	orBest := func(ok bool, name string) string {
		if ok {
			return name
		}
		return best
	}
	for env, want := range map[string]string{
		"":         best,
		"scalar":   "scalar",
		"avx2":     orBest(has2, "avx2-fma"),
		"avx2-fma": orBest(has2, "avx2-fma"),
		"avx512":   orBest(has512, "avx512"),
		"bogus":    best,
	} {
		if got := selectKernel(env).name; got != want {
			t.Errorf("selectKernel(%q) = %q, want %q", env, got, want)
		}
		if testing.Short() && env != "scalar" {
			continue
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestKernelName$", "-test.count=1")
		cmd.Env = append(os.Environ(), envKernel+"="+env, wantEnv+"="+want)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "PASS") {
			t.Errorf("child with %s=%q: %v\n%s", envKernel, env, err, out)
		}
	}
}
