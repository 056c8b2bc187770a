//! `POST /score`: an upload scored as `score` scores a file, in one language and format; the
//! page's own format is scored once for every format and kept (`kept`).

use super::download::{content_type, output_body};
use super::kept::{answer, new_token, Kept};
use super::scoring::{turn, upload_config};
use super::uploads::{hide_dir, receive, CancelOnDrop, UploadError, Uploads};
use super::*;

#[derive(Deserialize)]
pub(super) struct ScoreQuery {
    pub(super) format: Option<String>,
    pub(super) lang: Option<String>,
    /// The page's name for this upload, to ask `/progress` about it.
    pub(super) job: Option<String>,
}

pub(super) async fn score(
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
            return Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                M::S_BAD_FORMAT.with(lang, &[&other]),
            ));
        }
    };
    let form = match form {
        Ok(form) => form,
        Err(e) => {
            return Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                M::S_NOT_FORM.with(lang, &[&e.body_text()]),
            ))
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
            return Err(Refusal::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                M::S_TOO_LARGE.with(lang, &[&mib]),
            ));
        }
        Err(UploadError::Stalled) => {
            let secs = server.stall.as_secs();
            return Err(Refusal::new(
                StatusCode::REQUEST_TIMEOUT,
                M::S_STALLED.with(lang, &[&secs]),
            ));
        }
        Err(UploadError::TooSlow) => {
            let secs = server.deadline.as_secs();
            return Err(Refusal::new(
                StatusCode::REQUEST_TIMEOUT,
                M::S_TOO_SLOW.with(lang, &[&secs]),
            ));
        }
        Err(UploadError::Twice(role)) => {
            return Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                M::S_TWICE.with(lang, &[&role]),
            ))
        }
        Err(UploadError::NotForm(why)) => {
            return Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                M::S_NOT_FORM.with(lang, &[&why]),
            ))
        }
        Err(UploadError::Io(e)) => {
            return Err(Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                crate::cmd::one_line(&e, lang),
            ))
        }
    };
    let Some(register) = up.register.clone() else {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            M::S_NO_REGISTER.get(lang).to_string(),
        ));
    };
    // The page's scoring is kept, every format at once, for its downloads and the other
    // language: one upload, one scoring.
    if q.format.as_deref() == Some("page") {
        let Some(token) = new_token() else {
            return Err(Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                M::S_NO_RANDOM.get(lang).to_string(),
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
        return Err(Refusal::new(
            StatusCode::SERVICE_UNAVAILABLE,
            M::S_STOPPING.get(lang).to_string(),
        ));
    };
    let server = Arc::clone(&server);
    let dir = up.dir.path().to_path_buf();
    let done = tokio::task::spawn_blocking(move || {
        let bar = job.as_ref().map(|(_, state)| state.bar.clone());
        let result = score_upload(&server, &up, &register, (format, rows), lang, (bar, cancel));
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
                e.to_string(),
            )),
        },
        // The command line's line, with the user's file names for the temporary ones.
        Ok(Err(e)) => Err(Refusal::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            hide_dir(&crate::cmd::one_line(&e, lang), &dir),
        )),
        Err(e) => Err(Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            e.to_string(),
        )),
    }
}

/// Score an upload as `score` scores a file; returns the output's path and its name.
pub(super) fn score_upload(
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
    crate::cmd::score_one(register, Some(output.clone()), &cfg, &server.pool)?;
    Ok((output, name))
}
