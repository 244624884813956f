#!/usr/bin/env bash
# Debian packages Yijiao needs beyond Python: venv support, WeasyPrint's Pango/HarfBuzz,
# CJK fonts for the PDFs, poppler's pdftotext/pdffonts for the document tests, Chromium for the
# browser tests and screenshots (Playwright drives it; its own browser download is not used), Node.js
# and npm to build the designers' modeler.
# Guarded: installs only what is missing, so running it again costs a dpkg query.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk poppler-utils chromium)
python3 -c 'import ensurepip, venv' 2>/dev/null || packages+=(python3-venv)
command -v npm >/dev/null || packages+=(nodejs npm)  # the modeler's bundle (package-lock.json)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
