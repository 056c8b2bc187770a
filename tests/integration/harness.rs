//! Runs the real `dpia-triage` binary in a fresh temporary directory and reads back what it wrote:
//! a JSON document, or a workbook opened with calamine into plain cell values that tests compare.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook_auto, Data, Reader};
use sha2::{Digest, Sha256};
use tempfile::TempDir;

/// The run timestamp every test uses unless it says otherwise: 2026-09-21 (UTC).
pub const EPOCH: &str = "1790000000";

/// A temporary working directory for one test (kept, and its path printed, when
/// `KEEP_SANDBOX` is set: for looking at what a failing test wrote).
pub struct Sandbox {
    dir: TempDir,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if std::env::var_os("KEEP_SANDBOX").is_some() {
            let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().expect("temp dir"));
            eprintln!("sandbox kept: {}", dir.keep().display());
        }
    }
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// Exit code (`-1` when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// The standard output parsed as JSON; panics with the run's output when it is not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:?}"))
    }

    /// Assert the exit code, showing the output when it differs.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code: {self:#?}");
        assert!(
            !self.stderr.contains("panicked"),
            "the binary panicked: {}",
            self.stderr
        );
        self
    }
}

impl Sandbox {
    /// A fresh, empty directory.
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the directory.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Write bytes to a file in the directory and return its path.
    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.file(name);
        std::fs::write(&p, bytes).expect("write fixture");
        p
    }

    /// Copy a file of the repository (relative to the crate root) into the directory.
    pub fn copy_from_repo(&self, repo_path: &str) -> PathBuf {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(repo_path);
        let name = src.file_name().expect("file name");
        let dst = self.dir.path().join(name);
        std::fs::copy(&src, &dst).expect("copy sample");
        dst
    }

    /// File names in the directory, sorted.
    pub fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path())
            .expect("read dir")
            .map(|e| {
                e.expect("dir entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    /// Run the binary in the directory with `SOURCE_DATE_EPOCH` = [`EPOCH`].
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[("SOURCE_DATE_EPOCH", EPOCH)])
    }

    /// Run the binary in the directory with these environment variables.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dpia-triage"));
        // The language comes from --lang or the test's own environment, never the machine's
        // locale.
        cmd.args(args)
            .current_dir(self.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run dpia-triage");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// SHA-256 of a file, lower-case hex.
pub fn sha256_file(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("read file to hash");
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One sheet of a written workbook as plain values, addressed by 0-based (row, col) or A1.
pub struct Sheet {
    /// Cells from A1 (not from the sheet's first used cell), row by row.
    pub cells: Vec<Vec<Data>>,
}

/// 0-based (row, col) of an A1 reference such as `D17`.
pub fn a1(reference: &str) -> (usize, usize) {
    let letters: String = reference
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let digits = &reference[letters.len()..];
    let col = letters
        .to_ascii_uppercase()
        .bytes()
        .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1));
    let row: usize = digits.parse().expect("row number in A1 reference");
    (row - 1, col - 1)
}

/// Letters of a 0-based column: 0 → A, 26 → AA.
pub fn col_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}

/// A cell value as a user sees it: numbers without a trailing `.0`, dates as `dd-mm-yyyy`.
pub fn shown(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string().to_uppercase(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => t.format("%d-%m-%Y").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::Error(e) => e.to_string(),
    }
}

impl Sheet {
    /// The value at 0-based (row, col); `Empty` outside the used range.
    pub fn at(&self, row: usize, col: usize) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    /// The value at an A1 reference.
    pub fn cell(&self, reference: &str) -> &Data {
        let (r, c) = a1(reference);
        self.at(r, c)
    }

    /// The displayed text at an A1 reference.
    pub fn text(&self, reference: &str) -> String {
        shown(self.cell(reference))
    }

    /// A whole row as displayed texts, trailing empties dropped.
    pub fn row_texts(&self, row: usize) -> Vec<String> {
        let mut out: Vec<String> = self
            .cells
            .get(row)
            .map(|r| r.iter().map(shown).collect())
            .unwrap_or_default();
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        out
    }

