//! A seeded mutation fuzz test: thousands of mutants of shipped scenario, CSV and sweep files
//! (byte flips, truncation, lost, doubled and swapped lines, swapped fields, extreme numbers,
//! odd Unicode, bad encodings, broken references). For each: no panic, no hang (a solve of a
//! mutant that validates runs under a time limit), and every problem names its file and a
//! position in it. `LANDQUOTA_FUZZ_MUTANTS` sets the number (default 3,000: about a minute in
//! a debug build); `LANDQUOTA_FUZZ_SEED` the seed. A failure prints the mutant; add it to
//! `tests/data/bad/` (the catalogue of bad inputs) with the fix.

use crate::common::*;
use landquota::commands::solve::{Options, run};
use landquota::commands::sweep::file::{MAX_VARIANTS, unsafe_name};
use landquota::commands::sweep::read as read_sweep;
use landquota::scenario::diag::{Diagnostics, Location};
use splitmix::Rng;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

const EXTREMES: &[&str] = &[
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "-0",
    "1e-320",
    "99999999999999999999999",
    "0x10",
    "1_000",
    "",
    "\u{2212}5",
    "1e15",
    "14400000001",
    "0.0000001",
    "-1",
    "１２３",
    "1,5",
    "\"\"",
    "true",
    "[]",
    "{}",
];

const ODD: &[&str] = &[
    "\u{200B}",
    "\u{200F}",
    "\u{FEFF}",
    "\u{0301}",
    "😀",
    "\u{0000}",
    "\u{FFFD}",
    "\t",
    "\r",
    "\"",
    "'",
    "\\",
    "#",
    "=",
    ",",
    "\n[[projects]]\n",
    "\u{3000}",
    "，",
    "县",
];

/// Bytes that are not UTF-8: GBK for 金华 and stray continuation/lead bytes.
const BAD_BYTES: &[&[u8]] = &[
    &[0xBD, 0xF0, 0xBB, 0xAA],
    &[0xFF],
    &[0xC0, 0x80],
    &[0xE4, 0xB8],
];

fn lines(b: &[u8]) -> Vec<Vec<u8>> {
    b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect()
}

fn join(ls: &[Vec<u8>]) -> Vec<u8> {
    ls.join(&b'\n')
}

/// Positions of numbers (runs of digits, with a sign, point and exponent) in `b`.
fn numbers(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let s = i;
            while i < b.len() && (b[i].is_ascii_digit() || b"._eE+-".contains(&b[i])) {
                i += 1;
            }
            out.push((s, i));
        } else {
            i += 1;
        }
    }
    out
}

/// Quoted strings (the ids and paths of a scenario) in `b`.
fn quoted(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &c) in b.iter().enumerate() {
        if c == b'"' {
            match start.take() {
                Some(s) => out.push((s + 1, i)),
                None => start = Some(i),
            }
        } else if c == b'\n' {
            start = None;
        }
    }
    out
}

fn splice(b: &[u8], (s, e): (usize, usize), with: &[u8]) -> Vec<u8> {
    [&b[..s], with, &b[e..]].concat()
}

