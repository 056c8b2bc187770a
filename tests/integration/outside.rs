//! The outside programs some tests need, in one place: LibreOffice (and its Python bridge, for
//! the edit rounds of tests/tools/lo_edit.py), Python with openpyxl or lxml, pdftotext,
//! Chromium with chromedriver, util-linux `script`.
//!
//! Whether each is installed is found when the crate is built (build.rs). A test that needs one
//! carries `#[cfg_attr(not(tool_…), ignore = "needs …")]`: where the program is missing, the
//! test is reported as *ignored*, with what it needs, never as passed. On CI (`CI=true`) no
//! test is ignored, so a program `.ci/run` failed to install fails the tests that need it, with
//! the message of the helper here that looked for it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::harness::Sandbox;

/// The first of `names` that is a file on `PATH`.
pub fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// What a test says when a program it needs is missing where it runs anyway (on CI).
fn missing(what: &str) -> ! {
    panic!("{what} is not installed (.ci/run installs it on CI)")
}

/// LibreOffice's command.
pub fn soffice() -> PathBuf {
    on_path(&["soffice", "libreoffice"]).unwrap_or_else(|| missing("LibreOffice (soffice)"))
}

/// Run LibreOffice headless on `files` with `args` (e.g. `--convert-to pdf --outdir dir`), with
/// a profile of the sandbox's own, so tests running side by side do not share a locked profile.
/// Fails the test when LibreOffice fails.
pub fn libreoffice(sb: &Sandbox, args: &[&str], outdir: &Path, files: &[&Path]) -> Output {
    std::fs::create_dir_all(outdir).expect("LibreOffice's output folder");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        sb.file("lo-profile").display()
    );
    let out = Command::new(soffice())
        .args(["--headless", "--norestore", profile.as_str()])
        .args(args)
        .arg("--outdir")
        .arg(outdir)
        .args(files)
        .env("HOME", sb.path())
        .output()
        .expect("run soffice");
    assert!(out.status.success(), "LibreOffice failed: {out:?}");
    out
}

/// Open the sandbox's `name` in LibreOffice and save it as xlsx into the sandbox's `lo/`
/// folder, as a user's office suite saves it; the saved file.
pub fn libreoffice_resave(sb: &Sandbox, name: &str) -> PathBuf {
    let outdir = sb.file("lo");
    let out = libreoffice(sb, &["--convert-to", "xlsx"], &outdir, &[&sb.file(name)]);
    let saved = outdir.join(
        Path::new(name)
            .with_extension("xlsx")
            .file_name()
            .expect("a file name"),
    );
    let bytes = std::fs::read(&saved)
        .unwrap_or_else(|e| panic!("LibreOffice wrote no {} ({e}): {out:?}", saved.display()));
    assert!(bytes.starts_with(b"PK"), "not a zip: {}", saved.display());
    saved
}

/// Run tests/tools/lo_edit.py with LibreOffice's Python (which has its bridge, `uno`).
pub fn lo_edit_script() -> Command {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/lo_edit.py");
    if !Path::new("/usr/bin/python3").is_file() {
        missing("LibreOffice's Python (/usr/bin/python3 with python3-uno)");
    }
    let mut cmd = Command::new("/usr/bin/python3");
    cmd.arg(script);
    cmd
}

/// The schema check of a written workbook (tests/tools/validate_ooxml.py against the vendored
/// ISO/IEC 29500 transitional schemas): `Ok` when every XML part is well-formed and valid, else
/// the failing parts, one per line. Python with lxml must be here.
pub fn schema_check(path: &Path, parts: Option<&[String]>) -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = Command::new("python3");
    cmd.arg(root.join("tests/tools/validate_ooxml.py"))
        .arg(root.join("tests/schemas"))
        .arg(path);
    if let Some(parts) = parts {
        cmd.arg("--parts").arg(parts.join(","));
    }
    let out = cmd
        .output()
        .unwrap_or_else(|_| missing("python3 (the schema check)"));
    match out.status.code() {
        Some(0) => Ok(()),
        Some(1) => Err(String::from_utf8_lossy(&out.stdout).into_owned()),
        Some(2) => missing("python3 with lxml (the schema check)"),
        _ => Err(format!("validator: {out:?}")),
    }
}

/// Chromium and chromedriver.
pub fn chromium() -> (PathBuf, PathBuf) {
    on_path(&["chromium", "chromium-browser", "google-chrome"])
        .zip(on_path(&["chromedriver"]))
        .unwrap_or_else(|| missing("Chromium with chromedriver (chromium, chromium-driver)"))
}

/// util-linux `script`, which gives the tool a terminal.
pub fn script() -> PathBuf {
    ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .unwrap_or_else(|| missing("util-linux `script`"))
}
