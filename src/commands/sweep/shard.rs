//! Sweeps across machines: shard K of N runs a fixed share of the variants into its own journal
//! in the shared output folder, and the merge writes the sweep's outputs from all the journals,
//! byte-identical to a single run (it calls the same [`write_outputs`], so every output a sweep
//! writes, the summaries, `counties.csv` and the page, comes out of a merge too).
//!
//! **Assignment.** Variant `i` (0-based, in variant order) gets the key `splitmix::mix(i)`, the
//! SplitMix64 finaliser of `i` (a bijection on 64-bit integers, so keys never tie); the variants are sorted by
//! key and dealt out like cards: the one at position `p` goes to shard `p mod N + 1`. Shards
//! differ by at most one variant, and since the order is a fixed pseudo-random shuffle, no shard
//! gets a systematic slice of the sweep: not the first block (cheap or dear capacities at one end
//! of a grid axis), and not every N-th variant (which, with an axis of N values, would give one
//! shard one value). The assignment depends only on the number of variants and N.
//!
//! **Files.** Shard K of N appends one JSON line per finished variant to
//! `DIR/shards/K-of-N.jsonl` (the same records as a single run's `results.jsonl`), one `write` per
//! line, and writes nothing else but `--keep-allocations` files (one per variant, atomic): shards
//! never write the same file. `--resume` reads the shard's own journal. The merge reads
//! `DIR/results.jsonl` and every `DIR/shards/*-of-*.jsonl`, keeps the records that match the
//! sweep file's variants (name, index and overrides) and whose fingerprint names this sweep
//! file and this base (see [`super::journal`]; the others are set aside and named), refuses
//! journals run with different options, and writes the outputs only when every variant is
//! there.

use super::out::write_outputs;
use super::{Done, Row, Sweep, SweepError, SweepOptions, Variant};
use crate::i18n::Lang;
use crate::t;
use blocklp::Backend;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Shard `k` of `n` (1 ≤ k ≤ n).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: usize,
    pub n: usize,
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

/// Where `--shard` takes K and N from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardSpec {
    Given(Shard),
    /// The array variables of a Slurm array task.
    Slurm,
}

/// Why `--shard` gave no shard; [`ShardError::message`] says it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShardError {
    /// Not `K/N` with 1 ≤ K ≤ N, nor `slurm`.
    Syntax(String),
    /// A Slurm array variable that `--shard slurm` needs is not set.
    Unset(&'static str),
    /// Neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX is set.
    NoCount,
    NotNumber(&'static str, String),
    /// The array's ids are not one regular range (a rerun of some shards, `--array=2,5`).
    Irregular {
        min: i64,
        max: i64,
        step: i64,
        count: i64,
    },
    NotInArray {
        id: i64,
        min: i64,
        step: i64,
        count: i64,
    },
}

impl ShardError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ShardError::Syntax(text) => t!(lang, "sweep-shard-syntax", text = text),
            ShardError::Unset(var) => t!(lang, "sweep-slurm-unset", var = var),
            ShardError::NoCount => t!(lang, "sweep-slurm-no-count"),
            ShardError::NotNumber(var, value) => {
                t!(lang, "sweep-slurm-not-number", var = var, value = value)
            }
            ShardError::Irregular {
                min,
                max,
                step,
                count,
            } => t!(
                lang,
                "sweep-slurm-irregular",
                min = min,
                max = max,
                step = step,
                count = count
            ),
            ShardError::NotInArray {
                id,
                min,
                step,
                count,
            } => t!(
                lang,
                "sweep-slurm-not-in-array",
                id = id,
                min = min,
                step = step,
                count = count
            ),
        }
    }
}

/// Parses `--shard K/N` or `--shard slurm`.
pub fn parse_spec(text: &str) -> Result<ShardSpec, ShardError> {
    if text.eq_ignore_ascii_case("slurm") {
        return Ok(ShardSpec::Slurm);
    }
    let syntax = || ShardError::Syntax(text.to_string());
    let (k, n) = text.split_once('/').ok_or_else(syntax)?;
    let k: usize = k.trim().parse().map_err(|_| syntax())?;
    let n: usize = n.trim().parse().map_err(|_| syntax())?;
    if k == 0 || k > n {
        return Err(syntax());
    }
    Ok(ShardSpec::Given(Shard { k, n }))
}

