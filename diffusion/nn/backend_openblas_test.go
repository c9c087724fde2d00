//go:build cgo && !purego

package nn

import "testing"

// OpenBLAS's Sgemm, whichever engine the program chose, where the library loads.
func TestOpenBLASSgemm(t *testing.T) {
	desc, err := loadOpenBLAS()
	if err != nil {
		t.Skip(err)
	}
	t.Log(desc)
	checkSgemm(t, openBLAS32{})
}
