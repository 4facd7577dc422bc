//! `landquota serve`: the live what-if page. An officer edits a pool, a rule or a county in the
//! browser and sees the plan change; every variant is the base scenario with `--set` edits,
//! solved by the one pipeline ([`crate::commands::solve`]), so what the page shows is what
//! `solve --set ... --format json` prints.
//!
//! [`Live`] holds the base: its records as read (files are read once, not per edit), its solve,
//! and the few variants solved last. Nothing in it is changed by a variant: each edit list is
//! applied to a copy of the base's records, and a variant is cached only once it is complete, so a
//! failed or abandoned solve leaves nothing behind. [`http`] answers the page's requests;
//! [`save`] writes a variant as a scenario that `extends` the base.

pub mod http;
pub mod save;

use crate::commands::solve::{self, ProRata};
use crate::i18n::Lang;
use crate::report::Report;
use crate::scenario::load::RawScenario;
use crate::scenario::{self, Diagnostics, Scenario};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

/// Variants kept solved (the last edits, for undo and for the downloads of the variant shown).
const CACHED: usize = 24;

/// What `serve` is started with.
#[derive(Debug, Clone)]
pub struct Options {
    /// The solver (`--backend` of `solve`; the default is `solve`'s).
    pub backend: String,
    /// Where saved variants go (`DIR/<name>/scenario.toml`).
    pub out: PathBuf,
    pub lang: Lang,
}

/// One solved variant: its edits, the scenario they give, its report and the report's JSON
/// (the bytes of `solve --format json`).
pub struct Variant {
    pub set: Vec<String>,
    pub sc: Scenario,
    pub report: Report,
    pub json: String,
}

impl Variant {
    /// The pro-rata split, for the plan page and the workbook (as `solve --format html|xlsx`).
    pub fn pro_rata(&self) -> ProRata {
        ProRata::of(&self.sc)
    }
}

/// The base scenario as read, its solve, and what its files looked like when read.
struct Base {
    raw: RawScenario,
    solved: Arc<Variant>,
    stamps: Vec<Stamp>,
}

/// A file's modification time and length: a scenario file changed on disk is noticed.
type Stamp = (PathBuf, Option<(SystemTime, u64)>);

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path)
        .ok()
        .and_then(|m| Some((m.modified().ok()?, m.len())));
    (path.to_path_buf(), meta)
}

/// The live session of one scenario.
pub struct Live {
    path: PathBuf,
    opts: Options,
    base: RwLock<Arc<Base>>,
    cache: Mutex<Vec<Arc<Variant>>>,
}

