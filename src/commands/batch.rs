//! `landquota batch`: run many scenario files, in parallel, each several times, and report each
//! file's outcome with the wall time of every stage. The officers' benchmarked batch run, and
//! the regression check over every shipped scenario (`batch scenarios/`).
//!
//! **Inputs.** Each input is a scenario file, a directory holding `scenario.toml` (that
//! scenario, as for `solve`), or any other directory, searched recursively (hidden directories
//! and `target/` are not entered) for `scenario.toml` and `*.toml` files. A file named
//! `scenario.toml` is always a scenario. Any other file is a scenario if it is TOML with a
//! `[scenario]` table, or, when it is not valid TOML, if it has a `[scenario]` header line (a
//! scenario with a syntax error, reported as invalid); anything else (a TOML file without
//! `[scenario]`, a CSV file...) is skipped with a note. A path that does not exist is reported
//! as invalid. A file reached twice is run once. Files run in path order.
//!
//! **Stages** (timed separately, each repetition): `read` ([`load::load`]), `validate`
//! ([`validate::validate`]), then the stages of the one pipeline in [`super::solve`]: `build`
//! ([`solve::build`]: the final LP; in lexicographic mode this includes solving the tier
//! stages), `solve` ([`solve::solve_built`]: the backend's solve of the final LP, mapped to an
//! allocation), `check` ([`solve::check_plan`], only when there is a plan), `write`
//! ([`solve::judge`], the report and its status from those checks, then
//! [`Report::to_json`](crate::report::Report::to_json), written atomically to
//! `OUT/<scenario name>.json` when an output
//! directory is given). A stage after a failed one does not run and has no sample. Explanations
//! (marginal values, certificate, conflicts) are not computed: a batch is `solve --no-explain`.
//!
//! **Parallelism.** Files run in parallel in a local rayon pool; the repetitions of one file run
//! one after another on one thread. Stage times of files running at the same time include the
//! contention between them: for clean per-stage times use one thread. Everything but the
//! timings (status, objective, counts, output file, message) is the same whatever the thread
//! count: each file is solved alone, by a deterministic solver.
//!
//! **Exit code** of a batch ([`BatchResult::exit_code`]): that of the worst file, in this order
//! (worst first): 5 a solver answer broke a rule (`check_failed`); 4 solver failure, unbounded LP
//! or an internal error (`solver_error`, `unbounded`, `error`); 6 an output file could not be
//! written (`write_failed`, or `batch.csv`); 1 an invalid scenario (`invalid`), or no scenario
//! found at all; 3 infeasible (`infeasible`); 7 optimality not proven; 0 every file optimal.

use crate::check::{self, Check};
use crate::commands::solve;
use crate::fsutil::write_atomic;
use crate::i18n::Lang;
use crate::model::Solved;
use crate::report::exit;
use crate::report::{Status, r6};
use crate::scenario::load::{self, SCENARIO_FILE};
use crate::scenario::validate;
use crate::t;
use blocklp::{Backend, SolveError};
use comfy_table::{CellAlignment, Table, presets};
use rayon::prelude::*;
use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The name of the CSV summary written to the output directory.
pub const CSV_FILE: &str = "batch.csv";

/// One timed stage of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    Read,
    Validate,
    Build,
    Solve,
    Check,
    Write,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Read,
        Stage::Validate,
        Stage::Build,
        Stage::Solve,
        Stage::Check,
        Stage::Write,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Validate => "validate",
            Stage::Build => "build",
            Stage::Solve => "solve",
            Stage::Check => "check",
            Stage::Write => "write",
        }
    }

    fn idx(self) -> usize {
        self as usize
    }
}

/// The outcome of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileStatus {
    Optimal,
    /// Never produced by a batch today (it computes no certificate); kept for completeness.
    NotProvenOptimal,
    Infeasible,
    Unbounded,
    SolverError,
    /// `--time-limit` reached before a plan was found.
    TimeLimit,
    /// The solver's answer broke a rule (the independent checker); no plan is reported.
    CheckFailed,
    /// The file could not be read or the scenario has problems (all in `details`).
    Invalid,
    /// Solved, but the JSON report could not be written to the output directory.
    WriteFailed,
    /// An internal error (a panic while running the file); the message says what.
    Error,
}

