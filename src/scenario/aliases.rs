//! The Chinese headers and values officers' spreadsheets use, read without a column mapping.
//! This table is documented in the README ("Your own data"); a header it does not know needs a
//! `columns = { field = "表头" }` mapping in the scenario file.
//!
//! Headers are compared after [`normalise`]: spaces dropped, full-width brackets and colons made
//! half-width, letters lower-cased, so "用地需求（亩）", "用地需求(亩)" and "用地需求 （亩）" are one
//! header. An area header carries its unit in brackets: （亩）/(mu) → `_mu`, （公顷）/(ha) → `_ha`;
//! an area header without a unit is read in mu (and `check` says so).

/// Headers of non-area fields, per table section.
const HEADERS: &[(&str, &str, &[&str])] = &[
    (
        "projects",
        "id",
        &["项目编号", "编号", "项目代码", "项目id", "项目编码", "编码"],
    ),
    ("projects", "name", &["项目名称", "名称"]),
    (
        "projects",
        "county",
        &[
            "所属县(市、区)",
            "县(市、区)",
            "所属县市区",
            "县市区",
            "所属区县",
            "区县",
            "所属县区",
            "县区",
            "所属县(市)",
            "所在县(市、区)",
            "所在县市区",
            "所在县(市)",
            "所在区县",
            "所在县区",
            "县(市、区)名称",
        ],
    ),
    (
        "projects",
        "township",
        &[
            "乡镇(街道)",
            "所属乡镇(街道)",
            "乡镇",
            "所属乡镇",
            "乡镇街道",
            "所在乡镇(街道)",
            "所在乡镇",
        ],
    ),
    (
        "projects",
        "category",
        &["项目类别", "类别", "项目类型", "用地类别"],
    ),
    (
        "projects",
        "tier",
        &[
            "项目层级",
            "层级",
            "项目级别",
            "级别",
            "项目层次",
            "重点项目级别",
            "项目等级",
        ],
    ),
    (
        "projects",
        "outside_boundary",
        &[
            "是否位于城镇开发边界外",
            "是否在城镇开发边界外",
            "城镇开发边界外",
            "是否边界外",
            "边界外",
        ],
    ),
    ("projects", "min_share", &["最低保障比例", "最低保障比率"]),
    (
        "projects",
        "ready_from",
        &["可用年度", "起始年度", "具备用地条件年度", "计划用地年度"],
    ),
    ("projects", "last_year", &["截止年度", "最迟用地年度"]),
    ("projects", "notes", &["备注", "备注说明", "附注"]),
    (
        "counties",
        "max_sell_share",
        &["可出让比例", "指标可出让比例"],
    ),
    (
        "counties",
        "trade_budget_yuan",
        &["指标购买预算(元)", "购买预算(元)"],
    ),
    (
        "county_years",
        "county",
        &["县(市、区)", "所属县(市、区)", "县市区", "区县"],
    ),
    ("county_years", "year", &["年度", "年份"]),
    ("counties", "id", &["编号", "县(市、区)编号", "代码"]),
    (
        "counties",
        "name",
        &["县(市、区)", "名称", "县市区", "县(市、区)名称"],
    ),
    ("counties", "city", &["所属市", "设区市", "市"]),
    ("counties", "frozen", &["是否冻结", "冻结指标", "冻结"]),
    ("townships", "id", &["编号", "乡镇编号"]),
    (
        "townships",
        "county",
        &[
            "所属县(市、区)",
            "县(市、区)",
            "所属县市区",
            "县市区",
            "区县",
        ],
    ),
    ("townships", "name", &["乡镇(街道)", "名称", "乡镇名称"]),
    (
        "townships",
        "consolidated",
        &[
            "近三年开展土地综合整治",
            "是否开展土地综合整治",
            "土地综合整治",
        ],
    ),
    ("categories", "id", &["编号", "类别编号"]),
    ("categories", "name", &["名称", "类别名称"]),
    ("categories", "rural", &["是否农村建设", "农村建设"]),
];

