package thermo

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImportRule keeps thermo a leaf: library files import only the standard library and gonum;
// tests may also import the package itself (for examples).
func TestImportRule(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			first := strings.SplitN(path, "/", 2)[0]
			switch {
			case !strings.Contains(first, "."): // standard library
			case strings.HasPrefix(path, "gonum.org/v1/gonum/"):
			case strings.HasSuffix(f, "_test.go") && path == "github.com/thermodiff/thermodiff/thermo":
			default:
				t.Errorf("%s imports %s", f, path)
			}
		}
	}
}
