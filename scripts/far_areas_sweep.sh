#!/usr/bin/env bash
# Issue 13's Done-when on generated councils whose children have no current IRO: one line per
# council with its far reviews a far trip, its areas' miles against the reference (and the
# reference within a week's hours), areas of 3+ children held by more than 2 IROs, reviews
# against naive, late reviews, travel £ and IRO-weeks over.
#
#   scripts/far_areas_sweep.sh OUT_DIR SEED [HOME ...]
#
# Generates each council into OUT_DIR/sSEED_HOME (`iro-planner generate --profile council
# --seed SEED --home HOME --as-of 2026-11-30`), drops the `current_iro` column and runs
# `examples/far_areas` on it with the generated config (pass `--pairs` as HOME to turn
# `areas.two_area_trips` on for the councils after it). Writes nothing outside OUT_DIR.
# Needs `cargo build --release --bins --examples` first.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OUT_DIR SEED [HOME ...]" >&2; exit 2; }
out=$1 seed=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/target/release/iro-planner
far=$root/target/release/examples/far_areas
[ -x "$bin" ] && [ -x "$far" ] || {
  echo "build first: cargo build --release --bins --examples" >&2
  exit 2
}
[ $# -gt 0 ] || set -- Cumbria Devon Cornwall Northumberland Norfolk Lancashire Dorset \
  Lincolnshire Somerset Shropshire Suffolk Kent
mkdir -p "$out"
pairs=false
for home in "$@"; do
  if [ "$home" = --pairs ]; then
    pairs=true
    continue
  fi
  dir=$out/s${seed}_$(echo "$home" | tr ' ' '_')
  rm -rf "$dir"
  "$bin" generate --profile council --seed "$seed" --home "$home" --as-of 2026-11-30 \
    --out "$dir" >/dev/null
  # No current IRO: the allocation places every child (the generator quotes no field).
  if grep -q '"' "$dir/children.csv"; then
    echo "$dir/children.csv has quoted fields: drop current_iro by hand" >&2
    exit 2
  fi
  awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "current_iro") c = i }
    { if (c) { for (i = c; i < NF; i++) $i = $(i + 1); NF-- } print }' \
    "$dir/children.csv" >"$dir/children.tmp" && mv "$dir/children.tmp" "$dir/children.csv"
  sed -i "s/^two_area_trips = .*/two_area_trips = $pairs/" "$dir/config.toml"
  report=$("$far" "$dir" 2>&1 | tail -2)
  echo "$home: $(echo "$report" | sed -E -e 's/^far: //' -e 's/^plan: //' | paste -sd'|')"
done
