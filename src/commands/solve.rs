//! Where a plan is produced and judged: the one pipeline of a run, build → solve → check →
//! status → explain → compare. `solve`, `explain`, `diff`, `batch` and `sweep` all call it
//! (batch stage by stage, to time each).

use crate::alloc::Allocation;
use crate::baseline;
use crate::check::{self, Check, check};
use crate::commands::analysis::{self, Holding};
use crate::commands::counterfactual;
use crate::i18n::Msg;
use crate::model::FinalModel;
use crate::model::{self, Solved};
use crate::msg;
use crate::render::html::plan::{Context, ProRata as PageProRata};
use crate::report::{Baseline, BaselineRow, Certificate, Report, StageRow, Status, StoppedBy, r6};
use crate::scenario::{ProjectId, Scenario};
use blocklp::{Backend, SolveError};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Marginal values, reasons, certificate, conflicts of infeasible scenarios.
    pub explain: bool,
    /// Add the pro-rata baseline.
    pub compare_pro_rata: bool,
}

/// Wall-clock seconds spent in each step of a run (kept out of the report, which must be
/// byte-identical between runs).
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub build_s: f64,
    pub solve_s: f64,
    pub explain_s: f64,
}

pub fn run(sc: &Scenario, backend: &dyn Backend, opts: Options) -> Report {
    run_timed(sc, backend, opts).0
}

/// A run without counterfactual reasons (`projects[].stopped_by`): what sweeps, diffs and
/// batches need, which compare plans rather than tell a county head why.
pub fn run_timed(sc: &Scenario, backend: &dyn Backend, opts: Options) -> (Report, Timings) {
    run_scoped(sc, backend, opts, None, None)
}

/// `solve`'s run: with `opts.explain`, the counterfactual reasons of every short line when
/// affordable ([`counterfactual::BUDGET`]). Its pro-rata split (for `opts.compare_pro_rata`)
/// may have been computed already, for the other outputs that show it.
pub fn run_with(
    sc: &Scenario,
    backend: &dyn Backend,
    opts: Options,
    pro_rata_split: Option<&ProRata>,
) -> (Report, Timings) {
    run_scoped(
        sc,
        backend,
        opts,
        pro_rata_split,
        Some(counterfactual::Scope::Affordable),
    )
}

/// `explain`'s run: the counterfactual reasons of the lines it shows, whatever the size.
pub fn run_for_lines(
    sc: &Scenario,
    backend: &dyn Backend,
    opts: Options,
    lines: &[ProjectId],
) -> Report {
    run_scoped(
        sc,
        backend,
        opts,
        None,
        Some(counterfactual::Scope::Lines(lines)),
    )
    .0
}

/// The pipeline; `reasons` says for which lines to compute counterfactuals (none: `None`).
pub fn run_scoped(
    sc: &Scenario,
    backend: &dyn Backend,
    opts: Options,
    pro_rata_split: Option<&ProRata>,
    reasons: Option<counterfactual::Scope>,
) -> (Report, Timings) {
    let mode = match reasons {
        Some(scope) => Reasoning::Now(scope),
        None => Reasoning::Skip,
    };
    let (report, t, _) = pipeline(sc, backend, opts, pro_rata_split, mode);
    (report, t)
}

/// `solve`'s run ([`run_with`]) with its counterfactual reasons left for later, so that the
/// plan can be shown before them (`serve`): the report, and what the reasons need when there
/// are some to compute. [`Reasons::add`] then makes the report exactly `run_with`'s; with
/// `None` it is `run_with`'s already (no line to explain, or not affordable).
pub fn run_reasons_later(
    sc: &Scenario,
    backend: &dyn Backend,
    opts: Options,
) -> (Report, Option<Reasons>) {
    let (report, _, reasons) = pipeline(sc, backend, opts, None, Reasoning::Later);
    (report, reasons)
}

/// When the counterfactual reasons are computed.
enum Reasoning<'a> {
    /// Not at all.
    Skip,
    /// Within the run, for these lines.
    Now(counterfactual::Scope<'a>),
    /// After it, by [`Reasons::add`] (for every short line when affordable, as `run_with`).
    Later,
}

/// The counterfactual reasons of an explained plan, not computed yet: what they need from
/// its solve. Held by `serve` between the answer with the plan and the one with its reasons.
pub struct Reasons {
    /// The plan's solve, without what the backend kept for the analysis (done by now).
    solved: Solved,
    holdings: Vec<Vec<Holding>>,
    elsewhere: Vec<Holding>,
    lines: Vec<ProjectId>,
}