/// Area fields by stem (`need` → `need_mu`/`need_ha`), per table section.
const AREAS: &[(&str, &str, &[&str])] = &[
    (
        "projects",
        "need",
        &[
            "用地需求",
            "用地面积",
            "需求面积",
            "申请用地",
            "申请指标",
            "新增建设用地",
            "用地规模",
            "需求指标",
            "用地需求量",
            "需求量",
            "申请用地面积",
            "申请面积",
            "申请用地量",
            "用地量",
            "需求用地",
            "新增建设用地需求",
            "计划用地",
            "拟用地面积",
        ],
    ),
    (
        "projects",
        "farmland",
        &["占用耕地", "耕地", "占用耕地面积"],
    ),
    ("projects", "forest", &["占用林地", "林地", "占用林地面积"]),
    (
        "counties",
        "disposed_unsupplied",
        &[
            "消化批而未供",
            "批而未供处置",
            "处置批而未供",
            "批而未供消化",
        ],
    ),
    (
        "counties",
        "disposed_idle",
        &["处置闲置土地", "闲置土地处置"],
    ),
    (
        "counties",
        "farmland_held",
        &["补充耕地指标", "持有补充耕地指标", "补充耕地指标储备"],
    ),
    ("counties", "forest_held", &["林地定额", "持有林地定额"]),
    ("counties", "floor", &["保底指标", "保底"]),
    ("counties", "cap", &["分配上限", "上限"]),
    ("counties", "deduction", &["等量扣减", "扣减指标"]),
    (
        "counties",
        "linkage_surplus",
        &["增减挂钩节余指标", "节余指标"],
    ),
    (
        "county_years",
        "disposed_unsupplied",
        &["消化批而未供", "批而未供处置", "处置批而未供"],
    ),
    (
        "county_years",
        "disposed_idle",
        &["处置闲置土地", "闲置土地处置"],
    ),
    (
        "county_years",
        "farmland_held",
        &["新增补充耕地指标", "补充耕地指标入库", "补充耕地指标"],
    ),
    (
        "county_years",
        "forest_held",
        &["新增林地定额", "林地定额入库", "林地定额"],
    ),
    (
        "county_years",
        "linkage_surplus",
        &["新增增减挂钩节余指标", "增减挂钩节余指标"],
    ),
    ("county_years", "deduction", &["等量扣减", "扣减指标"]),
];

/// Tier values as officers write them.
const TIERS: &[(&str, &[&str])] = &[
    (
        "national",
        &[
            "国家级",
            "国家",
            "国家重大",
            "国家重点",
            "国家重点项目",
            "国家重大项目",
            "国家级重点",
            "国家级重点项目",
        ],
    ),
    (
        "provincial",
        &[
            "省级",
            "省",
            "省重点",
            "省重大",
            "省重点项目",
            "省重大项目",
            "省级重点",
            "省级重点项目",
            "省级重大项目",
        ],
    ),
    (
        "city",
        &[
            "市级",
            "市",
            "市重点",
            "市重大",
            "市重点项目",
            "市重大项目",
            "市级重点",
            "市级重点项目",
        ],
    ),
    (
        "county",
        &[
            "县级",
            "区级",
            "县(市、区)级",
            "县",
            "区",
            "县重点",
            "县重点项目",
            "县级重点",
            "县级重点项目",
            "区重点项目",
        ],
    ),
    (
        "block",
        &["打捆", "块状", "打捆项目", "块状用地", "打捆用地"],
    ),
];

/// Labels of total rows at the foot of a table.
const TOTALS: &[&str] = &["合计", "总计", "小计", "合计:", "总计:", "total", "sum"];

/// A header or value for comparison: spaces gone (the ideographic one too), full-width
/// letters, digits and signs half-width (Ａ１（：→ A1(:), brackets 【】 as [], lower case.
pub fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '【' => '[',
            '】' => ']',
            // The full-width forms block mirrors ASCII 0x21..0x7E.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A value (an id or a name) for comparison: trimmed and full-width forms made half-width,
