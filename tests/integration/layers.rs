//! The architecture invariants of `ARCHITECTURE.md`, read from the `use` paths of `src/`: which
//! layer may import what, no circle of files importing each other, the checker independent of
//! the model, the solver crate free of the domain. Like the catalogue scan in `src/i18n`, this
//! reads the sources as text: `use` declarations (brace trees expanded) and paths written inline
//! (`crate::model::build(..)`, `super::table::fmt_mu`, `out::write_outputs`), outside comments
//! and `#[cfg(test)]` modules (tests may compose the layers as they like).

use crate::common::repo;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module by its path under `src/` (`["commands", "sweep", "out"]`; `[]` is `lib.rs`).
type Module = Vec<String>;

struct Source {
    /// Module path → file, relative to `src/`.
    files: BTreeMap<Module, String>,
    /// Module → the modules it imports (the deepest file a path reaches).
    imports: BTreeMap<Module, BTreeSet<Module>>,
}

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "lib".into()
    } else {
        m.join("/")
    }
}

/// The code of a file without its test module and without comments.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            // `//` inside a string ("https://...") is rare in code; good enough for paths.
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let (mut parts, mut depth, mut cur) = (Vec::new(), 0, String::new());
    for ch in inner.chars() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    parts.push(cur);
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| expand(p))
        .map(|p| format!("{prefix}{p}"))
        .collect()
}

impl Source {
    /// The application's sources, `src/`.
    fn read() -> Source {
        Source::read_in("src")
    }

    /// The sources under `root` (relative to the repository).
    fn read_in(root: &str) -> Source {
        let src = repo().join(root);
        let mut files = BTreeMap::new();
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let rel = p
                        .strip_prefix(&src)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    let mut m: Module = rel
                        .trim_end_matches(".rs")
                        .split('/')
                        .map(String::from)
                        .collect();
                    if rel == "main.rs" {
                        m = vec!["<main>".into()];
                    } else if matches!(m.last().map(String::as_str), Some("mod" | "lib")) {
                        m.pop();
                    }
                    files.insert(m, rel);
                }
            }
        }
        let mut s = Source {
            files,
            imports: BTreeMap::new(),
        };
        let mods: Vec<Module> = s.files.keys().cloned().collect();
        for m in mods {
            let text = code(&std::fs::read_to_string(src.join(&s.files[&m])).unwrap());
            let mut out = BTreeSet::new();
            for path in paths(&text) {
                if let Some(to) = s.resolve(&m, &path)
                    && to != m
                {
                    out.insert(to);
                }
            }
            s.imports.insert(m, out);
        }
        s
    }

    /// The module file a path ends in (`None`: outside the crate, e.g. `std::` or `serde::`).
    fn resolve(&self, from: &Module, path: &[String]) -> Option<Module> {
        let (mut cur, rest): (Module, &[String]) = match path.first().map(String::as_str) {
            Some("crate") => (Vec::new(), &path[1..]),
            Some("super") => {
                let mut m = from.clone();
                let mut i = 0;
                while path.get(i).is_some_and(|s| s == "super") {
                    m.pop();
                    i += 1;
                }
                (m, &path[i..])
            }
            Some("self") => (from.clone(), &path[1..]),
            Some(first) => {
                let mut child = from.clone();
                child.push(first.to_string());
                if self.files.contains_key(&child) {
                    (from.clone(), path)
                } else {
                    return None;
                }
            }
            None => return None,
        };
        for seg in rest {
            let mut next = cur.clone();
            next.push(seg.clone());
            if self.files.contains_key(&next) {
                cur = next;
            } else {
                break;
            }
        }
        Some(cur)
    }

    /// The top-level part of `src/` a module belongs to (`commands`, `render`, `alloc`, ...).
    fn layer(m: &Module) -> &str {
        m.first().map_or("lib", String::as_str)
    }
}