impl Reasons {
    /// The lines whose reasons are to come (their `reason` in the report meanwhile is the one
    /// in words, without what would change it).
    pub fn lines(&self) -> &[ProjectId] {
        &self.lines
    }

    /// Adds the counterfactual reasons to `report` ([`run_reasons_later`]'s, of the same
    /// scenario and backend): the result is byte for byte [`run_with`]'s report, since the
    /// reasons are set by the same code from the same inputs. The re-solves run on other
    /// threads; `cancel` (a newer edit) stops them too, and the report is then cut short:
    /// the caller must drop it.
    pub fn add(
        &self,
        sc: &Scenario,
        backend: &dyn Backend,
        report: &mut Report,
        cancel: Option<&Arc<AtomicBool>>,
    ) {
        crate::progress::report(crate::progress::Stage::Explain);
        let stopped = counterfactual::stopped_by(
            sc,
            &self.solved.allocation,
            &self.holdings,
            &self.elsewhere,
            counterfactual::Scope::Affordable,
            &|s| match cancel {
                // The thread's cancellation is its own: each re-solve's thread is given it.
                Some(flag) if flag.load(Ordering::Relaxed) => None,
                Some(flag) => {
                    blocklp::deadline::with_cancel(Arc::clone(flag), || resolve(s, backend))
                }
                None => resolve(s, backend),
            },
        );
        set_reasons(sc, &self.solved, &self.holdings, &stopped, report);
    }
}

fn pipeline(
    sc: &Scenario,
    backend: &dyn Backend,
    opts: Options,
    pro_rata_split: Option<&ProRata>,
    reasons: Reasoning,
) -> (Report, Timings, Option<Reasons>) {
    let mut later = None;
    let mut t = Timings::default();
    let clock = std::time::Instant::now();
    let (built, name) = build(sc, backend);
    t.build_s = clock.elapsed().as_secs_f64();
    let clock = std::time::Instant::now();
    let mut result = built.and_then(|fm| solve_built(sc, backend, fm, opts.explain));
    t.solve_s = clock.elapsed().as_secs_f64();
    let clock = std::time::Instant::now();
    let checks = check_plan(sc, &result);
    let mut report = judge(sc, name, &result, checks);
    if opts.explain {
        match &mut result {
            Ok(solved) if report.status == Status::Optimal => {
                later = explain_plan(sc, backend, solved, &mut report, reasons)
            }
            Err(SolveError::Infeasible) => {
                let (model, _) = model::build::build(sc);
                match blocklp::elastic::find_conflicts(backend, &model, &model.rows_of_interest()) {
                    Ok(c) => report.conflicts = analysis::conflict_rows(sc, &model, &c),
                    Err(e) => {
                        report.message = Some(crate::msg!(
                            "report-conflicts-failed",
                            message = report.message.clone().unwrap_or_default(),
                            error = e.to_string()
                        ))
                    }
                }
            }
            _ => {}
        }
    }
    if opts.compare_pro_rata {
        report.baseline = Some(match pro_rata_split {
            Some(pr) => baseline_of(sc, pr, &report),
            None => pro_rata(sc, &report),
        });
    }
    t.explain_s = clock.elapsed().as_secs_f64();
    let reasons = match (later, result) {
        (Some((holdings, elsewhere, lines)), Ok(mut solved)) => {
            solved.retained = None;
            Some(Reasons {
                solved,
                holdings,
                elsewhere,
                lines,
            })
        }
        _ => None,
    };
    (report, t, reasons)
}

/// Stage 1: the LP `solve` solves (after any lexicographic stages), and the name of the solver
/// that solves it.
pub fn build<'b>(
    sc: &Scenario,
    backend: &'b dyn Backend,
) -> (Result<FinalModel, SolveError>, &'b str) {
    let built = model::final_model(sc, backend);
    let name = built
        .as_ref()
        .map_or(backend.name(), |(model, _, _)| backend.name_for(model));
    (built, name)
}

/// Stage 2: the solve, keeping what the explanations need when `explain` is set.
pub fn solve_built(
    sc: &Scenario,
    backend: &dyn Backend,
    fm: FinalModel,
    explain: bool,
) -> Result<Solved, SolveError> {
    if explain {
        model::solve_model_for_analysis(sc, backend, fm)
    } else {
        model::solve_model(sc, backend, fm)
    }
}

