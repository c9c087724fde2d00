package cpu

import "testing"

// The features nest: AVX-512 (as the kernels use it) implies AVX2 with FMA, which implies AVX2.
func TestFeaturesNest(t *testing.T) {
	t.Logf("AVX2 %v, AVX2+FMA %v, AVX-512 %v", HasAVX2(), HasAVX2FMA(), HasAVX512())
	if HasAVX512() && !HasAVX2FMA() || HasAVX2FMA() && !HasAVX2() {
		t.Fatal("inconsistent feature detection")
	}
}
