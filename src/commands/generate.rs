//! Synthetic scenarios at any scale, for benchmarks and tests (`landquota generate`).
//!
//! [`generate`] writes a scenario directory (`scenario.toml`, `counties.csv`, `townships.csv`,
//! `projects.csv`, the layout of the shipped `scenarios/zhejiang-2024`) with any number of
//! counties, from 1 to the 2,844 county-level units of China and beyond. The same
//! `(counties, seed, divisible_only)` always gives byte-identical files: every draw comes from
//! a hand-written SplitMix64 generator (the workspace's `crates/splitmix`, shared with sweeps;
//! as in `scenarios/gen/generate.py`), normal draws use Box-Muller on it, nothing iterates over
//! a hash map, and every area is rounded to whole mu before it is written. No random-number
//! crate is involved, so the output does not change with a crate upgrade. (The only platform
//! dependence left is the last bit of `ln`, `cos` and `exp` from the system's libm, which could
//! only matter if a value fell exactly on a rounding boundary.)
//!
//! **Everything is synthetic.** County ids are ASCII (`c0001`, `c0002`, ...); county, city and
//! township names are made up from common place-name characters (a match with a real place is a
//! coincidence), and so is every figure. The shapes follow the shipped scenarios:
//!
//! | what | distribution |
//! |---|---|
//! | cities | 5-13 counties each (uniform); the first 1-3 counties of a city are districts (区) |
//! | county size | small / medium / large with probability 0.35 / 0.45 / 0.20, weight 1 / 2 / 3.2 × U(0.8, 1.25) |
//! | terrain | plain 0.35, hill 0.35, mountain 0.25, island 0.05 (drives farmland and forest occupied) |
//! | townships | 3 / 4 / 5 per county by size; 15% have no recent land consolidation |
//! | listed projects | max(4, round(24 × weight / 1.89)) per county, about 24.7 on average (the mean weight is 1.94) |
//! | listed categories | infrastructure 37%, public 23%, urgent 14%, SME 14%, major industry 13% (by count) |
//! | listed tiers | infrastructure national 5 / provincial 20 / city 35 / county 40%; urgent provincial; public city 40 / county 60%; SME city 35 / county 65%; major industry provincial 45 / city 55% |
//! | listed needs | lognormal, median 120 / 110 / 130 / 65 / 120 mu by category (σ 0.8 / 0.7 / 0.6 / 0.5 / 0.6), × 3 national, × 1.6 provincial, × 0.7 county; clipped to [5, 12 × median]; mean about 158 mu, median 110, 90th percentile 330 |
//! | block lines | per county one urban batch line (lognormal, median 250 × weight, σ 0.3), farmer housing per township (median 70 × √weight, σ 0.35), rural industry in the first two townships (median 50 × √weight, σ 0.4) |
//! | lines per county | about 31.5 (24.7 listed + 6.9 block) |
//! | farmland, forest occupied | share of need drawn by terrain (plain: farmland 25-60%, forest 0-4%; hill 15-40%, 5-25%; mountain 5-22%, 20-50%; island 5-20%, 5-20%) × a category factor (farmer housing 0.35, rural industry 0.6, SME 0.9, infrastructure and major industry 1, others 0.8), as in `generate.py` |
//! | min_share | 3% of all lines all-or-nothing (national/provincial, need ≤ 600, spread evenly over the list), 2% "nothing or at least 30/40/50/60%" (provincial/city public, SME, major industry); none with `divisible_only` |
//! | outside boundary | lines flagged at random (rural industry 0.7, city-tier infrastructure 0.35, county-tier infrastructure and public 0.2, provincial infrastructure and SME 0.15, scaled) so that their need is about 25% of the plan, against limits of 10% in all and 30% per county |
//!
//! Pools and rules:
//!
//! - 8 categories and 8 pools; each category may draw on 2 or 3 pools (table in [`POOLS`]).
//!   Each category's unblocked demand is assigned to its pools by fixed shares (summing to 1
//!   for listed projects, less for block demand, which is a wish list), and the capacities are
//!   proportional to what is assigned, scaled so that the plan is 70% of the unblocked demand
//!   (rounded to 10 mu). Listed demand alone slightly exceeds the plan, so every pool is used
//!   up and block demand gets what is left.
//! - Stock linkage (α 0.6, β 1, base 200 mu) on the urban batch and the stock-linked pool: the
//!   ceilings total 1.3 × those pools; every fourth county is tight (40-55% of its linked demand
//!   before scaling), the others roomy (85-125%).
//! - Farmland and forest balances: held indicators 75-100% of what the county's whole demand
//!   would occupy, 20-30% for every ninth county (farmland) and every fourth mountain county
//!   (forest); shared pools of 2% (farmland) and 1.5% (forest) of the plan.
//! - Farmer housing ≥ 5% of the plan (earmark, basis plan): farmer housing weighs least (block,
//!   ×1.1 when consolidated) and would get less, so the earmark binds.
//! - Outside-boundary share ≤ 10% in all and ≤ 30% per county.
//! - About 1% of counties frozen (farmer housing exempt); 无整治不用地 with farmer housing exempt;
//!   projects in consolidated townships weigh 10% more.
//! - County caps on 3% of counties (large ones, at 50% of their demand, so they bind); floors on
//!   6% (small or mountain counties): 35% of their demand, but never more than half of what a
//!   greedy allocation can surely give them (so, as in the shipped scenarios, they usually hold
//!   with room).
//!
//! At 90 counties (seed 2025) the optimum uses up all 8 pools; stock linkage binds in about a
//! third of the counties, the farmland balance in a quarter, the forest balance in a seventh;
//! the shared farmland pool, the outside-boundary total, the earmark and the caps bind.
//!
//! Feasibility: before writing, a greedy allocation (divisible, inside-boundary lines only;
//! earmark first, then each floor) is built that respects every rule; floors are set from it, so
//! the scenario is feasible by construction, like `scenarios/gen/generate.py`.

use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::scenario::Tier;
use splitmix::Rng;
use std::fmt::Write as _;
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenOptions {
    pub counties: usize,
    pub seed: u64,
    /// Every project divisible: no all-or-nothing and no minimum shares, so the LP has no
    /// integer columns (microlp's branch and bound is the weak point at scale). Apart from
    /// `min_share` and the name, the scenario is the same as without the flag.
    pub divisible_only: bool,
}

impl GenOptions {
    pub fn new(counties: usize, seed: u64) -> Self {
        GenOptions {
            counties,
            seed,
            divisible_only: false,
        }
    }
}