/// Stage 3: the independent rule check of the solver's plan (none without a plan).
pub fn check_plan(sc: &Scenario, result: &Result<Solved, SolveError>) -> Option<Vec<Check>> {
    result.as_ref().ok().map(|s| check(sc, &s.allocation))
}

/// Stage 4: the report and its status. A plan is reported only if every rule check holds;
/// a plan answered with a bound it does not reach is `not_proven_optimal` with its gap.
/// `checks` are [`check_plan`]'s.
pub fn judge(
    sc: &Scenario,
    backend: &str,
    result: &Result<Solved, SolveError>,
    checks: Option<Vec<Check>>,
) -> Report {
    match result {
        Ok(solved) => {
            let checks = checks.unwrap_or_else(|| check(sc, &solved.allocation));
            let ok = check::all_hold(&checks);
            let mut r = Report::plan(sc, backend, &solved.allocation, checks);
            r.objective = Some(solved.objective);
            match &solved.fairness {
                Some(Ok(f)) => {
                    for (row, p) in r.projects.iter_mut().zip(sc.project_ids()) {
                        row.sharing = analysis::sharing(sc, p, f.of(p));
                    }
                }
                Some(Err(u)) => {
                    // The plan is an optimum of the priorities, its ties not settled: every line
                    // the fair rule would have settled says so, and so does the message.
                    let lines = u.lines.len();
                    for &p in &u.lines {
                        r.projects[p.idx()].reason = Some(msg!("why-fair-skipped"));
                    }
                    if u.time_limit {
                        r.status = Status::NotProvenOptimal;
                        r.message = Some(msg!("msg-fair-time-limit", lines = lines));
                    } else {
                        r.message = Some(msg!(
                            "msg-fair-failed",
                            error = u.error.clone(),
                            lines = lines
                        ));
                    }
                }
                None => {}
            }
            r.stages = solved
                .stages
                .iter()
                .map(|&(tier, optimum_mu)| StageRow { tier, optimum_mu })
                .collect();
            // A plan answered with a bound it does not reach (a search stopped at the time
            // limit): it meets every rule, its optimality is proven only to that gap.
            if let Some(bound) = solved.bound {
                let gap = (bound - solved.objective).max(0.0) / solved.objective.abs().max(1.0);
                if gap > blocklp::decompose::MIP_GAP {
                    r.status = Status::NotProvenOptimal;
                    r.message = Some(msg!(
                        "report-stopped-gap",
                        gap = format!("{gap:.2e}"),
                        bound = format!("{}", r6(bound))
                    ));
                }
            }
            if !ok {
                r.status = Status::CheckFailed;
                r.message = Some(msg!("report-check-failed"));
                r.clear_plan();
            }
            r
        }
        Err(e) => {
            let status = match e {
                SolveError::Infeasible => Status::Infeasible,
                SolveError::Unbounded => Status::Unbounded,
                SolveError::Other(_) => Status::SolverError,
                SolveError::TimeLimit => Status::TimeLimit,
            };
            let mut r = Report::plan(sc, backend, &Allocation::empty(sc), Vec::new());
            r.status = status;
            r.message = Some(match e {
                SolveError::Infeasible => msg!("report-infeasible"),
                e => Msg::Lit(e.to_string()),
            });
            r.clear_plan();
            r
        }
    }
}

/// What [`Reasons`] needs of the explanation when they are left for later: the holdings, the
/// rules elsewhere and the lines to explain.
type Later = (Vec<Vec<Holding>>, Vec<Holding>, Vec<ProjectId>);

