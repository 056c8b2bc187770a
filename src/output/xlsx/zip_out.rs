//! A zip being written that stays quiet when it fails. The zip crate finishes a writer in its
//! `Drop`, also after `finish` failed, and prints to stderr when that fails again, as it does on a
//! full disk: the user would see a second, technical line beside the tool's one-line error
//! (docs/output.md#output-files). Here a writer dropped unfinished is forgotten, and after the first failed write the
//! file underneath takes no more bytes without complaint, so the crate's second attempt is
//! silent; the first error is the one reported. The temporary file is removed by its owner.

use std::io::{Seek, Write};
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use zip::result::{ZipError, ZipResult};
use zip::ZipWriter;

/// A writer that fails once: after its first error it takes every write without writing. It
/// keeps the position a writer would have all along, so the zip crate's bookkeeping still adds
/// up when it finishes the archive into nothing.
pub(super) struct Sticky<W> {
    inner: W,
    failed: bool,
    pos: u64,
    len: u64,
    /// Set when the archive is dropped unfinished: from then on it writes nothing, so that the
    /// zip crate's own finishing (in its `Drop`) succeeds silently and frees what it holds.
    abandoned: Arc<AtomicBool>,
}

impl<W> Sticky<W> {
    fn quiet(&self) -> bool {
        self.failed || self.abandoned.load(Ordering::Relaxed)
    }
}

impl<W> Sticky<W> {
    fn at(&mut self, pos: u64) -> u64 {
        self.pos = pos;
        self.len = self.len.max(pos);
        pos
    }
}

impl<W: Write> Write for Sticky<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.quiet() {
            self.at(self.pos + buf.len() as u64);
            return Ok(buf.len());
        }
        let n = self.inner.write(buf).inspect_err(|_| self.failed = true)?;
        // A writer that takes nothing is full: as failed as one that says so.
        if n == 0 && !buf.is_empty() {
            self.failed = true;
        }
        self.at(self.pos + n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.quiet() {
            return Ok(());
        }
        self.inner.flush().inspect_err(|_| self.failed = true)
    }
}

impl<W: Seek> Seek for Sticky<W> {
    // A buffered file writes what it holds before it seeks: that write can fail too.
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        if !self.quiet() {
            let pos = self.inner.seek(to).inspect_err(|_| self.failed = true)?;
            return Ok(self.at(pos));
        }
        let signed = |base: u64, d: i64| base.saturating_add_signed(d);
        let pos = match to {
            std::io::SeekFrom::Start(n) => n,
            std::io::SeekFrom::Current(d) => signed(self.pos, d),
            std::io::SeekFrom::End(d) => signed(self.len, d),
        };
        Ok(self.at(pos))
    }
}

/// The annotated workbook being written: a zip into a buffered file.
pub(super) type Output = ZipOut<std::io::BufWriter<std::fs::File>>;

/// A `ZipWriter` that is finished explicitly or not at all.
pub(super) struct ZipOut<W: Write + Seek>(Option<ZipWriter<Sticky<W>>>, Arc<AtomicBool>);

impl<W: Write + Seek> ZipOut<W> {
    /// A new archive written to `inner`.
    pub fn new(inner: W) -> ZipOut<W> {
        let abandoned = Arc::new(AtomicBool::new(false));
        ZipOut(
            Some(ZipWriter::new(Sticky {
                inner,
                failed: false,
                pos: 0,
                len: 0,
                abandoned: Arc::clone(&abandoned),
            })),
            abandoned,
        )
    }

    /// Write the central directory; returns the inner writer.
    pub fn finish(mut self) -> ZipResult<W> {
        match self.0.take() {
            Some(z) => {
                let sticky = z.finish()?;
                if sticky.failed {
                    return Err(ZipError::Io(std::io::Error::other("schrijven mislukt")));
                }
                Ok(sticky.inner)
            }
            None => Err(ZipError::Io(std::io::Error::other(
                "archive already finished",
            ))),
        }
    }
}

impl<W: Write + Seek> Deref for ZipOut<W> {
    type Target = ZipWriter<Sticky<W>>;

    fn deref(&self) -> &ZipWriter<Sticky<W>> {
        // Only `finish` takes the writer, and it consumes `self`.
        match &self.0 {
            Some(z) => z,
            None => unreachable!("a finished ZipOut is consumed"),
        }
    }
}

impl<W: Write + Seek> DerefMut for ZipOut<W> {
    fn deref_mut(&mut self) -> &mut ZipWriter<Sticky<W>> {
        match &mut self.0 {
            Some(z) => z,
            None => unreachable!("a finished ZipOut is consumed"),
        }
    }
}

impl<W: Write + Seek> Write for ZipOut<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.deref_mut().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.deref_mut().flush()
    }
}

impl<W: Write + Seek> Drop for ZipOut<W> {
    // Dropped unfinished (a refused input, a failed write): the crate finishes into nothing and
    // everything it held is freed (a forgotten writer kept its buffers and the file open).
    fn drop(&mut self) {
        self.1.store(true, Ordering::Relaxed);
        drop(self.0.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_archive_reads_back_and_an_abandoned_one_is_left_alone() {
        let mut z = ZipOut::new(std::io::Cursor::new(Vec::new()));
        z.start_file("a.xml", zip::write::SimpleFileOptions::default())
            .expect("entry");
        z.write_all(b"<a/>").expect("write");
        let bytes = z.finish().expect("finish").into_inner();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        assert_eq!(
            archive.by_index(0).expect("entry").name().expect("name"),
            "a.xml"
        );
        // Dropped unfinished: no central directory is written, and nothing panics.
        let mut out = Vec::new();
        {
            let mut z = ZipOut::new(std::io::Cursor::new(&mut out));
            z.start_file("b.xml", zip::write::SimpleFileOptions::default())
                .expect("entry");
        }
        assert!(zip::ZipArchive::new(std::io::Cursor::new(out)).is_err());
        // A write that fails fails once, and finishing says so.
        let mut full = [0u8; 64];
        let mut z = ZipOut::new(std::io::Cursor::new(&mut full[..]));
        z.start_file("c.xml", zip::write::SimpleFileOptions::default())
            .expect("entry");
        let _ = z.write_all(&[b'x'; 1000]);
        assert!(z.finish().is_err());
    }
}
