//! The page (`dpia-triage serve`) against the running server: the page and its downloads, an
//! upload scored as `score` scores a file, a bad file and a too large one refused as the command
//! line refuses them, concurrent uploads, and nothing left in the temporary directory.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::harness::Sandbox;

/// A running server, stopped when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    /// Start `serve` on a free port with its temporary files in `tmp`.
    pub fn start(tmp: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dpia-triage"))
            .args(["serve", "--port", "0", "--no-open", "--lang", "nl"])
            .args(extra)
            .env("TMPDIR", tmp)
            .env("SOURCE_DATE_EPOCH", crate::harness::EPOCH)
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start serve");
        let mut line = String::new();
        BufReader::new(child.stderr.take().expect("stderr"))
            .read_line(&mut line)
            .expect("the address line");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server { child, addr }
    }

    /// One HTTP request; returns status, headers (lower-case names) and body.
    fn request(&self, method: &str, path: &str, content_type: &str, body: &[u8]) -> Reply {
        request_at(&self.addr, method, path, content_type, body)
    }

    fn get(&self, path: &str) -> Reply {
        self.request("GET", path, "text/plain", b"")
    }

    /// The page closes: its kept scoring goes.
    fn forget(&self, page: &Reply) {
        let token = page.header("x-dpia-result");
        assert!(!token.is_empty(), "no kept scoring named");
        let r = self.request("POST", &format!("/forget?token={token}"), "text/plain", b"");
        assert_eq!(r.status, 204);
    }

    /// POST a multipart form of (field, file name, bytes).
    pub fn post(&self, path: &str, files: &[(&str, &str, &[u8])]) -> Reply {
        post_at(&self.addr, path, files)
    }
}

/// One HTTP request to the server at `addr`; returns status, headers (lower-case names) and body.
fn request_at(addr: &str, method: &str, path: &str, content_type: &str, body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).expect("connect");
    let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            addr,
            body.len()
        );
    s.write_all(head.as_bytes()).expect("write");
    // A server that refuses early may close before the whole body is sent.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse(&raw)
}

const BOUNDARY: &str = "----dpia-triage-test-7d1f";

/// A multipart form of (field, file name, bytes), as a browser sends it.
fn multipart(files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (field, name, bytes) in files {
        body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// POST a multipart form of (field, file name, bytes) to the server at `addr`.
fn post_at(addr: &str, path: &str, files: &[(&str, &str, &[u8])]) -> Reply {
    request_at(
        addr,
        "POST",
        path,
        &format!("multipart/form-data; boundary={BOUNDARY}"),
        &multipart(files),
    )
}

/// Send a form and leave the connection open, unread: the test decides when to hang up.
fn send_form(addr: &str, path: &str, files: &[(&str, &str, &[u8])]) -> TcpStream {
    let body = multipart(files);
    let mut s = TcpStream::connect(addr).expect("connect");
    s.write_all(
        format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    )
    .expect("head");
    s.write_all(&body).expect("body");
    s
}

/// A sandbox with an empty temporary directory for a server started with `extra` options.
fn started(extra: &[&str]) -> (Sandbox, std::path::PathBuf, Server) {
    let sb = Sandbox::new();
    let tmp = sb.path().join("tmp");
    std::fs::create_dir(&tmp).expect("tmp");
    let server = Server::start(&tmp, extra);
    (sb, tmp, server)
}

impl Server {
    /// Send the server a signal (`TERM`, `INT`, `HUP`) and wait for it to end; its exit code.
    pub fn signal(mut self, name: &str) -> Option<i32> {
        let killed = Command::new("kill")
            .args([format!("-{name}"), self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(killed.success());
        self.child.wait().expect("wait").code()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Reply {
    pub status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Parse an HTTP/1.1 response (with or without chunked transfer encoding).
/// No response at all (the connection broke) is status 0 with what came as the body.
fn parse(raw: &[u8]) -> Reply {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Reply {
            status: 0,
            headers: Vec::new(),
            body: raw.to_vec(),
        };
    };
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(end) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..end]).trim(), 16)
                .unwrap_or(0);
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[end + 2..end + 2 + size]);
            rest = &rest[end + 2 + size + 2..];
        }
        body = out;
    }
    Reply {
        status,
        headers,
        body,
    }
}

pub fn sample(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name),
    )
    .expect("sample")
}

/// The sample CSV's activities `times` over, under its header.
fn big_csv(times: usize) -> Vec<u8> {
    let csv = sample("verwerkingsregister.csv");
    let split = csv.iter().position(|b| *b == b'\n').expect("header line") + 1;
    let (header, rows) = csv.split_at(split);
    let mut big = header.to_vec();
    for _ in 0..times {
        big.extend_from_slice(rows);
    }
    big
}