fn explain_plan(
    sc: &Scenario,
    backend: &dyn Backend,
    solved: &mut Solved,
    report: &mut Report,
    reasons: Reasoning,
) -> Option<Later> {
    crate::progress::report(crate::progress::Stage::Explain);
    let an = match model::solve::analyse(backend, solved) {
        Ok(a) => a,
        Err(e) => {
            // No certificate, no claim: "optimal" needs a checked duality gap.
            report.status = Status::NotProvenOptimal;
            report.message = Some(crate::msg!("report-no-certificate", error = e.to_string()));
            return None;
        }
    };
    if let Some(e) = &an.values_error {
        report.message = Some(crate::msg!("report-values-failed", error = e.to_string()));
    }
    let index = analysis::row_index(an.lp(solved));
    // In the scenario's order (rule, then pool, county, ... as listed), whatever the LP's row
    // order (the fair rule builds it in id order).
    let mut values: Vec<&blocklp::sensitivity::RowValue> = an.values.iter().collect();
    values.sort_by_key(|v| match index[v.row] {
        Some((rule, owner)) => (rule, analysis::owner_index(owner), v.row),
        None => (model::RuleKind::TierFix, usize::MAX, v.row),
    });
    report.marginal_values = values
        .into_iter()
        .map(|v| analysis::rule_value_in(sc, an.lp(solved), &index, v))
        .collect();
    for v in &an.values {
        if let Some((model::RuleKind::PoolCapacity, model::Owner::Pool(k))) = index[v.row] {
            // Multi-year: each year's pools get their own; the top-level ones the plan year's.
            if let Some(t) = an.lp(solved).row_year(v.row) {
                let p = &mut report.years[t].pools[k.idx()];
                p.marginal_value = v.value.value();
                p.marginal_value_more = v.value.more;
                p.marginal_value_less = v.value.less;
                if t > 0 {
                    continue;
                }
            }
            let p = &mut report.pools[k.idx()];
            p.marginal_value = v.value.value();
            p.marginal_value_more = v.value.more;
            p.marginal_value_less = v.value.less;
        }
    }
    // A pool no project can draw on has no row: one more mu of it is worth nothing. (When
    // no value could be measured, every pool keeps `null` instead.)
    for p in report.pools.iter_mut().filter(|p| {
        an.values_error.is_none()
            && p.marginal_value_more.is_none()
            && p.marginal_value_less.is_none()
    }) {
        p.marginal_value = Some(0.0);
        p.marginal_value_more = Some(0.0);
        p.marginal_value_less = Some(0.0);
    }
    for (row, binding) in report
        .counties
        .iter_mut()
        .zip(analysis::county_binding(sc, solved, &an))
    {
        row.binding = binding;
    }
    let holdings = analysis::holdings(sc, solved, &an);
    let none = || vec![None; sc.projects.len()];
    let mut later = None;
    let stopped = match reasons {
        Reasoning::Now(scope) => {
            let elsewhere = analysis::elsewhere(sc, solved, &an);
            // Cold re-solves, as `solve --set` makes them: the decomposition's warm start
            // (`Backend::warm_for`) halved explain --county 西湖区 on zhejiang-2024 (1.1–1.5 s
            // against 2.3–3.3 s) but lost the entry of the urban batch pool for a line that a
            // cold re-solve gives 1.61 mu more, so it is not used.
            counterfactual::stopped_by(sc, &solved.allocation, &holdings, &elsewhere, scope, &|s| {
                resolve(s, backend)
            })
        }
        Reasoning::Later => {
            let elsewhere = analysis::elsewhere(sc, solved, &an);
            let scope = counterfactual::Scope::Affordable;
            let lines = counterfactual::lines_to_resolve(
                sc,
                &solved.allocation,
                &holdings,
                &elsewhere,
                scope,
            );
            // Nothing to re-solve: `stopped_by` would answer `None` for every line, as here.
            if !lines.is_empty() {
                later = Some((holdings.clone(), elsewhere, lines));
            }
            none()
        }
        Reasoning::Skip => none(),
    };
    set_reasons(sc, solved, &holdings, &stopped, report);
    if !an.certificate.optimal {
        report.status = Status::NotProvenOptimal;
        report.message = Some(crate::msg!(
            "report-gap",
            gap = format!("{:.1e}", an.certificate.relative_gap),
            tolerance = format!("{:.0e}", an.certificate.gap_tolerance)
        ));
    }
    report.certificate = Some(certificate_of(&an.certificate));
    later
}

/// Each short line's reason, the rules named and its counterfactuals (`stopped`). Setting
/// them again with other `stopped` rewrites exactly the same rows ([`Reasons::add`]): which
/// lines have a reason does not depend on `stopped`.
fn set_reasons(
    sc: &Scenario,
    solved: &Solved,
    holdings: &[Vec<Holding>],
    stopped: &[Option<Vec<StoppedBy>>],
    report: &mut Report,
) {
    for ((row, reason), stopped) in report
        .projects
        .iter_mut()
        .zip(analysis::project_reasons(sc, solved, holdings, stopped))
        .zip(stopped)
    {
        if let Some((text, rules)) = reason {
            row.reason = Some(text);
            row.binding_rules = rules;
            row.stopped_by = stopped.clone();
        }
    }
}

