#!/usr/bin/env bash
# One training step of the reference code's MNIST network (1.69M parameters, batch 128):
# thermodiff pure Go, thermodiff + OpenBLAS, and PyTorch 1.13 (Debian python3-torch, 2 threads),
# timed in the same run so the ratios are comparable on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10}"
export OPENBLAS_NUM_THREADS=1
echo "== thermodiff pure Go"
go test -run '^$' -bench 'MNISTReferenceTrainStep' -benchtime "${n}x" ./diffusion/ | grep Benchmark
echo "== thermodiff -tags openblas"
go test -tags openblas -run '^$' -bench 'MNISTReferenceTrainStep' -benchtime "${n}x" ./diffusion/ | grep Benchmark
echo "== PyTorch"
/usr/bin/python3 scripts/bench_mnist_torch.py --steps "$n"
