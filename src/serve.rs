//! `dpia-triage serve`: the page for people who do not use a terminal (docs/output.md#the-page).
//! It listens on 127.0.0.1, serves one page compiled into the binary (no external scripts, fonts
//! or styles), and scores what the page uploads exactly as `score` scores a file: the upload is
//! streamed to a temporary directory with a size cap, scored on the blocking pool with the
//! scoring threads shared by every request, in the language the request asks for, and answered
//! from disk; the directory goes with the answer's last byte. Nothing is kept.
//!
//! `POST /score?format=json|xlsx|csv|page&lang=nl|en&job=NAME` takes a multipart form with `register`
//! (a file) and optionally `rubric` and `previous`; it answers with the output file, or with
//! status 422 and the one-line error the command line would give, or 413 when an upload is too
//! large. `GET /progress?job=NAME` tells how many activities of that request are scored so far.

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

/// How long a page's scoring is kept after it was last asked for; the page also says when it
/// closes.
const KEEP: std::time::Duration = std::time::Duration::from_secs(600);

/// The header that names a page's kept scoring.
const RESULT_HEADER: &str = "x-dpia-result";

/// A page's upload and what was made of it, kept so that a download or a switch of language
/// does not upload or score again: per language, every output of one scoring, or the line
/// that refused the register.
struct Kept {
    up: Uploads,
    made: tokio::sync::Mutex<std::collections::HashMap<Lang, Result<Vec<Made>, String>>>,
    used: std::sync::Mutex<std::time::Instant>,
}

/// One output of a kept scoring: its format word (`page`, `xlsx`, `json`, `csv`), where it is
/// and its file name for the download.
#[derive(Clone)]
struct Made {
    format: &'static str,
    path: PathBuf,
    name: String,
}

/// 128 random bits in hex: the token of a kept scoring (another user of this computer cannot
/// guess it to download someone's results).
fn new_token() -> Option<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
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
                _ => server.lang.unwrap_or_else(M::language),
            },
        );
    if server.loopback && !is_loopback_host(&host) {
        return Refusal::new(StatusCode::FORBIDDEN, lang, || {
            M::S_OTHER_HOST.with(&[&host])
        })
        .into_response();
    }
    if !origin.is_empty() && origin != format!("http://{host}") {
        return Refusal::new(StatusCode::FORBIDDEN, lang, || {
            M::S_OTHER_ORIGIN.with(&[&origin])
        })
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
        // Every request shares the scoring threads: uploads do not block each other beyond the
        // cores.
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("score-{i}"))
            .build()
            .context(M::THREADS.get())?;
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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context(M::S_NO_RUNTIME.get())?;
    runtime.block_on(run(args))
}

async fn run(args: &ServeArgs) -> Result<u8> {
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
            .with_context(|| M::S_NOT_ADDRESS.with(&[&listen]))?,
    };
    if !addr.ip().is_loopback() {
        eprintln!(
            "dpia-triage: {}",
            M::language().word(
                "let op: de pagina is zo ook vanaf andere computers te bereiken",
                "warning: the page can be reached from other computers this way"
            )
        );
    }
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        // Started a second time (a second double-click): the page is already there; open it.
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && is_our_page(addr).await => {
            let url = format!("http://{addr}/");
            eprintln!(
                "dpia-triage: {} {url}",
                M::language().word("de pagina draait al op", "the page is already running at")
            );
            if !args.no_open {
                open_browser(&url);
            }
            return Ok(crate::app::exit::OK);
        }
        Err(e) => return Err(anyhow::Error::new(e).context(M::S_CANNOT_LISTEN.with(&[&listen]))),
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
    eprintln!(
        "dpia-triage: {} {url} ({})",
        M::language().word("de pagina staat op", "the page is at"),
        M::language().word("Ctrl-C stopt", "Ctrl-C stops")
    );
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
    Ok(crate::app::exit::OK)
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

/// The page; with `--lang` it opens in that language, else in the browser's. It knows the upload
/// limit, so a file over it is refused before it is sent.
async fn page(State(server): State<Arc<Server>>) -> Response {
    let fixed = server.lang.map_or("", |l| l.word("nl", "en"));
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
        );
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
        let rubric = crate::rubric::Rubric::default_rubric()?;
        crate::output::template::write(&path, &rubric, lang)?;
        Ok(std::fs::read(&path)?)
    })
    .await;
    match made {
        Ok(Ok(bytes)) => file_response(bytes, XLSX, template_name(lang)),
        Ok(Err(e)) => Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, lang, || {
            crate::app::one_line(&e)
        })
        .into_response(),
        Err(e) => {
            Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, lang, || e.to_string()).into_response()
        }
    }
}

