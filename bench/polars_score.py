#!/usr/bin/env python3
"""The Python route a user would write instead of dpia-triage (benchmark baseline, issue 7).

Reads the register with polars + fastexcel (calamine underneath; the header row is the first of the
first 30 rows with two recognised headers, as in docs/register.md#files), scores every row with the rules
of docs/rubric.md#criteria/docs/output.md#score-class-and-advice as vectorised polars expressions (thresholds, label lists, lexicons, choice texts,
AP/EDPB keywords, weights and class/outcome settings all taken from templates/rubric.toml), and
writes one workbook with ``DataFrame.write_excel`` into an open ``xlsxwriter.Workbook`` (opened with
the options write_excel itself would use), sheet by sheet:

- **Register**: the register plus the 17 added columns (10 levels, score, class, high count,
  advice, signals, reasons, data-quality findings), exactly as before this script wrote list sheets.
- **Maatregelen**: one row per (activity, measure) - activities in register order, the rubric's
  ``[[measures]]`` in rubric order; a measure applies when its criterion's level is one of its
  ``levels``, or for ``flag = "dpia_missing"`` when the advice is verplicht/aanbevolen and no DPIA is
  done (the "DPIA ontbreekt" signal). Columns Activiteit-ID, Verwerking, Criterium (the criterion's
  label, or "DPIA ontbreekt"), Maatregel-ID, Maatregel, Eigenaar (rol), Status ("open", with a
  list validation), Deadline, Bewijsstuk, Opmerkingen (empty), Bron (the ``[sources]`` texts joined
  with "; "), Rij (sheet row of the activity). Built by one lazy query (a list of applicable
  measure indices per row, exploded).
- **Meldingen**: one row per line of an activity's Datakwaliteit cell: Rij, Activiteit-ID, Cel (the
  input cell, e.g. I15; empty for "onbekende criteria"), Kolom (the user's header), Waarde (the
  value as read), Melding (this script's text, not the tool's wording).

Both list sheets have a frozen header row and stop at 1,048,575 data rows (Excel's limit; the tool
stops there too). ``--register-only`` writes only the Register sheet (this script's behaviour
before the list sheets).

    python3 bench/polars_score.py IN.xlsx OUT.xlsx [--rubric templates/rubric.toml] [--register-only]

Prints one JSON line: {"read_s", "score_s", "write_s", "total_s", "rows", "by_outcome", "by_class",
"write_register_s", "write_lists_s", "close_s", "measures", "findings"}. ``write_s`` is all writing
(= write_register_s + write_lists_s + close_s). write_excel only hands the cells to xlsxwriter, which
serialises and compresses every sheet when the workbook is closed, so ``close_s`` (part of write_s)
holds most of the register's and the lists' XML and zip work; ``write_register_s`` is the register's
write_excel call, ``write_lists_s`` building the Maatregelen and Meldingen frames plus their
write_excel calls. Compare close_s with and without ``--register-only`` to split the close between
the register and the lists. ``measures`` and ``findings`` are the rows written to the two sheets.

It is meant as a fair, competent baseline, not a strawman: the whole frame is scored lazily in one
optimised query (polars runs it on all cores), strings are normalised once per column, and the
lexicons and keyword lists are compiled into one regex each. What it still does not do, and the
tool does: the Samenvatting and Verantwoording sheets, conditional-format colours and the tool's
styling, keeping every input sheet/formula/merge and the register's own layout (this script writes
the first sheet's cells from A1, without fully empty rows), the tool's finding texts, findings the
tool reports beyond this script's checks (e.g. about the workbook or its headers), and English
output - so its time is a lower bound for the same job. Row numbers and cell references assume the
sheet's used range starts at A1: calamine drops leading empty rows and columns and fastexcel does
not report the offset. Known simplifications of the count grammar (docs/register.md#values): a native number in
a column that also holds text reaches polars as text (``"1.5"``), which is read like typed text;
``"1.234"`` typed as a number would be taken as 1234.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
import tomllib
from pathlib import Path

import polars as pl
import xlsxwriter

HERE = Path(__file__).resolve().parent
DEFAULT_RUBRIC = HERE.parent / "templates" / "rubric.toml"

NONE, LOW, MEDIUM, HIGH = 0, 1, 2, 3
LEVEL_NL = {NONE: "Geen", LOW: "Laag", MEDIUM: "Midden", HIGH: "Hoog"}
UNKNOWN_NL = "Onbekend"

LEVEL_WORDS = {
    **dict.fromkeys(["hoog", "hoge", "high", "h"], HIGH),
    **dict.fromkeys(["midden", "middel", "gemiddeld", "gemiddelde", "medium", "m"], MEDIUM),
    **dict.fromkeys(["laag", "lage", "low", "l"], LOW),
}
DIGIT_LEVELS = {"3": HIGH, "2": MEDIUM, "1": LOW}
NONE_WORDS = ["geen", "none"]
UNKNOWN_WORDS = ["onbekend", "unknown"]
NA_WORDS = ["n.v.t.", "n.v.t", "nvt", "n/a", "n.a.", "niet van toepassing", "not applicable"]
YES = ["ja", "yes", "j", "y", "true", "waar", "x", "1"]
NO = ["nee", "no", "n", "false", "onwaar", "0"]
PARTLY = ["deels", "partly", "gedeeltelijk", "partially"]

CRITERIA = [
    "data_subjects", "data_types", "sensitivity", "subprocessors", "impact",
    "exposure", "ai_use", "complexity", "staff_access", "external_access",
]
# Criteria that may take `none`: their lowest level.
LOWEST = {c: (NONE if c in ("subprocessors", "external_access") else LOW) for c in CRITERIA}
OUTCOME_NL = {
    "required": "DPIA verplicht",
    "recommended": "DPIA aanbevolen",
    "not_required": "Geen DPIA nodig",
    "incomplete": "Onvolledig",
}
LIST_SEPARATORS = r"\s*(?:;|,|/|\n|\s+en\s+|\s+and\s+)\s*"

# Internal columns (kept beside the register's for the list sheets, never written to the register).
ROW = "__dpia_row"          # 1-based sheet row of the activity
LVL = "__dpia_level_"       # + criterion: its level (0-3, null = unknown)
FLAG = "__dpia_flag_"       # + dpia_missing / review_due
UNKNOWNS = "__dpia_unknowns"
CHECK = "__dpia_check_"     # + i: the i-th data-quality check holds

# The list sheets.
SHEET_DATA_ROWS = 1_048_575  # Excel's last row (1,048,576) minus the header row; the tool stops there too
FLAG_NL = {"dpia_missing": "DPIA ontbreekt", "review_due": "herbeoordeling nodig",
           "transfer_outside_eea": "doorgifte buiten EU/EER"}
STATUSES = ["open", "in uitvoering", "gerealiseerd", "niet van toepassing", "vervallen"]
# The workbook options polars' write_excel uses when it opens the workbook itself.
WORKBOOK_OPTIONS = {"nan_inf_to_errors": True, "strings_to_formulas": False, "default_date_format": "yyyy-mm-dd;@"}


# --------------------------------------------------------------------------------------------
# Rubric
# --------------------------------------------------------------------------------------------

def strip_accents_lower(s: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().strip()


def header_key(s: str) -> str:
    """docs/register.md#fields header normalisation."""
    s = strip_accents_lower(s)
    s = re.sub(r"\([^)]*\)", " ", s)
    return re.sub(r"[^0-9a-z]+", " ", s).strip()


