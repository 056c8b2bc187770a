//! `dpia-triage serve`: the page for people who do not use a terminal (docs/output.md#the-page).
//! It listens on 127.0.0.1, serves one page compiled into the binary (no external scripts, fonts
//! or styles), and scores what the page uploads exactly as `score` scores a file, in the language
//! the request asks for, with the scoring threads shared by every request.
//!
//! Here: the server's state, its router (`app`) with the guards every request passes (this
//! computer's names, this page's own requests, strict headers), the connections, the page, the
//! template and rubric downloads and `/progress`. Beside it: `uploads` (a form's files to a
//! private directory, within limits), `scoring` (an upload's turn and options), `score`
//! (`POST /score`), `kept` (the page's scoring kept for its downloads and other language:
//! `/result`, `/forget`) and `download` (an answer streamed from disk).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use tokio::io::AsyncWriteExt;

use crate::cli::{OutputFormat, ServeArgs};
use crate::config::ScoreConfig;
use crate::lang::Lang;
use crate::messages as M;
use crate::output::json::JsonRows;

mod download;
mod kept;
mod score;
mod scoring;
mod uploads;

use download::{download, file_response};
use kept::{forget, result, Kept, KEEP};
use score::score;
use uploads::remove_stale_uploads;

/// The page, compiled in.
const PAGE: &str = include_str!("serve/page.html");

/// The activities needing a DPIA that the page lists per register (`format=page`); the figures
/// cover all of them.
const PAGE_ROWS: usize = 200;

struct Server {
    pool: rayon::ThreadPool,
    max_upload: u64,
    /// How long an upload may stand still (`--upload-timeout`).
    stall: std::time::Duration,
    /// How long an upload may take in all (`--upload-deadline`).
    deadline: std::time::Duration,
    /// Registers scored at the same time (`--at-once`); more wait their turn.
    slots: Arc<tokio::sync::Semaphore>,
    /// The uploads being scored or waiting, by the job name the page gave them, for as long as
    /// their request lasts.
    jobs: std::sync::Mutex<std::collections::HashMap<String, JobState>>,
    /// Listening on a loopback address only (the default).
    loopback: bool,
    /// The page's language when `--lang` is given; else the browser's.
    lang: Option<Lang>,
    /// The page's scorings, kept for their downloads and the other language, by their token.
    kept: std::sync::Mutex<std::collections::HashMap<String, Arc<Kept>>>,
}

/// Only this page may use the server: a request for another host name (a web page that
/// rebinds its own name to 127.0.0.1) or posted from another page (any site the user visits
/// can make the browser post to 127.0.0.1) is refused with 403.
async fn same_site(
    State(server): State<Arc<Server>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let headers = req.headers();
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let (host, origin) = (text(header::HOST), text(header::ORIGIN));
    // Refused in the language the request asks for (`lang=` of the page's requests), else the
    // browser's first, else the server's.
    let asked = req.uri().query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("lang="))
            .map(|l| lang_of(Some(l)))
    });
    let browser = text(header::ACCEPT_LANGUAGE);
    let lang =
        asked.unwrap_or_else(
            || match browser.split([',', ';', '-']).next().map(str::trim) {
                Some(l) if l.eq_ignore_ascii_case("nl") => Lang::Nl,
                Some(l) if !l.is_empty() => Lang::En,
                _ => server.lang.unwrap_or_else(Lang::from_env),
            },
        );
    if server.loopback && !is_loopback_host(&host) {
        return Refusal::new(StatusCode::FORBIDDEN, M::S_OTHER_HOST.with(lang, &[&host]))
            .into_response();
    }
    if !origin.is_empty() && origin != format!("http://{host}") {
        return Refusal::new(
            StatusCode::FORBIDDEN,
            M::S_OTHER_ORIGIN.with(lang, &[&origin]),
        )
        .into_response();
    }
    next.run(req).await
}

/// Every answer, refusals included, may not be framed, sniffed or followed elsewhere: the page
/// loads nothing from outside and posts only to this server, so its policy allows nothing else
/// (its script and style are inline; downloads are made from `blob:` links).
async fn strict_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
             connect-src 'self'; img-src 'self' data:; form-action 'none'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
    ] {
        headers.insert(name, header::HeaderValue::from_static(value));
    }
    response
}

/// `127.0.0.1:8484`, `localhost:8484`, `[::1]:8484`: a name for this computer.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What `/progress` tells of a job.
#[derive(Clone)]
struct JobState {
    /// The activities scored so far; a message once the output is being completed.
    bar: indicatif::ProgressBar,
    /// Waiting for a free slot.
    waiting: Arc<std::sync::atomic::AtomicBool>,
}

/// A job's counter, removed with its request.
struct Job {
    server: Arc<Server>,
    name: String,
}