    /// Every row as displayed texts.
    pub fn texts(&self) -> Vec<Vec<String>> {
        (0..self.cells.len()).map(|r| self.row_texts(r)).collect()
    }

    /// The 0-based column whose cell in `row` shows `header`.
    pub fn column_of(&self, row: usize, header: &str) -> usize {
        self.row_texts(row)
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("no column '{header}' in row {}", row + 1))
    }
}

/// A written workbook: its sheet names in order and every sheet's values.
pub struct Book {
    /// Sheet names in workbook order.
    pub names: Vec<String>,
    sheets: BTreeMap<String, Sheet>,
}

impl Book {
    /// Open a workbook with calamine.
    pub fn open(path: &Path) -> Book {
        let mut wb = open_workbook_auto(path)
            .unwrap_or_else(|e| panic!("{}: not a readable workbook: {e}", path.display()));
        let names = wb.sheet_names();
        let mut sheets = BTreeMap::new();
        for name in &names {
            let range = wb.worksheet_range(name).expect("sheet range");
            let (r0, c0) = range
                .start()
                .map_or((0, 0), |(r, c)| (r as usize, c as usize));
            let mut cells: Vec<Vec<Data>> = vec![Vec::new(); r0];
            for row in range.rows() {
                let mut out = vec![Data::Empty; c0];
                out.extend(row.iter().cloned());
                cells.push(out);
            }
            sheets.insert(name.clone(), Sheet { cells });
        }
        Book { names, sheets }
    }

    /// A sheet by name.
    pub fn sheet(&self, name: &str) -> &Sheet {
        self.sheets
            .get(name)
            .unwrap_or_else(|| panic!("no sheet '{name}' in {:?}", self.names))
    }
}

/// The text of one part (entry) of a zip file, such as `xl/worksheets/sheet1.xml`.
pub fn zip_part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open zip")).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("no part {name}"))
        .read_to_string(&mut text)
        .expect("read part");
    text
}

/// The part name of a sheet, found as Excel finds it: workbook.xml's `<sheet r:id>` and the
/// workbook's relationships (part names are not fixed).
pub fn sheet_part_name(path: &Path, sheet: &str) -> String {
    let workbook = zip_part(path, "xl/workbook.xml");
    let rels = zip_part(path, "xl/_rels/workbook.xml.rels");
    let attr = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[start..].split('"').next()?.to_string())
    };
    let escaped = sheet.replace('&', "&amp;").replace('\'', "&apos;");
    let tag = workbook
        .split("<sheet ")
        .skip(1)
        .map(|t| t.split("/>").next().unwrap_or(""))
        .find(|t| attr(&format!(" {t}"), "name").is_some_and(|n| n == sheet || n == escaped))
        .unwrap_or_else(|| panic!("no sheet {sheet}"));
    let rid = attr(&format!(" {tag}"), "r:id").expect("r:id");
    let rel = rels
        .split("<Relationship ")
        .skip(1)
        .find(|r| attr(&format!(" {r}"), "Id").as_deref() == Some(rid.as_str()))
        .expect("relationship");
    let target = attr(&format!(" {rel}"), "Target").expect("target");
    match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("xl/{target}"),
    }
}

/// The XML of a sheet's part.
pub fn sheet_xml(path: &Path, sheet: &str) -> String {
    zip_part(path, &sheet_part_name(path, sheet))
}

/// Every part (entry) of a zip file, decompressed, by name.
pub fn zip_parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open zip")).expect("zip");
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("zip entry");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read part");
        parts.insert(entry.name().expect("part name").into_owned(), bytes);
    }
    parts
}

/// Run an openpyxl script on `input` into `output`; what it prints.
pub fn openpyxl_edit(sb: &Sandbox, script: &str, input: &str, output: &str) -> String {
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(sb.file(input))
        .arg(sb.file(output))
        .output()
        .expect("python3");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
