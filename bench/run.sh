#!/usr/bin/env bash
# Benchmark of dpia-triage against the I/O floor and the Python route (issue 7, BENCHMARKS.md#against-the-goals).
#
#   bench/run.sh [ROWS...]        default: 10000 100000 1048575
#
# For each size: generate a register (cached in bench/data/), then measure wall time and peak RSS
# (/usr/bin/time) of
#   1. the tool:  target/release/dpia-triage score IN -o REF --force --quiet [--zip-level N]
#   2. the I/O floor, twice (examples/io_floor.rs IN REF OUT: calamine stream-read of IN, then
#      rust_xlsxwriter constant-memory write of exactly REF's cells, read and write timed apart):
#      (a) floor:  rust_xlsxwriter's defaults (zip level 6), every sheet in constant-memory mode;
#      (b) floor*: --like-tool --zip-level <the tool's level>: the list sheets in low-memory mode
#          (shared strings) as the tool writes them, the tool's zip level;
#   3. the Python route: bench/polars_score.py (polars + fastexcel + write_excel), when installed,
#      twice: the same job (the register, Maatregelen and Meldingen sheets) and --register-only
#      (the annotated register alone, a lower bound for this Python route).
# Prints a markdown table and writes it to bench/results-latest.md. See bench/README.md.
#
# Environment: BENCH_SEED (generator seed, default 2026), BENCH_RUNS (runs per measurement, default
# 1; the table shows the median run), BENCH_ZIP_LEVEL (zip level 1-9 passed to the tool as
# --zip-level and used for floor*; default: the tool's own default from `score --help`, else 6),
# BENCH_POLARS_MAX_ROWS (skip Python above this size), BENCH_POLARS_ROUTES (which Python routes to
# run: "full register-only" by default; "full" or "register-only" for one), BENCH_KEEP=1 (keep the output workbooks in
# bench/data/).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1048575)
for n in "${sizes[@]}"; do
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 1048575 ] ||
    { echo "bench/run.sh: ROWS must be 1..1048575, got '$n'" >&2; exit 2; }
done
seed=${BENCH_SEED:-2026}
runs=${BENCH_RUNS:-1}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "bench/run.sh: BENCH_RUNS must be a positive integer, got '$runs'" >&2; exit 2; }
bench_zip=${BENCH_ZIP_LEVEL:-}
[ -z "$bench_zip" ] || [[ $bench_zip =~ ^[1-9]$ ]] ||
  { echo "bench/run.sh: BENCH_ZIP_LEVEL must be 1-9, got '$bench_zip'" >&2; exit 2; }
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

