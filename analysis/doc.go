// Package analysis turns results of thermo, diffusion and datasets into charts, tables, HTML
// reports and notebook displays. It may import the leaf packages; they never import it.
//
// Charts are interactive ECharts figures built from plain data ([]float64 series,
// [][2]float64 points, [][]float64 matrices): LineChart, TrainingCurve, KPerStep,
// EntropyBounds, Scatter and ScatterTimeline (a time slider), DriftField (arrows), Heatmap
// (binary sequences), ImageGrid and ZScores. Static figures for papers come from gonum/plot
// (LinePlot, ScatterPlot, PlotPNG, PlotSVG, SavePlot).
//
// A Report is one self-contained HTML page: title, the paper's numbers beside the run's with
// standard errors (Result), provenance (Provenance: seed, commit, Go version, settings, wall
// time) and every figure. The ECharts library (npm echarts@5.6.0, Apache-2.0, in
// assets/echarts with its LICENSE and NOTICE) is inlined once per page, wrapped so that a
// RequireJS loader on the page cannot capture it; nothing loads from the network. Strings are
// escaped by html/template. WriteIndex writes the index page of a reports directory from each
// experiment's metrics.json.
//
// In a GoNB notebook, Show displays charts in the cell's output (they also draw in nbconvert's
// HTML export), ShowReport, ShowTable, ShowPlot and ShowHTMLFile display the rest, and
// Progress is a progress bar that updates in place (a text line on stderr elsewhere). Outside
// a notebook the Show functions do nothing.
//
// Experiment helpers take diffusion's results: NewSwissRollRun, SwissRollRun.AddFigures and
// SwissRollReport build the Swiss roll report; EntropyBoundsBits, ReverseEntropyBits and
// ForwardFrames compute what the charts show.
package analysis