fn template_name(lang: Lang) -> &'static str {
    lang.word("verwerkingsregister.xlsx", "processing-register.en.xlsx")
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
struct ScoreQuery {
    format: Option<String>,
    lang: Option<String>,
    /// The page's name for this upload, to ask `/progress` about it.
    job: Option<String>,
}

#[derive(Deserialize)]
struct ResultQuery {
    token: Option<String>,
    format: Option<String>,
    lang: Option<String>,
    job: Option<String>,
}

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

/// A file as a download.
fn file_response(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    download(Body::from(bytes), None, content_type, name)
}

/// A download's response: its body, length when known, type and file name.
fn download(body: Body, length: Option<u64>, content_type: &'static str, name: &str) -> Response {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut response = (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                // The name in ASCII for old clients, and as it is (RFC 6266) for the rest.
                format!(
                    "attachment; filename=\"{safe}\"; filename*=UTF-8''{}",
                    percent_encode(name)
                ),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response();
    if let Some(length) = length {
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, header::HeaderValue::from(length));
    }
    response
}

/// The output of a request as the response's body, read from disk as the client takes it (an
/// annotated workbook of a large register can be hundreds of MB; it is not held in memory). The
/// request's directory goes as soon as the last byte is read, or when the client hangs up.
async fn output_body<G: Send + 'static>(path: &Path, up: G) -> std::io::Result<(Body, u64)> {
    use tokio::io::AsyncReadExt;
    const CHUNK: u64 = 256 * 1024;
    let file = tokio::fs::File::open(path).await?;
    let length = file.metadata().await?.len();
    // The file is closed before the directory is removed (a platform may refuse otherwise).
    struct Left<G> {
        file: Option<tokio::fs::File>,
        up: Option<G>,
        left: u64,
    }
    let state = Left {
        file: Some(file),
        up: Some(up),
        left: length,
    };
    let stream = futures_util::stream::unfold(state, |mut st| async move {
        let file = st.file.as_mut()?;
        let mut buf = vec![0u8; usize::try_from(st.left.min(CHUNK)).unwrap_or(64 * 1024)];
        let read = file.read(&mut buf).await;
        match read {
            Ok(0) if !buf.is_empty() => {
                // Shorter than it was: end here; the client sees the body cut short.
                let err = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
                st.file = None;
                st.up = None;
                Some((Err(err), st))
            }
            Ok(n) => {
                buf.truncate(n);
                st.left = st.left.saturating_sub(n as u64);
                if st.left == 0 {
                    st.file = None;
                    st.up = None;
                }
                Some((Ok(axum::body::Bytes::from(buf)), st))
            }
            Err(e) => {
                st.file = None;
                st.up = None;
                Some((Err(e), st))
            }
        }
    });
    Ok((Body::from_stream(stream), length))
}

/// `name` percent-encoded for a header (RFC 8187): every byte but letters, digits and `-._~`.
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A file name as an upload gave it, made safe to use inside the request's own directory: its
/// last component only, no control characters, at most 200 bytes (the extension kept).
fn safe_name(given: Option<&str>, fallback: &str) -> String {
    /// File systems allow 255 bytes; the outputs add `.dpia` and an extension.
    const MAX_BYTES: usize = 200;
    let name = given
        .and_then(|n| n.rsplit(['/', '\\']).next())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>();
    let name = name.trim().trim_start_matches('.').to_string();
    if name.is_empty() {
        return fallback.to_string();
    }
    if name.len() <= MAX_BYTES {
        return name;
    }
    // Too long: shorten the stem, keep the extension (it says what the file is).
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 8 => (stem, format!(".{ext}")),
        _ => (name.as_str(), String::new()),
    };
    let mut short = String::new();
    for c in stem.chars() {
        if short.len() + c.len_utf8() + ext.len() > MAX_BYTES {
            break;
        }
        short.push(c);
    }
    short + &ext
}

