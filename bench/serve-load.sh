#!/usr/bin/env bash
# Load check of the page's server (issue 16, docs/output.md#the-page):
#
#   bench/serve-load.sh [ROWS] [N]        default: 200000 20
#
# Three runs, each against a freshly started `target/release/dpia-triage serve --no-open`:
#   A. N concurrent uploads of samples/verwerkingsregister.xlsx, each answered with the annotated
#      workbook (format=xlsx), as N people pressing the button at once;
#   B. one upload of a ROWS-row register (bench/data/, made by examples/gen_register), answered
#      with the annotated workbook;
#   C. B and A together: the N small uploads start one second after the large one, to see
#      whether they wait for it;
#   D. four uploads of the ROWS-row register at once: memory with more large uploads than
#      `--at-once` lets score at the same time (the default: the number of cores, at least 2).
# Per run: every request's status and latency (curl's time_total), as min / median / max, and the
# server's peak resident memory (VmHWM of the process) next to its resident memory when idle.
# Prints a markdown table (BENCHMARKS.md#the-page).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-200000}
n=${2:-20}
[[ $rows =~ ^[0-9]+$ ]] && [[ $n =~ ^[0-9]+$ ]] ||
  { echo "bench/serve-load.sh: ROWS and N are whole numbers" >&2; exit 2; }
command -v curl >/dev/null || { echo "bench/serve-load.sh: needs curl" >&2; exit 1; }
cargo build --release --quiet --bin dpia-triage --example gen_register
tool=target/release/dpia-triage
data=bench/data
mkdir -p "$data"
gen_id=$(sha256sum examples/gen_register.rs | cut -c1-10)
big="$data/register-$rows-s2026-$gen_id.xlsx"
[ -f "$big" ] || target/release/examples/gen_register "$rows" "$big" --seed 2026 >/dev/null
small=samples/verwerkingsregister.xlsx

tmp=$(mktemp -d)
server=""
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# start: a fresh server on a free port; sets $server (pid) and $url.
start() {
  "$tool" serve --port 0 --no-open --lang nl 2>"$tmp/server.err" >/dev/null &
  server=$!
  for _ in $(seq 100); do
    url=$(grep -o 'http://[0-9.:]*/' "$tmp/server.err" 2>/dev/null || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { echo "bench/serve-load.sh: the server did not start" >&2; cat "$tmp/server.err" >&2; exit 1; }
  idle_kb=$(awk '/^VmRSS/ { print $2 }' "/proc/$server/status")
}

# stop: the server's peak memory in $peak_kb, then stop it.
stop() {
  peak_kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$server/status")
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
}

# upload FILE TAG: one request for the annotated workbook; writes "TAG STATUS SECONDS BYTES" to
# $tmp/TAG.lat.
upload() {
  curl -s -o "$tmp/$2.out" -w "$2 %{http_code} %{time_total} %{size_download}\n" \
    -F "register=@$1" "${url}score?format=xlsx&lang=nl" >"$tmp/$2.lat"
}

# stats PATTERN: "count, statuses, min / median / max s" of the matching latencies.
stats() {
  cat "$tmp"/$1.lat | sort -g -k3 | awk '
    { n++; s[$2]++; t[n] = $3 }
    END {
      codes = ""; for (c in s) codes = codes (codes ? ", " : "") s[c] "× " c
      printf "%d (%s) | %.2f / %.2f / %.2f s", n, codes, t[1], t[int((n + 1) / 2)], t[n]
    }'
}

mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k * 1024 / 1e6 }'; }

echo "| run | requests (status) | latency min / median / max | server peak RSS (idle) |"
echo "| --- | --- | --- | --- |"

start
for i in $(seq "$n"); do upload "$small" "a$i" & done
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true
stop
echo "| A. $n × the sample (35 activities) | $(stats 'a*') | $(mb "$peak_kb") ($(mb "$idle_kb")) |"
rm -f "$tmp"/*.lat

start
upload "$big" b
stop
echo "| B. 1 × $rows activities ($(du -h "$big" | cut -f1)) | $(stats 'b') | $(mb "$peak_kb") ($(mb "$idle_kb")) |"
rm -f "$tmp"/*.lat

start
upload "$big" cbig &
big_job=$!
sleep 1
for i in $(seq "$n"); do upload "$small" "c$i" & done
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true
stop
echo "| C. B and A together: the large one | $(stats 'cbig') | $(mb "$peak_kb") ($(mb "$idle_kb")) |"
echo "| C. B and A together: the $n small ones | $(stats 'c[0-9]*') | (the same server) |"
: "$big_job"
rm -f "$tmp"/*.lat

start
for i in 1 2 3 4; do upload "$big" "d$i" & done
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true
stop
echo "| D. 4 × $rows activities at once | $(stats 'd*') | $(mb "$peak_kb") ($(mb "$idle_kb")) |"
