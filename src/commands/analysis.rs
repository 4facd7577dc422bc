//! Explanations in domain terms, from the LP's rows: marginal values by rule and id, the
//! binding rules of each county, the reason each project is not fully granted, and the
//! conflicts of an infeasible scenario with a suggestion for each.

use crate::i18n::Msg;
use crate::model::fair::Settled;
use crate::model::solve::{Analysis, Solved};
use crate::model::{ColumnKind, Owner, RuleKind, RuleModel, Sense};
use crate::msg;
use crate::report::explain::{
    ConflictRow, RuleValue, fmt_value, indicator_name, market_id, percent, ready_text,
};
use crate::report::{Sharing, StoppedBy, r6};
use crate::scenario::*;
use blocklp::elastic::Conflict;
use blocklp::sensitivity::RowValue;

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
        Owner::Market { indicator, group } => market_id(sc, indicator, group),
        Owner::Scenario => "all".into(),
    }
}

/// The calendar year of a row of a multi-year model.
pub fn row_year(sc: &Scenario, lp: &RuleModel, row: usize) -> Option<i64> {
    lp.row_year(row).map(|t| sc.horizon.years[t])
}

/// [`rule_value`] with the row's year, for the rows of a multi-year model.
pub fn rule_value_in(
    sc: &Scenario,
    lp: &RuleModel,
    index: &[Option<(RuleKind, Owner)>],
    v: &RowValue,
) -> RuleValue {
    RuleValue {
        year: row_year(sc, lp, v.row),
        ..rule_value(sc, index, v)
    }
}

/// The owner's position in its table of the scenario.
pub fn owner_index(o: Owner) -> usize {
    match o {
        Owner::Pool(k) => k.idx(),
        Owner::County(c) => c.idx(),
        Owner::Project(p) => p.idx(),
        Owner::Category(c) => c.idx(),
        Owner::Tier(t) => t.idx(),
        Owner::Market { group, .. } => group,
        Owner::Scenario => 0,
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
        year: None,
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
        Owner::Market { indicator, group } => market_id(sc, indicator, group),
        Owner::Scenario => "all".into(),
    }
}

/// What relaxing a row by one mu is worth: for ≤ rows one more mu of right-hand side, for ≥
/// rows one mu less. (Used to order the rules holding a line, never shown in a reason.)
fn relief(lp: &RuleModel, v: &RowValue) -> Option<f64> {
    match lp.rows[v.row].sense {
        Sense::Le => v.value.more,
        Sense::Ge => v.value.less.map(|x| -x),
        Sense::Eq => v.value.more.map(f64::abs),
    }
}

/// A share for people: "10%", "6.5%".
fn share_text(s: f64) -> String {
    percent(s)
}

/// What a binding row says, in plain words with names (no marginal values, no ids): "the pool
/// 城市分批次 is used up (6412 mu)". With the row's year in a multi-year plan.
pub fn state(sc: &Scenario, lp: &RuleModel, rule: RuleKind, owner: Owner, row: usize) -> Msg {
    let text = plain_state(sc, lp, rule, owner, row);
    match row_year(sc, lp, row) {
        Some(y) => msg!("why-in-year", text = text, year = y),
        None => text,
    }
}

