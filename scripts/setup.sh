#!/usr/bin/env bash
# Installs what the tests and the notebooks need, idempotently (a second run skips every step
# that is already done). Debian 12, run as root (or with sudo); no prompts, so it runs in CI.
#
#   scripts/setup.sh        Jupyter execution (nbconvert + client, require.js for its HTML
#                           export), Chromium for the browser tests, OpenBLAS for the
#                           optional `openblas` build tag, the GoNB
#                           kernel and goimports (pinned in tools/go.mod), kernel registration.
#   scripts/setup.sh --ui   the same, plus the Jupyter Notebook UI (Debian's jupyter-notebook).
#
# The go tools install into $(go env GOPATH)/bin; put that on PATH (scripts/test.sh does).
# Details go to the log file ($SETUP_LOG, default /tmp/thermodiff-setup.log); the terminal
# gets one line per step.
set -euo pipefail
cd "$(dirname "$0")/.."

ui=0
for arg in "$@"; do
  case "$arg" in
    --ui) ui=1 ;;
    -h | --help)
      sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "setup: unknown argument $arg (known: --ui)" >&2
      exit 2
      ;;
  esac
done

log="${SETUP_LOG:-/tmp/thermodiff-setup.log}"
: >"$log"
export DEBIAN_FRONTEND=noninteractive

# step NAME CMD...: runs CMD with its output in the log; prints one line; on failure shows the
# log's tail and exits.
step() {
  local name="$1"
  shift
  local t0=$SECONDS
  echo "== $name" >>"$log"
  if "$@" >>"$log" 2>&1; then
    echo "setup: $name: done ($((SECONDS - t0)) s)"
  else
    local rc=$?
    echo "setup: $name: FAILED (exit $rc); last lines of $log:" >&2
    tail -n 30 "$log" >&2
    exit "$rc"
  fi
}

skip() { echo "setup: $1: already done"; }

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then
    sudo_cmd=(sudo -n)
  fi
fi

# --- Debian packages -------------------------------------------------------------------------
# libjs-requirejs: the require.js that nbconvert's default HTML export loads, so the notebook
# test checks that charts draw where RequireJS is present.
pkgs=(jupyter-nbconvert jupyter-client chromium libopenblas-dev libjs-requirejs)
if [ "$ui" = 1 ]; then
  pkgs+=(jupyter-notebook)
fi
missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  skip "debian packages (${pkgs[*]})"
else
  if [ "$(id -u)" -ne 0 ] && [ "${#sudo_cmd[@]}" -eq 0 ]; then
    echo "setup: missing Debian packages ${missing[*]}; run this script as root" >&2
    exit 1
  fi
  # Wait for another apt or dpkg run (up to 10 minutes) instead of failing on its lock.
  apt_opts=(-o DPkg::Lock::Timeout=600)
  step "apt-get update" "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" update
  step "apt-get install ${missing[*]}" "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" install -y -q \
    --no-install-recommends "${missing[@]}"
fi

# --- GoNB and goimports, pinned in tools/go.mod ----------------------------------------------
gobin="$(go env GOBIN)"
if [ -z "$gobin" ]; then
  gobin="$(go env GOPATH)/bin"
fi
export PATH="$gobin:$PATH"

# tools_current: both binaries exist and were built from the versions tools/go.mod pins.
tools_current() {
  local want_gonb want_x
  want_gonb=$(go -C tools list -m -f '{{.Version}}' github.com/janpfeifer/gonb) || return 1
  want_x=$(go -C tools list -m -f '{{.Version}}' golang.org/x/tools) || return 1
  [ -x "$gobin/gonb" ] && [ -x "$gobin/goimports" ] || return 1
  go version -m "$gobin/gonb" | grep -Eq "^[[:space:]]+mod[[:space:]]+github.com/janpfeifer/gonb[[:space:]]+$want_gonb" || return 1
  go version -m "$gobin/goimports" | grep -Eq "^[[:space:]]+mod[[:space:]]+golang.org/x/tools[[:space:]]+$want_x" || return 1
}
if tools_current 2>>"$log"; then
  skip "go tools (gonb, goimports in $gobin)"
else
  step "go -C tools install tool (gonb, goimports; a few minutes when cold)" go -C tools install tool
fi

# --- Jupyter kernel ----------------------------------------------------------------------------
# kernel_current: a gonb kernelspec exists and starts the binary we just installed.
kernel_current() {
  local dir
  dir=$(jupyter kernelspec list 2>/dev/null | awk '$1 == "gonb" {print $2}')
  [ -n "$dir" ] && [ -f "$dir/kernel.json" ] || return 1
  grep -q "\"$gobin/gonb\"" "$dir/kernel.json" && grep -q -- 'raw_error=true' "$dir/kernel.json"
}
if kernel_current; then
  skip "gonb kernel registration"
else
  step "register the gonb kernel" gonb --install --force_deps --raw_error
  kernel_current || {
    echo "setup: the gonb kernel is not listed by 'jupyter kernelspec list'" >&2
    exit 1
  }
fi
echo "setup: ready (log: $log)"
