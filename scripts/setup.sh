#!/usr/bin/env bash
# Sets up a fresh clone: the Debian packages the tests and benchmarks use, then the npm packages.
# Idempotent; safe to run again. Needs root (or sudo) only for the Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages, each for the real program that a test hands our output to:
#   chromium                 renderer end-to-end tests (playwright-core drives it)
#   poppler-utils            pdftotext, pdffonts, pdftoppm on the PDF exports
#   qpdf                     qpdf --check on every PDF export
#   libreoffice-writer-nogui opens every DOCX export (headless conversion to PDF)
#   default-jre-headless     Java-based validators from npm
#   prometheus               promtool (exposition and rule checks) and a real Prometheus server
#   prometheus-pushgateway   the metrics push tests
#   redis-server             the cache benchmark's peer
#   opensp, w3c-sgml-lib     onsgmls with the HTML 4.01 Transitional DTD: the EX-96/EX-23 HTML check
#   fonts-crosextra-carlito  Carlito, metric-compatible with Calibri (the DOCX's font), so LibreOffice
#                            lays the DOCX out with Word's line breaks rather than a wider substitute
declare -A provides=(
  [chromium]=/usr/bin/chromium
  [poppler-utils]=/usr/bin/pdftotext
  [qpdf]=/usr/bin/qpdf
  [libreoffice-writer-nogui]=/usr/bin/soffice
  [default-jre-headless]=/usr/bin/java
  [prometheus]=/usr/bin/promtool
  [prometheus-pushgateway]=/usr/bin/prometheus-pushgateway
  [redis-server]=/usr/bin/redis-server
  [opensp]=/usr/bin/onsgmls
  [fonts-crosextra-carlito]=/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf
  [w3c-sgml-lib]=/usr/share/xml/w3c-sgml-lib/schema/dtd/REC-html401-19991224/loose.dtd
)
missing=()
for pkg in "${!provides[@]}"; do
  [ -e "${provides[$pkg]}" ] || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "setup: installing Debian packages: ${missing[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install ${missing[*]} with your package manager" >&2
  fi
fi

# The Electron binary is a download of its own; machines without internet skip it and use the
# browser host (npm start falls back to it). Set ELECTRON_SKIP_BINARY_DOWNLOAD=0 to fetch it.
export ELECTRON_SKIP_BINARY_DOWNLOAD="${ELECTRON_SKIP_BINARY_DOWNLOAD:-1}"
npm ci --no-audit --no-fund
