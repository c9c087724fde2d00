#!/usr/bin/env python3
"""Turns scripts/bench.sh's log into the markdown table of RESULTS.md (issue 20)."""
import re, sys

go, torch = {}, {}
default = ""
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == "default":
        default = line[len("default "):].strip()
        continue
    if f[0] == "torch":
        torch[f[1]] = float(f[2]) if len(f) > 2 else None
        continue
    engine, name = f[1], re.sub(r"-\d+$", "", f[2])
    metrics = {f[i + 1]: float(f[i]) for i in range(4, len(f) - 1, 2)}
    ns = re.search(r"(\d+(?:\.\d+)?) ns/op", line)
    metrics["ns/op"] = float(ns.group(1))
    go[(name, engine)] = metrics

peak = {e: go.get(("BenchmarkSGEMMPeak", e), {}).get("GFLOP/s") for e in ("openblas", "purego", "purego-avx2")}
top = max(v for v in peak.values() if v)
print(f"Default engine: {default}")
print()
print(f"SGEMM peak (one 1024³ SGEMM per core at once): openblas {peak['openblas']:.1f} GFLOP/s, "
      f"purego {peak['purego']:.1f}, purego on AVX2 {peak['purego-avx2']:.1f}; the machine's peak "
      f"is taken as the largest, {top:.1f}")
print()
print("| step | engine | steps/s | GFLOP/step | GFLOP/s | share of the peak | PyTorch steps/s | ratio to PyTorch |")
print("|---|---|---|---|---|---|---|---|")
rows = [("BenchmarkMNISTReferenceTrainStep", "MNIST reference, batch 128", "mnist"),
        ("BenchmarkFCNDeadLeavesFullTrainStep", "dead-leaves FCN, batch 32 of 32×32", "fcn"),
        ("BenchmarkSwissRollTrainStepMLP", "Swiss-roll MLP, batch 1024", "swissroll-mlp"),
        ("BenchmarkHeartbeatTrainStep/block1", "heartbeat, batch 1024", "heartbeat")]
for bench, label, peer in rows:
    for e in ("openblas", "purego", "purego-avx2"):
        m = go.get((bench, e))
        if m is None:
            continue
        sps = m.get("steps/s") or 1e9 / m["ns/op"]
        gf = m.get("GFLOP/s")
        mf = m.get("MFLOP/step")
        tp = torch.get(peer)
        cells = [label, e, f"{sps:.2f}",
                 f"{mf / 1e3:.2f}" if mf else "—",
                 f"{gf:.1f}" if gf else "—",
                 f"{100 * gf / top:.0f} %" if gf else "—",
                 f"{tp:.2f}" if tp else "—",
                 f"{sps / tp:.2f}×" if tp else "—"]
        print("| " + " | ".join(cells) + " |")
for e in ("openblas", "purego"):
    m = go.get(("BenchmarkMNISTReferenceSample", e))
    if m:
        print(f"\nMNIST reference sampling, 128 chains, {e}: {m['samples/s@T=1000']:.2f} samples/s at T = 1000 "
              f"({m['ms/step']:.1f} ms per reverse step of the batch)")
