//! No output shows a raw catalogue id: every shipped scenario's table and plan document, in
//! both languages, is scanned for the catalogue's ids (`page-rule-carry_over` is one) and for
//! the prefixes of composed ones.

use crate::common::*;
use landquota::commands::solve::{self, Options};
use landquota::i18n::Lang;
use landquota::render::{html, table};

const SHIPPED: [&str; 9] = [
    "tutorial",
    "jiaxing-2019",
    "jiaxing-2019-officer",
    "jinhua-2025",
    "jinhua-2025-2027",
    "jinhua-2025-trading",
    "jinhua-2025-whatif",
    "jinhua-2025-infeasible",
    "zhejiang-2024",
];

/// The ids of the English catalogue (the Chinese one has the same, a unit test checks).
fn catalogue_ids() -> std::collections::HashSet<String> {
    let text = std::fs::read_to_string(repo().join("src/i18n/en.ftl")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with(['#', ' ', '\t', '.', '}', '[', '*']) && l.contains(" ="))
        .map(|l| l.split(" =").next().unwrap().trim().to_string())
        .collect()
}

/// Words shaped like a catalogue id (`a-b`, `a-b_c-d`) that are one, or start like a composed one.
fn raw_ids(text: &str, ids: &std::collections::HashSet<String>) -> Vec<String> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_lowercase()) {
        let before_ok = rest[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !word(c) && c != '.');
        let tail = &rest[start..];
        let end = tail.find(|c: char| !word(c)).unwrap_or(tail.len());
        let tok = &tail[..end];
        if before_ok
            && tok.contains('-')
            && (ids.contains(tok)
                || [
                    "page-rule-",
                    "table-rule-",
                    "page-tier-",
                    "table-tier-",
                    "status-",
                ]
                .iter()
                .any(|p| tok.starts_with(p)))
        {
            found.push(tok.to_string());
        }
        rest = &tail[end..];
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn no_output_of_a_shipped_scenario_shows_a_catalogue_id() {
    let ids = catalogue_ids();
    let backend =
        landquota::commands::backend::by_name(landquota::commands::backend::DEFAULT).unwrap();
    let mut bad = Vec::new();
    for name in SHIPPED {
        let sc = landquota::scenario::from_path(&repo().join("scenarios").join(name)).unwrap();
        let opts = Options {
            explain: true,
            compare_pro_rata: true,
        };
        let pro_rata = solve::ProRata::of(&sc);
        let (report, _) = solve::run_with(&sc, backend.as_ref(), opts, Some(&pro_rata));
        let cx = pro_rata.page_context(&sc);
        for lang in [Lang::En, Lang::Zh] {
            for (view, text) in [
                ("table", table::render(&report, true, lang)),
                ("html", html::plan::render(&report, &cx, lang)),
            ] {
                for id in raw_ids(&text, &ids) {
                    bad.push(format!("{name} {view} {lang:?}: {id}"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "raw catalogue ids in outputs: {bad:#?}");
}