fn plain_state(sc: &Scenario, lp: &RuleModel, rule: RuleKind, owner: Owner, row: usize) -> Msg {
    let name = owner_name(sc, owner);
    let rhs = r6(lp.rows[row].rhs);
    let ob = sc.rules.outside_boundary.as_ref();
    let m = match rule {
        RuleKind::PoolCapacity => msg!("cf-pool"),
        RuleKind::StockLinkage => msg!("cf-stock"),
        RuleKind::FarmlandBalance => msg!("cf-farmland"),
        RuleKind::FarmlandShared => msg!("cf-farmland-shared"),
        RuleKind::ForestBalance => msg!("cf-forest"),
        RuleKind::ForestShared => msg!("cf-forest-shared"),
        RuleKind::OutsideBoundaryCounty => msg!(
            "cf-outside-county",
            share = share_text(ob.and_then(|o| o.max_share_county).unwrap_or(0.0))
        ),
        RuleKind::OutsideBoundaryTotal => msg!(
            "cf-outside-total",
            share = share_text(ob.and_then(|o| o.max_share_total).unwrap_or(0.0))
        ),
        RuleKind::OutsideBoundaryHorizon => msg!("cf-outside-horizon"),
        RuleKind::Earmark => earmark_state(sc, owner),
        RuleKind::CountyCap => msg!("cf-cap"),
        RuleKind::CountyFloor => msg!("cf-floor"),
        RuleKind::CarryOver => msg!("cf-carry-over"),
        RuleKind::Borrowing => msg!("cf-borrowing"),
        RuleKind::LinkageHeld => msg!("cf-linkage-held"),
        RuleKind::TradeSellLimit => msg!("cf-sell-limit"),
        RuleKind::CountyDeduction => {
            let d = match owner {
                Owner::County(c) => lp.row_year(row).map_or(sc.county(c).deduction_mu, |t| {
                    sc.county(c).year(t).deduction_mu
                }),
                _ => 0.0,
            };
            msg!("cf-deduction", deduction = fmt_value(d))
        }
        RuleKind::TradeClearing => match owner {
            Owner::Market { indicator, group } => {
                let (groups, _) = sc.trading_scopes();
                let scope = match groups.get(group) {
                    Some((city, _)) if !city.is_empty() => {
                        msg!("cf-market-scope", city = city.clone())
                    }
                    _ => Msg::default(),
                };
                msg!(
                    "cf-market",
                    indicator = indicator_name(indicator),
                    scope = scope
                )
            }
            _ => msg!("cf-binds", rule = crate::report::rule_name(rule.as_str())),
        },
        RuleKind::TradeBudget => msg!(
            "cf-budget",
            yuan = fmt_value(rhs * crate::model::trading::BUDGET_UNIT_YUAN)
        ),
        RuleKind::ProjectNeed
        | RuleKind::MinShare
        | RuleKind::TierFix
        | RuleKind::NonNegative
        | RuleKind::Eligibility
        | RuleKind::FrozenCounty
        | RuleKind::TownshipConsolidation
        | RuleKind::ProjectWindow
        | RuleKind::Trade => msg!("cf-binds", rule = crate::report::rule_name(rule.as_str())),
    };
    m.with("name", name).with("rhs", rhs)
}

/// "the earmark for 农民建房 (at least 6% of the annual plan)".
pub fn earmark_state(sc: &Scenario, owner: Owner) -> Msg {
    let Owner::Category(cat) = owner else {
        return msg!("cf-binds", rule = crate::report::rule_name("earmark"));
    };
    match sc.rules.earmarks.iter().find(|e| e.category == cat) {
        Some(e) => match e.basis {
            EarmarkBasis::Plan => msg!("cf-earmark-plan", share = share_text(e.min_share)),
            EarmarkBasis::Granted => msg!("cf-earmark-granted", share = share_text(e.min_share)),
        },
        None => msg!("cf-binds", rule = crate::report::rule_name("earmark")),
    }
}

/// What the county bought, seller by seller, in words with names ("兰溪市 bought 50 mu of
/// farmland compensation (补充耕地指标) from 东阳市 at 30000 yuan/mu").
pub fn bought_text(sc: &Scenario, a: &crate::alloc::Allocation, c: CountyId) -> Vec<Msg> {
    a.trades
        .iter()
        .filter(|t| t.to == c && r6(t.mu) > 0.0)
        .map(|t| {
            let m = if sc.multi_year() {
                msg!("cf-bought-in", year = sc.horizon.years[t.year])
            } else {
                msg!("cf-bought")
            };
            m.with("name", owner_name(sc, Owner::County(c)))
                .with("mu", fmt_value(t.mu))
                .with("indicator", indicator_name(t.indicator))
                .with("from_name", owner_name(sc, Owner::County(t.from)))
                .with("price", fmt_value(t.price_yuan_per_mu))
        })
        .collect()
}

/// A rule that links counties, as an officer names it (the pool 城市分批次, the shared
/// farmland compensation pool, ...).
pub fn resource_name(sc: &Scenario, rule: RuleKind, owner: Owner) -> Msg {
    let name = owner_name(sc, owner);
    match rule {
        RuleKind::PoolCapacity => msg!("cf-res-pool", name = name),
        RuleKind::FarmlandShared => msg!("res-farmland-shared"),
        RuleKind::ForestShared => msg!("res-forest-shared"),
        RuleKind::OutsideBoundaryTotal => msg!("res-outside-total"),
        RuleKind::Earmark => msg!("cf-res-earmark", name = name),
        RuleKind::TierFix => msg!("res-tier", id = owner_id(sc, owner)),
        other => msg!(
            "cf-binds",
            rule = crate::report::rule_name(other.as_str()),
            name = name
        ),
    }
}

