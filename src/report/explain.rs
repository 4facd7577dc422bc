//! Explanations in domain terms: marginal values by rule and id, the binding rules of each
//! county, the reason each project is not fully granted, and the conflicts of an infeasible
//! scenario with a suggestion for each.

use super::r6;
use crate::i18n::Msg;
use crate::model::solve::{Analysis, Solved};
use crate::model::{ColumnKind, Owner, RuleKind, RuleModel, Sense};
use crate::msg;
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
    /// What to change, in words (English in JSON, the reader's language in tables).
    pub suggestion: Msg,
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

fn fmt_side(v: &RowValue) -> Msg {
    match (v.value.value(), v.value.more, v.value.less) {
        (Some(x), _, _) => Msg::Lit(fmt_value(x)),
        (None, Some(m), Some(l)) => {
            msg!("value-more-less", more = fmt_value(m), less = fmt_value(l))
        }
        (None, Some(m), None) => msg!("value-more", more = fmt_value(m)),
        (None, None, Some(l)) => msg!("value-less", less = fmt_value(l)),
        (None, None, None) => msg!("value-undefined"),
    }
}

/// The name of a pool, county or category for people (its `name`, else its id).
pub fn owner_name(sc: &Scenario, o: Owner) -> String {
    let pick = |name: &str, id: &str| if name.is_empty() { id } else { name }.to_string();
    match o {
        Owner::Pool(k) => pick(&sc.pool(k).name, &sc.pool(k).id),
        Owner::County(c) => pick(&sc.county(c).name, &sc.county(c).id),
        Owner::Project(p) => pick(&sc.project(p).name, &sc.project(p).id),
        Owner::Category(c) => pick(&sc.category(c).name, &sc.category(c).id),
        Owner::Tier(t) => t.to_string(),
        Owner::Scenario => "all".into(),
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
fn describe(sc: &Scenario, lp: &RuleModel, rule: RuleKind, owner: Owner, v: &RowValue) -> Msg {
    let id = owner_id(sc, owner);
    let name = owner_name(sc, owner);
    let worth = fmt_side(v);
    let rhs = r6(lp.rows[v.row].rhs);
    let id_ = match rule {
        RuleKind::PoolCapacity => msg!("why-pool-exhausted"),
        RuleKind::StockLinkage => msg!("why-stock-linkage"),
        RuleKind::FarmlandBalance => msg!("why-farmland-balance"),
        RuleKind::FarmlandShared => msg!("why-farmland-shared"),
        RuleKind::ForestBalance => msg!("why-forest-balance"),
        RuleKind::ForestShared => msg!("why-forest-shared"),
        RuleKind::OutsideBoundaryCounty => msg!("why-outside-county"),
        RuleKind::OutsideBoundaryTotal => msg!("why-outside-total"),
        RuleKind::Earmark => msg!("why-earmark"),
        RuleKind::CountyCap => msg!("why-county-cap"),
        RuleKind::CountyFloor => msg!("why-county-floor"),
        RuleKind::ProjectNeed | RuleKind::MinShare | RuleKind::TierFix => {
            return msg!("why-binds", rule = super::rule_name(rule.as_str()), id = id);
        }
    };
    id_.with("id", id)
        .with("name", name)
        .with("rhs", rhs)
        .with("worth", worth)
}

/// Per project: the reason it is not fully granted (`None` when it is), and the rules named.
pub fn project_reasons(
    sc: &Scenario,
    solved: &Solved,
    an: &Analysis,
) -> Vec<Option<(Msg, Vec<String>)>> {
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
                return Some((b.msg(), vec![b.as_str().to_string()]));
            }
            let w = sc.weight(p);
            let mut found: Vec<(f64, Msg, String)> = Vec::new();
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
                        RuleKind::FarmlandBalance => {
                            Some((draw_of[proj.county.idx()].0, RuleKind::FarmlandShared))
                        }
                        RuleKind::ForestBalance => {
                            Some((draw_of[proj.county.idx()].1, RuleKind::ForestShared))
                        }
                        _ => None,
                    };
                    if let Some((Some(_), shared_rule)) = shared
                        && let Some(sv) = shared_row(shared_rule).filter(|sv| sv.binding)
                    {
                        text = Msg::List(vec![text, msg!("why-shared-too", worth = fmt_side(sv))]);
                    }
                    found.push((
                        value,
                        text,
                        format!("{}.{}", rule.as_str(), owner_id(sc, owner)),
                    ));
                }
            }
            // Costliest first; ties in id order.
            found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
            let mut parts: Vec<Msg> = found
                .iter()
                .filter(|f| f.0 > 1e-9)
                .map(|f| f.1.clone())
                .collect();
            if parts.is_empty() {
                parts = found.iter().map(|f| f.1.clone()).collect();
            }
            let mut reason = if parts.is_empty() {
                msg!("why-tie")
            } else {
                msg!(
                    "why-weight",
                    parts = Msg::List(parts),
                    weight = fmt_value(w)
                )
            };
            if proj.min_share > 0.0 && r6(g) == 0.0 {
                let floor = r6(proj.min_share * proj.need_mu);
                let what = if proj.min_share >= 1.0 {
                    msg!("share-all-or-nothing")
                } else {
                    msg!("share-at-least", floor = floor)
                };
                reason = msg!("why-lumpy", what = what, floor = floor, reason = reason);
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
            let name = owner_name(sc, owner);
            let amount = fmt_value(give.max(c.joint_mu));
            let m = |base: Msg| {
                base.with("id", id.clone())
                    .with("name", name.clone())
                    .with("amount", amount.clone())
            };
            let suggestion = match (rule, owner) {
                (RuleKind::CountyFloor, Owner::County(k)) if sc.county(k).frozen => msg!(
                    "fix-floor-frozen",
                    id = id.clone(),
                    name = name.clone(),
                    amount = amount.clone(),
                    floor = r6(sc.county(k).floor_mu.unwrap_or(0.0))
                ),
                (RuleKind::CountyFloor, _) => m(msg!("fix-floor")),
                (RuleKind::CountyCap, _) => m(msg!("fix-cap")),
                (RuleKind::StockLinkage, Owner::County(k)) => {
                    let ceiling = sc
                        .rules
                        .stock_linkage
                        .as_ref()
                        .map(|s| s.ceiling(sc.county(k)))
                        .unwrap_or(0.0);
                    msg!(
                        "fix-stock-linkage",
                        id = id.clone(),
                        name = name.clone(),
                        amount = amount.clone(),
                        ceiling = r6(ceiling)
                    )
                }
                (RuleKind::PoolCapacity, _) => m(msg!("fix-pool")),
                (RuleKind::FarmlandBalance, _) => m(msg!("fix-farmland")),
                (RuleKind::FarmlandShared, _) => m(msg!("fix-farmland-shared")),
                (RuleKind::ForestBalance, _) => m(msg!("fix-forest")),
                (RuleKind::ForestShared, _) => m(msg!("fix-forest-shared")),
                (RuleKind::Earmark, Owner::Category(cat)) => {
                    let shares: Vec<Msg> = sc
                        .rules
                        .earmarks
                        .iter()
                        .filter(|e| e.category == cat)
                        .map(|e| match e.basis {
                            EarmarkBasis::Plan => {
                                let feasible = (e.min_share
                                    - give.max(c.joint_mu) / sc.plan_total_mu())
                                .max(0.0);
                                msg!(
                                    "fix-earmark-plan",
                                    share = fmt_value(e.min_share),
                                    amount = amount.clone(),
                                    at_most = format!("{:.4}", (feasible * 1e4).floor() / 1e4)
                                )
                            }
                            EarmarkBasis::Granted => msg!(
                                "fix-earmark-granted",
                                share = fmt_value(e.min_share),
                                amount = amount.clone()
                            ),
                        })
                        .collect();
                    msg!(
                        "fix-earmark",
                        id = id.clone(),
                        name = name.clone(),
                        shares = Msg::List(shares)
                    )
                }
                (RuleKind::OutsideBoundaryCounty, _) => m(msg!("fix-outside-county")),
                (RuleKind::OutsideBoundaryTotal, _) => m(msg!("fix-outside-total")),
                _ => msg!(
                    "fix-other",
                    rule = super::rule_name(rule.as_str()),
                    id = id.clone(),
                    amount = amount.clone()
                ),
            };
            Some(ConflictRow {
                rule: rule.as_str(),
                id,
                relax_mu: c.joint_mu,
                relax_alone_mu: c.alone_mu,
                suggestion,
            })
        })
        .collect()
}