/// Every path the code names: in `use` declarations (not `pub use` re-exports, which are a
/// module's façade) and inline.
fn paths(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // The text without its `use` declarations, for the inline paths below.
    let mut inline = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("use ") {
        let before = &rest[..i];
        let is_word_start = before
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let Some(end) = rest[i..].find(';') else {
            break;
        };
        if !is_word_start {
            inline.push_str(&rest[..i + 4]);
            rest = &rest[i + 4..];
            continue;
        }
        // `pub use` / `pub(crate) use`: drop the visibility with the declaration.
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        inline.push_str(&before[..line_start]);
        let decl = &rest[i + 4..i + end];
        let reexport = before[line_start..].trim_start().starts_with("pub");
        if !reexport {
            for p in expand(decl) {
                let p = p.split(" as ").next().unwrap().trim().to_string();
                out.push(p.split("::").map(|s| s.trim().to_string()).collect());
            }
        }
        rest = &rest[i + end..];
    }
    inline.push_str(rest);
    // Inline paths: identifiers joined by `::`.
    let bytes: Vec<char> = inline.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < bytes.len() {
        if word(bytes[i]) && (i == 0 || !(word(bytes[i - 1]) || bytes[i - 1] == ':')) {
            let mut j = i;
            let mut segs = Vec::new();
            loop {
                let s = j;
                while j < bytes.len() && word(bytes[j]) {
                    j += 1;
                }
                segs.push(bytes[s..j].iter().collect::<String>());
                if j + 2 < bytes.len()
                    && bytes[j] == ':'
                    && bytes[j + 1] == ':'
                    && word(bytes[j + 2])
                {
                    j += 2;
                } else {
                    break;
                }
            }
            if segs.len() > 1 {
                out.push(segs);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// What each top-level part of `src/` may import besides itself (the layers call only
/// downward). `cli` and `main.rs` may import anything but are imported by nothing.
fn allowed(layer: &str) -> Option<&'static [&'static str]> {
    Some(match layer {
        "<main>" | "cli" | "lib" => return None,
        "commands" => &[
            "render", "report", "check", "model", "alloc", "baseline", "scenario", "rules", "i18n",
            "fsutil", "progress",
        ],
        "render" => &["report", "scenario", "rules", "i18n", "fsutil"],
        "report" => &["check", "alloc", "scenario", "rules", "i18n"],
        "model" => &["alloc", "scenario", "rules", "i18n", "progress"],
        "check" => &["alloc", "scenario", "rules"],
        "baseline" => &["alloc", "scenario"],
        "alloc" => &["scenario"],
        "scenario" => &["i18n", "fsutil"],
        "rules" => &["i18n"],
        "i18n" | "fsutil" | "progress" => &[],
        other => panic!("src/{other}: a part of src/ the layer table does not know"),
    })
}

/// Which layer may import what (ARCHITECTURE.md, "Architecture invariants").
#[test]
fn layers_import_only_downward() {
    let s = Source::read();
    let mut bad = Vec::new();
    for (from, tos) in &s.imports {
        let layer = Source::layer(from);
        for to in tos {
            let target = Source::layer(to);
            if target == layer {
                continue;
            }
            if target == "cli" || target == "<main>" {
                bad.push(format!(
                    "{} imports {} (nothing imports cli)",
                    name(from),
                    name(to)
                ));
                continue;
            }
            if target == "lib" {
                continue;
            }
            if let Some(ok) = allowed(layer)
                && !ok.contains(&target)
            {
                bad.push(format!("{} imports {}", name(from), name(to)));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "imports against the layers:\n{}",
        bad.join("\n")
    );
}

/// The views and the output contract know nothing of the solver crate; the checker and the
/// allocation know nothing of it either.
#[test]
fn only_model_commands_and_cli_use_the_solver() {
    let s = Source::read();
    let mut bad = Vec::new();
    for (m, file) in &s.files {
        if matches!(Source::layer(m), "model" | "commands" | "cli") {
            continue;
        }
        let text = code(&std::fs::read_to_string(repo().join("src").join(file)).unwrap());
        if paths(&text).iter().any(|p| p[0] == "blocklp") {
            bad.push(file.clone());
        }
    }
    assert!(bad.is_empty(), "blocklp used by: {bad:?}");
}

/// The checker shares no logic with the model: `check/` imports the scenario, the allocation
/// and the rule vocabulary (names only) and nothing else of the crate; the allocation imports
/// only the scenario.
#[test]
fn the_checker_shares_no_logic_with_the_model() {
    let s = Source::read();
    for (m, tos) in &s.imports {
        let (layer, ok): (&str, &[&str]) = match Source::layer(m) {
            "check" => ("check", &["check", "alloc", "scenario", "rules"]),
            "alloc" => ("alloc", &["scenario"]),
            _ => continue,
        };
        for to in tos {
            assert!(
                ok.contains(&Source::layer(to)),
                "{} ({layer}) imports {}",
                name(m),
                name(to)
            );
        }
    }
}

/// No circle of files that import each other. A folder's `mod.rs` and the files in it are one
/// unit here: the parent declares, re-exports and dispatches to its children, the children use
/// its types; every other pair of files counts.
#[test]
fn no_import_cycles_between_files() {
    let circles = circles(&Source::read());
    assert!(
        circles.is_empty(),
        "files importing each other: {circles:?}"
    );
}

/// The same in the solver crate: its engines (dense simplex, branch and bound, the GUB master)
/// below the decomposition and the fair stage, the backends below all of them.
#[test]
fn no_import_cycles_in_the_solver_crate() {
    let circles = circles(&Source::read_in("crates/blocklp/src"));
    assert!(
        circles.is_empty(),
        "solver files importing each other: {circles:?}"
    );
}

/// The circles of files importing each other (a folder's `mod.rs` and its files are one unit).
fn circles(s: &Source) -> Vec<Vec<String>> {
    let related = |a: &Module, b: &Module| a.starts_with(b) || b.starts_with(a);
    let graph: BTreeMap<&Module, Vec<&Module>> = s
        .imports
        .iter()
        .map(|(m, tos)| (m, tos.iter().filter(|t| !related(m, t)).collect()))
        .collect();
    // Tarjan's strongly connected components; any with two or more files is a circle.
    struct T<'a> {
        graph: &'a BTreeMap<&'a Module, Vec<&'a Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on: BTreeSet<&'a Module>,
        next: usize,
        circles: Vec<Vec<String>>,
    }
    impl<'a> T<'a> {
        fn visit(&mut self, v: &'a Module) {
            self.index.insert(v, self.next);
            self.low.insert(v, self.next);
            self.next += 1;
            self.stack.push(v);
            self.on.insert(v);
            for &w in self.graph.get(v).map_or(&[][..], Vec::as_slice) {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let l = self.low[v].min(self.low[w]);
                    self.low.insert(v, l);
                } else if self.on.contains(w) {
                    let l = self.low[v].min(self.index[w]);
                    self.low.insert(v, l);
                }
            }
            if self.low[v] == self.index[v] {
                let mut comp = Vec::new();
                loop {
                    let w = self.stack.pop().unwrap();
                    self.on.remove(w);
                    comp.push(name(w));
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    self.circles.push(comp);
                }
            }
        }
    }
    let mut t = T {
        graph: &graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        circles: Vec::new(),
    };
    for &m in graph.keys() {
        if !t.index.contains_key(m) {
            t.visit(m);
        }
    }
    t.circles
}

/// Only the command line prints and ends the process: the use-cases, views and everything
/// below return what they have. (The sweep's progress bar, drawn by indicatif on stderr when a
/// terminal asks for it, is the one exception.)
#[test]
fn only_cli_prints() {
    let s = Source::read();
    let mut bad = Vec::new();
    for (m, file) in &s.files {
        if matches!(Source::layer(m), "cli" | "<main>") {
            continue;
        }
        let text = code(&std::fs::read_to_string(repo().join("src").join(file)).unwrap());
        for word in [
            "println!",
            "print!(",
            "eprint!(",
            "process::exit",
            "stdout()",
        ] {
            if text.contains(word) {
                bad.push(format!("{file}: {word}"));
            }
        }
    }
    assert!(bad.is_empty(), "printing outside cli: {bad:?}");
}

/// The solver crate knows no domain: it does not depend on the application, its sources name
/// no scenario, county, project or pool type, and it reads no environment variable (tracing
/// and backend names are the application's).
#[test]
fn the_solver_crate_knows_no_domain() {
    let manifest = std::fs::read_to_string(repo().join("crates/blocklp/Cargo.toml")).unwrap();
    assert!(
        !manifest.contains("landquota"),
        "blocklp depends on the application"
    );
    let mut stack = vec![repo().join("crates/blocklp/src")];
    let mut bad = Vec::new();
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = code(&std::fs::read_to_string(&p).unwrap());
                for word in [
                    "landquota::",
                    "Scenario",
                    "CountyId",
                    "ProjectId",
                    "PoolId",
                    "env::var",
                ] {
                    if text.contains(word) {
                        bad.push(format!("{}: {word}", rel(&p)));
                    }
                }
            }
        }
    }
    assert!(bad.is_empty(), "domain words in the solver crate: {bad:?}");
}

