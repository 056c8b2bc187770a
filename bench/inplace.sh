#!/usr/bin/env bash
# Benchmark of annotating in place (issue 12, docs/output.md#workbook and BENCHMARKS.md#against-the-goals): the tool on an xlsx register
# against the in-place I/O floor and, when given, against an earlier build of the tool.
#
#   bench/inplace.sh [ROWS...]        default: 200000 1048575
#
# For each size: generate a register (cached in bench/data/, as bench/run.sh does), then measure
# wall time and peak RSS (/usr/bin/time) of
#   1. the tool:      target/release/dpia-triage score IN -o OUT --force --quiet (in place);
#   2. the floor:     examples/inplace_floor.rs IN OUT FLOOR: every part of IN inflated and
#                     compressed again, plus the cells the tool added written with rust_xlsxwriter
#                     (constant memory), one after the other, at the tool's zip level 1;
#   3. the baseline:  BENCH_BASELINE=path/to/dpia-triage, an earlier build run the same way (the
#                     rebuilt route before in-place annotation: build commit 5bb7c0e with
#                     `git worktree add /tmp/base 5bb7c0e && CARGO_TARGET_DIR=/tmp/base-target
#                     cargo build --release --manifest-path /tmp/base/Cargo.toml`).
# Tool and baseline alternate run by run, so that a noisy machine treats both alike.
# BENCH_RUNS (default 1) runs per measurement; the table shows medians.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(200000 1048575)
runs=${BENCH_RUNS:-1}
seed=${BENCH_SEED:-2026}
baseline=${BENCH_BASELINE:-}
[ -x /usr/bin/time ] || { echo "bench/inplace.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
[ -z "$baseline" ] || [ -x "$baseline" ] || { echo "bench/inplace.sh: BENCH_BASELINE=$baseline is not executable" >&2; exit 1; }

echo "building (release) ..." >&2
cargo build --release --quiet --bin dpia-triage --example gen_register --example inplace_floor
tool=target/release/dpia-triage
gen=target/release/examples/gen_register
floor=target/release/examples/inplace_floor
data=bench/data
mkdir -p "$data"
gen_id=$(sha256sum examples/gen_register.rs | cut -c1-10)

# "seconds peakKB" of a command, its output discarded.
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
measure() {
  /usr/bin/time -f "%e %M" -o "$timing" "$@" >/dev/null 2>&1
  tail -1 "$timing"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

table="| rows | tool s | tool peak MB | floor repack s | floor write s | floor s | tool/floor | baseline s | baseline peak MB | tool/baseline |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  in="$data/register-$n-s$seed-$gen_id.xlsx"
  if [ ! -f "$in" ]; then
    echo "generating $in ..." >&2
    "$gen" "$n" "$in.part" --seed "$seed" 2>/dev/null
    mv "$in.part" "$in"
  fi
  out="$data/inplace-$n.xlsx"; bout="$data/baseline-$n.xlsx"; fout="$data/inplace-floor-$n.zip"
  ts=(); tm=(); bs=(); bm=(); fr=(); fw=(); ff=()
  for ((i = 1; i <= runs; i++)); do
    echo "$n rows, run $i/$runs ..." >&2
    read -r s m <<<"$(measure "$tool" score "$in" -o "$out" --force --quiet)"
    ts+=("$s"); tm+=("$m")
    if [ -n "$baseline" ]; then
      read -r s m <<<"$(measure "$baseline" score "$in" -o "$bout" --force --quiet)"
      bs+=("$s"); bm+=("$m")
    fi
    j=$("$floor" "$in" "$out" "$fout")
    fr+=("$(sed 's/.*"repack_s":\([0-9.]*\).*/\1/' <<<"$j")")
    fw+=("$(sed 's/.*"write_s":\([0-9.]*\).*/\1/' <<<"$j")")
    ff+=("$(sed 's/.*"floor_s":\([0-9.]*\).*/\1/' <<<"$j")")
  done
  t=$(printf '%s\n' "${ts[@]}" | median)
  tmb=$(( $(printf '%s\n' "${tm[@]}" | median) / 1024 ))
  f=$(printf '%s\n' "${ff[@]}" | median)
  row="| $(printf "%'d" "$n") | $t | $tmb | $(printf '%s\n' "${fr[@]}" | median) | $(printf '%s\n' "${fw[@]}" | median) | $f | $(awk -v a="$t" -v b="$f" 'BEGIN { printf "%.2f", a / b }')"
  if [ -n "$baseline" ]; then
    b=$(printf '%s\n' "${bs[@]}" | median)
    bmb=$(( $(printf '%s\n' "${bm[@]}" | median) / 1024 ))
    row="$row | $b | $bmb | $(awk -v a="$t" -v b="$b" 'BEGIN { printf "%.2f", a / b }') |"
  else
    row="$row | – | – | – |"
  fi
  table="$table
$row"
  echo "$row" >&2
  rm -f "$out" "$bout" "$fout"
done
echo "$table"