/// An error line without the request's temporary directory: the user sees their own file names.
fn hide_dir(line: &str, dir: &Path) -> String {
    let mut out = line.to_string();
    for sub in ["in", "rubric", "vorige", "uit"] {
        let prefix = format!("{}{}", dir.join(sub).display(), std::path::MAIN_SEPARATOR);
        out = out.replace(&prefix, "");
    }
    out
}

/// The uploads of one request, in a directory of its own that goes with the request.
struct Uploads {
    dir: tempfile::TempDir,
    register: Option<PathBuf>,
    rubric: Option<PathBuf>,
    previous: Option<PathBuf>,
}

enum UploadError {
    TooLarge,
    /// An upload that stopped arriving.
    Stalled,
    /// An upload that took longer than the deadline in all.
    TooSlow,
    /// A field sent twice.
    Twice(String),
    /// Not a form the page sends (the parser's words).
    NotForm(String),
    /// The request's directory could not be written.
    Io(anyhow::Error),
}

/// A multipart error: too large is the page's limit, the rest a bad request.
fn multipart_error(e: &axum::extract::multipart::MultipartError) -> UploadError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        UploadError::TooLarge
    } else {
        UploadError::NotForm(e.body_text())
    }
}

/// Wait for the next part of an upload, at most `stall` (`--upload-timeout`).
async fn within<T>(
    stall: std::time::Duration,
    next: impl std::future::Future<Output = Result<T, axum::extract::multipart::MultipartError>>,
) -> Result<T, UploadError> {
    match tokio::time::timeout(stall, next).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(multipart_error(&e)),
        Err(_) => Err(UploadError::Stalled),
    }
}

/// The start of an upload directory's name: the program's, and the process that made it, so that
/// a server started after one that was killed can tell what is left behind.
fn upload_prefix() -> String {
    format!("{UPLOAD_DIR}{}-", std::process::id())
}

/// The start of every upload directory's name in the temporary directory.
const UPLOAD_DIR: &str = "dpia-triage-upload-";

/// Remove what a server that is no longer running left in the temporary directory (it was
/// killed, or the computer went down): upload directories whose process is gone, or, where that
/// cannot be told, that were not touched for a day.
fn remove_stale_uploads() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    let proc = Path::new("/proc/self").exists();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(UPLOAD_DIR) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let gone = match pid {
            Some(pid) if pid == std::process::id() => false,
            Some(pid) if proc => !Path::new(&format!("/proc/{pid}")).exists(),
            _ => entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(86_400)),
        };
        if gone && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Stream the form's files to a directory of the request's own: `register`, and optionally
/// `rubric` and `previous`, each once (a form with more gets a clear refusal, not a pile of
/// files); other fields are skipped unread.
async fn receive(
    mut form: Multipart,
    max: u64,
    stall: std::time::Duration,
) -> Result<Uploads, UploadError> {
    let dir = tempfile::Builder::new()
        .prefix(&upload_prefix())
        .tempdir()
        .map_err(|e| UploadError::Io(e.into()))?;
    // Stopped with Ctrl-C or a signal, the server removes it too.
    crate::output::register_temp_dir(dir.path());
    let mut up = Uploads {
        dir,
        register: None,
        rubric: None,
        previous: None,
    };
    while let Some(mut field) = within(stall, form.next_field()).await? {
        let role = field.name().unwrap_or("").to_string();
        let (sub, fallback, taken) = match role.as_str() {
            "register" => ("in", "register.xlsx", up.register.is_some()),
            "rubric" => ("rubric", "rubric.toml", up.rubric.is_some()),
            "previous" => ("vorige", "vorige.dpia.xlsx", up.previous.is_some()),
            _ => continue,
        };
        if taken {
            return Err(UploadError::Twice(role));
        }
        let name = safe_name(field.file_name(), fallback);
        let folder = up.dir.path().join(sub);
        std::fs::create_dir_all(&folder).map_err(|e| UploadError::Io(e.into()))?;
        let path = folder.join(name);
        let mut file = tokio::fs::File::create(&path)
            .await
            .map_err(|e| UploadError::Io(e.into()))?;
        let mut size = 0u64;
        while let Some(chunk) = within(stall, field.chunk()).await? {
            size += chunk.len() as u64;
            if size > max {
                return Err(UploadError::TooLarge);
            }
            file.write_all(&chunk)
                .await
                .map_err(|e| UploadError::Io(e.into()))?;
        }
        file.flush().await.map_err(|e| UploadError::Io(e.into()))?;
        match role.as_str() {
            "register" => up.register = Some(path),
            "rubric" => up.rubric = Some(path),
            _ => up.previous = Some(path),
        }
    }
    Ok(up)
}