# The tool's zip level: BENCH_ZIP_LEVEL, else the default `score --help` shows for --zip-level
# ("[default: N]" in that option's paragraph), else 6 (rust_xlsxwriter's, for a tool without the
# option).
score_help=$("$tool" score --help 2>/dev/null || true)
tool_has_zip=0
grep -q -- '--zip-level' <<<"$score_help" && tool_has_zip=1
help_zip=$(awk '/--zip-level/ { on = 1; next }
                on && /^ *-/ { exit }
                on && match($0, /\[default: [0-9]+\]/) { print substr($0, RSTART + 10, RLENGTH - 11); exit }' \
             <<<"$score_help")
tool_args=()
if [ -n "$bench_zip" ]; then
  [ "$tool_has_zip" = 1 ] ||
    { echo "bench/run.sh: BENCH_ZIP_LEVEL is set but '$tool score' has no --zip-level option" >&2; exit 1; }
  tool_zip=$bench_zip
  tool_zip_src="BENCH_ZIP_LEVEL"
  tool_args=(--zip-level "$bench_zip")
elif [ -n "$help_zip" ]; then
  tool_zip=$help_zip
  tool_zip_src="the tool's default"
else
  tool_zip=6
  tool_zip_src="assumed: no --zip-level default in \`score --help\`"
fi

py_ok=0
if python3 -c 'import polars, fastexcel, xlsxwriter' 2>/dev/null; then
  py_ok=1
  py_version=$(python3 -c 'import polars, fastexcel, xlsxwriter; print(f"polars {polars.__version__}, fastexcel {fastexcel.__version__}, xlsxwriter {xlsxwriter.__version__}")')
else
  echo "skipped: polars/fastexcel not installed (pip install polars fastexcel xlsxwriter)" >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure NAME KEY CMD...: run CMD $runs times, each with its stdout in $tmp/NAME.I.out, stderr in
# $tmp/NAME.I.err and `%e %M` in $tmp/NAME.I.time. The median run is the one whose KEY (`wall`, or
# a numeric field of the one-line JSON CMD prints) is in the middle (the lower middle one for an
# even count); sets wall (s) and peak (MB) of that run and copies its stdout to $tmp/NAME.out.
# When any run fails: wall=error, peak=error.
measure() {
  local name=$1 key=$2; shift 2
  local i kb v
  : >"$tmp/$name.keys"
  for ((i = 1; i <= runs; i++)); do
    if /usr/bin/time -f '%e %M' -o "$tmp/$name.$i.time" "$@" >"$tmp/$name.$i.out" 2>"$tmp/$name.$i.err"; then
      if [ "$key" = wall ]; then
        read -r v kb <"$tmp/$name.$i.time"
      else
        v=$(json_field "$tmp/$name.$i.out" "$key")
      fi
      echo "${v:-0} $i" >>"$tmp/$name.keys"
    else
      echo "bench/run.sh: $name failed:" >&2
      tail -5 "$tmp/$name.$i.err" >&2
      wall=error; peak=error
      : >"$tmp/$name.out"
      return 0
    fi
  done
  i=$(sort -n -k1,1 "$tmp/$name.keys" | awk -v m=$(((runs + 1) / 2)) 'NR == m { print $2 }')
  read -r wall kb <"$tmp/$name.$i.time"
  peak=$(awk -v kb="$kb" 'BEGIN { printf "%.0f", kb / 1024 }')
  cp "$tmp/$name.$i.out" "$tmp/$name.out"
}

# json_field FILE KEY: a numeric field of a one-line JSON object.
json_field() { sed -n "s/.*\"$2\": *\([0-9.]*\).*/\1/p" "$1" | head -1; }

# mb FILE: size in MB (one decimal), or – when missing.
mb() { [ -f "$1" ] && awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MB", b / 1e6 }' || echo "–"; }

routes=${BENCH_POLARS_ROUTES:-full register-only}
for r in $routes; do
  [ "$r" = full ] || [ "$r" = register-only ] ||
    { echo "bench/run.sh: BENCH_POLARS_ROUTES takes full and/or register-only, got '$r'" >&2; exit 2; }
done
header="| rows | tool wall s | rows/s | tool peak MB | floor read s | floor write s | floor s | tool/floor | floor* s | tool/floor* | polars s | speed-up | polars register-only s | speed-up (register only) | floor peak MB | polars peak MB |"
rule="| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
lines=()
notes=()
for n in "${sizes[@]}"; do
  in="$data/register-$n-s$seed-$gen_id.xlsx"
  if [ ! -f "$in" ]; then
    echo "generating $in ..." >&2
    "$gen" "$n" "$in.part" --seed "$seed" 2>/dev/null
    mv "$in.part" "$in"
  fi
  ref="$data/out-$n.xlsx"; fout="$data/floor-$n.xlsx"; fout2="$data/floor-like-tool-$n.xlsx"
  pout="$data/polars-$n.xlsx"

  echo "$n rows: tool ..." >&2
  measure tool wall "$tool" score "$in" -o "$ref" --force --quiet ${tool_args[@]+"${tool_args[@]}"}
  t_wall=$wall; t_peak=$peak

  f_read=–; f_write=–; f_total=–; f_peak=–; f2_total=–
  if [ "$t_wall" = error ] || [ ! -f "$ref" ]; then
    echo "bench/run.sh: no tool output, floor skipped" >&2
  else
    echo "$n rows: I/O floor ..." >&2
    measure floor floor_s "$floor" "$in" "$ref" "$fout"
    f_peak=$peak
    if [ "$wall" = error ]; then
      f_read=error; f_write=error; f_total=error
    else
      f_read=$(json_field "$tmp/floor.out" read_s)
      f_write=$(json_field "$tmp/floor.out" write_s)
      f_total=$(json_field "$tmp/floor.out" floor_s)
      notes+=("$n rows, floor: $(cat "$tmp/floor.out")")
    fi

    echo "$n rows: I/O floor like the tool (zip level $tool_zip) ..." >&2
    measure floor2 floor_s "$floor" "$in" "$ref" "$fout2" --like-tool --zip-level "$tool_zip"
    if [ "$wall" = error ]; then
      f2_total=error
    else
      f2_total=$(json_field "$tmp/floor2.out" floor_s)
      notes+=("$n rows, floor*: $(cat "$tmp/floor2.out"), peak $peak MB")
    fi
    notes+=("$n rows, output sizes: tool $(mb "$ref"), floor $(mb "$fout"), floor* $(mb "$fout2")")
  fi

  p_wall="skipped"; p_peak="–"; pr_wall="skipped"
  if [ "$py_ok" = 1 ] && [ "$n" -le "${BENCH_POLARS_MAX_ROWS:-1048575}" ]; then
    for r in $routes; do
      if [ "$r" = full ]; then
        echo "$n rows: polars (the same job) ..." >&2
        measure polars wall python3 bench/polars_score.py "$in" "$pout"
        p_wall=$wall; p_peak=$peak
        [ "$wall" = error ] || notes+=("$n rows, polars: $(cat "$tmp/polars.out"), peak $peak MB")
      else
        echo "$n rows: polars (register only) ..." >&2
        measure polars_reg wall python3 bench/polars_score.py "$in" "$pout" --register-only
        pr_wall=$wall
        [ "$wall" = error ] || notes+=("$n rows, polars --register-only: $(cat "$tmp/polars_reg.out"), peak $peak MB")
      fi
    done
  fi

  line=$(awk -v n="$n" -v w="$t_wall" -v tp="$t_peak" -v r="$f_read" -v wr="$f_write" -v f="$f_total" \
             -v f2="$f2_total" -v fp="$f_peak" -v p="$p_wall" -v pp="$p_peak" -v pr="$pr_wall" '
    function num(x) { return x ~ /^[0-9.]+$/ && x + 0 > 0 }
    function fmt(x) { return num(x) ? sprintf("%.2f", x) : x }
    BEGIN {
      rate   = num(w) ? sprintf("%.0f", n / w) : "–"
      ratio  = num(w) && num(f) ? sprintf("%.2f", w / f) : "–"
      ratio2 = num(w) && num(f2) ? sprintf("%.2f", w / f2) : "–"
      speed  = num(w) && num(p) ? sprintf("%.1f×", p / w) : "–"
      speedr = num(w) && num(pr) ? sprintf("%.1f×", pr / w) : "–"
      printf "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
        n, fmt(w), rate, tp, fmt(r), fmt(wr), fmt(f), ratio, fmt(f2), ratio2, fmt(p), speed, fmt(pr), speedr, fp, pp
    }')
  lines+=("$line")
  echo "$line" >&2
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$ref" "$fout" "$fout2" "$pout"
done

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null | grep -q . && echo "+uncommitted" || true)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
{
  echo "# bench/run.sh $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Commit $commit$dirty; $(nproc) cores${cpu:+ ($cpu)}, ${mem:-? GiB}, $(uname -sr); generator seed $seed."
  if [ "$py_ok" = 1 ]; then
    echo "Python route: $(python3 --version 2>&1), $py_version."
  else
    echo "Python route skipped: polars/fastexcel not installed (pip install polars fastexcel xlsxwriter)."
  fi
  echo "Tool zip level: $tool_zip ($tool_zip_src). floor: rust_xlsxwriter's defaults (zip level 6, every sheet constant-memory); floor*: \`--like-tool --zip-level $tool_zip\` (list sheets low-memory, as the tool)."
  echo "Runs per measurement: $runs$([ "$runs" -gt 1 ] && echo " (median run shown, its peak with it)")."
  echo
  echo "$header"
  echo "$rule"
  printf '%s\n' "${lines[@]}"
  if [ ${#notes[@]} -gt 0 ]; then
    echo
    echo "Breakdowns (seconds; the floor's save_s is the part of write_s spent in the final save; rows/cells count those with a value, all sheets, header rows included):"
    echo
    printf -- '- `%s`\n' "${notes[@]}"
  fi
} >bench/results-latest.md
cat bench/results-latest.md
