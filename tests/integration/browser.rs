//! The page in a real browser: headless Chromium, driven through chromedriver (WebDriver), drops
//! the sample register on the page, waits for the figures, checks them and the list of activities
//! that need a DPIA against `score`, downloads the annotated workbook and checks its outcomes; then
//! picks a register in English and gets a bad file's one-line error.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); without them the
//! tests are reported as ignored (crate::outside). With `DPIA_TRIAGE_SCREENSHOTS=dir` it also saves the page with its
//! results there (README's picture).

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::harness::{shown, Book, Sandbox};
use crate::outside::chromium;
use crate::serve::{leftovers, Server};

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(exe: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(exe)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium session that saves downloads in `downloads`, with the page in `lang`.
async fn browser(driver: &Driver, chromium: &Path, downloads: &Path, lang: &str) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium.display().to_string(),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1100,1300", format!("--lang={lang}"),
            ],
            "prefs": {
                "download.default_directory": downloads.display().to_string(),
                "download.prompt_for_download": false,
                "intl.accept_languages": lang,
            },
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a browser session")
}

/// Wait for `css` to match, up to a minute.
async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
}

/// The texts of a table's cells, row by row.
async fn table(client: &Client, css: &str) -> Vec<Vec<String>> {
    let rows = client
        .execute(
            "return [...document.querySelectorAll(arguments[0] + ' tr')]
               .map((tr) => [...tr.children].map((c) => c.textContent));",
            vec![json!(css)],
        )
        .await
        .expect("table");
    serde_json::from_value(rows).expect("rows of texts")
}

/// Give a file to the page as a user drops it: through a drop event on the drop zone carrying
/// the file (WebDriver can hand files only to a file input, so a scratch one holds it first).
async fn drop_file(client: &Client, path: &Path) {
    drop_files(client, &[path]).await;
}

/// Several files dropped at once.
async fn drop_files(client: &Client, paths: &[&Path]) {
    client
        .execute(
            "const i = document.createElement('input'); i.type = 'file'; i.multiple = true;
             i.id = 'scratch'; document.body.appendChild(i);",
            vec![],
        )
        .await
        .expect("scratch input");
    let scratch = client.find(Locator::Id("scratch")).await.expect("scratch");
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    scratch.send_keys(&names.join("\n")).await.expect("files");
    client
        .execute(
            "const s = document.getElementById('scratch');
             const dt = new DataTransfer();
             for (const f of s.files) dt.items.add(f);
             const zone = document.getElementById('drop');
             for (const type of ['dragenter', 'dragover', 'drop']) {
               zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
             }
             s.remove();",
            vec![],
        )
        .await
        .expect("drop");
}

