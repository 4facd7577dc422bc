//! A variant's status: the solve's own (the report's [`Status`]), or one of the two the sweep
//! adds, `invalid` and `error`. In the journals, `summary.csv` and `summary.json` it is one
//! word, the same as before it had a type (machine contracts).

use crate::i18n::Msg;
use crate::msg;
use crate::report::{Status, status_name};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariantStatus {
    /// The variant was solved: the run's status.
    Solved(Status),
    /// An edit, the edited scenario or the base is invalid: nothing was solved.
    Invalid,
    /// Solving panicked, or the variant's result file (`--keep-allocations`) was not written.
    Error,
}

impl VariantStatus {
    /// The word of the journals and summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            VariantStatus::Solved(s) => s.as_str(),
            VariantStatus::Invalid => "invalid",
            VariantStatus::Error => "error",
        }
    }

    /// The status for people, in the reader's language.
    pub fn name(self) -> Msg {
        match self {
            VariantStatus::Solved(s) => status_name(s),
            VariantStatus::Invalid => msg!("sweep-status-invalid"),
            VariantStatus::Error => msg!("sweep-status-error"),
        }
    }

    /// Whether it counts against the sweep (exit 8, README): a variant invalid, failed, or
    /// stopped by the time limit without a plan. The one list, for a single run, a shard and a
    /// merge alike (a rerun with a plan beats it when merging).
    pub fn failed(self) -> bool {
        matches!(
            self,
            VariantStatus::Invalid
                | VariantStatus::Error
                | VariantStatus::Solved(Status::SolverError | Status::TimeLimit)
        )
    }
}

impl std::fmt::Display for VariantStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compared with the summary's word (`row.status == "optimal"`), as scripts and tests read it.
impl PartialEq<&str> for VariantStatus {
    fn eq(&self, word: &&str) -> bool {
        self.as_str() == *word
    }
}

impl Serialize for VariantStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A word no status has makes the journal line no record (it is then rerun or reported as cut
/// short), as any other damage does.
impl<'de> Deserialize<'de> for VariantStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let word = String::deserialize(d)?;
        Ok(match word.as_str() {
            "invalid" => VariantStatus::Invalid,
            "error" => VariantStatus::Error,
            other => VariantStatus::Solved(Status::from_name(other).ok_or_else(|| {
                serde::de::Error::custom(format!("no variant status is called `{other}`"))
            })?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_reads_back_from_its_word() {
        let all = [
            Status::Optimal,
            Status::Infeasible,
            Status::Unbounded,
            Status::CheckFailed,
            Status::NotProvenOptimal,
            Status::SolverError,
            Status::TimeLimit,
        ]
        .map(VariantStatus::Solved)
        .into_iter()
        .chain([VariantStatus::Invalid, VariantStatus::Error]);
        for v in all {
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("\"{}\"", v.as_str()));
            assert_eq!(serde_json::from_str::<VariantStatus>(&json).unwrap(), v);
        }
        assert!(serde_json::from_str::<VariantStatus>("\"finished\"").is_err());
    }
}
