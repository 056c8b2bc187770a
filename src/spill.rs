//! Records that wait on disk instead of in memory (docs/output.md#output-files, BENCHMARKS.md#against-the-goals: memory does not grow with the
//! row count): the earlier run's rows and Maatregelen rows until they are compared
//! (`--previous`), and the Maatregelen rows until they are written in order of urgency. Each is
//! encoded once into an unnamed temporary file and read back by offset; memory keeps only an index.
//! The file has no name, so nothing is left behind when the run ends, however it ends. Reads take
//! `&self` and go to the file by position, so threads read side by side.

use crate::lang::Lang;
use crate::messages as M;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context as _, Result};
use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType};

/// The records of one run, appended while the earlier workbook is read, then read back.
pub(crate) struct Store {
    file: File,
    writer: Option<BufWriter<File>>,
    len: u64,
    /// The language of its errors.
    lang: Lang,
}

impl Store {
    /// A store in `dir` (beside the output, not a RAM-backed /tmp), else in the system's
    /// temporary directory.
    pub fn create(dir: &Path, lang: Lang) -> Result<Store> {
        let file = tempfile::tempfile_in(dir)
            .or_else(|_| tempfile::tempfile())
            .with_context(|| M::TEMP_FILE.with(lang, &[&dir.display()]))?;
        let writer = BufWriter::with_capacity(1 << 16, file.try_clone()?);
        Ok(Store {
            file,
            writer: Some(writer),
            len: 0,
            lang,
        })
    }

    /// Append a record; returns its offset.
    pub fn push(&mut self, record: &[u8]) -> Result<u64> {
        let lang = self.lang;
        let writer = self.writer.as_mut().context(M::I_STORE_CLOSED.get(lang))?;
        let offset = self.len;
        let n = u32::try_from(record.len()).context(M::I_RECORD_TOO_LARGE.get(lang))?;
        writer.write_all(&n.to_le_bytes())?;
        writer.write_all(record)?;
        self.len += 4 + u64::from(n);
        Ok(offset)
    }

    /// Make the records written so far readable; more may follow.
    pub fn flush(&mut self) -> Result<()> {
        if let Some(w) = self.writer.as_mut() {
            w.flush().context(M::TEMP_WRITE.get(self.lang))?;
        }
        Ok(())
    }

    /// Every record is written: from now on they are read.
    pub fn seal(&mut self) -> Result<()> {
        self.flush()?;
        self.writer = None;
        Ok(())
    }

    /// The record at `offset`. Most records are short: one read takes the length and the record
    /// together, a second only the rest of a longer one (a read is a system call, and a run with
    /// `--previous` reads a record for each activity and each of its Maatregelen rows).
    pub fn get(&self, offset: u64) -> Result<Vec<u8>> {
        let lang = self.lang;
        let mut head = vec![0u8; FIRST_READ];
        let n = read_some_at(&self.file, &mut head, offset, lang)?;
        // Only what was read: fewer than four bytes is a file cut short, not a length of zeros.
        head.truncate(n);
        let len_bytes: [u8; 4] = head
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .context(M::TEMP_SHORT.get(lang))?;
        let len = u32::from_le_bytes(len_bytes) as usize;
        if 4 + len <= n {
            head.truncate(4 + len);
            head.drain(..4);
            return Ok(head);
        }
        let mut record = vec![0u8; len];
        let have = n.saturating_sub(4);
        record[..have].copy_from_slice(&head[4..n]);
        read_exact_at(
            &self.file,
            &mut record[have..],
            offset + 4 + have as u64,
            lang,
        )?;
        Ok(record)
    }
}

/// The bytes read at once from a record's offset: its length and, mostly, all of it.
const FIRST_READ: usize = 1024;

/// Records read in about the order they were written, through windows onto the file: one read
/// takes the records after the one asked for too, so most records cost no system call. An
/// earlier workbook's activities are compared in the register's order, and their Maatregelen rows
/// stand in a few runs (one per urgency, each in the activities' order): a window for each run.
/// Each split of the rows compared at once keeps windows of its own.
pub(crate) struct Window<'a> {
    store: &'a Store,
    /// The file's offset of each window's first byte, its bytes, and when it was last used.
    windows: Vec<(u64, Vec<u8>, u64)>,
    /// How many windows at most.
    most: usize,
    /// Uses so far (the least recently used window is read anew).
    uses: u64,
}

/// How much of the file a window reads at once.
const WINDOW_BYTES: usize = 16 * 1024;