impl FileStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Optimal => "optimal",
            FileStatus::NotProvenOptimal => "not_proven_optimal",
            FileStatus::Infeasible => "infeasible",
            FileStatus::Unbounded => "unbounded",
            FileStatus::SolverError => "solver_error",
            FileStatus::TimeLimit => "time_limit",
            FileStatus::CheckFailed => "check_failed",
            FileStatus::Invalid => "invalid",
            FileStatus::WriteFailed => "write_failed",
            FileStatus::Error => "error",
        }
    }

    /// The exit code of a batch whose worst file has this status: a run's status maps as
    /// everywhere ([`Status::exit_code`]); the batch's own outcomes are an invalid file (1), an
    /// internal error (4) and a report not written (6).
    pub fn exit_code(self) -> u8 {
        match self.run_status() {
            Some(s) => s.exit_code(),
            None => match self {
                FileStatus::Invalid => exit::INVALID,
                FileStatus::WriteFailed => exit::IO,
                _ => exit::SOLVER,
            },
        }
    }

    /// The run's status this outcome is, when it is one.
    fn run_status(self) -> Option<Status> {
        Some(match self {
            FileStatus::Optimal => Status::Optimal,
            FileStatus::NotProvenOptimal => Status::NotProvenOptimal,
            FileStatus::Infeasible => Status::Infeasible,
            FileStatus::Unbounded => Status::Unbounded,
            FileStatus::SolverError => Status::SolverError,
            FileStatus::CheckFailed => Status::CheckFailed,
            FileStatus::TimeLimit => Status::TimeLimit,
            FileStatus::Invalid | FileStatus::WriteFailed | FileStatus::Error => return None,
        })
    }

    fn from_report(s: Status) -> Self {
        match s {
            Status::Optimal => FileStatus::Optimal,
            Status::NotProvenOptimal => FileStatus::NotProvenOptimal,
            Status::Infeasible => FileStatus::Infeasible,
            Status::Unbounded => FileStatus::Unbounded,
            Status::SolverError => FileStatus::SolverError,
            Status::CheckFailed => FileStatus::CheckFailed,
            Status::TimeLimit => FileStatus::TimeLimit,
        }
    }
}

/// How bad an exit code is, for the batch's code: higher is worse (see the module doc).
fn severity(code: u8) -> u8 {
    match code {
        exit::CHECK_FAILED => 6,
        exit::SOLVER => 5,
        exit::IO => 4,
        exit::INVALID => 3,
        exit::TIME_LIMIT => 2,
        exit::INFEASIBLE => 2,
        exit::NOT_PROVEN => 1,
        _ => 0,
    }
}

pub fn worst(a: u8, b: u8) -> u8 {
    if severity(b) > severity(a) { b } else { a }
}

/// min, median (mean of the two middle samples when their number is even) and max.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageStats {
    pub samples: usize,
    pub min: Duration,
    pub median: Duration,
    pub max: Duration,
}

impl StageStats {
    /// `None` without samples.
    pub fn of(samples: &[Duration]) -> Option<StageStats> {
        if samples.is_empty() {
            return None;
        }
        let mut s = samples.to_vec();
        s.sort();
        let n = s.len();
        let median = if n % 2 == 1 {
            s[n / 2]
        } else {
            (s[n / 2 - 1] + s[n / 2]) / 2
        };
        Some(StageStats {
            samples: n,
            min: s[0],
            median,
            max: s[n - 1],
        })
    }
}

/// A file that was found but is not a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    /// Why, in words of the catalogue (the JSON gives them in English, the table in `--lang`).
    pub reason: crate::i18n::Msg,
}

/// The scenario files found from the inputs, in path order, and the files passed over.
#[derive(Debug, Clone, Default)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<Skipped>,
}

