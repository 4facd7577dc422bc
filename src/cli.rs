//! The command line: flags are parsed by clap, turned into a validated request, then run.

use crate::i18n::Lang;
use crate::report::{Report, Status};
use crate::scenario::{self, Diagnostics, Scenario};
use blocklp::backend;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit codes, documented in the README.
pub mod exit {
    pub const OK: u8 = 0;
    /// The scenario has problems (`check` lists them all).
    pub const INVALID: u8 = 1;
    /// Bad command-line usage (clap's own code).
    pub const USAGE: u8 = 2;
    /// No allocation satisfies every rule.
    pub const INFEASIBLE: u8 = 3;
    /// The solver failed or the LP is unbounded.
    pub const SOLVER: u8 = 4;
    /// The independent rule check rejected the solver's answer.
    pub const CHECK_FAILED: u8 = 5;
    /// An output file could not be written.
    pub const IO: u8 = 6;
    /// A sweep finished, but some variants were invalid or failed (see the summary).
    pub const SWEEP_FAILURES: u8 = 8;
    /// A plan meeting every rule, but its optimality is not proven (duality gap too large, or
    /// the search stopped at `--time-limit` with this plan and its gap).
    pub const NOT_PROVEN: u8 = 7;
    /// `sweep --merge`: some variants have no result in the shards' journals (listed on stderr).
    pub const SWEEP_INCOMPLETE: u8 = 9;
    /// `--time-limit` reached before any plan meeting every rule was found.
    pub const TIME_LIMIT: u8 = 10;
}

/// The most worker threads `--threads` accepts: far above any machine this runs on, far below
/// what the operating system refuses to start.
const MAX_THREADS: i64 = 256;