/// Whether a rule's rows link counties (rather than belong to one county or project).
fn links_counties(owner: Owner) -> bool {
    !matches!(owner, Owner::County(_) | Owner::Project(_))
}

/// Whether a project can be reached by a rule that links counties: a pool only if it may draw
/// on it (a pool it cannot use is no part of its sharing).
fn reaches(sc: &Scenario, p: ProjectId, rule: RuleKind, owner: Owner) -> bool {
    match (rule, owner) {
        (RuleKind::PoolCapacity, Owner::Pool(k)) => sc.eligible_pools(p).any(|e| e == k),
        _ => links_counties(owner),
    }
}

/// The rules a line shares with the other lines of its group: those that link counties and
/// that it can be reached by.
fn shared_rules(
    sc: &Scenario,
    p: ProjectId,
    rules: &[(RuleKind, Owner)],
) -> Vec<(RuleKind, Owner)> {
    rules
        .iter()
        .copied()
        .filter(|&(r, o)| reaches(sc, p, r, o))
        .collect()
}

/// The sharing a line was settled by, when the fair rule settled it below its need by
/// sharing a rule that links counties with other lines (only rules it can be reached by: a
/// pool it may not draw on is not named).
pub fn sharing(sc: &Scenario, p: ProjectId, settled: Option<&Settled>) -> Option<Sharing> {
    match settled? {
        Settled::Level {
            ratio,
            rules,
            shared_by,
            ..
        } if *shared_by > 1 && r6(*ratio) < 1.0 => {
            let competing_for: Vec<String> = shared_rules(sc, p, rules)
                .into_iter()
                .map(|(r, o)| format!("{}.{}", r.as_str(), owner_id(sc, o)))
                .collect();
            // Grouped with others only through rules it cannot reach: its own rules settle it.
            (!competing_for.is_empty()).then_some(Sharing {
                ratio: *ratio,
                lines: *shared_by,
                competing_for,
            })
        }
        _ => None,
    }
}

/// The sentence saying that the fair rule settled a line below its need by sharing a rule
/// that links counties with other lines, if it did. (A line that a rule of its own stops, or
/// that alone takes what is left of a pool, has the usual reason: the rules that bind.)
fn settled_text(sc: &Scenario, p: ProjectId, settled: Option<&Settled>) -> Option<Msg> {
    let sharing = sharing(sc, p, settled)?;
    let Settled::Level { rules, .. } = settled? else {
        return None;
    };
    let linking = shared_rules(sc, p, rules)
        .into_iter()
        .map(|(r, o)| resource_name(sc, r, o))
        .reduce(|a, b| msg!("cf-comma", a = a, b = b))?;
    Some(msg!(
        "cf-shared-fair",
        others = sharing.lines - 1,
        what = linking,
        percent = percent(sharing.ratio)
    ))
}

/// A binding row that holds a line: its columns press on it.
#[derive(Debug, Clone)]
pub struct Holding {
    pub rule: RuleKind,
    pub owner: Owner,
    pub row: usize,
    /// Its year in a multi-year plan (index in the horizon).
    pub year: Option<usize>,
    /// What one more mu of it is worth (orders the rules, never shown).
    pub value: f64,
    /// The row in plain words.
    pub state: Msg,
}

