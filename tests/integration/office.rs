//! The written workbook opens in a real office suite: LibreOffice converts it to PDF without
//! complaint. Skipped, with a message, where LibreOffice is not installed (CI machines need not
//! have it; the developers' machines do).

use std::process::Command;

use crate::harness::{outside_tool, Sandbox};

fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|exe| {
        Command::new(exe)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn libreoffice_converts_the_annotated_workbook_to_pdf() {
    let Some(exe) = soffice() else {
        outside_tool("LibreOffice (soffice)", false);
        return;
    };
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    sb.run(&["score", "verwerkingsregister.xlsx"])
        .expect_code(0);
    sb.run(&["template", "-o", "sjabloon.xlsx"]).expect_code(0);
    for name in ["verwerkingsregister.dpia.xlsx", "sjabloon.xlsx"] {
        let out = Command::new(exe)
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(sb.path())
            .arg(sb.file(name))
            .env("HOME", sb.path())
            .output()
            .expect("run soffice");
        assert!(out.status.success(), "{name}: {out:?}");
        let pdf = sb.file(&name.replace(".xlsx", ".pdf"));
        let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("{name}: no PDF ({e}): {out:?}"));
        assert!(
            bytes.starts_with(b"%PDF") && bytes.len() > 10_000,
            "{name}: {} bytes",
            bytes.len()
        );
    }
}

/// An annotated workbook opened and saved again by LibreOffice still works as `--previous`: the
/// user's statuses survive and nothing is reported as changed.
#[test]
fn a_workbook_resaved_by_libreoffice_works_as_previous() {
    let Some(exe) = soffice() else {
        outside_tool("LibreOffice (soffice)", false);
        return;
    };
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    sb.run(&["score", "verwerkingsregister.xlsx", "-o", "q1.xlsx"])
        .expect_code(0);
    std::fs::create_dir(sb.file("lo")).unwrap();
    let out = Command::new(exe)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(sb.file("lo"))
        .arg(sb.file("q1.xlsx"))
        .env("HOME", sb.path())
        .output()
        .expect("run soffice");
    assert!(out.status.success(), "{out:?}");
    let run = sb.run(&[
        "score",
        "verwerkingsregister.xlsx",
        "-o",
        "q2.json",
        "--previous",
        "lo/q1.xlsx",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sb.file("q2.json")).unwrap()).unwrap();
    let changed: Vec<&serde_json::Value> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["flags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f == "changed")
        })
        .collect();
    assert!(
        changed.is_empty(),
        "LibreOffice's re-save changes no input: {changed:?}"
    );
}

/// The annotated sample's register sheet prints in at most 30 pages (one line per activity, the
/// print area ending at the register's last column), and its rows read decisive reason first.
#[test]
fn the_annotated_sample_register_prints_in_at_most_30_pages() {
    let Some(exe) = soffice() else {
        outside_tool("LibreOffice (soffice)", false);
        return;
    };
    let pdftotext = Command::new("pdftotext").arg("-v").output().is_ok();
    if !outside_tool("pdftotext (poppler-utils)", pdftotext) {
        return;
    }
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    sb.run(&["score", "verwerkingsregister.xlsx"])
        .expect_code(0);
    let out = Command::new(exe)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(sb.path())
        .arg(sb.file("verwerkingsregister.dpia.xlsx"))
        .env("HOME", sb.path())
        .output()
        .expect("run soffice");
    assert!(out.status.success(), "{out:?}");
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(sb.file("verwerkingsregister.dpia.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    // The sheet after the register is the user's Toelichting.
    let register = pages
        .iter()
        .position(|p| {
            p.trim_start()
                .starts_with("Toelichting bij het verwerkingsregister")
        })
        .expect("the Toelichting sheet's page");
    assert!(
        (1..=30).contains(&register),
        "the register prints on {register} pages"
    );
    // One line per activity: the first activity's reason starts with its advice.
    assert!(
        pages[..register]
            .iter()
            .any(|p| p.contains("Advies: risicoklasse Hoog")),
        "no reason line on the register's pages"
    );
}