/// The plan of an edited scenario through this pipeline (stages 1 and 2, the fair rule
/// included), for the counterfactual reasons; `None` when there is none, or the fair rule
/// could not be applied to it (its grants would not be the rule's).
fn resolve(sc: &Scenario, backend: &dyn Backend) -> Option<Allocation> {
    let (built, _) = build(sc, backend);
    let solved = solve_built(sc, backend, built.ok()?, false).ok()?;
    match solved.fairness {
        Some(Err(_)) => None,
        _ => Some(solved.allocation),
    }
}

/// The solver's certificate in the output contract's type.
fn certificate_of(c: &blocklp::certificate::Certificate) -> Certificate {
    Certificate {
        primal_objective: c.primal_objective,
        dual_objective: c.dual_objective,
        relative_gap: c.relative_gap,
        max_primal_violation: c.max_primal_violation,
        max_dual_violation: c.max_dual_violation,
        gap_tolerance: c.gap_tolerance,
        optimal: c.optimal,
        scope: c.scope.to_string(),
        integer_bound: c.integer_bound,
        integer_gap: c.integer_gap,
    }
}

/// The pro-rata split a spreadsheet makes today (`baseline`), its report and its rule checks:
/// computed once per run for every output that shows it (the JSON `baseline`, the plan
/// document, the workbook).
pub struct ProRata {
    pub allocation: Allocation,
    /// The split as a plan (without its checks).
    pub plan: Report,
    pub checks: Vec<Check>,
}

impl ProRata {
    pub fn of(sc: &Scenario) -> ProRata {
        let allocation = baseline::pro_rata(sc);
        let checks = check(sc, &allocation);
        let plan = Report::plan(sc, baseline::METHOD, &allocation, Vec::new());
        ProRata {
            allocation,
            plan,
            checks,
        }
    }

    /// Mu each county gets, in scenario order.
    pub fn by_county(&self, sc: &Scenario) -> Vec<f64> {
        let mut out = vec![0.0; sc.counties.len()];
        for p in sc.project_ids() {
            out[sc.project(p).county.idx()] += self.allocation.granted(p);
        }
        out
    }

    /// What the plan document needs beside the report: the split per county and the rules it
    /// breaks, and the shared farmland/forest pools.
    pub fn page_context(&self, sc: &Scenario) -> Context {
        let broken = self
            .checks
            .iter()
            .filter(|c| !c.holds)
            .map(|c| (c.rule.to_string(), c.worst.clone(), c.max_violation_mu))
            .collect();
        Context {
            pro_rata: Some(PageProRata {
                granted_mu: self.allocation.total(),
                weighted_mu: self.allocation.weighted_mu(sc),
                counties: self
                    .plan
                    .counties
                    .iter()
                    .map(|c| (c.id.clone(), c.granted_mu, c.by_pool.clone()))
                    .collect(),
                broken,
            }),
            farmland_shared_mu: sc.rules.farmland.as_ref().map(|b| b.shared_pool_mu),
            forest_shared_mu: sc.rules.forest.as_ref().map(|b| b.shared_pool_mu),
        }
    }
}

/// The pro-rata split beside `optimum` (the report of the same scenario), per county and per
/// project too.
pub fn pro_rata(sc: &Scenario, optimum: &Report) -> Baseline {
    baseline_of(sc, &ProRata::of(sc), optimum)
}

/// [`pro_rata`] from a split already computed.
pub fn baseline_of(sc: &Scenario, pr: &ProRata, optimum: &Report) -> Baseline {
    let a = &pr.allocation;
    let checks = pr.checks.clone();
    let plan = &pr.plan;
    // An infeasible scenario's report has no plan to compare with.
    let has_plan = optimum.projects.len() == sc.projects.len();
    let counties = plan
        .counties
        .iter()
        .enumerate()
        .map(|(i, c)| BaselineRow {
            id: c.id.clone(),
            optimum_mu: has_plan.then(|| optimum.counties[i].granted_mu),
            pro_rata_mu: c.granted_mu,
        })
        .collect();
    let projects = plan
        .projects
        .iter()
        .enumerate()
        .map(|(i, p)| BaselineRow {
            id: p.id.clone(),
            optimum_mu: has_plan.then(|| optimum.projects[i].granted_mu),
            pro_rata_mu: p.granted_mu,
        })
        .collect();
    Baseline {
        method: baseline::METHOD,
        weighted_mu: a.weighted_mu(sc),
        granted_mu: a.total(),
        by_tier: plan.by_tier.clone(),
        broken: checks.iter().filter(|c| !c.holds).cloned().collect(),
        checks,
        counties,
        projects,
    }
}