/// Wait (at most 10 s) until the temporary directory is empty: a request's directory goes a
/// moment after its answer or its end.
fn emptied(tmp: &Path) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !leftovers(tmp).is_empty() {
        assert!(std::time::Instant::now() < deadline, "{:?}", leftovers(tmp));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Whatever the temporary directory holds (it must be empty between requests).
pub fn leftovers(tmp: &Path) -> Vec<String> {
    std::fs::read_dir(tmp)
        .expect("tmp")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn the_page_scores_an_upload_and_keeps_nothing() {
    let (sb, tmp, server) = started(&[]);

    // The page, self-contained: no script, style or font from elsewhere.
    let page = server.get("/");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("dpia-triage") && html.contains("/score?format="));
    for outside in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(outside), "{outside}");
    }
    // The blank template and the default rubric.
    let template = server.get("/template.xlsx?lang=en");
    assert_eq!(template.status, 200);
    assert!(template
        .header("content-disposition")
        .contains("processing-register.en.xlsx"));
    assert_eq!(&template.body[..2], b"PK");
    let rubric = server.get("/rubric.toml");
    assert_eq!(rubric.text(), dpia_triage::rubric::DEFAULT_RUBRIC);

    // The sample register, as JSON: the same figures as `score`, under the user's file name.
    let json = server.post(
        "/score?format=json",
        &[(
            "register",
            "verwerkingsregister.xlsx",
            &sample("verwerkingsregister.xlsx"),
        )],
    );
    assert_eq!(json.status, 200, "{}", json.text());
    let doc: serde_json::Value = serde_json::from_slice(&json.body).expect("json");
    assert_eq!(doc["summary"]["rows"], 35);
    assert_eq!(doc["summary"]["by_outcome"]["required"], 17);
    assert_eq!(doc["input"]["path"], "verwerkingsregister.xlsx");

    // The annotated workbook, in English from a CSV.
    let xlsx = server.post(
        "/score?format=xlsx&lang=en",
        &[(
            "register",
            "verwerkingsregister.csv",
            &sample("verwerkingsregister.csv"),
        )],
    );
    assert_eq!(xlsx.status, 200, "{}", xlsx.text());
    assert!(xlsx
        .header("content-disposition")
        .contains("verwerkingsregister.dpia.xlsx"));
    let out = sb.write("uit.xlsx", &xlsx.body);
    let book = crate::harness::Book::open(&out);
    assert_eq!(
        book.names,
        ["Register", "Summary", "Measures", "Findings", "Audit trail"]
    );
    let register = book.sheet("Register");
    let advice = register.column_of(0, "DPIA advice");
    assert_eq!(
        crate::harness::shown(register.at(1, advice)),
        "DPIA recommended"
    );

    // A bad file: the command line's one-line error, with the user's file name only.
    let bad = server.post(
        "/score?format=json",
        &[("register", "kapot.xlsx", b"garbage")],
    );
    assert_eq!(bad.status, 422);
    let line = bad.text();
    assert!(
        line.starts_with("kapot.xlsx: geen koprij gevonden"),
        "{line}"
    );
    assert!(!line.contains(&tmp.display().to_string()), "{line}");
    assert_eq!(line.lines().count(), 1);
    // The same in the language the page asks for, whatever the server started with.
    let bad = server.post(
        "/score?format=json&lang=en",
        &[("register", "kapot.xlsx", b"garbage")],
    );
    assert_eq!(bad.status, 422);
    assert!(
        bad.text().starts_with("kapot.xlsx: no header row found"),
        "{}",
        bad.text()
    );

    // Findings made on the reading thread are in the request's language too.
    let mut csv = sample("verwerkingsregister.csv");
    csv.extend_from_slice(b"VW-999;\"Open aanhalingsteken;10\r\n");
    for (lang, expected) in [
        ("nl", "een aanhalingsteken wordt niet gesloten"),
        ("en", "a quote is never closed"),
    ] {
        let reply = server.post(
            &format!("/score?format=json&lang={lang}"),
            &[("register", "r.csv", &csv)],
        );
        assert_eq!(reply.status, 200, "{}", reply.text());
        assert!(reply.text().contains(expected), "{lang}: {}", reply.text());
    }

    // Nothing is kept after the responses.
    assert_eq!(leftovers(&tmp), Vec::<String>::new());
}

