//! Arbitrary bytes as a rubric file: the UTF-8 text goes through `Rubric::parse`, the function
//! behind `dpia-triage rubric --check FILE` and `score --rubric FILE` (`config::load_rubric`
//! reads the file with `read_to_string`, so text that is not UTF-8 never reaches the parser).
//! When the rubric loads, its weights, thresholds, word lists, lexicons, choices, class and
//! outcome rules and measures are applied to a handful of fixed rows: the bundled samples
//! `samples/verwerkingsregister.csv` and `samples/verwerkingsregister-art30.xlsx` plus a few
//! extreme rows written below. For each sheet the header is located with the hostile rubric's
//! own header table (as `score --rubric` does); when that finds no usable header, the default
//! rubric's column mapping is used instead — the mapping `--map` can always impose — so the
//! scoring code still meets the hostile rules. Every row is parsed (`parse_record`), assessed
//! (`assess_row`), explained (the xlsx Onderbouwing text) and serialised as a JSON row, in both
//! languages, and the audit trail's threshold lines and `check`'s mapping lines are made.
//!
//! Any outcome is fine except a panic, an abort or unbounded memory (libFuzzer's -rss_limit_mb).
#![no_main]

use std::io::Write;
use std::ops::ControlFlow;

use chrono::NaiveDate;
use dpia_triage::assess::{assess_row, Context};
use dpia_triage::input::guard::Limits;
use dpia_triage::input::header::{is_header_row, map_columns, ColumnMap, HeaderLookup};
use dpia_triage::input::header::HEADER_SEARCH_ROWS;
use dpia_triage::input::record::parse_record;
use dpia_triage::input::{RawRow, Source};
use dpia_triage::lang::Lang;
use dpia_triage::output::check::mapping_lines;
use dpia_triage::output::json::RowOut;
use dpia_triage::output::xlsx::explanation;
use dpia_triage::input::locate::locate;
use dpia_triage::rubric::{thresholds, Rubric};
use libfuzzer_sys::fuzz_target;

/// Rows scored per sheet after its header.
const ROWS_PER_SHEET: usize = 6;

/// Extreme values under the sample CSV's header (same columns, `;`, UTF-8).
const EXTREME_CSV: &str = "\
ID;Verwerking;Aantal betrokkenen;Aantal soorten persoonsgegevens;Categorieën persoonsgegevens;Vertrouwelijkheid;Bijzondere persoonsgegevens;Aantal subverwerkers;Subverwerker met belangrijke rol;Impact op betrokkene;Gebruik AI/algoritmes;Aantal systemen;Aantal verwerkers;Gekoppelde databases;Aantal medewerkers met toegang;Datamaskering en exportbeperking;Externe toegang;AP-lijst;EDPB-criteria;DPIA uitgevoerd;Datum laatste beoordeling;Eigenaar
X-1;Grootste getallen;18446744073709551615;18446744073709551615;\"BSN; biometrie; gezondheid; strafrechtelijke gegevens\";Strikt vertrouwelijk;ja;18446744073709551615;ja;Hoog;Hoog;18446744073709551615;18446744073709551615;ja;18446744073709551615;ja;Hoog;;;nee;01-01-1900;
X-2;Nullen;0;0;;openbaar;nee;0;nee;Laag;Laag;0;0;nee;0;ja;Geen;geen;geen;ja;01-12-2026;
X-3;Onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;onbekend;
X-4;Leeg;;;;;;;;;;;;;;;;;;;;
X-5;Grenzen;1000;25;camerabeelden, medische gegevens;vertrouwelijk;;2;;midden;midden;10;3;ja;2;ja;midden;1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17;1, 2, 3, 4, 5, 6, 7, 8, 9;;31-12-9999;
";

/// One sheet of fixed rows, read once.
struct Sheet {
    rows: Vec<RawRow>,
    /// The default rubric's mapping of the sheet.
    default_map: ColumnMap,
}

fn write_temp(bytes: &[u8], suffix: &str) -> Option<tempfile::NamedTempFile> {
    let mut f = tempfile::Builder::new()
        .prefix("fuzz-rubric-")
        .suffix(suffix)
        .tempfile()
        .ok()?;
    f.write_all(bytes).ok()?;
    f.flush().ok()?;
    Some(f)
}

/// The rows of a register's scored sheet, header included, read with the default rubric.
fn read_sheet(bytes: &[u8], suffix: &str, default: &Rubric) -> Option<Sheet> {
    let file = write_temp(bytes, suffix)?;
    let mut source = Source::open(file.path(), &Limits::default(), Lang::Nl).ok()?;
    let located = locate(&mut source, None, default, &[], Lang::Nl).ok()?;
    let mut rows = Vec::new();
    source
        .read_sheet(&located.sheet, Lang::Nl, &mut |row| {
            rows.push(row);
            ControlFlow::Continue(())
        })
        .ok()?;
    Some(Sheet {
        rows,
        default_map: located.map,
    })
}

fn sheets() -> &'static [Sheet] {
    static SHEETS: std::sync::OnceLock<Vec<Sheet>> = std::sync::OnceLock::new();
    SHEETS.get_or_init(|| {
        let Ok(default) = Rubric::default_rubric(Lang::Nl) else {
            return Vec::new();
        };
        let all: Vec<Sheet> = [
            (
                &include_bytes!("../../samples/verwerkingsregister.csv")[..],
                ".csv",
            ),
            (
                &include_bytes!("../../samples/verwerkingsregister-art30.xlsx")[..],
                ".xlsx",
            ),
            (EXTREME_CSV.as_bytes(), ".csv"),
        ]
        .iter()
        .filter_map(|(bytes, suffix)| read_sheet(bytes, suffix, &default))
        .collect();
        // A missing sample would silently weaken the target: refuse to run instead.
        assert_eq!(all.len(), 3, "the fixed rows could not be read");
        all
    })
}

/// The header as `locate` finds it with `rubric`: the first header row in the first rows.
fn own_map(rows: &[RawRow], rubric: &Rubric) -> Option<ColumnMap> {
    let lookup = HeaderLookup::new(rubric, &[]);
    rows.iter()
        .take_while(|r| r.index < HEADER_SEARCH_ROWS)
        .find(|r| is_header_row(r, &lookup))
        .map(|h| map_columns(h, &lookup, Lang::Nl))
        .filter(ColumnMap::has_criterion_field)
}

fn score(rubric: &Rubric, sheet: &Sheet, map: &ColumnMap, today: NaiveDate) {
    for lang in [Lang::Nl, Lang::En] {
        let _ = mapping_lines(map, rubric, lang);
        let cx = Context {
            rubric,
            today,
            lang,
        };
        for row in sheet
            .rows
            .iter()
            .filter(|r| r.index > map.header_row && r.has_content())
            .take(ROWS_PER_SHEET)
        {
            let a = assess_row(parse_record(row, map, rubric, lang), &cx);
            let _ = explanation(&a, lang, rubric);
            let _ = serde_json::to_string(&RowOut::new(&a, rubric, lang));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let sheets = sheets();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rubric) = Rubric::parse(text, "fuzz-rubric.toml", Lang::Nl) else {
        return;
    };
    let _ = thresholds(&rubric, Lang::Nl);
    let _ = thresholds(&rubric, Lang::En);
    let _ = rubric.max_score();
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    for sheet in sheets {
        let map = own_map(&sheet.rows, &rubric).unwrap_or_else(|| sheet.default_map.clone());
        score(&rubric, sheet, &map, today);
    }
});
