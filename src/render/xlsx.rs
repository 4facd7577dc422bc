//! The plan as an Excel workbook (`solve --format xlsx`), for officers who pass it on as it is:
//! a summary, pools, counties, projects, rule checks and marginal values, one sheet each.
//!
//! Numbers are stored at full precision and shown rounded by number formats (whole mu; values
//! to 4 decimals), so a sum in Excel equals the plan's total. Header rows are frozen and
//! filtered, columns sized to their contents (Chinese characters count double). Sheet names,
//! headers and words in cells follow `--lang`; ids stay ids.

use super::table::pool_label;
use crate::i18n::{Lang, Msg};
use crate::render::text::isolate_msg;
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
    /// A 合计 row's label and sums: bold.
    TotalText(String),
    TotalMu(f64),
    /// A 合计 of values (money): bold, two decimals.
    TotalValue(f64),
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

/// A 合计 row: its label in the first column, and the column sums of the mu columns `cols`
/// (the other cells empty).
fn total_row(rows: &[Vec<Cell>], width: usize, cols: &[usize], lang: Lang) -> Vec<Cell> {
    (0..width)
        .map(|c| {
            if c == 0 {
                Cell::TotalText(t!(lang, "doc-total"))
            } else if cols.contains(&c) {
                Cell::TotalMu(
                    rows.iter()
                        .map(|r| match r.get(c) {
                            Some(Cell::Mu(v)) => *v,
                            _ => 0.0,
                        })
                        .sum(),
                )
            } else {
                Cell::Empty
            }
        })
        .collect()
}

/// Indexes of the columns of `row` that hold mu.
fn mu_cols(row: &[Cell]) -> Vec<usize> {
    row.iter()
        .enumerate()
        .filter(|(_, c)| matches!(c, Cell::Mu(_)))
        .map(|(i, _)| i)
        .collect()
}

/// Appends a 合计 row summing every mu column of the sheet's rows.
fn with_total(mut rows: Vec<Vec<Cell>>, lang: Lang) -> Vec<Vec<Cell>> {
    let Some(first) = rows.first() else {
        return rows;
    };
    let cols = mu_cols(first);
    let width = first.len();
    let t = total_row(&rows, width, &cols, lang);
    rows.push(t);
    rows
}

fn width_of(s: &str) -> f64 {
    unicode_width::UnicodeWidthStr::width(s) as f64
}