/// The result of one file over every repetition.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// As found (an input, or an input joined with the path below it).
    pub path: PathBuf,
    /// `[scenario] name`, once validated.
    pub scenario: Option<String>,
    pub status: FileStatus,
    /// One line: the solver's or the writer's message, or the first problem of an invalid file.
    /// Also says if a repetition gave a different result from the first.
    pub message: Option<String>,
    /// Invalid files: every problem found, as `landquota check` lists them.
    pub details: Option<String>,
    /// The optimum of the final LP, as `solve` reports it (`objective`), when a plan is reported.
    pub objective: Option<f64>,
    /// Σ tier weight × mu granted, when a plan is reported.
    pub weighted_mu: Option<f64>,
    pub granted_mu: Option<f64>,
    /// Projects (demand lines) in the scenario.
    pub projects: Option<usize>,
    /// Columns and rows of the final LP (with the tier-fix rows in lexicographic mode).
    pub columns: Option<usize>,
    pub rows: Option<usize>,
    /// The JSON report written (only with an output directory, and only for valid scenarios).
    pub output: Option<PathBuf>,
    /// Repetitions run.
    pub repetitions: usize,
    /// Wall time of each stage, one sample per repetition that reached it, indexed by `Stage`.
    samples: [Vec<Duration>; 6],
    /// Wall time of each repetition (all its stages).
    totals: Vec<Duration>,
}

impl FileResult {
    pub fn samples(&self, stage: Stage) -> &[Duration] {
        &self.samples[stage.idx()]
    }
    pub fn stats(&self, stage: Stage) -> Option<StageStats> {
        StageStats::of(self.samples(stage))
    }
    /// The whole run of the file (every stage it reached), per repetition.
    pub fn total_samples(&self) -> &[Duration] {
        &self.totals
    }
    pub fn total(&self) -> Option<StageStats> {
        StageStats::of(&self.totals)
    }
}

#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Runs of each file (0 counts as 1).
    pub repeat: usize,
    /// Threads of the pool; `None` or `Some(0)`: all cores.
    pub threads: Option<usize>,
    /// Where to write `<scenario name>.json` per file (and, from `run_cli`, `batch.csv`).
    pub out: Option<PathBuf>,
    /// `--time-limit`: for each run of each file.
    pub time_limit: Option<Duration>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            repeat: 1,
            threads: None,
            out: None,
            time_limit: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct BatchResult {
    /// One per scenario file, sorted by path.
    pub files: Vec<FileResult>,
    pub skipped: Vec<Skipped>,
    pub repeat: usize,
    pub threads: usize,
    /// Wall time of the whole batch (all files, in parallel).
    pub wall: Duration,
}

// ---------------------------------------------------------------------------------------------
// Finding the scenario files

/// Finds the scenario files named by, or under, the inputs (see the module doc for the rules).
pub fn discover(inputs: &[PathBuf]) -> Discovered {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let inner = input.join(SCENARIO_FILE);
            if inner.is_file() {
                found.push(inner);
                continue;
            }
            let mut tomls = Vec::new();
            let mut visited = HashSet::new();
            walk(input, &mut tomls, &mut visited, &mut skipped);
            let before = found.len();
            for f in tomls {
                match classify(&f, false) {
                    Ok(()) => found.push(f),
                    Err(reason) => skipped.push(Skipped { path: f, reason }),
                }
            }
            if found.len() == before {
                skipped.push(Skipped {
                    path: input.clone(),
                    reason: crate::msg!("batch-skip-no-scenario-here"),
                });
            }
        } else if !input.exists() {
            // Reported as invalid: "file not found".
            found.push(input.clone());
        } else {
            match classify(input, true) {
                Ok(()) => found.push(input.clone()),
                Err(reason) => skipped.push(Skipped {
                    path: input.clone(),
                    reason,
                }),
            }
        }
    }
    found.sort();
    let mut seen = HashSet::new();
    found.retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.dedup();
    Discovered {
        files: found,
        skipped,
    }
}

/// Collects every `*.toml` file under `dir`, in name order, not entering hidden directories,
/// `target/`, or a directory already seen (symbolic-link loops).
fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    visited: &mut HashSet<PathBuf>,
    skipped: &mut Vec<Skipped>,
) {
    if !visited.insert(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())) {
        return;
    }
    let mut entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).collect(),
        Err(e) => {
            skipped.push(Skipped {
                path: dir.to_path_buf(),
                reason: crate::msg!("batch-skip-dir-unreadable", kind = e.kind().to_string()),
            });
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = e.path();
        if path.is_dir() {
            if name != "target" {
                walk(&path, out, visited, skipped);
            }
        } else if path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("toml"))
        {
            out.push(path);
        }
    }
}