/// One mutation of `b`; `csv` chooses field swaps within a row instead of between TOML keys.
fn mutate(rng: &mut Rng, b: &[u8], csv: bool) -> Vec<u8> {
    if b.is_empty() {
        return b"x".to_vec();
    }
    let mut ls = lines(b);
    match rng.below(11) {
        0 => {
            let mut v = b.to_vec();
            let i = rng.below(v.len());
            v[i] ^= 1 << rng.below(8);
            v
        }
        1 => b[..rng.below(b.len())].to_vec(),
        2 => {
            ls.remove(rng.below(ls.len()));
            join(&ls)
        }
        3 => {
            let i = rng.below(ls.len());
            ls.insert(i, ls[i].clone());
            join(&ls)
        }
        4 => {
            let (i, j) = (rng.below(ls.len()), rng.below(ls.len()));
            ls.swap(i, j);
            join(&ls)
        }
        5 => {
            let i = rng.below(ls.len());
            if csv {
                // Two cells of one row trade places.
                let mut cells: Vec<Vec<u8>> =
                    ls[i].split(|&c| c == b',').map(<[u8]>::to_vec).collect();
                let (a, c) = (rng.below(cells.len()), rng.below(cells.len()));
                cells.swap(a, c);
                ls[i] = cells.join(&b',');
            } else {
                // Two keys' values trade places.
                let j = rng.below(ls.len());
                let split = |l: &[u8]| {
                    l.iter()
                        .position(|&c| c == b'=')
                        .map(|p| (l[..p].to_vec(), l[p..].to_vec()))
                };
                if let (Some((ka, va)), Some((kb, vb))) = (split(&ls[i]), split(&ls[j])) {
                    ls[i] = [ka, vb].concat();
                    ls[j] = [kb, va].concat();
                }
            }
            join(&ls)
        }
        6 | 7 => {
            let ns = numbers(b);
            if ns.is_empty() {
                return splice(b, (0, 0), rng.pick(EXTREMES).as_bytes());
            }
            splice(b, *rng.pick(&ns), rng.pick(EXTREMES).as_bytes())
        }
        8 => {
            let i = rng.below(b.len());
            let mut at = i;
            while at > 0 && (b[at] & 0xC0) == 0x80 {
                at -= 1;
            }
            splice(b, (at, at), rng.pick(ODD).as_bytes())
        }
        9 => {
            let i = rng.below(b.len());
            let bad: &[u8] = BAD_BYTES[rng.below(BAD_BYTES.len())];
            splice(b, (i, i), bad)
        }
        _ => {
            // A broken reference: an id or path replaced by another quoted string of the file,
            // or by one nobody declares.
            let qs = quoted(b);
            if qs.is_empty() {
                return b.to_vec();
            }
            let target = *rng.pick(&qs);
            let with = if rng.below(2) == 0 {
                let (s, e) = *rng.pick(&qs);
                b[s..e].to_vec()
            } else {
                b"nobody-declares-this".to_vec()
            };
            splice(b, target, &with)
        }
    }
}

/// Every problem names a file of the mutant's folder and a position in it.
fn assert_positioned(d: &Diagnostics, dir: &Path, mutant: &str) {
    assert!(!d.is_empty(), "an error without problems\n{mutant}");
    for p in d.iter() {
        assert!(
            p.file.starts_with(dir),
            "problem names {} (not a file of the scenario): {p}\n{mutant}",
            p.file.display()
        );
        assert!(
            !matches!(p.location, Location::File),
            "problem without a position: {p}\n{mutant}"
        );
    }
}

fn show(files: &[(&str, Vec<u8>)]) -> String {
    files
        .iter()
        .map(|(n, b)| format!("--- {n} ---\n{}", String::from_utf8_lossy(b)))
        .collect()
}

/// A scenario mutant: read and validate; if valid, solve under a time limit. Returns whether
/// it was valid.
fn scenario_mutant(dir: &Path, files: &[(&str, Vec<u8>)]) -> bool {
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let t = Instant::now();
    let shown = || show(files);
    let loaded = catch_unwind(AssertUnwindSafe(|| {
        landquota::scenario::from_path(&dir.join("scenario.toml"))
    }))
    .unwrap_or_else(|_| panic!("panic while reading\n{}", shown()));
    let valid = loaded.is_ok();
    match loaded {
        Err(d) => assert_positioned(&d, dir, &shown()),
        Ok(sc) => {
            let opts = Options {
                explain: false,
                compare_pro_rata: false,
            };
            let backend = landquota::commands::backend::by_name("auto").unwrap();
            let deadline = Some(Instant::now() + Duration::from_secs(2));
            catch_unwind(AssertUnwindSafe(|| {
                blocklp::deadline::with_deadline(deadline, || run(&sc, backend.as_ref(), opts))
            }))
            .unwrap_or_else(|_| panic!("panic while solving\n{}", shown()));
        }
    }
    assert!(
        t.elapsed() < Duration::from_secs(20),
        "a mutant took {:?}\n{}",
        t.elapsed(),
        shown()
    );
    valid
}