/// K and N of a Slurm array task: K = (ID − MIN) / STEP + 1, N = COUNT, or (MAX − MIN) / STEP + 1
/// without COUNT. An array of all the shards (`--array=1-N`, `0-9`, `1-99:2`) qualifies; a list
/// of some of them (`--array=2,5`, a rerun) does not: pass K/N explicitly there.
pub fn from_slurm(var: impl Fn(&str) -> Option<String>) -> Result<Shard, ShardError> {
    let num = |name: &'static str| -> Result<Option<i64>, ShardError> {
        match var(name) {
            None => Ok(None),
            Some(v) if v.trim().is_empty() => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| ShardError::NotNumber(name, v)),
        }
    };
    let required = |name: &'static str| num(name)?.ok_or(ShardError::Unset(name));
    let id = required("SLURM_ARRAY_TASK_ID")?;
    let min = required("SLURM_ARRAY_TASK_MIN")?;
    let step = num("SLURM_ARRAY_TASK_STEP")?.unwrap_or(1).max(1);
    let max = num("SLURM_ARRAY_TASK_MAX")?;
    let count = num("SLURM_ARRAY_TASK_COUNT")?;
    let span = max.map(|max| (max - min) / step + 1);
    let count = match (count, span) {
        (Some(c), Some(s)) if c != s => {
            return Err(ShardError::Irregular {
                min,
                max: max.unwrap_or_default(),
                step,
                count: c,
            });
        }
        (Some(c), _) => c,
        (None, Some(s)) => s,
        (None, None) => return Err(ShardError::NoCount),
    };
    if id < min || (id - min) % step != 0 || count < 1 || (id - min) / step + 1 > count {
        return Err(ShardError::NotInArray {
            id,
            min,
            step,
            count,
        });
    }
    Ok(Shard {
        k: ((id - min) / step + 1) as usize,
        n: count as usize,
    })
}

impl ShardSpec {
    /// The shard, reading Slurm's variables from the environment when asked to.
    pub fn resolve(self) -> Result<Shard, ShardError> {
        match self {
            ShardSpec::Given(s) => Ok(s),
            ShardSpec::Slurm => from_slurm(|name| std::env::var(name).ok()),
        }
    }
}

/// The shard (1-based) of every variant of a sweep of `count` variants split `n` ways.
pub fn assignment(count: usize, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..count).collect();
    // SplitMix64's finaliser is a bijection, so every variant gets its own key.
    order.sort_by_key(|&i| splitmix::mix(i as u64));
    let mut shard_of = vec![0; count];
    for (p, &i) in order.iter().enumerate() {
        shard_of[i] = p % n.max(1) + 1;
    }
    shard_of
}

impl Shard {
    /// This shard's variant indices, ascending.
    pub fn variants(self, count: usize) -> Vec<usize> {
        assignment(count, self.n)
            .into_iter()
            .enumerate()
            .filter(|&(_, s)| s == self.k)
            .map(|(i, _)| i)
            .collect()
    }

    /// The shard's journal in the shared output folder.
    pub fn journal(self, out: &Path) -> PathBuf {
        out.join("shards")
            .join(format!("{}-of-{}.jsonl", self.k, self.n))
    }
}

/// Runs shard `shard` of the sweep: its variants only, into its journal. The rows are the shard's.
pub fn run_shard(
    sweep: &Sweep,
    backend: &dyn Backend,
    opts: &SweepOptions,
    shard: Shard,
) -> Result<super::Outcome, SweepError> {
    super::run_selected(sweep, backend, opts, Some(shard))
}

