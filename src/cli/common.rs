//! What every command of the command line shares: loading a scenario with its `--set` edits,
//! refusing to replace an input file, the default output folder, printing to stdout, and ending
//! quietly when the reader goes away.

use crate::commands::backend;
use crate::i18n::Lang;
use crate::report::exit;
use crate::scenario::{self, Diagnostics, Scenario};
use std::path::{Path, PathBuf};

/// A reader that goes away (`landquota check ... 2>&1 | head`) ends the run quietly, as in
/// ripgrep, with exit code 0: `print!`/`eprint!` panic when their pipe is closed, and every
/// message of every command goes through them, so the panic is caught here, once.
pub(crate) fn end_quietly_on_broken_pipe() {
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
) -> Result<(Scenario, Box<dyn blocklp::Backend>), u8> {
    let sc = load(path, set, lang)?;
    Ok((sc, backend::by_name(backend).expect("validated by clap")))
}

pub(crate) fn load(path: &Path, set: &[String], lang: Lang) -> Result<Scenario, u8> {
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

/// The folder file outputs go to when `--out` is not given: one of their own beside the current
/// directory (`<scenario name>-out`), never `.`, where an officer's input files often are.
pub fn default_out(scenario_name: &str) -> PathBuf {
    let name = crate::fsutil::safe_stem(scenario_name);
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

/// Prints text for people to stdout (tables, stories, diffs), control characters shown as
/// `\u{..}` ([`crate::render::text::terminal`]); a closed pipe (`| head`) ends output quietly
/// instead of panicking.
pub(crate) fn print_out(text: &str) {
    write_stdout(&crate::render::text::terminal(text));
}

/// Prints JSON to stdout: the same document, with the characters a terminal could act on in
/// its strings written as `\u` escapes ([`crate::render::text::json_terminal`]).
pub(crate) fn print_json(json: &str) {
    write_stdout(&crate::render::text::json_terminal(json));
}

fn write_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// One line on stderr through the terminal filter (what `eprintln!` means in `cli`).
pub(crate) fn print_err(text: &str) {
    std::eprintln!("{}", crate::render::text::terminal(text));
}

/// One line on stdout through the terminal filter (what `println!` means in `cli`).
pub(crate) fn print_line(text: &str) {
    std::println!("{}", crate::render::text::terminal(text));
}

/// Prints an error writing an output; errors from fsutil name their path already, the others
/// get it here. Returns the exit code (6).
pub(crate) fn cannot_write(path: &Path, e: &dyn std::fmt::Display, lang: Lang) -> u8 {
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
}

/// A line on stderr saying what a solve is doing (the priority solve, the fair rounds with the
/// level reached, the explanations), in the user's language; drawn only when stderr is a
/// terminal, and cleared when dropped. Installed for the thread that runs the solve.
pub(crate) struct Spinner {
    bar: Option<indicatif::ProgressBar>,
    _installed: Option<crate::progress::Installed>,
}

impl Spinner {
    pub(crate) fn start(lang: Lang) -> Spinner {
        use std::io::IsTerminal;
        if !std::io::stderr().is_terminal() {
            return Spinner {
                bar: None,
                _installed: None,
            };
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        let shown = bar.clone();
        let installed = crate::progress::install(Box::new(move |stage| {
            use crate::progress::Stage;
            let text = match stage {
                Stage::Priority => crate::t!(lang, "progress-priority"),
                Stage::FairRound { round, level, open } => crate::t!(
                    lang,
                    "progress-fair",
                    round = round + 1,
                    level = format!("{:.1}", 100.0 * level),
                    open = open
                ),
                Stage::Explain => crate::t!(lang, "progress-explain"),
            };
            shown.set_message(text);
        }));
        Spinner {
            bar: Some(bar),
            _installed: Some(installed),
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The solver's own trace (for benchmarks and debugging, BENCHMARKS.md and docs/solver.md):
/// `LANDQUOTA_TRACE_BLOCKS=1` (the decomposition) and `LANDQUOTA_TRACE_FAIR=1` (the fair
/// stage's rounds and levels; `=trace` adds the MPS of an LP that failed), on stderr. The
/// solver crate logs through `log` and reads no variable of the application's.
pub fn trace_the_solver_if_asked() {
    let mut builder = env_logger::Builder::new();
    let mut any = false;
    for (var, target) in [
        ("LANDQUOTA_TRACE_BLOCKS", "blocklp::blocks"),
        ("LANDQUOTA_TRACE_FAIR", "blocklp::fair"),
    ] {
        if let Some(v) = std::env::var_os(var) {
            let level = if v == "trace" {
                log::LevelFilter::Trace
            } else {
                log::LevelFilter::Debug
            };
            builder.filter(Some(target), level);
            any = true;
        }
    }
    if any {
        builder
            .format(|f, record| {
                use std::io::Write;
                writeln!(f, "{}", record.args())
            })
            .init();
    }
}
