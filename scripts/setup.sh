#!/usr/bin/env bash
# Installs what fanzha needs and is missing, and nothing else:
#   1. Debian/Ubuntu system packages (Pango for WeasyPrint, HarfBuzz's subsetter so that
#      CJK fonts subset in ~0.2 s instead of ~10 s, the Noto CJK fonts, fontconfig);
#      Debian's Chromium, which the site's browser tests drive through Playwright, and
#      Tesseract with its Simplified Chinese data, with which the tests read the share cards' pixels;
#      Ghostscript's ICC profiles (libgs-common: default_cmyk.icc, the CMYK output intent of
#      print PDFs) and zbar (zbarimg, with which the tests decode every QR code);
#   2. a virtual environment in .venv with the project and its test tools installed;
#   3. the compact Noto CJK SC fonts the PDFs are set in (about a second, once).
# It is idempotent: a second run checks and returns in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0
  fontconfig fonts-noto-cjk
  chromium
  tesseract-ocr tesseract-ocr-chi-sim
  libgs-common zbar-tools
)

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c "import venv, ensurepip" 2>/dev/null; then
  # Debian's system Python ships venv and ensurepip separately.
  echo "setup: installing python3-venv"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-venv
fi
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating the virtual environment .venv"
  "$PYTHON" -m venv .venv
fi
# Reinstall only when the project's declared dependencies change.
stamp=.venv/.fanzha-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing fanzha and its dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  echo "$want" > "$stamp"
fi
# The compact cuts of Noto CJK SC that PDFs are set in (generator/fonts.py): made once per
# machine and font version, in ~/.cache/fanzha/fonts, so that no build waits for them.
.venv/bin/python -m generator.rendering.fonts
