//! The written workbook opens in a real office suite: LibreOffice converts it to PDF without
//! complaint, and a workbook it saved again works as the earlier run. Reported as ignored where
//! LibreOffice is not installed; on CI it must be (crate::outside).

use std::process::Command;

use crate::harness::Sandbox;
use crate::outside::{libreoffice, libreoffice_resave};

#[test]
#[cfg_attr(not(tool_soffice), ignore = "needs LibreOffice")]
fn libreoffice_converts_the_annotated_workbook_to_pdf() {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    sb.run(&["score", "verwerkingsregister.xlsx"])
        .expect_code(0);
    sb.run(&["template", "-o", "sjabloon.xlsx"]).expect_code(0);
    for name in ["verwerkingsregister.dpia.xlsx", "sjabloon.xlsx"] {
        let out = libreoffice(&sb, &["--convert-to", "pdf"], sb.path(), &[&sb.file(name)]);
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
#[cfg_attr(not(tool_soffice), ignore = "needs LibreOffice")]
fn a_workbook_resaved_by_libreoffice_works_as_previous() {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    sb.run(&["score", "verwerkingsregister.xlsx", "-o", "q1.xlsx"])
        .expect_code(0);
    libreoffice_resave(&sb, "q1.xlsx");
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
#[cfg_attr(
    not(all(tool_soffice, tool_pdftotext)),
    ignore = "needs LibreOffice and pdftotext (poppler-utils)"
)]
fn the_annotated_sample_register_prints_in_at_most_30_pages() {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    sb.run(&["score", "verwerkingsregister.xlsx"])
        .expect_code(0);
    libreoffice(
        &sb,
        &["--convert-to", "pdf"],
        sb.path(),
        &[&sb.file("verwerkingsregister.dpia.xlsx")],
    );
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