fn write_sheet(
    wb: &mut Workbook,
    sheet: &Sheet,
    page_header: &str,
    lang: Lang,
) -> Result<(), XlsxError> {
    let head = Format::new().set_bold().set_background_color(0xDDEBF7);
    let bold = Format::new().set_bold();
    let bold_mu = Format::new().set_bold().set_num_format("#,##0");
    let bold_money = Format::new().set_bold().set_num_format("#,##0.00");
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
                Cell::TotalText(s) => {
                    ws.write_string_with_format(r, col, s, &bold)?;
                    width_of(s)
                }
                Cell::TotalValue(v) => {
                    ws.write_number_with_format(r, col, *v, &bold_money)?;
                    format!("{v:.2}").len() as f64 + 2.0
                }
                Cell::TotalMu(v) => {
                    ws.write_number_with_format(r, col, r6(*v), &bold_mu)?;
                    let digits = format!("{:.0}", v.abs()).len() as f64;
                    digits + (digits / 3.0).floor() + 1.0
                }
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
    // Printed as officers file it: A4 landscape, fitted to the page width, the header row
    // repeated on every page.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    if !page_header.is_empty() {
        // A what-if is marked on every printed page (Excel's page header; `&&` is a literal &).
        ws.set_header(format!("&C{}", page_header.replace('&', "&&")));
    }
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
    let county_name = |id: &str| -> String {
        r.counties
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    let mut sheets = Vec::new();

    // Summary: one fact a row.
    let count = |g: crate::report::Grant| r.projects.iter().filter(|p| p.status == g).count();
    let mut summary: Vec<(Msg, Cell)> = Vec::new();
    // A what-if says so first, with its edits verbatim.
    if r.is_what_if() {
        summary.push((msg!("xl-what-if"), text(r.overrides.join("; "))));
    }
    summary.extend([
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
    ]);
    // A multi-year plan: the plan year's plan and grant (the annual plan being issued); the
    // rows above are the horizon's.
    if let (Some(first), Some(last)) = (r.years.first(), r.years.last()) {
        summary.push((
            Msg::Lit(t!(lang, "xl-plan-year-mu", year = first.year)),
            Cell::Mu(first.plan_mu),
        ));
        summary.push((
            Msg::Lit(t!(lang, "xl-granted-year-mu", year = first.year)),
            Cell::Mu(first.granted_mu),
        ));
        summary.push((
            Msg::Lit(t!(lang, "xl-horizon", from = first.year, to = last.year)),
            text(t!(lang, "xl-horizon-note")),
        ));
    }
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
    if let Some(h) = &r.horizon {
        // Marginal values of later years are discounted to the plan year.
        summary.push((
            msg!("xl-values-discounted"),
            text(t!(
                lang,
                "xl-values-discounted-text",
                discount = crate::report::explain::fmt_value(h.discount)
            )),
        ));
    }
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
            .collect::<Vec<_>>(),
    });
    if let Some(last) = sheets.last_mut() {
        last.rows = with_total(std::mem::take(&mut last.rows), lang);
    }

    let years = crate::render::years::year_headers(r, lang);
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
    header.extend(years.iter().cloned());
    let trading = r.counties.iter().any(|c| c.trading.is_some());
    if trading {
        header.extend(headers(
            lang,
            &[
                msg!("trades-bought"),
                msg!("trades-sold"),
                msg!("xl-paid"),
                msg!("xl-received"),
            ],
        ));
    }
    let previous = r.counties.iter().any(|c| c.previous_mu.is_some());
    if previous {
        header.push(t!(lang, "doc-col-previous"));
    }
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
                row.extend(
                    crate::render::years::county_years(r, &c.id)
                        .into_iter()
                        .map(Cell::Mu),
                );
                if trading {
                    let t = c.trading.as_ref();
                    row.extend([
                        text(t.map_or(String::new(), |t| indicator_list(&t.bought_mu, lang))),
                        text(t.map_or(String::new(), |t| indicator_list(&t.sold_mu, lang))),
                        money(t.map_or(0.0, |t| t.paid_yuan), lang),
                        money(t.map_or(0.0, |t| t.received_yuan), lang),
                    ]);
                }
                if previous {
                    row.push(
                        c.previous_mu
                            .and_then(|p| p.0)
                            .map_or(Cell::Empty, Cell::Mu),
                    );
                }
                row
            })
            .collect(),
    });
    if let Some(last) = sheets.last_mut() {
        last.rows = with_total(std::mem::take(&mut last.rows), lang);
    }

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
    header.extend(years.iter().cloned());
    let previous_projects = r.projects.iter().any(|p| p.previous_mu.is_some());
    if previous_projects {
        header.push(t!(lang, "doc-col-previous"));
    }
    header.extend(headers(lang, &[msg!("col-status"), msg!("xl-reason")]));
    // The officer's 乡镇 column, when the projects have townships.
    let townships = r.projects.iter().any(|p| p.township.is_some());
    if townships {
        header.push(t!(lang, "xl-township"));
    }
    // And the officer's 备注, when any project has one.
    let notes = r.projects.iter().any(|p| p.notes.is_some());
    if notes {
        header.push(t!(lang, "fu-col-notes"));
    }
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
                    // Names for people: the county's, not its id.
                    text(county_name(&p.county)),
                    text(r.category_name(&p.category)),
                    text(tier_name(p.tier).render(lang)),
                    Cell::Mu(p.need_mu),
                    Cell::Mu(p.granted_mu),
                ];
                row.extend(by_pool(&p.by_pool));
                if !years.is_empty() {
                    row.extend(
                        crate::render::years::year_values(r, p.by_year.as_ref())
                            .into_iter()
                            .map(Cell::Mu),
                    );
                }
                if previous_projects {
                    row.push(
                        p.previous_mu
                            .and_then(|v| v.0)
                            .map_or(Cell::Empty, Cell::Mu),
                    );
                }
                row.push(text(match p.blocked {
                    Some(b) => t!(lang, "status-blocked", why = b.msg().render(lang)),
                    None => grant_name(p.status).render(lang),
                }));
                row.push(
                    p.reason
                        .as_ref()
                        .map_or(Cell::Empty, |m| text(isolate_msg(m).render(lang))),
                );
                if townships {
                    row.push(p.township.as_ref().map_or(Cell::Empty, text));
                }
                if notes {
                    // A text cell, as the name is: a workbook never runs a string as a formula.
                    row.push(p.notes.as_ref().map_or(Cell::Empty, text));
                }
                row
            })
            .collect(),
    });
    if let Some(last) = sheets.last_mut() {
        last.rows = with_total(std::mem::take(&mut last.rows), lang);
    }

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
                msg!("xl-year"),
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
                    // Multi-year plans have a row per year, its value discounted to the plan
                    // year: the year says which.
                    v.year.map_or(Cell::Empty, |y| text(y.to_string())),
                    yes_no(v.binding),
                    Cell::Mu(v.slack_mu),
                    opt_value(v.marginal_value),
                    opt_value(v.marginal_value_more),
                    opt_value(v.marginal_value_less),
                ]
            })
            .collect(),
    });

    sheets.extend(issue_sheets(r, lang));

    let mut wb = new_workbook(r)?;
    let page_header = crate::render::years::what_if_line(r, lang).unwrap_or_default();
    for s in &sheets {
        write_sheet(&mut wb, s, &page_header, lang)?;
    }
    wb.save_to_buffer()
}