#[test]
fn uploads_over_the_cap_are_refused_and_concurrent_ones_all_answered() {
    let (_sb, tmp, server) = started(&["--max-upload-mib", "1"]);
    let big = vec![b'x'; 2 * 1024 * 1024];
    let refused = server.post("/score?format=json", &[("register", "groot.csv", &big)]);
    assert_eq!(refused.status, 413, "{}", refused.text());
    assert!(
        refused.text().contains("groter dan 1 MiB"),
        "{}",
        refused.text()
    );

    let register = sample("verwerkingsregister.xlsx");
    let server = std::sync::Arc::new(server);
    let answers: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|_| {
                let server = std::sync::Arc::clone(&server);
                let register = register.clone();
                s.spawn(move || {
                    server
                        .post("/score?format=xlsx", &[("register", "r.xlsx", &register)])
                        .status
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    assert_eq!(answers, [200; 6]);
    assert_eq!(leftovers(&tmp), Vec::<String>::new());
}

#[test]
fn the_page_can_ask_how_far_an_upload_is() {
    let (_sb, tmp, server) = started(&[]);
    // Unknown (and unusable) job names: nothing to tell.
    assert_eq!(server.get("/progress?job=nooit-gezien").status, 404);
    assert_eq!(server.get("/progress?job=../x").status, 404);
    assert_eq!(server.get("/progress").status, 404);

    // The sample's 35 activities 600 times over, long enough to watch.
    let big = big_csv(600);
    let server = std::sync::Arc::new(server);
    let (seen, reply) = std::thread::scope(|s| {
        let upload = {
            let server = std::sync::Arc::clone(&server);
            let big = &big;
            s.spawn(move || {
                server.post(
                    "/score?format=csv&job=test-1",
                    &[("register", "groot.csv", big)],
                )
            })
        };
        let mut seen: Vec<(u64, bool)> = Vec::new();
        let mut totals: Vec<u64> = Vec::new();
        while !upload.is_finished() {
            let p = server.get("/progress?job=test-1");
            if p.status == 200 {
                let v: serde_json::Value = serde_json::from_slice(&p.body).expect("json");
                seen.push((
                    v["activities"].as_u64().expect("activities"),
                    v["finishing"].as_bool().expect("finishing"),
                ));
                totals.extend(v["total"].as_u64());
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        // The total, once known, is the register's: its lines below the header.
        assert!(
            totals.contains(&21_000) && totals.iter().all(|t| *t == 21_000),
            "{totals:?}"
        );
        (seen, upload.join().expect("upload"))
    });
    assert_eq!(reply.status, 200, "{}", reply.text());
    // The count only grows, stays within the register, and was seen part-way.
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
    assert!(seen.iter().all(|(n, _)| *n <= 21_000), "{seen:?}");
    assert!(
        seen.iter().any(|(n, _)| *n > 0 && *n < 21_000),
        "no count part-way: {seen:?}"
    );
    // The job goes with its request.
    assert_eq!(server.get("/progress?job=test-1").status, 404);
    assert_eq!(leftovers(&tmp), Vec::<String>::new());

    // The annotated workbook comes from disk as it is read, with its length: a client that hangs
    // up part-way leaves nothing behind either.
    let mut s = send_form(
        &server.addr,
        "/score?format=xlsx",
        &[("register", "groot.csv", &big)],
    );
    let mut head = [0u8; 4096];
    let n = s.read(&mut head).expect("the first bytes");
    let head = String::from_utf8_lossy(&head[..n]).to_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    let length: u64 = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("a content-length");
    assert!(length > 4 << 20, "{length}");
    drop(s);
    emptied(&tmp);
}

#[test]
fn an_own_rubric_and_a_previous_workbook_are_used_under_their_own_names() {
    let (sb, tmp, server) = started(&[]);
    sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    sb.run(&[
        "score",
        "verwerkingsregister.xlsx",
        "-o",
        "vorige.dpia.xlsx",
    ])
    .expect_code(0);
    let previous = std::fs::read(sb.file("vorige.dpia.xlsx")).expect("previous");
    // The default rubric under another version: the previous was made with another rubric.
    let rubric = dpia_triage::rubric::DEFAULT_RUBRIC.replacen(
        "version = \"1.0.0\"",
        "version = \"1.0.0-eigen\"",
        1,
    );
    assert_ne!(rubric, dpia_triage::rubric::DEFAULT_RUBRIC);
    let register = sample("verwerkingsregister.xlsx");
    let form: [(&str, &str, &[u8]); 3] = [
        ("register", "verwerkingsregister.xlsx", &register),
        ("rubric", "eigen.toml", rubric.as_bytes()),
        ("previous", "vorige.dpia.xlsx", &previous),
    ];
    // The JSON names the rubric and the previous by the user's names, never the temporary ones;
    // so does every part of the annotated workbook.
    let json = server.post("/score?format=json", &form);
    assert_eq!(json.status, 200, "{}", json.text());
    let doc: serde_json::Value = serde_json::from_slice(&json.body).expect("json");
    assert_eq!(doc["rubric"]["version"], "1.0.0-eigen");
    let xlsx = server.post("/score?format=xlsx", &form);
    assert_eq!(xlsx.status, 200, "{}", xlsx.text());
    let parts = crate::harness::zip_parts(&sb.write("uit.xlsx", &xlsx.body));
    let texts = std::iter::once(json.text()).chain(
        parts
            .values()
            .map(|b| String::from_utf8_lossy(b).into_owned()),
    );
    let all = texts.collect::<Vec<_>>();
    for (i, text) in all.iter().enumerate() {
        assert!(!text.contains(&tmp.display().to_string()), "{i}: {text}");
        assert!(!text.contains("/vorige/"), "{i}");
    }
    assert!(all[0].contains("--previous vorige.dpia.xlsx: de vorige beoordeling gebruikte"));
    assert!(all[1..]
        .iter()
        .any(|t| t.contains("--previous vorige.dpia.xlsx")));
    assert_eq!(leftovers(&tmp), Vec::<String>::new());
}

#[test]
fn uploads_beyond_the_slots_wait_their_turn() {
    let (_sb, tmp, server) = started(&["--at-once", "1"]);
    let server = std::sync::Arc::new(server);
    let big = big_csv(600);
    let small = sample("verwerkingsregister.xlsx");
    let (states, replies) = std::thread::scope(|s| {
        let first = {
            let server = std::sync::Arc::clone(&server);
            let big = &big;
            s.spawn(move || {
                server.post(
                    "/score?format=csv&job=groot",
                    &[("register", "groot.csv", big)],
                )
            })
        };
        // The large one is being scored before the small one is sent.
        while server.get("/progress?job=groot").status != 200 {
            assert!(
                !first.is_finished(),
                "the large upload ended before it was seen"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let second = {
            let server = std::sync::Arc::clone(&server);
            let small = &small;
            s.spawn(move || {
                server.post(
                    "/score?format=json&job=klein",
                    &[("register", "klein.xlsx", small)],
                )
            })
        };
        let mut states = Vec::new();
        while !second.is_finished() {
            let p = server.get("/progress?job=klein");
            if p.status == 200 {
                let v: serde_json::Value = serde_json::from_slice(&p.body).expect("json");
                states.push(v["waiting"].as_bool().expect("waiting"));
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        (
            states,
            [first.join().expect("first"), second.join().expect("second")],
        )
    });
    assert_eq!(replies.map(|r| r.status), [200, 200]);
    // The small one waited while the large one was scored, and only then.
    assert!(states.iter().any(|waiting| *waiting), "{states:?}");
    assert!(
        states
            .iter()
            .skip_while(|waiting| **waiting)
            .all(|waiting| !waiting),
        "{states:?}"
    );
    assert_eq!(leftovers(&tmp), Vec::<String>::new());
}

/// `format=page`: the summary of every activity, and only the first 200 that need a DPIA, most
/// urgent first — what the page shows, small for a register of any size.
#[test]
fn the_page_gets_the_figures_and_the_most_urgent_activities() {
    let (_sb, tmp, server) = started(&[]);
    let rank = |r: &serde_json::Value| {
        let missing = r["flags"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f == "dpia_missing"));
        match r["outcome"].as_str() {
            Some("required") => u8::from(!missing),
            Some("recommended") => 2 + u8::from(!missing),
            _ => 9,
        }
    };
    for (name, register, expected_rows) in [
        (
            "verwerkingsregister.csv",
            sample("verwerkingsregister.csv"),
            35,
        ),
        ("groot.csv", big_csv(100), 3500),
    ] {
        let all = server.post("/score?format=json", &[("register", name, &register)]);
        let page = server.post("/score?format=page", &[("register", name, &register)]);
        assert_eq!((all.status, page.status), (200, 200), "{}", page.text());
        server.forget(&page);
        let all: serde_json::Value = serde_json::from_slice(&all.body).expect("json");
        let page: serde_json::Value = serde_json::from_slice(&page.body).expect("json");
        assert_eq!(page["summary"], all["summary"], "{name}");
        assert_eq!(page["summary"]["rows"], expected_rows, "{name}");
        // The same rows as the whole document's that need a DPIA, sorted by urgency, then
        // register order, the first 200.
        let mut needing: Vec<&serde_json::Value> = all["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| rank(r) < 9)
            .collect();
        needing.sort_by_key(|r| (rank(r), r["row"].as_u64()));
        needing.truncate(200);
        let shown: Vec<&serde_json::Value> =
            page["rows"].as_array().expect("rows").iter().collect();
        assert_eq!(shown, needing, "{name}");
    }
    assert_eq!(leftovers(&tmp), Vec::<String>::new());
}

/// `format=page` for an art. 30 register whose activities are mostly incomplete: the page gets
/// them too, the weightiest signals first (register order among equals), and learns that the
/// register has no column recording a DPIA, so it does not show "DPIA vastgelegd".
#[test]
fn the_page_gets_the_incomplete_activities_by_their_signals() {
    let (_sb, tmp, server) = started(&[]);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/registers/nl-gemeente-purmerend.csv");
    let register = std::fs::read(path).expect("corpus register");
    let name = "purmerend.csv";
    let all = server.post("/score?format=json", &[("register", name, &register)]);
    let page = server.post("/score?format=page", &[("register", name, &register)]);
    assert_eq!((all.status, page.status), (200, 200), "{}", page.text());
    server.forget(&page);
    let all: serde_json::Value = serde_json::from_slice(&all.body).expect("json");
    let page: serde_json::Value = serde_json::from_slice(&page.body).expect("json");
    let mut incomplete: Vec<&serde_json::Value> = all["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["outcome"] == "incomplete")
        .collect();
    assert!(incomplete.len() >= 4, "{}", incomplete.len());
    incomplete.sort_by_key(|r| {
        (
            std::cmp::Reverse(r["signal_weight"].as_u64()),
            r["row"].as_u64(),
        )
    });
    let shown: Vec<&serde_json::Value> = page["incomplete_rows"]
        .as_array()
        .expect("incomplete_rows")
        .iter()
        .collect();
    assert_eq!(shown, incomplete);
    assert!(
        shown
            .windows(2)
            .any(|w| w[0]["signal_weight"] != w[1]["signal_weight"]),
        "the ranking is not trivial"
    );
    assert_eq!(page["dpia_column"], false);
    // The sample register records its DPIAs.
    let sample = server.post(
        "/score?format=page",
        &[("register", "v.csv", &sample("verwerkingsregister.csv"))],
    );
    server.forget(&sample);
    let sample: serde_json::Value = serde_json::from_slice(&sample.body).expect("json");
    assert_eq!(sample["dpia_column"], true);
    assert_eq!(leftovers(&tmp), Vec::<String>::new());
}

/// One upload, one scoring: the page's scoring is kept, and every download and the other
/// language come from it (`/result`), the same as `score` writes them, until the page closes
/// (`/forget`); then they are gone and said to be.
#[test]
fn a_page_scoring_is_kept_for_its_downloads_and_its_other_language() {
    let (sb, tmp, server) = started(&[]);
    let register = sample("verwerkingsregister.xlsx");
    let page = server.post(
        "/score?format=page&lang=nl",
        &[("register", "verwerkingsregister.xlsx", &register)],
    );
    assert_eq!(page.status, 200, "{}", page.text());
    let token = page.header("x-dpia-result").to_string();
    assert_eq!(token.len(), 32, "128 random bits in hex: {token}");
    // What `score` writes, to hold the kept outputs against.
    sb.write("verwerkingsregister.xlsx", &register);
    let cli = |lang: &str| -> serde_json::Value {
        sb.run(&[
            "score",
            "verwerkingsregister.xlsx",
            "--format",
            "json",
            "--lang",
            lang,
            "-o",
            "-",
        ])
        .expect_code(0)
        .json()
    };
    let (nl, en) = (cli("nl"), cli("en"));
    let rows = |doc: &serde_json::Value| doc["rows"].clone();
    for (format, lang, want) in [("json", "nl", &nl), ("json", "en", &en)] {
        let got = server.get(&format!(
            "/result?token={token}&format={format}&lang={lang}"
        ));
        assert_eq!(got.status, 200, "{}", got.text());
        assert_eq!(got.header("x-dpia-result"), token);
        let got: serde_json::Value = serde_json::from_slice(&got.body).expect("json");
        assert_eq!(got["summary"], want["summary"], "{lang}");
        assert_eq!(rows(&got), rows(want), "{lang}");
    }
    // The page in English: the reasons as `score --lang en` gives them.
    let page_en = server.get(&format!("/result?token={token}&format=page&lang=en"));
    let page_en: serde_json::Value = serde_json::from_slice(&page_en.body).expect("json");
    let first = &page_en["rows"][0];
    let same = en["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["row"] == first["row"])
        .expect("the row");
    assert_eq!(first["outcome_reason"], same["outcome_reason"]);
    // The workbook and the CSV, by their names.
    let xlsx = server.get(&format!("/result?token={token}&format=xlsx&lang=nl"));
    assert_eq!(xlsx.status, 200);
    assert!(
        xlsx.header("content-disposition")
            .contains("verwerkingsregister.dpia.xlsx"),
        "{}",
        xlsx.header("content-disposition")
    );
    let out = sb.write("kept.xlsx", &xlsx.body);
    let book = crate::harness::Book::open(&out);
    assert!(
        book.names.iter().any(|n| n == "Samenvatting"),
        "{:?}",
        book.names
    );
    let csv = server.get(&format!("/result?token={token}&format=csv&lang=nl"));
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").starts_with("text/csv"));
    let records = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(csv.body.as_slice())
        .records()
        .count();
    assert_eq!(records, nl["rows"].as_array().map_or(0, Vec::len));
    // Asked twice, the same file (not scored again: the same bytes, timestamps included).
    let again = server.get(&format!("/result?token={token}&format=xlsx&lang=nl"));
    assert_eq!(again.body, xlsx.body);
    // Closed: gone, and said so in the request's language; an unknown token the same.
    server.forget(&page);
    for (query, line) in [
        (
            format!("token={token}&format=xlsx&lang=nl"),
            "deze uitslag is niet meer bewaard",
        ),
        (
            "token=0123&format=json&lang=en".to_string(),
            "this result is no longer kept",
        ),
    ] {
        let gone = server.get(&format!("/result?{query}"));
        assert_eq!(gone.status, 410);
        assert!(gone.text().starts_with(line), "{}", gone.text());
    }
    assert_eq!(leftovers(&tmp), Vec::<String>::new());
}

/// Stopped while it scores (Ctrl-C, SIGTERM, SIGHUP), the server leaves no upload behind.
#[test]
fn a_server_stopped_mid_request_leaves_nothing() {
    let big = big_csv(600);
    for signal in ["INT", "TERM", "HUP"] {
        let (_sb, tmp, server) = started(&[]);
        let upload = {
            let (addr, big) = (server.addr.clone(), big.clone());
            // The connection breaks when the server goes: there is no answer to check.
            std::thread::spawn(move || {
                post_at(
                    &addr,
                    "/score?format=xlsx&job=weg",
                    &[("register", "groot.csv", &big)],
                )
            })
        };
        // Stop it once the upload is in and being scored.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while server.get("/progress?job=weg").status != 200 {
            assert!(
                std::time::Instant::now() < deadline,
                "{signal}: never scored"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(
            !leftovers(&tmp).is_empty(),
            "{signal}: the upload is somewhere"
        );
        let code = server.signal(signal);
        let _ = upload.join();
        assert_ne!(code, Some(0), "{signal}");
        assert_eq!(leftovers(&tmp), Vec::<String>::new(), "{signal}");
    }
}

/// A browser that goes away while its register is scored stops the run: the slot is free and
/// the upload gone at once, not when the output would have been done.
#[test]
fn a_browser_that_goes_away_stops_its_run() {
    let (_sb, tmp, server) = started(&["--at-once", "1"]);
    let big = big_csv(600);
    let s = send_form(
        &server.addr,
        "/score?format=xlsx&job=weg",
        &[("register", "groot.csv", &big)],
    );
    let progress = |server: &Server| {
        let p = server.get("/progress?job=weg");
        (p.status == 200).then(|| {
            let v: serde_json::Value = serde_json::from_slice(&p.body).expect("json");
            (
                v["activities"].as_u64().expect("activities"),
                v["finishing"].as_bool().expect("finishing"),
            )
        })
    };
    // Hang up once scoring is under way.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        assert!(std::time::Instant::now() < deadline, "never scored");
        if progress(&server).is_some_and(|(n, _)| n > 0) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    drop(s);
    let mut seen = Vec::new();
    while let Some(p) = progress(&server) {
        seen.push(p);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // It stopped part-way: it never reached the end of the register or the finishing.
    assert!(
        seen.iter().all(|(n, finishing)| *n < 21_000 && !finishing),
        "{seen:?}"
    );
    emptied(&tmp);
    // The slot is free again.
    let reply = server.post(
        "/score?format=json",
        &[("register", "r.xlsx", &sample("verwerkingsregister.xlsx"))],
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
}

/// Only the page itself may use the server: another host name (DNS rebinding) or a post from
/// another site is refused; a form with a field twice, an unknown format or no form at all gets
/// a one-line refusal in the request's language; a long or non-ASCII name survives.
#[test]
fn requests_that_are_not_the_pages_are_refused() {
    let (_sb, tmp, server) = started(&[]);
    let raw = |head: &str| {
        let mut s = TcpStream::connect(&server.addr).expect("connect");
        s.write_all(head.as_bytes()).expect("write");
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        parse(&out)
    };
    let other_host = raw("GET / HTTP/1.1\r\nHost: evil.example:8484\r\nConnection: close\r\n\r\n");
    assert_eq!(other_host.status, 403, "{}", other_host.text());
    assert!(
        other_host.text().contains("evil.example"),
        "{}",
        other_host.text()
    );
    let localhost = raw(&format!(
        "GET / HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        server.addr.rsplit(':').next().expect("port")
    ));
    assert_eq!(localhost.status, 200);
    let other_origin = raw(&format!(
        "POST /score HTTP/1.1\r\nHost: {}\r\nOrigin: https://evil.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    assert_eq!(other_origin.status, 403, "{}", other_origin.text());
    // Refused in the request's language: the page's `lang=`, else the browser's, else the
    // server's (Dutch here).
    for (head, start) in [
        (
            "GET /?lang=en HTTP/1.1\r\nHost: evil.example\r\n",
            "a request for another name",
        ),
        (
            "GET / HTTP/1.1\r\nHost: evil.example\r\nAccept-Language: en-GB,en;q=0.9\r\n",
            "a request for another name",
        ),
        (
            "GET / HTTP/1.1\r\nHost: evil.example\r\nAccept-Language: nl-NL\r\n",
            "verzoek voor een andere naam",
        ),
        (
            "GET / HTTP/1.1\r\nHost: evil.example\r\n",
            "verzoek voor een andere naam",
        ),
    ] {
        let reply = raw(&format!("{head}Connection: close\r\n\r\n"));
        assert_eq!(reply.status, 403);
        assert!(reply.text().starts_with(start), "{head}: {}", reply.text());
    }

    let register = sample("verwerkingsregister.xlsx");
    let twice = server.post(
        "/score?format=json&lang=en",
        &[
            ("register", "a.xlsx", &register),
            ("register", "b.xlsx", &register),
        ],
    );
    assert_eq!(twice.status, 400);
    assert_eq!(
        twice.text(),
        "the field `register` appears twice; send one register per request"
    );
    let format = server.post("/score?format=pdf", &[("register", "a.xlsx", &register)]);
    assert_eq!(format.status, 400);
    assert!(
        format.text().starts_with("`format=pdf` bestaat niet"),
        "{}",
        format.text()
    );
    let no_form = server.request("POST", "/score?lang=en", "text/plain", b"hallo");
    assert_eq!(no_form.status, 400);
    assert!(
        no_form.text().starts_with("not a form with files"),
        "{}",
        no_form.text()
    );

    // A long name with letters outside ASCII: shortened to fit the disk, extension kept, and
    // given back as it was in the answer's file name.
    let long = format!("Gemeente Ås {}.xlsx", "ø".repeat(150));
    let reply = server.post("/score?format=csv", &[("register", &long, &register)]);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let disposition = reply.header("content-disposition").to_string();
    assert!(
        disposition.contains("filename*=UTF-8''Gemeente%20%C3%85s%20%C3%B8"),
        "{disposition}"
    );
    assert!(disposition.ends_with(".dpia.csv"), "{disposition}");
    assert_eq!(leftovers(&tmp), Vec::<String>::new());
}

/// An upload that stands still longer than `--upload-timeout` is given up: 408 with a line that
/// says so, and its part-written file is gone.
#[test]
fn an_upload_that_stands_still_is_given_up() {
    let (_sb, tmp, server) = started(&["--upload-timeout", "1"]);
    let mut s = TcpStream::connect(&server.addr).expect("connect");
    let head = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"register\"; filename=\"traag.csv\"\r\n\r\nID;Verwerking\r\n"
    );
    s.write_all(
        format!(
            "POST /score?lang=en HTTP/1.1\r\nHost: {}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: 100000\r\n\r\n{head}",
            server.addr
        )
        .as_bytes(),
    )
    .expect("the start of the upload");
    // Then nothing more: the server answers on its own.
    s.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .expect("timeout");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let reply = parse(&raw);
    assert_eq!(reply.status, 408, "{}", reply.text());
    assert_eq!(
        reply.text(),
        "the upload stood still too long (limit: 1 s, --upload-timeout)"
    );
    emptied(&tmp);
    // Half a request line, then nothing: the connection is closed, not kept open.
    let mut s = TcpStream::connect(&server.addr).expect("connect");
    s.write_all(b"GET / HT").expect("half a line");
    s.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .expect("timeout");
    let started = std::time::Instant::now();
    let mut raw = Vec::new();
    let closed = s.read_to_end(&mut raw);
    assert!(closed.is_ok(), "{closed:?}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

/// `--port` is the port on 127.0.0.1, `--listen` another address instead: not both.
#[test]
fn port_and_listen_are_one_or_the_other() {
    let sb = Sandbox::new();
    let run = sb.run(&[
        "serve",
        "--port",
        "0",
        "--listen",
        "127.0.0.1:0",
        "--no-open",
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("--listen"), "{}", run.stderr);
}

/// Run without a command by a script (no terminal), the tool says how to use it, in the run's
/// language.
#[test]
fn without_a_command_a_script_gets_the_usage() {
    let sb = Sandbox::new();
    let script_run = sb.run(&[]);
    script_run.expect_code(2);
    // In the run's language (Dutch here: no locale).
    assert!(
        script_run
            .stderr
            .contains("Gebruik: dpia-triage <OPDRACHT>"),
        "{}",
        script_run.stderr
    );
}

/// Started without a command by a person (a terminal, or the console a double-click opens), the
/// tool opens the page.
#[test]
#[cfg_attr(not(tool_script), ignore = "needs util-linux `script`")]
fn without_a_command_a_person_gets_the_page() {
    let sb = Sandbox::new();
    // A terminal, through `script` (util-linux).
    let script = crate::outside::script();
    let tmp = sb.path().join("tmp");
    std::fs::create_dir(&tmp).expect("tmp");
    let mut child = Command::new(script)
        .args(["-qfec", env!("CARGO_BIN_EXE_dpia-triage"), "/dev/null"])
        // No PATH: the browser it would open is not found (and nothing opens in a test).
        .env("PATH", "")
        .env("TMPDIR", &tmp)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut seen = String::new();
    for _ in 0..2 {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        seen.push_str(&line);
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        seen.contains("geen opdracht gegeven: de pagina gaat open"),
        "{seen}"
    );
    assert!(
        seen.contains("de pagina staat op http://127.0.0.1:")
            || seen.contains("kan niet luisteren"),
        "{seen}"
    );
}

/// Started again on a port its page already has (a second double-click), the tool points there
/// and ends; on a port another program has, it says it cannot listen.
#[test]
fn a_second_start_finds_the_page_already_there() {
    let (sb, _tmp, server) = started(&[]);
    let port = server.addr.rsplit(':').next().expect("port").to_string();
    let again = sb.run(&["serve", "--port", &port, "--no-open"]);
    again.expect_code(0);
    assert!(
        again
            .stderr
            .contains(&format!("de pagina draait al op http://127.0.0.1:{port}/")),
        "{}",
        again.stderr
    );
    // Something else on the port: a listener that never answers.
    let other = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = other.local_addr().expect("addr").port().to_string();
    let taken = sb.run(&["serve", "--port", &port, "--no-open"]);
    taken.expect_code(1);
    assert!(
        taken.stderr.contains("kan niet luisteren"),
        "{}",
        taken.stderr
    );
}

/// Limits that cannot work are refused as usage errors.
#[test]
fn impossible_limits_are_refused() {
    let sb = Sandbox::new();
    for args in [
        ["--upload-timeout", "0"],
        ["--upload-timeout", "18446744073709551615"],
        ["--max-upload-mib", "0"],
        ["--at-once", "0"],
    ] {
        let mut all = vec!["serve", "--port", "0", "--no-open"];
        all.extend(args);
        let run = sb.run(&all);
        run.expect_code(2);
        assert!(run.stderr.contains(args[0]), "{args:?}: {}", run.stderr);
    }
}

/// Hardened: every answer carries a strict policy; an upload that trickles in is given up at
/// its deadline; what a killed server left behind is removed when the next one starts; a server
/// listening on every address shows the address this computer opens.
#[test]
fn the_server_is_hardened_against_framing_trickles_and_leftovers() {
    let (_sb, tmp, server) = started(&["--upload-deadline", "2"]);
    let page = server.get("/");
    let template = server.get("/template.xlsx?lang=nl");
    for reply in [&page, &template] {
        assert!(reply
            .header("content-security-policy")
            .starts_with("default-src 'none';"));
        assert!(reply
            .header("content-security-policy")
            .contains("frame-ancestors 'none'"));
        assert_eq!(reply.header("x-frame-options"), "DENY");
        assert_eq!(reply.header("x-content-type-options"), "nosniff");
    }
    let foreign = {
        let mut s = TcpStream::connect(&server.addr).expect("connect");
        s.write_all(b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
            .expect("write");
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        parse(&raw)
    };
    assert_eq!(foreign.status, 403);
    assert_eq!(foreign.header("x-frame-options"), "DENY");

    // One byte every 200 ms never stands still, and is still given up after 2 s.
    let mut s = TcpStream::connect(&server.addr).expect("connect");
    s.write_all(
        format!(
            "POST /score?lang=en HTTP/1.1\r\nHost: {}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: 100000\r\n\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"register\"; filename=\"druppel.csv\"\r\n\r\n",
            server.addr
        )
        .as_bytes(),
    )
    .expect("the start of the upload");
    let started_at = std::time::Instant::now();
    let mut reader = s.try_clone().expect("clone");
    let trickle = std::thread::spawn(move || {
        for _ in 0..100 {
            if s.write_all(b"x").is_err() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
    });
    reader
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .expect("timeout");
    let mut raw = Vec::new();
    let _ = reader.read_to_end(&mut raw);
    let reply = parse(&raw);
    assert_eq!(reply.status, 408, "{}", reply.text());
    assert_eq!(
        reply.text(),
        "the upload took too long (limit: 2 s, --upload-deadline)"
    );
    assert!(started_at.elapsed() < std::time::Duration::from_secs(10));
    drop(reader);
    let _ = trickle.join();
    emptied(&tmp);
    drop(server);

    // Killed (SIGKILL) during an upload: its directory stays, recognisably named, until the
    // next server starts.
    let mut killed = Server::start(&tmp, &[]);
    let _upload = {
        let mut s = TcpStream::connect(&killed.addr).expect("connect");
        s.write_all(
            format!(
                "POST /score HTTP/1.1\r\nHost: {}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: 100000\r\n\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"register\"; filename=\"half.csv\"\r\n\r\nID;Verwerking\r\n",
                killed.addr
            )
            .as_bytes(),
        )
        .expect("half an upload");
        s
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while leftovers(&tmp).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    killed.child.kill().expect("kill -9");
    let _ = killed.child.wait();
    let left = leftovers(&tmp);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].starts_with("dpia-triage-upload-"), "{left:?}");
    let next = Server::start(&tmp, &[]);
    assert_eq!(leftovers(&tmp), Vec::<String>::new());
    drop(next);

    // On every address: the line names the one this computer opens.
    let mut child = Command::new(env!("CARGO_BIN_EXE_dpia-triage"))
        .args([
            "serve",
            "--listen",
            "0.0.0.0:0",
            "--no-open",
            "--lang",
            "en",
        ])
        .env("TMPDIR", &tmp)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start serve");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let warning = lines.next().and_then(Result::ok).unwrap_or_default();
    let address = lines.next().and_then(Result::ok).unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    assert!(warning.contains("other computers"), "{warning}");
    assert!(
        address.starts_with("dpia-triage: the page is at http://127.0.0.1:"),
        "{address}"
    );
}