#[derive(Parser, Debug)]
#[command(
    name = "landquota",
    version,
    about = "Allocate new construction-land quota (新增建设用地计划指标) as a linear program"
)]
pub struct Cli {
    /// Language of what is printed for people (tables, explanations, messages, documents):
    /// zh or en. Default: from LC_ALL, LC_MESSAGES or LANG (zh… → zh, else en). JSON keys, CSV
    /// headers, ids and exit codes are the same in both.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate a scenario; list every problem found.
    Check {
        /// Scenario TOML file, or a directory holding scenario.toml.
        scenario: PathBuf,
        /// Override one value: PATH=VALUE, e.g. pools.urban_batch.capacity=25000 (repeatable).
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
    },
    /// Solve a scenario and report the allocation.
    Solve {
        /// Scenario TOML file, or a directory holding scenario.toml.
        scenario: PathBuf,
        /// Override one value: PATH=VALUE (repeatable), as for `check`.
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
        /// Output: table (terminal), json, csv (projects/counties/pools.csv) or xlsx (plan.xlsx).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Folder for output files (csv: projects.csv, counties.csv, pools.csv; xlsx: plan.xlsx;
        /// html: plan.html, one self-contained page; json: result.json; table: plan.txt).
        /// Default for csv, xlsx and html: <scenario name>-out. A file the scenario reads is
        /// never replaced.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Table format: list every project, not only those not fully granted.
        #[arg(long)]
        all_projects: bool,
        /// Solver: auto (decomposes block-angular LPs of many counties, else minilp) or minilp.
        #[arg(long, default_value = backend::DEFAULT, value_parser = backend_name)]
        backend: String,
        /// Compare with a baseline plan: `pro-rata` (what a spreadsheet does today).
        #[arg(long, value_enum)]
        compare: Option<Compare>,
        /// Skip marginal values, reasons, the optimality certificate and conflict analysis.
        #[arg(long)]
        no_explain: bool,
        /// Stop after this many seconds: the best plan found so far (not_proven_optimal, exit
        /// 7, with its gap) or, with none, status time_limit (exit 9).
        #[arg(long, value_name = "SECONDS", value_parser = time_limit)]
        time_limit: Option<std::time::Duration>,
    },
    /// The full story of one project or one county: what it got, and why.
    Explain {
        /// Scenario TOML file, or a directory holding scenario.toml.
        scenario: PathBuf,
        /// Override one value: PATH=VALUE, or a relative change (=*0.8, =+500, =-20%), as for `check` (repeatable).
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
        /// The project, by id or by name (项目名称); near matches are suggested.
        #[arg(long, conflicts_with = "county", required_unless_present = "county")]
        project: Option<String>,
        /// The county, by id or by name (县（市、区）名称); near matches are suggested.
        #[arg(long)]
        county: Option<String>,
        /// Solver: auto (decomposes block-angular LPs of many counties, else minilp) or minilp.
        #[arg(long, default_value = backend::DEFAULT, value_parser = backend_name)]
        backend: String,
    },
    /// Run many what-if variants of a base scenario in parallel (see scenarios/sweeps/).
    Sweep {
        /// The sweep file: base scenario, [[variants]], [[grid]], [random].
        sweep: PathBuf,
        /// Output directory (default: `<sweep name>-out` beside the current directory).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Worker threads (default: all cores; 1 to 256).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=MAX_THREADS))]
        threads: Option<u32>,
        /// Also write each variant's full result to DIR/variants/<name>.json.
        #[arg(long)]
        keep_allocations: bool,
        /// Skip the variants already in DIR/results.jsonl (an interrupted sweep), or with
        /// --shard in the shard's own journal.
        #[arg(long)]
        resume: bool,
        /// Skip marginal values and conflict analysis (faster; no pool values in the summary).
        #[arg(long)]
        no_explain: bool,
        /// Stop each variant after this many seconds (its status then says so).
        #[arg(long, value_name = "SECONDS", value_parser = time_limit)]
        time_limit: Option<std::time::Duration>,
        /// Solver: auto (decomposes block-angular LPs of many counties, else minilp) or minilp.
        #[arg(long, default_value = backend::DEFAULT, value_parser = backend_name)]
        backend: String,
        /// Run only shard K of N of the variants, into DIR/shards/K-of-N.jsonl (`--shard 2/8`),
        /// or the shard of this Slurm array task (`--shard slurm`); then `--merge`.
        #[arg(long, value_name = "K/N|slurm")]
        shard: Option<String>,
        /// Write the summaries from the results the shards left in DIR; list missing variants.
        #[arg(long, conflicts_with_all = ["shard", "resume"])]
        merge: bool,
    },
    /// Run many scenarios in parallel, each --repeat times: outcome and per-stage wall times.
    Batch {
        /// Scenario files, directories holding scenario.toml, or directories to search for them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Runs of each file; min/median/max per stage.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        repeat: u32,
        /// Worker threads (default: all cores; 1 to 256).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=MAX_THREADS))]
        threads: Option<u32>,
        /// Directory for <scenario name>.json per file and batch.csv.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print the CSV instead of the table.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// Print the batch as JSON instead of the table.
        #[arg(long)]
        json: bool,
        /// Stop each run of each file after this many seconds (its status then says so).
        #[arg(long, value_name = "SECONDS", value_parser = time_limit)]
        time_limit: Option<std::time::Duration>,
    },
    /// Write a synthetic scenario of any size (the benchmarks' yardstick).
    Generate {
        /// County-level units (a province is ~90, the nation 2,844; 1 to 1,000,000).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        counties: u32,
        /// Random seed: the same seed gives the same scenario.
        #[arg(long, default_value_t = 2025)]
        seed: u64,
        /// Directory to write scenario.toml and its CSV files into.
        #[arg(long)]
        out: PathBuf,
        /// Make every project divisible (no all-or-nothing binaries).
        #[arg(long)]
        divisible_only: bool,
    },
    /// Compare two runs: scenarios (solved now) or saved `solve --format json` results; or a
    /// scenario with its variant (`diff A --set pools.urban.capacity=*0.8`).
    Diff {
        /// Scenario (TOML file or directory) or saved result (.json).
        a: PathBuf,
        /// The other scenario or saved result. Optional with --set: then B is A with the edits.
        b: Option<PathBuf>,
        /// Edit B (or A, when B is not given): PATH=VALUE as for `solve`, relative forms
        /// included (repeatable).
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
        /// Print the diff as JSON (the same as --format json).
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// table (default), json, or html: one self-contained page, diff.html in --out, with
        /// the changes as bars, largest first.
        #[arg(long, value_enum)]
        format: Option<DiffFormat>,
        /// Directory for diff.html (--format html; default: the current directory).
        #[arg(long)]
        out: Option<PathBuf>,
        /// List unchanged pools, counties and projects too.
        #[arg(long)]
        all: bool,
        /// List at most this many rows (the largest changes).
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Write the exact LP that `solve` solves as free-format MPS.
    Export {
        /// Scenario TOML file, or a directory holding scenario.toml.
        scenario: PathBuf,
        /// Override one value: PATH=VALUE, or a relative change (=*0.8, =+500, =-20%), as for `check` (repeatable).
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
        /// The MPS file to write (never one of the scenario's own files).
        #[arg(long)]
        mps: PathBuf,
        /// Solver: auto (decomposes block-angular LPs of many counties, else minilp) or minilp.
        #[arg(long, default_value = backend::DEFAULT, value_parser = backend_name)]
        backend: String,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Compare {
    ProRata,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    Table,
    Json,
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Tables for the terminal (with --out, also written to DIR/plan.txt).
    Table,
    /// The full result as JSON on stdout (with --out, also DIR/result.json).
    Json,
    /// projects.csv, counties.csv, pools.csv in the output folder (UTF-8 with BOM, for Excel).
    Csv,
    /// One self-contained HTML page (plan.html) to read, print on A4 or send.
    Html,
    /// plan.xlsx in the output folder: summary, pools, counties, projects, rule checks and
    /// marginal values, one sheet each.
    Xlsx,
}

/// `--time-limit SECONDS`: a positive number of seconds, at most a week.
fn time_limit(s: &str) -> Result<std::time::Duration, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 7.0 * 86_400.0 => Ok(std::time::Duration::from_secs_f64(v)),
        _ => Err("expected a number of seconds above 0 and at most 604800 (a week)".into()),
    }
}

fn backend_name(s: &str) -> Result<String, String> {
    backend::by_name(s)
        .map(|_| s.to_string())
        .ok_or_else(|| format!("unknown backend; available: {}", backend::NAMES.join(", ")))
}

pub fn main() -> ExitCode {
    end_quietly_on_broken_pipe();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    let lang = cli.lang.unwrap_or_else(Lang::from_env);
    ExitCode::from(run(cli.command, lang))
}

/// A reader that goes away (`landquota check ... 2>&1 | head`) ends the run quietly, as in
/// ripgrep, with exit code 0: `print!`/`eprint!` panic when their pipe is closed, and every
/// message of every command goes through them, so the panic is caught here, once.
fn end_quietly_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.starts_with("failed printing to std") && msg.contains("os error 32") {
            std::process::exit(i32::from(exit::OK));
        }
        default(info);
    }));
}

