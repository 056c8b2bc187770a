//! What every scoring of an upload needs, kept or not: its turn (its job for `/progress`, then
//! a free slot) and its options, as `score` would read them from a command line.

use super::uploads::Uploads;
use super::*;

/// A request's turn to score: its job registered under the page's name (so `/progress` can tell
/// how far it is), then a free slot, waited for: memory stays bounded however many upload at
/// once. `None` when the server is stopping.
pub(super) async fn turn(
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

/// The command line's configuration for an upload, as `score` would read it: the upload's
/// rubric and earlier workbook, the page's language, no progress on the terminal.
pub(super) fn upload_config(
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
        cfg.previous = Some(crate::config::load_previous(
            p, &shown, &cfg.read, spill, lang,
        )?);
    }
    Ok(cfg)
}