/// The one file that appears in `dir` once the browser has finished writing it: Chromium writes
/// into a hidden `.org.chromium.…` file or a `.crdownload` first and may reserve the final name
/// with an empty file meanwhile, so a download is done when only its final file is left, not
/// empty, and the same size twice in a row.
fn downloaded(dir: &Path) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut last: Option<(PathBuf, u64)> = None;
    loop {
        let entries: Vec<(PathBuf, u64)> = std::fs::read_dir(dir)
            .expect("downloads")
            .map(|e| {
                let e = e.expect("entry");
                (e.path(), e.metadata().map_or(0, |m| m.len()))
            })
            .collect();
        let busy = entries.iter().any(|(p, size)| {
            *size == 0
                || p.extension()
                    .is_some_and(|e| e == "crdownload" || e == "tmp")
                || p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        });
        let now = match entries.as_slice() {
            [one] if !busy => Some(one.clone()),
            _ => None,
        };
        if now.is_some() && now == last {
            return now.map(|(p, _)| p).expect("a file");
        }
        last = now;
        assert!(Instant::now() < deadline, "no download: {entries:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
#[cfg_attr(
    not(tool_chromium),
    ignore = "needs Chromium and chromedriver (apt-get install chromium chromium-driver)"
)]
fn a_browser_drops_the_sample_and_downloads_the_annotated_workbook() {
    let (chromium, chromedriver) = chromium();
    let sb = Sandbox::new();
    let tmp = sb.path().join("tmp");
    let downloads = sb.path().join("downloads");
    std::fs::create_dir(&tmp).expect("tmp");
    std::fs::create_dir(&downloads).expect("downloads");
    let sample = sb.copy_from_repo("samples/verwerkingsregister.xlsx");
    let csv = sb.copy_from_repo("samples/verwerkingsregister.csv");
    let bad = sb.write("kapot.xlsx", b"geen werkmap");
    let art30 = sb.copy_from_repo("samples/verwerkingsregister-art30.xlsx");

    // What `score` says of the sample, to hold the page against.
    let expected = sb
        .run(&[
            "score",
            "verwerkingsregister.xlsx",
            "--format",
            "json",
            "-o",
            "-",
        ])
        .expect_code(0)
        .json();
    let expected_en = sb
        .run(&[
            "score",
            "verwerkingsregister.xlsx",
            "--format",
            "json",
            "--lang",
            "en",
            "-o",
            "-",
        ])
        .expect_code(0)
        .json();
    sb.run(&["score", "verwerkingsregister.xlsx", "-o", "cli.xlsx"])
        .expect_code(0);
    let previous = sb.file("verwerkingsregister.dpia.xlsx");
    std::fs::copy(sb.file("cli.xlsx"), &previous).expect("previous");

    let server = Server::start(&tmp, &[]);
    let driver = Driver::start(&chromedriver);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let client = browser(&driver, &chromium, &downloads, "nl-NL").await;
        client
            .goto(&format!("http://{}/", server.addr))
            .await
            .expect("the page");

        // A Dutch browser gets the Dutch page.
        let zone = client.find(Locator::Css("#drop span")).await.expect("zone");
        assert!(
            zone.text()
                .await
                .expect("text")
                .starts_with("Sleep registers hierheen"),
            "{:?}",
            zone.text().await
        );

        // Drop the sample and wait for its figures.
        drop_file(&client, &sample).await;
        wait_for(&client, "section.file[data-done]").await;
        let figures = table(&client, "table.figures").await;
        let figure = |label: &str| -> String {
            figures
                .iter()
                .find(|r| r[0] == label)
                .unwrap_or_else(|| panic!("no {label} in {figures:?}"))[1]
                .clone()
        };
        let s = &expected["summary"];
        assert_eq!(figure("activiteiten"), s["rows"].to_string());
        assert_eq!(
            figure("DPIA verplicht"),
            s["by_outcome"]["required"].to_string()
        );
        assert_eq!(
            figure("DPIA aanbevolen"),
            s["by_outcome"]["recommended"].to_string()
        );
        assert_eq!(
            figure("geen DPIA nodig"),
            s["by_outcome"]["not_required"].to_string()
        );
        assert_eq!(
            figure("Risicoklasse Hoog"),
            s["by_class"]["high"].to_string()
        );
        assert_eq!(figure("meldingen"), s["findings"].to_string());

        // The activities that need a DPIA: those `score` says, required first, each one's
        // outcome and whether a DPIA is on record.
        let listed = table(&client, "table.needing").await;
        assert_eq!(
            listed[0],
            [
                "ID",
                "Verwerking",
                "Advies",
                "Risicoklasse",
                "DPIA vastgelegd",
                "Waarom"
            ]
        );
        let rows = expected["rows"].as_array().expect("rows");
        let needing: Vec<&Value> = rows
            .iter()
            .filter(|r| r["outcome"] == "required" || r["outcome"] == "recommended")
            .collect();
        assert_eq!(listed.len() - 1, needing.len());
        for r in &needing {
            let id = r["id"].as_str().expect("id");
            let line = listed
                .iter()
                .find(|l| l[0] == id)
                .unwrap_or_else(|| panic!("{id} is not listed"));
            let advice = if r["outcome"] == "required" {
                "DPIA verplicht"
            } else {
                "DPIA aanbevolen"
            };
            assert_eq!(line[2], advice, "{id}");
            let missing = r["flags"]
                .as_array()
                .is_some_and(|f| f.iter().any(|f| f == "dpia_missing"));
            assert_eq!(line[4], if missing { "nee" } else { "ja" }, "{id}");
            assert_eq!(
                line[5],
                r["outcome_reason"].as_str().expect("reason"),
                "{id}"
            );
        }
        let first_recommended = listed
            .iter()
            .position(|l| l[2] == "DPIA aanbevolen")
            .expect("a recommended one");
        assert!(listed[1..first_recommended]
            .iter()
            .all(|l| l[2] == "DPIA verplicht"));

        if let Some(dir) = std::env::var_os("DPIA_TRIAGE_SCREENSHOTS") {
            let png = client.screenshot().await.expect("screenshot");
            std::fs::write(Path::new(&dir).join("pagina.png"), png).expect("save screenshot");
        }

        // Download the annotated workbook: the outcomes `score` writes. The register is moved
        // away first: the download comes from the scoring the server kept, not from sending the
        // file again (which the browser could no longer read).
        let moved = sb.path().join("elders.xlsx");
        std::fs::rename(&sample, &moved).expect("move the register away");
        client
            .find(Locator::Css("section.file button[data-format=xlsx]"))
            .await
            .expect("button")
            .click()
            .await
            .expect("click");
        let file = downloaded(&downloads);
        std::fs::rename(&moved, &sample).expect("move the register back");
        assert_eq!(
            file.file_name().and_then(|n| n.to_str()),
            Some("verwerkingsregister.dpia.xlsx")
        );
        let got = Book::open(&file);
        let want = Book::open(&sb.file("cli.xlsx"));
        assert_eq!(got.names, want.names);
        let (g, w) = (got.sheet("Register"), want.sheet("Register"));
        // The sample's header row is its fourth; the activities follow it.
        let (head, data) = (3, 4..4 + rows.len());
        for header in [
            "Risicoscore",
            "Risicoklasse",
            "DPIA-advies",
            "Signalen",
            "Onderbouwing",
        ] {
            let (gc, wc) = (g.column_of(head, header), w.column_of(head, header));
            for row in data.clone() {
                assert_eq!(
                    shown(g.at(row, gc)),
                    shown(w.at(row, wc)),
                    "{header} row {row}"
                );
            }
        }
        let advice = g.column_of(head, "DPIA-advies");
        let required = data
            .filter(|r| shown(g.at(*r, advice)) == "DPIA verplicht")
            .count();
        assert_eq!(
            required.to_string(),
            s["by_outcome"]["required"].to_string()
        );

        // In English, a register picked with the file chooser, and a bad file's one-line error.
        client
            .find(Locator::Id("lang"))
            .await
            .expect("lang")
            .click()
            .await
            .expect("click");
        let zone = client.find(Locator::Css("#drop span")).await.expect("zone");
        assert!(zone
            .text()
            .await
            .expect("text")
            .starts_with("Drag registers here"));
        // The results already on the page follow the language too, reasons included: each as
        // `score --lang en` gives it.
        wait_for(&client, "section.file:nth-of-type(1)[data-done]").await;
        let figures = table(&client, "section.file:nth-of-type(1) table.figures").await;
        assert_eq!(figures[1][0], "DPIA required");
        let listed = table(&client, "section.file:nth-of-type(1) table.needing").await;
        assert_eq!(listed[0][2], "Advice");
        assert!(listed[1][2] == "DPIA required", "{:?}", listed[1]);
        let reasons = |doc: &Value| -> Vec<(String, String)> {
            doc["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .filter(|r| r["outcome"] == "required" || r["outcome"] == "recommended")
                .map(|r| {
                    (
                        r["id"].as_str().unwrap_or("").to_string(),
                        r["outcome_reason"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        };
        let shown_reasons = |listed: &[Vec<String>]| -> Vec<(String, String)> {
            let mut v: Vec<(String, String)> = listed[1..]
                .iter()
                .map(|l| (l[0].clone(), l[5].clone()))
                .collect();
            v.sort();
            v
        };
        let sorted = |mut v: Vec<(String, String)>| {
            v.sort();
            v
        };
        assert_eq!(shown_reasons(&listed), sorted(reasons(&expected_en)));
        let picker = client.find(Locator::Id("files")).await.expect("picker");
        picker
            .send_keys(&csv.display().to_string())
            .await
            .expect("pick");
        wait_for(&client, "section.file:nth-of-type(2)[data-done]").await;
        let figures = table(&client, "section.file:nth-of-type(2) table.figures").await;
        assert_eq!(figures[0], ["activities", "35"]);
        drop_file(&client, &bad).await;
        let error = wait_for(&client, "section.file:nth-of-type(3) .error").await;
        let line = error.text().await.expect("error text");
        assert!(
            line.starts_with("kapot.xlsx: no header row found"),
            "{line}"
        );
        // A previous workbook chosen, two registers dropped at once: it goes with the register
        // whose name it carries, and the other says it was not compared.
        client
            .find(Locator::Id("previous"))
            .await
            .expect("previous input")
            .send_keys(&previous.display().to_string())
            .await
            .expect("previous");
        // The page names the file chosen, in its own language.
        let chosen = client
            .find(Locator::Css(".chosen[data-for=previous]"))
            .await
            .expect("chosen");
        assert_eq!(
            chosen.text().await.expect("text"),
            "verwerkingsregister.dpia.xlsx"
        );
        drop_files(&client, &[&sample, &art30]).await;
        wait_for(&client, "section.file:nth-of-type(4)[data-done]").await;
        wait_for(&client, "section.file:nth-of-type(5)[data-done]").await;
        let mut notes = Vec::new();
        for n in [4, 5] {
            notes.push(
                client
                    .execute(
                        "return [...document.querySelectorAll(`section.file:nth-of-type(${arguments[0]}) .note`)].map((e) => e.textContent);",
                        vec![json!(n)],
                    )
                    .await
                    .expect("notes"),
            );
        }
        assert_eq!(
            notes,
            [
                json!(["compared with verwerkingsregister.dpia.xlsx"]),
                json!(["not compared with verwerkingsregister.dpia.xlsx: it belongs to another register (choose the previous workbook with one register at a time)"]),
            ]
        );

        // A register whose activities are all incomplete (a published art. 30 register of the
        // corpus) says so, and lists them with what decides them, instead of "none".
        let all_open = sb.copy_from_repo("tests/corpus/registers/en-gpdash.csv");
        drop_file(&client, &all_open).await;
        wait_for(&client, "section.file:nth-of-type(6)[data-done]").await;
        let needing = client
            .execute(
                "return document.querySelector('section.file:nth-of-type(6) h3 + p').textContent;",
                vec![],
            )
            .await
            .expect("needing line");
        assert!(
            needing
                .as_str()
                .is_some_and(|t| t.starts_with("cannot be told yet: ")),
            "{needing:?}"
        );
        let open = table(&client, "section.file:nth-of-type(6) table.incomplete").await;
        assert_eq!(open[0], ["ID", "Processing activity", "Signals", "Why"]);
        assert_eq!(open.len(), 11, "{open:?}");

        if let Some(dir) = std::env::var_os("DPIA_TRIAGE_SCREENSHOTS") {
            client
                .execute(
                    "document.querySelector('section.file:nth-of-type(3)').scrollIntoView({ block: 'end' });",
                    vec![],
                )
                .await
                .expect("scroll");
            let png = client.screenshot().await.expect("screenshot");
            std::fs::write(Path::new(&dir).join("pagina-en.png"), png).expect("save screenshot");
        }
        // And back to Dutch: the labels, the reasons and the bad file's line follow.
        client
            .find(Locator::Id("lang"))
            .await
            .expect("lang")
            .click()
            .await
            .expect("click");
        wait_for(&client, "section.file:nth-of-type(1)[data-done]").await;
        let listed = table(&client, "section.file:nth-of-type(1) table.needing").await;
        assert_eq!(listed[0][5], "Waarom");
        assert_eq!(shown_reasons(&listed), sorted(reasons(&expected)));
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let line = client
                .find(Locator::Css("section.file:nth-of-type(3) .error"))
                .await
                .ok();
            let text = match line {
                Some(e) => e.text().await.unwrap_or_default(),
                None => String::new(),
            };
            if text.starts_with("kapot.xlsx: geen koprij gevonden") {
                break;
            }
            assert!(Instant::now() < deadline, "the bad file's line: {text:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        // The page closes: the server removes the scorings it kept for it.
        client.goto("about:blank").await.expect("leave the page");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !leftovers(&tmp).is_empty() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        client.close().await.expect("close");
    });
    assert_eq!(leftovers(&tmp), Vec::<String>::new());
}

/// A file over the page's limit is refused by the page itself, before anything is sent.
#[test]
#[cfg_attr(
    not(tool_chromium),
    ignore = "needs Chromium and chromedriver (apt-get install chromium chromium-driver)"
)]
fn a_file_over_the_limit_is_refused_before_it_is_sent() {
    let (chromium, chromedriver) = chromium();
    let sb = Sandbox::new();
    let tmp = sb.path().join("tmp");
    std::fs::create_dir(&tmp).expect("tmp");
    let big = sb.write("groot.csv", &vec![b'x'; 2 * 1024 * 1024]);
    let server = Server::start(&tmp, &["--max-upload-mib", "1"]);
    let driver = Driver::start(&chromedriver);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let client = browser(&driver, &chromium, sb.path(), "en-GB").await;
        client
            .goto(&format!("http://{}/", server.addr))
            .await
            .expect("the page");
        drop_file(&client, &big).await;
        // An English browser, but the server was started with `--lang nl`: the page is Dutch.
        let error = wait_for(&client, "section.file .error").await;
        assert_eq!(
            error.text().await.expect("text"),
            "groot.csv: het bestand is groter dan 1 MiB (de grens van deze pagina, dpia-triage serve --max-upload-mib)"
        );
        // The page closes: the server removes the scorings it kept for it.
        client.goto("about:blank").await.expect("leave the page");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !leftovers(&tmp).is_empty() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        client.close().await.expect("close");
    });
    assert_eq!(leftovers(&tmp), Vec::<String>::new());
}