/// The validated scenario (with its `--set` overrides) and the solver a command asked for.
pub(crate) fn prepare(
    path: &Path,
    set: &[String],
    backend: &str,
    lang: Lang,
) -> Result<(Scenario, Box<dyn backend::Backend>), u8> {
    let sc = load(path, set, lang)?;
    Ok((sc, backend::by_name(backend).expect("validated by clap")))
}

fn load(path: &Path, set: &[String], lang: Lang) -> Result<Scenario, u8> {
    let mut edits = Vec::new();
    let mut bad = Diagnostics::default();
    for arg in set {
        match scenario::overrides::parse_set(arg) {
            Ok(e) => edits.push(e),
            Err(d) => bad.push(d),
        }
    }
    // A malformed --set does not hide the scenario's own problems: all are listed at once.
    match scenario::from_path_with(path, &edits) {
        Ok(sc) if bad.is_empty() => Ok(sc),
        Ok(_) => {
            eprintln!("{}", bad.render(lang));
            Err(exit::INVALID)
        }
        Err(d) => {
            bad.extend(d);
            eprintln!("{}", bad.render(lang));
            Err(exit::INVALID)
        }
    }
}

pub fn run(cmd: Command, lang: Lang) -> u8 {
    match cmd {
        Command::Check { scenario, set } => match load(&scenario, &set, lang) {
            Ok(sc) => {
                for n in &sc.read_notes {
                    println!("{}", n.render(lang));
                }
                println!(
                    "{}",
                    crate::t!(
                        lang,
                        "check-ok",
                        path = scenario.display(),
                        pools = sc.pools.len(),
                        counties = sc.counties.len(),
                        projects = sc.projects.len(),
                        plan = crate::report::r6(sc.plan_total_mu())
                    )
                );
                exit::OK
            }
            Err(code) => code,
        },
        Command::Solve {
            scenario,
            set,
            format,
            out,
            all_projects,
            backend,
            compare,
            no_explain,
            time_limit,
        } => {
            let (sc, b) = match prepare(&scenario, &set, &backend, lang) {
                Ok(x) => x,
                Err(code) => return code,
            };
            let opts = crate::commands::solve::Options {
                explain: !no_explain,
                compare_pro_rata: compare == Some(Compare::ProRata),
            };
            let deadline = time_limit.map(|l| std::time::Instant::now() + l);
            let report = blocklp::deadline::with_deadline(deadline, || {
                crate::commands::solve::run(&sc, b.as_ref(), opts)
            });
            let html = (format == Format::Html)
                .then(|| crate::report::html::plan::Context::from_scenario(&sc));
            if let Err(code) = emit(
                &sc,
                &report,
                format,
                out.as_deref(),
                all_projects,
                html,
                lang,
            ) {
                return code;
            }
            status_code(report.status)
        }
        Command::Sweep {
            sweep,
            out,
            threads,
            keep_allocations,
            resume,
            no_explain,
            backend,
            shard,
            merge,
            time_limit,
        } => run_sweep(
            lang,
            &sweep,
            out,
            &backend,
            shard.as_deref(),
            merge,
            |out| crate::commands::sweep::SweepOptions {
                out,
                threads: threads.map(|t| t as usize),
                keep_allocations,
                resume,
                explain: !no_explain,
                progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
                lang,
                time_limit,
            },
        ),
        Command::Batch {
            inputs,
            repeat,
            threads,
            out,
            csv,
            json,
            time_limit,
        } => {
            use crate::commands::batch::{Format, run_cli_format};
            let format = if json {
                Format::Json
            } else if csv {
                Format::Csv
            } else {
                Format::Table
            };
            run_cli_format(
                &inputs,
                repeat as usize,
                threads.map(|t| t as usize),
                out.as_deref(),
                format,
                time_limit,
                lang,
            )
        }
        Command::Generate {
            counties,
            seed,
            out,
            divisible_only,
        } => {
            let mut opts = crate::commands::generate::GenOptions::new(counties as usize, seed);
            opts.divisible_only = divisible_only;
            match crate::commands::generate::generate_with(&opts, &out) {
                Ok(s) => {
                    eprintln!(
                        "{}",
                        crate::t!(
                            lang,
                            "generate-wrote",
                            path = out.display(),
                            counties = s.counties,
                            projects = s.projects,
                            pools = s.pools,
                            plan = s.plan_mu,
                            demand = s.demand_mu
                        )
                    );
                    exit::OK
                }
                Err(e) => {
                    eprintln!(
                        "{}",
                        crate::t!(
                            lang,
                            "error",
                            message = crate::t!(lang, "cannot-write", error = e)
                        )
                    );
                    exit::IO
                }
            }
        }
        Command::Diff {
            a,
            b,
            set,
            json,
            format,
            out,
            all,
            limit,
        } => match format {
            Some(DiffFormat::Html) => {
                diff_html(&a, b.as_deref(), &set, out.as_deref(), all, limit, lang)
            }
            f => crate::commands::diff::run_cli_with(
                &a,
                b.as_deref(),
                &set,
                json || f == Some(DiffFormat::Json),
                all,
                limit,
                lang,
            ),
        },
        Command::Explain {
            scenario,
            set,
            project,
            county,
            backend,
        } => crate::commands::explain::run_cli(
            &scenario,
            &set,
            project.as_deref(),
            county.as_deref(),
            &backend,
            lang,
        ),
        Command::Export {
            scenario,
            set,
            mps,
            backend,
        } => crate::commands::export::run_cli(&scenario, &set, &mps, &backend, lang),
    }
}