/// Set when the request's future is dropped: the browser went away (or the answer is made), so
/// a run still scoring for it stops.
struct CancelOnDrop(Arc<std::sync::atomic::AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A request the page refuses, or could not answer: one line of text in the request's language
/// with its status (axum's `anyhow-error-response` example: an error that is a response).
struct Refusal {
    status: StatusCode,
    line: String,
}

impl Refusal {
    /// The line is made in `lang`, whatever the server started with.
    fn new(status: StatusCode, lang: Lang, line: impl FnOnce() -> String) -> Refusal {
        Refusal {
            status,
            line: M::in_language(lang, line),
        }
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

async fn score(
    State(server): State<Arc<Server>>,
    Query(q): Query<ScoreQuery>,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, Refusal> {
    // The request's messages are in the page's language, whatever the server started with.
    let lang = lang_of(q.lang.as_deref());
    let (format, rows) = match q.format.as_deref() {
        Some("xlsx") => (OutputFormat::Xlsx, JsonRows::All),
        Some("csv") => (OutputFormat::Csv, JsonRows::All),
        // What the page shows: the summary and the first activities that need a DPIA.
        Some("page") => (OutputFormat::Json, JsonRows::Needing(PAGE_ROWS)),
        Some("json") | None => (OutputFormat::Json, JsonRows::All),
        Some(other) => {
            let other = other.to_string();
            return Err(Refusal::new(StatusCode::BAD_REQUEST, lang, || {
                M::S_BAD_FORMAT.with(&[&other])
            }));
        }
    };
    let form = match form {
        Ok(form) => form,
        Err(e) => {
            return Err(Refusal::new(StatusCode::BAD_REQUEST, lang, || {
                M::S_NOT_FORM.with(&[&e.body_text()])
            }))
        }
    };
    // Set when this future is dropped: a browser that goes away stops its run.
    let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let _cancel_on_drop = CancelOnDrop(Arc::clone(&cancel));
    let received = match tokio::time::timeout(
        server.deadline,
        receive(form, server.max_upload, server.stall),
    )
    .await
    {
        Ok(received) => received,
        // What had come is removed with the future's directory.
        Err(_) => Err(UploadError::TooSlow),
    };
    let up = match received {
        Ok(up) => up,
        Err(UploadError::TooLarge) => {
            let mib = server.max_upload / (1024 * 1024);
            return Err(Refusal::new(StatusCode::PAYLOAD_TOO_LARGE, lang, || {
                M::S_TOO_LARGE.with(&[&mib])
            }));
        }
        Err(UploadError::Stalled) => {
            let secs = server.stall.as_secs();
            return Err(Refusal::new(StatusCode::REQUEST_TIMEOUT, lang, || {
                M::S_STALLED.with(&[&secs])
            }));
        }
        Err(UploadError::TooSlow) => {
            let secs = server.deadline.as_secs();
            return Err(Refusal::new(StatusCode::REQUEST_TIMEOUT, lang, || {
                M::S_TOO_SLOW.with(&[&secs])
            }));
        }
        Err(UploadError::Twice(role)) => {
            return Err(Refusal::new(StatusCode::BAD_REQUEST, lang, || {
                M::S_TWICE.with(&[&role])
            }))
        }
        Err(UploadError::NotForm(why)) => {
            return Err(Refusal::new(StatusCode::BAD_REQUEST, lang, || {
                M::S_NOT_FORM.with(&[&why])
            }))
        }
        Err(UploadError::Io(e)) => {
            return Err(Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                lang,
                || crate::app::one_line(&e),
            ))
        }
    };
    let Some(register) = up.register.clone() else {
        return Err(Refusal::new(StatusCode::BAD_REQUEST, lang, || {
            M::S_NO_REGISTER.get().to_string()
        }));
    };
    // The page's scoring is kept, every format at once, for its downloads and the other
    // language: one upload, one scoring.
    if q.format.as_deref() == Some("page") {
        let Some(token) = new_token() else {
            return Err(Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                lang,
                || M::S_NO_RANDOM.get().to_string(),
            ));
        };
        let kept = Arc::new(Kept {
            up,
            made: tokio::sync::Mutex::default(),
            used: std::sync::Mutex::new(std::time::Instant::now()),
        });
        if let Ok(mut all) = server.kept.lock() {
            all.insert(token.clone(), Arc::clone(&kept));
        }
        return answer(
            &server,
            kept,
            &token,
            "page",
            lang,
            q.job.as_deref(),
            cancel,
        )
        .await;
    }
    let Some((job, slot)) = turn(&server, q.job.as_deref()).await else {
        return Err(Refusal::new(StatusCode::SERVICE_UNAVAILABLE, lang, || {
            M::S_STOPPING.get().to_string()
        }));
    };
    let server = Arc::clone(&server);
    let dir = up.dir.path().to_path_buf();
    let done = tokio::task::spawn_blocking(move || {
        let bar = job.as_ref().map(|(_, state)| state.bar.clone());
        let result = crate::messages::in_language(lang, || {
            score_upload(&server, &up, &register, (format, rows), lang, (bar, cancel))
        });
        drop(slot);
        drop(job);
        // On an error the uploads go now; the output goes with its response.
        result.map(|(path, name)| (path, name, up))
    })
    .await;
    match done {
        Ok(Ok((path, name, up))) => match output_body(&path, up).await {
            Ok((body, length)) => Ok(download(body, Some(length), content_type(&name), &name)),
            Err(e) => Err(Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                lang,
                || e.to_string(),
            )),
        },
        // The command line's line, with the user's file names for the temporary ones.
        Ok(Err(e)) => Err(Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, lang, || {
            hide_dir(&crate::app::one_line(&e), &dir)
        })),
        Err(e) => Err(Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            || e.to_string(),
        )),
    }
}

