//! Why a sweep, a shard or a merge stopped without its outputs. The words are the catalogue's,
//! in the reader's language ([`SweepError::render`], called by the command line); the exit code
//! is the command line's choice. (A variant that fails is not an error of the sweep: it is a
//! row of the summary.)

use crate::i18n::{Lang, Msg};
use crate::msg;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SweepError {
    /// The output folder, or the shards' folder in it, cannot be created.
    CreateDir { path: PathBuf, error: String },
    /// `--resume`: the journal cannot be read or cut back to its last whole line.
    ResumeUnreadable { error: String },
    /// The journal cannot be opened for appending, or rewritten without its outdated records.
    JournalWrite { path: PathBuf, error: String },
    /// Finished variants whose records could not be appended to the journal (a full disk):
    /// the run stopped and wrote no summary.
    RecordsLost {
        journal: PathBuf,
        /// The variants not recorded, in variant order.
        names: Vec<String>,
        /// The first one's error.
        error: String,
        /// Finished variants the journal keeps.
        kept: usize,
        /// Variants never started.
        unrun: usize,
    },
    /// The worker threads cannot be started.
    Threads { error: String },
    /// The summaries (`summary.csv`, ...) cannot be written.
    Summary { error: String },
    /// `--merge`: the journals in the output folder cannot be listed.
    ListJournals { path: PathBuf, error: String },
    /// `--merge`: a journal cannot be read (the error names it).
    ReadJournal { error: String },
}

impl SweepError {
    pub(super) fn create_dir(path: &Path, e: std::io::Error) -> SweepError {
        SweepError::CreateDir {
            path: path.to_path_buf(),
            error: e.to_string(),
        }
    }

    pub(super) fn journal_write(path: &Path, e: impl std::fmt::Display) -> SweepError {
        SweepError::JournalWrite {
            path: path.to_path_buf(),
            error: e.to_string(),
        }
    }

    /// The words in `lang`, without the `error:` in front (names listed up to eight).
    pub fn message(&self, lang: Lang) -> String {
        self.words(lang).render(lang)
    }

    fn words(&self, lang: Lang) -> Msg {
        let path = |p: &PathBuf| p.display().to_string();
        match self {
            SweepError::CreateDir { path: p, error } => {
                msg!("sweep-err-create", path = path(p), error = error)
            }
            SweepError::ResumeUnreadable { error } => {
                msg!("sweep-journal-unreadable", error = error)
            }
            SweepError::JournalWrite { path: p, error } => {
                msg!("sweep-err-journal-write", path = path(p), error = error)
            }
            SweepError::RecordsLost {
                journal,
                names,
                error,
                kept,
                unrun,
            } => msg!(
                "sweep-journal-write-failed",
                journal = path(journal),
                count = names.len(),
                names = super::shard::some_names(lang, names.iter().map(String::as_str), 8),
                first = names.first().map_or("", String::as_str),
                error = error,
                kept = *kept,
                unrun = *unrun
            ),
            SweepError::Threads { error } => msg!("sweep-err-threads", error = error),
            SweepError::Summary { error } => msg!("sweep-err-summary", error = error),
            SweepError::ListJournals { path: p, error } => {
                msg!("sweep-err-list", path = path(p), error = error)
            }
            SweepError::ReadJournal { error } => msg!("sweep-err-read-journal", error = error),
        }
    }

    /// The line for stderr, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        crate::t!(lang, "error", message = self.message(lang))
    }
}

impl std::fmt::Display for SweepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for SweepError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind has its own words in both languages, with what it names (the kinds no test
    /// can provoke from outside included: threads that do not start, a folder not listed).
    #[test]
    fn every_kind_has_words_in_both_languages() {
        let p = PathBuf::from("/out/x");
        let all = [
            SweepError::CreateDir {
                path: p.clone(),
                error: "E1".into(),
            },
            SweepError::ResumeUnreadable { error: "E2".into() },
            SweepError::JournalWrite {
                path: p.clone(),
                error: "E3".into(),
            },
            SweepError::RecordsLost {
                journal: p.clone(),
                names: (1..=10).map(|i| format!("v{i}")).collect(),
                error: "E4".into(),
                kept: 3,
                unrun: 5,
            },
            SweepError::Threads { error: "E5".into() },
            SweepError::Summary { error: "E6".into() },
            SweepError::ListJournals {
                path: p.clone(),
                error: "E7".into(),
            },
            SweepError::ReadJournal { error: "E8".into() },
        ];
        let mut seen = Vec::new();
        for (i, e) in all.iter().enumerate() {
            let (en, zh) = (e.render(Lang::En), e.render(Lang::Zh));
            assert!(
                en.starts_with("error: ") && zh.starts_with("错误："),
                "{en} / {zh}"
            );
            for text in [&en, &zh] {
                assert!(text.contains(&format!("E{}", i + 1)), "{text}");
                assert!(!text.contains("sweep-"), "a raw catalogue id: {text}");
            }
            assert_ne!(en.replace("error: ", ""), zh.replace("错误：", ""));
            assert_eq!(e.to_string(), e.message(Lang::En));
            seen.push(e.message(Lang::En));
        }
        // No two kinds say the same.
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len());
        // The lost records: the first named, at most eight listed, the counts.
        let en = all[3].render(Lang::En);
        assert!(
            en.contains("(v1: E4)") && en.contains("v8") && !en.contains("v9,"),
            "{en}"
        );
    }
}