/// The folder file outputs go to when `--out` is not given: one of their own beside the current
/// directory (`<scenario name>-out`), never `.`, where an officer's input files often are.
pub fn default_out(scenario_name: &str) -> PathBuf {
    let name: String = scenario_name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    PathBuf::from(format!(
        "{}-out",
        if name.is_empty() { "landquota" } else { &name }
    ))
}

/// Refuses (exit 6, nothing written) when an output would replace a file the scenario reads.
pub(crate) fn refuse_overwrite(sc: &Scenario, outputs: &[PathBuf], lang: Lang) -> Result<(), u8> {
    match crate::fsutil::overwrites(outputs.iter().map(PathBuf::as_path), &sc.inputs) {
        Some((out, input)) => {
            eprintln!(
                "{}",
                crate::t!(
                    lang,
                    "error",
                    message = crate::t!(
                        lang,
                        "refuse-overwrite",
                        output = out.display(),
                        input = input.display()
                    )
                )
            );
            Err(exit::IO)
        }
        None => Ok(()),
    }
}

fn emit(
    sc: &Scenario,
    report: &Report,
    format: Format,
    out: Option<&Path>,
    all_projects: bool,
    html: Option<crate::report::html::plan::Context>,
    lang: Lang,
) -> Result<(), u8> {
    // Errors from fsutil name their path already; the others get it here.
    let io = |path: &Path, e: &dyn std::fmt::Display| {
        let e = e.to_string();
        let place = path.display().to_string();
        let e = if e.contains(&place) {
            e
        } else {
            format!("{place}: {e}")
        };
        eprintln!(
            "{}",
            crate::t!(
                lang,
                "error",
                message = crate::t!(lang, "cannot-write", error = e)
            )
        );
        exit::IO
    };
    let wrote = |p: &Path| eprintln!("{}", crate::t!(lang, "wrote", path = p.display()));
    let dir = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_out(&report.scenario));
    match format {
        Format::Table => {
            let text = crate::report::table::render(report, all_projects, lang);
            // With --out the table also goes to a file; without, it is only printed.
            if out.is_some() {
                let path = dir.join("plan.txt");
                refuse_overwrite(sc, std::slice::from_ref(&path), lang)?;
                crate::fsutil::write_atomic(&path, text.as_bytes()).map_err(|e| io(&path, &e))?;
                wrote(&path);
            }
            print_out(&text);
        }
        Format::Json => {
            let json = report.to_json();
            if out.is_some() {
                let path = dir.join("result.json");
                refuse_overwrite(sc, std::slice::from_ref(&path), lang)?;
                crate::fsutil::write_atomic(&path, json.as_bytes()).map_err(|e| io(&path, &e))?;
            }
            print_out(&json);
        }
        Format::Csv => {
            let names: Vec<PathBuf> = crate::report::csv::tables(report, lang)
                .map_err(|e| io(&dir, &e))?
                .into_iter()
                .map(|(n, _)| dir.join(n))
                .collect();
            refuse_overwrite(sc, &names, lang)?;
            for p in crate::report::csv::write(report, &dir, lang).map_err(|e| io(&dir, &e))? {
                wrote(&p);
            }
        }
        Format::Html => {
            let path = dir.join("plan.html");
            refuse_overwrite(sc, std::slice::from_ref(&path), lang)?;
            let cx = html.unwrap_or_default();
            let page = crate::report::html::plan::render(report, &cx, lang);
            crate::fsutil::write_atomic(&path, page.as_bytes()).map_err(|e| io(&path, &e))?;
            wrote(&path);
        }
        Format::Xlsx => {
            let path = dir.join(crate::report::xlsx::FILE_NAME);
            refuse_overwrite(sc, std::slice::from_ref(&path), lang)?;
            let bytes =
                crate::report::xlsx::workbook(sc, report, lang).map_err(|e| io(&path, &e))?;
            crate::fsutil::write_atomic(&path, &bytes).map_err(|e| io(&path, &e))?;
            wrote(&path);
        }
    }
    Ok(())
}