/// A download's type, told by its file name as the tool makes it.
fn content_type(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".xlsm") {
        "application/vnd.ms-excel.sheet.macroEnabled.12"
    } else if lower.ends_with(".xlsx") {
        XLSX
    } else if lower.ends_with(".csv") {
        "text/csv; charset=utf-8"
    } else {
        "application/json"
    }
}

/// `/result?token=…&format=…&lang=…`: an output of a kept scoring, made in that language if it
/// was not yet (scored again from the kept upload, not uploaded again).
async fn result(
    State(server): State<Arc<Server>>,
    Query(q): Query<ResultQuery>,
) -> Result<Response, Refusal> {
    let lang = lang_of(q.lang.as_deref());
    let format = match q.format.as_deref() {
        Some("page") => "page",
        Some("xlsx") => "xlsx",
        Some("csv") => "csv",
        Some("json") | None => "json",
        Some(other) => {
            let other = other.to_string();
            return Err(Refusal::new(StatusCode::BAD_REQUEST, lang, || {
                M::S_BAD_FORMAT.with(&[&other])
            }));
        }
    };
    let token = q.token.unwrap_or_default();
    let kept = server
        .kept
        .lock()
        .ok()
        .and_then(|all| all.get(&token).cloned());
    let Some(kept) = kept else {
        return Err(Refusal::new(StatusCode::GONE, lang, || {
            M::S_GONE.get().to_string()
        }));
    };
    let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let _cancel_on_drop = CancelOnDrop(Arc::clone(&cancel));
    answer(
        &server,
        kept,
        &token,
        format,
        lang,
        q.job.as_deref(),
        cancel,
    )
    .await
}

/// `/forget?token=…`: the page closes; its kept scoring goes now.
async fn forget(State(server): State<Arc<Server>>, Query(q): Query<ResultQuery>) -> StatusCode {
    if let (Some(token), Ok(mut all)) = (q.token, server.kept.lock()) {
        all.remove(&token);
    }
    StatusCode::NO_CONTENT
}

