#!/usr/bin/env bash
# Benchmark of dpia-triage against the I/O floor (issue 7, SPEC §10).
#
#   bench/run.sh [ROWS...]        default: 10000 100000 1048575
#
# For each size: generate a register (cached in bench/data/), then measure wall time and peak RSS
# of (1) the tool writing the annotated workbook, (2) the I/O floor (calamine stream-read of the
# same file + rust_xlsxwriter constant-memory write of its cells plus the 17 added columns), and
# (3) the Python route (polars + fastexcel + write_excel) when bench/polars_score.py and its
# packages are available. Prints a markdown table and writes it to bench/results-latest.md.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1048575)
cargo build --release --quiet --bin dpia-triage --example gen_register --example io_floor
mkdir -p bench/data
out=bench/results-latest.md
{
  echo "| rows | tool wall s | rows/s | tool peak MB | floor read s | floor write s | floor s | tool/floor | python s |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} > "$out"
for n in "${sizes[@]}"; do
  in="bench/data/r$n.xlsx"
  [ -f "$in" ] || target/release/examples/gen_register "$n" "$in" 2>/dev/null
  t=$( { /usr/bin/time -f '%e %M' target/release/dpia-triage score "$in" -o bench/data/out.xlsx --force --quiet 2>&1 >/dev/null; } | tail -1)
  wall=${t% *}; kb=${t#* }
  floor=$(target/release/examples/io_floor "$in" bench/data/floor.xlsx)
  read_s=$(sed 's/.*"read_s":\([0-9.]*\).*/\1/' <<<"$floor")
  write_s=$(sed 's/.*"write_s":\([0-9.]*\).*/\1/' <<<"$floor")
  floor_s=$(sed 's/.*"floor_s":\([0-9.]*\).*/\1/' <<<"$floor")
  py="skipped"
  if [ -f bench/polars_score.py ] && python3 -c 'import polars, fastexcel, xlsxwriter' 2>/dev/null; then
    py=$( { /usr/bin/time -f '%e' python3 bench/polars_score.py "$in" bench/data/py.xlsx >/dev/null; } 2>&1 | tail -1)
  fi
  awk -v n="$n" -v w="$wall" -v kb="$kb" -v r="$read_s" -v wr="$write_s" -v f="$floor_s" -v py="$py" 'BEGIN {
    printf "| %d | %.2f | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %s |\n", n, w, n / w, kb / 1024, r, wr, f, w / f, py }' >> "$out"
done
cat "$out"