/// What was generated (printed by `landquota generate`).
#[derive(Debug, Clone, PartialEq)]
pub struct GenSummary {
    pub name: String,
    pub counties: usize,
    pub cities: usize,
    pub townships: usize,
    /// Demand lines, listed projects and block lines.
    pub projects: usize,
    pub listed: usize,
    pub all_or_nothing: usize,
    /// Lines with 0 < min_share < 1.
    pub min_share_partial: usize,
    pub pools: usize,
    pub plan_mu: i64,
    pub demand_mu: i64,
    /// Need of the lines outside the urban development boundary.
    pub outside_mu: i64,
    pub frozen: usize,
    pub floors: usize,
    pub caps: usize,
    /// Files written, relative to the output directory.
    pub files: Vec<String>,
}

impl std::fmt::Display for GenSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} {} in {} {}, {} townships, {} demand lines ({} listed; {} all-or-nothing, {} with a minimum share), {} pools, plan {} mu, demand {} mu ({:.2}x), outside-boundary demand {:.1}% of plan, {} frozen, {} {}, {} {}",
            self.name,
            self.counties,
            if self.counties == 1 {
                "county"
            } else {
                "counties"
            },
            self.cities,
            if self.cities == 1 { "city" } else { "cities" },
            self.townships,
            self.projects,
            self.listed,
            self.all_or_nothing,
            self.min_share_partial,
            self.pools,
            self.plan_mu,
            self.demand_mu,
            self.demand_mu as f64 / self.plan_mu.max(1) as f64,
            100.0 * self.outside_mu as f64 / self.plan_mu.max(1) as f64,
            self.frozen,
            self.floors,
            if self.floors == 1 { "floor" } else { "floors" },
            self.caps,
            if self.caps == 1 { "cap" } else { "caps" }
        )
    }
}

/// The files of a generated scenario, in memory: `(file name, contents)`.
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Vec<(&'static str, String)>,
    pub summary: GenSummary,
}

/// Why no scenario was generated. The words are the catalogue's, in the reader's language
/// ([`GenerateError::render`], called by the command line); the exit code is the command
/// line's choice.
#[derive(Debug)]
pub enum GenerateError {
    /// `counties` is 0 (the command line refuses it before: clap's range).
    NoCounties,
    /// `counties` above [`MAX_COUNTIES`] (likewise).
    TooManyCounties,
    /// The greedy allocation that proves the scenario feasible cannot meet the farmer-housing
    /// earmark. Never expected (the earmark is set from the demand): a defect of the generator.
    EarmarkOutOfReach { target_mu: f64, greedy_mu: f64 },
    /// Nor a county's floor (likewise never expected: floors are set from the greedy plan).
    FloorOutOfReach { county: String },
    /// The output folder or a file in it cannot be written (the error names the path).
    Write(std::io::Error),
}

/// The most counties `generate` makes (README: `generate --counties` 1 to 1,000,000).
pub const MAX_COUNTIES: usize = 1_000_000;

impl GenerateError {
    /// The words, without the `error:` in front.
    pub fn message(&self) -> Msg {
        match self {
            GenerateError::NoCounties => msg!("generate-err-no-counties"),
            GenerateError::TooManyCounties => msg!("generate-err-too-many-counties"),
            GenerateError::EarmarkOutOfReach {
                target_mu,
                greedy_mu,
            } => msg!(
                "generate-err-earmark",
                target = format!("{target_mu:.0}"),
                greedy = format!("{greedy_mu:.0}")
            ),
            GenerateError::FloorOutOfReach { county } => {
                msg!("generate-err-floor", county = county.as_str())
            }
            GenerateError::Write(e) => msg!("cannot-write", error = e.to_string()),
        }
    }

    /// The line for stderr, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        crate::t!(lang, "error", message = self.message().render(lang))
    }
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().render(Lang::En))
    }
}

impl std::error::Error for GenerateError {}

/// Writes a synthetic scenario with `counties` counties into `out` (created if needed), with
/// all-or-nothing projects. Byte-identical for the same arguments.
pub fn generate(counties: usize, seed: u64, out: &Path) -> Result<GenSummary, GenerateError> {
    generate_with(&GenOptions::new(counties, seed), out)
}

/// [`generate`] with every option.
pub fn generate_with(opts: &GenOptions, out: &Path) -> Result<GenSummary, GenerateError> {
    let g = render(opts)?;
    std::fs::create_dir_all(out)
        .map_err(|e| GenerateError::Write(crate::fsutil::with_path(out, e)))?;
    for (name, text) in &g.files {
        crate::fsutil::write_atomic(&out.join(name), text.as_bytes())
            .map_err(GenerateError::Write)?;
    }
    Ok(g.summary)
}

/// Builds the files without writing them. Errors: no counties or too many, or (never
/// expected) no feasible greedy allocation.
pub fn render(opts: &GenOptions) -> Result<Generated, GenerateError> {
    if opts.counties == 0 {
        return Err(GenerateError::NoCounties);
    }
    if opts.counties > MAX_COUNTIES {
        return Err(GenerateError::TooManyCounties);
    }
    let mut g = Gen::new(opts);
    g.build()?;
    Ok(g.render())
}

/// The directory name `landquota generate` suggests: `synthetic-<N>c-s<seed>[-div]`.
pub fn default_name(opts: &GenOptions) -> String {
    format!(
        "synthetic-{}c-s{}{}",
        opts.counties,
        opts.seed,
        if opts.divisible_only { "-div" } else { "" }
    )
}

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Fixed tables
// ---------------------------------------------------------------------------------------------

const URBAN: usize = 0;
const PUBLIC: usize = 1;
const FH: usize = 2;
const RI: usize = 3;
const INFRA: usize = 4;
const URGENT: usize = 5;
const SME: usize = 6;
const IND: usize = 7;

/// id, name, rural, comment, farmland factor (share of the terrain's farmland share).
const CATEGORIES: [(&str, &str, bool, &str, f64); 8] = [
    (
        "urban",
        "城镇建设",
        false,
        "block demand, one line per county",
        0.8,
    ),
    ("public", "社会民生", false, "", 0.8),
    (
        "farmer_housing",
        "农民建房",
        true,
        "block demand, one line per township",
        0.35,
    ),
    (
        "rural_industry",
        "农村产业",
        true,
        "block demand, two townships per county",
        0.6,
    ),
    ("infrastructure", "重大基础设施", false, "", 1.0),
    ("urgent", "省急需建设项目", false, "", 0.8),
    ("sme", "中小民营企业", false, "", 0.9),
    ("major_industry", "重大产业项目", false, "", 1.0),
];

/// A pool: id, name, under stock linkage, and (category, share of that category's demand
/// assigned to this pool when sizing it). Each category's shares sum to 1 over its 2-3 pools.
pub struct PoolSpec {
    pub id: &'static str,
    pub name: &'static str,
    pub linked: bool,
    pub shares: &'static [(usize, f64)],
}