/// case and inner spaces kept (ids are case-sensitive).
pub fn normalise_value(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// A header as officers write it, for messages: brackets full-width (用地需求（亩）).
fn shown(h: &str) -> String {
    h.replace('(', "（").replace(')', "）")
}

/// The headers the alias table accepts for `field` of `section`, as officers write them
/// (areas with their unit: 用地需求（亩） for `need_mu`), for "accepted headers" hints.
pub fn accepted(section: &str, field: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (s, f, names) in HEADERS {
        if *s == section && *f == field {
            out.extend(names.iter().map(|n| shown(n)));
        }
    }
    let unit = if field.ends_with("_ha") {
        "（公顷）"
    } else {
        "（亩）"
    };
    let stem = field.trim_end_matches("_mu").trim_end_matches("_ha");
    for (s, f, names) in AREAS {
        if *s == section && *f == stem && stem != field {
            out.extend(names.iter().map(|n| format!("{}{unit}", shown(n))));
        }
    }
    out
}

/// An unknown header close to one the alias table accepts in this section (edit distance on
/// the normalised text, units included: 用地需要（亩） → 用地需求（亩）): the field it most likely
/// means and the accepted header it resembles. Short headers must match more closely, so that
/// 序号 is not taken for 编号.
pub fn near_header(
    section: &str,
    header: &str,
    fields: &[&'static str],
) -> Option<(&'static str, String)> {
    let h = normalise(header);
    let len = h.chars().count();
    if len < 3 || h.is_ascii() {
        return None;
    }
    let limit = (len / 4).max(1);
    let field = |name: &str| fields.iter().copied().find(|f| *f == name);
    let mut best: Option<(usize, &'static str, String)> = None;
    let mut consider = |d: usize, f: Option<&'static str>, shown: String| {
        if let Some(f) = f
            && d > 0
            && d <= limit
            && best.as_ref().is_none_or(|(bd, _, _)| d < *bd)
        {
            best = Some((d, f, shown));
        }
    };
    for (s, f, names) in HEADERS.iter().filter(|(s, _, _)| *s == section) {
        let _ = s;
        for n in *names {
            consider(
                strsim::damerau_levenshtein(&h, &normalise(n)),
                field(f),
                shown(n),
            );
        }
    }
    let (stem, unit) = split_unit(&h);
    for (_, f, names) in AREAS.iter().filter(|(s, _, _)| *s == section) {
        let u = unit.unwrap_or("mu");
        let name = format!("{f}_{u}");
        let suffix = if u == "ha" {
            "（公顷）"
        } else {
            "（亩）"
        };
        for n in *names {
            let d = strsim::damerau_levenshtein(stem, &normalise(n));
            let written = if unit.is_some() {
                format!("{}{suffix}", shown(n))
            } else {
                shown(n)
            };
            consider(d, field(&name), written);
        }
    }
    best.map(|(_, f, s)| (f, s))
}

/// The unit of an area header in brackets at its end, and the header without it.
fn split_unit(h: &str) -> (&str, Option<&'static str>) {
    for (suffix, unit) in [
        ("(亩)", "mu"),
        ("(mu)", "mu"),
        ("(公顷)", "ha"),
        ("(ha)", "ha"),
        ("(hm2)", "ha"),
        ("(hm²)", "ha"),
    ] {
        if let Some(stem) = h.strip_suffix(suffix) {
            return (stem, Some(unit));
        }
    }
    (h, None)
}

/// How a header was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alias {
    pub field: &'static str,
    /// An area header without a unit, read in mu.
    pub unit_assumed: bool,
}

/// The field a header stands for in a section, by the alias table; `fields` are the section's
/// field names (so that only real fields are returned).
pub fn header(section: &str, header: &str, fields: &[&'static str]) -> Option<Alias> {
    let h = normalise(header);
    let field = |name: &str| fields.iter().copied().find(|f| *f == name);
    for (s, f, names) in HEADERS {
        if *s == section && names.iter().any(|n| normalise(n) == h) {
            return field(f).map(|field| Alias {
                field,
                unit_assumed: false,
            });
        }
    }
    let (stem, unit) = split_unit(&h);
    for (s, f, names) in AREAS {
        if *s == section && names.iter().any(|n| normalise(n) == stem) {
            let name = format!("{f}_{}", unit.unwrap_or("mu"));
            return field(&name).map(|field| Alias {
                field,
                unit_assumed: unit.is_none(),
            });
        }
    }
    None
}

/// A tier written in Chinese, as its id.
pub fn tier(value: &str) -> Option<&'static str> {
    let v = normalise(value);
    TIERS
        .iter()
        .find(|(_, names)| names.iter().any(|n| normalise(n) == v))
        .map(|(id, _)| *id)
}

/// Area fields every record of a section needs, by stem (a project's need, in mu or ha).
pub fn required_areas(section: &str) -> &'static [&'static str] {
    match section {
        "projects" => &["need"],
        _ => &[],
    }
}

/// Whether a total label is a subtotal (小计), which covers a group of rows only.
pub fn is_subtotal(cell: &str) -> bool {
    normalise(cell).starts_with("小计")
}

