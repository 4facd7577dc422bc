//! The plan as an Excel workbook (`solve --format xlsx`), for officers who pass it on as it is:
//! a summary, pools, counties, projects, rule checks and marginal values, one sheet each.
//!
//! Numbers are stored at full precision and shown rounded by number formats (whole mu; values
//! to 4 decimals), so a sum in Excel equals the plan's total. Header rows are frozen and
//! filtered, columns sized to their contents (Chinese characters count double). Sheet names,
//! headers and words in cells follow `--lang`; ids stay ids.

use super::table::pool_label;
use crate::i18n::{Lang, Msg};
use crate::report::explain::RuleValue;
use crate::report::{Report, grant_name, r6, rule_name, status_name, tier_name};
use crate::{msg, t};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The file `solve --format xlsx` writes into the output folder.
pub const FILE_NAME: &str = "plan.xlsx";

enum Cell {
    Text(String),
    /// An area: whole mu shown, full precision kept.
    Mu(f64),
    /// A marginal value or other ratio: 4 decimals shown.
    Value(f64),
    Count(usize),
    Empty,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt_mu(v: Option<f64>) -> Cell {
    v.map_or(Cell::Empty, Cell::Mu)
}

fn opt_value(v: Option<f64>) -> Cell {
    v.map_or(Cell::Empty, Cell::Value)
}

struct Sheet {
    name: Msg,
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

fn width_of(s: &str) -> f64 {
    unicode_width::UnicodeWidthStr::width(s) as f64
}

fn write_sheet(wb: &mut Workbook, sheet: &Sheet, lang: Lang) -> Result<(), XlsxError> {
    let head = Format::new().set_bold().set_background_color(0xDDEBF7);
    let mu = Format::new().set_num_format("#,##0");
    let value = Format::new().set_num_format("0.0000");
    let ws = wb.add_worksheet();
    ws.set_name(sheet.name.render(lang))?;
    let mut widths: Vec<f64> = sheet.header.iter().map(|h| width_of(h)).collect();
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &head)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let shown = match cell {
                Cell::Text(s) => {
                    ws.write_string(r, col, s)?;
                    width_of(s)
                }
                Cell::Mu(v) => {
                    ws.write_number_with_format(r, col, r6(*v), &mu)?;
                    // "12,345" as shown
                    let digits = format!("{:.0}", v.abs()).len() as f64;
                    digits + (digits / 3.0).floor() + 1.0
                }
                Cell::Value(v) => {
                    ws.write_number_with_format(r, col, r6(*v), &value)?;
                    format!("{v:.4}").len() as f64
                }
                Cell::Count(n) => {
                    ws.write_number(r, col, *n as f64)?;
                    n.to_string().len() as f64
                }
                Cell::Empty => 0.0,
            };
            if let Some(w) = widths.get_mut(c) {
                *w = w.max(shown);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (w + 2.0).clamp(6.0, 80.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    if !sheet.rows.is_empty() {
        ws.autofilter(
            0,
            0,
            sheet.rows.len() as u32,
            sheet.header.len().saturating_sub(1) as u16,
        )?;
    }
    Ok(())
}

fn headers(lang: Lang, words: &[Msg]) -> Vec<String> {
    words.iter().map(|m| m.render(lang)).collect()
}

fn binding_text(b: &[RuleValue], lang: Lang) -> String {
    b.iter()
        .map(|v| rule_name(v.rule).render(lang))
        .collect::<Vec<_>>()
        .join(&t!(lang, "list-comma"))
}

/// The workbook's bytes. `pro_rata` is what each county gets from the pro-rata split a
/// spreadsheet makes today, in scenario order.
pub fn workbook(r: &Report, pro_rata: &[f64], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let pool_cols: Vec<String> = r.pools.iter().map(|p| pool_label(r, &p.id, lang)).collect();
    let by_pool = |by: &crate::report::ByPool| -> Vec<Cell> {
        r.pools
            .iter()
            .map(|p| {
                Cell::Mu(
                    by.0.iter()
                        .find(|(k, _)| *k == p.id)
                        .map_or(0.0, |(_, v)| *v),
                )
            })
            .collect()
    };
    let yes_no = |b: bool| text(if b { t!(lang, "yes") } else { t!(lang, "no") });
    let mut sheets = Vec::new();

    // Summary: one fact a row.
    let count = |g: crate::report::Grant| r.projects.iter().filter(|p| p.status == g).count();
    let mut summary: Vec<(Msg, Cell)> = vec![
        (msg!("xl-scenario"), text(&r.scenario)),
        (
            msg!("xl-year"),
            r.year.map_or(Cell::Empty, |y| text(y.to_string())),
        ),
        (msg!("xl-status"), text(status_name(r.status).render(lang))),
        (msg!("xl-plan-mu"), Cell::Mu(r.plan_mu)),
        (msg!("xl-granted-mu"), Cell::Mu(r.granted_mu)),
        (msg!("xl-objective"), opt_value(r.objective)),
        (msg!("xl-weighted-mu"), opt_value(r.weighted_mu)),
        (
            msg!("xl-full"),
            Cell::Count(count(crate::report::Grant::Full)),
        ),
        (
            msg!("xl-partial"),
            Cell::Count(count(crate::report::Grant::Partial)),
        ),
        (
            msg!("xl-none"),
            Cell::Count(count(crate::report::Grant::None)),
        ),
    ];
    if let Some(c) = &r.certificate {
        summary.push((
            msg!("xl-optimality"),
            text(if c.optimal {
                t!(lang, "proven-optimal")
            } else {
                t!(lang, "not-proven-optimal")
            }),
        ));
        summary.push((
            msg!("xl-gap"),
            text(format!(
                "{:.1e} ({} {:.0e})",
                c.relative_gap,
                t!(lang, "xl-tolerance"),
                c.gap_tolerance
            )),
        ));
    }
    if let Some(m) = &r.message {
        summary.push((msg!("xl-message"), text(m.render(lang))));
    }
    summary.push((msg!("xl-backend"), text(&r.backend)));
    summary.push((msg!("xl-value-unit"), text(t!(lang, "value-unit"))));
    sheets.push(Sheet {
        name: msg!("xl-sheet-summary"),
        header: headers(lang, &[msg!("xl-item"), msg!("xl-value")]),
        rows: summary
            .into_iter()
            .map(|(k, v)| vec![text(k.render(lang)), v])
            .collect(),
    });

    sheets.push(Sheet {
        name: msg!("xl-sheet-pools"),
        header: headers(
            lang,
            &[
                msg!("col-pool"),
                msg!("col-name"),
                msg!("col-capacity-mu"),
                msg!("col-used-mu"),
                msg!("col-free-mu"),
                msg!("col-marginal-value"),
                msg!("xl-value-more"),
                msg!("xl-value-less"),
            ],
        ),
        rows: r
            .pools
            .iter()
            .map(|p| {
                vec![
                    text(&p.id),
                    text(&p.name),
                    Cell::Mu(p.capacity_mu),
                    Cell::Mu(p.used_mu),
                    Cell::Mu(p.capacity_mu - p.used_mu),
                    opt_value(p.marginal_value),
                    opt_value(p.marginal_value_more),
                    opt_value(p.marginal_value_less),
                ]
            })
            .collect(),
    });

    let mut header = headers(
        lang,
        &[
            msg!("col-county"),
            msg!("col-name"),
            msg!("xl-city"),
            msg!("col-granted-mu"),
        ],
    );
    header.extend(pool_cols.iter().cloned());
    header.extend(headers(
        lang,
        &[
            msg!("xl-farmland-used"),
            msg!("xl-farmland-held"),
            msg!("xl-forest-used"),
            msg!("xl-forest-held"),
            msg!("xl-floor"),
            msg!("xl-cap"),
            msg!("xl-frozen"),
            msg!("col-binding-rules"),
            msg!("xl-pro-rata-mu"),
        ],
    ));
    sheets.push(Sheet {
        name: msg!("xl-sheet-counties"),
        header,
        rows: r
            .counties
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut row = vec![
                    text(&c.id),
                    text(&c.name),
                    text(&c.city),
                    Cell::Mu(c.granted_mu),
                ];
                row.extend(by_pool(&c.by_pool));
                row.extend([
                    Cell::Mu(c.farmland_used_mu),
                    Cell::Mu(c.farmland_held_mu),
                    Cell::Mu(c.forest_used_mu),
                    Cell::Mu(c.forest_held_mu),
                    opt_mu(c.floor_mu),
                    opt_mu(c.cap_mu),
                    yes_no(c.frozen),
                    text(binding_text(&c.binding, lang)),
                    pro_rata.get(i).map_or(Cell::Empty, |v| Cell::Mu(*v)),
                ]);
                row
            })
            .collect(),
    });