/// The eight pools and who may draw on them. A category's shares sum to 1 for listed projects;
/// less for block demand (urban 0.7, farmer housing 0.35, rural industry 0.6): a county's block
/// demand is a wish list, and the plan is not sized to fund it.
pub const POOLS: [PoolSpec; 8] = [
    PoolSpec {
        id: "urban_batch",
        name: "城市分批次",
        linked: true,
        shares: &[(URBAN, 0.5), (PUBLIC, 0.35), (FH, 0.2), (RI, 0.3)],
    },
    PoolSpec {
        id: "stock_linked",
        name: "存量盘活挂钩",
        linked: true,
        shares: &[(URBAN, 0.2), (PUBLIC, 0.25), (SME, 0.3), (IND, 0.3)],
    },
    PoolSpec {
        id: "rural_revitalization",
        name: "乡村振兴专项",
        linked: false,
        shares: &[(FH, 0.15), (RI, 0.3)],
    },
    PoolSpec {
        id: "major_infra",
        name: "重大基础设施",
        linked: false,
        shares: &[(INFRA, 0.6)],
    },
    PoolSpec {
        id: "provincial_urgent",
        name: "省急需建设项目专项",
        linked: false,
        shares: &[(URGENT, 0.7), (PUBLIC, 0.4), (INFRA, 0.2)],
    },
    PoolSpec {
        id: "sme_special",
        name: "中小民营企业发展专项",
        linked: false,
        shares: &[(SME, 0.4)],
    },
    PoolSpec {
        id: "industry_reward",
        name: "重大产业项目用地奖励",
        linked: false,
        shares: &[(IND, 0.4), (SME, 0.3)],
    },
    PoolSpec {
        id: "provincial_reserve",
        name: "省级统筹预留",
        linked: false,
        shares: &[(INFRA, 0.2), (URGENT, 0.3), (IND, 0.3)],
    },
];

/// The plan is this share of the (unblocked) demand.
const PLAN_SHARE: f64 = 0.7;
const ALPHA: f64 = 0.6;
const BETA: f64 = 1.0;
const BASE_MU: i64 = 200;
const EARMARK_FH: f64 = 0.05;
/// Shared farmland and forest compensation pools, as shares of the plan.
const FARMLAND_SHARED: f64 = 0.02;
const FOREST_SHARED: f64 = 0.015;
const OUTSIDE_TOTAL: f64 = 0.10;
const OUTSIDE_COUNTY: f64 = 0.30;
/// Need of the lines flagged outside the boundary, as a share of the plan.
const OUTSIDE_FLAGGED: f64 = 0.25;
const SHARE_WHOLE: f64 = 0.03;
const SHARE_PARTIAL: f64 = 0.02;

/// Listed projects on higher lists tend to be bigger.
fn size_factor(tier: Tier) -> f64 {
    match tier {
        Tier::National => 3.0,
        Tier::Provincial => 1.6,
        Tier::City => 1.0,
        Tier::County => 0.7,
        Tier::Block => 1.0,
    }
}

struct ListedSpec {
    cat: usize,
    abbrev: &'static str,
    weight: f64,
    median: f64,
    sigma: f64,
    tiers: &'static [(Tier, f64)],
}

