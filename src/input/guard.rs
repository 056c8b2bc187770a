//! Checks a zip-based workbook before calamine parses it (SPEC §9). A workbook is untrusted
//! input: a zip bomb expands to gigabytes, and a shared-string table that declares billions of
//! entries makes calamine reserve that many strings up front, which aborts the process. So the
//! central directory's sizes and compression ratios are checked first, and the declared
//! shared-string count is held against the size of its part. Nothing here decompresses more than
//! the first few kilobytes of one part.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// Limits on what a workbook may expand to. The defaults admit a full 1,048,576-row register.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest uncompressed size of one zip entry, in bytes.
    pub max_entry_bytes: u64,
    /// Largest uncompressed size of all entries together, in bytes.
    pub max_total_bytes: u64,
    /// Largest compression ratio of an entry that expands beyond `ratio_floor_bytes`.
    pub max_ratio: u64,
    /// Entries smaller than this are not ratio-checked (small XML compresses very well).
    pub ratio_floor_bytes: u64,
    /// Largest number of zip entries.
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entry_bytes: 4 << 30,
            max_total_bytes: 8 << 30,
            max_ratio: 250,
            ratio_floor_bytes: 16 << 20,
            max_entries: 10_000,
        }
    }
}

/// Why a workbook was refused.
pub type Refusal = String;

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Check a zip workbook's directory and shared-string declaration against `limits`.
pub fn check_zip(path: &Path, limits: &Limits) -> Result<(), Refusal> {
    let file = File::open(path).map_err(|e| format!("kan niet openen: {e}"))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| format!("beschadigd zip-bestand (afgebroken download?): {e}"))?;
    if zip.len() > limits.max_entries {
        return Err(format!(
            "werkmap bevat {} onderdelen (grens {}); geweigerd",
            zip.len(),
            limits.max_entries
        ));
    }
    let mut total: u64 = 0;
    let mut shared_strings: Option<(usize, u64)> = None;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| format!("beschadigd zip-bestand: {e}"))?;
        let (name, size, packed) = (
            entry.name().map(|n| n.to_string()).unwrap_or_default(),
            entry.size(),
            entry.compressed_size(),
        );
        if entry.encrypted() {
            return Err("werkmap is met een wachtwoord beveiligd; sla hem onbeveiligd op".into());
        }
        if size > limits.max_entry_bytes {
            return Err(format!(
                "onderdeel {name} pakt uit tot {} (grens {}); geweigerd als mogelijke zip-bom",
                mib(size),
                mib(limits.max_entry_bytes)
            ));
        }
        if size > limits.ratio_floor_bytes && size / packed.max(1) > limits.max_ratio {
            return Err(format!(
                "onderdeel {name} is {}× gecomprimeerd ({} → {}); geweigerd als mogelijke zip-bom",
                size / packed.max(1),
                mib(packed),
                mib(size)
            ));
        }
        total = total.saturating_add(size);
        if name.eq_ignore_ascii_case("xl/sharedStrings.xml") {
            shared_strings = Some((i, size));
        }
    }
    if total > limits.max_total_bytes {
        return Err(format!(
            "werkmap pakt uit tot {} (grens {}); geweigerd als mogelijke zip-bom",
            mib(total),
            mib(limits.max_total_bytes)
        ));
    }
    if let Some((index, size)) = shared_strings {
        let mut head = Vec::with_capacity(4096);
        zip.by_index(index)
            .map_err(|e| format!("beschadigd zip-bestand: {e}"))?
            .take(4096)
            .read_to_end(&mut head)
            .map_err(|e| format!("gedeelde tekstentabel onleesbaar: {e}"))?;
        let head = String::from_utf8_lossy(&head);
        // Every entry takes at least `<si><t/></si>` (13 bytes) in the part.
        let room = size / 13 + 1;
        for attr in ["uniqueCount", "count"] {
            if let Some(n) = declared(&head, attr) {
                if n > room {
                    return Err(format!(
                        "gedeelde tekstentabel verklaart {n} teksten maar kan er hoogstens {room} bevatten; geweigerd (gemanipuleerd bestand)"
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The number in `attr="N"` on the `<sst>` element, if present.
fn declared(head: &str, attr: &str) -> Option<u64> {
    let sst = head.find("<sst")?;
    let tag_end = head[sst..].find('>').map_or(head.len(), |e| sst + e);
    let tag = &head[sst..tag_end];
    let needle = format!(" {attr}=\"");
    let start = tag.find(&needle)? + needle.len();
    let digits: String = tag[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    // A number too long for u64 is certainly too large.
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// Whether an OLE2 (CFB) file is an encrypted Office document rather than an .xls.
pub fn ole_is_encrypted(path: &Path) -> bool {
    let mut head = Vec::new();
    if File::open(path)
        .and_then(|f| f.take(1 << 20).read_to_end(&mut head))
        .is_err()
    {
        return false;
    }
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    head.windows(needle.len()).any(|w| w == needle.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_counts() {
        let cases = [
            (
                r#"<?xml?><sst xmlns="x" count="10" uniqueCount="7">"#,
                "uniqueCount",
                Some(7),
            ),
            (r#"<sst count="10" uniqueCount="7">"#, "count", Some(10)),
            (
                r#"<sst uniqueCount="99999999999999999999999">"#,
                "uniqueCount",
                Some(u64::MAX),
            ),
            (r#"<sst>"#, "count", None),
            (r#"<si count="5"><sst>"#, "count", None),
        ];
        for (head, attr, expected) in cases {
            assert_eq!(declared(head, attr), expected, "{head}");
        }
    }
}