    let mut header = headers(
        lang,
        &[
            msg!("col-project"),
            msg!("col-name"),
            msg!("col-county"),
            msg!("xl-category"),
            msg!("col-tier"),
            msg!("col-need-mu"),
            msg!("col-granted-mu"),
        ],
    );
    header.extend(pool_cols.iter().cloned());
    header.extend(headers(lang, &[msg!("col-status"), msg!("xl-reason")]));
    sheets.push(Sheet {
        name: msg!("xl-sheet-projects"),
        header,
        rows: r
            .projects
            .iter()
            .map(|p| {
                let mut row = vec![
                    text(&p.id),
                    text(&p.name),
                    text(&p.county),
                    text(&p.category),
                    text(tier_name(p.tier).render(lang)),
                    Cell::Mu(p.need_mu),
                    Cell::Mu(p.granted_mu),
                ];
                row.extend(by_pool(&p.by_pool));
                row.push(text(match p.blocked {
                    Some(b) => t!(lang, "status-blocked", why = b.msg().render(lang)),
                    None => grant_name(p.status).render(lang),
                }));
                row.push(
                    p.reason
                        .as_ref()
                        .map_or(Cell::Empty, |m| text(m.render(lang))),
                );
                row
            })
            .collect(),
    });

    sheets.push(Sheet {
        name: msg!("xl-sheet-checks"),
        header: headers(
            lang,
            &[
                msg!("col-rule"),
                msg!("xl-rule-id"),
                msg!("col-holds"),
                msg!("col-instances"),
                msg!("col-max-violation-mu"),
                msg!("col-worst"),
            ],
        ),
        rows: r
            .checks
            .iter()
            .map(|c| {
                vec![
                    text(rule_name(c.rule).render(lang)),
                    text(c.rule),
                    yes_no(c.holds),
                    Cell::Count(c.instances),
                    Cell::Value(c.max_violation_mu.max(0.0)),
                    text(c.worst.clone().unwrap_or_default()),
                ]
            })
            .collect(),
    });

    sheets.push(Sheet {
        name: msg!("xl-sheet-values"),
        header: headers(
            lang,
            &[
                msg!("col-rule"),
                msg!("col-id"),
                msg!("xl-binding"),
                msg!("xl-slack-mu"),
                msg!("col-marginal-value"),
                msg!("xl-value-more"),
                msg!("xl-value-less"),
            ],
        ),
        rows: r
            .marginal_values
            .iter()
            .map(|v| {
                vec![
                    text(rule_name(v.rule).render(lang)),
                    text(&v.id),
                    yes_no(v.binding),
                    Cell::Mu(v.slack_mu),
                    opt_value(v.marginal_value),
                    opt_value(v.marginal_value_more),
                    opt_value(v.marginal_value_less),
                ]
            })
            .collect(),
    });

    let mut wb = Workbook::new();
    for s in &sheets {
        write_sheet(&mut wb, s, lang)?;
    }
    wb.save_to_buffer()
}
