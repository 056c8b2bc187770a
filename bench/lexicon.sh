#!/usr/bin/env bash
# Lexicon size and scoring cost (issue 13, docs/rubric.md#derive): the default rubric against one with 100,000
# more terms (50,000 sensitive-data prefixes, 50,000 word-end terms for EDPB criterion 9), at
# ROWS rows (default 200000), as JSON (scoring-bound) and as the in-place workbook.
#
#   bench/lexicon.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
cargo build --release --quiet --bin dpia-triage --example gen_register
tool=target/release/dpia-triage
data=bench/data
mkdir -p "$data"
gen_id=$(sha256sum examples/gen_register.rs | cut -c1-10)
in="$data/register-$n-s2026-$gen_id.xlsx"
[ -f "$in" ] || target/release/examples/gen_register "$n" "$in" --seed 2026 >/dev/null
"$tool" rubric > "$data/rubric-default.toml"
python3 - "$data/rubric-default.toml" "$data/rubric-100k.toml" <<'PY'
import sys
s = open(sys.argv[1]).read()
prefixes = ", ".join(f'"zzterm{i}*"' for i in range(50000))
ends = ", ".join(f'"*qqwoord{i}"' for i in range(50000))
s = s.replace("sensitive = [", "sensitive = [" + prefixes + ", ", 1)
i = s.index("[derive.edpb_terms]")
j = s.index("\n9 = [", i) + len("\n9 = [")
s = s[:j] + ends + ", " + s[j:]
open(sys.argv[2], "w").write(s)
PY
"$tool" rubric --check "$data/rubric-100k.toml"
for format in json xlsx; do
  for rubric in rubric-default rubric-100k; do
    /usr/bin/time -f "$format $rubric: %e s, %M KB" "$tool" score "$in" --rubric "$data/$rubric.toml" \
      --format "$format" -o "$data/lexicon-out.$format" --force --quiet
  done
done
rm -f "$data"/lexicon-out.*
