//! CSV views: projects.csv, counties.csv, pools.csv, one row per item, by-pool columns after
//! the fixed ones (projects.csv ends with `reason`, in `--lang`). Headers are English field
//! names (the machine contract); files carry a UTF-8 byte-order mark for Excel.

use crate::i18n::Lang;
use crate::report::{Report, r6};

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
    let mut w = csv::Writer::from_writer(BOM.to_vec());
    w.write_record(&header)?;
    for r in rows {
        w.write_record(&r)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
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
                row.push(
                    p.reason
                        .as_ref()
                        .map(|m| m.render(lang))
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