def band(text: str) -> tuple[str, int]:
    m = re.fullmatch(r"\s*(>=|<=|>|<|=)\s*(\d+)\s*", text)
    if not m:
        raise ValueError(f"rubric band {text!r}")
    return m.group(1), int(m.group(2))


def holds(n: pl.Expr, b: tuple[str, int]) -> pl.Expr:
    op, v = b
    return {">": n > v, ">=": n >= v, "<": n < v, "<=": n <= v, "=": n == v}[op]


def term_regex(terms: list[str]) -> str:
    """One regex for a lexicon: whole words, `*` = word prefix (docs/rubric.md#sensitivity)."""
    parts = []
    for t in terms:
        t = strip_accents_lower(t)
        prefix = t.endswith("*")
        t = re.sub(r"[^0-9a-z]+", " ", t.rstrip("*")).strip()
        body = re.escape(t).replace("\\ ", " ")
        parts.append(body + (r"\w*" if prefix else ""))
    return r"\b(?:" + "|".join(parts) + r")\b"


# --------------------------------------------------------------------------------------------
# Expressions
# --------------------------------------------------------------------------------------------

def norm(e: pl.Expr) -> pl.Expr:
    """Lower case, diacritics removed, trimmed; empty text is null."""
    n = (
        e.cast(pl.String)
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.strip_chars()
    )
    return pl.when(n != "").then(n)


def words(e: pl.Expr) -> pl.Expr:
    """Normalised text with every run of non-alphanumerics one space (for word matching)."""
    return e.str.replace_all(r"[^\p{L}\p{N}]+", " ")


def level_word(n: pl.Expr, allow_none: bool = False, digits: bool = False) -> pl.Expr:
    mapping = dict(LEVEL_WORDS)
    if digits:
        mapping.update(DIGIT_LEVELS)
    if allow_none:
        mapping.update(dict.fromkeys(NONE_WORDS, NONE))
        if digits:
            mapping["0"] = NONE
    t = n.str.strip_chars_end(".!:")
    return t.replace_strict(mapping, default=None, return_dtype=pl.Int8)


def is_unknown_word(n: pl.Expr) -> pl.Expr:
    return n.is_in(UNKNOWN_WORDS) | n.str.contains(r"^\?+$")


def yes_no(n: pl.Expr) -> pl.Expr:
    """True / False / null."""
    t = n.str.strip_chars_end(".!")
    return pl.when(t.is_in(YES)).then(True).when(t.is_in(NO)).then(False)


