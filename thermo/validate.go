package thermo

import (
	"fmt"
	"math"
	"reflect"

	"gonum.org/v1/gonum/mat"
)

// Input checks shared by the exported functions (see errors.go for the conventions).

// checkFiniteMatrix reports ErrNotFinite if a matrix has a NaN or infinite entry.
func checkFiniteMatrix(ms ...mat.Matrix) error {
	for _, a := range ms {
		r, c := a.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				if v := a.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("%w: matrix entry (%d, %d) is %v", ErrNotFinite, i, j, v)
				}
			}
		}
	}
	return nil
}

// isNilPointer reports whether x is nil or an interface holding a nil pointer (a typed nil such
// as a (*mat.Dense)(nil) passed as a mat.Matrix, whose methods would panic).
func isNilPointer(x any) bool {
	if x == nil {
		return true
	}
	v := reflect.ValueOf(x)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// squareDims returns the size of a square matrix, or ErrInvalidInput (naming what) for a nil,
// empty or non-square one.
func squareDims(a mat.Matrix, what string) (int, error) {
	if isNilPointer(a) {
		return 0, fmt.Errorf("%w: %s is nil", ErrInvalidInput, what)
	}
	if e, ok := a.(interface{ IsEmpty() bool }); ok && e.IsEmpty() {
		return 0, fmt.Errorf("%w: %s is empty", ErrInvalidInput, what)
	}
	r, c := a.Dims()
	if r == 0 || r != c {
		return 0, fmt.Errorf("%w: %s must be square and non-empty, got %d×%d", ErrInvalidInput, what, r, c)
	}
	return r, nil
}
