// Package analysis turns results of thermo, diffusion and datasets into charts, tables, HTML
// reports and notebook displays. It may import the leaf packages; they never import it.
package analysis
