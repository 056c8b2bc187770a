//! Uploads: a form's files streamed to a private temporary directory of their own (named so a
//! later server can tell what a killed one left behind), within the size, stall and total time
//! limits; safe names for what the browser calls them; the user's names for the temporary ones.

use super::*;

/// A file name as an upload gave it, made safe to use inside the request's own directory: its
/// last component only, no control characters, at most 200 bytes (the extension kept).
pub(super) fn safe_name(given: Option<&str>, fallback: &str) -> String {
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
pub(super) fn hide_dir(line: &str, dir: &Path) -> String {
    let mut out = line.to_string();
    for sub in ["in", "rubric", "vorige", "uit"] {
        let prefix = format!("{}{}", dir.join(sub).display(), std::path::MAIN_SEPARATOR);
        out = out.replace(&prefix, "");
    }
    out
}

/// The uploads of one request, in a directory of its own that goes with the request.
pub(super) struct Uploads {
    pub(super) dir: tempfile::TempDir,
    pub(super) register: Option<PathBuf>,
    pub(super) rubric: Option<PathBuf>,
    pub(super) previous: Option<PathBuf>,
}

pub(super) enum UploadError {
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
pub(super) fn multipart_error(e: &axum::extract::multipart::MultipartError) -> UploadError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        UploadError::TooLarge
    } else {
        UploadError::NotForm(e.body_text())
    }
}

/// Wait for the next part of an upload, at most `stall` (`--upload-timeout`).
pub(super) async fn within<T>(
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
pub(super) fn upload_prefix() -> String {
    format!("{UPLOAD_DIR}{}-", std::process::id())
}

/// The start of every upload directory's name in the temporary directory.
pub(super) const UPLOAD_DIR: &str = "dpia-triage-upload-";

/// Remove what a server that is no longer running left in the temporary directory (it was
/// killed, or the computer went down): upload directories whose process is gone, or, where that
/// cannot be told, that were not touched for a day.
pub(super) fn remove_stale_uploads() {
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
pub(super) async fn receive(
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
pub(super) struct CancelOnDrop(pub(super) Arc<std::sync::atomic::AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::safe_name;

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
