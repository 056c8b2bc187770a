//! The in-place writer on mutated packages: one part of a real register package (the sample, or
//! its annotated output, so that scoring again is fuzzed too) is replaced by the fuzzer's bytes,
//! or has them spliced in, and the package is scored to a new workbook. Either the run refuses
//! in one line, or the output is a zip whose every XML part the tool wrote or changed
//! (workbook, sheets, relationships, content types, styles, comments, drawings) is well-formed
//! XML. A panic anywhere, an abort, or a broken output is a finding. Run with
//! `-detect_leaks=0` only if a leak is known and accepted (none is now).
//!
//! Input layout: byte 0 picks the base package (bit 7) and the part (the rest, modulo the
//! number of parts); byte 1 picks how (0–127 replace the part, else splice in at a position
//! given by bytes 2–3); the rest are the bytes.
#![no_main]

use std::io::{Read, Write};

use clap::Parser;
use dpia_triage::cli::{Cli, Command};
use libfuzzer_sys::fuzz_target;

/// The parts of the two base packages: (name, bytes).
fn bases() -> &'static [Vec<(String, Vec<u8>)>; 2] {
    static BASES: std::sync::OnceLock<[Vec<(String, Vec<u8>)>; 2]> = std::sync::OnceLock::new();
    BASES.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let read = |p: std::path::PathBuf| -> Vec<(String, Vec<u8>)> {
            let file = std::fs::File::open(&p).expect("base package");
            let mut zip = zip::ZipArchive::new(file).expect("base zip");
            (0..zip.len())
                .map(|i| {
                    let mut e = zip.by_index(i).expect("entry");
                    let mut bytes = Vec::new();
                    e.read_to_end(&mut bytes).expect("read entry");
                    (e.name().expect("entry name").to_string(), bytes)
                })
                .collect()
        };
        [
            read(root.join("samples/verwerkingsregister.xlsx")),
            read(root.join("samples/voorbeeld-uitvoer/verwerkingsregister.dpia.xlsx")),
        ]
    })
}

fn package(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in parts {
            if zip.start_file(name.as_str(), opts).is_err() || zip.write_all(bytes).is_err() {
                return Vec::new();
            }
        }
        if zip.finish().is_err() {
            return Vec::new();
        }
    }
    out.into_inner()
}

/// Whether bytes are well-formed XML (end tags matching, everything closed).
fn well_formed(bytes: &[u8]) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    let mut depth = 0i64;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
        buf.clear();
    }
    if depth == 0 {
        Ok(())
    } else {
        Err("unclosed elements".into())
    }
}

/// Every XML part the tool wrote or changed parses; the package itself opens. (A part it copied
/// unchanged is the user's as it was, broken or not: the tool never mends or alters it.)
fn check_output(path: &std::path::Path, input: &[(String, Vec<u8>)]) {
    let file = std::fs::File::open(path).expect("output written");
    let mut zip = zip::ZipArchive::new(file).expect("the output is a zip");
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).expect("output entry");
        let name = e.name().expect("output entry name").to_string();
        let xml = [".xml", ".rels", ".vml"].iter().any(|x| name.ends_with(x));
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).expect("output entry reads");
        let unchanged = input.iter().any(|(n, b)| *n == name && *b == bytes);
        // A part of the user's that was not well-formed already (Excel's own VML is not always
        // XML, so the tool edits it by its tags) is the user's to mend, not the tool's.
        let broken_before = input
            .iter()
            .any(|(n, b)| *n == name && well_formed(b).is_err());
        if !xml || unchanged || broken_before {
            continue;
        }
        if let Err(e) = well_formed(&bytes) {
            panic!("{name} is not well-formed: {e}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let base = &bases()[usize::from(data[0] >> 7)];
    let mut parts = base.clone();
    let which = usize::from(data[0] & 0x7f) % parts.len();
    let bytes = &data[4..];
    if data[1] < 128 {
        parts[which].1 = bytes.to_vec();
    } else {
        let part = &mut parts[which].1;
        let at = usize::from(u16::from_le_bytes([data[2], data[3]])) % (part.len() + 1);
        part.splice(at..at, bytes.iter().copied());
    }
    let zip = package(&parts);
    if zip.is_empty() {
        return;
    }
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let input = dir.path().join("register.xlsx");
    let output = dir.path().join("uit.xlsx");
    if std::fs::write(&input, &zip).is_err() {
        return;
    }
    let cli = Cli::try_parse_from([
        "dpia-triage",
        "score",
        input.to_str().unwrap_or_default(),
        "-o",
        output.to_str().unwrap_or_default(),
        "--quiet",
        "--jobs",
        "1",
    ]);
    let Ok(Cli {
        command: Command::Score(args),
        ..
    }) = cli
    else {
        return;
    };
    match dpia_triage::cmd::score(&args) {
        Ok(0) if output.exists() => check_output(&output, &parts),
        // A refusal: no output is left behind.
        _ => assert!(!output.exists(), "a refused run left {}", output.display()),
    }
});
