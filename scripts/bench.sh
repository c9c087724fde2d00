#!/usr/bin/env bash
# The engine benchmark (issue 20): for each network, one training step timed with the default
# engine (OpenBLAS, loaded at run time) and the pure-Go fallback, beside PyTorch (Debian
# python3-torch 1.13, 2 threads) on the same network in the same run, and the machine's float32
# GEMM peak measured at the start (BenchmarkSGEMMPeak: one 1024³ SGEMM per core at once).
#
#   scripts/bench.sh [-n STEPS] [-profile DIR]
#
# Prints a markdown table: steps/s, the GEMM arithmetic of a step (nn.CountGEMMFLOPs), the
# rate it runs at, its share of the machine's peak (the faster engine's), and the ratio to
# PyTorch. -profile also writes a CPU
# profile of the MNIST reference step with each engine and prints its top entries.
# Installs python3-torch and python3-numpy when they are missing (Debian, as root).
set -euo pipefail
cd "$(dirname "$0")/.."
n=20
prof=""
while [ $# -gt 0 ]; do
  case "$1" in
    -n) n="$2"; shift 2 ;;
    -profile) prof="$2"; shift 2 ;;
    *) echo "bench: unknown argument $1 (known: -n STEPS, -profile DIR)" >&2; exit 2 ;;
  esac
done
if ! /usr/bin/python3 -c 'import torch, numpy' 2>/dev/null; then
  echo "bench: installing python3-torch python3-numpy" >&2
  apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends python3-torch python3-numpy >/dev/null
fi
export OPENBLAS_NUM_THREADS=1 # the Go engine and torch both: one BLAS thread per caller
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/nn.test" ./diffusion/nn/
go test -c -o "$tmp/diffusion.test" ./diffusion/
peers=../shared/peers
[ -d "$peers" ] || peers=""
log="$tmp/log"

gobench() { # ENGINE BINARY PATTERN [benchtime]; ENGINE openblas, purego or purego-avx2 (the
  # pure-Go engine on its AVX2 kernel: what a CPU without AVX-512 gets)
  local blas="${1%%-*}" kernel=""
  [ "$1" = purego-avx2 ] && kernel=avx2
  THERMODIFF_BLAS="$blas" THERMODIFF_GEMM_KERNEL="$kernel" "$2" -test.run '^$' -test.bench "$3" \
    -test.benchtime "${4:-${n}x}" 2>&1 | grep '^Benchmark' | sed "s/^/go $1 /" >>"$log"
}
torch() { # NAME CMD...
  local name="$1"
  shift
  local sps
  sps=$("$@" 2>/dev/null | grep -o '"steps_per_sec": [0-9.]*' | tail -1 | awk '{print $2}')
  echo "torch $name $sps" >>"$log"
}

echo "default $("$tmp/nn.test" -test.run 'TestGemmMatchesGonum$' -test.v | grep -o 'blas: .*')" >>"$log"
for e in openblas purego purego-avx2; do gobench "$e" "$tmp/nn.test" 'SGEMMPeak$' 5x; done
for e in openblas purego purego-avx2; do gobench "$e" "$tmp/diffusion.test" 'MNISTReferenceTrainStep$'; done
torch mnist /usr/bin/python3 scripts/bench_torch.py --net mnist --steps "$n"
for e in openblas purego purego-avx2; do gobench "$e" "$tmp/diffusion.test" 'FCNDeadLeavesFullTrainStep$'; done
torch fcn /usr/bin/python3 scripts/bench_torch.py --net fcn --steps "$n"
for e in openblas purego purego-avx2; do gobench "$e" "$tmp/diffusion.test" 'SwissRollTrainStepMLP$' 2s; done
[ -n "$peers" ] && torch swissroll-mlp /usr/bin/python3 "$peers/swissroll_torch.py" --bench --model mlp
for e in openblas purego purego-avx2; do gobench "$e" "$tmp/diffusion.test" 'HeartbeatTrainStep/block1$' 2s; done
[ -n "$peers" ] && torch heartbeat /usr/bin/python3 "$peers/heartbeat_torch.py" --bench
for e in openblas purego purego-avx2; do gobench "$e" "$tmp/diffusion.test" 'MNISTReferenceSample$' 2x; done

/usr/bin/python3 scripts/bench_table.py "$log"

if [ -n "$prof" ]; then
  mkdir -p "$prof"
  for e in openblas purego; do
    THERMODIFF_BLAS="$e" "$tmp/diffusion.test" -test.run '^$' -test.bench 'MNISTReferenceTrainStep$' \
      -test.benchtime "${n}x" -test.cpuprofile "$prof/mnist-$e.prof" >/dev/null
    echo
    echo "### pprof top, MNIST reference step, $e"
    echo '```'
    go tool pprof -top -nodecount=15 "$tmp/diffusion.test" "$prof/mnist-$e.prof" 2>/dev/null | sed -n '5,22p'
    echo '```'
  done
fi
