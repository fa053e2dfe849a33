#!/usr/bin/env bash
# Renders OUT_DIR/report.html in headless Chromium and checks that it rendered:
#   - a screenshot PNG exists and is not blank (size, and pixel variety when Python's PIL is
#     present);
#   - the DOM holds key text ($EXPECT_TEXT, default "Caseload"; and the plan's total £ from
#     summary.json when OUT_DIR has one).
# Installs Debian's chromium when it is missing (needs root, non-interactive apt-get).
#
# Usage: scripts/browser_test.sh OUT_DIR [SCREENSHOT.png]
# Exit: 0 rendered, 1 a check failed, 2 usage or no browser.
set -euo pipefail

out_dir="${1:-}"
if [[ -z "$out_dir" || ! -f "$out_dir/report.html" ]]; then
    echo "usage: $0 OUT_DIR [SCREENSHOT.png]  (OUT_DIR must hold report.html)" >&2
    exit 2
fi
report="$(cd "$out_dir" && pwd)/report.html"
shot="${2:-$out_dir/report.png}"
dom="$out_dir/report.dom.html"

browser=""
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser="$b"; break; fi
done
if [[ -z "$browser" ]]; then
    if [[ "$(id -u)" != 0 ]]; then
        echo "chromium is not installed and this is not root: cannot install it" >&2
        exit 2
    fi
    echo "installing chromium (apt-get)…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq chromium >/dev/null
    browser=chromium
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --hide-scrollbars --user-data-dir="$profile")

rm -f "$shot"
timeout 120 "$browser" "${flags[@]}" --screenshot="$shot" --window-size=1280,2000 \
    "file://$report" >/dev/null 2>"$out_dir/browser.log" || true
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$report" >"$dom" 2>>"$out_dir/browser.log" || true

fail=0
check() { # check NAME CONDITION-RESULT
    if [[ "$2" == ok ]]; then echo "ok   $1"; else echo "FAIL $1: $2"; fail=1; fi
}

if [[ -s "$shot" ]]; then
    size=$(stat -c %s "$shot")
    # A blank 1280×2000 PNG compresses to a few KB; a rendered report is far larger.
    if (( size > 30000 )); then check "screenshot $shot ($size bytes)" ok
    else check "screenshot" "only $size bytes: blank?"; fi
    if python3 -c "import PIL" 2>/dev/null; then
        colours=$(python3 -c "
from PIL import Image
im = Image.open('$shot').convert('RGB').resize((320, 500))
print(len(set(im.getdata())))")
        if (( colours > 50 )); then check "pixel variety ($colours colours)" ok
        else check "pixel variety" "only $colours colours"; fi
    fi
else
    check "screenshot" "no PNG written (see $out_dir/browser.log)"
fi

if [[ -s "$dom" ]]; then
    key="${EXPECT_TEXT:-Caseload}"
    grep -qF "$key" "$dom" && check "DOM has '$key'" ok || check "DOM has '$key'" "missing"
    grep -q "<svg" "$dom" && check "DOM has inline SVG" ok || check "DOM has inline SVG" "missing"
    if [[ -f "$out_dir/summary.json" ]]; then
        total=$(python3 -c "
import json
v = json.load(open('$out_dir/summary.json'))['cost_total']
print('£{:,.0f}'.format(round(v)))")
        grep -qF "$total" "$dom" && check "DOM has total $total" ok || check "DOM has total $total" "missing"
    fi
else
    check "dump-dom" "empty DOM (see $out_dir/browser.log)"
fi
exit $fail
