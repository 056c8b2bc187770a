#!/usr/bin/env python3
"""Hand-written seeds for the `csv_input` and `rubric` fuzz targets.

Run from `fuzz/`: writes into `corpus/csv_input/` and `corpus/rubric/` (git-ignored), next to
whatever the fuzzer has added there. The bundled sample CSV and the default rubric are copied in
by the commands in `fuzz/README.md`; these are the variants written by hand.
"""

import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CSV_DIR = os.path.join(HERE, "corpus", "csv_input")
RUBRIC_DIR = os.path.join(HERE, "corpus", "rubric")
TEMPLATE = os.path.join(HERE, "..", "templates", "rubric.toml")


def put(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


# ----- csv_input -----

HDR = (
    "ID;Verwerking;Aantal betrokkenen;Aantal soorten persoonsgegevens;Categorieën persoonsgegevens;"
    "Vertrouwelijkheid;Bijzondere persoonsgegevens;Aantal subverwerkers;Impact op betrokkene;"
    "Gebruik AI/algoritmes;Aantal medewerkers met toegang;Externe toegang;AP-lijst;EDPB-criteria;"
    "DPIA uitgevoerd;Datum laatste beoordeling"
)
ROWS = [
    "VW-001;Studentenadministratie;14.500;28;NAW, BSN, geboortedatum;Vertrouwelijk;nee;2;"
    "Hoog – rechtsgevolgen of aanzienlijke impact;Laag – geen AI of algoritmes;ca. 60;"
    "Midden – regelmatig en gecontroleerd;;5;ja;12-03-2025",
    "VW-002;Cijferregistratie;meer dan 12.000;12;studentnummer;Intern;;1;Midden;Laag;250;Laag;geen;1, 2;nee;03-09-2024",
]


def csv_seeds():
    crlf = lambda lines: "\r\n".join(lines) + "\r\n"
    # Dutch Excel "CSV (puntkomma gescheiden)": `;`, CRLF, UTF-8 with BOM.
    put(CSV_DIR, "dutch-excel-semicolon-bom.csv", "\ufeff" + crlf([HDR] + ROWS))
    # Cells typed with Alt+Enter: quoted, with LF and CRLF inside, doubled quotes, `;` inside.
    put(
        CSV_DIR,
        "quoted-line-breaks.csv",
        crlf(
            [
                HDR,
                'VW-003;"Online proctoring\nbij tentamens";"ca. 3.000";15;"naam\nstudentnummer\nwebcambeelden; '
                'schermopnames";"Strikt\r\nvertrouwelijk";biometrie;4;"Hoog – rechtsgevolgen\nof aanzienlijke impact";'
                'Hoog;"max\n40";Hoog;"15;\n17";"1, 2,\n3, 4, 8";nee;"01-01-2020"',
                'VW-004;"Tekst met ""aanhalingstekens"" en ; puntkomma";100;3;"a, b, c";openbaar;nee;0;Laag;Laag;2;Geen;;;ja;',
            ]
        ),
    )
    # Excel "Unicode text": UTF-16 with BOM, TAB between cells (LE and BE).
    tab = crlf([line.replace(";", "\t") for line in [HDR] + ROWS])
    put(CSV_DIR, "utf16le-bom-tab.csv", b"\xff\xfe" + tab.encode("utf-16-le"))
    put(CSV_DIR, "utf16be-bom-tab.csv", b"\xfe\xff" + tab.encode("utf-16-be"))
    # An unterminated quote swallowing the rest of the file.
    put(
        CSV_DIR,
        "unterminated-quote.csv",
        crlf(
            [
                HDR,
                'VW-005;"Onafgesloten aanhalingsteken;100;3;a;intern;nee;1;Laag;Laag;2;Geen;;;nee;',
                "VW-006;Volgende;200;4;b;intern;nee;1;Laag;Laag;2;Geen;;;nee;",
            ]
        ),
    )
    # Windows-1252 (en dash, ë, ï, €), as older Excel saves.
    put(
        CSV_DIR,
        "cp1252.csv",
        crlf(
            [HDR]
            + ROWS
            + [
                "VW-007;Beïnvloeding € 5;1000;10;categorieën;geheim;ja;3;Hoog – rechtsgevolgen;"
                "Midden – ondersteunend;10;Hoog – langdurig;17;1;nee;31-12-2023"
            ]
        ).encode("cp1252"),
    )
    # English headers, `,` and a quoted thousands separator.
    put(
        CSV_DIR,
        "english-comma.csv",
        "ID,Processing activity,Number of data subjects,Number of types of personal data,Sensitivity,"
        "Number of sub-processors,Impact on data subject,Use of AI/algorithms,Number of staff with access,"
        'External access\r\nP-1,Payroll,"1,200",12,confidential,2,High,Low,5,None\r\n',
    )
    # Title rows above the header, ragged rows.
    put(
        CSV_DIR,
        "title-rows-ragged.csv",
        "Verwerkingsregister 2026\r\n\r\nversie;1\r\n"
        + HDR
        + "\r\nVW-8;x\r\nVW-9;y;1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18\r\n",
    )
    # UTF-8 with one stray Windows-1252 byte (stays UTF-8, a finding per cell).
    put(CSV_DIR, "utf8-stray-byte.csv", crlf([HDR] + ROWS).encode("utf-8").replace(b"Cijfer", b"Cijfer\xe9", 1))
    # A field longer than a cell (32,767), cut with a finding; its multi-byte text crosses the
    # 64 KiB delimiter sample.
    put(CSV_DIR, "field-over-cell.csv", crlf([HDR, "VW-010;" + "ë" * 40000 + ";100"] + ROWS))
    # An unterminated quote on the last line, without a final newline.
    put(CSV_DIR, "unterminated-quote-last.csv", crlf([HDR] + ROWS) + 'VW-011;"open;100;3')
    # A header and nothing else (no final newline); lines ended by a bare CR.
    put(CSV_DIR, "header-only.csv", HDR)
    put(CSV_DIR, "cr-only-lines.csv", "\r".join([HDR] + ROWS))


# ----- rubric -----


def sub(text, pattern, replacement, count=0):
    new, n = re.subn(pattern, replacement, text, count=count, flags=re.M)
    assert n, pattern
    return new


def rubric_seeds():
    with open(TEMPLATE, encoding="utf-8") as f:
        base = f.read()
    v = {}
    # Weights at the limit, above it, beyond u32, zero but one.
    head, rest = base.split("[weights]\n", 1)
    weights, tail = rest.split("\n\n", 1)

    def with_weights(pattern, replacement):
        return head + "[weights]\n" + sub(weights, pattern, replacement) + "\n\n" + tail

    v["weights-max"] = with_weights(r"^(\w+) = 1$", r"\1 = 1000")
    v["weights-over-max"] = with_weights(r"^data_subjects = 1$", "data_subjects = 1001")
    v["weights-u32-max"] = with_weights(r"^(\w+) = 1$", r"\1 = 4294967295")
    v["weights-i64-max"] = with_weights(r"^impact = 1$", "impact = 9223372036854775807")
    v["weights-one-nonzero"] = with_weights(r"^(?!impact)(\w+) = 1$", r"\1 = 0")
    v["weights-negative"] = with_weights(r"^impact = 1$", "impact = -1")
    # Thresholds: negative, "> -1000", 30 digits, at u64::MAX, separators, odd operators.
    v["threshold-negative"] = sub(base, r'^high = "> 1000"$', 'high = "> -1000"')
    v["threshold-negative-medium"] = sub(base, r'^medium = ">= 100"$', 'medium = ">= -1"')
    v["threshold-30-digits"] = sub(base, r'^high = "> 1000"$', 'high = "> 123456789012345678901234567890"')
    v["threshold-u64-max-ge"] = sub(
        sub(base, r'^high = "> 1000"$', 'high = ">= 18446744073709551615"'),
        r'^medium = ">= 100"$',
        'medium = "> 18446744073709551613"',
    )
    v["threshold-u64-max-gt"] = sub(base, r'^high = "> 1000"$', 'high = "> 18446744073709551615"')
    v["threshold-zero"] = sub(
        sub(base, r'^high = "> 2"$', 'high = ">= 0"'), r'^large_scale = ">= 10000"$', 'large_scale = "> 0"'
    )
    v["threshold-separators"] = sub(base, r'^high = "> 1000"$', 'high = "≥ 1.000_000.0"')
    v["threshold-eq-lt"] = sub(base, r'^processors_high = ">= 3"$', 'processors_high = "< 3"')
    v["threshold-empty"] = sub(base, r'^systems_medium = ">= 3"$', 'systems_medium = ">"')
    v["threshold-unicode"] = sub(base, r'^high = "> 5"$', 'high = "＞ ５"')
    # Fractions and counts at their edges.
    v["class-edges"] = sub(
        sub(
            sub(base, r"^high_min_score_fraction = 0.70", "high_min_score_fraction = 0.0"),
            r"^medium_min_score_fraction = 0.50",
            "medium_min_score_fraction = 1.0",
        ),
        r"^high_min_high_count = 3",
        "high_min_high_count = 0",
    )
    v["class-nan"] = sub(base, r"^high_min_score_fraction = 0.70", "high_min_score_fraction = nan")
    v["class-inf"] = sub(base, r"^medium_min_score_fraction = 0.50", "medium_min_score_fraction = -inf")
    v["outcome-max"] = sub(
        sub(base, r"^required_min_ap = 1 ", "required_min_ap = 4294967295 "),
        r"^recommended_min_edpb = 1 ",
        "recommended_min_edpb = 0 ",
    )
    v["review-months-max"] = sub(base, r"^review_after_months = 36$", "review_after_months = 4294967295")
    v["masking-lowers-max"] = sub(base, r"^masking_lowers_by = 1$", "masking_lowers_by = 255")
    # Empty lexicons and lists.
    empty = sub(base, r"^(special|sensitive) = \[\n(?:  .*\n)*\]$", r"\1 = []")
    empty = sub(
        empty, r"^(masking_terms|third_countries|transfer_yes|special_terms|negations) = \[.*\]$", r"\1 = []"
    )
    empty = sub(empty, r"^(\d+) = \[.*\]$", r"\1 = []")
    empty = sub(empty, r"^keywords = \[.*\]$", "keywords = []")
    v["lexicons-empty"] = empty
    v["terms-only-stars"] = sub(
        base, r"^transfer_yes = \[.*\]$", 'transfer_yes = ["*", "**", "* *", "", " ", "*-*", "***ja***"]'
    )
    # Negations (every word list): odd words, one that is a term too, many.
    v["negations-odd"] = sub(
        base, r"^negations = \[.*\]$", 'negations = ["", " ", "*", "|", "geen geen", "camera*", "ja", "ß", "İ", "ﬁ"]'
    )
    many_neg = ", ".join(f'"n{i}"' for i in range(5000))
    v["negations-5000"] = sub(base, r"^negations = \[.*\]$", f"negations = [{many_neg}]")
    v["special-terms-stars"] = sub(
        base, r"^special_terms = \[.*\]$", 'special_terms = ["*", "*9*", "9 2 *", "* a", "art*9", "*|*"]'
    )
    v["choices-empty"] = sub(base, r"^choices = \[\n(?:  .*\n)*\]$", "choices = []")
    v["no-derive-no-measures"] = base.split("[derive]")[0].rstrip() + "\n"
    # Very long term lists (lexicon and keyword tables of many thousand terms).
    many = ", ".join(f'"term{i}*"' for i in range(20000))
    v["terms-20000"] = sub(base, r"^transfer_yes = \[.*\]$", f"transfer_yes = [{many}]")
    many_words = ", ".join(f'"{"ab" * (i % 50 + 1)}{i}"' for i in range(5000))
    v["words-5000"] = sub(base, r'^words = \{ low = \[.*\] \}$', f"words = {{ low = [{many_words}] }}", count=1)
    v["keywords-long"] = sub(base, r'^keywords = \["biometri\*"\]$', f'keywords = ["{"x" * 100000}*"]')
    # Headers mapped to every field by one text; a user [columns] entry.
    v["columns-user"] = sub(base, r"^\[columns\]$", '[columns]\n"Aantal betrokkenen" = "staff_access"\n"ID" = "name"')
    for name, text in v.items():
        put(RUBRIC_DIR, f"{name}.toml", text)


if __name__ == "__main__":
    csv_seeds()
    rubric_seeds()
