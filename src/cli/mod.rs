//! The command line: flags are parsed by clap and dispatched to one file per command, which
//! calls a use-case of [`crate::commands`], a view of [`crate::report`], writes the files and
//! stdout, and returns the exit code (from [`crate::report::exit`]).

/// Every line the command line prints goes through one filter, [`common::print_err`] and
/// [`common::print_line`] (`render::text::terminal`): a name holding an escape sequence is shown,
/// not obeyed. These shadow the standard macros in `cli`, so no message can go around it.
macro_rules! eprintln {
    () => { $crate::cli::common::print_err("") };
    ($($t:tt)*) => { $crate::cli::common::print_err(&format!($($t)*)) };
}
macro_rules! println {
    () => { $crate::cli::common::print_line("") };
    ($($t:tt)*) => { $crate::cli::common::print_line(&format!($($t)*)) };
}

pub mod batch;
mod check;
pub mod common;
pub mod diff;
mod explain;
mod export;
mod generate;
mod previous;
mod serve;
mod solve;
mod sweep;

use crate::commands::backend;
use crate::i18n::Lang;
use crate::report::exit;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

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
        /// 7, with its gap) or, with none, status time_limit (exit 10).
        #[arg(long, value_name = "SECONDS", value_parser = time_limit)]
        time_limit: Option<std::time::Duration>,
        /// Compare with the previous plan: a result.json of an earlier run (solve --format
        /// json) or its plan.xlsx. Adds previous_mu per county and project (null where one is
        /// missing on one side) and a column to the page, the county pages and the workbook.
        #[arg(long, value_name = "FILE")]
        previous: Option<PathBuf>,
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
        /// table (the story, in --lang), json (the project's or county's rows, with
        /// `stopped_by`, as `solve --format json` gives them), or, with --county, the county's
        /// document to issue (分解下达): html (DIR/<county id>.html) or xlsx (DIR/<county id>.xlsx).
        #[arg(long, value_enum, default_value_t = ExplainFormat::Table)]
        format: ExplainFormat,
        /// Folder for an html or xlsx document (default: <scenario name>-out).
        #[arg(long)]
        out: Option<PathBuf>,
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
    /// The live what-if page: a local web server; change pools, rules and counties in the
    /// browser and see the plan re-solved (the first line printed is the address to open).
    Serve(serve::Args),
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
pub enum ExplainFormat {
    /// The story on the terminal, in --lang.
    Table,
    /// The project's or county's rows as `solve --format json` gives them.
    Json,
    /// With --county: one printable page for the county.
    Html,
    /// With --county: a workbook, the county's 分解下达表 and its projects.
    Xlsx,
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
    common::end_quietly_on_broken_pipe();
    common::trace_the_solver_if_asked();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        // Help and version as clap draws them; an error quotes the arguments, which may come
        // from a file (`--project "$(cat name)"`): through the terminal filter, unstyled.
        Err(e) if e.use_stderr() => {
            common::print_err(e.render().to_string().trim_end());
            return ExitCode::from(exit::USAGE);
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(exit::OK);
        }
    };
    let lang = cli.lang.unwrap_or_else(Lang::from_env);
    ExitCode::from(run(cli.command, lang))
}

pub fn run(cmd: Command, lang: Lang) -> u8 {
    match cmd {
        Command::Check { scenario, set } => check::run(&scenario, &set, lang),
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
            previous,
        } => solve::run(
            &scenario,
            &set,
            solve::Outputs {
                format,
                out: out.as_deref(),
                all_projects,
                previous: previous.as_deref(),
            },
            &backend,
            compare,
            no_explain,
            time_limit,
            lang,
        ),
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
        } => sweep::run(
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
            let format = if json {
                batch::Format::Json
            } else if csv {
                batch::Format::Csv
            } else {
                batch::Format::Table
            };
            batch::run_cli_format(
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
        } => generate::run(counties, seed, &out, divisible_only, lang),
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
                diff::html(&a, b.as_deref(), &set, out.as_deref(), all, limit, lang)
            }
            f => diff::run_cli_with(
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
            format,
            out,
            backend,
        } => explain::run(
            &scenario,
            &set,
            project.as_deref(),
            county.as_deref(),
            format,
            out,
            &backend,
            lang,
        ),
        Command::Serve(args) => serve::run(args, lang),
        Command::Export {
            scenario,
            set,
            mps,
            backend,
        } => export::run(&scenario, &set, &mps, &backend, lang),
    }
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