fn diff_html(
    a: &Path,
    b: Option<&Path>,
    set: &[String],
    out: Option<&Path>,
    show_all: bool,
    limit: Option<usize>,
    lang: Lang,
) -> u8 {
    let opts = crate::commands::diff::DiffOptions { show_all, limit };
    let diff = match (b, set.is_empty()) {
        (Some(b), true) => crate::commands::diff::diff_paths(a, b, &opts),
        (b, false) => crate::commands::diff::diff_variant(a, b, set, &opts, lang),
        (None, true) => Err(crate::t!(
            lang,
            "error",
            message = crate::t!(lang, "diff-needs-b")
        )),
    };
    match diff {
        Ok(d) => {
            let path = out.unwrap_or(Path::new(".")).join("diff.html");
            let page = crate::report::html::diff::render(&d, lang);
            if let Err(e) = crate::fsutil::write_atomic(&path, page.as_bytes()) {
                eprintln!("error: cannot write the diff page: {e}");
                return exit::IO;
            }
            eprintln!("wrote {}", path.display());
            d.exit_code()
        }
        Err(e) => {
            eprintln!("{e}");
            exit::INVALID
        }
    }
}

pub fn status_code(s: Status) -> u8 {
    match s {
        Status::Optimal => exit::OK,
        Status::Infeasible => exit::INFEASIBLE,
        Status::Unbounded | Status::SolverError => exit::SOLVER,
        Status::CheckFailed => exit::CHECK_FAILED,
        Status::NotProvenOptimal => exit::NOT_PROVEN,
        Status::TimeLimit => exit::TIME_LIMIT,
    }
}

