package main

import (
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// writeIndex writes DIR/index.html linking every experiment report found under DIR.
// (A first version; the analysis package will give it the paper-versus-measured table.)
func writeIndex(dir string, stderr io.Writer) error {
	var b strings.Builder
	b.WriteString("<!doctype html><meta charset=utf-8><title>thermodiff reports</title><h1>thermodiff reports</h1><ul>")
	for _, e := range sortedExperiments() {
		rel := filepath.Join(e.Name, "report.html")
		if _, err := os.Stat(filepath.Join(dir, rel)); err == nil {
			fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>", html.EscapeString(filepath.ToSlash(rel)), html.EscapeString(e.Name))
		}
	}
	b.WriteString("</ul>")
	path := filepath.Join(dir, "index.html")
	if err := writeFileAtomic(path, []byte(b.String())); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "wrote", path)
	return nil
}