fn rel(p: &Path) -> String {
    p.strip_prefix(repo()).unwrap_or(p).display().to_string()
}

/// The scanner itself: brace trees, re-exports, relative and inline paths.
#[test]
fn the_scanner_reads_use_trees_and_inline_paths() {
    assert_eq!(
        expand("crate::report::{Report, explain::{fmt_value, percent}}"),
        [
            "crate::report::Report",
            "crate::report::explain::fmt_value",
            "crate::report::explain::percent"
        ]
    );
    let p = paths("pub use a::b;\nuse crate::x::{y, z as w};\nfn f() { super::q::r(); }");
    assert!(!p.contains(&vec!["a".to_string(), "b".to_string()]));
    assert!(p.contains(&vec!["crate".into(), "x".into(), "z".into()]));
    assert!(p.contains(&vec!["super".into(), "q".into(), "r".into()]));
    let m = |p: &str| -> Module { p.split('/').map(String::from).collect() };
    let s = Source::read();
    assert!(s.imports[&m("commands/solve")].contains(&m("check")));
    assert!(s.imports[&m("commands/solve")].contains(&m("render/html/plan")));
    // `model::years` uses `super::*`; `scenario::load` re-exports `Record` (not an import).
    assert!(s.imports[&m("model/years")].contains(&m("model")));
    assert!(s.imports[&m("scenario/load")].contains(&m("scenario/record")));
    // Test modules are not read: the plan page's tests solve a scenario.
    assert!(!s.imports[&m("render/html/plan")].contains(&m("commands/solve")));
}

