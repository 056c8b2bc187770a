//! Hold the tool's own xlsx reader (`input::xlsx_values`, which reads every xlsx register) against
//! calamine on workbooks from elsewhere: every sheet, every cell's value and formula. Prints one
//! line per workbook and the first differences; exits non-zero when any workbook differs.
//!
//!     cargo run --release --example compare_readers -- FILE_OR_DIR...
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use dpia_triage::input::{RawRow, Source};

type Cells = Vec<(u32, u16, String, Option<String>)>;

fn cells(rows: &[RawRow]) -> Cells {
    rows.iter()
        .flat_map(|r| {
            r.cells
                .iter()
                .filter(|c| c.value != calamine::Data::Empty || c.formula.is_some())
                .map(move |c| (r.index, c.col, format!("{:?}", c.value), c.formula.clone()))
        })
        .collect()
}

fn compare(path: &Path) -> Result<(usize, usize), String> {
    let lang = dpia_triage::lang::Lang::En;
    let limits = dpia_triage::input::guard::Limits::default();
    let mut a_src = Source::open(path, &limits, lang).map_err(|e| format!("not opened: {e}"))?;
    if !a_src.is_xlsx() {
        return Err("not an xlsx".into());
    }
    let mut b_src = Source::open(path, &limits, lang).map_err(|e| format!("not opened: {e}"))?;
    let mut compared = (0, 0);
    let mut differences = Vec::new();
    for sheet in a_src.sheet_names() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let ra = a_src.read_sheet_calamine(&sheet, lang, &mut |r| {
            a.push(r);
            ControlFlow::Continue(())
        });
        let rb = b_src.read_sheet(&sheet, lang, &mut |r| {
            b.push(r);
            ControlFlow::Continue(())
        });
        match (ra, rb) {
            (Err(e), Err(_)) => {
                println!("  {sheet}: refused by both ({e})");
                continue;
            }
            (Err(e), Ok(())) => {
                println!("  {sheet}: calamine refuses ({e}), the reader reads it");
                continue;
            }
            (Ok(()), Err(e)) => {
                differences.push(format!(
                    "{sheet}: calamine reads it, the reader refuses: {e}"
                ));
                continue;
            }
            (Ok(()), Ok(())) => {}
        }
        let (ca, cb) = (cells(&a), cells(&b));
        compared.0 += 1;
        compared.1 += ca.len();
        if ca != cb {
            let first = ca
                .iter()
                .zip(&cb)
                .find(|(x, y)| x != y)
                .map(|(x, y)| format!("calamine {x:?} / reader {y:?}"))
                .unwrap_or_else(|| format!("{} cells against {}", ca.len(), cb.len()));
            differences.push(format!("{sheet}: {first}"));
        }
    }
    if differences.is_empty() {
        Ok(compared)
    } else {
        Err(differences.join("\n    "))
    }
}

fn main() {
    let mut files: Vec<PathBuf> = Vec::new();
    for arg in std::env::args().skip(1) {
        let p = PathBuf::from(arg);
        if p.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&p) {
                files.extend(entries.flatten().map(|e| e.path()).filter(|f| {
                    f.extension().is_some_and(|x| {
                        x.eq_ignore_ascii_case("xlsx") || x.eq_ignore_ascii_case("xlsm")
                    })
                }));
            }
        } else {
            files.push(p);
        }
    }
    files.sort();
    let (mut same, mut differ, mut skipped) = (0, 0, 0);
    for f in &files {
        match compare(f) {
            Ok((sheets, cells)) => {
                same += 1;
                println!("same     {} ({sheets} sheets, {cells} cells)", f.display());
            }
            Err(e) if e.starts_with("not ") => {
                skipped += 1;
                println!("skipped  {}: {e}", f.display());
            }
            Err(e) => {
                differ += 1;
                println!("DIFFERS  {}:\n    {e}", f.display());
            }
        }
    }
    println!("{same} the same, {differ} differing, {skipped} not read");
    if differ > 0 {
        std::process::exit(1);
    }
}
