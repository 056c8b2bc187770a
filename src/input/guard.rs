//! Checks a zip-based workbook before calamine parses it (docs/register.md#files-that-are-refused). A workbook is untrusted
//! input: a zip bomb expands to gigabytes, and a shared-string table that declares billions of
//! entries makes calamine reserve that many strings up front, which aborts the process. So the
//! central directory's sizes and compression ratios are checked first, and the declared
//! shared-string count is held against the size of its part. Nothing here decompresses more than
//! the first few kilobytes of one part.

use crate::lang::Lang;
use crate::messages as M;
use std::fs::File;
use std::io::{BufReader, Read, Seek};
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
    /// Largest total cell area of the formats calamine reads whole (.xls, .ods): their readers
    /// build every sheet as a dense range in memory.
    pub max_dense_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entry_bytes: 4 << 30,
            max_total_bytes: 8 << 30,
            max_ratio: 250,
            ratio_floor_bytes: 16 << 20,
            max_entries: 10_000,
            // About 1 GiB at calamine's cost per dense cell.
            max_dense_cells: 12_000_000,
        }
    }
}

/// Why a workbook was refused.
pub type Refusal = String;

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Check a zip workbook's directory and shared-string declaration against `limits`.
pub fn check_zip(path: &Path, limits: &Limits, lang: Lang) -> Result<(), Refusal> {
    let file = File::open(path).map_err(|e| M::CANNOT_OPEN.with(lang, &[&M::os(&e, lang)]))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| M::ZIP_DAMAGED_DOWNLOAD.with(lang, &[&e]))?;
    if zip.len() > limits.max_entries {
        return Err(M::TOO_MANY_PARTS.with(lang, &[&zip.len(), &limits.max_entries]));
    }
    let mut total: u64 = 0;
    let mut shared_strings: Option<(usize, u64)> = None;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| M::ZIP_DAMAGED.with(lang, &[&e]))?;
        let (name, size, packed) = (
            entry.name().map(|n| n.to_string()).unwrap_or_default(),
            entry.size(),
            entry.compressed_size(),
        );
        if entry.encrypted() {
            return Err(M::PASSWORD.get(lang).into());
        }
        if size > limits.max_entry_bytes {
            return Err(
                M::PART_ZIP_BOMB.with(lang, &[&name, &mib(size), &mib(limits.max_entry_bytes)])
            );
        }
        if size > limits.ratio_floor_bytes && size / packed.max(1) > limits.max_ratio {
            return Err(M::PART_RATIO.with(
                lang,
                &[&name, &(size / packed.max(1)), &mib(packed), &mib(size)],
            ));
        }
        total = total.saturating_add(size);
        if name.eq_ignore_ascii_case("xl/sharedStrings.xml") {
            shared_strings = Some((i, size));
        }
    }
    if total > limits.max_total_bytes {
        return Err(M::ZIP_BOMB.with(lang, &[&mib(total), &mib(limits.max_total_bytes)]));
    }
    if let Some((index, size)) = shared_strings {
        let mut head = Vec::with_capacity(4096);
        zip.by_index(index)
            .map_err(|e| M::ZIP_DAMAGED.with(lang, &[&e]))?
            .take(4096)
            .read_to_end(&mut head)
            .map_err(|e| M::SST_UNREADABLE.with(lang, &[&e]))?;
        let head = String::from_utf8_lossy(&head);
        // Every entry takes at least `<si><t/></si>` (13 bytes) in the part. Only `uniqueCount`,
        // the number of entries, is what calamine reserves room for; `count` is the number of
        // cells that use the table and is rightly far larger when texts repeat (a dropdown
        // column of a long register).
        let room = size / 13 + 1;
        if let Some(n) = declared(&head, "uniqueCount") {
            if n > room {
                return Err(M::SST_TOO_MANY.with(lang, &[&n, &room]));
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

/// Check an .xls before calamine opens it: calamine reserves room for the dimension a sheet
/// declares and builds a dense range over the bounding box of its cells, both at open. A doctored
/// file declaring or placing cells far apart would make it allocate gigabytes; this scans the BIFF
/// records' coordinates first (cheap: an .xls is at most 65,536 rows).
pub fn check_xls(path: &Path, limits: &Limits, lang: Lang) -> Result<(), Refusal> {
    let mut cf = cfb::open(path).map_err(|e| M::XLS_DAMAGED.with(lang, &[&e]))?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| cf.is_stream(n))
        .ok_or_else(|| M::XLS_NO_STREAM.get(lang).to_string())?;
    let stream = cf
        .open_stream(name)
        .map_err(|e| M::XLS_DAMAGED.with(lang, &[&e]))?;
    if stream.len() > limits.max_entry_bytes {
        return Err(M::XLS_STREAM_TOO_LARGE.with(lang, &[&mib(stream.len())]));
    }
    let mut data = Vec::new();
    stream
        .take(limits.max_entry_bytes)
        .read_to_end(&mut data)
        .map_err(|e| M::XLS_DAMAGED.with(lang, &[&e]))?;
    let max_cells = limits.max_dense_cells;
    let mut total: u64 = 0;
    let mut bbox: Option<(u32, u32, u32, u32)> = None;
    let flush = |bbox: &mut Option<(u32, u32, u32, u32)>, total: &mut u64| {
        if let Some((r0, r1, c0, c1)) = bbox.take() {
            *total = total.saturating_add(u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1));
        }
    };
    let mut pos = 0usize;
    while pos + 4 <= data.len() {
        let typ = u16::from_le_bytes([data[pos], data[pos + 1]]);
        let len = usize::from(u16::from_le_bytes([data[pos + 2], data[pos + 3]]));
        let body = &data[pos + 4..(pos + 4 + len).min(data.len())];
        pos += 4 + len;
        let u16_at = |i: usize| {
            body.get(i..i + 2)
                .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
        };
        let u32_at = |i: usize| {
            body.get(i..i + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let mut cell = |row: Option<u32>, c0: Option<u32>, c1: Option<u32>| {
            if let (Some(r), Some(a), Some(b)) = (row, c0, c1) {
                let (a, b) = (a.min(b), a.max(b));
                bbox = Some(match bbox {
                    None => (r, r, a, b),
                    Some((r0, r1, x0, x1)) => (r0.min(r), r1.max(r), x0.min(a), x1.max(b)),
                });
            }
        };
        match typ {
            // BOF: a new substream (sheet).
            0x0809 => flush(&mut bbox, &mut total),
            // DIMENSIONS: calamine reserves rows × cols cells for it.
            0x0200 => {
                let (rows, cols) = if len >= 14 {
                    let (r0, r1) = (u32_at(0).unwrap_or(0), u32_at(4).unwrap_or(0));
                    let (c0, c1) = (u16_at(8).unwrap_or(0), u16_at(10).unwrap_or(0));
                    (
                        u64::from(r1.saturating_sub(r0)) + 1,
                        u64::from(c1.saturating_sub(c0)) + 1,
                    )
                } else {
                    let (r0, r1) = (u16_at(0).unwrap_or(0), u16_at(2).unwrap_or(0));
                    let (c0, c1) = (u16_at(4).unwrap_or(0), u16_at(6).unwrap_or(0));
                    (
                        u64::from(r1.saturating_sub(r0)) + 1,
                        u64::from(c1.saturating_sub(c0)) + 1,
                    )
                };
                if rows.saturating_mul(cols) > max_cells {
                    return Err(M::SHEET_DECLARES.with(lang, &[&rows, &cols, &max_cells]));
                }
            }
            // Cells with (row, col) first.
            0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x0006 | 0x00FD | 0x027E | 0x00D6 => {
                cell(u16_at(0), u16_at(2), u16_at(2));
            }
            // MULRK / MULBLANK: row, first col, …, last col in the final two bytes.
            0x00BD | 0x00BE if body.len() >= 6 => {
                cell(u16_at(0), u16_at(2), u16_at(body.len() - 2));
            }
            _ => {}
        }
    }
    flush(&mut bbox, &mut total);
    if total > max_cells {
        return Err(M::SHEETS_SPAN.with(lang, &[&total, &max_cells]));
    }
    Ok(())
}

/// Check an .ods before calamine opens it: calamine expands every sheet of `content.xml` into a
/// dense range at open, repeated rows and columns included (up to 100 million cells, several
/// GiB). This streams `content.xml` once and sums each table's bounding box of non-empty cells.
pub fn check_ods(path: &Path, limits: &Limits, lang: Lang) -> Result<(), Refusal> {
    use quick_xml::events::Event;
    let file = File::open(path).map_err(|e| M::CANNOT_OPEN.with(lang, &[&M::os(&e, lang)]))?;
    let mut zip =
        zip::ZipArchive::new(BufReader::new(file)).map_err(|e| M::ZIP_DAMAGED.with(lang, &[&e]))?;
    // A document saved with a password keeps its parts encrypted, as its manifest says.
    if ods_is_encrypted(&mut zip) {
        return Err(M::ENCRYPTED.get(lang).to_string());
    }
    let content = zip
        .by_name("content.xml")
        .map_err(|_| "OpenDocument zonder content.xml".to_string())?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let repeat = |e: &quick_xml::events::BytesStart<'_>, name: &str| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
    };
    let has_value = |e: &quick_xml::events::BytesStart<'_>| {
        e.attributes()
            .flatten()
            .any(|a| a.key.as_ref() == "office:value-type")
    };
    let (mut total, mut row, mut col, mut rows_rep) = (0u64, 0u64, 0u64, 1u64);
    let (mut max_row, mut max_col): (Option<u64>, Option<u64>) = (None, None);
    let mut row_used = false;
    let area = |r: Option<u64>, c: Option<u64>| match (r, c) {
        (Some(r), Some(c)) => (r + 1).saturating_mul(c + 1),
        _ => 0,
    };
    loop {
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| M::ODS_CONTENT_UNREADABLE.with(lang, &[&e]))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    "table:table" => {
                        total = total.saturating_add(area(max_row, max_col));
                        (row, max_row, max_col) = (0, None, None);
                    }
                    "table:table-row" => {
                        rows_rep = repeat(e, "table:number-rows-repeated");
                        (col, row_used) = (0, false);
                        if empty {
                            row = row.saturating_add(rows_rep);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        let cols_rep = repeat(e, "table:number-columns-repeated");
                        if has_value(e) || !empty {
                            let last = col.saturating_add(cols_rep - 1);
                            max_col = Some(max_col.map_or(last, |m| m.max(last)));
                            row_used = true;
                        }
                        col = col.saturating_add(cols_rep);
                    }
                    _ => {}
                }
            }
            Event::End(ref e) if e.name().as_ref() == "table:table-row" => {
                if row_used {
                    let last = row.saturating_add(rows_rep - 1);
                    max_row = Some(max_row.map_or(last, |m| m.max(last)));
                }
                row = row.saturating_add(rows_rep);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
        if total.saturating_add(area(max_row, max_col)) > limits.max_dense_cells {
            return Err(M::ODS_SPAN.with(lang, &[&limits.max_dense_cells]));
        }
    }
    Ok(())
}

