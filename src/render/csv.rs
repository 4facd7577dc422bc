//! CSV views: projects.csv, counties.csv, pools.csv, one row per item, by-pool columns after
//! the fixed ones (projects.csv ends with `reason`, in `--lang`). Headers are English field
//! names (the machine contract); files carry a UTF-8 byte-order mark for Excel.
//!
//! Every CSV the tool writes (these, a sweep's, a batch's) goes through [`write`], which makes
//! each cell safe to open in Excel or WPS: see [`cell`].

use crate::i18n::Lang;
use crate::report::{Report, r6};
use std::borrow::Cow;

/// A cell as it is safe to write: text that a spreadsheet would read as a formula gets a
/// leading apostrophe (OWASP's rule for CSV injection: a cell starting with `=`, `+`, `-`, `@`,
/// a tab or a carriage return), so that `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` in a name is
/// shown as text, never run. A number (`-5.2`, `1e-7`) is left as it is, so numeric columns
/// stay numbers: only text can carry a formula, and a plain number means the same in both.
pub fn cell(s: &str) -> Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_number(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A plain decimal number, as this tool writes them: optional sign, digits with at most one
/// point, optional exponent. (`-inf`, `-1+2`, `-0.5/-0.2` are not: a spreadsheet would
/// evaluate the last two.)
fn is_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let mut n = digits(&mut i);
    if i < b.len() && b[i] == b'.' {
        i += 1;
        n += digits(&mut i);
    }
    if n == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// A CSV file from its header and rows, every cell made safe by [`cell`]; with `bom`, a UTF-8
/// byte-order mark first (files meant for Excel).
pub fn write<H, R>(
    header: &[H],
    rows: impl IntoIterator<Item = R>,
    bom: bool,
) -> csv::Result<Vec<u8>>
where
    H: AsRef<str>,
    R: IntoIterator,
    R::Item: AsRef<str>,
{
    let mut w = csv::Writer::from_writer(if bom { BOM.to_vec() } else { Vec::new() });
    w.write_record(header.iter().map(|h| cell(h.as_ref()).into_owned()))?;
    for r in rows {
        w.write_record(r.into_iter().map(|c| cell(c.as_ref()).into_owned()))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

fn pool_ids(r: &Report) -> Vec<String> {
    r.pools.iter().map(|p| p.id.clone()).collect()
}

fn by_pool_cells(ids: &[String], by: &crate::report::ByPool) -> Vec<String> {
    ids.iter()
        .map(|id| {
            num(by
                .0
                .iter()
                .find(|(k, _)| k == id)
                .map(|(_, v)| *v)
                .unwrap_or(0.0))
        })
        .collect()
}

fn num(v: f64) -> String {
    format!("{}", r6(v))
}

fn opt(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

/// Files start with a UTF-8 byte-order mark: without it Excel on a Chinese system reads UTF-8
/// as GBK and garbles every name. CSV readers (Python's `utf-8-sig`, pandas, this tool) skip it.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

fn to_string(header: Vec<String>, rows: Vec<Vec<String>>) -> csv::Result<Vec<u8>> {
    write(&header, rows, true)
}

/// The three tables as (file name, contents). Headers are the machine contract (English ids);
/// `lang` is for the words in cells meant for people.
pub fn tables(r: &Report, lang: Lang) -> csv::Result<Vec<(&'static str, Vec<u8>)>> {
    let ids = pool_ids(r);
    let with_pools = |base: &[&str]| -> Vec<String> {
        base.iter()
            .map(|s| s.to_string())
            .chain(ids.iter().map(|id| format!("{id}_mu")))
            .collect()
    };
    // With `--compare pro-rata`: the pro-rata figure, last (existing columns keep their
    // positions).
    let base = r.baseline.as_ref();
    let with_base = |mut h: Vec<String>| {
        if base.is_some() {
            h.push("pro_rata_mu".into());
        }
        h
    };
    let base_cell = |rows: Option<&Vec<crate::report::BaselineRow>>, i: usize| {
        rows.and_then(|b| b.get(i)).map(|b| num(b.pro_rata_mu))
    };
    let projects = to_string(
        with_base(
            with_pools(&[
                "id",
                "name",
                "county",
                "category",
                "tier",
                "need_mu",
                "granted_mu",
                "status",
            ])
            .into_iter()
            // After the by-pool columns, so that existing columns keep their positions.
            .chain(["reason".to_string()])
            .collect(),
        ),
        r.projects
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let status = p.status.as_str().to_string();
                let mut row = vec![
                    p.id.clone(),
                    p.name.clone(),
                    p.county.clone(),
                    p.category.clone(),
                    p.tier.to_string(),
                    num(p.need_mu),
                    num(p.granted_mu),
                    status,
                ];
                row.extend(by_pool_cells(&ids, &p.by_pool));
                // The sentence names pools and counties: a name's direction controls end
                // with the name, not with the cell (Excel lays a cell out as one paragraph).
                row.push(
                    p.reason
                        .as_ref()
                        .map(|m| super::text::isolate_msg(m).render(lang))
                        .unwrap_or_default(),
                );
                row.extend(base_cell(base.map(|b| &b.projects), i));
                row
            })
            .collect(),
    )?;
    let counties = to_string(
        with_base(with_pools(&[
            "id",
            "name",
            "city",
            "granted_mu",
            "farmland_used_mu",
            "farmland_held_mu",
            "forest_used_mu",
            "forest_held_mu",
            "floor_mu",
            "cap_mu",
            "frozen",
        ])),
        r.counties
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut row = vec![
                    c.id.clone(),
                    c.name.clone(),
                    c.city.clone(),
                    num(c.granted_mu),
                    num(c.farmland_used_mu),
                    num(c.farmland_held_mu),
                    num(c.forest_used_mu),
                    num(c.forest_held_mu),
                    opt(c.floor_mu),
                    opt(c.cap_mu),
                    c.frozen.to_string(),
                ];
                row.extend(by_pool_cells(&ids, &c.by_pool));
                row.extend(base_cell(base.map(|b| &b.counties), i));
                row
            })
            .collect(),
    )?;
    let pools = to_string(
        vec![
            "id".into(),
            "name".into(),
            "capacity_mu".into(),
            "used_mu".into(),
        ],
        r.pools
            .iter()
            .map(|p| {
                vec![
                    p.id.clone(),
                    p.name.clone(),
                    num(p.capacity_mu),
                    num(p.used_mu),
                ]
            })
            .collect(),
    )?;
    let mut out = vec![
        ("projects.csv", projects),
        ("counties.csv", counties),
        ("pools.csv", pools),
    ];
    if !r.years.is_empty() {
        let mut rows = Vec::new();
        for y in &r.years {
            for p in &y.pools {
                rows.push(vec![
                    y.year.to_string(),
                    p.id.clone(),
                    num(p.capacity_mu),
                    num(p.used_mu),
                    num(p.carried_in_mu),
                    num(p.carried_out_mu),
                    num(p.borrowed_mu),
                    num(p.lent_mu),
                ]);
            }
        }
        let header = [
            "year",
            "pool",
            "capacity_mu",
            "used_mu",
            "carried_in_mu",
            "carried_out_mu",
            "borrowed_mu",
            "lent_mu",
        ];
        out.push((
            "years.csv",
            to_string(header.iter().map(|s| s.to_string()).collect(), rows)?,
        ));
        let mut rows = Vec::new();
        for p in &r.projects {
            for (year, mu) in p.by_year.iter().flat_map(|b| b.0.iter()) {
                rows.push(vec![p.id.clone(), year.to_string(), num(*mu)]);
            }
        }
        out.push((
            "project_years.csv",
            to_string(vec!["id".into(), "year".into(), "granted_mu".into()], rows)?,
        ));
    }
    if let Some(trades) = &r.trades {
        let rows = trades
            .iter()
            .map(|t| {
                vec![
                    t.year.to_string(),
                    t.from.clone(),
                    t.to.clone(),
                    t.indicator.as_str().to_string(),
                    num(t.mu),
                    num(t.price_yuan_per_mu),
                    format!("{:.2}", t.amount_yuan),
                ]
            })
            .collect();
        let header = [
            "year",
            "from",
            "to",
            "indicator",
            "mu",
            "price_yuan_per_mu",
            "amount_yuan",
        ];
        out.push((
            "trades.csv",
            to_string(header.iter().map(|s| s.to_string()).collect(), rows)?,
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for risky in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "=cmd|' /C calc'!A0",
            "+1+1",
            "-1+2",
            "-0.5/-0.2",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "-",
            "-inf",
        ] {
            assert_eq!(cell(risky), format!("'{risky}"), "{risky:?}");
        }
        for plain in [
            "-5.2",
            "-0",
            "+3",
            "1e-7",
            "-2.5E+3",
            ".5",
            "-.5",
            "海宁市",
            "a=b",
            " =1",
            "",
        ] {
            assert_eq!(cell(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn every_cell_of_a_file_goes_through_the_rule() {
        let bytes = write(&["id", "=x"], [vec!["=1+1", "-3.5"]], false).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "id,'=x\n'=1+1,-3.5\n");
    }
}