impl Live {
    /// Reads and solves the base scenario; its problems (all of them) when it cannot be read.
    pub fn open(path: &Path, opts: Options) -> Result<Live, Diagnostics> {
        let base = load_base(path, &opts.backend)?;
        Ok(Live {
            path: path.to_path_buf(),
            opts,
            base: RwLock::new(Arc::new(base)),
            cache: Mutex::new(Vec::new()),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// Where saved variants go (known once the base's name is).
    pub fn set_out(&mut self, out: PathBuf) {
        self.opts.out = out;
    }

    fn base(&self) -> Arc<Base> {
        Arc::clone(&self.base.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// The base plan (no edits).
    pub fn base_variant(&self) -> Arc<Variant> {
        Arc::clone(&self.base().solved)
    }

    /// The base scenario's files read at start (or at the last reload).
    pub fn inputs(&self) -> Vec<PathBuf> {
        self.base().raw.inputs.clone()
    }

    /// The base with `set` edits, solved; or every problem of the edits, as `--set` reports
    /// them (a malformed edit first, then what the scenario says of the others).
    pub fn variant(&self, set: &[String]) -> Result<Arc<Variant>, Diagnostics> {
        let base = self.base();
        if set.is_empty() {
            return Ok(Arc::clone(&base.solved));
        }
        if let Some(v) = self.cached(set) {
            return Ok(v);
        }
        let sc = edited(&base.raw, set)?;
        let v = Arc::new(solve_variant(set.to_vec(), sc, &self.opts.backend));
        // Only a base still current is cached for: a reload meanwhile made this one stale.
        if Arc::ptr_eq(&base, &self.base()) {
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            cache.retain(|c| c.set != set);
            cache.push(Arc::clone(&v));
            if cache.len() > CACHED {
                cache.remove(0);
            }
        }
        Ok(v)
    }

    /// The scenario the edits give, without solving it (to save it).
    pub fn check_edits(&self, set: &[String]) -> Result<(), Diagnostics> {
        edited(&self.base().raw, set).map(|_| ())
    }

    fn cached(&self, set: &[String]) -> Option<Arc<Variant>> {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let i = cache.iter().position(|c| c.set == set)?;
        // Most recently used last.
        let v = cache.remove(i);
        cache.push(Arc::clone(&v));
        Some(v)
    }

    /// Whether a file of the scenario changed on disk since it was read.
    pub fn stale(&self) -> bool {
        self.base().stamps.iter().any(|(p, s)| stamp(p).1 != *s)
    }

    /// Reads the scenario again (after a change on disk): the new base replaces the old only
    /// when it reads and solves; the variants solved on the old one are dropped.
    pub fn reload(&self) -> Result<(), Diagnostics> {
        let base = load_base(&self.path, &self.opts.backend)?;
        *self.base.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(base);
        self.cache.lock().unwrap_or_else(|e| e.into_inner()).clear();
        Ok(())
    }

    /// Writes the variant as `DIR/<name>/scenario.toml` (see [`save`]).
    pub fn save(&self, set: &[String], name: &str) -> Result<PathBuf, save::SaveError> {
        let base = self.base();
        save::save(&self.path, &base.raw, set, name, &self.opts.out)
    }
}

fn load_base(path: &Path, backend: &str) -> Result<Base, Diagnostics> {
    let raw = scenario::load::load(path)?;
    let stamps = raw.inputs.iter().map(|p| stamp(p)).collect();
    let sc = edited(&raw, &[])?;
    let solved = Arc::new(solve_variant(Vec::new(), sc, backend));
    Ok(Base {
        raw,
        solved,
        stamps,
    })
}

/// The base records with the edits applied and validated: what
/// `scenario::from_path_with(path, edits)` gives, from records already read. Problems as
/// `cli::common::load` lists them for `--set`.
pub fn edited(raw: &RawScenario, set: &[String]) -> Result<Scenario, Diagnostics> {
    let mut edits = Vec::new();
    let mut bad = Diagnostics::default();
    for arg in set {
        match scenario::overrides::parse_set(arg) {
            Ok(e) => edits.push(e),
            Err(d) => bad.push(d),
        }
    }
    let mut raw = raw.clone();
    let problems = scenario::overrides::apply(&mut raw, &edits);
    raw.problems.extend(problems);
    match scenario::validate::validate(&raw) {
        Ok(sc) if bad.is_empty() => Ok(sc),
        Ok(_) => Err(bad),
        Err(d) => {
            bad.extend(d);
            Err(bad)
        }
    }
}

/// The run `solve --format json` makes: explained, no pro-rata comparison in the report.
fn solve_variant(set: Vec<String>, sc: Scenario, backend: &str) -> Variant {
    let b = crate::commands::backend::by_name(backend)
        .or_else(|| crate::commands::backend::by_name(crate::commands::backend::DEFAULT))
        .expect("the default backend exists");
    let opts = solve::Options {
        explain: true,
        compare_pro_rata: false,
    };
    let (mut report, _) = solve::run_with(&sc, b.as_ref(), opts, None);
    // A what-if says so in every output, as `solve --set` does: the edits exactly as given.
    report.overrides = set.clone();
    let json = report.to_json();
    Variant {
        set,
        sc,
        report,
        json,
    }
}