fn sweep_mutant(dir: &Path, bytes: &[u8]) -> bool {
    let path = dir.join("sweep.toml");
    std::fs::write(&path, bytes).unwrap();
    let shown = || show(&[("sweep.toml", bytes.to_vec())]);
    let read = catch_unwind(AssertUnwindSafe(|| read_sweep(&path)))
        .unwrap_or_else(|_| panic!("panic while reading\n{}", shown()));
    let valid = read.is_ok();
    match read {
        Err(d) => assert_positioned(&d, dir, &shown()),
        Ok(s) => {
            assert!(s.variants.len() <= MAX_VARIANTS);
            for v in &s.variants {
                assert!(unsafe_name(&v.name).is_none(), "{:?}\n{}", v.name, shown());
            }
            assert!(unsafe_name(&s.name).is_none(), "{:?}\n{}", s.name, shown());
        }
    }
    valid
}

#[test]
fn mutants_never_panic_hang_or_lose_their_position() {
    let total: usize = std::env::var("LANDQUOTA_FUZZ_MUTANTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let seed: u64 = std::env::var("LANDQUOTA_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2025);
    let mut rng = Rng(seed);
    let read = |p: &str| std::fs::read(repo().join(p)).unwrap();
    let tutorial = read("scenarios/tutorial/scenario.toml");
    let jiaxing = [
        (
            "scenario.toml",
            read("scenarios/jiaxing-2019/scenario.toml"),
        ),
        ("counties.csv", read("scenarios/jiaxing-2019/counties.csv")),
        ("projects.csv", read("scenarios/jiaxing-2019/projects.csv")),
    ];
    let rolling = rolling_trading(&tutorial);
    let base = repo().join("scenarios/tutorial");
    let sweeps: Vec<Vec<u8>> = ["jinhua-pool-cut.toml", "zhejiang-alpha-beta.toml"]
        .iter()
        .map(|f| {
            String::from_utf8(read(&format!("scenarios/sweeps/{f}")))
                .unwrap()
                .lines()
                .map(|l| {
                    if l.starts_with("base") {
                        format!("base = {:?}", base.to_string_lossy())
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes()
        })
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let mut valid = 0;
    for n in 0..total {
        let dir = tmp.path().join(format!("m{}", n % 8));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let times = 1 + rng.below(3);
        match n % 8 {
            // The tutorial, and (one in eight) the tutorial over three years with trading:
            // the horizon, a pool's years, carry-over, borrowing, windows, county_years and
            // the market's fields mutated too.
            0..=2 => {
                let mut b = if n % 8 == 2 {
                    rolling.clone()
                } else {
                    tutorial.clone()
                };
                for _ in 0..times {
                    b = mutate(&mut rng, &b, false);
                }
                valid += usize::from(scenario_mutant(&dir, &[("scenario.toml", b)]));
            }
            3..=5 => {
                let mut files = jiaxing.clone();
                for _ in 0..times {
                    let k = rng.below(files.len());
                    files[k].1 = mutate(&mut rng, &files[k].1, k > 0);
                }
                valid += usize::from(scenario_mutant(&dir, &files));
            }
            _ => {
                let mut b = rng.pick(&sweeps).clone();
                for _ in 0..times {
                    b = mutate(&mut rng, &b, false);
                }
                valid += usize::from(sweep_mutant(&dir, &b));
            }
        }
    }
    eprintln!(
        "fuzz: {total} mutants (seed {seed}), {valid} still valid (solved or expanded), in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// The tutorial as a three-year plan with indicator trading: later capacities, carry-over and
/// borrowing on a pool, a project ready only in 2026, `county_years` rows (disposal, banked
/// indicators, a deduction) and a `[rules.trading]` market. Solves to an optimum (a test below
/// says so), so that mutants start from a valid multi-year scenario.
fn rolling_trading(tutorial: &[u8]) -> Vec<u8> {
    let mut s = String::from_utf8(tutorial.to_vec()).unwrap();
    for (from, to) in [
        (
            "capacity_mu = 1200",
            "capacity_mu = 1200\ncapacity_by_year_mu = { 2026 = 1100, 2027 = 1000 }\ncarry_over_max_mu = 100\nborrow_max_mu = 50",
        ),
        ("id = \"jd-ring\"", "id = \"jd-ring\"\nready_from = 2026"),
        ("floor_mu = 300 ", "floor_mu = 50 "),
        ("min_share = 0.05", "min_share = 0.01"),
    ] {
        assert!(s.contains(from), "the tutorial has no {from:?}");
        s = s.replacen(from, to, 1);
    }
    s.push_str(
        "\n[rules.horizon]\nyears = [2025, 2026, 2027]\ndiscount = 0.9\n\n[rules.trading]\nscope = \"city\"\nindicators = [\"farmland\"]\nfloor_price_yuan_per_mu = { farmland = 30000 }\ntransaction_cost_yuan_per_mu = 600\nyuan_per_weighted_mu = 100000\n\n[[county_years]]\ncounty = \"jindong\"\nyear = 2026\ndisposed_unsupplied_mu = 300\nfarmland_held_mu = 40\ndeduction_mu = 10\n\n[[county_years]]\ncounty = \"pujiang\"\nyear = 2027\nfarmland_held_mu = 25\n",
    );
    s.into_bytes()
}

#[test]
fn the_rolling_trading_tutorial_solves() {
    let tmp = tempfile::tempdir().unwrap();
    let tutorial = std::fs::read(repo().join("scenarios/tutorial/scenario.toml")).unwrap();
    std::fs::write(tmp.path().join("scenario.toml"), rolling_trading(&tutorial)).unwrap();
    let sc = landquota::scenario::from_path(&tmp.path().join("scenario.toml")).unwrap();
    assert_eq!(sc.n_years(), 3);
    assert!(sc.rules.trading.is_some());
    let r = run(
        &sc,
        &blocklp::Minilp,
        Options {
            explain: false,
            compare_pro_rata: false,
        },
    );
    assert_eq!(
        r.status,
        landquota::report::Status::Optimal,
        "{:?}",
        r.message
    );
}

/// Pieces of hostile names: formulas for a spreadsheet, escape sequences (CSI, OSC, C1) for a
/// terminal, bidirectional controls (overrides, stray closers) for a page, and plain text
/// and figures for them to act on.
const HOSTILE: &[&str] = &[
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "=cmd|' /C calc'!A0",
    "-1+2",
    "-5.2",
    "\u{1b}[2J",
    "\u{1b}]0;owned\u{7}",
    "\u{1b}]8;;http://x\u{1b}\\",
    "\u{9b}31m",
    "\u{9d}0;t\u{9c}",
    "\u{8}",
    "\u{7f}",
    "\u{202e}",
    "\u{202d}",
    "\u{202b}",
    "\u{202c}",
    "\u{2066}",
    "\u{2068}",
    "\u{2069}",
    "\u{200f}",
    "金东区",
    "1500",
    " 740 ",
    "<b>",
    "\"",
];

/// Hostile names in every named thing of the tutorial, many times over (seeded): every CSV cell
/// a spreadsheet would run is text, nothing `check` or `solve` prints carries a control
/// character, and in the plan page every override is closed inside an isolate.
/// `LANDQUOTA_FUZZ_HOSTILE` sets the number (default 60).
#[test]
fn hostile_names_stay_inert_in_csv_terminal_and_pages() {
    use crate::hostile::{
        csv_cells, overrides_stay_isolated, runs_in_a_spreadsheet, terminal_control,
    };
    let total: usize = std::env::var("LANDQUOTA_FUZZ_HOSTILE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let mut rng = Rng(27);
    let tutorial =
        std::fs::read_to_string(repo().join("scenarios/tutorial/scenario.toml")).unwrap();
    let names: Vec<String> = tutorial
        .lines()
        .filter_map(|l| l.strip_prefix("name = \"")?.split('"').next())
        .map(str::to_string)
        .collect();
    assert!(names.len() > 20);
    let tmp = tempfile::tempdir().unwrap();
    let (mut solved, mut refused) = (0, 0);
    for n in 0..total {
        let mut toml = tutorial.clone();
        let mut used = Vec::new();
        for _ in 0..1 + rng.below(6) {
            let old = rng.pick(&names);
            let mut new = String::new();
            for _ in 0..1 + rng.below(4) {
                new.push_str(HOSTILE[rng.below(HOSTILE.len())]);
            }
            let quoted: String = new
                .chars()
                .map(|c| match c {
                    '"' => "\\\"".to_string(),
                    '\\' => "\\\\".to_string(),
                    c if c.is_control() => format!("\\u{:04X}", c as u32),
                    c => c.to_string(),
                })
                .collect();
            toml = toml.replacen(
                &format!("name = \"{old}\""),
                &format!("name = \"{quoted}\""),
                1,
            );
            used.push(new);
        }
        let dir = tmp.path().join(format!("h{}", n % 4));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("scenario.toml"), &toml).unwrap();
        let shown = || format!("names {used:?}");
        let d = dir.to_str().unwrap();
        let printed = |args: &[&str]| {
            let o = cli(args);
            for bytes in [&o.stdout, &o.stderr] {
                let text = String::from_utf8_lossy(bytes);
                if let Some(c) = terminal_control(&text) {
                    panic!("{args:?} printed {c:?} ({})\n{text}", shown());
                }
            }
            o
        };
        let sc = match landquota::scenario::from_path(&dir) {
            Ok(sc) => sc,
            Err(_) => {
                refused += 1;
                printed(&["check", d]);
                continue;
            }
        };
        solved += 1;
        printed(&["solve", d]);
        let opts = Options {
            explain: true,
            compare_pro_rata: false,
        };
        let backend = landquota::commands::backend::by_name("auto").unwrap();
        let report = run(&sc, backend.as_ref(), opts);
        for (file, bytes) in
            landquota::render::csv::tables(&report, landquota::i18n::Lang::En).unwrap()
        {
            for row in csv_cells(&bytes) {
                for cell in row {
                    assert!(
                        !runs_in_a_spreadsheet(&cell),
                        "{file}: {cell:?} ({})",
                        shown()
                    );
                }
            }
        }
        let page = landquota::render::html::plan::render(
            &report,
            &Default::default(),
            landquota::i18n::Lang::Zh,
        );
        if let Err(e) = overrides_stay_isolated(&page) {
            panic!("plan.html: {e} ({})", shown());
        }
        // Stricter: every override is closed at the end of its own name, wherever the name
        // is composed with words or figures. Each name is shown as `esc` writes it, whole or
        // shortened with "…" (chart labels): with those taken out, no override is left.
        let mut rest = page.clone();
        for n in used
            .iter()
            .filter(|n| n.contains(['\u{202a}', '\u{202b}', '\u{202d}', '\u{202e}']))
        {
            let chars: Vec<char> = n.chars().collect();
            let mut shown_as = vec![landquota::render::svg::esc(n)];
            shown_as.extend((0..chars.len()).map(|k| {
                landquota::render::svg::esc(&format!("{}…", chars[..k].iter().collect::<String>()))
            }));
            // Longest first, so that a shortened form does not cut into a whole one.
            shown_as.sort_by_key(|s| std::cmp::Reverse(s.len()));
            for s in shown_as {
                rest = rest.replace(&s, "");
            }
        }
        if let Some(at) = rest.find(['\u{202a}', '\u{202b}', '\u{202d}', '\u{202e}']) {
            let from = rest.floor_char_boundary(at.saturating_sub(120));
            let to = rest.ceil_char_boundary((at + 60).min(rest.len()));
            panic!(
                "plan.html: an override not closed at the end of its name ({}): {:?}",
                shown(),
                &rest[from..to]
            );
        }
    }
    eprintln!("hostile names: {total} scenarios, {solved} solved, {refused} refused");
}