/// What the merge found.
pub struct Merged {
    /// One row per variant found, in variant order.
    pub rows: Vec<Row>,
    /// The journals read (relative to the output folder) and how many records each gave.
    pub files: Vec<(PathBuf, usize)>,
    /// Variants with no record: `(index, name)`.
    pub missing: Vec<(usize, String)>,
    /// The shard split of the journals, when they all share one N: where the missing ones belong.
    pub shards: Option<usize>,
    /// Records of variants this sweep file does not have (an older version of the sweep).
    pub stale: usize,
    /// Variants recorded twice with different results (the first is kept): `(name, files)`.
    pub conflicts: Vec<(String, PathBuf, PathBuf)>,
    /// Lines that were not whole records (cut short by a full disk or a kill), per journal.
    pub partial: Vec<(PathBuf, usize)>,
    /// Records set aside because they were made from another sweep file or base scenario, or
    /// before fingerprints: `(journal, what differs, count)`.
    pub outdated: Vec<(PathBuf, String, usize)>,
    /// Journals run with different options (`--no-explain`, `--backend`): each set of options
    /// with its journals. Nothing is written then.
    pub mixed: Vec<(String, Vec<PathBuf>)>,
    /// Whether the outputs were written (only when nothing is missing).
    pub written: bool,
}

/// `results.jsonl` first, then the shards' journals by N, then K; each with its shard's N.
fn journals(out: &Path) -> std::io::Result<Vec<(Option<usize>, PathBuf)>> {
    let mut found = Vec::new();
    if out.join("results.jsonl").is_file() {
        found.push((None, 0, PathBuf::from("results.jsonl")));
    }
    let dir = out.join("shards");
    if dir.is_dir() {
        for entry in std::fs::read_dir(&dir)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            let parsed = name
                .strip_suffix(".jsonl")
                .and_then(|s| s.split_once("-of-"))
                .and_then(|(k, n)| Some((n.parse::<usize>().ok()?, k.parse::<usize>().ok()?)));
            if let Some((n, k)) = parsed {
                found.push((Some(n), k, Path::new("shards").join(name)));
            }
        }
    }
    found.sort();
    Ok(found.into_iter().map(|(n, _, p)| (n, p)).collect())
}

