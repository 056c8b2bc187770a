#!/usr/bin/env bash
# Benchmark of dpia-triage against the I/O floor and the Python route (issue 7, SPEC §10).
#
#   bench/run.sh [ROWS...]        default: 10000 100000 1048575
#
# For each size: generate a register (cached in bench/data/), then measure wall time and peak RSS
# (/usr/bin/time) of
#   1. the tool:  target/release/dpia-triage score IN -o OUT --force --quiet
#   2. the I/O floor: examples/io_floor.rs (calamine stream-read of the same file + rust_xlsxwriter
#      constant-memory write of its cells and the 17 added columns, read and write timed apart)
#   3. the Python route: bench/polars_score.py (polars + fastexcel + write_excel), when installed.
# Prints a markdown table and writes it to bench/results-latest.md. See bench/README.md.
#
# Environment: BENCH_SEED (generator seed, default 2026), BENCH_ZIP_LEVEL (zip level 1-9 for the
# floor, to mirror the tool's writer setting; default rust_xlsxwriter's 6), BENCH_POLARS_MAX_ROWS
# (skip Python above this size), BENCH_KEEP=1 (keep the output workbooks in bench/data/).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1048575)
for n in "${sizes[@]}"; do
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 1048575 ] ||
    { echo "bench/run.sh: ROWS must be 1..1048575, got '$n'" >&2; exit 2; }
done
seed=${BENCH_SEED:-2026}
[ -x /usr/bin/time ] || { echo "bench/run.sh: needs /usr/bin/time (GNU time; apt-get install time)" >&2; exit 1; }

echo "building (release) ..." >&2
cargo build --release --quiet --bin dpia-triage --example gen_register --example io_floor
tool=target/release/dpia-triage
gen=target/release/examples/gen_register
floor=target/release/examples/io_floor
data=bench/data
mkdir -p "$data"
# Registers are cached per size, seed and generator source, so a changed generator regenerates.
gen_id=$(sha256sum examples/gen_register.rs | cut -c1-10)

py_ok=0
if python3 -c 'import polars, fastexcel, xlsxwriter' 2>/dev/null; then
  py_ok=1
  py_version=$(python3 -c 'import polars, fastexcel, xlsxwriter; print(f"polars {polars.__version__}, fastexcel {fastexcel.__version__}, xlsxwriter {xlsxwriter.__version__}")')
else
  echo "skipped: polars/fastexcel not installed (pip install polars fastexcel xlsxwriter)" >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure NAME CMD...: run CMD with its stdout in $tmp/NAME.out and stderr in $tmp/NAME.err;
# sets wall (s) and peak (MB), or wall=error when it fails.
measure() {
  local name=$1; shift
  if /usr/bin/time -f '%e %M' -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
    read -r wall kb <"$tmp/$name.time"
    peak=$(awk -v kb="$kb" 'BEGIN { printf "%.0f", kb / 1024 }')
  else
    echo "bench/run.sh: $name failed:" >&2
    tail -5 "$tmp/$name.err" >&2
    wall=error; peak=error
  fi
}

# json_field FILE KEY: a numeric field of a one-line JSON object.
json_field() { sed -n "s/.*\"$2\": *\([0-9.]*\).*/\1/p" "$1" | head -1; }

header="| rows | tool wall s | rows/s | tool peak MB | floor read s | floor write s | floor s | tool/floor | polars s | speed-up | floor peak MB | polars peak MB |"
rule="| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
lines=()
notes=()
for n in "${sizes[@]}"; do
  in="$data/register-$n-s$seed-$gen_id.xlsx"
  if [ ! -f "$in" ]; then
    echo "generating $in ..." >&2
    "$gen" "$n" "$in.part" --seed "$seed" 2>/dev/null
    mv "$in.part" "$in"
  fi
  out="$data/out-$n.xlsx"; fout="$data/floor-$n.xlsx"; pout="$data/polars-$n.xlsx"

  echo "$n rows: tool ..." >&2
  measure tool "$tool" score "$in" -o "$out" --force --quiet
  t_wall=$wall; t_peak=$peak

  echo "$n rows: I/O floor ..." >&2
  floor_args=()
  [ -n "${BENCH_ZIP_LEVEL:-}" ] && floor_args=(--zip-level "$BENCH_ZIP_LEVEL")
  measure floor "$floor" "$in" "$fout" "${floor_args[@]}"
  f_peak=$peak
  if [ "$wall" = error ]; then
    f_read=error; f_write=error; f_total=error
  else
    f_read=$(json_field "$tmp/floor.out" read_s)
    f_write=$(json_field "$tmp/floor.out" write_s)
    f_total=$(json_field "$tmp/floor.out" floor_s)
    notes+=("$n rows, floor: $(cat "$tmp/floor.out")")
  fi

  p_wall="skipped"; p_peak="–"
  if [ "$py_ok" = 1 ] && [ "$n" -le "${BENCH_POLARS_MAX_ROWS:-1048575}" ]; then
    echo "$n rows: polars ..." >&2
    measure polars python3 bench/polars_score.py "$in" "$pout"
    p_wall=$wall; p_peak=$peak
    [ "$wall" = error ] || notes+=("$n rows, polars: $(cat "$tmp/polars.out")")
  fi

  line=$(awk -v n="$n" -v w="$t_wall" -v tp="$t_peak" -v r="$f_read" -v wr="$f_write" -v f="$f_total" \
             -v fp="$f_peak" -v p="$p_wall" -v pp="$p_peak" '
    function num(x) { return x ~ /^[0-9.]+$/ && x + 0 > 0 }
    BEGIN {
      rate  = num(w) ? sprintf("%.0f", n / w) : "–"
      ratio = num(w) && num(f) ? sprintf("%.2f", w / f) : "–"
      speed = num(w) && num(p) ? sprintf("%.1f×", p / w) : "–"
      ws = num(w) ? sprintf("%.2f", w) : w
      ps = num(p) ? sprintf("%.2f", p) : p
      rs = num(r) ? sprintf("%.2f", r) : r
      wrs = num(wr) ? sprintf("%.2f", wr) : wr
      fs = num(f) ? sprintf("%.2f", f) : f
      printf "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", n, ws, rate, tp, rs, wrs, fs, ratio, ps, speed, fp, pp
    }')
  lines+=("$line")
  echo "$line" >&2
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$out" "$fout" "$pout"
done

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null | grep -q . && echo "+uncommitted" || true)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
{
  echo "# bench/run.sh $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Commit $commit$dirty; $(nproc) cores${cpu:+ ($cpu)}, ${mem:-? GiB}, $(uname -sr); generator seed $seed."
  [ "$py_ok" = 1 ] && echo "Python route: $(python3 --version 2>&1), $py_version." ||
    echo "Python route skipped: polars/fastexcel not installed (pip install polars fastexcel xlsxwriter)."
  [ -n "${BENCH_ZIP_LEVEL:-}" ] && echo "Floor zip level: $BENCH_ZIP_LEVEL."
  echo
  echo "$header"
  echo "$rule"
  printf '%s\n' "${lines[@]}"
  if [ ${#notes[@]} -gt 0 ]; then
    echo
    echo "Breakdowns (seconds; the floor's save_s is the part of write_s spent in the final save):"
    echo
    printf -- '- `%s`\n' "${notes[@]}"
  fi
} >bench/results-latest.md
cat bench/results-latest.md