/// Answer with one output of a kept scoring in `lang`, scoring it once in that language first
/// if need be (a second request for the same waits for the first). The response names the
/// scoring in its `x-dpia-result` header.
async fn answer(
    server: &Arc<Server>,
    kept: Arc<Kept>,
    token: &str,
    format: &'static str,
    lang: Lang,
    job: Option<&str>,
    cancel: Arc<std::sync::atomic::AtomicBool>,
) -> Result<Response, Refusal> {
    let mut made = kept.made.lock().await;
    if let std::collections::hash_map::Entry::Vacant(entry) = made.entry(lang) {
        let Some((job, slot)) = turn(server, job).await else {
            return Err(Refusal::new(StatusCode::SERVICE_UNAVAILABLE, lang, || {
                M::S_STOPPING.get().to_string()
            }));
        };
        let (srv, k, stop) = (Arc::clone(server), Arc::clone(&kept), Arc::clone(&cancel));
        let done = tokio::task::spawn_blocking(move || {
            let bar = job.as_ref().map(|(_, state)| state.bar.clone());
            let result = crate::messages::in_language(lang, || {
                score_kept(&srv, &k.up, lang, (bar, stop))
                    .map_err(|e| hide_dir(&crate::app::one_line(&e), k.up.dir.path()))
            });
            drop(slot);
            drop(job);
            result
        })
        .await;
        match done {
            // A run the browser stopped is not kept: the next request scores again.
            Ok(_) if cancel.load(std::sync::atomic::Ordering::Relaxed) => {
                return Err(Refusal::new(StatusCode::SERVICE_UNAVAILABLE, lang, || {
                    M::S_STOPPING.get().to_string()
                }));
            }
            Ok(result) => {
                entry.insert(result);
            }
            Err(e) => {
                return Err(Refusal::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    lang,
                    || e.to_string(),
                ))
            }
        }
    }
    let entry = made.get(&lang).cloned();
    drop(made);
    if let Ok(mut used) = kept.used.lock() {
        *used = std::time::Instant::now();
    }
    let answered = match entry {
        Some(Ok(list)) => match list.into_iter().find(|m| m.format == format) {
            Some(m) => match output_body(&m.path, Arc::clone(&kept)).await {
                Ok((body, length)) => {
                    Ok(download(body, Some(length), content_type(&m.name), &m.name))
                }
                Err(e) => Err(Refusal::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    lang,
                    || e.to_string(),
                )),
            },
            None => Err(Refusal::new(StatusCode::BAD_REQUEST, lang, || {
                M::S_BAD_FORMAT.with(&[&format])
            })),
        },
        Some(Err(line)) => Err(Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, lang, || {
            line
        })),
        None => Err(Refusal::new(StatusCode::GONE, lang, || {
            M::S_GONE.get().to_string()
        })),
    };
    // Named also when refused: the page asks the kept scoring again in the other language.
    let mut response = answered.into_response();
    if let Ok(value) = header::HeaderValue::from_str(token) {
        response.headers_mut().insert(RESULT_HEADER, value);
    }
    Ok(response)
}

/// Score a kept upload in `lang`, once for every output: what the page shows, the annotated
/// workbook, the JSON and the CSV, each in the request's directory under `uit-<lang>/`.
fn score_kept(
    server: &Server,
    up: &Uploads,
    lang: Lang,
    (progress, cancel): (
        Option<indicatif::ProgressBar>,
        Arc<std::sync::atomic::AtomicBool>,
    ),
) -> Result<Vec<Made>> {
    let register = up
        .register
        .clone()
        .with_context(|| M::S_NO_REGISTER.get().to_string())?;
    let out_dir = up.dir.path().join(lang.word("uit-nl", "uit-en"));
    std::fs::create_dir_all(&out_dir)?;
    let made = |format: &'static str, kind: Option<OutputFormat>| {
        let name = kind.map_or_else(
            || "pagina.json".to_string(),
            |k| {
                crate::config::default_output(&register, k)
                    .file_name()
                    .map_or_else(
                        || "uitvoer".to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    )
            },
        );
        Made {
            format,
            path: out_dir.join(&name),
            name,
        }
    };
    let page = made("page", None);
    let rest = [
        (made("xlsx", Some(OutputFormat::Xlsx)), OutputFormat::Xlsx),
        (made("json", Some(OutputFormat::Json)), OutputFormat::Json),
        (made("csv", Some(OutputFormat::Csv)), OutputFormat::Csv),
    ];
    let mut cfg = upload_config(up, &register, &page.path, OutputFormat::Json, lang)?;
    cfg.also = rest
        .iter()
        .map(|(m, f)| (*f, m.path.clone(), JsonRows::All))
        .collect();
    cfg.progress = progress;
    cfg.json_rows = JsonRows::Needing(PAGE_ROWS);
    cfg.cancel = Some(cancel);
    crate::app::score_one(&register, Some(page.path.clone()), &cfg, &server.pool)?;
    let mut all = vec![page];
    all.extend(rest.into_iter().map(|(m, _)| m));
    Ok(all)
}