/// Per project: the binding rows holding it, costliest first (ties in id order), for the
/// lines short of their need that no penalty rule blocks (empty for the others).
pub fn holdings(sc: &Scenario, solved: &Solved, an: &Analysis) -> Vec<Vec<Holding>> {
    let lp = an.lp(solved);
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
            ColumnKind::SharedDraw {
                county, resource, ..
            } => match resource {
                crate::model::Resource::Farmland => draw_of[county.idx()].0 = Some(j),
                crate::model::Resource::Forest => draw_of[county.idx()].1 = Some(j),
            },
            _ => {}
        }
    }
    // The shared pool's row of the same year as a county's balance row.
    let shared_row = |rule: RuleKind, year: Option<usize>| {
        an.values
            .iter()
            .find(|v| index[v.row].map(|(r, _)| r) == Some(rule) && lp.row_year(v.row) == year)
    };
    sc.project_ids()
        .map(|p| {
            let proj = sc.project(p);
            if r6(solved.allocation.granted(p)) >= r6(proj.need_mu) || sc.blocked(p).is_some() {
                return Vec::new();
            }
            let mut found: Vec<(Holding, String)> = Vec::new();
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
                    let mut text = state(sc, lp, rule, owner, row);
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
                    // A later year's pool that the carry-over limit keeps from more.
                    if let (RuleKind::PoolCapacity, Some(t)) = (rule, lp.row_year(row))
                        && t > 0
                        && let Some(cv) = an.values.iter().find(|cv| {
                            cv.binding
                                && index[cv.row] == Some((RuleKind::CarryOver, owner))
                                && lp.row_year(cv.row) == Some(t - 1)
                        })
                    {
                        text = Msg::List(vec![
                            text,
                            msg!(
                                "cf-carry-limit",
                                year = sc.horizon.years[t - 1],
                                rhs = r6(lp.rows[cv.row].rhs)
                            ),
                        ]);
                    }
                    if let Some((Some(_), shared_rule)) = shared
                        && shared_row(shared_rule, lp.row_year(row)).is_some_and(|sv| sv.binding)
                    {
                        text = Msg::List(vec![text, msg!("cf-shared-too")]);
                    }
                    found.push((
                        Holding {
                            rule,
                            owner,
                            row,
                            year: lp.row_year(row),
                            value: relief(lp, v).unwrap_or(f64::INFINITY),
                            state: text,
                        },
                        format!("{}.{}", rule.as_str(), owner_id(sc, owner)),
                    ));
                }
            }
            // Costliest first; ties in id order. Values are compared at six significant
            // digits (beyond what is printed), so that solver noise below that cannot reorder
            // reasons that read the same.
            found.sort_by(|a, b| {
                significant(b.0.value)
                    .total_cmp(&significant(a.0.value))
                    .then(a.1.cmp(&b.1))
            });
            found.into_iter().map(|f| f.0).collect()
        })
        .collect()
}

/// The binding rows that hold no line's columns but take quota lines could use: earmarks
/// and county floors (≥ rows that send quota elsewhere), of the plan year.
pub fn elsewhere(sc: &Scenario, solved: &Solved, an: &Analysis) -> Vec<Holding> {
    let lp = an.lp(solved);
    let index = row_index(lp);
    an.values
        .iter()
        .filter(|v| v.binding && lp.row_year(v.row).unwrap_or(0) == 0)
        .filter_map(|v| {
            let (rule, owner) = index[v.row]?;
            matches!(rule, RuleKind::Earmark | RuleKind::CountyFloor).then(|| Holding {
                rule,
                owner,
                row: v.row,
                year: lp.row_year(v.row),
                value: relief(lp, v).unwrap_or(f64::INFINITY),
                state: state(sc, lp, rule, owner, v.row),
            })
        })
        .collect()
}

/// The `rule.id` of a rule row, as in `binding_rules`.
pub fn rule_key(sc: &Scenario, rule: RuleKind, owner: Owner) -> String {
    format!("{}.{}", rule.as_str(), owner_id(sc, owner))
}