/// Indicators bought or sold, in words: "补充耕地指标 65.41、林地定额 151.88".
fn indicator_list(b: &crate::report::ByPool, lang: Lang) -> String {
    b.0.iter()
        .map(|(k, v)| {
            let name = crate::scenario::Indicator::ALL
                .iter()
                .find(|i| i.as_str() == k)
                .map_or_else(
                    || k.clone(),
                    |i| crate::report::explain::indicator_name(*i).render(lang),
                );
            format!("{name} {}", super::fmt_mu(*v))
        })
        .collect::<Vec<_>>()
        .join(&t!(lang, "list-comma"))
}

/// Money as officers count it: 万元 in Chinese, yuan in English.
fn money(yuan: f64, lang: Lang) -> Cell {
    match lang {
        Lang::Zh => Cell::Value(yuan / 10_000.0),
        Lang::En => Cell::Value(yuan),
    }
}

/// The sheets an officer issues beside the plan: the 分解下达表 (one row per county and pool,
/// by year, a 合计 row per county and one for all), the years (a multi-year plan's pools by
/// year with carry-over and borrowing) and the trades.
fn issue_sheets(r: &Report, lang: Lang) -> Vec<Sheet> {
    let mut sheets = Vec::new();
    if r.counties.is_empty() {
        return sheets;
    }
    let years = crate::render::years::year_headers(r, lang);
    let mut header = headers(lang, &[msg!("col-county"), msg!("col-pool")]);
    header.extend(years.iter().cloned());
    header.push(t!(lang, "doc-col-horizon-or-granted"));
    let mut rows = Vec::new();
    for c in &r.counties {
        rows.extend(county_issue_rows(r, c, lang));
    }
    let width = rows.first().map_or(0, Vec::len);
    let cols: Vec<usize> = (2..width).collect();
    // The grand total sums the county 合计 rows' figures, i.e. every county-and-pool row.
    let plain: Vec<Vec<Cell>> = rows
        .iter()
        .filter(|r| matches!(r.first(), Some(Cell::Text(_))))
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Cell::Mu(v) => Cell::Mu(*v),
                    _ => Cell::Empty,
                })
                .collect()
        })
        .collect();
    rows.push(total_row(&plain, width, &cols, lang));
    sheets.push(Sheet {
        name: msg!("xl-sheet-issue"),
        header,
        rows,
    });

    if !r.years.is_empty() {
        let header = headers(
            lang,
            &[
                msg!("years-year"),
                msg!("col-pool"),
                msg!("years-capacity"),
                msg!("years-carried-in"),
                msg!("years-borrowed"),
                msg!("years-used"),
                msg!("years-carried-out"),
                msg!("years-lent"),
            ],
        );
        let mut rows = Vec::new();
        for (i, y) in r.years.iter().enumerate() {
            let label = if i == 0 {
                t!(lang, "doc-col-year-plan", year = y.year)
            } else {
                t!(lang, "doc-col-year-later", year = y.year)
            };
            let year_rows: Vec<Vec<Cell>> = y
                .pools
                .iter()
                .map(|p| {
                    let name = r
                        .pools
                        .iter()
                        .find(|q| q.id == p.id)
                        .map_or_else(|| p.id.clone(), |q| q.name.clone());
                    vec![
                        text(&label),
                        text(name),
                        Cell::Mu(p.capacity_mu),
                        Cell::Mu(p.carried_in_mu),
                        Cell::Mu(p.borrowed_mu),
                        Cell::Mu(p.used_mu),
                        Cell::Mu(p.carried_out_mu),
                        Cell::Mu(p.lent_mu),
                    ]
                })
                .collect();
            let mut t = total_row(&year_rows, 8, &[2, 3, 4, 5, 6, 7], lang);
            t[0] = Cell::TotalText(t!(lang, "xl-year-total", year = y.year));
            rows.extend(year_rows);
            rows.push(t);
        }
        sheets.push(Sheet {
            name: msg!("xl-sheet-years"),
            header,
            rows,
        });
    }

    if let Some(trades) = &r.trades {
        let county_name = |id: &str| -> String {
            r.counties
                .iter()
                .find(|c| c.id == id)
                .map_or_else(|| id.to_string(), |c| c.name.clone())
        };
        let header = headers(
            lang,
            &[
                msg!("years-year"),
                msg!("trades-indicator"),
                msg!("doc-col-seller"),
                msg!("doc-col-buyer"),
                msg!("trades-mu"),
                msg!("doc-col-price"),
                msg!("doc-col-amount"),
            ],
        );
        let rows: Vec<Vec<Cell>> = trades
            .iter()
            .map(|t| {
                vec![
                    text(t.year.to_string()),
                    text(crate::report::explain::indicator_name(t.indicator).render(lang)),
                    text(county_name(&t.from)),
                    text(county_name(&t.to)),
                    Cell::Mu(t.mu),
                    Cell::Value(t.price_yuan_per_mu),
                    money(t.amount_yuan, lang),
                ]
            })
            .collect();
        let paid: f64 = trades.iter().map(|t| t.amount_yuan).sum();
        let mut rows = with_total(rows, lang);
        if let Some(Cell::Empty) = rows.last().and_then(|r| r.get(6)) {
            let n = rows.len();
            rows[n - 1][6] = Cell::TotalValue(match lang {
                Lang::Zh => paid / 10_000.0,
                Lang::En => paid,
            });
        }
        sheets.push(Sheet {
            name: msg!("xl-sheet-trades"),
            header,
            rows,
        });
    }
    sheets
}

