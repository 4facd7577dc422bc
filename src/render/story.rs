//! `landquota explain`: the full story of one project or one county, in prose and small tables,
//! in the language asked for. Projects and counties are found by id or by name (officers know
//! them by their Chinese names), with near matches suggested.

use super::table::pool_label;
use crate::i18n::{Lang, Msg};
use crate::report::explain::{RuleValue, fmt_value, percent};
use crate::report::{Report, Status, grant_name, r6, rule_name, tier_name};
use crate::scenario::*;
use crate::{msg, t};
use std::fmt::Write;

fn mu(v: f64, lang: Lang) -> String {
    t!(lang, "mu", value = fmt_value(v))
}

/// ": pool 10 mu, pool 20 mu", or nothing when no pool gave anything.
fn by_pool_text(report: &Report, by: &crate::report::ByPool, lang: Lang) -> String {
    let parts: Vec<String> =
        by.0.iter()
            .map(|(k, v)| format!("{} {}", pool_label(report, k, lang), mu(*v, lang)))
            .collect();
    if parts.is_empty() {
        String::new()
    } else {
        t!(lang, "by-pool", list = parts.join(&t!(lang, "list-comma")))
    }
}

/// "2025 10 mu, 2026 0 mu".
fn years_text(by: &crate::report::years::ByYear, lang: Lang) -> String {
    by.0.iter()
        .map(|(y, v)| format!("{y} {}", mu(*v, lang)))
        .collect::<Vec<_>>()
        .join(&t!(lang, "list-comma"))
}

fn value_text(v: &RuleValue, lang: Lang) -> String {
    match (
        v.marginal_value,
        v.marginal_value_more,
        v.marginal_value_less,
    ) {
        (Some(x), _, _) => fmt_value(x),
        (None, m, l) => t!(
            lang,
            "value-per-more-less",
            more = m.map(fmt_value).unwrap_or(t!(lang, "infeasible")),
            less = l.map(fmt_value).unwrap_or(t!(lang, "infeasible"))
        ),
    }
}

/// Pads to a display width (Chinese characters take two cells).
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// The appendix "Rules that touch it": one line per rule row (per year in a multi-year plan),
/// the rule by its name in words, what it is held by by its name (a pool, a county, a
/// category, a market; "all counties" for a rule of the whole plan), the state and the
/// marginal value, in columns sized to their contents.
fn rule_lines(
    out: &mut String,
    sc: &Scenario,
    report: &Report,
    keys: &[(&str, String)],
    lang: Lang,
) {
    let mut lines: Vec<[String; 4]> = Vec::new();
    for (rule, id) in keys {
        // One line per year for the rules of a multi-year plan; else the first row found.
        let found: Vec<&RuleValue> = report
            .marginal_values
            .iter()
            .filter(|v| v.rule == *rule && &v.id == id)
            .collect();
        let n = if found.iter().any(|v| v.year.is_some()) {
            found.len()
        } else {
            found.len().min(1)
        };
        for v in &found[..n] {
            let held_by = rule_subject(sc, rule, id, lang);
            let held_by = match v.year {
                Some(y) => format!("{held_by} {y}"),
                None => held_by,
            };
            let state = if v.binding {
                t!(lang, "state-binding")
            } else {
                t!(lang, "state-slack", slack = mu(v.slack_mu, lang))
            };
            let title = crate::rules::RuleId::from_id(rule)
                .map_or_else(|| rule.to_string(), |r| r.title().render(lang));
            lines.push([
                title,
                held_by,
                state,
                t!(lang, "marginal-value-is", value = value_text(v, lang)),
            ]);
        }
    }
    let width = |i: usize| {
        lines
            .iter()
            .map(|l| unicode_width::UnicodeWidthStr::width(l[i].as_str()))
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    for [title, held_by, state, value] in &lines {
        let _ = writeln!(
            out,
            "  {}  {}  {}  {}",
            pad(title, widths[0]),
            pad(held_by, widths[1]),
            pad(state, widths[2]),
            value
        );
    }
}

/// What a rule row is held by, for people: a pool or a category by its name, with its id in
/// parentheses when the name differs from it (the id is what the `--set` edits above say); a
/// county by its name; a market by its indicator's name (and city); the rules of the whole
/// plan (`all`) in words.
fn rule_subject(sc: &Scenario, rule: &str, id: &str, lang: Lang) -> String {
    let named = |name: &str| {
        if name.is_empty() || name == id {
            id.to_string()
        } else {
            t!(lang, "fu-named-id", name = name, id = id)
        }
    };
    if id == "all" {
        return t!(lang, "fu-rule-all");
    }
    match rule {
        "pool_capacity" | "carry_over" | "borrowing" => sc
            .pools
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_string(), |p| named(&p.name)),
        "earmark" => sc
            .categories
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| named(&c.name)),
        "trade_clearing" => {
            let (indicator, city) = id.split_once('@').unwrap_or((id, ""));
            let name = Indicator::ALL
                .iter()
                .find(|i| i.as_str() == indicator)
                .map_or_else(
                    || indicator.to_string(),
                    |i| crate::report::explain::indicator_name(*i).render(lang),
                );
            if city.is_empty() {
                name
            } else {
                t!(lang, "fu-market-of", indicator = name, city = city)
            }
        }
        // The project's own county, whose id the story's first lines give: its name alone.
        _ => sc
            .counties
            .iter()
            .find(|c| c.id == id && !c.name.is_empty())
            .map_or_else(|| id.to_string(), |c| c.name.clone()),
    }
}