/// Prints to stdout; a closed pipe (`| head`) ends output quietly instead of panicking.
pub(crate) fn print_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// `options` gets the output directory, known once the sweep file is read (its name is the
/// default).
fn run_sweep(
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
        return crate::commands::sweep::shard::run_cli_merge(&sweep, path, &out, opts.lang);
    }
    if let Some(spec) = shard {
        return crate::commands::sweep::shard::run_cli_shard(
            &sweep,
            path,
            backend.as_ref(),
            &opts,
            spec,
            opts.lang,
        );
    }
    match crate::commands::sweep::run_sweep(&sweep, backend.as_ref(), &opts) {
        Ok(o) => {
            let mut counts = std::collections::BTreeMap::new();
            for r in &o.rows {
                *counts.entry(r.status.as_str()).or_insert(0) += 1;
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
                        .iter()
                        .map(|(k, v)| crate::t!(
                            lang,
                            "sweep-count",
                            count = v,
                            status = sweep_status_word(lang, k)
                        ))
                        .collect::<Vec<_>>()
                        .join(&crate::t!(lang, "sweep-count-sep")),
                    ran = ran,
                    seconds = format!("{:.2}", o.seconds),
                    rate = format!("{:.2}", ran as f64 / o.seconds.max(1e-9)),
                    summary = out.join("summary.csv").display()
                )
            );
            if o.rows.iter().any(|r| {
                matches!(
                    r.status.as_str(),
                    "invalid" | "error" | "solver_error" | "time_limit"
                )
            }) {
                exit::SWEEP_FAILURES
            } else {
                exit::OK
            }
        }
        Err(e) => {
            eprintln!("{}", crate::t!(lang, "error", message = e));
            exit::IO
        }
    }
}

/// A sweep variant's status for people: the catalogue's word (`status-*`, or `sweep-status-*`
/// for `invalid` and `error`); in English, and for any other word, the summary's word itself.
fn sweep_status_word(lang: Lang, status: &str) -> String {
    for id in [format!("status-{status}"), format!("sweep-status-{status}")] {
        let w = crate::i18n::tr(lang, &id, &[]);
        if w != id {
            return w;
        }
    }
    status.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// `landquota <command> --help` explains every argument.
    #[test]
    fn every_argument_has_help_text() {
        let cli = Cli::command();
        let mut missing = Vec::new();
        for cmd in std::iter::once(&cli).chain(cli.get_subcommands()) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{} {id}", cmd.get_name()));
                }
            }
        }
        assert!(missing.is_empty(), "arguments without help: {missing:?}");
    }
}
