//go:build !cgo || purego

package nn

import "errors"

// loadOpenBLAS: this build has no dlopen (built without cgo, or with the purego tag).
func loadOpenBLAS() (string, error) {
	return "", errors.New("built without cgo (or with -tags purego)")
}

func useOpenBLAS()   { panic("nn: useOpenBLAS in a build without OpenBLAS") }
func useOpenBLAS64() { panic("nn: useOpenBLAS64 in a build without OpenBLAS") }
