//! `landquota batch`: many scenario files in parallel; the worst file's exit code.

use super::common::{print_json, print_out};
use crate::commands::batch;
use crate::fsutil::write_atomic;
use crate::i18n::Lang;
use crate::report::exit;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What `run_cli_format` prints on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// `landquota batch INPUTS... [--repeat N] [--threads N] [--out DIR] [--csv]`: runs every
/// scenario found, prints the table (or, with `csv_stdout`, the CSV) on stdout, lists the
/// problems of invalid files and the files skipped on stderr, and with `out` writes
/// `DIR/<scenario name>.json` per file and `DIR/batch.csv`, atomically. Returns the exit code:
/// that of the worst file (module doc), 6 if `batch.csv` cannot be written, 1 if no scenario is
/// found.
pub fn run_cli(
    inputs: &[PathBuf],
    repeat: usize,
    threads: Option<usize>,
    out: Option<&Path>,
    csv_stdout: bool,
) -> u8 {
    let format = if csv_stdout {
        Format::Csv
    } else {
        Format::Table
    };
    run_cli_format(inputs, repeat, threads, out, format, None, Lang::En)
}

/// [`run_cli`] with a choice of stdout format, `Json` being [`batch::BatchResult::to_json`].
pub fn run_cli_format(
    inputs: &[PathBuf],
    repeat: usize,
    threads: Option<usize>,
    out: Option<&Path>,
    format: Format,
    time_limit: Option<Duration>,
    lang: Lang,
) -> u8 {
    let opts = batch::BatchOptions {
        repeat,
        threads,
        out: out.map(Path::to_path_buf),
        time_limit,
    };
    let backend = crate::commands::backend::by_name(crate::commands::backend::DEFAULT)
        .expect("the default backend exists");
    let result = match batch::run(inputs, &opts, backend.as_ref()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::SOLVER;
        }
    };
    for f in &result.files {
        if let Some(d) = &f.details {
            eprintln!(
                "{}\n{d}\n",
                crate::t!(
                    lang,
                    "batch-invalid-scenario",
                    path = f.path.display().to_string()
                )
            );
        }
    }
    if format != Format::Table {
        for s in &result.skipped {
            let skipped = crate::t!(
                lang,
                "batch-skipped",
                path = s.path.display().to_string(),
                reason = s.reason.render(lang)
            );
            eprintln!("{}", crate::t!(lang, "batch-note", message = skipped));
        }
    }
    if result.files.is_empty() {
        eprintln!(
            "{}",
            crate::t!(lang, "error", message = crate::t!(lang, "batch-none-found"))
        );
    }
    let mut code = result.exit_code();
    if let Some(dir) = out {
        let path = dir.join(batch::CSV_FILE);
        match write_atomic(&path, result.to_csv().as_bytes()) {
            Ok(()) => eprintln!(
                "{}",
                crate::t!(lang, "wrote", path = path.display().to_string())
            ),
            Err(e) => {
                let m = crate::t!(
                    lang,
                    "batch-cannot-write",
                    path = path.display().to_string(),
                    error = e.to_string()
                );
                eprintln!("{}", crate::t!(lang, "error", message = m));
                code = batch::worst(code, exit::IO);
            }
        }
    }
    match format {
        Format::Table => print_out(&result.to_table_in(lang)),
        Format::Csv => print_out(&result.to_csv()),
        Format::Json => print_json(&result.to_json()),
    }
    code
}