/// One county's rows of the 分解下达表: a row per pool (mu in each year, then in all), and the
/// county's 合计 row.
fn county_issue_rows(r: &Report, c: &crate::report::CountyRow, lang: Lang) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for p in &r.pools {
        let all = c
            .by_pool
            .0
            .iter()
            .find(|(k, _)| *k == p.id)
            .map_or(0.0, |(_, v)| *v);
        let mut row = vec![text(&c.name), text(&p.name)];
        if let Some(yp) = &c.by_year_pool {
            row.extend(yp.0.iter().map(|(_, by)| {
                Cell::Mu(
                    by.0.iter()
                        .find(|(k, _)| *k == p.id)
                        .map_or(0.0, |(_, v)| *v),
                )
            }));
        }
        row.push(Cell::Mu(all));
        rows.push(row);
    }
    let width = rows.first().map_or(0, Vec::len);
    let cols: Vec<usize> = (2..width).collect();
    let mut t = total_row(&rows, width, &cols, lang);
    if let Some(first) = t.first_mut() {
        *first = Cell::TotalText(t!(lang, "xl-county-total", county = &c.name));
    }
    rows.push(t);
    rows
}

/// `explain --county ID --format xlsx`: the county's document to issue, its 分解下达表 rows and
/// its projects (grants by year, status, reason), printable like the plan's workbook.
pub fn county_workbook(r: &Report, id: &str, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let years = crate::render::years::year_headers(r, lang);
    let mut sheets = Vec::new();
    if let Some(c) = r.counties.iter().find(|c| c.id == id) {
        let mut header = headers(lang, &[msg!("col-county"), msg!("col-pool")]);
        header.extend(years.iter().cloned());
        header.push(t!(lang, "doc-col-horizon-or-granted"));
        sheets.push(Sheet {
            name: msg!("xl-sheet-issue"),
            header,
            rows: county_issue_rows(r, c, lang),
        });
    }
    let mut header = headers(
        lang,
        &[
            msg!("col-project"),
            msg!("col-name"),
            msg!("col-tier"),
            msg!("col-need-mu"),
            msg!("col-granted-mu"),
        ],
    );
    header.extend(years.iter().cloned());
    header.extend(headers(lang, &[msg!("col-status"), msg!("xl-reason")]));
    let rows = r
        .projects
        .iter()
        .filter(|p| p.county == id)
        .map(|p| {
            let mut row = vec![
                text(&p.id),
                text(&p.name),
                text(tier_name(p.tier).render(lang)),
                Cell::Mu(p.need_mu),
                Cell::Mu(p.granted_mu),
            ];
            if !years.is_empty() {
                row.extend(
                    crate::render::years::year_values(r, p.by_year.as_ref())
                        .into_iter()
                        .map(Cell::Mu),
                );
            }
            row.push(text(grant_name(p.status).render(lang)));
            row.push(
                p.reason
                    .as_ref()
                    .map_or(Cell::Empty, |m| text(isolate_msg(m).render(lang))),
            );
            row
        })
        .collect();
    sheets.push(Sheet {
        name: msg!("xl-sheet-projects"),
        header,
        rows: with_total(rows, lang),
    });
    let page_header = crate::render::years::what_if_line(r, lang).unwrap_or_default();
    let mut wb = new_workbook(r)?;
    for s in &sheets {
        write_sheet(&mut wb, s, &page_header, lang)?;
    }
    wb.save_to_buffer()
}

/// A workbook whose bytes depend on the plan alone: its creation date is the plan year's
/// 1 January, not the clock's (the same plan gives the same file, as every other output does).
fn new_workbook(r: &Report) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let year = r.year.and_then(|y| u16::try_from(y).ok()).unwrap_or(2000);
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(year, 1, 1)?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    Ok(wb)
}