/// The id of a record given only by its name (a county table without an id column): the
/// name itself when it is a valid id already, else the section's word and a hash of the
/// name (`county-3f9a0c1b2d4e`): ASCII, as file names and the exported LP need, the same
/// in every run and whatever the order of the rows. A reference may still use the name.
pub fn derived_id(section: &str, name: &str) -> String {
    let name = normalise_value(name);
    if name.is_empty() {
        return name; // reported as an empty id
    }
    if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return name;
    }
    // FNV-1a, 64 bits, of the UTF-8 text; 48 of them shown.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let word = match section {
        "counties" => "county",
        "categories" => "category",
        "townships" => "township",
        "projects" => "project",
        "pools" => "pool",
        other => other,
    };
    format!("{word}-{:012x}", h >> 16)
}

/// The tiers with the Chinese word officers write first for each, for hints:
/// "national（国家级）, provincial（省级）, ...".
pub fn tier_words() -> String {
    TIERS
        .iter()
        .map(|(id, names)| format!("{id}（{}）", names[0]))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a cell labels a total row (合计, 总计, 小计, Total).
pub fn is_total(cell: &str) -> bool {
    let c = normalise(cell);
    !c.is_empty() && TOTALS.contains(&c.as_str())
}

/// A number as spreadsheets show it, as plain digits: thousands separators dropped where they
/// cannot mean anything else ("1,234" and "12,345.5", not "1,23" or "1,2345"); shares written
/// as percentages ("60%" → 0.6) when `share` is set. `None` if it is no such number.
pub fn number(cell: &str, share: bool) -> Option<String> {
    let c = cell.trim();
    if c.parse::<f64>().is_ok() {
        return Some(c.to_string());
    }
    if share && let Some(p) = c.strip_suffix('%') {
        let v: f64 = p.trim().parse().ok()?;
        return Some(super::diag::num(v / 100.0));
    }
    let (int, frac) = match c.split_once('.') {
        Some((i, f)) if f.chars().all(|d| d.is_ascii_digit()) => (i, Some(f)),
        Some(_) => return None,
        None => (c, None),
    };
    let digits = int.trim_start_matches(['+', '-']);
    let groups: Vec<&str> = digits.split(',').collect();
    let grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups.iter().all(|g| g.chars().all(|d| d.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3);
    if !grouped {
        return None;
    }
    let sign = &int[..int.len() - digits.len()];
    let mut s = format!("{sign}{}", groups.concat());
    if let Some(f) = frac {
        s.push('.');
        s.push_str(f);
    }
    s.parse::<f64>().ok().map(|_| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROJECT_FIELDS: &[&str] = &[
        "id",
        "name",
        "county",
        "township",
        "category",
        "tier",
        "need_mu",
        "need_ha",
        "farmland_mu",
        "farmland_ha",
        "forest_mu",
        "forest_ha",
        "outside_boundary",
        "min_share",
    ];

    #[test]
    fn officer_headers_are_recognised() {
        let f = |h: &str| header("projects", h, PROJECT_FIELDS).map(|a| a.field);
        assert_eq!(f("项目编号"), Some("id"));
        assert_eq!(f("所属县（市、区）"), Some("county"));
        assert_eq!(f("所属县(市、区)"), Some("county"));
        assert_eq!(f("用地需求（亩）"), Some("need_mu"));
        assert_eq!(f("用地面积 （公顷）"), Some("need_ha"));
        assert_eq!(f("占用耕地（亩）"), Some("farmland_mu"));
        assert_eq!(f("是否位于城镇开发边界外"), Some("outside_boundary"));
        assert_eq!(f("备注"), None);
        let a = header("projects", "用地面积", PROJECT_FIELDS).unwrap();
        assert_eq!((a.field, a.unit_assumed), ("need_mu", true));
        assert_eq!(
            header("counties", "县（市、区）", &["id", "name"])
                .unwrap()
                .field,
            "name"
        );
    }

    #[test]
    fn values_and_numbers() {
        assert_eq!(tier("省级"), Some("provincial"));
        assert_eq!(tier("打捆"), Some("block"));
        assert_eq!(tier("provincial"), None);
        assert!(is_total("合 计") && is_total("Total") && !is_total("合计项目"));
        assert_eq!(number("1,234", false).as_deref(), Some("1234"));
        assert_eq!(number("-12,345.5", false).as_deref(), Some("-12345.5"));
        assert_eq!(number("154", false).as_deref(), Some("154"));
        assert_eq!(number("1,23", false), None);
        assert_eq!(number("1,2345", false), None);
        assert_eq!(number("1234,567", false), None);
        assert_eq!(number("60%", true).as_deref(), Some("0.6"));
        assert_eq!(number("60%", false), None);
        assert_eq!(number("abc", false), None);
    }
}