fn not_optimal(report: &Report, lang: Lang) -> Option<String> {
    if report.status == Status::Optimal {
        return None;
    }
    let mut out = t!(
        lang,
        "story-not-optimal",
        scenario = &report.scenario,
        message = report
            .message
            .as_ref()
            .map(|m| m.render(lang))
            .unwrap_or_default()
    );
    out.push('\n');
    for c in &report.conflicts {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            rule_name(c.rule).render(lang),
            c.id,
            c.suggestion.render(lang)
        );
    }
    Some(out)
}

/// Finds an entry by id, else by its name (exact, then as the only one containing the text).
/// Otherwise an error naming near matches by id or name, closest first.
pub fn find(what: Msg, query: &str, entries: &[(&str, &str)]) -> Result<usize, Msg> {
    let q = query.trim();
    if let Some(i) = entries.iter().position(|(id, _)| *id == q) {
        return Ok(i);
    }
    let by_name: Vec<usize> = (0..entries.len())
        .filter(|&i| !entries[i].1.is_empty() && entries[i].1 == q)
        .collect();
    let containing: Vec<usize> = (0..entries.len())
        .filter(|&i| !q.is_empty() && !entries[i].1.is_empty() && entries[i].1.contains(q))
        .collect();
    match (by_name.as_slice(), containing.as_slice()) {
        ([i], _) => return Ok(*i),
        ([], [i]) => return Ok(*i),
        _ => {}
    }
    let label = |i: usize| {
        let (id, name) = entries[i];
        if name.is_empty() {
            format!("\"{id}\"")
        } else {
            format!("\"{id}\" ({name})")
        }
    };
    // Same name twice, or a fragment of several names: list them, the user picks an id.
    let several = if by_name.len() > 1 {
        by_name
    } else {
        containing
    };
    if several.len() > 1 {
        let list: Vec<String> = several.iter().take(8).map(|&i| label(i)).collect();
        return Err(msg!(
            "find-ambiguous",
            what = what,
            query = q,
            list = list.join(", ")
        ));
    }
    // Near matches: edit distance in characters, on ids and names alike.
    let dist = |a: &str, b: &str| strsim::damerau_levenshtein(a, b);
    let q_chars = q.chars().count();
    let mut near: Vec<(usize, usize)> = (0..entries.len())
        .filter_map(|i| {
            let (id, name) = entries[i];
            let d = [id, name]
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| {
                    let limit = 2.max(s.chars().count().max(q_chars) / 3);
                    (dist(q, s), limit)
                })
                .filter(|(d, limit)| d <= limit)
                .map(|(d, _)| d)
                .min()?;
            Some((d, i))
        })
        .collect();
    near.sort();
    let near: Vec<usize> = near.iter().take(3).map(|&(_, i)| i).collect();
    Err(if near.is_empty() {
        msg!("find-unknown", what = what, query = q)
    } else {
        let ids: Vec<String> = near
            .iter()
            .map(|&i| format!("\"{}\"", entries[i].0))
            .collect();
        let names: Vec<&str> = near
            .iter()
            .map(|&i| entries[i].1)
            .filter(|n| !n.is_empty())
            .collect();
        msg!(
            "find-did-you-mean",
            what = what,
            query = q,
            ids = ids.join(", "),
            names = if names.is_empty() {
                String::new()
            } else {
                format!(" ({})", names.join(", "))
            },
            list = near
                .iter()
                .map(|&i| label(i))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

pub fn project(sc: &Scenario, report: &Report, id: &str, lang: Lang) -> Result<String, Msg> {
    let entries: Vec<(&str, &str)> = sc
        .projects
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let pi = find(msg!("what-project"), id, &entries)?;
    if let Some(t) = not_optimal(report, lang) {
        return Ok(t);
    }
    let p = ProjectId(pi as u32);
    let proj = sc.project(p);
    let row = &report.projects[pi];
    let cty = sc.county(proj.county);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        t!(lang, "story-project", id = &proj.id, name = &proj.name)
    );
    let township = proj.township.map(|t| {
        let t = &sc.townships[t.idx()];
        t!(
            lang,
            "story-township",
            id = &t.id,
            name = &t.name,
            state = if t.consolidated {
                t!(lang, "consolidated")
            } else {
                t!(lang, "not-consolidated")
            }
        )
    });
    let _ = writeln!(
        out,
        "  {}",
        t!(
            lang,
            "story-project-county",
            id = &cty.id,
            name = &cty.name,
            township = township.unwrap_or("-".into())
        )
    );
    let _ = writeln!(
        out,
        "  {}",
        t!(
            lang,
            "story-project-category",
            id = &sc.category(proj.category).id,
            name = &sc.category(proj.category).name,
            tier = tier_name(proj.tier).render(lang),
            weight = fmt_value(sc.weight(p))
        )
    );
    let share = if proj.min_share >= 1.0 {
        t!(lang, "share-all-or-nothing")
    } else if proj.min_share > 0.0 {
        t!(
            lang,
            "share-at-least",
            floor = fmt_value(proj.min_share * proj.need_mu)
        )
    } else {
        t!(lang, "share-divisible")
    };
    let _ = writeln!(
        out,
        "  {}",
        t!(
            lang,
            "story-project-need",
            need = mu(proj.need_mu, lang),
            share = share,
            farmland = mu(proj.farmland_mu, lang),
            forest = mu(proj.forest_mu, lang),
            side = if proj.outside_boundary {
                t!(lang, "boundary-outside")
            } else {
                t!(lang, "boundary-inside")
            }
        )
    );
    let _ = writeln!(
        out,
        "  {}",
        t!(
            lang,
            "story-project-granted",
            granted = mu(row.granted_mu, lang),
            status = grant_name(row.status).render(lang),
            pools = by_pool_text(report, &row.by_pool, lang)
        )
    );
    if let Some(by) = &row.by_year {
        let window = crate::report::explain::ready_text(sc, p).render(lang);
        let list = years_text(by, lang);
        let list = if window.is_empty() {
            list
        } else {
            t!(lang, "story-window", list = list, window = window)
        };
        let _ = writeln!(out, "  {}", t!(lang, "story-by-year", list = list));
    }
    match &row.reason {
        Some(r) => {
            let _ = writeln!(
                out,
                "  {}",
                t!(lang, "story-why-not-more", why = r.render(lang))
            );
        }
        None => {
            let _ = writeln!(out, "  {}", t!(lang, "story-fully-granted"));
        }
    }
    pro_rata_line(&mut out, report, Side::Project(pi), row.granted_mu, lang);
    stopped_by_lines(&mut out, row, lang);
    let mut keys: Vec<(&str, String)> = sc
        .eligible_pools(p)
        .map(|k| ("pool_capacity", sc.pool(k).id.clone()))
        .collect();
    if let Some(sl) = &sc.rules.stock_linkage
        && sc.eligible_pools(p).any(|k| sl.pools.contains(&k))
    {
        keys.push(("stock_linkage", cty.id.clone()));
    }
    if proj.farmland_mu > 0.0 {
        keys.push(("farmland_balance", cty.id.clone()));
        keys.push(("farmland_shared_pool", "all".into()));
    }
    if proj.forest_mu > 0.0 {
        keys.push(("forest_balance", cty.id.clone()));
        keys.push(("forest_shared_pool", "all".into()));
    }
    keys.push(("outside_boundary_county", cty.id.clone()));
    keys.push(("outside_boundary_total", "all".into()));
    keys.push(("earmark", sc.category(proj.category).id.clone()));
    keys.push(("county_floor", cty.id.clone()));
    keys.push(("county_cap", cty.id.clone()));
    keys.push(("county_deduction", cty.id.clone()));
    if sc.eligible_pools(p).any(|k| sc.pool(k).county_held) {
        keys.push(("linkage_held", cty.id.clone()));
    }
    if let Some(tr) = &sc.rules.trading {
        let (_, group_of) = sc.trading_scopes();
        let g = group_of[proj.county.idx()];
        for &i in &tr.indicators {
            let uses = match i {
                Indicator::Farmland => proj.farmland_mu > 0.0,
                Indicator::Forest => proj.forest_mu > 0.0,
                Indicator::Linkage => sc.eligible_pools(p).any(|k| sc.pool(k).county_held),
            };
            if uses {
                keys.push((
                    "trade_clearing",
                    crate::report::explain::market_id(sc, i, g),
                ));
            }
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        t!(lang, "story-rules-touching", unit = t!(lang, "value-unit"))
    );
    rule_lines(&mut out, sc, report, &keys, lang);
    Ok(out)
}

pub fn county(sc: &Scenario, report: &Report, id: &str, lang: Lang) -> Result<String, Msg> {
    let entries: Vec<(&str, &str)> = sc
        .counties
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    let ci = find(msg!("what-county"), id, &entries)?;
    if let Some(t) = not_optimal(report, lang) {
        return Ok(t);
    }
    let cty = &sc.counties[ci];
    let row = &report.counties[ci];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}{}",
        t!(
            lang,
            "story-county",
            id = &cty.id,
            name = &cty.name,
            city = &cty.city
        ),
        if cty.frozen {
            t!(lang, "story-county-frozen")
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        out,
        "  {}",
        t!(
            lang,
            "story-county-granted",
            granted = mu(row.granted_mu, lang),
            pools = by_pool_text(report, &row.by_pool, lang)
        )
    );
    if let Some(sl) = &sc.rules.stock_linkage {
        let drawn: f64 = row
            .by_pool
            .0
            .iter()
            .filter(|(k, _)| sl.pools.iter().any(|&p| &sc.pool(p).id == k))
            .map(|(_, v)| v)
            .sum();
        let _ = writeln!(
            out,
            "  {}",
            t!(
                lang,
                "story-county-stock",
                drawn = mu(drawn, lang),
                ceiling = mu(sl.ceiling(cty), lang),
                alpha = fmt_value(sl.alpha),
                unsupplied = fmt_value(cty.disposed_unsupplied_mu),
                beta = fmt_value(sl.beta),
                idle = fmt_value(cty.disposed_idle_mu),
                base = fmt_value(sl.base_mu)
            )
        );
    }
    let _ = writeln!(
        out,
        "  {}",
        t!(
            lang,
            "story-county-occupied",
            farmland = mu(row.farmland_used_mu, lang),
            farmland_held = mu(row.farmland_held_mu, lang),
            forest = mu(row.forest_used_mu, lang),
            forest_held = mu(row.forest_held_mu, lang)
        )
    );
    if let Some(d) = row.deduction_mu {
        let _ = writeln!(
            out,
            "  {}",
            t!(
                lang,
                "story-deduction",
                mu = mu(d, lang),
                year = sc.horizon.years[0]
            )
        );
    }
    if let Some(tr) = &row.trading {
        let list = |b: &crate::report::ByPool| -> String {
            if b.0.is_empty() {
                t!(lang, "story-nothing")
            } else {
                b.0.iter()
                    .map(|(k, v)| {
                        let what = Indicator::ALL
                            .into_iter()
                            .find(|i| i.as_str() == k)
                            .map_or(k.clone(), |i| {
                                crate::report::explain::indicator_name(i).render(lang)
                            });
                        t!(lang, "story-of", mu = mu(*v, lang), what = what)
                    })
                    .collect::<Vec<_>>()
                    .join(&t!(lang, "list-comma"))
            }
        };
        let _ = writeln!(
            out,
            "  {}",
            t!(
                lang,
                "story-trading",
                bought = list(&tr.bought_mu),
                paid = fmt_value(tr.paid_yuan),
                sold = list(&tr.sold_mu),
                received = fmt_value(tr.received_yuan)
            )
        );
        for line in crate::report::explain::trade_lines(report, &cty.id) {
            let _ = writeln!(out, "    {}", line.render(lang));
        }
    }
    if !report.years.is_empty() {
        let per: Vec<String> = report
            .years
            .iter()
            .map(|y| {
                let v = y
                    .by_county
                    .0
                    .iter()
                    .find(|(k, _)| k == &cty.id)
                    .map_or(0.0, |(_, v)| *v);
                format!("{} {}", y.year, mu(v, lang))
            })
            .collect();
        let _ = writeln!(
            out,
            "  {}",
            t!(
                lang,
                "story-by-year",
                list = per.join(&t!(lang, "list-comma"))
            )
        );
    }
    if cty.floor_mu.is_some() || cty.cap_mu.is_some() {
        let _ = writeln!(
            out,
            "  {}",
            t!(
                lang,
                "story-county-floor-cap",
                floor = cty.floor_mu.map(|v| mu(v, lang)).unwrap_or("-".into()),
                cap = cty.cap_mu.map(|v| mu(v, lang)).unwrap_or("-".into())
            )
        );
    }
    pro_rata_line(&mut out, report, Side::County(ci), row.granted_mu, lang);
    own_rules(&mut out, sc, report, ci, lang);
    if row.binding.is_empty() {
        let _ = writeln!(out, "  {}", t!(lang, "story-county-no-binding"));
    } else {
        let _ = writeln!(
            out,
            "\n{}",
            t!(lang, "story-county-binding", unit = t!(lang, "value-unit"))
        );
        for v in &row.binding {
            let _ = writeln!(
                out,
                "  {} {}",
                pad(&rule_name(v.rule).render(lang), 24),
                value_text(v, lang)
            );
        }
    }
    share_against_others(&mut out, sc, report, ci, lang);
    let _ = writeln!(out, "\n{}", t!(lang, "story-county-projects"));
    for (pi, p) in sc
        .projects
        .iter()
        .enumerate()
        .filter(|(_, p)| p.county.idx() == ci)
    {
        let r = &report.projects[pi];
        let _ = writeln!(
            out,
            "  {}",
            t!(
                lang,
                "story-county-project",
                id = &p.id,
                name = &p.name,
                tier = tier_name(p.tier).render(lang),
                granted = fmt_value(r6(r.granted_mu)),
                need = mu(p.need_mu, lang),
                status = grant_name(r.status).render(lang)
            )
        );
        if let Some(reason) = &r.reason {
            let _ = writeln!(out, "      {}", reason.render(lang));
        }
    }
    Ok(out)
}

/// A county's name for people (its id when it has none).
fn county_name(sc: &Scenario, c: usize) -> String {
    let cty = &sc.counties[c];
    if cty.name.is_empty() {
        cty.id.clone()
    } else {
        cty.name.clone()
    }
}

/// A rule row named as in `binding_rules` (`pool_capacity.stock_linked`) in words, with the
/// scenario's names ("the pool 存量盘活挂钩").
pub fn rule_key_name(sc: &Scenario, key: &str) -> Msg {
    let (rule, id) = key.split_once('.').unwrap_or((key, ""));
    let pick = |name: &str| if name.is_empty() { id } else { name }.to_string();
    match rule {
        "pool_capacity" => match sc.pools.iter().find(|p| p.id == id) {
            Some(p) => msg!("cf-res-pool", name = pick(&p.name)),
            None => rule_name(rule),
        },
        "earmark" => match sc.categories.iter().find(|c| c.id == id) {
            Some(c) => msg!("cf-res-earmark", name = pick(&c.name)),
            None => rule_name(rule),
        },
        "farmland_shared_pool" => msg!("res-farmland-shared"),
        "forest_shared_pool" => msg!("res-forest-shared"),
        "outside_boundary_total" => msg!("res-outside-total"),
        _ => match sc.counties.iter().find(|c| c.id == id) {
            Some(c) => msg!("cf-binds", rule = rule_name(rule), name = pick(&c.name)),
            None => rule_name(rule),
        },
    }
}

/// A project or a county, for the pro-rata comparison.
enum Side {
    Project(usize),
    County(usize),
}

/// "pro-rata split (what a spreadsheet gives): 120 mu; this plan: 100 mu (20 mu less)", and
/// why the plan differs: it meets the rules the split breaks and serves priorities first.
fn pro_rata_line(out: &mut String, report: &Report, side: Side, granted: f64, lang: Lang) {
    let Some(b) = &report.baseline else { return };
    let row = match side {
        Side::Project(i) => b.projects.get(i),
        Side::County(i) => b.counties.get(i),
    };
    let Some(row) = row else { return };
    let d = r6(granted - row.pro_rata_mu);
    let diff = if d < 0.0 {
        t!(lang, "cf-less", mu = mu(-d, lang))
    } else {
        t!(lang, "cf-more", mu = mu(d, lang))
    };
    let _ = writeln!(
        out,
        "  {}",
        t!(
            lang,
            "cf-story-pro-rata",
            pro_rata = mu(row.pro_rata_mu, lang),
            granted = mu(granted, lang),
            diff = diff
        )
    );
    if b.broken.is_empty() {
        let _ = writeln!(out, "    {}", t!(lang, "cf-story-pro-rata-holds"));
    } else {
        let broken: Vec<String> = b
            .broken
            .iter()
            .map(|c| rule_name(c.rule).render(lang))
            .collect();
        let _ = writeln!(
            out,
            "    {}",
            t!(
                lang,
                "cf-story-pro-rata-why",
                broken = broken.join(&t!(lang, "list-comma"))
            )
        );
    }
}

/// What would change a line's grant: its counterfactual reasons, with their `--set` edits.
fn stopped_by_lines(out: &mut String, row: &crate::report::ProjectRow, lang: Lang) {
    if row.status == crate::report::Grant::Full || row.blocked.is_some() {
        return;
    }
    match &row.stopped_by {
        Some(entries) if !entries.is_empty() => {
            let _ = writeln!(out, "\n{}", t!(lang, "cf-story-stopped-by"));
            for e in entries {
                let _ = writeln!(
                    out,
                    "  {}",
                    t!(
                        lang,
                        "cf-story-stopped-line",
                        gain = fmt_value(r6(e.gain_mu)),
                        set = e
                            .set
                            .iter()
                            .map(|s| format!("--set {s}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    )
                );
            }
        }
        Some(_) => {}
        None => {
            let _ = writeln!(out, "  {}", t!(lang, "cf-story-not-computed"));
        }
    }
}

/// Why this county's lines get less than the others': the rules of its own (held by it, not
/// by the other counties) named in its lines' counterfactuals, each with what it would bring
/// the county's lines in all.
fn own_rules(out: &mut String, sc: &Scenario, report: &Report, ci: usize, lang: Lang) {
    let id = &sc.counties[ci].id;
    let own = |rule: &str| rule.split_once('.').is_some_and(|(_, o)| o == id);
    // (rules, state, edit) → mu its lines would get more, and how many lines.
    let mut found: Vec<(Vec<String>, Msg, Msg, f64, usize)> = Vec::new();
    for (p, row) in sc.projects.iter().zip(&report.projects) {
        if p.county.idx() != ci {
            continue;
        }
        for e in row.stopped_by.iter().flatten() {
            if !e.rules.iter().all(|r| own(r)) {
                continue;
            }
            match found.iter_mut().find(|f| f.0 == e.rules) {
                Some(f) => {
                    f.3 += e.gain_mu;
                    f.4 += 1;
                }
                None => found.push((
                    e.rules.clone(),
                    e.state.clone(),
                    e.edit.clone(),
                    e.gain_mu,
                    1,
                )),
            }
        }
    }
    let _ = writeln!(out, "\n{}", t!(lang, "cf-story-neighbours"));
    if found.is_empty() {
        let _ = writeln!(out, "  {}", t!(lang, "cf-story-no-own-rule"));
        return;
    }
    found.sort_by(|a, b| r6(b.3).total_cmp(&r6(a.3)).then(a.0.cmp(&b.0)));
    for (rules, state, edit, gain, lines) in found {
        // The other counties this same kind of rule holds too ("also 秀洲区, 桐乡市").
        let kinds: Vec<&str> = rules
            .iter()
            .filter_map(|r| r.split_once('.').map(|x| x.0))
            .collect();
        let also: Vec<String> = sc
            .counties
            .iter()
            .enumerate()
            .filter(|&(c, _)| c != ci)
            .filter(|&(c, _)| {
                report.counties[c]
                    .binding
                    .iter()
                    .any(|v| kinds.contains(&v.rule))
            })
            .map(|(c, _)| county_name(sc, c))
            .collect();
        let also = if also.is_empty() {
            t!(lang, "cf-story-only-here")
        } else {
            t!(
                lang,
                "cf-story-also",
                list = also.join(&t!(lang, "list-comma"))
            )
        };
        let _ = writeln!(
            out,
            "  {}",
            t!(
                lang,
                "cf-story-county-entry",
                state = state.render(lang),
                edit = edit.render(lang),
                gain = fmt_value((gain * 100.0).round() / 100.0),
                lines = lines,
                also = also
            )
        );
    }
}

/// The project's row as `solve --format json` gives it (with `stopped_by`), and the pro-rata
/// split's grant beside it.
pub fn project_json(sc: &Scenario, report: &Report, id: &str) -> Result<String, Msg> {
    let entries: Vec<(&str, &str)> = sc
        .projects
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let pi = find(msg!("what-project"), id, &entries)?;
    let value = serde_json::json!({
        "scenario": report.scenario,
        "status": report.status,
        "message": report.message,
        "project": report.projects.get(pi),
        "pro_rata_mu": report.baseline.as_ref().and_then(|b| b.projects.get(pi)).map(|r| r6(r.pro_rata_mu)),
    });
    Ok(json_text(&value))
}

/// The county's row and its projects' rows, as `solve --format json` gives them.
pub fn county_json(sc: &Scenario, report: &Report, id: &str) -> Result<String, Msg> {
    let entries: Vec<(&str, &str)> = sc
        .counties
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    let ci = find(msg!("what-county"), id, &entries)?;
    let projects: Vec<&crate::report::ProjectRow> = sc
        .projects
        .iter()
        .zip(&report.projects)
        .filter(|(p, _)| p.county.idx() == ci)
        .map(|(_, r)| r)
        .collect();
    let value = serde_json::json!({
        "scenario": report.scenario,
        "status": report.status,
        "message": report.message,
        "county": report.counties.get(ci),
        "projects": projects,
        "pro_rata_mu": report.baseline.as_ref().and_then(|b| b.counties.get(ci)).map(|r| r6(r.pro_rata_mu)),
    });
    Ok(json_text(&value))
}

fn json_text(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("rows serialise");
    s.push('\n');
    s
}

/// The county's share of its need against the other counties', and the sharing its lines
/// took part in (the fair rule's groups).
fn share_against_others(out: &mut String, sc: &Scenario, report: &Report, ci: usize, lang: Lang) {
    // Need and grant of each county's lines that no penalty rule blocks.
    let mut need = vec![0.0; sc.counties.len()];
    let mut got = vec![0.0; sc.counties.len()];
    for (p, row) in sc.projects.iter().zip(&report.projects) {
        if row.blocked.is_none() {
            need[p.county.idx()] += p.need_mu;
            got[p.county.idx()] += row.granted_mu;
        }
    }
    let ratio = |c: usize| (need[c] > 0.0).then(|| got[c] / need[c]);
    let Some(mine) = ratio(ci) else {
        return;
    };
    let mut all: Vec<(f64, usize)> = (0..sc.counties.len())
        .filter_map(|c| ratio(c).map(|r| (r, c)))
        .collect();
    all.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(sc.counties[a.1].id.cmp(&sc.counties[b.1].id))
    });
    let rank = all.iter().filter(|(r, _)| *r > mine + 1e-12).count() + 1;
    let (lo, hi) = (all[0], all[all.len() - 1]);
    let median = all[all.len() / 2].0;
    let _ = writeln!(out, "\n{}", t!(lang, "story-share-title"));
    let _ = writeln!(
        out,
        "  {}",
        t!(
            lang,
            "story-share-mine",
            got = mu(got[ci], lang),
            need = mu(need[ci], lang),
            percent = percent(mine)
        )
    );
    let _ = writeln!(
        out,
        "  {}",
        t!(
            lang,
            "story-share-all",
            n = all.len(),
            low = percent(lo.0),
            low_id = county_name(sc, lo.1),
            median = percent(median),
            high = percent(hi.0),
            high_id = county_name(sc, hi.1),
            rank = rank
        )
    );
    // Each sharing group the county's lines are in: the group's share and size, its lines here.
    let key = |s: &crate::report::Sharing| {
        let names: Vec<String> = s
            .competing_for
            .iter()
            .map(|k| rule_key_name(sc, k).render(lang))
            .collect();
        (names.join(&t!(lang, "list-comma")), s.ratio)
    };
    let mut groups: Vec<((String, f64), usize, Vec<usize>)> = Vec::new();
    for (pi, (p, row)) in sc.projects.iter().zip(&report.projects).enumerate() {
        let Some(sh) = &row.sharing else { continue };
        if p.county.idx() != ci {
            continue;
        }
        let k = key(sh);
        match groups
            .iter_mut()
            .find(|g| g.0.0 == k.0 && (g.0.1 - k.1).abs() <= 1e-9)
        {
            Some(g) => g.2.push(pi),
            None => groups.push((k, sh.lines, vec![pi])),
        }
    }
    for ((what, r), lines, here) in groups {
        let counties: std::collections::BTreeSet<&str> = sc
            .projects
            .iter()
            .zip(&report.projects)
            .filter(|(_, row)| {
                row.sharing
                    .as_ref()
                    .is_some_and(|s| key(s).0 == what && (s.ratio - r).abs() <= 1e-9)
            })
            .map(|(p, _)| sc.counties[p.county.idx()].id.as_str())
            .collect();
        let here: Vec<String> = here
            .iter()
            .map(|&pi| {
                t!(
                    lang,
                    "story-share-line",
                    id = sc.projects[pi].id.clone(),
                    granted = fmt_value(r6(report.projects[pi].granted_mu)),
                    need = mu(sc.projects[pi].need_mu, lang)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "  {}",
            t!(
                lang,
                "story-share-group",
                what = what,
                lines = lines,
                counties = counties.len(),
                percent = percent(r),
                here = here.join(", ")
            )
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<(&'static str, &'static str)> {
        vec![
            ("haining-urban", "海宁市城市分批次"),
            ("haining-fh", "海宁市农民建房"),
            ("pinghu-urban", "平湖市城市分批次"),
            ("jd-ring", "金东环线"),
        ]
    }

    #[test]
    fn finds_by_id_name_and_unique_fragment() {
        let what = || msg!("what-project");
        assert_eq!(find(what(), "jd-ring", &entries()), Ok(3));
        assert_eq!(find(what(), "海宁市城市分批次", &entries()), Ok(0));
        assert_eq!(find(what(), "环线", &entries()), Ok(3));
    }

    #[test]
    fn ambiguous_and_near_names_are_explained() {
        let what = || msg!("what-project");
        let e = find(what(), "城市分批次", &entries()).unwrap_err();
        let en = e.render(Lang::En);
        assert!(
            en.contains("haining-urban") && en.contains("pinghu-urban"),
            "{en}"
        );
        let e = find(what(), "海宁城市分批次", &entries()).unwrap_err();
        let zh = e.render(Lang::Zh);
        assert!(zh.contains("haining-urban"), "{zh}");
        assert!(
            find(what(), "jd-rnig", &entries())
                .unwrap_err()
                .render(Lang::En)
                .contains("did you mean \"jd-ring\"")
        );
        assert!(find(what(), "zzzzzzzz", &entries()).is_err());
    }
}
