//! The journals of a sweep (`results.jsonl`, a shard's `shards/K-of-N.jsonl`): one JSON line per
//! finished variant, what `--resume` and `--merge` rebuild a sweep from. Three guarantees:
//!
//! - **Read at byte level.** A line cut short (a full disk, a kill) may end inside a UTF-8
//!   character: lines are split on the newline byte and parsed one by one, so a broken line
//!   costs its own variant only, never the finished ones ([`parse`]); `--resume` first cuts the
//!   file back to its last complete line ([`recover`]).
//! - **A record not written fails the run.** [`Journal::append`] remembers a failed write;
//!   the run starts no more variants and ends with an error naming those not recorded.
//! - **Every record carries its [`Fingerprint`]**: the sweep file, the base scenario's files
//!   and the options that change a result. A record with another fingerprint is never resumed
//!   and never merged, so an edited base, a shard run with `--no-explain` or an old
//!   `results.jsonl` cannot slip into a summary.

use super::Done;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// What a variant's result depends on besides its overrides. Compared whole; the parts say
/// what differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The sweep file's bytes (hashed).
    pub sweep: String,
    /// The base scenario's files, the scenario file, those it extends and its tables, in the
    /// order read (hashed, with their lengths).
    pub base: String,
    /// The options that change a result: the solver and `--no-explain` (`explain` or
    /// `no-explain`). Not `--time-limit`: it decides whether a plan is found in time, not
    /// which plan, and the status records its effect; not `--threads`.
    pub options: String,
}

impl Fingerprint {
    pub fn new(sweep: &super::Sweep, base: &[u8], backend: &str, explain: bool) -> Fingerprint {
        Fingerprint {
            sweep: sweep.source_hash.clone(),
            base: hash(base),
            options: format!(
                "backend={backend} {}",
                if explain { "explain" } else { "no-explain" }
            ),
        }
    }

    /// What differs from `other`, as words for a message: `base`, `sweep file`, `options (…)`.
    pub fn differs(&self, other: &Fingerprint) -> Vec<String> {
        let mut out = Vec::new();
        if self.sweep != other.sweep {
            out.push("sweep".to_string());
        }
        if self.base != other.base {
            out.push("base".to_string());
        }
        if self.options != other.options {
            out.push("options".to_string());
        }
        out
    }
}

/// The base scenario as the fingerprint sees it: every file it reads, each as its length and
/// bytes, in order. A file that cannot be read counts as its error (the variants are then
/// invalid, and a later fixed base differs).
pub fn base_bytes(inputs: &[PathBuf], base: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    // The files read; when loading failed, the scenario file itself.
    let own = base.join("scenario.toml");
    let files: Vec<&Path> = if !inputs.is_empty() {
        inputs.iter().map(PathBuf::as_path).collect()
    } else if base.is_dir() {
        vec![own.as_path()]
    } else {
        vec![base]
    };
    for f in files {
        let bytes = std::fs::read(f).unwrap_or_else(|e| format!("unreadable: {e}").into_bytes());
        out.extend((bytes.len() as u64).to_le_bytes());
        out.extend(bytes);
    }
    out
}

/// FNV-1a, 128 bits, as hex: stable across versions and platforms (std's hasher is not),
/// and plenty to tell two versions of a file apart (this guards against mistakes, not
/// against an adversary).
pub fn hash(bytes: &[u8]) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    for &b in bytes {
        h ^= u128::from(b);
        h = h.wrapping_mul(PRIME);
    }
    format!("{h:032x}")
}

/// The records of a journal's bytes, and how many lines were not records (cut short, or
/// damaged): a line is parsed from its bytes, so one broken line costs only itself.
pub struct Parsed {
    pub records: Vec<Done>,
    pub partial: usize,
}

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut records = Vec::new();
    let mut partial = 0;
    for line in bytes.split(|&b| b == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Done>(line) {
            Ok(d) => records.push(d),
            Err(_) => partial += 1,
        }
    }
    Parsed { records, partial }
}

/// Reads a journal: nothing when there is none; an error for anything but a regular file
/// (a device would be read without end).
pub fn read(path: &Path) -> std::io::Result<Parsed> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Parsed {
            records: Vec::new(),
            partial: 0,
        }),
        _ => crate::fsutil::read_regular(path)
            .map(|b| parse(&b))
            .map_err(|e| crate::fsutil::with_path(path, e)),
    }
}

/// Before appending to a journal: a last line cut short is removed (the file is cut back to
/// its last complete line), or ended when it is a whole record missing only its newline, so
/// that the next record starts a line of its own. Returns whether a partial line was removed.
pub fn recover(path: &Path) -> std::io::Result<bool> {
    let Ok(bytes) = crate::fsutil::read_regular(path) else {
        return Ok(false);
    };
    if bytes.is_empty() || bytes.ends_with(b"\n") {
        return Ok(false);
    }
    let keep = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let tail = &bytes[keep..];
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| crate::fsutil::with_path(path, e))?;
    let removed = if serde_json::from_slice::<Done>(tail).is_ok() {
        use std::io::Seek;
        f.seek(std::io::SeekFrom::End(0))?;
        f.write_all(b"\n")?;
        false
    } else {
        f.set_len(keep as u64)?;
        true
    };
    f.sync_all()
        .map_err(|e| crate::fsutil::with_path(path, e))?;
    Ok(removed)
}

/// A journal open for appending, shared by the worker threads. The first failed write stops
/// the run: [`Journal::stopped`] tells the workers not to start another variant.
pub struct Journal {
    file: Mutex<std::fs::File>,
    stopped: AtomicBool,
    /// Variants whose record could not be written: (index, name, error).
    failed: Mutex<Vec<(usize, String, String)>>,
}

impl Journal {
    pub fn open(path: &Path) -> std::io::Result<Journal> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| crate::fsutil::with_path(path, e))?;
        Ok(Journal {
            file: Mutex::new(file),
            stopped: AtomicBool::new(false),
            failed: Mutex::new(Vec::new()),
        })
    }

    /// Appends one record as one line, in one write (a line is never interleaved with
    /// another), flushed.
    pub fn append(&self, d: &Done) {
        let written = serde_json::to_string(d)
            .map_err(std::io::Error::other)
            .and_then(|mut line| {
                line.push('\n');
                let mut f = self.file.lock().unwrap_or_else(|e| e.into_inner());
                f.write_all(line.as_bytes()).and_then(|_| f.flush())
            });
        if let Err(e) = written {
            self.stopped.store(true, Ordering::SeqCst);
            self.failed.lock().unwrap_or_else(|e| e.into_inner()).push((
                d.variant.index,
                d.variant.name.clone(),
                e.to_string(),
            ));
        }
    }

    pub fn stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    /// The variants not recorded, in variant order.
    pub fn failed(self) -> Vec<(usize, String, String)> {
        let mut f = self.failed.into_inner().unwrap_or_else(|e| e.into_inner());
        f.sort();
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_fnv1a_128() {
        // FNV-1a 128 of "" is its offset basis; of "a", the published test vector.
        assert_eq!(hash(b""), "6c62272e07bb014262b821756295c58d");
        assert_eq!(hash(b"a"), "d228cb696f1a8caf78912b704e4a8964");
    }
}
