//! A download's answer: its file name in both header forms, its type, its length, and its body
//! read from disk as the browser takes it (an annotated workbook can be hundreds of MB).

use super::*;

/// A file as a download.
pub(super) fn file_response(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    download(Body::from(bytes), None, content_type, name)
}

/// A download's response: its body, length when known, type and file name.
pub(super) fn download(
    body: Body,
    length: Option<u64>,
    content_type: &'static str,
    name: &str,
) -> Response {
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
pub(super) async fn output_body<G: Send + 'static>(
    path: &Path,
    up: G,
) -> std::io::Result<(Body, u64)> {
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
pub(super) fn percent_encode(name: &str) -> String {
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

/// A download's type, told by its file name as the tool makes it.
pub(super) fn content_type(name: &str) -> &'static str {
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