/// One SplitMix64 in the workspace: `crates/splitmix`, with no dependencies (a seed gives the
/// same numbers whatever crates are around). The solver crate takes it for its tests and
/// benchmarks only, so its API has no test helper; no file of the application spells the
/// generator out again.
#[test]
fn one_splitmix64() {
    let manifest = |p: &str| -> toml::Table {
        toml::from_str(&std::fs::read_to_string(repo().join(p)).unwrap()).unwrap()
    };
    let has = |t: &toml::Table, section: &str| {
        t.get(section)
            .and_then(|d| d.as_table())
            .is_some_and(|d| d.contains_key("splitmix"))
    };
    let splitmix = manifest("crates/splitmix/Cargo.toml");
    assert!(
        splitmix
            .get("dependencies")
            .and_then(|d| d.as_table())
            .is_none_or(|d| d.is_empty()),
        "splitmix has dependencies"
    );
    let blocklp = manifest("crates/blocklp/Cargo.toml");
    assert!(has(&blocklp, "dev-dependencies") && !has(&blocklp, "dependencies"));
    assert!(has(&manifest("Cargo.toml"), "dependencies"));
    // The state's increment, as the code writes it, outside the crate (in two halves here, so
    // that this file does not find itself).
    let gamma = format!("0x9e3779b9{}", "7f4a7c15");
    let mut stack: Vec<_> = ["src", "tests", "benches"]
        .iter()
        .map(|d| repo().join(d))
        .collect();
    let mut copies = Vec::new();
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap().to_lowercase();
                if text.replace('_', "").contains(&gamma) {
                    copies.push(rel(&p));
                }
            }
        }
    }
    assert!(
        copies.is_empty(),
        "SplitMix64 written out again in {copies:?}"
    );
}