impl<'a> Window<'a> {
    /// Up to `most` windows onto `store`, each reading [`WINDOW_BYTES`] at once; none until a
    /// record is asked for.
    pub fn new(store: &'a Store, most: usize) -> Window<'a> {
        Window {
            store,
            windows: Vec::new(),
            most: most.max(1),
            uses: 0,
        }
    }

    /// Which window holds the whole record at `offset`, and where in it.
    fn within(&self, offset: u64) -> Option<(usize, std::ops::Range<usize>)> {
        self.windows
            .iter()
            .enumerate()
            .find_map(|(w, (start, bytes, _))| {
                let at = usize::try_from(offset.checked_sub(*start)?).ok()?;
                let len = u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?);
                let end = (at + 4).checked_add(len as usize)?;
                (end <= bytes.len()).then_some((w, at + 4..end))
            })
    }

    /// The record at `offset` (as [`Store::get`] gives it).
    pub fn get(&mut self, offset: u64) -> Result<&[u8]> {
        self.uses += 1;
        if let Some((w, r)) = self.within(offset) {
            let (_, bytes, used) = &mut self.windows[w];
            *used = self.uses;
            return Ok(&bytes[r]);
        }
        let (file, lang) = (&self.store.file, self.store.lang);
        let w = if self.windows.len() < self.most {
            self.windows.push((0, Vec::new(), 0));
            self.windows.len() - 1
        } else {
            // The least recently used.
            (0..self.windows.len())
                .min_by_key(|w| self.windows[*w].2)
                .unwrap_or(0)
        };
        let (start, bytes, used) = &mut self.windows[w];
        (*start, *used) = (offset, self.uses);
        // Records are only ever appended, so what a window once read stays true of the file.
        // A read that fails leaves the window empty, never holding what was not read.
        let end = match fill(file, bytes, offset, lang) {
            Ok(end) => end,
            Err(e) => {
                bytes.clear();
                return Err(e);
            }
        };
        Ok(&bytes[4..end])
    }
}

/// Read the record at `offset` into `bytes`, with what follows it up to a window's size; returns
/// where the record ends in `bytes`.
fn fill(file: &File, bytes: &mut Vec<u8>, offset: u64, lang: Lang) -> Result<usize> {
    bytes.resize(WINDOW_BYTES, 0);
    let n = read_some_at(file, bytes, offset, lang)?;
    bytes.truncate(n);
    let len_bytes: [u8; 4] = bytes
        .get(..4)
        .and_then(|b| b.try_into().ok())
        .context(M::TEMP_SHORT.get(lang))?;
    let end = usize::try_from(u32::from_le_bytes(len_bytes))
        .ok()
        .and_then(|len| len.checked_add(4))
        .context(M::TEMP_SHORT.get(lang))?;
    if end > n {
        // Longer than a window: the rest of it now.
        bytes.resize(end, 0);
        read_exact_at(file, &mut bytes[n..], offset + n as u64, lang)?;
    }
    Ok(end)
}

/// Read into `buf` from `offset` until it is full or the file ends; returns how much was read.
fn read_some_at(file: &File, buf: &mut [u8], offset: u64, lang: Lang) -> Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        let n = read_at(file, &mut buf[filled..], offset + filled as u64)
            .context(M::TEMP_READ.get(lang))?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    use std::os::unix::fs::FileExt;
    loop {
        match file.read_at(buf, offset) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            r => return r,
        }
    }
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    use std::os::windows::fs::FileExt;
    file.seek_read(buf, offset)
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64, lang: Lang) -> Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, offset)
        .context(M::TEMP_READ.get(lang))
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64, lang: Lang) -> Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        let n = file
            .seek_read(buf, offset)
            .context(M::TEMP_READ.get(lang))?;
        anyhow::ensure!(n > 0, "{}", M::TEMP_SHORT.get(lang));
        buf = &mut buf[n..];
        offset += n as u64;
    }
    Ok(())
}

/// A match key as 128 bits of hash, in two halves (8-byte aligned, so an index entry with it
/// takes 24 bytes).
pub(crate) type Key = [u64; 2];

/// A 128-bit hash of a match key: two SipHash runs with fixed keys. Among a million keys the
/// chance that two collide is about 10⁻²⁷, so equal hashes are taken for equal keys.
pub(crate) fn key_hash(key: &str) -> Key {
    let half = |salt: u8| {
        let mut h = std::hash::DefaultHasher::new();
        salt.hash(&mut h);
        key.hash(&mut h);
        h.finish()
    };
    [half(0), half(1)]
}

/// Builds a record.
#[derive(Default)]
pub(crate) struct Enc(pub Vec<u8>);

impl Enc {
    pub fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    pub fn str(&mut self, s: &str) {
        // A cell holds at most 32,767 characters: a length always fits.
        let n = u32::try_from(s.len()).unwrap_or(u32::MAX);
        self.0.extend_from_slice(&n.to_le_bytes());
        self.0.extend_from_slice(&s.as_bytes()[..n as usize]);
    }

