#!/usr/bin/env bash
# The project's test command (README, `make test`, .ci/run): installs what the tests need
# (idempotent), then runs every Go test, the notebook execution and browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x scripts/setup.sh ]; then
  scripts/setup.sh
fi
export PATH="$(go env GOPATH)/bin:$PATH"
go vet ./...
go test -count=1 -timeout 40m ./...
