//! `landquota sweep`: many what-if variants in parallel, in one run or in shards merged later.

use crate::commands::backend;
use crate::commands::sweep::shard;
use crate::commands::sweep::{Row, Sweep, SweepError, SweepOptions};
use crate::i18n::Lang;
use crate::report::exit;
use crate::t;
use blocklp::Backend;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `options` gets the output directory, known once the sweep file is read (its name is the
/// default).
pub(super) fn run(
    lang: Lang,
    path: &Path,
    out: Option<PathBuf>,
    backend: &str,
    shard: Option<&str>,
    merge: bool,
    options: impl FnOnce(PathBuf) -> crate::commands::sweep::SweepOptions,
) -> u8 {
    let backend = backend::by_name(backend).expect("validated by clap");
    let sweep = match crate::commands::sweep::read(path) {
        Ok(s) => s,
        Err(d) => {
            eprintln!("{}", d.render(lang));
            return exit::INVALID;
        }
    };
    let out = out.unwrap_or_else(|| PathBuf::from(format!("{}-out", sweep.name)));
    let opts = options(out.clone());
    if merge {
        return run_merge(&sweep, path, &out, opts.lang);
    }
    if let Some(spec) = shard {
        return run_shard(&sweep, path, backend.as_ref(), &opts, spec, opts.lang);
    }
    match crate::commands::sweep::run_sweep(&sweep, backend.as_ref(), &opts) {
        Ok(o) => {
            journal_notes(&o, lang);
            // By the summary's word, so that the order is the same in every language.
            let mut counts = std::collections::BTreeMap::new();
            for r in &o.rows {
                counts.entry(r.status.as_str()).or_insert((r.status, 0)).1 += 1;
            }
            let ran = o.rows.len() - o.skipped;
            eprintln!(
                "{}",
                crate::t!(
                    lang,
                    "sweep-done",
                    name = &sweep.name,
                    variants = o.rows.len(),
                    resumed = o.skipped,
                    counts = counts
                        .values()
                        .map(|(status, n)| crate::t!(
                            lang,
                            "sweep-count",
                            count = n,
                            status = status.name().render(lang)
                        ))
                        .collect::<Vec<_>>()
                        .join(&crate::t!(lang, "sweep-count-sep")),
                    ran = ran,
                    seconds = format!("{:.2}", o.seconds),
                    rate = format!("{:.2}", ran as f64 / o.seconds.max(1e-9)),
                    summary = out.join("summary.csv").display()
                )
            );
            if o.rows.iter().any(|r| r.status.failed()) {
                exit::SWEEP_FAILURES
            } else {
                exit::OK
            }
        }
        Err(e) => {
            eprintln!("{}", e.render(lang));
            exit_code(&e)
        }
    }
}

/// `landquota sweep SWEEP --shard K/N|slurm`: the exit code (0; 2 for a bad or missing shard;
/// 6 when the journal cannot be written; 8 when some of the shard's variants failed).
pub(super) fn run_shard(
    sweep: &Sweep,
    sweep_path: &Path,
    backend: &dyn Backend,
    opts: &SweepOptions,
    spec: &str,
    lang: Lang,
) -> u8 {
    let shard = match shard::parse_spec(spec).and_then(shard::ShardSpec::resolve) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", t!(lang, "sweep-error", error = e.message(lang)));
            return exit::USAGE;
        }
    };
    let o = match shard::run_shard(sweep, backend, opts, shard) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{}", e.render(lang));
            return exit_code(&e);
        }
    };
    journal_notes(&o, lang);
    let ran = o.rows.len() - o.skipped;
    eprintln!(
        "{}",
        t!(
            lang,
            "sweep-shard-done",
            name = &sweep.name,
            shard = shard,
            count = o.rows.len(),
            total = sweep.variants.len(),
            resumed = o.skipped,
            statuses = shard::status_counts(&o.rows),
            ran = ran,
            seconds = format!("{:.2}", o.seconds),
            rate = format!("{:.2}", ran as f64 / o.seconds.max(1e-9)),
            journal = shard.journal(&opts.out).display(),
            command = format!(
                "landquota sweep {} --out {} --merge",
                sweep_path.display(),
                opts.out.display()
            )
        )
    );
    if o.rows.iter().any(|r| r.status.failed()) {
        exit::SWEEP_FAILURES
    } else {
        exit::OK
    }
}