    pub fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    /// Bytes with their length (a record inside a record).
    pub fn bytes(&mut self, b: &[u8]) {
        self.u32(u32::try_from(b.len()).unwrap_or(u32::MAX));
        self.0.extend_from_slice(b);
    }

    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.byte(1);
                self.str(s);
            }
            None => self.byte(0),
        }
    }

    pub fn data(&mut self, d: &Data) {
        match d {
            Data::Empty => self.byte(0),
            Data::String(s) => {
                self.byte(1);
                self.str(s);
            }
            Data::Float(x) => {
                self.byte(2);
                self.0.extend_from_slice(&x.to_le_bytes());
            }
            Data::Int(i) => {
                self.byte(3);
                self.0.extend_from_slice(&i.to_le_bytes());
            }
            Data::Bool(b) => {
                self.byte(4);
                self.byte(u8::from(*b));
            }
            Data::DateTime(dt) => {
                self.byte(5);
                self.0.extend_from_slice(&dt.as_f64().to_le_bytes());
                self.byte(u8::from(dt.is_duration()));
                // calamine gives no getter for the date system: compare.
                let in_1904 = *dt
                    == ExcelDateTime::new(
                        dt.as_f64(),
                        if dt.is_duration() {
                            ExcelDateTimeType::TimeDelta
                        } else {
                            ExcelDateTimeType::DateTime
                        },
                        true,
                    );
                self.byte(u8::from(in_1904));
            }
            Data::DateTimeIso(s) => {
                self.byte(6);
                self.str(s);
            }
            Data::DurationIso(s) => {
                self.byte(7);
                self.str(s);
            }
            Data::Error(e) => {
                self.byte(8);
                self.byte(ERRORS.iter().position(|x| x == e).unwrap_or(0) as u8);
            }
        }
    }
}

const ERRORS: [CellErrorType; 8] = [
    CellErrorType::Div0,
    CellErrorType::NA,
    CellErrorType::Name,
    CellErrorType::Null,
    CellErrorType::Num,
    CellErrorType::Ref,
    CellErrorType::Value,
    CellErrorType::GettingData,
];

/// Reads a record back, in the order it was built; `None` when it is cut short.
pub(crate) struct Dec<'a>(pub &'a [u8]);