/// Whether a file is a scenario; `Err` says why not. A file named on the command line
/// (`named`) that cannot be read is run, to be reported as invalid with the reason.
fn classify(path: &Path, named: bool) -> Result<(), crate::i18n::Msg> {
    if path.file_name().is_some_and(|n| n == SCENARIO_FILE) {
        return Ok(());
    }
    let bytes = match crate::fsutil::read_regular(path) {
        Ok(b) => b,
        Err(_) if named => return Ok(()),
        Err(e) => {
            return Err(crate::msg!(
                "batch-skip-file-unreadable",
                kind = e.kind().to_string()
            ));
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if let Ok(doc) = toml::from_str::<toml::Table>(text) {
        return if doc.contains_key("scenario") {
            Ok(())
        } else {
            Err(crate::msg!("batch-skip-no-scenario-section"))
        };
    }
    if text.lines().any(is_scenario_header) {
        // A scenario with a syntax error: run, to be reported as invalid.
        Ok(())
    } else {
        Err(crate::msg!("batch-skip-not-toml"))
    }
}

fn is_scenario_header(line: &str) -> bool {
    let code = line.split('#').next().unwrap_or("");
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    compact == "[scenario]"
}

/// `[scenario] name` as written, read without validation (to name output files before the run).
fn name_hint(path: &Path) -> String {
    let from_file = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| toml::from_str::<toml::Table>(t.trim_start_matches('\u{feff}')).ok())
        .and_then(|doc| {
            doc.get("scenario")?
                .get("name")?
                .as_str()
                .map(str::to_string)
        })
        .filter(|n| !n.trim().is_empty());
    from_file.unwrap_or_else(|| {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        match stem.as_deref() {
            Some("scenario") | None => path
                .parent()
                .and_then(|d| d.file_name())
                .map(|d| d.to_string_lossy().into_owned())
                .unwrap_or_else(|| "scenario".into()),
            Some(s) => s.to_string(),
        }
    })
}

/// A scenario name as a file name: letters (any script), digits, `-`, `_`, `.`; others `_`.
fn file_stem_for(name: &str) -> String {
    let s: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() { "scenario".into() } else { s }
}

/// Output file of each file, `<name>.json`; files sharing a name (case-insensitively) get
/// `<name>-2.json`, `<name>-3.json`... in path order. Names are taken from the files as written,
/// so an invalid file keeps its name reserved even though nothing is written for it.
fn output_names(files: &[PathBuf], dir: &Path) -> Vec<PathBuf> {
    let mut used: HashSet<String> = HashSet::new();
    files
        .iter()
        .map(|f| {
            let stem = file_stem_for(&name_hint(f));
            let mut candidate = stem.clone();
            let mut n = 1;
            while !used.insert(candidate.to_lowercase()) || candidate.eq_ignore_ascii_case("batch")
            {
                n += 1;
                candidate = format!("{stem}-{n}");
            }
            dir.join(format!("{candidate}.json"))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Running

/// What one repetition of one file gave (everything but timings).
#[derive(Debug, Clone, PartialEq)]
struct Outcome {
    scenario: Option<String>,
    status: FileStatus,
    message: Option<String>,
    details: Option<String>,
    objective: Option<f64>,
    weighted_mu: Option<f64>,
    granted_mu: Option<f64>,
    projects: Option<usize>,
    columns: Option<usize>,
    rows: Option<usize>,
    output: Option<PathBuf>,
}

impl Outcome {
    fn new(status: FileStatus, message: Option<String>) -> Self {
        Outcome {
            scenario: None,
            status,
            message,
            details: None,
            objective: None,
            weighted_mu: None,
            granted_mu: None,
            projects: None,
            columns: None,
            rows: None,
            output: None,
        }
    }

    fn invalid(d: crate::scenario::Diagnostics) -> Self {
        let first = d
            .iter()
            .next()
            .map(|p| p.to_string().lines().next().unwrap_or("").to_string())
            .unwrap_or_default();
        let first = first.strip_prefix("error: ").unwrap_or(&first).to_string();
        let n = d.len();
        let message = if n == 1 {
            first
        } else {
            format!("{n} problems; first: {first}")
        };
        let mut o = Outcome::new(FileStatus::Invalid, Some(message));
        o.details = Some(d.to_string());
        o
    }
}

/// Times `f`, recording the sample under `stage`.
fn timed<T>(samples: &mut [Vec<Duration>; 6], stage: Stage, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let v = f();
    samples[stage.idx()].push(t.elapsed());
    v
}

fn broken_rules(checks: &[Check]) -> String {
    checks
        .iter()
        .filter(|c| !c.holds)
        .map(|c| {
            format!(
                "{} broken by {} mu{}",
                c.rule,
                r6(c.max_violation_mu),
                c.worst
                    .as_deref()
                    .map(|w| format!(" at {w}"))
                    .unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One repetition of one file.
fn run_once(
    path: &Path,
    out_file: Option<&Path>,
    backend: &dyn Backend,
    samples: &mut [Vec<Duration>; 6],
) -> Outcome {
    let raw = match timed(samples, Stage::Read, || load::load(path)) {
        Ok(r) => r,
        Err(d) => return Outcome::invalid(d),
    };
    let sc = match timed(samples, Stage::Validate, || validate::validate(&raw)) {
        Ok(sc) => sc,
        Err(d) => return Outcome::invalid(d),
    };
    let mut o = Outcome::new(FileStatus::Optimal, None);
    o.scenario = Some(sc.meta.name.clone());
    o.projects = Some(sc.projects.len());

    let (built, name) = timed(samples, Stage::Build, || solve::build(&sc, backend));
    let result: Result<Solved, SolveError> = match built {
        Err(e) => Err(e),
        Ok(fm) => {
            o.columns = Some(fm.0.columns.len());
            o.rows = Some(fm.0.rows.len());
            timed(samples, Stage::Solve, || {
                solve::solve_built(&sc, backend, fm, false)
            })
        }
    };
    // Timed only when there is a plan to check.
    let checks = match result {
        Ok(_) => timed(samples, Stage::Check, || solve::check_plan(&sc, &result)),
        Err(_) => None,
    };
    let broken = checks
        .as_ref()
        .and_then(|checks| (!check::all_hold(checks)).then(|| broken_rules(checks)));

    let (report, written) = timed(samples, Stage::Write, || {
        let report = solve::judge(&sc, name, &result, checks);
        let json = report.to_json();
        let written = out_file.map(|f| write_atomic(f, json.as_bytes()));
        (report, written)
    });
    o.status = FileStatus::from_report(report.status);
    o.message = report.message.as_ref().map(|m| m.to_string());
    if let Some(b) = broken {
        o.message = Some(format!("the solver's answer breaks rules: {b}"));
    }
    o.objective = report.objective;
    o.weighted_mu = report.weighted_mu;
    o.granted_mu = report.weighted_mu.map(|_| report.granted_mu);
    match (out_file, written) {
        (Some(f), Some(Ok(()))) => o.output = Some(f.to_path_buf()),
        (Some(_), Some(Err(e))) => {
            if o.status == FileStatus::Optimal || o.status == FileStatus::Infeasible {
                o.status = FileStatus::WriteFailed;
            }
            let m = format!("cannot write the result: {e}");
            o.message = Some(match o.message.take() {
                Some(prev) => format!("{prev}; {m}"),
                None => m,
            });
        }
        _ => {}
    }
    o
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".into()
    }
}

/// Every repetition of one file; a panic is reported as `error` and ends the file's runs.
fn run_file(
    path: &Path,
    out_file: Option<&Path>,
    repeat: usize,
    backend: &dyn Backend,
    limit: Option<Duration>,
) -> FileResult {
    let mut samples: [Vec<Duration>; 6] = Default::default();
    let mut totals = Vec::new();
    let mut first: Option<Outcome> = None;
    let mut differs: Vec<usize> = Vec::new();
    let mut reps = 0;
    for rep in 0..repeat {
        let t = Instant::now();
        let o = catch_unwind(AssertUnwindSafe(|| {
            blocklp::deadline::with_deadline(limit.map(|l| t + l), || {
                run_once(path, out_file, backend, &mut samples)
            })
        }))
        .unwrap_or_else(|p| {
            Outcome::new(
                FileStatus::Error,
                Some(format!("internal error: {}", panic_message(p))),
            )
        });
        totals.push(t.elapsed());
        reps += 1;
        let stop = o.status == FileStatus::Error;
        match &first {
            None => first = Some(o),
            Some(f) if !same_result(f, &o) => differs.push(rep + 1),
            Some(_) => {}
        }
        if stop {
            break;
        }
    }
    let mut o = first.unwrap_or_else(|| Outcome::new(FileStatus::Error, Some("not run".into())));
    if !differs.is_empty() {
        let list: Vec<String> = differs.iter().map(|r| r.to_string()).collect();
        let note = format!(
            "repetition {} gave a different result from the first",
            list.join(", ")
        );
        o.message = Some(match o.message.take() {
            Some(m) => format!("{m}; {note}"),
            None => note,
        });
        if o.status == FileStatus::Optimal {
            o.status = FileStatus::Error;
        }
    }
    FileResult {
        path: path.to_path_buf(),
        scenario: o.scenario,
        status: o.status,
        message: o.message,
        details: o.details,
        objective: o.objective,
        weighted_mu: o.weighted_mu,
        granted_mu: o.granted_mu,
        projects: o.projects,
        columns: o.columns,
        rows: o.rows,
        output: o.output,
        repetitions: reps,
        samples,
        totals,
    }
}

/// Whether two repetitions agree (objectives bit for bit: the solver is deterministic).
fn same_result(a: &Outcome, b: &Outcome) -> bool {
    let bits = |v: Option<f64>| v.map(f64::to_bits);
    a.status == b.status
        && bits(a.objective) == bits(b.objective)
        && bits(a.weighted_mu) == bits(b.weighted_mu)
        && a.columns == b.columns
        && a.rows == b.rows
}

/// Runs every scenario file found from `inputs`. `Err` only if the thread pool cannot start;
/// a file that fails is a [`FileResult`] with its status, and the others still run.
pub fn run(
    inputs: &[PathBuf],
    opts: &BatchOptions,
    backend: &dyn Backend,
) -> Result<BatchResult, String> {
    let found = discover(inputs);
    run_files(found, opts, backend)
}

/// Runs files already found (see [`discover`]).
pub fn run_files(
    found: Discovered,
    opts: &BatchOptions,
    backend: &dyn Backend,
) -> Result<BatchResult, String> {
    let repeat = opts.repeat.max(1);
    let threads = opts.threads.filter(|&n| n > 0).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("landquota-batch-{i}"))
        .build()
        .map_err(|e| format!("cannot start {threads} threads: {e}"))?;
    let outputs: Vec<Option<PathBuf>> = match &opts.out {
        Some(dir) => output_names(&found.files, dir)
            .into_iter()
            .map(Some)
            .collect(),
        None => vec![None; found.files.len()],
    };
    let start = Instant::now();
    let files: Vec<FileResult> = pool.install(|| {
        found
            .files
            .par_iter()
            .zip(outputs.par_iter())
            .map(|(f, out)| run_file(f, out.as_deref(), repeat, backend, opts.time_limit))
            .collect()
    });
    Ok(BatchResult {
        files,
        skipped: found.skipped,
        repeat,
        threads,
        wall: start.elapsed(),
    })
}

// ---------------------------------------------------------------------------------------------
// Reporting

/// A file's status for people: the catalogue's word (`status-*`, `batch-status-*` for the
/// statuses only a batch has); in English the CSV/JSON word itself.
fn status_word(lang: Lang, status: FileStatus) -> String {
    let id = match status {
        FileStatus::Invalid => "batch-status-invalid",
        FileStatus::WriteFailed => "batch-status-write_failed",
        FileStatus::Error => "batch-status-error",
        FileStatus::Optimal => "status-optimal",
        FileStatus::NotProvenOptimal => "status-not_proven_optimal",
        FileStatus::Infeasible => "status-infeasible",
        FileStatus::Unbounded => "status-unbounded",
        FileStatus::SolverError => "status-solver_error",
        FileStatus::TimeLimit => "status-time_limit",
        FileStatus::CheckFailed => "status-check_failed",
    };
    let w = crate::i18n::tr(lang, id, &[]);
    if w == id {
        status.as_str().to_string()
    } else {
        w
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

fn opt_num(v: Option<f64>) -> String {
    v.map(|v| format!("{}", r6(v))).unwrap_or_default()
}

fn opt_count(v: Option<usize>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

const OUTCOME_HEADER: [&str; 11] = [
    "path",
    "scenario",
    "status",
    "objective",
    "weighted_mu",
    "granted_mu",
    "projects",
    "columns",
    "rows",
    "output",
    "message",
];

impl FileResult {
    /// The non-timing cells, as in [`OUTCOME_HEADER`]: the same whatever the thread count.
    fn outcome_cells(&self) -> Vec<String> {
        vec![
            self.path.display().to_string(),
            self.scenario.clone().unwrap_or_default(),
            self.status.as_str().to_string(),
            opt_num(self.objective),
            opt_num(self.weighted_mu),
            opt_num(self.granted_mu),
            opt_count(self.projects),
            opt_count(self.columns),
            opt_count(self.rows),
            self.output
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            self.message.clone().unwrap_or_default(),
        ]
    }

    fn timing_cells(&self) -> Vec<String> {
        let mut cells = vec![self.repetitions.to_string()];
        for stats in Stage::ALL
            .iter()
            .map(|&s| self.stats(s))
            .chain([self.total()])
        {
            match stats {
                Some(s) => cells.extend([ms(s.min), ms(s.median), ms(s.max)]),
                None => cells.extend([String::new(), String::new(), String::new()]),
            }
        }
        cells
    }
}

fn timing_header() -> Vec<String> {
    let mut h = vec!["repetitions".to_string()];
    for name in Stage::ALL.iter().map(|s| s.as_str()).chain(["total"]) {
        for stat in ["min", "median", "max"] {
            h.push(format!("{name}_{stat}_ms"));
        }
    }
    h
}

fn csv_text(header: Vec<String>, rows: impl Iterator<Item = Vec<String>>) -> String {
    // The one CSV writer: a formula in a file name or message is written as text.
    let bytes = crate::render::csv::write(&header, rows, false).expect("CSV into memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 cells")
}

impl BatchResult {
    /// Every file, in path order: the outcome columns, then `repetitions` and
    /// `<stage>_{min,median,max}_ms` for each stage and the total (empty: stage not reached).
    pub fn to_csv(&self) -> String {
        let header: Vec<String> = OUTCOME_HEADER
            .iter()
            .map(|s| s.to_string())
            .chain(timing_header())
            .collect();
        csv_text(
            header,
            self.files.iter().map(|f| {
                let mut cells = f.outcome_cells();
                cells.extend(f.timing_cells());
                cells
            }),
        )
    }

    /// The CSV without the timing columns: identical whatever the thread count or machine
    /// (a regression snapshot of a batch).
    pub fn outcomes_csv(&self) -> String {
        csv_text(
            OUTCOME_HEADER.iter().map(|s| s.to_string()).collect(),
            self.files.iter().map(FileResult::outcome_cells),
        )
    }

    /// The terminal view: a summary line, one row per file (each stage's median in ms, with
    /// min–max when repeated), the messages of the files not optimal, and the files skipped.
    pub fn to_table(&self) -> String {
        self.to_table_in(Lang::En)
    }

    /// [`BatchResult::to_table`] in `lang`: headers, labels and statuses from the catalogue
    /// (`batch-*`); paths, names, numbers and the files' messages as they are.
    pub fn to_table_in(&self, lang: Lang) -> String {
        let files = match self.files.len() {
            1 => t!(lang, "batch-files-one"),
            n => t!(lang, "batch-files", count = n),
        };
        let threads = match self.threads {
            1 => t!(lang, "batch-threads-one"),
            n => t!(lang, "batch-threads", count = n),
        };
        let mut out = t!(
            lang,
            "batch-summary",
            files = files,
            repeat = self.repeat,
            threads = threads,
            wall = format!("{:.3}", self.wall.as_secs_f64())
        );
        out.push('\n');
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED);
        let mut header: Vec<String> = [
            "batch-col-path",
            "batch-col-scenario",
            "batch-col-status",
            "batch-col-objective",
            "batch-col-projects",
            "batch-col-columns",
            "batch-col-rows",
        ]
        .iter()
        .map(|id| t!(lang, id))
        .collect();
        let range = self.repeat > 1;
        header.extend(
            Stage::ALL
                .iter()
                .map(|s| match s {
                    Stage::Read => "batch-stage-read",
                    Stage::Validate => "batch-stage-validate",
                    Stage::Build => "batch-stage-build",
                    Stage::Solve => "batch-stage-solve",
                    Stage::Check => "batch-stage-check",
                    Stage::Write => "batch-stage-write",
                })
                .chain(["batch-stage-total"])
                .map(|id| {
                    let stage = t!(lang, id);
                    if range {
                        t!(lang, "batch-col-ms-range", stage = stage)
                    } else {
                        t!(lang, "batch-col-ms", stage = stage)
                    }
                }),
        );
        let n = header.len();
        t.set_header(header);
        for i in 3..n {
            if let Some(c) = t.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        let cell = |s: Option<StageStats>| match s {
            None => "-".to_string(),
            Some(s) if range => format!(
                "{:.1} ({:.1}–{:.1})",
                s.median.as_secs_f64() * 1e3,
                s.min.as_secs_f64() * 1e3,
                s.max.as_secs_f64() * 1e3
            ),
            Some(s) => format!("{:.1}", s.median.as_secs_f64() * 1e3),
        };
        for f in &self.files {
            let mut row = vec![
                f.path.display().to_string(),
                f.scenario.clone().unwrap_or_else(|| "-".into()),
                status_word(lang, f.status),
                f.objective
                    .map(|v| format!("{:.3}", r6(v)))
                    .unwrap_or_else(|| "-".into()),
                f.projects
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "-".into()),
                f.columns
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "-".into()),
                f.rows.map(|v| v.to_string()).unwrap_or_else(|| "-".into()),
            ];
            row.extend(Stage::ALL.iter().map(|&s| cell(f.stats(s))));
            row.push(cell(f.total()));
            t.add_row(row);
        }
        out.push_str(&format!("{t}\n"));
        for f in self
            .files
            .iter()
            .filter(|f| f.status != FileStatus::Optimal)
        {
            out.push_str(&t!(
                lang,
                "batch-file-message",
                path = f.path.display(),
                status = status_word(lang, f.status),
                message = f.message.as_deref().unwrap_or("")
            ));
            out.push('\n');
        }
        for s in &self.skipped {
            out.push_str(&t!(
                lang,
                "batch-skipped",
                path = s.path.display(),
                reason = s.reason.render(lang)
            ));
            out.push('\n');
        }
        out
    }

    /// The batch as JSON: options, every file (outcome and per-stage min/median/max in ms,
    /// with the samples), and the files skipped.
    pub fn to_json(&self) -> String {
        use serde_json::{Value, json};
        let stats = |s: Option<StageStats>, samples: &[Duration]| -> Value {
            match s {
                None => Value::Null,
                Some(s) => json!({
                    "min_ms": s.min.as_secs_f64() * 1e3,
                    "median_ms": s.median.as_secs_f64() * 1e3,
                    "max_ms": s.max.as_secs_f64() * 1e3,
                    "samples_ms": samples.iter().map(|d| d.as_secs_f64() * 1e3).collect::<Vec<_>>(),
                }),
            }
        };
        let files: Vec<Value> = self
            .files
            .iter()
            .map(|f| {
                let mut timings = serde_json::Map::new();
                for s in Stage::ALL {
                    timings.insert(s.as_str().into(), stats(f.stats(s), f.samples(s)));
                }
                timings.insert("total".into(), stats(f.total(), f.total_samples()));
                json!({
                    "path": f.path.display().to_string(),
                    "scenario": f.scenario,
                    "status": f.status.as_str(),
                    "objective": f.objective.map(r6),
                    "weighted_mu": f.weighted_mu.map(r6),
                    "granted_mu": f.granted_mu.map(r6),
                    "projects": f.projects,
                    "columns": f.columns,
                    "rows": f.rows,
                    "output": f.output.as_ref().map(|p| p.display().to_string()),
                    "message": f.message,
                    "repetitions": f.repetitions,
                    "timings": timings,
                })
            })
            .collect();
        let v = json!({
            "repeat": self.repeat,
            "threads": self.threads,
            "wall_ms": self.wall.as_secs_f64() * 1e3,
            "exit_code": self.exit_code(),
            "files": files,
            "skipped": self.skipped.iter().map(|s| json!({
                "path": s.path.display().to_string(),
                "reason": s.reason.render(crate::i18n::Lang::En),
            })).collect::<Vec<_>>(),
        });
        let mut s = serde_json::to_string_pretty(&v).expect("JSON of plain values");
        s.push('\n');
        s
    }

    /// The worst file's code (see the module doc); 1 when no scenario was found.
    pub fn exit_code(&self) -> u8 {
        if self.files.is_empty() {
            return exit::INVALID;
        }
        self.files
            .iter()
            .map(|f| f.status.exit_code())
            .fold(exit::OK, worst)
    }
}

// ---------------------------------------------------------------------------------------------
// The command
