#!/usr/bin/env bash
# The project's main job: reproduce the paper's quick experiments and write reports/index.html.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-reports}"
go run ./cmd/thermodiff reproduce all -out "$out"
echo "open $out/index.html"