/// Merges the journals in `out` and, when every variant is there, writes the sweep's outputs
/// (the page in `lang`).
pub fn merge(sweep: &Sweep, out: &Path, lang: Lang) -> Result<Merged, SweepError> {
    let paths = journals(out).map_err(|e| SweepError::ListJournals {
        path: out.to_path_buf(),
        error: e.to_string(),
    })?;
    // The sweep file and base as they are now: records made from others are set aside.
    let base = crate::scenario::load::load(&sweep.base);
    let now = super::journal::Fingerprint::new(
        sweep,
        &super::journal::base_bytes(
            base.as_ref().map(|r| r.inputs.as_slice()).unwrap_or(&[]),
            &sweep.base,
        ),
        "",
        true,
    );
    let mut done: BTreeMap<usize, (Done, usize)> = BTreeMap::new();
    let mut files = Vec::new();
    let mut stale = 0;
    let mut conflicts = Vec::new();
    let mut splits: Vec<usize> = Vec::new();
    let mut partial = Vec::new();
    let mut outdated: BTreeMap<(PathBuf, String), usize> = BTreeMap::new();
    let mut options: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for (f, (split, rel)) in paths.iter().enumerate() {
        let parsed = super::journal::read(&out.join(rel)).map_err(|e| SweepError::ReadJournal {
            error: e.to_string(),
        })?;
        if parsed.partial > 0 {
            // A line cut short by an interruption is not a record; its variant is rerun.
            partial.push((rel.clone(), parsed.partial));
        }
        let mut records = 0;
        for d in parsed.records {
            if sweep.variants.get(d.variant.index) != Some(&d.variant) {
                stale += 1;
                continue;
            }
            let why = match &d.fingerprint {
                None => Some("unmarked".to_string()),
                Some(fp) => {
                    let differs: Vec<String> = fp
                        .differs(&now)
                        .into_iter()
                        .filter(|w| w != "options")
                        .collect();
                    (!differs.is_empty()).then(|| differs.join("+"))
                }
            };
            if let Some(why) = why {
                *outdated.entry((rel.clone(), why)).or_insert(0) += 1;
                continue;
            }
            let fp_options = d.fingerprint.as_ref().map(|x| x.options.clone());
            let used = options.entry(fp_options.unwrap_or_default()).or_default();
            if used.last() != Some(rel) {
                used.push(rel.clone());
            }
            records += 1;
            match done.get_mut(&d.variant.index) {
                None => {
                    done.insert(d.variant.index, (d, f));
                }
                Some((kept, from)) => {
                    if kept.row != d.row {
                        // A success beats a failure (a variant rerun after a crash); otherwise
                        // the first file in the documented order wins.
                        if kept.row.status.failed() && !d.row.status.failed() {
                            *kept = d;
                            *from = f;
                        } else if !d.row.status.failed() {
                            conflicts.push((
                                kept.variant.name.clone(),
                                paths[*from].1.clone(),
                                rel.clone(),
                            ));
                        }
                    }
                }
            }
        }
        splits.extend(*split);
        files.push((rel.clone(), records));
    }
    splits.sort();
    splits.dedup();
    let missing: Vec<(usize, String)> = sweep
        .variants
        .iter()
        .filter(|v| !done.contains_key(&v.index))
        .map(|v: &Variant| (v.index, v.name.clone()))
        .collect();
    // Results of different options are not one sweep: refused whole, whichever is complete.
    let mixed: Vec<(String, Vec<PathBuf>)> = if options.len() > 1 {
        options.into_iter().collect()
    } else {
        Vec::new()
    };
    let done: BTreeMap<usize, Done> = done.into_iter().map(|(i, (d, _))| (i, d)).collect();
    let written = missing.is_empty() && mixed.is_empty();
    if written {
        let all: Vec<&Done> = done.values().collect();
        write_outputs(out, sweep, &all, lang).map_err(|e| SweepError::Summary {
            error: e.to_string(),
        })?;
    }
    Ok(Merged {
        rows: done.values().map(|d| d.row.clone()).collect(),
        files,
        missing,
        shards: (splits.len() == 1).then(|| splits[0]),
        stale,
        conflicts,
        partial,
        outdated: outdated
            .into_iter()
            .map(|((file, why), n)| (file, why, n))
            .collect(),
        mixed,
        written,
    })
}

/// Names, at most `limit` of them, then how many more.
pub fn some_names<'a>(
    lang: Lang,
    names: impl ExactSizeIterator<Item = &'a str>,
    limit: usize,
) -> String {
    let n = names.len();
    let mut text = names.take(limit).collect::<Vec<_>>().join(", ");
    if n > limit {
        text.push_str(&t!(lang, "sweep-names-more", count = n - limit));
    }
    text
}