const LISTED: [ListedSpec; 5] = [
    ListedSpec {
        cat: INFRA,
        abbrev: "inf",
        weight: 0.37,
        median: 120.0,
        sigma: 0.8,
        tiers: &[
            (Tier::National, 0.05),
            (Tier::Provincial, 0.20),
            (Tier::City, 0.35),
            (Tier::County, 0.40),
        ],
    },
    ListedSpec {
        cat: PUBLIC,
        abbrev: "pub",
        weight: 0.23,
        median: 110.0,
        sigma: 0.7,
        tiers: &[(Tier::City, 0.4), (Tier::County, 0.6)],
    },
    ListedSpec {
        cat: URGENT,
        abbrev: "urg",
        weight: 0.14,
        median: 130.0,
        sigma: 0.6,
        tiers: &[(Tier::Provincial, 1.0)],
    },
    ListedSpec {
        cat: SME,
        abbrev: "sme",
        weight: 0.14,
        median: 65.0,
        sigma: 0.5,
        tiers: &[(Tier::City, 0.35), (Tier::County, 0.65)],
    },
    ListedSpec {
        cat: IND,
        abbrev: "ind",
        weight: 0.13,
        median: 120.0,
        sigma: 0.6,
        tiers: &[(Tier::Provincial, 0.45), (Tier::City, 0.55)],
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Terrain {
    Plain,
    Hill,
    Mountain,
    Island,
}

impl Terrain {
    /// (farmland share lo, hi), (forest share lo, hi) of a project's area.
    fn shares(self) -> ((f64, f64), (f64, f64)) {
        match self {
            Terrain::Plain => ((0.25, 0.60), (0.00, 0.04)),
            Terrain::Hill => ((0.15, 0.40), (0.05, 0.25)),
            Terrain::Mountain => ((0.05, 0.22), (0.20, 0.50)),
            Terrain::Island => ((0.05, 0.20), (0.05, 0.20)),
        }
    }
}

/// Characters for synthetic county and city names.
const NAME_FIRST: [&str; 50] = [
    "安", "宝", "昌", "长", "崇", "大", "丹", "德", "东", "丰", "富", "高", "广", "海", "和", "华",
    "怀", "嘉", "建", "江", "金", "靖", "乐", "临", "龙", "隆", "南", "宁", "平", "庆", "清", "仁",
    "瑞", "山", "寿", "顺", "泰", "天", "通", "万", "文", "武", "西", "祥", "新", "兴", "阳", "永",
    "玉", "云",
];
const NAME_SECOND: [&str; 50] = [
    "安", "宝", "昌", "城", "川", "丰", "峰", "阜", "谷", "和", "河", "湖", "华", "化", "江", "康",
    "乐", "陵", "隆", "明", "宁", "平", "浦", "泉", "仁", "山", "寿", "水", "顺", "泰", "台", "潭",
    "田", "通", "溪", "兴", "阳", "源", "远", "云", "州", "泽", "昭", "中", "庄", "邑", "原", "义",
    "林", "岭",
];
/// Syllables for synthetic township names, with pinyin for their ids.
const TOWN_FIRST: [(&str, &str); 24] = [
    ("东", "dong"),
    ("西", "xi"),
    ("南", "nan"),
    ("北", "bei"),
    ("新", "xin"),
    ("上", "shang"),
    ("大", "da"),
    ("石", "shi"),
    ("金", "jin"),
    ("清", "qing"),
    ("白", "bai"),
    ("龙", "long"),
    ("凤", "feng"),
    ("安", "an"),
    ("平", "ping"),
    ("和", "he"),
    ("兴", "xing"),
    ("古", "gu"),
    ("双", "shuang"),
    ("长", "chang"),
    ("桃", "tao"),
    ("梅", "mei"),
    ("黄", "huang"),
    ("高", "gao"),
];
const TOWN_SECOND: [(&str, &str); 15] = [
    ("溪", "xi"),
    ("塘", "tang"),
    ("桥", "qiao"),
    ("山", "shan"),
    ("湖", "hu"),
    ("港", "gang"),
    ("坑", "keng"),
    ("田", "tian"),
    ("岭", "ling"),
    ("浦", "pu"),
    ("埠", "bu"),
    ("口", "kou"),
    ("岙", "ao"),
    ("渡", "du"),
    ("源", "yuan"),
];
const PLACE_STEMS: [&str; 18] = [
    "城东",
    "城西",
    "城南",
    "城北",
    "江南",
    "江北",
    "东部",
    "西部",
    "南部",
    "北部",
    "高新区",
    "经开区",
    "新城",
    "滨江",
    "中心城区",
    "临港",
    "北站",
    "南站",
];
const NATIONAL_NAMES: [&str; 6] = [
    "段国家铁路工程",
    "段国家高速公路改扩建",
    "国家物流枢纽",
    "段国家水网工程",
    "段国道复线工程",
    "段特高压输电工程",
];

fn name_types(cat: usize) -> &'static [&'static str] {
    match cat {
        INFRA => &[
            "综合交通枢纽",
            "快速路工程",
            "国道改建工程",
            "省道提升改造工程",
            "220千伏输变电工程",
            "110千伏变电站",
            "水库扩容工程",
            "防洪排涝工程",
            "污水处理厂扩建工程",
            "城际铁路站场",
            "物流枢纽",
            "天然气管网工程",
            "大道延伸段",
            "环线公路",
            "互通立交工程",
            "水厂及配套管网",
        ],
        URGENT => &[
            "人民医院迁建",
            "中学新建工程",
            "保障性住房",
            "应急物资储备库",
            "职业技术学校",
            "安置小区",
            "疾控中心",
            "文体中心",
            "垃圾焚烧发电项目",
            "供水保障工程",
        ],
        PUBLIC => &[
            "中学新建工程",
            "小学扩建工程",
            "卫生院迁建",
            "养老服务中心",
            "文化中心",
            "体育公园",
            "公交停保场",
            "幼儿园新建工程",
            "社区服务中心",
            "安置房",
        ],
        SME => &[
            "小微企业园",
            "数字经济产业园",
            "智能制造小微园",
            "标准厂房",
            "科创园",
            "电商产业园",
            "五金产业园",
            "工业邻里中心",
        ],
        _ => &[
            "新能源汽车零部件项目",
            "半导体材料项目",
            "智能装备制造基地",
            "生物医药产业园",
            "新材料产业项目",
            "光伏组件项目",
            "高端纺织项目",
            "锂电池项目",
            "数字经济总部项目",
            "工业母机项目",
        ],
    }
}

// ---------------------------------------------------------------------------------------------
// The scenario being generated
// ---------------------------------------------------------------------------------------------

struct County {
    id: String,
    /// Name without its suffix (区/县/市), for project names.
    short: String,
    name: String,
    city: String,
    /// 0 small, 1 medium, 2 large.
    class: usize,
    weight: f64,
    terrain: Terrain,
    towns: Vec<Town>,
    unsupplied: i64,
    idle: i64,
    farmland_held: i64,
    forest_held: i64,
    floor: Option<i64>,
    cap: Option<i64>,
    frozen: bool,
}

struct Town {
    id: String,
    name: String,
    consolidated: bool,
}

struct Project {
    id: String,
    name: String,
    county: usize,
    town: Option<usize>,
    cat: usize,
    tier: Tier,
    /// Position in LISTED (listed projects), for ids.
    spec: usize,
    need: i64,
    farmland: i64,
    forest: i64,
    outside: bool,
    min_share: Option<f64>,
}

struct Gen {
    opts: GenOptions,
    rng: Rng,
    cities: usize,
    counties: Vec<County>,
    projects: Vec<Project>,
    capacity: [i64; 8],
    farmland_shared: i64,
    forest_shared: i64,
    listed: usize,
}

fn round_to(x: f64, step: i64) -> i64 {
    ((x / step as f64).round() as i64) * step
}

fn floor_to(x: f64, step: i64) -> i64 {
    ((x / step as f64).floor() as i64) * step
}

/// `n` items of `cands`, spread evenly over the list (deterministic, no draws).
fn spread(cands: &[usize], n: usize) -> Vec<usize> {
    let n = n.min(cands.len());
    (0..n)
        .map(|k| cands[((2 * k + 1) * cands.len()) / (2 * n)])
        .collect()
}

impl Gen {
    fn new(opts: &GenOptions) -> Self {
        Gen {
            opts: *opts,
            // Mixed so that neighbouring seeds do not start from neighbouring states.
            rng: Rng(opts.seed ^ 0x6C61_6E64_7175_6F74), // "landquot"
            cities: 0,
            counties: Vec::new(),
            projects: Vec::new(),
            capacity: [0; 8],
            farmland_shared: 0,
            forest_shared: 0,
            listed: 0,
        }
    }

    fn blocked(&self, p: &Project) -> bool {
        let c = &self.counties[p.county];
        if c.frozen && p.cat != FH {
            return true;
        }
        if let Some(t) = p.town
            && CATEGORIES[p.cat].2
            && p.cat != FH
            && !c.towns[t].consolidated
        {
            return true;
        }
        false
    }

    fn ceiling(&self, c: &County) -> f64 {
        ALPHA * c.unsupplied as f64 + BETA * c.idle as f64 + BASE_MU as f64
    }

    fn build(&mut self) -> Result<(), GenerateError> {
        self.geography();
        self.demand();
        self.min_shares();
        self.outside_flags();
        self.pools();
        self.stock();
        self.held();
        self.caps();
        self.floors()?;
        if self.opts.divisible_only {
            for p in &mut self.projects {
                p.min_share = None;
            }
        }
        Ok(())
    }

    /// Cities, counties, townships, and which counties are frozen.
    fn geography(&mut self) {
        let n = self.opts.counties;
        let width = n.to_string().len().max(4);
        let mut used_names: Vec<String> = Vec::new();
        let mut used_cities: Vec<String> = Vec::new();
        while self.counties.len() < n {
            let size = (5 + self.rng.below(9)).min(n - self.counties.len());
            let city = unique_name(&mut self.rng, &mut used_cities, "市");
            self.cities += 1;
            let districts = 1 + self.rng.below(3);
            for i in 0..size {
                let class = self.rng.weighted(&[0.35, 0.45, 0.20]);
                let weight = [1.0, 2.0, 3.2][class] * self.rng.uniform(0.8, 1.25);
                let terrain = [
                    Terrain::Plain,
                    Terrain::Hill,
                    Terrain::Mountain,
                    Terrain::Island,
                ][self.rng.weighted(&[0.35, 0.35, 0.25, 0.05])];
                let suffix = if i < districts {
                    "区"
                } else if self.rng.chance(0.25) {
                    "市"
                } else {
                    "县"
                };
                let name = unique_name(&mut self.rng, &mut used_names, suffix);
                let short = name.trim_end_matches(suffix).to_string();
                let idx = self.counties.len() + 1;
                self.counties.push(County {
                    id: format!("c{idx:0width$}"),
                    short,
                    name,
                    city: city.clone(),
                    class,
                    weight,
                    terrain,
                    towns: Vec::new(),
                    unsupplied: 0,
                    idle: 0,
                    farmland_held: 0,
                    forest_held: 0,
                    floor: None,
                    cap: None,
                    frozen: false,
                });
            }
        }
        for c in &mut self.counties {
            let want = 3 + c.class;
            let mut ids: Vec<String> = Vec::new();
            while c.towns.len() < want {
                let a = *self.rng.pick(&TOWN_FIRST);
                let b = *self.rng.pick(&TOWN_SECOND);
                let id = format!("{}{}", a.1, b.1);
                if ids.contains(&id) {
                    continue;
                }
                let xiang = c.terrain == Terrain::Mountain && self.rng.chance(0.4);
                let name = format!("{}{}{}", a.0, b.0, if xiang { "乡" } else { "镇" });
                let consolidated = !self.rng.chance(0.15);
                ids.push(id.clone());
                c.towns.push(Town {
                    id,
                    name,
                    consolidated,
                });
            }
        }
        let nf = (n + 50) / 100;
        let all: Vec<usize> = (0..n).collect();
        for i in spread(&all, nf) {
            self.counties[i].frozen = true;
        }
    }

    /// Listed projects and block lines, with needs and farmland/forest occupied.
    fn demand(&mut self) {
        let mut listed = Vec::new();
        let spec_w: Vec<f64> = LISTED.iter().map(|s| s.weight).collect();
        for ci in 0..self.counties.len() {
            let count = ((24.0 * self.counties[ci].weight / 1.89).round() as usize).max(4);
            for _ in 0..count {
                let si = self.rng.weighted(&spec_w);
                let s = &LISTED[si];
                let tw: Vec<f64> = s.tiers.iter().map(|t| t.1).collect();
                let tier = s.tiers[self.rng.weighted(&tw)].0;
                let raw = self.rng.lognormal(s.median, s.sigma) * size_factor(tier);
                let need = raw.clamp(5.0, 12.0 * s.median).round() as i64;
                let (farmland, forest) = self.occupancy(ci, s.cat, need);
                let c = &self.counties[ci];
                let name = if tier == Tier::National {
                    format!("{}{}", c.short, self.rng.pick(&NATIONAL_NAMES))
                } else {
                    let stem = *self.rng.pick(&PLACE_STEMS);
                    format!("{}{}{}", c.short, stem, self.rng.pick(name_types(s.cat)))
                };
                listed.push(Project {
                    id: String::new(),
                    name,
                    county: ci,
                    town: None,
                    cat: s.cat,
                    tier,
                    spec: si,
                    need,
                    farmland,
                    forest,
                    outside: false,
                    min_share: None,
                });
            }
        }
        // As in the shipped scenarios: by tier, then county, then category; ids per county and
        // category in that order.
        listed.sort_by_key(|p| (p.tier, p.county, p.spec));
        let mut seq = vec![[0usize; 5]; self.counties.len()];
        for p in &mut listed {
            let k = &mut seq[p.county][p.spec];
            *k += 1;
            p.id = format!(
                "{}-{}{:02}",
                self.counties[p.county].id, LISTED[p.spec].abbrev, k
            );
        }
        self.listed = listed.len();
        let mut blocks = Vec::new();
        for ci in 0..self.counties.len() {
            let w = self.counties[ci].weight;
            let need = self.rng.lognormal(250.0 * w, 0.3).round().max(20.0) as i64;
            blocks.push(self.block(ci, URBAN, None, need));
            for t in 0..self.counties[ci].towns.len() {
                let need = self.rng.lognormal(70.0 * w.sqrt(), 0.35).round().max(5.0) as i64;
                blocks.push(self.block(ci, FH, Some(t), need));
                if t < 2 {
                    let need = self.rng.lognormal(50.0 * w.sqrt(), 0.4).round().max(5.0) as i64;
                    blocks.push(self.block(ci, RI, Some(t), need));
                }
            }
        }
        listed.extend(blocks);
        self.projects = listed;
    }

    fn block(&mut self, ci: usize, cat: usize, town: Option<usize>, need: i64) -> Project {
        let (farmland, forest) = self.occupancy(ci, cat, need);
        let c = &self.counties[ci];
        let (id, name) = match (cat, town) {
            (URBAN, _) => (format!("{}-urban", c.id), format!("{}城市分批次", c.name)),
            (FH, Some(t)) => (
                format!("{}-fh-{}", c.id, c.towns[t].id),
                format!("{}{}农民建房", c.short, c.towns[t].name),
            ),
            (_, Some(t)) => (
                format!("{}-ri-{}", c.id, c.towns[t].id),
                format!("{}{}农村产业", c.short, c.towns[t].name),
            ),
            _ => unreachable!("block lines are urban, farmer housing or rural industry"),
        };
        Project {
            id,
            name,
            county: ci,
            town,
            cat,
            tier: Tier::Block,
            spec: 0,
            need,
            farmland,
            forest,
            outside: false,
            min_share: None,
        }
    }

    fn occupancy(&mut self, ci: usize, cat: usize, need: i64) -> (i64, i64) {
        let ((flo, fhi), (wlo, whi)) = self.counties[ci].terrain.shares();
        let fshare = self.rng.uniform(flo, fhi) * CATEGORIES[cat].4;
        let mut wshare = self.rng.uniform(wlo, whi);
        if cat == FH {
            wshare *= 0.3;
        }
        let farmland = (need as f64 * fshare).round() as i64;
        let mut forest = (need as f64 * wshare).round() as i64;
        if farmland + forest > need {
            forest = (need - farmland).max(0);
        }
        (farmland, forest)
    }

    /// 3% all-or-nothing, 2% "nothing or at least 30-60%".
    fn min_shares(&mut self) {
        let total = self.projects.len() as f64;
        let whole: Vec<usize> = (0..self.projects.len())
            .filter(|&i| {
                let p = &self.projects[i];
                matches!(p.tier, Tier::National | Tier::Provincial) && p.need <= 600
            })
            .collect();
        for i in spread(&whole, (SHARE_WHOLE * total).round() as usize) {
            self.projects[i].min_share = Some(1.0);
        }
        let partial: Vec<usize> = (0..self.projects.len())
            .filter(|&i| {
                let p = &self.projects[i];
                p.min_share.is_none()
                    && matches!(p.tier, Tier::Provincial | Tier::City)
                    && matches!(p.cat, IND | SME | PUBLIC)
            })
            .collect();
        for i in spread(&partial, (SHARE_PARTIAL * total).round() as usize) {
            self.projects[i].min_share = Some(*self.rng.pick(&[0.3, 0.4, 0.5, 0.6]));
        }
    }

    /// Flags lines outside the urban development boundary, at random with preferences, so
    /// that their need is about OUTSIDE_FLAGGED (25%) of the plan.
    fn outside_flags(&mut self) {
        let pref = |p: &Project| -> f64 {
            if p.min_share == Some(1.0) {
                0.0
            } else if p.cat == RI {
                0.7
            } else if p.cat == INFRA && p.tier == Tier::City {
                0.35
            } else if p.cat == INFRA && p.tier == Tier::Provincial {
                0.15
            } else if p.tier == Tier::County && matches!(p.cat, INFRA | PUBLIC) {
                0.2
            } else if p.cat == SME {
                0.15
            } else {
                0.0
            }
        };
        let demand: f64 = self.projects.iter().map(|p| p.need as f64).sum();
        let target = OUTSIDE_FLAGGED * PLAN_SHARE * demand;
        let expected: f64 = self.projects.iter().map(|p| pref(p) * p.need as f64).sum();
        let f = if expected > 0.0 {
            target / expected
        } else {
            0.0
        };
        for i in 0..self.projects.len() {
            let p = (pref(&self.projects[i]) * f).min(1.0);
            if p > 0.0 && self.rng.chance(p) {
                self.projects[i].outside = true;
            }
        }
    }

    fn unblocked_demand_by_category(&self) -> [f64; 8] {
        let mut d = [0.0; 8];
        for p in &self.projects {
            if !self.blocked(p) {
                d[p.cat] += p.need as f64;
            }
        }
        d
    }

    /// Pool capacities: proportional to the demand assigned to each pool, scaled so that the
    /// plan is PLAN_SHARE of the unblocked demand.
    fn pools(&mut self) {
        let d = self.unblocked_demand_by_category();
        let assigned: Vec<f64> = POOLS
            .iter()
            .map(|k| k.shares.iter().map(|&(c, s)| s * d[c]).sum())
            .collect();
        let total: f64 = assigned.iter().sum();
        let scale = PLAN_SHARE * d.iter().sum::<f64>() / total.max(1.0);
        for (k, a) in assigned.iter().enumerate() {
            self.capacity[k] = round_to(scale * a, 10).max(10);
        }
        let plan: i64 = self.capacity.iter().sum();
        self.farmland_shared = round_to(FARMLAND_SHARED * plan as f64, 10);
        self.forest_shared = round_to(FOREST_SHARED * plan as f64, 10);
    }

    /// Disposed stock (unsupplied and idle land) so that the stock-linkage ceilings total 1.3×
    /// the linked pools, tight for every fourth county.
    fn stock(&mut self) {
        let linked_cats: Vec<usize> = (0..8)
            .filter(|&c| {
                POOLS
                    .iter()
                    .any(|k| k.linked && k.shares.iter().any(|s| s.0 == c))
            })
            .collect();
        let mut dem = vec![0.0; self.counties.len()];
        for p in &self.projects {
            if linked_cats.contains(&p.cat) && !self.blocked(p) {
                dem[p.county] += p.need as f64;
            }
        }
        let linked_cap: i64 = POOLS
            .iter()
            .zip(self.capacity)
            .filter(|(k, _)| k.linked)
            .map(|(_, c)| c)
            .sum();
        let mut want: Vec<f64> = Vec::with_capacity(dem.len());
        for (i, d) in dem.iter().enumerate() {
            let f = if i % 4 == 1 {
                self.rng.uniform(0.40, 0.55)
            } else {
                self.rng.uniform(0.85, 1.25)
            };
            want.push(d * f);
        }
        let s: f64 = want.iter().sum();
        let scale = if s > 0.0 {
            1.3 * linked_cap as f64 / s
        } else {
            1.0
        };
        for (c, w) in self.counties.iter_mut().zip(want) {
            let w = w * scale;
            c.idle = round_to(w * self.rng.uniform(0.04, 0.12), 10);
            let rest = (w - BASE_MU as f64 - BETA * c.idle as f64).max(10.0);
            c.unsupplied = round_to(rest / ALPHA, 10);
        }
    }

    /// Held farmland and forest indicators.
    fn held(&mut self) {
        let n = self.counties.len();
        let mut farm = vec![0.0; n];
        let mut forest = vec![0.0; n];
        for p in &self.projects {
            if !self.blocked(p) {
                farm[p.county] += p.farmland as f64;
                forest[p.county] += p.forest as f64;
            }
        }
        let mut mountain = 0;
        for (i, c) in self.counties.iter_mut().enumerate() {
            let (lo, hi) = if i % 9 == 4 { (0.2, 0.3) } else { (0.75, 1.0) };
            c.farmland_held = round_to(farm[i] * self.rng.uniform(lo, hi) + 5.0, 10);
            let tight = c.terrain == Terrain::Mountain && {
                mountain += 1;
                mountain % 4 == 1
            };
            let (lo, hi) = if tight { (0.2, 0.3) } else { (0.75, 1.0) };
            c.forest_held = round_to(forest[i] * self.rng.uniform(lo, hi) + 5.0, 10);
        }
    }

    fn county_demand(&self) -> Vec<f64> {
        let mut d = vec![0.0; self.counties.len()];
        for p in &self.projects {
            if !self.blocked(p) {
                d[p.county] += p.need as f64;
            }
        }
        d
    }

    /// Caps at 60% of their demand on 3% of the counties, large ones.
    fn caps(&mut self) {
        let dem = self.county_demand();
        let cands: Vec<usize> = (0..self.counties.len())
            .filter(|&i| self.counties[i].class == 2 && !self.counties[i].frozen)
            .collect();
        let n = (0.03 * self.counties.len() as f64).round() as usize;
        for i in spread(&cands, n) {
            self.counties[i].cap = Some(round_to(0.5 * dem[i], 100).max(100));
        }
    }

    /// Earmark then floors, on a greedy allocation that respects every rule.
    fn floors(&mut self) -> Result<(), GenerateError> {
        let mut w = Witness::new(self);
        let plan: i64 = self.capacity.iter().sum();
        let target = EARMARK_FH * plan as f64;
        let fh: Vec<usize> = (0..self.projects.len())
            .filter(|&i| self.projects[i].cat == FH && !self.blocked(&self.projects[i]))
            .collect();
        let fh_demand: f64 = fh.iter().map(|&i| self.projects[i].need as f64).sum();
        // First spread over every line in proportion, then fill greedily in list order.
        let r = target / fh_demand;
        for &i in &fh {
            w.give(self, i, r * self.projects[i].need as f64);
        }
        for &i in &fh {
            if w.fh >= target - 1e-6 {
                break;
            }
            w.give(self, i, target - w.fh);
        }
        if w.fh < target - 1e-6 {
            return Err(GenerateError::EarmarkOutOfReach {
                target_mu: target,
                greedy_mu: w.fh,
            });
        }
        let mut by_county: Vec<Vec<usize>> = vec![Vec::new(); self.counties.len()];
        for (i, p) in self.projects.iter().enumerate() {
            by_county[p.county].push(i);
        }
        let dem = self.county_demand();
        let cands: Vec<usize> = (0..self.counties.len())
            .filter(|&i| {
                let c = &self.counties[i];
                (c.terrain == Terrain::Mountain || c.class == 0) && !c.frozen && c.cap.is_none()
            })
            .collect();
        let n = (0.06 * self.counties.len() as f64).round() as usize;
        for ci in spread(&cands, n) {
            let want = round_to(0.35 * dem[ci], 50);
            let mut probe = w.clone();
            for &p in &by_county[ci] {
                probe.give(self, p, self.projects[p].need as f64);
            }
            let reach = probe.county[ci];
            let floor = want.min(floor_to(0.5 * reach, 50));
            if floor < 50 {
                continue;
            }
            for &p in &by_county[ci] {
                if w.county[ci] >= floor as f64 - 1e-6 {
                    break;
                }
                w.give(self, p, floor as f64 - w.county[ci]);
            }
            if w.county[ci] < floor as f64 - 1e-6 {
                return Err(GenerateError::FloorOutOfReach {
                    county: self.counties[ci].id.clone(),
                });
            }
            self.counties[ci].floor = Some(floor);
        }
        Ok(())
    }

    fn render(&self) -> Generated {
        let plan: i64 = self.capacity.iter().sum();
        let demand: i64 = self.projects.iter().map(|p| p.need).sum();
        let outside: i64 = self
            .projects
            .iter()
            .filter(|p| p.outside)
            .map(|p| p.need)
            .sum();
        let name = default_name(&self.opts);
        let summary = GenSummary {
            name: name.clone(),
            counties: self.counties.len(),
            cities: self.cities,
            townships: self.counties.iter().map(|c| c.towns.len()).sum(),
            projects: self.projects.len(),
            listed: self.listed,
            all_or_nothing: self
                .projects
                .iter()
                .filter(|p| p.min_share == Some(1.0))
                .count(),
            min_share_partial: self
                .projects
                .iter()
                .filter(|p| matches!(p.min_share, Some(s) if s < 1.0))
                .count(),
            pools: POOLS.len(),
            plan_mu: plan,
            demand_mu: demand,
            outside_mu: outside,
            frozen: self.counties.iter().filter(|c| c.frozen).count(),
            floors: self.counties.iter().filter(|c| c.floor.is_some()).count(),
            caps: self.counties.iter().filter(|c| c.cap.is_some()).count(),
            files: vec![
                "scenario.toml".into(),
                "counties.csv".into(),
                "townships.csv".into(),
                "projects.csv".into(),
            ],
        };
        let files = vec![
            ("scenario.toml", self.toml(&summary)),
            ("counties.csv", self.counties_csv()),
            ("townships.csv", self.townships_csv()),
            ("projects.csv", self.projects_csv()),
        ];
        Generated { files, summary }
    }

    fn toml(&self, s: &GenSummary) -> String {
        let o = &self.opts;
        let mut t = String::new();
        let _ = writeln!(
            t,
            "# Synthetic scenario: `landquota generate --counties {} --seed {}{}` (src/generate.rs).",
            o.counties,
            o.seed,
            if o.divisible_only {
                " --divisible-only"
            } else {
                ""
            }
        );
        t.push_str(
            "#\n\
             # EVERYTHING HERE IS SYNTHETIC: county, city and township names are made up from common\n\
             # place-name characters (any match with a real place is a coincidence), and every figure is\n\
             # drawn at random (SplitMix64; byte-identical for the same arguments). The distributions\n\
             # (~30 demand lines per county, lognormal needs around 150 mu, the plan 70% of the demand,\n\
             # pools, rules) are described in src/generate.rs and BENCHMARKS.md. Do not edit by hand:\n\
             # regenerate.\n",
        );
        let _ = writeln!(t, "#\n# {s}\n");
        t.push_str(
            "counties = \"counties.csv\"\ntownships = \"townships.csv\"\nprojects = \"projects.csv\"\n\n",
        );
        let _ = writeln!(
            t,
            "[scenario]\nname = \"{}\"\nyear = 2025\nnotes = \"Synthetic, {} counties, seed {}: generated for benchmarks and tests; no real place or project.\"\n",
            s.name, o.counties, o.seed
        );
        t.push_str(
            "[objective]\nmode = \"weighted\"\nconsolidated_bonus = 0.1\n\n\
             [objective.tier_weights]\nnational = 5.0\nprovincial = 4.0\ncity = 3.0\ncounty = 2.0\nblock = 1.0\n\n",
        );
        for (id, name, rural, comment, _) in CATEGORIES {
            let _ = writeln!(t, "[[categories]]\nid = \"{id}\"");
            if comment.is_empty() {
                let _ = writeln!(t, "name = \"{name}\"");
            } else {
                let _ = writeln!(t, "name = \"{name}\"  # {comment}");
            }
            if rural {
                t.push_str("rural = true\n");
            }
        }
        t.push('\n');
        t.push_str(
            "# Capacities proportional to the demand assigned to each pool (shares of each category's\n\
             # unblocked demand, below), scaled so that the plan is 70% of the unblocked demand.\n",
        );
        for (k, spec) in POOLS.iter().enumerate() {
            let shares: Vec<String> = spec
                .shares
                .iter()
                .map(|&(c, sh)| format!("{} {:.0}%", CATEGORIES[c].0, 100.0 * sh))
                .collect();
            let _ = writeln!(t, "# {}", shares.join(", "));
            let cats: Vec<String> = spec
                .shares
                .iter()
                .map(|&(c, _)| format!("\"{}\"", CATEGORIES[c].0))
                .collect();
            let _ = writeln!(
                t,
                "[[pools]]\nid = \"{}\"\nname = \"{}\"\ncapacity_mu = {}\ncategories = [{}]",
                spec.id,
                spec.name,
                self.capacity[k],
                cats.join(", ")
            );
        }
        let linked: Vec<String> = POOLS
            .iter()
            .filter(|k| k.linked)
            .map(|k| format!("\"{}\"", k.id))
            .collect();
        let _ = write!(
            t,
            "\n[rules.stock_linkage]             # ceilings total ~1.3x the linked pools; tight for every 4th county\n\
             alpha = {ALPHA}\nbeta = {BETA}\nbase_mu = {BASE_MU}\npools = [{}]\n\n\
             [rules.farmland]                  # 2% of the plan\nshared_pool_mu = {}\n\
             [rules.forest]                    # 1.5% of the plan\nshared_pool_mu = {}\n\n\
             [rules.outside_boundary]\nmax_share_total = {OUTSIDE_TOTAL}\nmax_share_county = {OUTSIDE_COUNTY}\n\n\
             [[rules.earmarks]]                # farmer housing >= 5% of the annual plan\n\
             category = \"farmer_housing\"\nmin_share = {EARMARK_FH}\nbasis = \"plan\"\n\n\
             [rules.freeze]\nexempt_categories = [\"farmer_housing\"]\n\n\
             [rules.consolidation]             # 无整治不用地; farmer housing exempt\n\
             exempt_categories = [\"farmer_housing\"]\n",
            linked.join(", "),
            self.farmland_shared,
            self.forest_shared
        );
        t
    }

    fn counties_csv(&self) -> String {
        let mut t = String::from(
            "id,name,city,disposed_unsupplied_mu,disposed_idle_mu,farmland_held_mu,forest_held_mu,floor_mu,cap_mu,frozen\n",
        );
        let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        for c in &self.counties {
            let _ = writeln!(
                t,
                "{},{},{},{},{},{},{},{},{},{}",
                c.id,
                c.name,
                c.city,
                c.unsupplied,
                c.idle,
                c.farmland_held,
                c.forest_held,
                opt(c.floor),
                opt(c.cap),
                if c.frozen { "true" } else { "" }
            );
        }
        t
    }

    fn townships_csv(&self) -> String {
        let mut t = String::from("id,county,name,consolidated\n");
        for c in &self.counties {
            for tw in &c.towns {
                let _ = writeln!(t, "{},{},{},{}", tw.id, c.id, tw.name, tw.consolidated);
            }
        }
        t
    }

    fn projects_csv(&self) -> String {
        let mut t = String::from(
            "id,name,county,township,category,tier,need_mu,farmland_mu,forest_mu,outside_boundary,min_share\n",
        );
        for p in &self.projects {
            let c = &self.counties[p.county];
            let _ = writeln!(
                t,
                "{},{},{},{},{},{},{},{},{},{},{}",
                p.id,
                p.name,
                c.id,
                p.town.map(|i| c.towns[i].id.as_str()).unwrap_or(""),
                CATEGORIES[p.cat].0,
                p.tier.as_str(),
                p.need,
                p.farmland,
                p.forest,
                p.outside,
                p.min_share.map(|s| s.to_string()).unwrap_or_default()
            );
        }
        t
    }
}

/// A two-character name with `suffix`, not in `used` (three characters once two are scarce).
fn unique_name(rng: &mut Rng, used: &mut Vec<String>, suffix: &str) -> String {
    // `used` is kept sorted: binary search.
    let mut tries = 0;
    loop {
        let a = *rng.pick(&NAME_FIRST);
        let b = *rng.pick(&NAME_SECOND);
        if a == b {
            continue;
        }
        let name = if tries < 20 {
            format!("{a}{b}{suffix}")
        } else {
            format!("{a}{b}{}{suffix}", rng.pick(&NAME_SECOND))
        };
        tries += 1;
        if let Err(pos) = used.binary_search(&name) {
            used.insert(pos, name.clone());
            return name;
        }
    }
}

/// A greedy allocation using only divisible, inside-boundary, unblocked lines, respecting
/// pools, stock linkage, farmland and forest balances and caps: a witness that the earmark and
/// the floors can be met together with every other rule.
#[derive(Clone)]
struct Witness {
    pool: [f64; 8],
    stock: Vec<f64>,
    farm: Vec<f64>,
    forest: Vec<f64>,
    farm_shared: f64,
    forest_shared: f64,
    cap: Vec<f64>,
    granted: Vec<f64>,
    county: Vec<f64>,
    /// Farmer housing granted.
    fh: f64,
}

impl Witness {
    fn new(g: &Gen) -> Self {
        Witness {
            pool: g.capacity.map(|c| c as f64),
            stock: g.counties.iter().map(|c| g.ceiling(c)).collect(),
            farm: g.counties.iter().map(|c| c.farmland_held as f64).collect(),
            forest: g.counties.iter().map(|c| c.forest_held as f64).collect(),
            farm_shared: g.farmland_shared as f64,
            forest_shared: g.forest_shared as f64,
            cap: g
                .counties
                .iter()
                .map(|c| c.cap.map(|x| x as f64).unwrap_or(f64::INFINITY))
                .collect(),
            granted: vec![0.0; g.projects.len()],
            county: vec![0.0; g.counties.len()],
            fh: 0.0,
        }
    }

    /// Grants up to `want` mu to line `i`; returns what was granted.
    fn give(&mut self, g: &Gen, i: usize, want: f64) -> f64 {
        let p = &g.projects[i];
        if g.blocked(p) || p.outside || p.min_share.is_some() {
            return 0.0;
        }
        let c = p.county;
        let need = p.need as f64;
        let fr = p.farmland as f64 / need;
        let wr = p.forest as f64 / need;
        let mut want = want.min(need - self.granted[i]).min(self.cap[c]);
        if fr > 0.0 {
            want = want.min((self.farm[c] + self.farm_shared) / fr);
        }
        if wr > 0.0 {
            want = want.min((self.forest[c] + self.forest_shared) / wr);
        }
        let mut got = 0.0;
        for (k, spec) in POOLS.iter().enumerate() {
            if want - got <= 1e-9 {
                break;
            }
            if !spec.shares.iter().any(|s| s.0 == p.cat) {
                continue;
            }
            let mut x = (want - got).min(self.pool[k]);
            if spec.linked {
                x = x.min(self.stock[c]);
            }
            if x <= 1e-9 {
                continue;
            }
            self.pool[k] -= x;
            if spec.linked {
                self.stock[c] -= x;
            }
            got += x;
        }
        if got <= 0.0 {
            return 0.0;
        }
        let use_f = got * fr;
        let own = use_f.min(self.farm[c]);
        self.farm[c] -= own;
        self.farm_shared -= use_f - own;
        let use_w = got * wr;
        let own = use_w.min(self.forest[c]);
        self.forest[c] -= own;
        self.forest_shared -= use_w - own;
        debug_assert!(self.farm_shared >= -1e-6 && self.forest_shared >= -1e-6);
        self.granted[i] += got;
        self.county[c] += got;
        self.cap[c] -= got;
        if p.cat == FH {
            self.fh += got;
        }
        got
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_is_even() {
        let v: Vec<usize> = (0..10).collect();
        assert_eq!(spread(&v, 2), vec![2, 7]);
        assert_eq!(spread(&v, 0), Vec::<usize>::new());
        assert_eq!(spread(&v, 20).len(), 10);
    }

    #[test]
    fn each_category_draws_on_two_or_three_pools() {
        for (c, category) in CATEGORIES.iter().enumerate() {
            let pools: Vec<f64> = POOLS
                .iter()
                .filter_map(|k| k.shares.iter().find(|s| s.0 == c).map(|s| s.1))
                .collect();
            assert!((2..=3).contains(&pools.len()), "{}", category.0);
            let sum: f64 = pools.iter().sum();
            if [URBAN, FH, RI].contains(&c) {
                assert!(sum > 0.0 && sum < 1.0);
            } else {
                assert!((sum - 1.0).abs() < 1e-12, "{}", CATEGORIES[c].0);
            }
        }
    }
}
