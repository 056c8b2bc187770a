//! A page's scoring kept for its downloads and its other language (`/result`, `/forget`): one
//! upload, one scoring per language, removed when the page closes or after `KEEP` unused.

use super::download::{content_type, output_body};
use super::scoring::{turn, upload_config};
use super::uploads::{hide_dir, CancelOnDrop, Uploads};
use super::*;

/// How long a page's scoring is kept after it was last asked for; the page also says when it
/// closes.
pub(super) const KEEP: std::time::Duration = std::time::Duration::from_secs(600);

/// The header that names a page's kept scoring.
pub(super) const RESULT_HEADER: &str = "x-dpia-result";

/// A page's upload and what was made of it, kept so that a download or a switch of language
/// does not upload or score again: per language, every output of one scoring, or the line
/// that refused the register.
pub(super) struct Kept {
    pub(super) up: Uploads,
    pub(super) made: tokio::sync::Mutex<std::collections::HashMap<Lang, Result<Vec<Made>, String>>>,
    pub(super) used: std::sync::Mutex<std::time::Instant>,
}

/// One output of a kept scoring: its format word (`page`, `xlsx`, `json`, `csv`), where it is
/// and its file name for the download.
#[derive(Clone)]
pub(super) struct Made {
    pub(super) format: &'static str,
    pub(super) path: PathBuf,
    pub(super) name: String,
}

/// 128 random bits in hex: the token of a kept scoring (another user of this computer cannot
/// guess it to download someone's results).
pub(super) fn new_token() -> Option<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[derive(Deserialize)]
pub(super) struct ResultQuery {
    pub(super) token: Option<String>,
    pub(super) format: Option<String>,
    pub(super) lang: Option<String>,
    pub(super) job: Option<String>,
}

/// `/result?token=…&format=…&lang=…`: an output of a kept scoring, made in that language if it
/// was not yet (scored again from the kept upload, not uploaded again).
pub(super) async fn result(
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
            return Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                M::S_BAD_FORMAT.with(lang, &[&other]),
            ));
        }
    };
    let token = q.token.unwrap_or_default();
    let kept = server
        .kept
        .lock()
        .ok()
        .and_then(|all| all.get(&token).cloned());
    let Some(kept) = kept else {
        return Err(Refusal::new(
            StatusCode::GONE,
            M::S_GONE.get(lang).to_string(),
        ));
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
pub(super) async fn forget(
    State(server): State<Arc<Server>>,
    Query(q): Query<ResultQuery>,
) -> StatusCode {
    if let (Some(token), Ok(mut all)) = (q.token, server.kept.lock()) {
        all.remove(&token);
    }
    StatusCode::NO_CONTENT
}

/// Answer with one output of a kept scoring in `lang`, scoring it once in that language first
/// if need be (a second request for the same waits for the first). The response names the
/// scoring in its `x-dpia-result` header.
pub(super) async fn answer(
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
            return Err(Refusal::new(
                StatusCode::SERVICE_UNAVAILABLE,
                M::S_STOPPING.get(lang).to_string(),
            ));
        };
        let (srv, k, stop) = (Arc::clone(server), Arc::clone(&kept), Arc::clone(&cancel));
        let done = tokio::task::spawn_blocking(move || {
            let bar = job.as_ref().map(|(_, state)| state.bar.clone());
            let result = score_kept(&srv, &k.up, lang, (bar, stop))
                .map_err(|e| hide_dir(&crate::cmd::one_line(&e, lang), k.up.dir.path()));
            drop(slot);
            drop(job);
            result
        })
        .await;
        match done {
            // A run the browser stopped is not kept: the next request scores again.
            Ok(_) if cancel.load(std::sync::atomic::Ordering::Relaxed) => {
                return Err(Refusal::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    M::S_STOPPING.get(lang).to_string(),
                ));
            }
            Ok(result) => {
                entry.insert(result);
            }
            Err(e) => {
                return Err(Refusal::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    e.to_string(),
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
                    e.to_string(),
                )),
            },
            None => Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                M::S_BAD_FORMAT.with(lang, &[&format]),
            )),
        },
        Some(Err(line)) => Err(Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, line)),
        None => Err(Refusal::new(
            StatusCode::GONE,
            M::S_GONE.get(lang).to_string(),
        )),
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
pub(super) fn score_kept(
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
        .with_context(|| M::S_NO_REGISTER.get(lang).to_string())?;
    let out_dir = up.dir.path().join(format!("uit-{}", lang.code()));
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
    crate::cmd::score_one(&register, Some(page.path.clone()), &cfg, &server.pool)?;
    let mut all = vec![page];
    all.extend(rest.into_iter().map(|(m, _)| m));
    Ok(all)
}