/// Counts by status, `17 optimal, 2 infeasible` (statuses are machine words, as in the summary).
pub fn status_counts(rows: &[Row]) -> String {
    let mut counts = BTreeMap::new();
    for r in rows {
        *counts.entry(r.status.as_str()).or_insert(0) += 1;
    }
    counts
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_in_exactly_one_shard_and_sizes_within_one() {
        for count in [0, 1, 2, 17, 24, 100, 1001] {
            for n in 1..=9 {
                let a = assignment(count, n);
                let mut sizes = vec![0; n];
                for &s in &a {
                    assert!((1..=n).contains(&s));
                    sizes[s - 1] += 1;
                }
                let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
                assert!(
                    (hi - lo) <= 1,
                    "{count} variants, {n} shards: sizes {sizes:?}"
                );
                let union: usize = (1..=n).map(|k| Shard { k, n }.variants(count).len()).sum();
                assert_eq!(union, count);
            }
        }
    }

    #[test]
    fn shards_do_not_follow_a_grid_axis() {
        // A 2-valued last axis (jinhua-pool-cut's yiwu.frozen): round robin with N = 2 would give
        // shard 1 every `false` and shard 2 every `true`; the deal mixes them.
        let a = assignment(100, 2);
        let even_in_1 = (0..100).filter(|i| i % 2 == 0 && a[*i] == 1).count();
        assert!((15..=35).contains(&even_in_1), "{even_in_1} of 50");
        // The first block of a grid (one end of a capacity axis) is spread too.
        let first_third_in_1 = (0..33).filter(|i| a[*i] == 1).count();
        assert!((8..=25).contains(&first_third_in_1), "{first_third_in_1}");
    }

    #[test]
    fn shard_spec_parses_and_rejects() {
        assert_eq!(
            parse_spec("2/8"),
            Ok(ShardSpec::Given(Shard { k: 2, n: 8 }))
        );
        assert_eq!(parse_spec("SLURM"), Ok(ShardSpec::Slurm));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/3", ""] {
            let e = parse_spec(bad).unwrap_err().message(Lang::En);
            assert!(
                e.contains("K/N") && e.contains(&format!("`{bad}`")),
                "{bad}: {e}"
            );
        }
    }

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn slurm_array_variables() {
        let one_to_three = |id: &'static str| {
            from_slurm(env(&[
                ("SLURM_ARRAY_TASK_ID", id),
                ("SLURM_ARRAY_TASK_MIN", "1"),
                ("SLURM_ARRAY_TASK_MAX", "3"),
                ("SLURM_ARRAY_TASK_COUNT", "3"),
            ]))
        };
        assert_eq!(one_to_three("1"), Ok(Shard { k: 1, n: 3 }));
        assert_eq!(one_to_three("3"), Ok(Shard { k: 3, n: 3 }));
        assert_eq!(
            one_to_three("4"),
            Err(ShardError::NotInArray {
                id: 4,
                min: 1,
                step: 1,
                count: 3
            })
        );
        // 0-based array, COUNT only.
        assert_eq!(
            from_slurm(env(&[
                ("SLURM_ARRAY_TASK_ID", "0"),
                ("SLURM_ARRAY_TASK_MIN", "0"),
                ("SLURM_ARRAY_TASK_COUNT", "10"),
            ])),
            Ok(Shard { k: 1, n: 10 })
        );
        // MAX only, with a step: --array=1-9:2 is 1,3,5,7,9.
        assert_eq!(
            from_slurm(env(&[
                ("SLURM_ARRAY_TASK_ID", "7"),
                ("SLURM_ARRAY_TASK_MIN", "1"),
                ("SLURM_ARRAY_TASK_MAX", "9"),
                ("SLURM_ARRAY_TASK_STEP", "2"),
            ])),
            Ok(Shard { k: 4, n: 5 })
        );
        // A rerun of some shards is not a range.
        let e = from_slurm(env(&[
            ("SLURM_ARRAY_TASK_ID", "5"),
            ("SLURM_ARRAY_TASK_MIN", "2"),
            ("SLURM_ARRAY_TASK_MAX", "5"),
            ("SLURM_ARRAY_TASK_COUNT", "2"),
        ]))
        .unwrap_err();
        assert!(matches!(e, ShardError::Irregular { count: 2, .. }));
        assert!(
            e.message(Lang::En)
                .contains("--shard $SLURM_ARRAY_TASK_ID/N")
        );
        // Outside Slurm: a clear error naming the variable, in both languages.
        let e = from_slurm(env(&[])).unwrap_err();
        assert_eq!(e, ShardError::Unset("SLURM_ARRAY_TASK_ID"));
        for lang in [Lang::En, Lang::Zh] {
            let m = e.message(lang);
            assert!(
                m.contains("SLURM_ARRAY_TASK_ID") && m.contains("--shard K/N"),
                "{m}"
            );
        }
        assert_ne!(e.message(Lang::En), e.message(Lang::Zh));
        let e = from_slurm(env(&[
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
        ]))
        .unwrap_err();
        assert_eq!(e, ShardError::NoCount);
        let e = from_slurm(env(&[
            ("SLURM_ARRAY_TASK_ID", "x"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
        ]))
        .unwrap_err();
        assert_eq!(e, ShardError::NotNumber("SLURM_ARRAY_TASK_ID", "x".into()));
    }
}