/// `landquota sweep SWEEP --out DIR --merge`: the exit code (0; 8 when variants failed; 9 when
/// some have no result, and then nothing is written).
pub(super) fn run_merge(sweep: &Sweep, sweep_path: &Path, out: &Path, lang: Lang) -> u8 {
    let m = match shard::merge(sweep, out, lang) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{}", e.render(lang));
            return exit_code(&e);
        }
    };
    if m.stale > 0 {
        eprintln!("{}", t!(lang, "sweep-merge-stale", count = m.stale));
    }
    for (journal, count) in &m.partial {
        eprintln!(
            "{}",
            t!(
                lang,
                "sweep-merge-partial",
                journal = journal.display(),
                count = count
            )
        );
    }
    for (journal, why, count) in &m.outdated {
        let why = match why.as_str() {
            "unmarked" => t!(lang, "sweep-outdated-unmarked"),
            "sweep" => t!(lang, "sweep-outdated-sweep"),
            "base" => t!(lang, "sweep-outdated-base"),
            _ => t!(lang, "sweep-outdated-both"),
        };
        eprintln!(
            "{}",
            t!(
                lang,
                "sweep-merge-outdated",
                journal = journal.display(),
                count = count,
                why = why
            )
        );
    }
    for (name, a, b) in &m.conflicts {
        eprintln!(
            "{}",
            t!(
                lang,
                "sweep-merge-conflict",
                name = name,
                first = a.display(),
                second = b.display()
            )
        );
    }
    let files = m
        .files
        .iter()
        .map(|(p, n)| format!("{} {n}", p.display()))
        .collect::<Vec<_>>()
        .join(", ");
    eprintln!(
        "{}",
        t!(
            lang,
            "sweep-merge-found",
            name = &sweep.name,
            found = m.rows.len(),
            total = sweep.variants.len(),
            journals = m.files.len(),
            files = if files.is_empty() { "-".into() } else { files },
            statuses = if m.rows.is_empty() {
                "-".into()
            } else {
                shard::status_counts(&m.rows)
            }
        )
    );
    if !m.mixed.is_empty() {
        eprintln!("{}", t!(lang, "sweep-merge-mixed"));
        for (options, journals) in &m.mixed {
            let list = journals
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>();
            eprintln!(
                "  {}",
                t!(
                    lang,
                    "sweep-merge-mixed-set",
                    options = options,
                    journals = shard::some_names(lang, list.iter().map(String::as_str), 8)
                )
            );
        }
        return exit::SWEEP_INCOMPLETE;
    }
    let failures: Vec<&Row> = m.rows.iter().filter(|r| r.status.failed()).collect();
    if !failures.is_empty() {
        eprintln!("{}", t!(lang, "sweep-merge-failed", count = failures.len()));
        for r in failures.iter().take(20) {
            let mut msg: String = r.message.chars().take(160).collect();
            if msg.len() < r.message.len() {
                msg.push('…');
            }
            eprintln!("  {} ({}): {msg}", r.name, r.status);
        }
        if failures.len() > 20 {
            eprintln!(
                "  {}",
                t!(lang, "sweep-names-more", count = failures.len() - 20)
            );
        }
    }
    if !m.missing.is_empty() {
        eprintln!(
            "{}",
            t!(
                lang,
                "sweep-merge-missing",
                count = m.missing.len(),
                total = sweep.variants.len(),
                out = out.display()
            )
        );
        // Where the missing ones belong, when the journals share one split.
        let dealt = m
            .shards
            .map(|n| (n, shard::assignment(sweep.variants.len(), n)));
        let mut by_shard: BTreeMap<Option<(usize, usize)>, Vec<&str>> = BTreeMap::new();
        for (i, name) in &m.missing {
            let s = dealt.as_ref().map(|(n, a)| (a[*i], *n));
            by_shard.entry(s).or_default().push(name);
        }
        for (s, names) in &by_shard {
            let list = shard::some_names(lang, names.iter().copied(), 8);
            match s {
                Some((k, n)) => {
                    let shard = format!("{k}/{n}");
                    eprintln!(
                        "  {}",
                        t!(
                            lang,
                            "sweep-merge-missing-shard",
                            shard = &shard,
                            count = names.len(),
                            names = list
                        )
                    );
                    eprintln!(
                        "    {}",
                        t!(
                            lang,
                            "sweep-merge-rerun",
                            command = format!(
                                "landquota sweep {} --shard {shard} --out {} --resume",
                                sweep_path.display(),
                                out.display()
                            )
                        )
                    );
                }
                None => eprintln!(
                    "  {}",
                    t!(
                        lang,
                        "sweep-merge-missing-some",
                        count = names.len(),
                        names = list
                    )
                ),
            }
        }
        return exit::SWEEP_INCOMPLETE;
    }
    eprintln!(
        "{}",
        t!(
            lang,
            "sweep-merge-written",
            path = out.join("summary.csv").display()
        )
    );
    if failures.is_empty() {
        exit::OK
    } else {
        exit::SWEEP_FAILURES
    }
}

/// The README's exit code of a sweep that stopped (every kind chooses its own): 6, its files
/// cannot be read or written, as for a single run, a shard and a merge alike.
fn exit_code(e: &SweepError) -> u8 {
    match e {
        SweepError::CreateDir { .. }
        | SweepError::ResumeUnreadable { .. }
        | SweepError::JournalWrite { .. }
        | SweepError::RecordsLost { .. }
        | SweepError::Summary { .. }
        | SweepError::ListJournals { .. }
        | SweepError::ReadJournal { .. } => exit::IO,
        // Never seen: rayon cannot start its threads. No row of the table fits better; the
        // sweep ran nothing and wrote nothing new, as for an output it cannot write.
        SweepError::Threads { .. } => exit::IO,
    }
}

/// What resuming found in the journal: a record cut short, records of another base or options.
fn journal_notes(o: &crate::commands::sweep::Outcome, lang: Lang) {
    if o.dropped_partial {
        eprintln!("{}", t!(lang, "sweep-journal-partial-dropped"));
    }
    if o.dropped_outdated > 0 {
        eprintln!(
            "{}",
            t!(
                lang,
                "sweep-journal-outdated-dropped",
                count = o.dropped_outdated
            )
        );
    }
}
