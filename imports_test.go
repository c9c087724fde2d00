// Package thermodiff_test holds repository-wide checks.
package thermodiff_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/thermodiff/thermodiff"

// leaves may import only the standard library, gonum and their own subpackages.
var leaves = []string{"thermo", "datasets", "diffusion"}

// importViolation reports why package dir (relative to the module root, slash-separated) may
// not import path, or "" when the edge is allowed. The rule (STYLE.md): thermo, datasets and
// diffusion are leaves (stdlib + gonum.org/v1/gonum); analysis may import them; cmd and
// notebooks sit on top; nothing imports cmd.
func importViolation(dir, path string) string {
	if path == module+"/cmd" || strings.HasPrefix(path, module+"/cmd/") {
		return "nothing may import cmd"
	}
	top := strings.SplitN(dir, "/", 2)[0]
	for _, leaf := range leaves {
		if top != leaf {
			continue
		}
		switch {
		case path == module+"/"+leaf || strings.HasPrefix(path, module+"/"+leaf+"/"):
			return "" // its own subpackages
		case strings.HasPrefix(path, module+"/"):
			return "a leaf package may not import another package of the module"
		case strings.HasPrefix(path, "gonum.org/v1/gonum/"):
			return ""
		case path == "C":
			return "" // cgo: diffusion/nn loads OpenBLAS at run time (dlopen)
		case !strings.Contains(strings.SplitN(path, "/", 2)[0], "."):
			return "" // standard library
		default:
			return "a leaf package may import only the standard library and gonum"
		}
	}
	return ""
}

func TestImportRule(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != "." && (strings.HasPrefix(name, ".") || name == "tools" || name == "testdata" || name == "reports") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(p))
		for _, imp := range f.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			if why := importViolation(dir, path); why != "" {
				t.Errorf("%s imports %s: %s", p, path, why)
			}
			checked++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Fatalf("only %d imports checked: the walk is not seeing the packages", checked)
	}
}

// The checker itself must reject the forbidden edges.
func TestImportRuleRejects(t *testing.T) {
	for _, c := range [][2]string{
		{"diffusion", module + "/thermo"},
		{"thermo", module + "/datasets"},
		{"datasets", module + "/analysis"},
		{"diffusion/nn", "github.com/go-echarts/go-echarts/v2/charts"},
		{"analysis", module + "/cmd/thermodiff"},
		{"thermo", "gonum.org/v1/plot"},
	} {
		if importViolation(c[0], c[1]) == "" {
			t.Errorf("%s → %s accepted", c[0], c[1])
		}
	}
	for _, c := range [][2]string{
		{"diffusion", module + "/diffusion/nn"},
		{"thermo", "gonum.org/v1/gonum/mat"},
		{"analysis", module + "/thermo"},
		{"cmd/thermodiff", module + "/analysis"},
		{"datasets", "compress/gzip"},
	} {
		if why := importViolation(c[0], c[1]); why != "" {
			t.Errorf("%s → %s rejected: %s", c[0], c[1], why)
		}
	}
}
