package nn

import (
	"fmt"
	"math"
)

// Param is one trainable tensor: its values W and the gradient G accumulated by Backward.
type Param struct {
	Name string
	W    []float32
	G    []float32
}

// NewParam returns a zero-valued parameter of n elements.
func NewParam(name string, n int) *Param {
	return &Param{Name: name, W: make([]float32, n), G: make([]float32, n)}
}

// ZeroGrads sets every gradient to zero.
func ZeroGrads(ps []*Param) {
	for _, p := range ps {
		clear(p.G)
	}
}

// NumParams is the total number of scalars in ps.
func NumParams(ps []*Param) int {
	n := 0
	for _, p := range ps {
		n += len(p.W)
	}
	return n
}

// GradsFinite reports whether every gradient element is finite; if not it names the first
// offending parameter.
func GradsFinite(ps []*Param) (bool, string) {
	for _, p := range ps {
		for _, g := range p.G {
			if math.IsNaN(float64(g)) || math.IsInf(float64(g), 0) {
				return false, p.Name
			}
		}
	}
	return true, ""
}

// CopyParams copies the values of src into dst (same shapes), e.g. for an EMA or a snapshot.
func CopyParams(dst, src []*Param) {
	if len(dst) != len(src) {
		panic(fmt.Sprintf("nn: CopyParams: %d vs %d params", len(dst), len(src)))
	}
	for i := range src {
		if len(dst[i].W) != len(src[i].W) {
			panic("nn: CopyParams: shape mismatch in " + src[i].Name)
		}
		copy(dst[i].W, src[i].W)
	}
}
