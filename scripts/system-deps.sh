#!/usr/bin/env bash
# Check the Debian packages the portal needs and install the missing ones when allowed.
#
#   scripts/system-deps.sh run    Pango and fonts, for PDF exports (WeasyPrint)
#   scripts/system-deps.sh test   the same, plus Chromium (browser tests), poppler-utils and
#                                 LibreOffice Calc (workbooks re-saved before import tests)
#
# Installs with apt-get when running as root or when sudo works without a password;
# otherwise prints the exact command and fails.
set -euo pipefail

profile="${1:-run}"
packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
case "$profile" in
  run) ;;
  test) packages+=(chromium poppler-utils libreoffice-calc-nogui) ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian-based system; make sure these are installed: ${packages[*]}" >&2
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

install_command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo)
else
  echo "system-deps: missing Debian packages: ${missing[*]}" >&2
  echo "Install them as root, then run make again:" >&2
  echo "  sudo sh -c '$install_command'" >&2
  exit 1
fi

echo "system-deps: installing ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