/// Whether an OpenDocument package's manifest says its parts are encrypted (saved with a
/// password): an `encryption-data` element in `META-INF/manifest.xml`, in any prefix (a file
/// entry whose path merely holds those words is no such element).
fn ods_is_encrypted<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> bool {
    let Ok(manifest) = zip.by_name("META-INF/manifest.xml") else {
        return false;
    };
    // A manifest is a few kilobytes; a larger one is read no further than this.
    let mut text = Vec::new();
    if manifest.take(1 << 20).read_to_end(&mut text).is_err() {
        return false;
    }
    manifest_says_encrypted(&text)
}

/// Whether a manifest's XML has an element named `encryption-data` (any prefix); the words in
/// a value are not one.
fn manifest_says_encrypted(text: &[u8]) -> bool {
    text.split(|&b| b == b'<').skip(1).any(|tag| {
        let end = tag
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
            .unwrap_or(tag.len());
        let name = &tag[..end];
        name.rsplit(|&b| b == b':').next().unwrap_or(name) == b"encryption-data"
    })
}

/// Whether an OLE2 (CFB) file is an encrypted Office document rather than an .xls.
pub fn ole_is_encrypted(path: &Path) -> bool {
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if (&mut file).take(1 << 20).read_to_end(&mut head).is_err() {
        return false;
    }
    if has_encrypted_package(&head) {
        return true;
    }
    // In a large file the directory sits after the data, beyond the first MiB (an encrypted
    // workbook of 130 MB made calamine report a "Malformed FAT" instead): read the directory's
    // first sectors where the header says they start.
    let (Some(shift), Some(start)) = (
        head.get(0x1E..0x20)
            .map(|b| u16::from_le_bytes([b[0], b[1]])),
        head.get(0x30..0x34)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
    ) else {
        return false;
    };
    if !(7..=16).contains(&shift) || start >= 0xFFFF_FFFA {
        return false;
    }
    let sector = 1u64 << shift;
    let offset = (u64::from(start) + 1) * sector;
    let mut dir = Vec::new();
    file.seek(std::io::SeekFrom::Start(offset)).is_ok()
        && (&mut file).take(64 * 1024).read_to_end(&mut dir).is_ok()
        && has_encrypted_package(&dir)
}

