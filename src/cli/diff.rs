//! `landquota diff`: compare two runs, or a scenario with its variant.

use super::common::{print_json, print_out};
use crate::commands::diff;
use crate::i18n::Lang;
use crate::report::exit;
use std::path::Path;

/// `landquota diff A B [--json] [--all] [--limit N]`: prints the diff and returns the exit code
/// (0; 1 when an input cannot be read or validated, its problems on stderr; 3 when neither side
/// has a plan and at least one is infeasible, 4 when neither has a plan otherwise).
pub fn run_cli(a: &Path, b: &Path, format_json: bool, show_all: bool, limit: Option<usize>) -> u8 {
    run_cli_with(
        a,
        Some(b),
        &[],
        format_json,
        show_all,
        limit,
        crate::i18n::Lang::En,
    )
}

/// `diff A [B] [--set PATH=VALUE ...]`: B defaults to A when edits are given.
pub fn run_cli_with(
    a: &Path,
    b: Option<&Path>,
    sets: &[String],
    format_json: bool,
    show_all: bool,
    limit: Option<usize>,
    lang: crate::i18n::Lang,
) -> u8 {
    let opts = diff::DiffOptions { show_all, limit };
    let result = match (b, sets.is_empty()) {
        (Some(b), true) => diff::diff_paths(a, b, &opts),
        (b, false) => diff::diff_variant(a, b, sets, &opts),
        (None, true) => {
            eprintln!(
                "{}",
                crate::t!(lang, "error", message = crate::t!(lang, "diff-needs-b"))
            );
            return exit::USAGE;
        }
    };
    match result {
        Ok(d) => {
            if format_json {
                print_json(&d.to_json());
            } else {
                print_out(&crate::render::diff::render_table_in(&d, lang));
            }
            d.exit_code()
        }
        Err(e) => {
            eprintln!("{}", e.render(lang));
            exit::INVALID
        }
    }
}

pub(super) fn html(
    a: &Path,
    b: Option<&Path>,
    set: &[String],
    out: Option<&Path>,
    show_all: bool,
    limit: Option<usize>,
    lang: Lang,
) -> u8 {
    let opts = diff::DiffOptions { show_all, limit };
    let diff = match (b, set.is_empty()) {
        (Some(b), true) => diff::diff_paths(a, b, &opts),
        (b, false) => diff::diff_variant(a, b, set, &opts),
        (None, true) => {
            eprintln!(
                "{}",
                crate::t!(lang, "error", message = crate::t!(lang, "diff-needs-b"))
            );
            return exit::USAGE;
        }
    };
    match diff {
        Ok(d) => {
            let path = out.unwrap_or(Path::new(".")).join("diff.html");
            let page = crate::render::html::diff::render(&d, lang);
            if let Err(e) = crate::fsutil::write_atomic(&path, page.as_bytes()) {
                let m = crate::t!(
                    lang,
                    "diff-page-cannot-write",
                    path = path.display().to_string(),
                    error = e.to_string()
                );
                eprintln!("{}", crate::t!(lang, "error", message = m));
                return exit::IO;
            }
            eprintln!(
                "{}",
                crate::t!(lang, "wrote", path = path.display().to_string())
            );
            d.exit_code()
        }
        Err(e) => {
            eprintln!("{}", e.render(lang));
            exit::INVALID
        }
    }
}
