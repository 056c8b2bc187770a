//! Faults of the machine rather than the file (docs/output.md#output-files): a full disk ends the run with one line
//! that names the output, and leaves nothing behind. (A run killed by a signal is in `cli`.)
//!
//! The disk is made full for real: a 48 KiB tmpfs mounted for the test, which needs Linux and
//! root (the CI machine); elsewhere that test is reported as ignored. Standard output on `/dev/full` (a device every Linux has, where each write fails with
//! "No space left on device") covers the writer's error path everywhere on Linux.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::harness::Sandbox;

/// A tmpfs of `kib` KiB at `dir`, unmounted when dropped.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    fn mount(dir: &Path, kib: u32) -> SmallDisk {
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir)
            .output()
            .expect("run mount");
        assert!(out.status.success(), "cannot mount a tmpfs: {out:?}");
        SmallDisk(dir.to_path_buf())
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
#[cfg_attr(
    not(tool_mount),
    ignore = "needs the right to mount a tmpfs (Linux, as root)"
)]
fn a_full_disk_names_the_output_and_leaves_nothing() {
    let sb = Sandbox::new();
    let disk = sb.path().join("disk");
    std::fs::create_dir(&disk).expect("dir");
    let _mounted = SmallDisk::mount(&disk, 48);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in ["verwerkingsregister.xlsx", "verwerkingsregister.csv"] {
        std::fs::copy(repo.join("samples").join(f), disk.join(f)).expect("copy");
    }
    let inputs: Vec<String> = {
        let mut l: Vec<String> = std::fs::read_dir(&disk)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        l.sort();
        l
    };
    // In place (xlsx), rebuilt (CSV in), and JSON: each fails on the full disk.
    for (args, output) in [
        (
            &[
                "score",
                "disk/verwerkingsregister.xlsx",
                "-o",
                "disk/a.xlsx",
            ][..],
            "disk/a.xlsx",
        ),
        (
            &["score", "disk/verwerkingsregister.csv", "-o", "disk/b.xlsx"][..],
            "disk/b.xlsx",
        ),
        (
            &[
                "score",
                "disk/verwerkingsregister.csv",
                "--format",
                "json",
                "-o",
                "disk/c.json",
            ][..],
            "disk/c.json",
        ),
    ] {
        let run = sb.run(args);
        run.expect_code(1);
        assert_eq!(
            run.stderr.trim(),
            format!("dpia-triage: {output}: de schijf is vol; er is niets geschreven"),
            "{args:?}"
        );
        let mut left: Vec<String> = std::fs::read_dir(&disk)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, inputs, "{args:?} left files behind");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_output_is_named() {
    let sb = Sandbox::new();
    sb.copy_from_repo("samples/verwerkingsregister.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_dpia-triage"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args([
            "score",
            "verwerkingsregister.csv",
            "--format",
            "json",
            "-o",
            "-",
        ])
        .current_dir(sb.path())
        .stdout(std::fs::File::create("/dev/full").expect("/dev/full"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "dpia-triage: standaarduitvoer: de schijf is vol; er is niets geschreven"
    );
}

/// A pipe or a process substitution (`<(cat register.csv)`) can be read only once, and a
/// register is read more than once: refused in one line that says so (docs/output.md#output-files).
#[cfg(unix)]
#[test]
fn a_pipe_is_refused_with_one_line() {
    let sb = Sandbox::new();
    let fifo = sb.path().join("register.csv");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    for cmd in [
        &["score", "register.csv", "-o", "uit.xlsx"][..],
        &["check", "register.csv"],
    ] {
        let run = sb.run(cmd);
        run.expect_code(1);
        assert_eq!(
            run.stderr.trim(),
            "dpia-triage: register.csv: geen gewoon bestand (een pipe of procesvervanging?); sla het register op als bestand en geef dat"
        );
    }
}

/// A register so wide that the added columns would pass column XFD is a clear error, rebuilt
/// (CSV) as in place (xlsx), never rust_xlsxwriter's "Row or column exceeds" (docs/output.md#output-files).
#[test]
fn a_register_too_wide_for_the_added_columns_is_a_clear_error() {
    let sb = Sandbox::new();
    let mut header = String::from("ID;Verwerking;Aantal betrokkenen");
    header.push_str(&";".repeat(16_377));
    header.push_str("Opmerking\r\nVW-1;X;50\r\n");
    sb.write("breed.csv", header.as_bytes());
    let run = sb.run(&["score", "breed.csv"]);
    run.expect_code(1);
    assert_eq!(
        run.stderr.trim(),
        "dpia-triage: breed.csv: het blad is te breed: de 17 toegevoegde kolommen zouden na kolom XFD (16.384) komen"
    );
    assert_eq!(sb.listing(), ["breed.csv"]);
}

/// `score … -o - | head`: the reader goes away early; the run ends quietly with exit code 0,
/// as `check | head` does (docs/output.md#output-files).
#[test]
fn a_closed_pipe_on_standard_output_ends_the_run_quietly() {
    let sb = Sandbox::new();
    // 700 activities: the JSON is far larger than a pipe's buffer.
    // (The sample is Windows-1252; its accents do not matter here.)
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/verwerkingsregister.csv"),
    )
    .expect("sample");
    let sample = String::from_utf8_lossy(&bytes).into_owned();
    let mut lines = sample.lines();
    let header = lines.next().expect("header");
    let rows: Vec<&str> = lines.collect();
    let mut big = format!("{header}\r\n");
    for i in 0..20 {
        for r in &rows {
            big.push_str(&r.replacen(';', &format!("-{i};"), 1));
            big.push_str("\r\n");
        }
    }
    sb.write("groot.csv", big.as_bytes());
    for format in ["json", "csv"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dpia-triage"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .args(["score", "groot.csv", "--format", format, "-o", "-", "-q"])
            .current_dir(sb.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run");
        let mut out = child.stdout.take().expect("stdout");
        let mut first = [0u8; 16];
        std::io::Read::read_exact(&mut out, &mut first).expect("some output");
        drop(out);
        let done = child.wait_with_output().expect("wait");
        assert_eq!(done.status.code(), Some(0), "{format}");
        assert_eq!(String::from_utf8_lossy(&done.stderr), "", "{format}");
    }
}
