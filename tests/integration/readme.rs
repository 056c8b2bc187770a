//! The README and the docs cannot drift from the tool: every command they show (`dpia-triage …`,
//! and the quick start's `cargo run --release -- …`) is run here as written, in order, in a
//! directory with the repository's samples and templates, and must succeed. A register of the
//! user's own (`register.xlsx`) is the bundled sample.

use std::path::Path;
use std::process::Command;

use crate::harness::Sandbox;

/// The commands of a Markdown file: indented lines that start with `dpia-triage ` (or the quick
/// start's `cargo run --release -- `), joined where they end in `\`, without `# comments`; the
/// synopsis lines (`INPUT...`, `[-o OUT]`) are left out.
fn commands(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending: Option<String> = None;
    for line in markdown.lines() {
        let indented = line.starts_with("    ");
        let text = line.trim();
        if let Some(mut p) = pending.take() {
            p.push(' ');
            p.push_str(text.trim_end_matches('\\').trim());
            if text.ends_with('\\') {
                pending = Some(p);
            } else {
                out.push(p);
            }
            continue;
        }
        let cmd = text
            .strip_prefix("cargo run --release -- ")
            .map(|rest| format!("dpia-triage {rest}"))
            .or_else(|| text.starts_with("dpia-triage ").then(|| text.to_string()));
        let Some(cmd) = cmd.filter(|_| indented) else {
            continue;
        };
        let cmd = match cmd.find("  #") {
            Some(i) => cmd[..i].trim().to_string(),
            None => cmd,
        };
        // The synopsis lines, and `serve`, which runs until stopped (tests/integration/serve.rs
        // runs it).
        if cmd.contains("INPUT")
            || cmd.contains("[-o")
            || cmd.contains("FILE")
            || cmd.starts_with("dpia-triage serve")
        {
            continue;
        }
        if cmd.ends_with('\\') {
            pending = Some(cmd.trim_end_matches('\\').trim().to_string());
        } else {
            out.push(cmd);
        }
    }
    out
}

/// Copy a directory of the repository into the sandbox: what the repository holds, not what a
/// user's earlier commands wrote beside it (the Quick start leaves
/// `samples/verwerkingsregister.dpia.xlsx`, which the README's commands would then refuse to
/// overwrite). An output of the tool is named `*.dpia.*`; the committed example output lives in
/// `voorbeeld-uitvoer/` and is copied.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("list") {
        let entry = entry.expect("entry");
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else if name.contains(".dpia.") && !from.ends_with("voorbeeld-uitvoer") {
            continue;
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

#[test]
fn every_command_in_the_readme_and_docs_runs_as_written() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sb = Sandbox::new();
    copy_dir(&repo.join("samples"), &sb.path().join("samples"));
    copy_dir(&repo.join("templates"), &sb.path().join("templates"));
    std::fs::copy(
        repo.join("samples/verwerkingsregister.xlsx"),
        sb.path().join("register.xlsx"),
    )
    .expect("copy");
    let mut all = Vec::new();
    for doc in [
        "README.md",
        "docs/register.md",
        "docs/output.md",
        "docs/rubric.md",
        "docs/README.md",
    ] {
        let text = std::fs::read_to_string(repo.join(doc)).unwrap_or_default();
        all.extend(commands(&text).into_iter().map(|c| (doc, c)));
    }
    assert!(all.len() >= 10, "{all:?}");
    for (doc, cmd) in &all {
        // `> file`: standard output to a file, as a shell would.
        let (cmd, to_file) = match cmd.split_once(" > ") {
            Some((c, f)) => (c.to_string(), Some(f.trim().to_string())),
            None => (cmd.clone(), None),
        };
        let args: Vec<&str> = cmd.split_whitespace().skip(1).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_dpia-triage"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .args(&args)
            .current_dir(sb.path())
            .env("SOURCE_DATE_EPOCH", "1790000000")
            .output()
            .expect("run");
        let code = out.status.code();
        // `--fail-on` exits 3 when its condition holds: that is the point of the example.
        let expected = if cmd.contains("--fail-on") {
            Some(3)
        } else {
            Some(0)
        };
        assert_eq!(
            code,
            expected,
            "{doc}: `{cmd}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(f) = to_file {
            std::fs::write(sb.path().join(f), &out.stdout).expect("write");
        }
    }
}

/// Every option of every command is in the README, so its command-line section does not fall
/// behind what `--help` lists.
#[test]
fn the_readme_names_every_option() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    let sb = crate::harness::Sandbox::new();
    for command in ["score", "check", "template", "rubric", "serve"] {
        let help = sb.run(&[command, "--help", "--lang", "en"]);
        help.expect_code(0);
        for word in help.stdout.split([' ', ',', '\n', '[', ']', '=']) {
            let Some(name) = word.strip_prefix("--") else {
                continue;
            };
            let name: String = name
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            if name.is_empty() || name == "help" || name == "version" || name == "no-browser" {
                continue;
            }
            // `-o OUT` names `--output`.
            let short = name == "output" && readme.contains("[-o ");
            assert!(
                short || readme.contains(&format!("--{name}")),
                "`{command} --{name}` is not in README.md"
            );
        }
    }
}

/// The rubric error README shows is the one a user gets, word for word (line number included).
#[test]
fn the_readmes_rubric_error_is_the_real_one() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    let sb = crate::harness::Sandbox::new();
    let rubric = sb.run(&["rubric"]).expect_code(0).stdout.clone();
    let bad = rubric.replacen("high = \"> 1000\"", "high = \"veel\"", 1);
    assert_ne!(bad, rubric);
    sb.write("mijn-rubric.toml", bad.as_bytes());
    let run = sb.run(&["rubric", "--check", "mijn-rubric.toml"]);
    assert_eq!(run.code, 1);
    let line = run.stderr.trim();
    assert!(
        readme.contains(&format!("    {line}\n")),
        "README.md does not show: {line}"
    );
}
