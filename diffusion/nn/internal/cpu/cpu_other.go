//go:build !amd64

package cpu

// HasAVX2, HasAVX2FMA and HasAVX512 are false off amd64.
func HasAVX2() bool    { return false }
func HasAVX2FMA() bool { return false }
func HasAVX512() bool  { return false }