/// Whether these bytes hold the directory entry name `EncryptedPackage` (UTF-16).
fn has_encrypted_package(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An OpenDocument manifest says its parts are encrypted by an `encryption-data` element, in
    /// any prefix; those words in a path, or a longer name, do not. (manifest, encrypted)
    #[test]
    fn an_encrypted_manifest_is_told_by_its_element() {
        let cases: [(&str, bool); 8] = [
            (
                r#"<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum="A"><manifest:algorithm/></manifest:encryption-data></manifest:file-entry>"#,
                true,
            ),
            (
                "<file-entry><encryption-data checksum=\"A\"/></file-entry>",
                true,
            ),
            ("<m:encryption-data/>", true),
            ("<m:encryption-data\n>", true),
            (
                r#"<manifest:file-entry manifest:full-path="a:encryption-data" manifest:media-type="text/xml"/>"#,
                false,
            ),
            ("<manifest:encryption-database/>", false),
            (
                r#"<manifest:manifest><manifest:file-entry manifest:full-path="/"/></manifest:manifest>"#,
                false,
            ),
            ("", false),
        ];
        for (xml, expected) in cases {
            assert_eq!(manifest_says_encrypted(xml.as_bytes()), expected, "{xml}");
        }
    }

    /// An encrypted workbook whose directory lies 150 MB into the file (a sparse file here).
    #[test]
    fn an_encrypted_package_is_found_far_into_the_file() {
        use std::io::Write;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("groot.xlsx");
        let mut f = File::create(&path).expect("create");
        let mut header = vec![0u8; 512];
        header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        header[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
        let start: u32 = 300_000;
        header[0x30..0x34].copy_from_slice(&start.to_le_bytes());
        f.write_all(&header).expect("header");
        f.seek(std::io::SeekFrom::Start((u64::from(start) + 1) * 512))
            .expect("seek");
        let name: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let mut entry = vec![0u8; 128];
        entry[..name.len()].copy_from_slice(&name);
        f.write_all(&entry).expect("entry");
        drop(f);
        assert!(ole_is_encrypted(&path));
        // A plain OLE file with no such entry is not.
        let plain = dir.path().join("oud.xls");
        std::fs::write(&plain, &header).expect("write");
        assert!(!ole_is_encrypted(&plain));
    }

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