/// A request's turn to score: its job registered under the page's name (so `/progress` can tell
/// how far it is), then a free slot, waited for: memory stays bounded however many upload at
/// once. `None` when the server is stopping.
async fn turn(
    server: &Arc<Server>,
    name: Option<&str>,
) -> Option<(Option<(Job, JobState)>, tokio::sync::OwnedSemaphorePermit)> {
    let job = Job::start(server, name);
    let slot = Arc::clone(&server.slots).acquire_owned().await.ok()?;
    if let Some((_, state)) = &job {
        state
            .waiting
            .store(false, std::sync::atomic::Ordering::Relaxed);
    }
    Some((job, slot))
}

/// Score an upload as `score` scores a file; returns the output's path and its name.
fn score_upload(
    server: &Server,
    up: &Uploads,
    register: &Path,
    (format, rows): (OutputFormat, JsonRows),
    lang: Lang,
    (progress, cancel): (
        Option<indicatif::ProgressBar>,
        Arc<std::sync::atomic::AtomicBool>,
    ),
) -> Result<(PathBuf, String)> {
    let out_dir = up.dir.path().join("uit");
    std::fs::create_dir_all(&out_dir)?;
    let default = crate::config::default_output(register, format);
    let name = default
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "uitvoer".to_string());
    let output = out_dir.join(&name);
    let mut cfg = upload_config(up, register, &output, format, lang)?;
    cfg.progress = progress;
    cfg.json_rows = rows;
    cfg.cancel = Some(cancel);
    crate::app::score_one(register, Some(output.clone()), &cfg, &server.pool)?;
    Ok((output, name))
}

/// The command line's configuration for an upload, as `score` would read it: the upload's
/// rubric and earlier workbook, the page's language, no progress on the terminal.
fn upload_config(
    up: &Uploads,
    register: &Path,
    output: &Path,
    format: OutputFormat,
    lang: Lang,
) -> Result<ScoreConfig> {
    // The options as values: nothing the user named travels through a command line.
    let mut args = crate::cli::ScoreArgs::defaults(register.to_path_buf())
        .map_err(|e| anyhow::anyhow!(e.to_string().trim().to_string()))?;
    args.output = Some(output.to_path_buf());
    args.format = format;
    args.lang = lang;
    args.quiet = true;
    args.read.rubric = up.rubric.clone();
    let mut cfg = ScoreConfig::from_args(&args)?;
    cfg.shown_as = register.file_name().map(PathBuf::from);
    // The earlier workbook is named in the outputs' findings: by the user's file name.
    if let Some(p) = &up.previous {
        let shown = p.file_name().map_or_else(|| p.clone(), PathBuf::from);
        let spill = output.parent().unwrap_or(up.dir.path());
        cfg.previous = Some(crate::config::load_previous(p, &shown, &cfg.read, spill)?);
    }
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::safe_name;

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

    /// (given name, safe name)
    #[test]
    fn upload_names_stay_inside_their_directory() {
        let cases = [
            (Some("register.xlsx"), "register.xlsx"),
            (Some("../../etc/passwd"), "passwd"),
            (Some("C:\\Users\\x\\reg.csv"), "reg.csv"),
            (Some(".verborgen"), "verborgen"),
            (Some(""), "fallback.xlsx"),
            (None, "fallback.xlsx"),
            (Some("a\u{0}b.xlsx"), "ab.xlsx"),
        ];
        for (given, expected) in cases {
            assert_eq!(safe_name(given, "fallback.xlsx"), expected, "{given:?}");
        }
        // Too long for a file system: the stem is shortened to 200 bytes in all, whole
        // characters only, and the extension stays.
        let long = format!("{}.xlsx", "ø".repeat(150));
        let short = safe_name(Some(&long), "fallback.xlsx");
        assert_eq!(short, format!("{}.xlsx", "ø".repeat(97)));
        assert!(short.len() <= 200);
        let plain = "a".repeat(250);
        assert_eq!(safe_name(Some(&plain), "fallback.xlsx"), "a".repeat(200));
    }
}
