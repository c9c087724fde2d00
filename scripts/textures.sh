#!/usr/bin/env bash
# Extracts the grey-scale texture photographs used by `thermodiff reproduce texture` — brick.png,
# grass.png and gravel.png (512×512, CC0), shipped in the data directory of Debian's
# python3-skimage package — into data/textures/ (gitignored). They substitute for the paper's
# bark images (UIUC texture database T01–T04), which no package ships.
#
# Idempotent: does nothing when the three files are already there. Needs apt-get (the package
# is only downloaded, with `apt-get download`, and unpacked with `dpkg-deb -x`; nothing is
# installed). Usage: scripts/textures.sh [DEST]   (default data/textures)
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:-data/textures}"
files=(brick.png grass.png gravel.png)
have=1
for f in "${files[@]}"; do [[ -s "$dest/$f" ]] || have=0; done
if [[ $have == 1 ]]; then
  echo "textures: already in $dest"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download python3-skimage >/dev/null 2>&1) || {
  echo "textures: 'apt-get download python3-skimage' failed (run 'apt-get update' first?)" >&2
  exit 1
}
dpkg-deb -x "$tmp"/python3-skimage_*.deb "$tmp/x"
mkdir -p "$dest"
for f in "${files[@]}"; do
  src="$(find "$tmp/x" -path "*skimage/data/$f" | head -n1)"
  [[ -n "$src" ]] || { echo "textures: $f not found in the package" >&2; exit 1; }
  cp "$src" "$dest/$f"
done
echo "textures: extracted ${files[*]} to $dest"
