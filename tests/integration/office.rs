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
