//! Which outside programs the tests that open the tool's outputs need are installed here.
//!
//! A test that needs LibreOffice, openpyxl, lxml, pdftotext, Chromium, util-linux `script` or
//! the right to mount a tmpfs
//! carries `#[cfg_attr(not(tool_…), ignore = "…")]`: where the program is missing it is reported
//! as *ignored* with what it needs, never as passed. On CI (`CI=true`, where `.ci/run` installs
//! every one of them) no test is ignored, so a missing program fails its test. The probes run
//! when the build script does (after a change of `CI` or `PATH`); after installing a program,
//! `touch build.rs` (or `cargo clean`) lets the tests see it. The tool itself uses none of this.

use std::path::Path;
use std::process::Command;

/// A probe: whether a program is here.
type Probe = fn() -> bool;

/// Every probe, with the cfg it sets.
const TOOLS: [(&str, Probe); 8] = [
    ("tool_soffice", || on_path(&["soffice", "libreoffice"])),
    ("tool_uno", || {
        on_path(&["soffice", "libreoffice"]) && python("/usr/bin/python3", "uno")
    }),
    ("tool_openpyxl", || python("python3", "openpyxl")),
    ("tool_lxml", || python("python3", "lxml")),
    ("tool_pdftotext", || on_path(&["pdftotext"])),
    ("tool_chromium", || {
        on_path(&["chromium", "chromium-browser", "google-chrome"]) && on_path(&["chromedriver"])
    }),
    // A small tmpfs for a full disk (tests/integration/faults.rs): Linux, as root.
    ("tool_mount", || {
        cfg!(target_os = "linux")
            && Command::new("id")
                .arg("-u")
                .output()
                .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
    }),
    ("tool_script", || {
        Path::new("/usr/bin/script").exists() || Path::new("/bin/script").exists()
    }),
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=PATH");
    let on_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    for (cfg, here) in TOOLS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if on_ci || here() {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}

/// Whether one of `names` is an executable file on `PATH`.
fn on_path(names: &[&str]) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).any(|dir| names.iter().any(|n| dir.join(n).is_file()))
}

/// Whether `python` imports `module`.
fn python(python: &str, module: &str) -> bool {
    Command::new(python)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}
