//! `landquota serve`: the live what-if page. An officer edits a pool, a rule or a county in the
//! browser and sees the plan change; every variant is the base scenario with `--set` edits,
//! solved by the one pipeline ([`crate::commands::solve`]), so what the page shows is what
//! `solve --set ... --format json` prints.
//!
//! [`Live`] holds the base: its records as read (files are read once, not per edit), its solve,
//! and the few variants solved last. Nothing in it is changed by a variant: each edit list is
//! applied to a copy of the base's records, and a variant is cached only once its solve
//! finished, so a failed or abandoned solve leaves nothing behind. [`http`] answers the page's
//! requests; [`save`] writes a variant as a scenario that `extends` the base.
//!
//! The plan comes first: a variant is solved and explained without its counterfactual reasons
//! ("with 100 mu more of this pool the line would get …", one re-solve per rule holding a line:
//! most of a city scenario's time), which are added on a second request
//! ([`Live::with_reasons`]) to the same solve. Only a variant with them is ever answered as
//! `solve --format json` or downloaded.

pub mod http;
pub mod save;

use crate::commands::solve::{self, ProRata, Reasons};
use crate::i18n::{Lang, Msg};
use crate::report::Report;
use crate::scenario::load::RawScenario;
use crate::scenario::{self, Diagnostics, Scenario};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
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
/// (the bytes of `solve --format json` once [`Variant::complete`]).
pub struct Variant {
    pub set: Vec<String>,
    pub sc: Scenario,
    pub report: Report,
    pub json: String,
    /// The counterfactual reasons still to add (`None`: complete). Until then the lines they
    /// explain say that they are being computed, and `report`/`json` are for the page only.
    reasons: Option<Reasons>,
    /// `json` parsed, once (the page's changes compare it with the base's).
    value: OnceLock<serde_json::Value>,
}

impl Variant {
    /// The pro-rata split, for the plan page and the workbook (as `solve --format html|xlsx`).
    pub fn pro_rata(&self) -> ProRata {
        ProRata::of(&self.sc)
    }

    /// The report's JSON as a value (parsed the first time it is asked for).
    pub fn value(&self) -> &serde_json::Value {
        self.value
            .get_or_init(|| serde_json::from_str(&self.json).unwrap_or(serde_json::Value::Null))
    }

    /// Whether the report has its counterfactual reasons: then it is `solve`'s, byte for byte.
    pub fn complete(&self) -> bool {
        self.reasons.is_none()
    }

    /// The variant with its counterfactual reasons; cut short when `cancel` is set meanwhile.
    fn finish(&self, backend: &str, cancel: Option<&Arc<AtomicBool>>) -> Variant {
        let Some(reasons) = &self.reasons else {
            return self.clone_complete();
        };
        let b = backend_of(backend);
        let mut report = self.report.clone();
        reasons.add(&self.sc, b.as_ref(), &mut report, cancel);
        let json = report.to_json();
        Variant {
            set: self.set.clone(),
            sc: self.sc.clone(),
            report,
            json,
            reasons: None,
            value: OnceLock::new(),
        }
    }