impl Job {
    /// Register a waiting job under the page's job name (letters, digits and `-`, at most 64); a
    /// request without a usable name is scored without one.
    fn start(server: &Arc<Server>, name: Option<&str>) -> Option<(Job, JobState)> {
        let name = name.filter(|n| {
            !n.is_empty()
                && n.len() <= 64
                && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })?;
        let state = JobState {
            bar: indicatif::ProgressBar::hidden(),
            waiting: Arc::new(std::sync::atomic::AtomicBool::new(true)),
        };
        let mut jobs = server.jobs.lock().ok()?;
        // A name in use stays with its request.
        if jobs.contains_key(name) {
            return None;
        }
        jobs.insert(name.to_string(), state.clone());
        Some((
            Job {
                server: Arc::clone(server),
                name: name.to_string(),
            },
            state,
        ))
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        if let Ok(mut jobs) = self.server.jobs.lock() {
            jobs.remove(&self.name);
        }
    }
}

impl Server {
    /// The server's state from its options; `loopback` when it listens on this computer only.
    fn new(args: &ServeArgs, loopback: bool) -> Result<Server> {
        let lang = args.lang.unwrap_or_else(Lang::from_env);
        // Every request shares the scoring threads: uploads do not block each other beyond the
        // cores.
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("score-{i}"))
            .build()
            .context(M::THREADS.get(lang))?;
        let at_once = args.at_once.map_or_else(
            || {
                std::thread::available_parallelism()
                    .map_or(2, |n| n.get())
                    .max(2)
            },
            usize::from,
        );
        Ok(Server {
            pool,
            max_upload: args.max_upload_mib.saturating_mul(1024 * 1024),
            slots: Arc::new(tokio::sync::Semaphore::new(at_once)),
            stall: std::time::Duration::from_secs(args.upload_timeout),
            deadline: std::time::Duration::from_secs(args.upload_deadline),
            jobs: std::sync::Mutex::default(),
            loopback,
            lang: args.lang,
            kept: std::sync::Mutex::default(),
        })
    }
}

/// The page's routes, guarded: only this computer's names and this page's own requests
/// (`same_site`), every answer with the strict headers, a body limit that fits the uploads.
fn app(state: Arc<Server>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/template.xlsx", get(template))
        .route("/rubric.toml", get(rubric))
        .route("/score", post(score))
        .route("/result", get(result))
        .route("/forget", post(forget))
        .route("/progress", get(progress))
        // The form around the files may add a little; the files themselves are counted below.
        .layer(DefaultBodyLimit::max(
            usize::try_from(state.max_upload.saturating_mul(3).saturating_add(1 << 20))
                .unwrap_or(usize::MAX),
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            same_site,
        ))
        .layer(axum::middleware::map_response(strict_headers))
        .with_state(state)
}

/// Run the server until it is stopped (Ctrl-C).
pub fn serve(args: &ServeArgs) -> Result<u8> {
    // The messages of the server itself; each request's are in the language it asks for.
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context(M::S_NO_RUNTIME.get(lang))?;
    runtime.block_on(run(args))
}

async fn run(args: &ServeArgs) -> Result<u8> {
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    // 127.0.0.1 and `--port`, or what `--listen` says: an address, or a name and port
    // (`localhost:8484`).
    let listen = args
        .listen
        .clone()
        .unwrap_or_else(|| format!("127.0.0.1:{}", args.port));
    let addr: std::net::SocketAddr = match listen.parse() {
        Ok(addr) => addr,
        Err(_) => tokio::net::lookup_host(&listen)
            .await
            .ok()
            .and_then(|mut addrs| addrs.next())
            .with_context(|| M::S_NOT_ADDRESS.with(lang, &[&listen]))?,
    };
    if !addr.ip().is_loopback() {
        eprintln!("dpia-triage: {}", M::S_REACHABLE.get(lang));
    }
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        // Started a second time (a second double-click): the page is already there; open it.
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && is_our_page(addr).await => {
            let url = format!("http://{addr}/");
            eprintln!("dpia-triage: {}", M::S_ALREADY_RUNNING.with(lang, &[&url]));
            if !args.no_open {
                open_browser(&url);
            }
            return Ok(crate::cmd::exit::OK);
        }
        Err(e) => {
            return Err(anyhow::Error::new(e).context(M::S_CANNOT_LISTEN.with(lang, &[&listen])))
        }
    };
    // Left behind by a server that was killed: removed now.
    remove_stale_uploads();
    // Listening on every address (0.0.0.0, [::]): this computer opens it by its loopback one.
    let mut shown = listener.local_addr()?;
    if shown.ip().is_unspecified() {
        shown.set_ip(match shown.ip() {
            std::net::IpAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            std::net::IpAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    let url = format!("http://{shown}/");
    eprintln!("dpia-triage: {}", M::S_RUNNING.with(lang, &[&url]));
    if !args.no_open {
        open_browser(&url);
    }
    let state = Arc::new(Server::new(args, addr.ip().is_loopback())?);
    // Kept scorings go after `KEEP` unused (a download still being sent keeps its files).
    let sweeper = Arc::clone(&state);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            if let Ok(mut kept) = sweeper.kept.lock() {
                kept.retain(|_, k| k.used.lock().is_ok_and(|t| t.elapsed() < KEEP));
            }
        }
    });
    let app = app(state);
    accept(
        listener,
        app,
        std::time::Duration::from_secs(args.upload_timeout),
    )
    .await;
    Ok(crate::cmd::exit::OK)
}

