//! What the loaders of the scenario file and of its table files share: a raw record with its
//! origin, a record that could not be read, where problems and notes are collected, and two
//! helpers for messages.

use super::diag::{Diagnostics, Note, Origin};
use crate::i18n::Msg;
use crate::msg;
use std::path::PathBuf;

/// A raw record with its origin in a TOML table or a CSV row.
#[derive(Debug, Clone)]
pub struct Record<T> {
    pub raw: T,
    pub origin: Origin,
}

/// A record that could not be read (its problems are reported), with its id when that much is
/// readable (empty if the record has none). `None` stands for records whose ids cannot be known
/// (a CSV file that cannot be read, or without an id column): then no reference to the section
/// is called unknown. Validation does not call references to a failed record unknown.
#[derive(Debug, Clone)]
pub struct Failed {
    pub section: String,
    pub id: Option<String>,
}

/// An I/O error in words, without the OS error number.
pub(crate) fn io_message(e: &std::io::Error) -> Msg {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => msg!("load-io-not-found"),
        ErrorKind::PermissionDenied => msg!("load-io-permission"),
        ErrorKind::IsADirectory => msg!("load-io-is-dir"),
        // Our own errors (a FIFO or device refused) say it in words already.
        ErrorKind::InvalidInput => Msg::Lit(e.to_string()),
        // The kind in the standard library's words.
        kind => msg!("load-io-other", kind = kind.to_string()),
    }
}

/// Where loaders put what they find.
pub(crate) struct Collect<'a> {
    pub diags: &'a mut Diagnostics,
    pub failed: &'a mut Vec<Failed>,
    pub notes: &'a mut Vec<Note>,
    pub inputs: &'a mut Vec<PathBuf>,
}

/// The number at the start of `text` with thousands separators dropped (`1,234 mu` → 1234),
/// for "write it as" hints.
pub(crate) fn leading_number(text: &str) -> Option<String> {
    let t = text.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '_')))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    let n: String = t[..end]
        .chars()
        .filter(|c| !matches!(c, ',' | '_'))
        .collect();
    (!n.is_empty() && n.parse::<f64>().is_ok()).then_some(n)
}