    fn clone_complete(&self) -> Variant {
        Variant {
            set: self.set.clone(),
            sc: self.sc.clone(),
            report: self.report.clone(),
            json: self.json.clone(),
            reasons: None,
            value: OnceLock::new(),
        }
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

    /// The base with `set` edits, solved, with its counterfactual reasons (complete: what
    /// `solve --set ... --format json` gives); or every problem of the edits, as `--set`
    /// reports them (a malformed edit first, then what the scenario says of the others).
    pub fn variant(&self, set: &[String]) -> Result<Arc<Variant>, Diagnostics> {
        self.solved(set, true, None)
    }

    /// The variant as soon as its plan is solved and explained: its counterfactual reasons
    /// may be still to come ([`Variant::complete`]).
    pub fn plan_first(&self, set: &[String]) -> Result<Arc<Variant>, Diagnostics> {
        self.solved(set, false, None)
    }

    /// [`Live::variant`], the plan's solve reused when [`Live::plan_first`] gave it. A set
    /// `cancel` (a newer edit) stops the re-solves of the reasons too, and nothing they found
    /// is kept (the answer is cut short: the caller drops it).
    pub fn with_reasons(
        &self,
        set: &[String],
        cancel: &Arc<AtomicBool>,
    ) -> Result<Arc<Variant>, Diagnostics> {
        self.solved(set, true, Some(cancel))
    }

    fn solved(
        &self,
        set: &[String],
        complete: bool,
        cancel: Option<&Arc<AtomicBool>>,
    ) -> Result<Arc<Variant>, Diagnostics> {
        let base = self.base();
        let v = if set.is_empty() {
            Arc::clone(&base.solved)
        } else if let Some(v) = self.cached(set) {
            v
        } else {
            let sc = edited(&base.raw, set)?;
            let v = Arc::new(solve_variant(set.to_vec(), sc, &self.opts.backend));
            self.keep(&base, &v, cancel);
            v
        };
        if !complete || v.complete() {
            return Ok(v);
        }
        let v = Arc::new(v.finish(&self.opts.backend, cancel));
        self.keep(&base, &v, cancel);
        Ok(v)
    }

    /// Caches a solved variant (replacing the same edits' plan without its reasons). Only a
    /// base still current is cached for: a reload meanwhile made this one stale. A solve
    /// cancelled by a newer edit (its answer cut short) is never kept.
    fn keep(&self, base: &Arc<Base>, v: &Arc<Variant>, cancel: Option<&Arc<AtomicBool>>) {
        let cancelled =
            blocklp::deadline::cancelled() || cancel.is_some_and(|f| f.load(Ordering::Relaxed));
        if v.set.is_empty() || cancelled || !Arc::ptr_eq(base, &self.base()) {
            return;
        }
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.retain(|c| c.set != v.set);
        cache.push(Arc::clone(v));
        if cache.len() > CACHED {
            cache.remove(0);
        }
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
    // The base is shown first and compared with every variant: complete from the start.
    let solved = Arc::new(solve_variant(Vec::new(), sc, backend).finish(backend, None));
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

fn backend_of(name: &str) -> Box<dyn blocklp::Backend> {
    crate::commands::backend::by_name(name)
        .or_else(|| crate::commands::backend::by_name(crate::commands::backend::DEFAULT))
        .expect("the default backend exists")
}

/// The run `solve --format json` makes (explained, no pro-rata comparison in the report), its
/// counterfactual reasons left for [`Variant::finish`].
fn solve_variant(set: Vec<String>, sc: Scenario, backend: &str) -> Variant {
    let b = backend_of(backend);
    let opts = solve::Options {
        explain: true,
        compare_pro_rata: false,
    };
    let (mut report, reasons) = solve::run_reasons_later(&sc, b.as_ref(), opts);
    // A what-if says so in every output, as `solve --set` does: the edits exactly as given.
    report.overrides = set.clone();
    if let Some(r) = &reasons {
        // Meanwhile the page says the line's reason in words, and that more is coming.
        for &p in r.lines() {
            let row = &mut report.projects[p.idx()];
            if let Some(reason) = row.reason.take() {
                row.reason = Some(Msg::List(vec![crate::msg!("live-reason-pending"), reason]));
            }
        }
    }
    let json = report.to_json();
    Variant {
        set,
        sc,
        report,
        json,
        reasons,
        value: OnceLock::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUT: &str = "pools.urban_batch.capacity=*0.8";

    fn live() -> Live {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/jinhua-2025");
        let opts = Options {
            backend: crate::commands::backend::DEFAULT.into(),
            out: PathBuf::new(),
            lang: Lang::En,
        };
        Live::open(&path, opts).expect("a shipped scenario")
    }

    /// A newer edit cancels the reasons' re-solves, which run on other threads than the
    /// request's: the answer is cut short (no counterfactual at all) and is not kept; the
    /// variant asked for again is `solve`'s run, byte for byte.
    #[test]
    fn cancelled_reasons_are_cut_short_and_not_kept() {
        let live = live();
        let set = vec![CUT.to_string()];
        let draft = live.plan_first(&set).unwrap();
        assert!(!draft.complete(), "the cut leaves lines to explain");
        let cancel = Arc::new(AtomicBool::new(true));
        let cut = live.with_reasons(&set, &cancel).unwrap();
        assert!(
            cut.report
                .projects
                .iter()
                .all(|p| p.stopped_by.as_ref().is_none_or(|s| s.is_empty())),
            "no re-solve ran"
        );
        assert!(
            !live.cached(&set).unwrap().complete(),
            "the cut-short answer was not kept"
        );
        let whole = live.variant(&set).unwrap();
        let sc = edited(&live.base().raw, &set).unwrap();
        let b = backend_of(crate::commands::backend::DEFAULT);
        let opts = solve::Options {
            explain: true,
            compare_pro_rata: false,
        };
        let (mut once, _) = solve::run_with(&sc, b.as_ref(), opts, None);
        once.overrides = set.clone();
        assert!(whole.complete());
        assert!(
            whole.json == once.to_json(),
            "the plan's solve finished = solve's run"
        );
        assert!(
            whole
                .report
                .projects
                .iter()
                .any(|p| p.stopped_by.as_ref().is_some_and(|s| !s.is_empty()))
        );
        assert!(
            Arc::ptr_eq(&whole, &live.variant(&set).unwrap()),
            "kept once whole"
        );
    }
}