/// Serve every connection on a task of its own, HTTP/1.1, until the process is stopped (Ctrl-C
/// or a signal ends it; see `main`). A request's head must arrive within `head` (the
/// `--upload-timeout`): a client that opens a connection and sends half a request line is
/// closed, not kept.
async fn accept(listener: tokio::net::TcpListener, app: Router, head: std::time::Duration) {
    let service = hyper_util::service::TowerToHyperService::new(app);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file handles, for one: wait a moment rather than spin.
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = service.clone();
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(head);
            // A connection that breaks is the client's business; nothing to report.
            let _ = http
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Whether `addr` answers with this tool's page (and not some other program's).
async fn is_our_page(addr: std::net::SocketAddr) -> bool {
    use tokio::io::AsyncReadExt;
    let ask = async {
        let mut s = tokio::net::TcpStream::connect(addr).await.ok()?;
        let host = if addr.ip().is_unspecified() {
            format!("127.0.0.1:{}", addr.port())
        } else {
            addr.to_string()
        };
        s.write_all(
            format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await
        .ok()?;
        let mut answer = Vec::new();
        s.take(1 << 16).read_to_end(&mut answer).await.ok()?;
        Some(String::from_utf8_lossy(&answer).contains("<title>dpia-triage</title>"))
    };
    tokio::time::timeout(std::time::Duration::from_secs(3), ask)
        .await
        .ok()
        .flatten()
        .unwrap_or(false)
}

/// Open the page in the user's browser (best effort).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let opened = std::process::Command::new(opener.0)
        .args(opener.1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    // Waited for, so that an opener that ends (found no browser, or handed the page to one)
    // does not stay behind as a zombie while the server runs.
    if let Ok(mut child) = opened {
        let _ = std::thread::Builder::new()
            .name("opener".into())
            .spawn(move || child.wait());
    }
}

/// The page's words in both languages, from the catalogue (`messages::PAGE`), as the object its
/// script looks them up in: `{"nl": {"intro": …}, "en": {…}}`, by the name without `PAGE_` in
/// lower case. `</` is escaped, so no text can end the script.
fn page_words() -> String {
    let (mut nl, mut en) = (serde_json::Map::new(), serde_json::Map::new());
    for (name, text) in M::PAGE {
        let key = name.trim_start_matches("PAGE_").to_lowercase();
        nl.insert(key.clone(), text.nl.into());
        en.insert(key, text.en.into());
    }
    serde_json::json!({ "nl": nl, "en": en })
        .to_string()
        .replace("</", "<\\/")
}

/// The page; with `--lang` it opens in that language, else in the browser's. It knows the upload
/// limit, so a file over it is refused before it is sent.
async fn page(State(server): State<Arc<Server>>) -> Response {
    let fixed = server.lang.map_or("", Lang::code);
    let page = PAGE
        .replacen(
            "const FIXED_LANG = \"\";",
            &format!("const FIXED_LANG = \"{fixed}\";"),
            1,
        )
        .replacen(
            "const MAX_UPLOAD = 0;",
            &format!("const MAX_UPLOAD = {};", server.max_upload),
            1,
        )
        .replacen("const T = {};", &format!("const T = {};", page_words()), 1);
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        page,
    )
        .into_response()
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

fn lang_of(q: Option<&str>) -> Lang {
    match q {
        Some("en") => Lang::En,
        _ => Lang::Nl,
    }
}

async fn template(Query(q): Query<LangQuery>) -> Response {
    let lang = lang_of(q.lang.as_deref());
    let made = tokio::task::spawn_blocking(move || -> Result<Vec<u8>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("sjabloon.xlsx");
        let rubric = crate::rubric::Rubric::default_rubric(lang)?;
        crate::output::template::write(&path, &rubric, lang)?;
        Ok(std::fs::read(&path)?)
    })
    .await;
    match made {
        Ok(Ok(bytes)) => file_response(bytes, XLSX, template_name(lang)),
        Ok(Err(e)) => Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            crate::cmd::one_line(&e, lang),
        )
        .into_response(),
        Err(e) => Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

fn template_name(lang: Lang) -> &'static str {
    M::TEMPLATE_FILE_NAME.get(lang)
}