/// Per project: the reason it is not fully granted (`None` when it is), and the rules named.
/// `stopped` are the counterfactuals computed for the lines (`commands::counterfactual`):
/// when a line has some, its reason is told by them; otherwise by the rules that hold it, in
/// plain words.
pub fn project_reasons(
    sc: &Scenario,
    solved: &Solved,
    holdings: &[Vec<Holding>],
    stopped: &[Option<Vec<StoppedBy>>],
) -> Vec<Option<(Msg, Vec<String>)>> {
    sc.project_ids()
        .map(|p| {
            let proj = sc.project(p);
            let g = solved.allocation.granted(p);
            if r6(g) >= r6(proj.need_mu) {
                return None;
            }
            if let Some(b) = sc.blocked(p) {
                let text = match b {
                    Blocked::NotReady => ready_text(sc, p),
                    _ => b.msg(),
                };
                return Some((text, vec![b.as_str().to_string()]));
            }
            let found = &holdings[p.idx()];
            let entries = stopped.get(p.idx()).and_then(|s| s.as_ref());
            let mut parts: Vec<Msg> = match entries {
                Some(entries) if !entries.is_empty() => {
                    entries.iter().map(|e| e.text.clone()).collect()
                }
                _ => {
                    // Multi-year plans carry the carry-over's tiny cost (FLOW_COST) into some
                    // values: rules worth nothing at this vertex are left out when others are
                    // worth something (the counterfactuals, when computed, say what they hold).
                    let negligible = if sc.multi_year() { 1e-5 } else { 1e-9 };
                    let worth: Vec<Msg> = found
                        .iter()
                        .filter(|f| f.value > negligible)
                        .map(|f| f.state.clone())
                        .collect();
                    if worth.is_empty() {
                        found.iter().map(|f| f.state.clone()).collect()
                    } else {
                        worth
                    }
                }
            };
            // Computed, and no single edit reaches it: say so rather than nothing.
            if entries.is_some_and(|e| e.is_empty()) && !parts.is_empty() {
                parts.push(msg!(
                    "cf-none-first",
                    amount = fmt_value(crate::report::explain::STEP_MU)
                ));
            }
            parts.extend(bought_text(sc, &solved.allocation, proj.county));
            let fair = solved
                .fairness
                .as_ref()
                .and_then(|f| f.as_ref().ok())
                .map(|f| f.of(p));
            let shared = fair.and_then(|s| settled_text(sc, p, s));
            let mut reason = match (parts.is_empty(), shared) {
                (true, Some(s)) => s,
                (true, None) if fair.is_some() => msg!("why-tie-fair"),
                (true, None) => msg!("why-tie"),
                (false, Some(s)) => Msg::List(vec![s, Msg::List(parts)]),
                (false, None) => Msg::List(parts),
            };
            if sc.multi_year() && (proj.ready > 0 || proj.last + 1 < sc.n_years()) {
                reason = msg!("why-window", window = ready_text(sc, p), reason = reason);
            }
            if proj.min_share > 0.0 && r6(g) == 0.0 {
                let floor = r6(proj.min_share * proj.need_mu);
                let what = if proj.min_share >= 1.0 {
                    msg!("share-all-or-nothing")
                } else {
                    msg!("share-at-least", floor = floor)
                };
                reason = msg!("cf-lumpy", what = what, floor = floor, reason = reason);
            }
            let rules = found
                .iter()
                .map(|f| rule_key(sc, f.rule, f.owner))
                .collect();
            Some((reason, rules))
        })
        .collect()
}

/// Per county: its binding rules with their values.
pub fn county_binding(sc: &Scenario, solved: &Solved, an: &Analysis) -> Vec<Vec<RuleValue>> {
    let index = row_index(an.lp(solved));
    let mut out = vec![Vec::new(); sc.counties.len()];
    for v in an.values.iter().filter(|v| v.binding) {
        if let Some((_, Owner::County(c))) = index[v.row] {
            out[c.idx()].push(rule_value_in(sc, an.lp(solved), &index, v));
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
                (RuleKind::CarryOver, _) => m(msg!("fix-carry-over")),
                (RuleKind::CountyDeduction, _) => m(msg!("fix-deduction")),
                (RuleKind::LinkageHeld, _) => m(msg!("fix-linkage")),
                _ => msg!(
                    "fix-other",
                    rule = crate::report::rule_name(rule.as_str()),
                    id = id.clone(),
                    amount = amount.clone()
                ),
            };
            let suggestion = match row_year(sc, lp, c.row) {
                Some(y) => msg!("why-in-year", text = suggestion, year = y),
                None => suggestion,
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

/// `v` rounded to six significant digits.
fn significant(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(5 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::significant;

    #[test]
    fn values_equal_to_six_digits_sort_as_equal() {
        assert_eq!(significant(1.000_000_1), significant(0.999_999_9));
        assert_eq!(significant(4_712_345.4), 4_712_350.0);
        assert_eq!(significant(-0.012_345_64), -0.012_345_6);
        assert!(significant(2.0) > significant(1.99999));
        assert_eq!(significant(0.0), 0.0);
    }
}
