//! Explanations in domain terms: marginal values by rule and id, the binding rules of each
//! county, the reason each project is not fully granted, and the conflicts of an infeasible
//! scenario with a suggestion for each.

use super::r6;
use crate::model::solve::{Analysis, Solved};
use crate::model::{ColumnKind, Owner, RuleKind, RuleModel, Sense};
use crate::scenario::*;
use blocklp::elastic::Conflict;
use blocklp::sensitivity::RowValue;
use serde::Serialize;

/// The unit of every marginal value in the output.
pub const VALUE_UNIT: &str = "objective (weighted mu) per mu";

#[derive(Debug, Clone, Serialize)]
pub struct RuleValue {
    pub rule: &'static str,
    pub id: String,
    pub binding: bool,
    #[serde(serialize_with = "super::ser_r6")]
    pub slack_mu: f64,
    /// Change in the objective per mu of the rule's right-hand side, when the same both ways.
    #[serde(serialize_with = "super::ser_opt_r6")]
    pub marginal_value: Option<f64>,
    /// Per extra mu (`null`: infeasible beyond).
    #[serde(serialize_with = "super::ser_opt_r6")]
    pub marginal_value_more: Option<f64>,
    /// Per mu taken away (`null`: infeasible beyond).
    #[serde(serialize_with = "super::ser_opt_r6")]
    pub marginal_value_less: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConflictRow {
    pub rule: &'static str,
    pub id: String,
    /// Mu this rule gives in the smallest relaxation of all rules together.
    #[serde(serialize_with = "super::ser_r6")]
    pub relax_mu: f64,
    /// Mu it would have to give if relaxed alone (`null`: relaxing it alone is not enough).
    #[serde(serialize_with = "super::ser_opt_r6")]
    pub relax_alone_mu: Option<f64>,
    pub suggestion: String,
}

/// The rule and owner of every row, indexed by row.
pub fn row_index(lp: &RuleModel) -> Vec<Option<(RuleKind, Owner)>> {
    let mut out = vec![None; lp.rows.len()];
    for (r, rule, owner) in lp.rows_with_owner() {
        out[r] = Some((rule, owner));
    }
    out
}

pub fn owner_id(sc: &Scenario, o: Owner) -> String {
    match o {
        Owner::Pool(k) => sc.pool(k).id.clone(),
        Owner::County(c) => sc.county(c).id.clone(),
        Owner::Project(p) => sc.project(p).id.clone(),
        Owner::Category(c) => sc.category(c).id.clone(),
        Owner::Tier(t) => t.to_string(),
        Owner::Scenario => "all".into(),
    }
}

pub fn rule_value(sc: &Scenario, index: &[Option<(RuleKind, Owner)>], v: &RowValue) -> RuleValue {
    let (rule, owner) = index[v.row].expect("rows of interest belong to blocks");
    RuleValue {
        rule: rule.as_str(),
        id: owner_id(sc, owner),
        binding: v.binding,
        slack_mu: v.slack.max(0.0),
        marginal_value: v.value.value(),
        marginal_value_more: v.value.more,
        marginal_value_less: v.value.less,
    }
}

/// A value in objective units for people: 4 decimals, trailing zeros dropped (1.8, 0.3333).
/// This also hides the list-order tie-break (at most 10⁻⁶ relative); JSON keeps full precision.
pub fn fmt_value(v: f64) -> String {
    let s = format!("{:.4}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

fn fmt_side(v: &RowValue) -> String {
    match (v.value.value(), v.value.more, v.value.less) {
        (Some(x), _, _) => fmt_value(x),
        (None, Some(m), Some(l)) => format!("{} (more) / {} (less)", fmt_value(m), fmt_value(l)),
        (None, Some(m), None) => format!("{} (more)", fmt_value(m)),
        (None, None, Some(l)) => format!("{} (less)", fmt_value(l)),
        (None, None, None) => "undefined".into(),
    }
}

/// What relaxing a row by one mu is worth: for ≤ rows one more mu of right-hand side, for ≥
/// rows one mu less.
fn relief(lp: &RuleModel, v: &RowValue) -> Option<f64> {
    match lp.rows[v.row].sense {
        Sense::Le => v.value.more,
        Sense::Ge => v.value.less.map(|x| -x),
        Sense::Eq => v.value.more.map(f64::abs),
    }
}

/// One sentence on why a binding row stops more mu going where it could.
fn describe(sc: &Scenario, lp: &RuleModel, rule: RuleKind, owner: Owner, v: &RowValue) -> String {
    let id = owner_id(sc, owner);
    let worth = fmt_side(v);
    let rhs = r6(lp.rows[v.row].rhs);
    match rule {
        RuleKind::PoolCapacity => {
            format!("pool {id} exhausted ({rhs} mu): one more mu there is worth {worth}")
        }
        RuleKind::StockLinkage => format!(
            "county {id} stock-linkage ceiling reached ({rhs} mu): one more mu of ceiling is worth {worth}"
        ),
        RuleKind::FarmlandBalance => format!(
            "county {id} farmland compensation used up ({rhs} mu held): one more mu is worth {worth}"
        ),
        RuleKind::FarmlandShared => format!(
            "shared farmland compensation pool used up ({rhs} mu): one more mu is worth {worth}"
        ),
        RuleKind::ForestBalance => format!(
            "county {id} forest quota used up ({rhs} mu held): one more mu is worth {worth}"
        ),
        RuleKind::ForestShared => {
            format!("shared forest quota pool used up ({rhs} mu): one more mu is worth {worth}")
        }
        RuleKind::OutsideBoundaryCounty => format!(
            "county {id} outside-boundary share reached: one more mu of allowance is worth {worth}"
        ),
        RuleKind::OutsideBoundaryTotal => format!(
            "outside-boundary share reached overall: one more mu of allowance is worth {worth}"
        ),
        RuleKind::Earmark => format!("earmark {id} binds: one mu less of it is worth {worth}"),
        RuleKind::CountyCap => {
            format!("county {id} cap reached ({rhs} mu): one more mu of cap is worth {worth}")
        }
        RuleKind::CountyFloor => {
            format!("county {id} floor binds ({rhs} mu): one mu less of it is worth {worth}")
        }
        RuleKind::ProjectNeed | RuleKind::MinShare | RuleKind::TierFix => {
            format!("{} {id} binds", rule.as_str())
        }
    }
}

/// Per project: the reason it is not fully granted (`None` when it is), and the rules named.
pub fn project_reasons(
    sc: &Scenario,
    solved: &Solved,
    an: &Analysis,
) -> Vec<Option<(String, Vec<String>)>> {
    let lp = &an.fixed;
    let index = row_index(lp);
    // Incidence of each column in the rows of interest.
    let mut incidence: Vec<Vec<(usize, f64)>> = vec![Vec::new(); lp.columns.len()];
    for v in &an.values {
        for &(j, a) in &lp.rows[v.row].coeffs {
            incidence[j].push((v.row, a));
        }
    }
    let mut cols_of: Vec<Vec<usize>> = vec![Vec::new(); sc.projects.len()];
    let mut draw_of: Vec<(Option<usize>, Option<usize>)> = vec![(None, None); sc.counties.len()];
    for (j, c) in lp.kinds.iter().enumerate() {
        match *c {
            ColumnKind::Grant { project, .. } => cols_of[project.idx()].push(j),
            ColumnKind::SharedDraw { county, resource } => match resource {
                crate::model::Resource::Farmland => draw_of[county.idx()].0 = Some(j),
                crate::model::Resource::Forest => draw_of[county.idx()].1 = Some(j),
            },
            _ => {}
        }
    }
    let shared_row = |rule: RuleKind| {
        an.values
            .iter()
            .find(|v| index[v.row].map(|(r, _)| r) == Some(rule))
    };

    sc.project_ids()
        .map(|p| {
            let proj = sc.project(p);
            let g = solved.allocation.granted(p);
            if r6(g) >= r6(proj.need_mu) {
                return None;
            }
            if let Some(b) = sc.blocked(p) {
                return Some((b.as_str().to_string(), vec![b.as_str().to_string()]));
            }
            let w = sc.weight(p);
            let mut found: Vec<(f64, String, String)> = Vec::new();
            let mut seen = Vec::new();
            for &j in &cols_of[p.idx()] {
                for &(row, a) in &incidence[j] {
                    let v = an.value_of(row).expect("incidence is built from values");
                    let resists = match lp.rows[row].sense {
                        Sense::Le => a > 0.0,
                        Sense::Ge => a < 0.0,
                        Sense::Eq => true,
                    };
                    if !resists || !v.binding || seen.contains(&row) {
                        continue;
                    }
                    seen.push(row);
                    let (rule, owner) = index[row].expect("row of interest");
                    let value = relief(lp, v).unwrap_or(f64::INFINITY);
                    let mut text = describe(sc, lp, rule, owner, v);
                    // A county's balance that also draws on an exhausted shared pool.
                    let shared = match rule {
                        RuleKind::FarmlandBalance => Some((draw_of[proj.county.idx()].0, RuleKind::FarmlandShared)),
                        RuleKind::ForestBalance => Some((draw_of[proj.county.idx()].1, RuleKind::ForestShared)),
                        _ => None,
                    };
                    if let Some((Some(_), shared_rule)) = shared
                        && let Some(sv) = shared_row(shared_rule).filter(|sv| sv.binding)
                    {
                        text.push_str(&format!(
                            "; the shared pool is used up too (one more mu there is worth {})",
                            fmt_side(sv)
                        ));
                    }
                    found.push((value, text, format!("{}.{}", rule.as_str(), owner_id(sc, owner))));
                }
            }
            // Costliest first; ties in id order.
            found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
            let mut parts: Vec<String> = found.iter().filter(|f| f.0 > 1e-9).map(|f| f.1.clone()).collect();
            if parts.is_empty() {
                parts = found.iter().map(|f| f.1.clone()).collect();
            }
            let mut reason = if parts.is_empty() {
                "no rule binds against it: equally weighted demand elsewhere took the capacity (tie broken by list order)".to_string()
            } else {
                format!("{}; this project's is {}", parts.join("; "), fmt_value(w))
            };
            if proj.min_share > 0.0 && r6(g) == 0.0 {
                let floor = r6(proj.min_share * proj.need_mu);
                let what = if proj.min_share >= 1.0 { "all or nothing".to_string() } else { format!("nothing or at least {floor} mu") };
                reason = format!("{what}: {floor} mu at once is worth less here than elsewhere; {reason}");
            }
            Some((reason, found.into_iter().map(|f| f.2).collect()))
        })
        .collect()
}

/// Per county: its binding rules with their values.
pub fn county_binding(sc: &Scenario, an: &Analysis) -> Vec<Vec<RuleValue>> {
    let index = row_index(&an.fixed);
    let mut out = vec![Vec::new(); sc.counties.len()];
    for v in an.values.iter().filter(|v| v.binding) {
        if let Some((_, Owner::County(c))) = index[v.row] {
            out[c.idx()].push(rule_value(sc, &index, v));
        }
    }
    out
}

/// The conflicts of an infeasible scenario, in domain terms.
pub fn conflict_rows(sc: &Scenario, lp: &RuleModel, conflicts: &[Conflict]) -> Vec<ConflictRow> {
    let index = row_index(lp);
    conflicts
        .iter()
        .filter_map(|c| {
            let (rule, owner) = index[c.row]?;
            let id = owner_id(sc, owner);
            let give = c.alone_mu.unwrap_or(c.joint_mu);
            let amount = format!("{} mu", fmt_value(give.max(c.joint_mu)));
            let suggestion = match (rule, owner) {
                (RuleKind::CountyFloor, Owner::County(k)) if sc.county(k).frozen => {
                    format!("county {id} is frozen (it may receive only exempt categories) yet has a floor of {} mu: lower the floor by {amount}, or lift the freeze", r6(sc.county(k).floor_mu.unwrap_or(0.0)))
                }
                (RuleKind::CountyFloor, _) => format!("lower the floor of county {id} by {amount}"),
                (RuleKind::CountyCap, _) => format!("raise the cap of county {id} by {amount}"),
                (RuleKind::StockLinkage, Owner::County(k)) => {
                    let ceiling = sc.rules.stock_linkage.as_ref().map(|s| s.ceiling(sc.county(k))).unwrap_or(0.0);
                    format!("raise county {id}'s stock-linkage ceiling ({} mu) by {amount}: dispose of more approved-but-unsupplied or idle land, or raise alpha/beta/base", r6(ceiling))
                }
                (RuleKind::PoolCapacity, _) => format!("add {amount} to pool {id}"),
                (RuleKind::FarmlandBalance, _) => format!("county {id} needs {amount} more farmland compensation indicators"),
                (RuleKind::FarmlandShared, _) => format!("add {amount} to the shared farmland compensation pool"),
                (RuleKind::ForestBalance, _) => format!("county {id} needs {amount} more forest quota"),
                (RuleKind::ForestShared, _) => format!("add {amount} to the shared forest quota pool"),
                (RuleKind::Earmark, Owner::Category(cat)) => {
                    let shares: Vec<String> = sc
                        .rules
                        .earmarks
                        .iter()
                        .filter(|e| e.category == cat)
                        .map(|e| match e.basis {
                            EarmarkBasis::Plan => {
                                let feasible = (e.min_share - give.max(c.joint_mu) / sc.plan_total_mu()).max(0.0);
                                format!("min_share {} of the plan is {amount} short: lower it to at most {:.4}", fmt_value(e.min_share), (feasible * 1e4).floor() / 1e4)
                            }
                            EarmarkBasis::Granted => format!("min_share {} of what is granted is {amount} short: lower it", fmt_value(e.min_share)),
                        })
                        .collect();
                    format!("the earmark for {id} cannot be met: {}, or add eligible {id} demand and pool room", shares.join("; "))
                }
                (RuleKind::OutsideBoundaryCounty, _) => format!("allow county {id} {amount} more outside the urban development boundary"),
                (RuleKind::OutsideBoundaryTotal, _) => format!("allow {amount} more outside the urban development boundary overall"),
                _ => format!("relax {} {id} by {amount}", rule.as_str()),
            };
            Some(ConflictRow { rule: rule.as_str(), id, relax_mu: c.joint_mu, relax_alone_mu: c.alone_mu, suggestion })
        })
        .collect()
}