async fn rubric() -> Response {
    file_response(
        crate::rubric::DEFAULT_RUBRIC.as_bytes().to_vec(),
        "application/toml; charset=utf-8",
        "rubric.toml",
    )
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[derive(Deserialize)]
struct ProgressQuery {
    job: Option<String>,
}

/// How far the scoring of an upload is: `{"waiting": false, "activities": 12500, "finishing":
/// false}` while its request lasts (`waiting` for a free slot), 404 before and after.
async fn progress(State(server): State<Arc<Server>>, Query(q): Query<ProgressQuery>) -> Response {
    let job = q.job.as_deref().and_then(|name| {
        server
            .jobs
            .lock()
            .ok()
            .and_then(|jobs| jobs.get(name).cloned())
    });
    match job {
        Some(JobState { bar, waiting }) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::json!({
                "waiting": waiting.load(std::sync::atomic::Ordering::Relaxed),
                "activities": bar.position(),
                // What the sheet declares, or the CSV's lines: about how many there are.
                "total": bar.length(),
                "finishing": !bar.message().is_empty(),
            })
            .to_string(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A request the page refuses, or could not answer: one line of text in the request's language
/// with its status (axum's `anyhow-error-response` example: an error that is a response).
struct Refusal {
    status: StatusCode,
    line: String,
}

impl Refusal {
    /// A refusal with its line, made in the request's language (whatever the server started
    /// with).
    fn new(status: StatusCode, line: String) -> Refusal {
        Refusal { status, line }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (
            self.status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            self.line,
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    /// The router in-process, as axum's `examples/testing` does it: one request, one answer,
    /// no socket. (request method, path, Host, Origin, expected status, the answer's start)
    #[tokio::test]
    async fn the_router_answers_the_page_and_refuses_what_is_not_its_own() {
        use axum::body::Body;
        use axum::http::Request;
        use clap::Parser;
        use tower::ServiceExt;

        let cli = crate::cli::Cli::parse_from(["dpia-triage", "serve", "--lang", "en"]);
        let crate::cli::Command::Serve(args) = cli.command else {
            panic!("serve");
        };
        let state = std::sync::Arc::new(super::Server::new(&args, true).expect("server"));
        let cases: [(&str, &str, &str, &str, u16, &str); 7] = [
            ("GET", "/", "127.0.0.1:8484", "", 200, "<!doctype html>"),
            ("GET", "/", "localhost:8484", "", 200, "<!doctype html>"),
            (
                "GET",
                "/",
                "evil.example",
                "",
                403,
                "a request for another name (evil.example)",
            ),
            (
                "POST",
                "/score",
                "127.0.0.1:8484",
                "https://evil.example",
                403,
                "a request from another page",
            ),
            (
                "GET",
                "/result?token=nooit&lang=en",
                "127.0.0.1:8484",
                "",
                410,
                "this result is no longer kept",
            ),
            ("GET", "/progress?job=nooit", "127.0.0.1:8484", "", 404, ""),
            ("GET", "/rubric.toml", "127.0.0.1:8484", "", 200, "# "),
        ];
        for (method, path, host, origin, status, start) in cases {
            let mut request = Request::builder()
                .method(method)
                .uri(path)
                .header("host", host);
            if !origin.is_empty() {
                request = request.header("origin", origin);
            }
            let answer = super::app(std::sync::Arc::clone(&state))
                .oneshot(request.body(Body::empty()).expect("request"))
                .await
                .expect("answer");
            assert_eq!(answer.status().as_u16(), status, "{method} {path} {host}");
            assert_eq!(
                answer.headers()["x-frame-options"],
                "DENY",
                "{method} {path} {host}"
            );
            let body = axum::body::to_bytes(answer.into_body(), 1 << 24)
                .await
                .expect("body");
            let text = String::from_utf8_lossy(&body);
            assert!(
                text.starts_with(start),
                "{method} {path} {host}: {text:.80}"
            );
        }
    }

    /// The page's script gets every word of the catalogue's `PAGE` in both languages, by the key
    /// it looks them up by, and no text can end the script early.
    #[test]
    fn the_page_gets_its_words_from_the_catalogue() {
        let words: serde_json::Value =
            serde_json::from_str(&super::page_words().replace("<\\/", "</")).expect("JSON");
        for (name, text) in crate::messages::PAGE {
            let key = name.trim_start_matches("PAGE_").to_lowercase();
            assert_eq!(words["nl"][&key], text.nl, "{name}");
            assert_eq!(words["en"][&key], text.en, "{name}");
        }
        assert_eq!(words["nl"]["none_yet"], crate::messages::PAGE_NONE_YET.nl);
        assert!(!super::page_words().contains("</"));
        assert!(
            !super::PAGE.contains("intro: \""),
            "the page holds no words of its own"
        );
    }
}