def parse_count(n: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(count, negative) of a normalised count text (docs/register.md#values); count null when unreadable."""
    t = n.str.replace_all(r"\([^)]*\)", " ")
    # Thousands separators (twice: 1.000.000), then a decimal comma.
    t = t.str.replace_all(r"(\d)[., ](\d{3})\b", "${1}${2}").str.replace_all(
        r"(\d)[., ](\d{3})\b", "${1}${2}"
    )
    t = t.str.replace_all(r"(\d),(\d)", "${1}.${2}")
    nums = t.str.extract_all(r"\d+(?:\.\d+)?")
    k = nums.list.len()
    first = nums.list.first().cast(pl.Float64)
    last = nums.list.last().cast(pl.Float64)
    ranged = t.str.contains(r"\d\s*(?:-|–|—|~|tot|to|t/m|a)\s*\d") | t.str.contains(
        r"(?:tussen|between)\s.*\d.*\s(?:en|and)\s.*\d"
    )
    mult = (
        pl.when(t.str.contains(r"\d\s*(?:k|duizend|thousand)\b"))
        .then(1e3)
        .when(t.str.contains(r"\d\s*(?:mln|mio|miljoen|million|millions)\b|\dm\b"))
        .then(1e6)
        .when(t.str.contains(r"\d\s*(?:mld|mrd|miljard|billion|bn)\b"))
        .then(1e9)
        .otherwise(1.0)
    )
    more = t.str.contains(r">\s*\d|\b(?:meer (?:dan|als)|more than|greater than|groter dan|boven|above)\b")
    less = t.str.contains(r"<\s*\d|\b(?:minder (?:dan|als)|less than|fewer than|kleiner dan|onder|under|below|beneden)\b")
    negative = t.str.contains(r"^[-−]\s*\d")
    value = pl.when(k == 1).then(first * mult).when((k == 2) & ranged).then(last * mult)
    adjust = pl.when(more).then(1.0).when(less).then(-1.0).otherwise(0.0)
    count = pl.when(~negative).then((value.ceil() + adjust).clip(lower_bound=0)).cast(pl.Int64)
    return count, negative


def count_field(c: str, allow_none: bool = False) -> list[pl.Expr]:
    """`_cnt_c` (count), `_lvl_c` (level given), `_bad_c` (a finding)."""
    n = pl.col(f"_n_{c}")
    count, _negative = parse_count(n)
    given = level_word(n, allow_none=allow_none)
    na = n.is_in(NA_WORDS)
    unknown = is_unknown_word(n)
    return [
        pl.when(given.is_null() & ~na & ~unknown).then(count).alias(f"_cnt_{c}"),
        pl.when(na).then(pl.lit(NONE if allow_none else LOW, pl.Int8)).otherwise(given).alias(f"_lvl_{c}"),
        (n.is_not_null() & given.is_null() & ~na & ~unknown & count.is_null()).alias(f"_bad_{c}"),
    ]


def bands_level(n: pl.Expr, high: tuple[str, int], medium: tuple[str, int]) -> pl.Expr:
    return (
        pl.when(n.is_null())
        .then(None)
        .when(holds(n, high))
        .then(pl.lit(HIGH, pl.Int8))
        .when(holds(n, medium))
        .then(pl.lit(MEDIUM, pl.Int8))
        .otherwise(pl.lit(LOW, pl.Int8))
    )


def choice_level(c: str, choices: list[dict], allow_none: bool, extra: dict[str, int]) -> list[pl.Expr]:
    """Dropdown text, a text starting with a level word, or an extra word (`nee` → low)."""
    n = pl.col(f"_n_{c}")
    exact = {strip_accents_lower(ch["text"]): ch["level"] for ch in choices}
    exact.update({strip_accents_lower(ch.get("text_en", "")): ch["level"] for ch in choices})
    exact.update(extra)
    code = {"none": NONE, "low": LOW, "medium": MEDIUM, "high": HIGH}
    exact = {k: code[v] if isinstance(v, str) else v for k, v in exact.items() if k}
    whole = n.replace_strict(exact, default=None, return_dtype=pl.Int8)
    first_word = n.str.extract(r"^([\p{L}\p{N}./?]+)", 1)
    level = pl.coalesce(
        whole,
        level_word(n, allow_none=allow_none, digits=True),
        level_word(first_word, allow_none=allow_none, digits=True),
        pl.when(n.is_in(NA_WORDS)).then(pl.lit(NONE if allow_none else LOW, pl.Int8)),
    )
    return [
        level.alias(f"_lvl_{c}"),
        (n.is_not_null() & level.is_null() & ~is_unknown_word(n)).alias(f"_bad_{c}"),
    ]


def list_items(n: pl.Expr) -> pl.Expr:
    items = n.str.replace_all(LIST_SEPARATORS, ";").str.split(";")
    return items.list.eval(pl.element().str.strip_chars().filter(pl.element() != ""))


def scan_numbers(c: str, entries: list[dict], maximum: int) -> list[pl.Expr]:
    """Distinct AP/EDPB numbers given by number, name or keyword; unrecognised items → finding."""
    items = list_items(pl.col(f"_n_{c}"))
    el = pl.element()
    lead = el.str.extract(r"^(\d+)\b", 1).cast(pl.Int64)
    by_name = None
    for e in entries:
        rx = term_regex([e["name"], *e.get("keywords", [])])
        cond = words(el).str.contains(rx)
        by_name = (pl.when(cond).then(e["number"]) if by_name is None else by_name.when(cond).then(e["number"]))
    number = pl.when(lead.is_not_null()).then(pl.when((lead >= 1) & (lead <= maximum)).then(lead)).otherwise(
        by_name.otherwise(None)
    )
    nums = items.list.eval(number)
    found = nums.list.drop_nulls().list.unique().list.len()
    return [
        found.fill_null(0).alias(f"_num_{c}"),
        (nums.list.len() > nums.list.drop_nulls().list.len()).fill_null(False).alias(f"_bad_{c}"),
    ]


def unknowns_message(n: pl.Expr) -> pl.Expr:
    return pl.lit("onbekende criteria: ") + n.cast(pl.String) + pl.lit("; het DPIA-advies hangt er niet van af")


def parse_date(col: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype == pl.Date:
        return col
    if dtype == pl.Datetime or isinstance(dtype, pl.Datetime):
        return col.dt.date()
    s = col.cast(pl.String).str.strip_chars()
    return pl.coalesce(
        s.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
        s.str.to_date("%d-%m-%Y", strict=False),
        s.str.to_date("%d/%m/%Y", strict=False),
        s.str.to_date("%d.%m.%Y", strict=False),
    )


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------

def score(df: pl.DataFrame, rubric: dict, today: dt.date) -> tuple[pl.DataFrame, dict]:
    """The register's columns, the 17 added columns and the internal columns the list sheets need
    (sheet row, levels, flags, one boolean per data-quality check), and a dict with `register`
    (the columns the Register sheet gets), `columns` (the input's columns, in sheet order), `fields`
    (field → the user's header) and `checks` ((internal column, the user's header of the cell it is
    about or None, message or None for the unknowns one, whether it is about the cell's value) per
    data-quality check, in the Datakwaliteit order)."""
    crit = rubric["criteria"]
    # Map the user's headers to fields (docs/register.md#fields: normalised, Dutch and English).
    lookup = {}
    for field, names in rubric["headers"].items():
        for name in names:
            lookup.setdefault(header_key(name), field)
    for name, field in rubric.get("columns", {}).items():
        lookup[header_key(name)] = field
    fields: dict[str, str] = {}
    for col in df.columns:
        f = lookup.get(header_key(col)) if col != ROW else None
        if f and f not in fields:
            fields[f] = col

    def src(f: str) -> pl.Expr:
        return pl.col(fields[f]) if f in fields else pl.lit(None, pl.String)

    text_fields = [
        "data_subjects", "data_types", "data_categories", "sensitivity", "special_categories",
        "subprocessors", "subprocessor_key_role", "impact", "exposure", "ai_use", "complexity",
        "systems", "processors", "linked_databases", "staff_access", "masking", "external_access",
        "ap_list", "edpb_criteria", "dpia_done",
    ]
    lf = df.lazy()
    # 1. Normalise every scored field once.
    lf = lf.with_columns([norm(src(f)).alias(f"_n_{f}") for f in text_fields])

    # 2. Parse.
    sens = crit["sensitivity"]
    labels = {lvl: [strip_accents_lower(x) for x in xs] for lvl, xs in sens["labels"].items()}
    special_rx = term_regex(sens["terms"]["special"])
    sensitive_rx = term_regex(sens["terms"]["sensitive"])
    ai_words = {strip_accents_lower(w): lvl for lvl, ws in crit["ai_use"].get("words", {}).items() for w in ws}
    ext_words = {strip_accents_lower(w): lvl for lvl, ws in crit["external_access"].get("words", {}).items() for w in ws}
    last_review_dtype = df.schema.get(fields.get("last_review", ""), pl.String)
    dpia_dtype = df.schema.get(fields.get("dpia_done", ""), pl.String)
    lf = lf.with_columns(
        *count_field("data_subjects"),
        *count_field("data_types"),
        *count_field("subprocessors", allow_none=True),
        *count_field("staff_access"),
        *count_field("systems"),
        *count_field("processors"),
        *choice_level("impact", crit["impact"]["choices"], False, {}),
        *choice_level("ai_use", crit["ai_use"]["choices"], False, ai_words),
        *choice_level("external_access", crit["external_access"]["choices"], True, ext_words),
        *scan_numbers("ap_list", rubric["ap_list"], 17),
        *scan_numbers("edpb_criteria", rubric["edpb_criteria"], 9),
        # Sensitivity signals.
        level_word(pl.col("_n_sensitivity"), digits=True).alias("_direct_sensitivity"),
        pl.when(pl.col("_n_sensitivity").is_in(labels["high"])).then(pl.lit(HIGH, pl.Int8))
        .when(pl.col("_n_sensitivity").is_in(labels["medium"])).then(pl.lit(MEDIUM, pl.Int8))
        .when(pl.col("_n_sensitivity").is_in(labels["low"])).then(pl.lit(LOW, pl.Int8))
        .alias("_label_sensitivity"),
        yes_no(pl.col("_n_special_categories")).alias("_yn_special"),
        words(pl.col("_n_data_categories")).alias("_w_categories"),
        words(pl.col("_n_special_categories")).alias("_w_special"),
        list_items(pl.col("_n_data_categories")).list.unique().list.len().alias("_n_listed"),
        # Given levels of the derived criteria.
        level_word(pl.col("_n_exposure"), digits=True).alias("_lvl_exposure"),
        level_word(pl.col("_n_complexity"), digits=True).alias("_lvl_complexity"),
        yes_no(pl.col("_n_subprocessor_key_role")).alias("_key_role"),
        yes_no(pl.col("_n_linked_databases")).alias("_linked"),
        (pl.col("_n_masking").str.strip_chars_end(".!").is_in(YES)).alias("_masked"),
        (
            yes_no(pl.col("_n_dpia_done")).fill_null(False)
            | parse_date(src("dpia_done"), dpia_dtype).is_not_null()
        ).alias("_dpia_done"),
        parse_date(src("last_review"), last_review_dtype).alias("_last_review"),
    )

    # 3. Levels.
    subj, types, staff = crit["data_subjects"], crit["data_types"], crit["staff_access"]
    sub, comp = crit["subprocessors"], crit["complexity"]
    code = {"none": NONE, "low": LOW, "medium": MEDIUM, "high": HIGH}
    special_hit = pl.col("_w_categories").str.contains(special_rx).fill_null(False) | pl.col(
        "_w_special"
    ).str.contains(special_rx).fill_null(False)
    sensitive_hit = pl.col("_w_categories").str.contains(sensitive_rx).fill_null(False) | pl.col(
        "_w_special"
    ).str.contains(sensitive_rx).fill_null(False)
    special_listed = pl.col("_n_special_categories").is_not_null() & pl.col("_yn_special").is_null()
    special_yes = (pl.col("_yn_special") == True) | special_listed  # noqa: E712
    signal = pl.max_horizontal(
        pl.col("_label_sensitivity"),
        pl.when(special_yes).then(pl.lit(code[sens["special_categories_level"]], pl.Int8)),
        pl.when(special_hit).then(pl.lit(code[sens["special_terms_level"]], pl.Int8)),
        pl.when(sensitive_hit).then(pl.lit(code[sens["sensitive_terms_level"]], pl.Int8)),
    )
    filled = (
        pl.col("_label_sensitivity").is_not_null()
        | pl.col("_n_special_categories").is_not_null()
        | pl.col("_n_data_categories").is_not_null()
    )
    sens_unknown_word = is_unknown_word(pl.col("_n_sensitivity")).fill_null(False)
    n_types = pl.when(
        pl.col("_cnt_data_types").is_null() & pl.col("_lvl_data_types").is_null()
        & types.get("count_categories_when_empty", True)
        & (pl.col("_n_listed").fill_null(0) > 0)
    ).then(pl.col("_n_listed")).otherwise(pl.col("_cnt_data_types"))
    n_sub = pl.col("_cnt_subprocessors")
    lf = lf.with_columns(
        pl.coalesce(pl.col("_lvl_data_subjects"), bands_level(pl.col("_cnt_data_subjects"), band(subj["high"]), band(subj["medium"]))).alias("data_subjects"),
        pl.coalesce(pl.col("_lvl_data_types"), bands_level(n_types, band(types["high"]), band(types["medium"]))).alias("data_types"),
        pl.when(pl.col("_direct_sensitivity").is_not_null()).then(pl.col("_direct_sensitivity"))
        .when(sens_unknown_word).then(None)
        .when(signal.is_not_null()).then(signal)
        .when(filled).then(pl.lit(LOW, pl.Int8))
        .alias("sensitivity"),
        pl.coalesce(
            pl.col("_lvl_subprocessors"),
            pl.when(n_sub.is_null()).then(None)
            .when(n_sub == 0).then(pl.lit(code[sub["zero_level"]], pl.Int8))
            .when(holds(n_sub, band(sub["high"]))).then(pl.lit(HIGH, pl.Int8))
            .when(pl.col("_key_role") == True).then(pl.lit(code[sub["key_role_level"]], pl.Int8))  # noqa: E712
            .when(pl.col("_key_role") == False).then(pl.lit(code[sub["no_key_role_level"]], pl.Int8))  # noqa: E712
            .otherwise(pl.lit(code[sub["key_role_unknown_level"]], pl.Int8)),
        ).alias("subprocessors"),
        pl.col("_lvl_impact").alias("impact"),
        pl.col("_lvl_ai_use").alias("ai_use"),
        pl.col("_lvl_external_access").alias("external_access"),
        pl.coalesce(
            pl.col("_lvl_complexity"),
            pl.when(pl.col("_cnt_processors").is_null() & pl.col("_cnt_systems").is_null()).then(None)
            .otherwise(
                pl.max_horizontal(
                    pl.when(holds(pl.col("_cnt_processors"), band(comp["processors_high"]))).then(pl.lit(HIGH, pl.Int8))
                    .when(holds(pl.col("_cnt_systems"), band(comp["systems_medium"]))).then(pl.lit(MEDIUM, pl.Int8))
                    .otherwise(pl.lit(LOW, pl.Int8)),
                    pl.when(pl.col("_linked") == True).then(pl.lit(code[comp["linked_databases_level"]], pl.Int8)),  # noqa: E712
                )
            ),
        ).alias("complexity"),
        (pl.col("_bad_subprocessors").not_() & (n_sub >= 1) & ~holds(n_sub, band(sub["high"])) & pl.col("_key_role").is_null()).fill_null(False).alias("_key_role_missing"),
    )
    # Exposure and staff access depend on the levels above.
    exp = crit["exposure"]
    hw, lw = exp["high_when"], exp["low_when"]
    b, s, g = pl.col("data_subjects"), pl.col("data_types"), pl.col("sensitivity")
    vmax, vmin = pl.max_horizontal(b, s), pl.min_horizontal(b, s)
    derived_exposure = (
        pl.when(b.is_null() | s.is_null() | g.is_null()).then(None)
        .when((g >= code[hw["sensitivity_at_least"]]) & (vmax >= code[hw["volume_max_at_least"]])).then(pl.lit(HIGH, pl.Int8))
        .when((g <= code[lw["sensitivity_at_most"]]) & (vmax <= code[lw["volume_max_at_most"]]) & (vmin <= code[lw["volume_min_at_most"]])).then(pl.lit(LOW, pl.Int8))
        .otherwise(pl.lit(code[exp["otherwise"]], pl.Int8))
    )
    n_staff = pl.col("_cnt_staff_access")
    base = pl.when(holds(n_staff, band(staff["high"]))).then(pl.lit(HIGH, pl.Int8)).otherwise(pl.lit(MEDIUM, pl.Int8))
    raised = pl.max_horizontal(base, pl.when(g >= MEDIUM).then(g)) if staff.get("sensitivity_raises", True) else base
    lowered = pl.when(pl.col("_masked").fill_null(False)).then(pl.max_horizontal(raised - staff.get("masking_lowers_by", 1), pl.lit(LOW, pl.Int8))).otherwise(raised)
    lf = lf.with_columns(
        pl.coalesce(pl.col("_lvl_exposure"), derived_exposure).alias("exposure"),
        pl.coalesce(
            pl.col("_lvl_staff_access"),
            pl.when(n_staff.is_null()).then(None)
            .when(~holds(n_staff, band(staff["medium"]))).then(pl.lit(LOW, pl.Int8))
            .otherwise(lowered),
        ).cast(pl.Int8).alias("staff_access"),
    )

    # 4. Score, class, outcome (docs/output.md#score-class-and-advice), with unknowns at their lowest and highest.
    w = rubric["weights"]
    cls, out = rubric["class"], rubric["outcome"]
    max_score = sum(3 * w[c] for c in CRITERIA)

    def tally(levels: dict[str, pl.Expr]) -> tuple[pl.Expr, pl.Expr]:
        sc = pl.sum_horizontal([levels[c].cast(pl.Int32).fill_null(0) * w[c] for c in CRITERIA])
        hc = pl.sum_horizontal([(levels[c] == HIGH).fill_null(False).cast(pl.Int32) for c in CRITERIA])
        return sc, hc

    def klass(sc: pl.Expr, hc: pl.Expr) -> pl.Expr:
        return (
            pl.when((hc >= cls["high_min_high_count"]) | (sc >= cls["high_min_score_fraction"] * max_score)).then(pl.lit(HIGH, pl.Int8))
            .when((hc >= cls["medium_min_high_count"]) | (sc >= cls["medium_min_score_fraction"] * max_score)).then(pl.lit(MEDIUM, pl.Int8))
            .otherwise(pl.lit(LOW, pl.Int8))
        )

    rec_classes = [code[c] for c in out["recommended_classes"]]
    ap, edpb = pl.col("_num_ap_list"), pl.col("_num_edpb_criteria")

    def outcome(k: pl.Expr) -> pl.Expr:
        return (
            pl.when((ap >= out["required_min_ap"]) | (edpb >= out["required_min_edpb"])).then(pl.lit("required"))
            .when(k.is_in(rec_classes) | (edpb >= out["recommended_min_edpb"])).then(pl.lit("recommended"))
            .otherwise(pl.lit("not_required"))
        )

    cols = {c: pl.col(c) for c in CRITERIA}
    sc, hc = tally(cols)
    lo_sc, lo_hc = tally({c: pl.col(c).fill_null(LOWEST[c]) for c in CRITERIA})
    hi_sc, hi_hc = tally({c: pl.col(c).fill_null(HIGH) for c in CRITERIA})
    unknowns = pl.sum_horizontal([pl.col(c).is_null().cast(pl.Int32) for c in CRITERIA])
    lf = lf.with_columns(
        sc.alias("_score"), hc.alias("_high"), unknowns.alias("_unknowns"), klass(sc, hc).alias("_class"),
        outcome(klass(lo_sc, lo_hc)).alias("_out_lo"), outcome(klass(hi_sc, hi_hc)).alias("_out_hi"),
    )
    lf = lf.with_columns(
        pl.when(pl.col("_out_lo") == pl.col("_out_hi")).then(pl.col("_out_lo")).otherwise(pl.lit("incomplete")).alias("_outcome"),
    )

    # 5. The added columns.
    months = rubric["rubric"].get("review_after_months", 36)
    missing = pl.col("_outcome").is_in(["required", "recommended"]) & ~pl.col("_dpia_done")
    review_due = (pl.col("_last_review").dt.offset_by(f"{months}mo") < pl.lit(today)).fill_null(False)
    label = {c: crit[c]["label"] for c in CRITERIA}
    level_text = {c: pl.col(c).replace_strict(LEVEL_NL, default=UNKNOWN_NL, return_dtype=pl.String) for c in CRITERIA}
    reason_inputs = {
        "data_subjects": src("data_subjects"), "data_types": src("data_types"), "sensitivity": src("sensitivity"),
        "subprocessors": src("subprocessors"), "impact": src("impact"), "exposure": src("exposure"),
        "ai_use": src("ai_use"), "complexity": src("complexity"), "staff_access": src("staff_access"),
        "external_access": src("external_access"),
    }
    reason_lines = [
        pl.concat_str(
            pl.lit(f"{label[c]}: "),
            reason_inputs[c].cast(pl.String).fill_null("niet ingevuld"),
            pl.lit(" → "),
            level_text[c],
        )
        for c in CRITERIA
    ]
    reason_lines.append(pl.concat_str(pl.lit("Advies: "), pl.col("_outcome").replace_strict(OUTCOME_NL, return_dtype=pl.String),
                                      pl.lit(", score "), pl.col("_score").cast(pl.String), pl.lit(", "), pl.col("_high").cast(pl.String), pl.lit("× Hoog")))
    bad = {
        "data_subjects": "Aantal betrokkenen: geen aantal herkend",
        "data_types": "Aantal soorten persoonsgegevens: geen aantal herkend",
        "subprocessors": "Aantal subverwerkers: geen aantal herkend",
        "staff_access": "Aantal medewerkers met toegang: geen aantal herkend",
        "systems": "Aantal systemen: geen aantal herkend",
        "processors": "Aantal verwerkers: geen aantal herkend",
        "impact": "Impact op betrokkene: keuze niet herkend",
        "ai_use": "Gebruik AI/algoritmes: keuze niet herkend",
        "external_access": "Externe toegang: keuze niet herkend",
        "ap_list": "AP-lijst: onbekend item",
        "edpb_criteria": "EDPB-criteria: onbekend item",
    }
    # (condition, fields whose cell it is about (the first present) or (), message (None: the
    # unknowns message below), about the cell's value (the tool lists those first, by column, then
    # the others in this order)). Datakwaliteit keeps this list's order, Meldingen the tool's.
    checks = [(pl.col(f"_bad_{c}"), (c,), msg, True) for c, msg in bad.items()]
    checks += [
        (pl.col("_n_sensitivity").is_not_null() & pl.col("_label_sensitivity").is_null()
         & pl.col("_direct_sensitivity").is_null() & ~sens_unknown_word, ("sensitivity",), "Vertrouwelijkheid: label niet herkend", True),
        (pl.col("_n_linked_databases").is_not_null() & pl.col("_linked").is_null(), ("linked_databases",), "Gekoppelde databases: verwacht ja of nee", True),
        (pl.col("_key_role_missing"), ("subprocessor_key_role", "subprocessors"), "Subverwerker met belangrijke rol: niet ingevuld (bij twijfel hoger)", False),
        (src("last_review").is_not_null() & pl.col("_last_review").is_null(), ("last_review",), "Datum laatste beoordeling: geen datum herkend", True),
        # Unknowns that do not change the advice are a finding; otherwise the advice is Onvolledig.
        ((pl.col("_unknowns") > 0) & (pl.col("_outcome") != "incomplete"), (), None, False),
    ]
    finding_parts = [pl.when(cond).then(pl.lit(msg) if msg is not None else unknowns_message(pl.col("_unknowns")))
                     for cond, _, msg, _ in checks]
    added = [
        *[level_text[c].alias(f"Niveau {label[c]}") for c in CRITERIA],
        pl.col("_score").alias("Risicoscore"),
        pl.col("_class").replace_strict(LEVEL_NL, return_dtype=pl.String).alias("Risicoklasse"),
        pl.col("_high").alias("Aantal hoog"),
        pl.col("_outcome").replace_strict(OUTCOME_NL, return_dtype=pl.String).alias("DPIA-advies"),
        pl.concat_str(pl.when(missing).then(pl.lit("DPIA ontbreekt")), pl.when(review_due).then(pl.lit("herbeoordeling nodig")),
                      separator="; ", ignore_nulls=True).alias("Signalen"),
        pl.concat_str(reason_lines, separator="\n").alias("Onderbouwing"),
        pl.concat_str(finding_parts, separator="\n", ignore_nulls=True).alias("Datakwaliteit"),
    ]
    # A transfer outside the EU/EEA: the transfers column names a third country or says yes
    # (the rubric's [derive] third_countries and transfer_yes, as whole words).
    derive = rubric.get("derive", {})
    terms = [t.rstrip("*") for t in derive.get("third_countries", []) + derive.get("transfer_yes", [])]
    transfer = (
        norm(src("transfers")).str.contains(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\b").fill_null(False)
        if terms and "transfers" in fields else pl.lit(False)
    )
    # Kept beside the register's columns for the list sheets (not written to the register).
    internal = [
        pl.col(ROW),
        *[pl.col(c).alias(LVL + c) for c in CRITERIA],
        missing.fill_null(False).alias(FLAG + "dpia_missing"),
        review_due.alias(FLAG + "review_due"),
        transfer.alias(FLAG + "transfer_outside_eea"),
        pl.col("_unknowns").alias(UNKNOWNS),
        *[cond.fill_null(False).alias(f"{CHECK}{i}") for i, (cond, _, _, _) in enumerate(checks)],
    ]
    register = [c for c in df.columns if c != ROW] + [e.meta.output_name() for e in added]
    checks_meta = [(f"{CHECK}{i}", next((fields[f] for f in fs if f in fields), None), msg, cell_value)
                   for i, (_, fs, msg, cell_value) in enumerate(checks)]
    result = lf.select(*[pl.col(c) for c in df.columns if c != ROW], *added, *internal).collect()
    columns = [c for c in df.columns if c != ROW]
    return result, {"register": register, "columns": columns, "fields": fields, "checks": checks_meta}


def read_register(path: str, rubric: dict) -> pl.DataFrame:
    """The first sheet; the header row is the first of the first 30 rows with at least two
    recognised headers (docs/register.md#files). Usually row 1, which costs one read; otherwise a second read.
    Every row is used for type inference (registers mix numbers and text in one column).
    Adds the column ROW (1-based sheet row, counted from the first row calamine returns)."""
    known = {header_key(n) for names in rubric["headers"].values() for n in names}
    known |= {header_key(n) for n in rubric.get("columns", {})}

    def read(header_row: int) -> pl.DataFrame:
        df = pl.read_excel(
            path, engine="calamine", sheet_id=1, has_header=True, infer_schema_length=None,
            drop_empty_rows=False, read_options={"header_row": header_row},
        )
        # The sheet row of each activity (header_row rows above the header, then the header),
        # for the list sheets; then fully empty rows go (they are not scored).
        return df.with_row_index(ROW, offset=header_row + 2).filter(~pl.all_horizontal(pl.exclude(ROW).is_null()))

    df = read(0)
    if sum(header_key(c) in known for c in df.columns) >= 2:
        return df
    df = pl.read_excel(
        path, engine="calamine", sheet_id=1, has_header=False, drop_empty_rows=False,
        read_options={"n_rows": 30, "header_row": None}, infer_schema_length=0,
    )
    for i, row in enumerate(df.iter_rows()):
        if sum(1 for v in row if v is not None and header_key(str(v)) in known) >= 2:
            return read(i)
    raise SystemExit(f"{path}: no header row (two recognised headers) in the first 30 rows")


# --------------------------------------------------------------------------------------------
# List sheets
# --------------------------------------------------------------------------------------------

def text_of(header: str | None) -> pl.Expr:
    return pl.col(header).cast(pl.String) if header is not None else pl.lit(None, pl.String)


def measures_frame(result: pl.DataFrame, meta: dict, rubric: dict) -> pl.DataFrame:
    """Maatregelen: one row per (activity, measure), activities in register order, measures in
    rubric order. A measure applies when its criterion's level is one of its levels, or when its
    flag (dpia_missing: DPIA verplicht/aanbevolen and none done) is set. At most SHEET_DATA_ROWS."""
    code = {"none": NONE, "low": LOW, "medium": MEDIUM, "high": HIGH}
    crit, sources = rubric["criteria"], rubric.get("sources", {})
    measures = rubric.get("measures", [])
    applies = []
    for i, m in enumerate(measures):
        if "flag" in m:
            if m["flag"] not in FLAG_NL:
                raise SystemExit(f"measure {m['id']}: unknown flag {m['flag']!r}")
            cond = pl.col(FLAG + m["flag"])
        else:
            cond = pl.col(LVL + m["criterion"]).is_in([code[lvl] for lvl in m["levels"]])
        applies.append(pl.when(cond).then(pl.lit(i, pl.UInt16)))

    def per_measure(values: list[str]) -> pl.Expr:
        return pl.col("_m").replace_strict(dict(enumerate(values)), return_dtype=pl.String)

    fields = meta["fields"]
    none = pl.lit(None, pl.String)
    if not measures:
        applies = [pl.lit(None, pl.UInt16)]
    return (
        result.lazy()
        .select(ROW, text_of(fields.get("id")).alias("_id"), text_of(fields.get("name")).alias("_name"),
                pl.concat_list(applies).list.drop_nulls().alias("_m"))
        .explode("_m")
        .drop_nulls("_m")
        .head(SHEET_DATA_ROWS)
        .select(
            pl.col("_id").alias("Activiteit-ID"),
            pl.col("_name").alias("Verwerking"),
            per_measure([FLAG_NL[m["flag"]] if "flag" in m else crit[m["criterion"]]["label"] for m in measures]).alias("Criterium"),
            per_measure([m["id"] for m in measures]).alias("Maatregel-ID"),
            per_measure([m["text"] for m in measures]).alias("Maatregel"),
            per_measure([m.get("role", "") for m in measures]).alias("Eigenaar (rol)"),
            pl.lit("open").alias("Status"),
            none.alias("Deadline"),
            none.alias("Bewijsstuk"),
            none.alias("Opmerkingen"),
            per_measure(["; ".join(sources.get(k, k) for k in m.get("source", [])) for m in measures]).alias("Bron"),
            pl.col(ROW).alias("Rij"),
        )
        .collect()
    )


def findings_frame(result: pl.DataFrame, meta: dict) -> pl.DataFrame:
    """Meldingen: one row per data-quality check that holds for an activity (the lines of its
    Datakwaliteit cell), with the input cell it is about. In the tool's order: by row; within a row
    the cell findings by column, then the key-role finding (which is about the row, not a parse),
    then the unknowns one. At most SHEET_DATA_ROWS."""
    from xlsxwriter.utility import xl_col_to_name

    fields, columns = meta["fields"], meta["columns"]
    lf = result.lazy()
    activity = text_of(fields.get("id")).alias("Activiteit-ID")
    parts = []
    for k, (check, header, msg, cell_value) in enumerate(meta["checks"]):
        # A check about a value needs its column; without it the check never holds.
        order = columns.index(header) if cell_value and header is not None else len(columns) + k
        cell = (pl.lit(xl_col_to_name(columns.index(header))) + pl.col(ROW).cast(pl.String)
                if header is not None else pl.lit(None, pl.String))
        parts.append(lf.filter(pl.col(check)).select(
            pl.col(ROW).alias("Rij"),
            activity,
            cell.alias("Cel"),
            pl.lit(header, pl.String).alias("Kolom"),
            text_of(header if cell_value else None).alias("Waarde"),
            (pl.lit(msg) if msg is not None else unknowns_message(pl.col(UNKNOWNS))).alias("Melding"),
            pl.lit(order, pl.UInt32).alias("_k"),
        ))
    return pl.concat(parts).sort("Rij", "_k").head(SHEET_DATA_ROWS).drop("_k").collect()


def px(chars: int) -> int:
    """Column width in pixels for about `chars` characters (write_excel takes pixels)."""
    return chars * 7 + 5


MEASURE_WIDTHS = {"Activiteit-ID": 14, "Verwerking": 36, "Criterium": 22, "Maatregel-ID": 13, "Maatregel": 70,
                  "Eigenaar (rol)": 18, "Status": 16, "Deadline": 12, "Bewijsstuk": 30, "Opmerkingen": 30,
                  "Bron": 40, "Rij": 6}
FINDING_WIDTHS = {"Rij": 6, "Activiteit-ID": 14, "Cel": 8, "Kolom": 30, "Waarde": 30, "Melding": 80}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--rubric", default=str(DEFAULT_RUBRIC))
    ap.add_argument("--today", default=None, help="reference date for review_due (YYYY-MM-DD)")
    ap.add_argument("--register-only", action="store_true",
                    help="write only the annotated register (no Maatregelen and Meldingen sheets)")
    args = ap.parse_args()
    with open(args.rubric, "rb") as f:
        rubric = tomllib.load(f)
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()

    t0 = time.perf_counter()
    df = read_register(args.input, rubric)
    t1 = time.perf_counter()
    result, meta = score(df, rubric, today)
    t2 = time.perf_counter()
    n_measures = n_findings = 0
    # One workbook, as write_excel would open it; xlsxwriter writes the file when it is closed.
    wb = xlsxwriter.Workbook(args.output, WORKBOOK_OPTIONS)
    with wb:
        result.select(meta["register"]).write_excel(
            workbook=wb, worksheet="Register", autofit=False, freeze_panes=(1, 0))
        t3 = time.perf_counter()
        if not args.register_only:
            measures = measures_frame(result, meta, rubric)
            measures.write_excel(
                workbook=wb, worksheet="Maatregelen", autofit=False, freeze_panes=(1, 0),
                column_widths={c: px(w) for c, w in MEASURE_WIDTHS.items()}, column_formats={"Rij": "0"})
            if measures.height:
                status = measures.get_column_index("Status")
                wb.get_worksheet_by_name("Maatregelen").data_validation(
                    1, status, measures.height, status, {"validate": "list", "source": STATUSES})
            n_measures = measures.height
            del measures
            findings = findings_frame(result, meta)
            findings.write_excel(
                workbook=wb, worksheet="Meldingen", autofit=False, freeze_panes=(1, 0),
                column_widths={c: px(w) for c, w in FINDING_WIDTHS.items()}, column_formats={"Rij": "0"})
            n_findings = findings.height
            del findings
        t4 = time.perf_counter()
    t5 = time.perf_counter()
    by_outcome = dict(result.group_by("DPIA-advies").len().iter_rows())
    by_class = dict(result.group_by("Risicoklasse").len().iter_rows())
    print(json.dumps({
        "read_s": round(t1 - t0, 3), "score_s": round(t2 - t1, 3), "write_s": round(t5 - t2, 3),
        "total_s": round(t5 - t0, 3), "rows": result.height, "by_outcome": by_outcome, "by_class": by_class,
        "write_register_s": round(t3 - t2, 3), "write_lists_s": round(t4 - t3, 3), "close_s": round(t5 - t4, 3),
        "measures": n_measures, "findings": n_findings,
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
