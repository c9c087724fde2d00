#!/usr/bin/env bash
# The project's test command (README, `make test`, .ci/run): installs what the tests need
# (idempotent), then runs every Go test, the notebook execution and browser tests included.
# Both engines are tested: everything with the default (auto: the faster engine on this
# machine), the packages that run networks again with OpenBLAS required (setup.sh installs it;
# THERMODIFF_BLAS=openblas makes a failed load a test failure), and the pure-Go engine built
# with -tags purego (no OpenBLAS loader) on the layers, the networks and two experiments.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x scripts/setup.sh ]; then
  scripts/setup.sh
fi
export PATH="$(go env GOPATH)/bin:$PATH"
go vet ./...
go vet -tags purego ./diffusion/... ./cmd/...
go test -count=1 -timeout 40m ./...
echo "== OpenBLAS engine (THERMODIFF_BLAS=openblas)"
THERMODIFF_BLAS=openblas go test -count=1 -timeout 40m ./diffusion/... ./analysis/... ./cmd/... ./notebooks/
echo "== pure-Go engine (-tags purego)"
go test -count=1 -timeout 20m -tags purego ./diffusion/nn/... ./diffusion/
go test -count=1 -timeout 20m -tags purego -run 'TestMNISTTinyRunDeterministic|TestSwissRollDeterministicMetrics' ./cmd/thermodiff/
echo "== fuzz targets of the data and checkpoint readers, a few seconds each"
for pkg in ./datasets/ ./diffusion/; do
  for f in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    go test -run '^$' -fuzz "^${f}\$" -fuzztime 5s "$pkg"
  done
done