impl<'a> Dec<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    pub fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    pub fn eight(&mut self) -> Option<[u8; 8]> {
        self.take(8)?.try_into().ok()
    }

    pub fn str(&mut self) -> Option<String> {
        self.text().map(std::borrow::Cow::into_owned)
    }

    /// A text as stored, borrowed from the record where it can be.
    pub fn text(&mut self) -> Option<std::borrow::Cow<'a, str>> {
        let n = u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize;
        let b = self.take(n)?;
        // What was stored is a `str`: the validation's fast path, the lossy copy only for a
        // damaged record.
        Some(match std::str::from_utf8(b) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(b),
        })
    }

    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    pub fn opt_str(&mut self) -> Option<Option<String>> {
        match self.byte()? {
            0 => Some(None),
            _ => Some(Some(self.str()?)),
        }
    }

    pub fn data(&mut self) -> Option<Data> {
        Some(match self.byte()? {
            0 => Data::Empty,
            1 => Data::String(self.str()?),
            2 => Data::Float(f64::from_le_bytes(self.eight()?)),
            3 => Data::Int(i64::from_le_bytes(self.eight()?)),
            4 => Data::Bool(self.byte()? != 0),
            5 => {
                let value = f64::from_le_bytes(self.eight()?);
                let kind = if self.byte()? != 0 {
                    ExcelDateTimeType::TimeDelta
                } else {
                    ExcelDateTimeType::DateTime
                };
                Data::DateTime(ExcelDateTime::new(value, kind, self.byte()? != 0))
            }
            6 => Data::DateTimeIso(self.str()?),
            7 => Data::DurationIso(self.str()?),
            8 => Data::Error(ERRORS.get(usize::from(self.byte()?))?.clone()),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back_as_written() {
        let values = [
            Data::Empty,
            Data::String("Bewijs: DPIA-rapport v2 ✓".into()),
            Data::Float(45_000.5),
            Data::Int(-3),
            Data::Bool(true),
            Data::DateTime(ExcelDateTime::new(
                45_292.0,
                ExcelDateTimeType::DateTime,
                false,
            )),
            Data::DateTime(ExcelDateTime::new(
                43_830.0,
                ExcelDateTimeType::DateTime,
                true,
            )),
            Data::DateTime(ExcelDateTime::new(0.5, ExcelDateTimeType::TimeDelta, false)),
            Data::DateTimeIso("2024-05-31T10:00:00".into()),
            Data::DurationIso("PT1H".into()),
            Data::Error(CellErrorType::Ref),
            Data::Error(CellErrorType::NA),
        ];
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::create(dir.path(), crate::lang::Lang::Nl).expect("store");
        let mut offsets = Vec::new();
        for v in &values {
            let mut e = Enc::default();
            e.opt_str(Some("id:vw-001"));
            e.opt_str(None);
            e.data(v);
            offsets.push(store.push(&e.0).expect("push"));
        }
        store.seal().expect("seal");
        // The file has no name: nothing is left in the directory.
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
        for (v, off) in values.iter().zip(offsets).rev() {
            let bytes = store.get(off).expect("get");
            let mut d = Dec(&bytes);
            assert_eq!(d.opt_str(), Some(Some("id:vw-001".to_string())));
            assert_eq!(d.opt_str(), Some(None));
            assert_eq!(d.data().as_ref(), Some(v));
            assert_eq!(d.byte(), None, "nothing left");
        }
        // A record cut short reads as None, never a panic.
        assert_eq!(Dec(&[1, 9, 0, 0, 0, b'a']).str(), None);
        assert_eq!(Dec(&[9]).data(), None);
        assert_ne!(key_hash("id:vw-001"), key_hash("id:vw-002"));
    }

    /// A sealed store of records of these lengths, each of other bytes; and the records and
    /// their offsets.
    fn stored(dir: &Path, lengths: &[usize]) -> (Store, Vec<Vec<u8>>, Vec<u64>) {
        let mut store = Store::create(dir, crate::lang::Lang::Nl).expect("store");
        let records: Vec<Vec<u8>> = lengths
            .iter()
            .enumerate()
            .map(|(i, n)| (0..*n).map(|j| (i * 31 + j * 7) as u8).collect())
            .collect();
        let offsets = records
            .iter()
            .map(|r| store.push(r).expect("push"))
            .collect();
        store.seal().expect("seal");
        (store, records, offsets)
    }

    /// Records on either side of the first read's size, and the last one of the file, read
    /// back whole: (record length).
    #[test]
    fn records_longer_than_the_first_read_read_back_whole() {
        let lengths = [
            0,
            1,
            FIRST_READ - 5,
            FIRST_READ - 4,
            FIRST_READ - 3,
            FIRST_READ,
            FIRST_READ + 1,
            3 * FIRST_READ + 7,
            2,
        ];
        let dir = tempfile::tempdir().expect("dir");
        let (store, records, offsets) = stored(dir.path(), &lengths);
        for (r, off) in records.iter().zip(offsets).rev() {
            assert_eq!(&store.get(off).expect("get"), r, "length {}", r.len());
        }
        assert_eq!(key_hash("name:x"), key_hash("name:x"));
    }

    /// A window gives each record as `get` does: records that end just inside, just outside and
    /// far beyond a window (record length), read in order, backwards and hopping, through one,
    /// two and eight windows.
    #[test]
    fn a_window_reads_records_as_get_does() {
        let lengths = [
            10,
            WINDOW_BYTES - 4 - 14 - 4,
            0,
            WINDOW_BYTES - 8,
            WINDOW_BYTES - 4,
            WINDOW_BYTES - 3,
            3 * WINDOW_BYTES + 5,
            1,
            2,
        ];
        let dir = tempfile::tempdir().expect("dir");
        let (store, records, offsets) = stored(dir.path(), &lengths);
        let orders: [Vec<usize>; 3] = [
            (0..records.len()).collect(),
            (0..records.len()).rev().collect(),
            vec![0, 2, 1, 8, 3, 0, 6, 7, 5, 4, 8],
        ];
        for most in [1, 2, 8] {
            for order in &orders {
                let mut w = Window::new(&store, most);
                for &i in order {
                    assert_eq!(w.get(offsets[i]).expect("get"), &records[i][..], "{i}");
                }
            }
        }
        // (A window borrows its store: no record can be appended while one reads.)
        let mut w = Window::new(&store, 2);
        let end = store.len;
        assert!(w.get(end + 100).is_err());
        // Fewer bytes left than a length takes (a file cut short): an error, not a panic.
        assert!(w.get(end - 2).is_err());
        assert!(store.get(end - 2).is_err());
        // A length that runs past the file's end (a damaged file) fails, the second time too:
        // the failed read leaves nothing in the window.
        #[cfg(unix)]
        {
            let mut damaged = Store::create(dir.path(), crate::lang::Lang::Nl).expect("store");
            let at = damaged.push(&[7; 20]).expect("push");
            damaged.seal().expect("seal");
            std::os::unix::fs::FileExt::write_all_at(&damaged.file, &500u32.to_le_bytes(), at)
                .expect("damage");
            let mut w = Window::new(&damaged, 2);
            assert!(w.get(at).is_err());
            assert!(w.get(at).is_err());
            assert!(damaged.get(at).is_err());
        }
    }
}
