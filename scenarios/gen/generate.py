#!/usr/bin/env python3
"""Generates the shipped landquota scenarios: jinhua-2025, jiaxing-2019, zhejiang-2024.

    python3 scenarios/gen/generate.py            # writes scenarios/<name>/ beside this folder
    python3 scenarios/gen/generate.py --out DIR  # writes DIR/<name>/ instead

Standard library only. Every random draw comes from a fixed-seed SplitMix64 generator defined
below (not `random`, whose algorithms may change between Python versions), numbers are rounded to
whole mu before they are written, and nothing iterates over a set or hash order: the output is
byte-identical on every run.

Which totals are real (quoted from the seed documents in shared/seeds/) and which are synthetic is
stated in each scenario.toml header and in scenarios/README.md. In short: pool totals and stock
disposal totals come from the seeds; county names are real; project lists, needs, tiers,
farmland/forest figures, held indicators, per-county stock figures, floors, caps, freezes and
consolidation status are synthetic.

Before writing, each scenario is checked for a feasible allocation built greedily (earmarks and
county floors are the only rules that force anything above zero), so a shipped scenario is never
infeasible by construction.
"""

import csv
import io
import math
import os
import sys

MASK = (1 << 64) - 1


class Rng:
    """SplitMix64: tiny, portable, and fixed forever (unlike `random`'s internals); the same
    generator as the Rust workspace's one, crates/splitmix."""

    def __init__(self, seed):
        self.state = seed & MASK

    def _next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def random(self):
        return (self._next() >> 11) * (1.0 / (1 << 53))

    def uniform(self, a, b):
        return a + (b - a) * self.random()

    def randint(self, a, b):
        return a + self._next() % (b - a + 1)

    def choice(self, seq):
        return seq[self.randint(0, len(seq) - 1)]

    def chance(self, p):
        return self.random() < p

    def normal(self):
        u1 = 1.0 - self.random()
        u2 = self.random()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def lognormal(self, median, sigma):
        return median * math.exp(sigma * self.normal())

    def weighted(self, items, weights):
        total = sum(weights)
        r = self.random() * total
        for item, w in zip(items, weights):
            r -= w
            if r < 0:
                return item
        return items[-1]


# ---------------------------------------------------------------------------------------------
# Real geography: Zhejiang's 11 cities and 90 county-level units (2024 boundaries).
# size: 1 small, 2 medium, 3 large (drives synthetic demand); terrain drives the synthetic share
# of farmland / forest a project occupies.
# ---------------------------------------------------------------------------------------------

CITIES = [
    ("杭州市", [
        ("shangcheng", "上城区", 2, "plain"), ("gongshu", "拱墅区", 2, "plain"),
        ("xihu", "西湖区", 2, "hill"), ("binjiang", "滨江区", 2, "plain"),
        ("xiaoshan", "萧山区", 3, "plain"), ("yuhang", "余杭区", 3, "plain"),
        ("linping", "临平区", 2, "plain"), ("qiantang", "钱塘区", 3, "plain"),
        ("fuyang", "富阳区", 2, "hill"), ("linan", "临安区", 2, "mountain"),
        ("tonglu", "桐庐县", 1, "mountain"), ("chunan", "淳安县", 1, "mountain"),
        ("jiande", "建德市", 1, "mountain"),
    ]),
    ("宁波市", [
        ("haishu", "海曙区", 2, "plain"), ("jiangbei", "江北区", 2, "plain"),
        ("beilun", "北仑区", 3, "plain"), ("zhenhai", "镇海区", 2, "plain"),
        ("yinzhou", "鄞州区", 3, "plain"), ("fenghua", "奉化区", 2, "hill"),
        ("yuyao", "余姚市", 3, "plain"), ("cixi", "慈溪市", 3, "plain"),
        ("xiangshan", "象山县", 2, "hill"), ("ninghai", "宁海县", 2, "hill"),
    ]),
    ("温州市", [
        ("lucheng", "鹿城区", 2, "plain"), ("longwan", "龙湾区", 2, "plain"),
        ("ouhai", "瓯海区", 2, "hill"), ("dongtou", "洞头区", 1, "island"),
        ("ruian", "瑞安市", 3, "plain"), ("yueqing", "乐清市", 3, "plain"),
        ("longgang", "龙港市", 2, "plain"), ("yongjia", "永嘉县", 2, "mountain"),
        ("pingyang", "平阳县", 2, "hill"), ("cangnan", "苍南县", 2, "hill"),
        ("wencheng", "文成县", 1, "mountain"), ("taishun", "泰顺县", 1, "mountain"),
    ]),
    ("嘉兴市", [
        ("nanhu", "南湖区", 2, "plain"), ("xiuzhou", "秀洲区", 2, "plain"),
        ("jiashan", "嘉善县", 2, "plain"), ("haiyan", "海盐县", 2, "plain"),
        ("haining", "海宁市", 3, "plain"), ("pinghu", "平湖市", 2, "plain"),
        ("tongxiang", "桐乡市", 3, "plain"),
    ]),
    ("湖州市", [
        ("wuxing", "吴兴区", 2, "plain"), ("nanxun", "南浔区", 2, "plain"),
        ("deqing", "德清县", 2, "hill"), ("changxing", "长兴县", 3, "hill"),
        ("anji", "安吉县", 2, "mountain"),
    ]),
    ("绍兴市", [
        ("yuecheng", "越城区", 2, "plain"), ("keqiao", "柯桥区", 3, "plain"),
        ("shangyu", "上虞区", 3, "plain"), ("zhuji", "诸暨市", 3, "hill"),
        ("shengzhou", "嵊州市", 2, "hill"), ("xinchang", "新昌县", 1, "mountain"),
    ]),
    ("金华市", [
        ("wucheng", "婺城区", 2, "hill"), ("jindong", "金东区", 2, "plain"),
        ("lanxi", "兰溪市", 2, "hill"), ("dongyang", "东阳市", 2, "hill"),
        ("yiwu", "义乌市", 3, "plain"), ("yongkang", "永康市", 2, "hill"),
        ("pujiang", "浦江县", 1, "hill"), ("wuyi", "武义县", 1, "mountain"),
        ("panan", "磐安县", 1, "mountain"),
    ]),
    ("衢州市", [
        ("kecheng", "柯城区", 1, "hill"), ("qujiang", "衢江区", 2, "hill"),
        ("jiangshan", "江山市", 2, "mountain"), ("changshan", "常山县", 1, "mountain"),
        ("kaihua", "开化县", 1, "mountain"), ("longyou", "龙游县", 2, "hill"),
    ]),
    ("舟山市", [
        ("dinghai", "定海区", 2, "island"), ("putuo", "普陀区", 1, "island"),
        ("daishan", "岱山县", 1, "island"), ("shengsi", "嵊泗县", 1, "island"),
    ]),
    ("台州市", [
        ("jiaojiang", "椒江区", 2, "plain"), ("huangyan", "黄岩区", 2, "hill"),
        ("luqiao", "路桥区", 2, "plain"), ("linhai", "临海市", 3, "hill"),
        ("wenling", "温岭市", 3, "plain"), ("yuhuan", "玉环市", 2, "island"),
        ("sanmen", "三门县", 1, "hill"), ("tiantai", "天台县", 1, "mountain"),
        ("xianju", "仙居县", 1, "mountain"),
    ]),
    ("丽水市", [
        ("liandu", "莲都区", 2, "mountain"), ("longquan", "龙泉市", 1, "mountain"),
        ("qingtian", "青田县", 1, "mountain"), ("jinyun", "缙云县", 1, "mountain"),
        ("suichang", "遂昌县", 1, "mountain"), ("songyang", "松阳县", 1, "mountain"),
        ("yunhe", "云和县", 1, "mountain"), ("qingyuan", "庆元县", 1, "mountain"),
        ("jingning", "景宁畲族自治县", 1, "mountain"),
    ]),
]

# Zhejiang's 26 mountain-area counties (山区26县), a real provincial policy list; some get floors.
MOUNTAIN_26 = [
    "chunan", "yongjia", "pingyang", "cangnan", "wencheng", "taishun", "wuyi", "panan",
    "kecheng", "qujiang", "jiangshan", "changshan", "kaihua", "longyou", "sanmen", "tiantai",
    "xianju", "liandu", "longquan", "qingtian", "jinyun", "suichang", "songyang", "yunhe",
    "qingyuan", "jingning",
]

# Real townships (乡镇) of Jinhua's counties, four each; their consolidation status is synthetic.
JINHUA_TOWNSHIPS = {
    "wucheng": [("luodian", "罗店镇"), ("bailongqiao", "白龙桥镇"), ("tangxi", "汤溪镇"), ("langya", "琅琊镇")],
    "jindong": [("tangya", "塘雅镇"), ("xiaoshun", "孝顺镇"), ("fucun", "傅村镇"), ("caozhai", "曹宅镇")],
    "lanxi": [("youbu", "游埠镇"), ("zhuge", "诸葛镇"), ("majian", "马涧镇"), ("huangdian", "黄店镇")],
    "dongyang": [("hengdian", "横店镇"), ("weishan", "巍山镇"), ("nanma", "南马镇"), ("geshan", "歌山镇")],
    "yiwu": [("fotang", "佛堂镇"), ("chian", "赤岸镇"), ("yiting", "义亭镇"), ("shangxi", "上溪镇")],
    "yongkang": [("gushan", "古山镇"), ("fangyan", "方岩镇"), ("zhiying", "芝英镇"), ("xixi", "西溪镇")],
    "pujiang": [("huangzhai", "黄宅镇"), ("zhengzhai", "郑宅镇"), ("yantou", "岩头镇"), ("baima", "白马镇")],
    "wuyi": [("taoxi", "桃溪镇"), ("quanxi", "泉溪镇"), ("lvtan", "履坦镇"), ("wangzhai", "王宅镇")],
    "panan": [("jianshan", "尖山镇"), ("yushan", "玉山镇"), ("renchuan", "仁川镇"), ("fangqian", "方前镇")],
}

# Syllables for synthetic township names (with pinyin ids) outside Jinhua.
TOWN_FIRST = [("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei"), ("新", "xin"),
              ("上", "shang"), ("大", "da"), ("石", "shi"), ("金", "jin"), ("清", "qing"),
              ("白", "bai"), ("龙", "long"), ("凤", "feng"), ("安", "an"), ("平", "ping"),
              ("和", "he"), ("兴", "xing"), ("古", "gu"), ("双", "shuang"), ("长", "chang"),
              ("桃", "tao"), ("梅", "mei"), ("黄", "huang"), ("高", "gao")]
TOWN_SECOND = [("溪", "xi"), ("塘", "tang"), ("桥", "qiao"), ("山", "shan"), ("湖", "hu"),
               ("港", "gang"), ("坑", "keng"), ("田", "tian"), ("岭", "ling"), ("浦", "pu"),
               ("埠", "bu"), ("口", "kou"), ("岙", "ao"), ("渡", "du"), ("源", "yuan")]

PLACE_STEMS = ["城东", "城西", "城南", "城北", "江南", "江北", "东部", "西部", "南部", "北部",
               "高新区", "经开区", "新城", "滨江", "中心城区", "临港", "北站", "南站"]

NAME_TYPES = {
    "infrastructure": ["综合交通枢纽", "快速路工程", "国道改建工程", "省道提升改造工程",
                       "220千伏输变电工程", "110千伏变电站", "水库扩容工程", "防洪排涝工程",
                       "污水处理厂扩建工程", "城际铁路站场", "物流枢纽", "天然气管网工程",
                       "大道延伸段", "环线公路", "互通立交工程", "水厂及配套管网", "航道整治工程"],
    "urgent": ["人民医院迁建", "中学新建工程", "保障性住房", "应急物资储备库",
               "职业技术学校", "安置小区", "疾控中心", "文体中心", "垃圾焚烧发电项目",
               "供水保障工程"],
    "public": ["中学新建工程", "小学扩建工程", "卫生院迁建", "养老服务中心", "文化中心",
               "体育公园", "公交停保场", "幼儿园新建工程", "社区服务中心", "安置房"],
    "sme": ["小微企业园", "数字经济产业园", "智能制造小微园", "标准厂房", "科创园",
            "电商产业园", "五金产业园", "工业邻里中心"],
    "major_industry": ["新能源汽车零部件项目", "半导体材料项目", "智能装备制造基地",
                       "生物医药产业园", "新材料产业项目", "光伏组件项目", "高端纺织项目",
                       "锂电池项目", "数字经济总部项目", "工业母机项目", "航空航天配套项目"],
}
NATIONAL_NAMES = ["段国家铁路工程", "段国家高速公路改扩建", "国家物流枢纽", "段国家水网工程",
                  "段国道复线工程", "段特高压输电工程"]

TERRAIN = {
    # (farmland share lo, hi), (forest share lo, hi) of a project's area
    "plain": ((0.25, 0.60), (0.00, 0.04)),
    "hill": ((0.15, 0.40), (0.05, 0.25)),
    "mountain": ((0.05, 0.22), (0.20, 0.50)),
    "island": ((0.05, 0.20), (0.05, 0.20)),
}
CATEGORY_FARMLAND = {"urban": 0.8, "farmer_housing": 0.35, "rural_industry": 0.6,
                     "infrastructure": 1.0, "urgent": 0.8, "public": 0.8, "sme": 0.9,
                     "major_industry": 1.0, "industry": 1.0, "reward_block": 0.8}
TIER_RANK = {"national": 0, "provincial": 1, "city": 2, "county": 3, "block": 4}


def zhejiang_counties():
    out = []
    for city, rows in CITIES:
        for cid, name, size, terrain in rows:
            out.append({"id": cid, "name": name, "city": city, "size": size, "terrain": terrain})
    assert len(out) == 90, len(out)
    assert len({c["id"] for c in out}) == 90
    return out


def city_counties(city):
    return [c for c in zhejiang_counties() if c["city"] == city]


def short(name):
    """婺城区 -> 婺城, 景宁畲族自治县 -> 景宁; for project names."""
    if name.endswith("畲族自治县"):
        return name[:-5]
    return name[:-1] if len(name) > 2 else name


# ---------------------------------------------------------------------------------------------
# Small numeric helpers
# ---------------------------------------------------------------------------------------------

def largest_remainder(weights, total, minimum=0):
    """Integers proportional to weights, each >= minimum, summing exactly to total."""
    n = len(weights)
    free = total - minimum * n
    assert free >= 0
    s = sum(weights)
    raw = [free * w / s for w in weights]
    ints = [int(math.floor(r)) for r in raw]
    order = sorted(range(n), key=lambda i: (-(raw[i] - ints[i]), i))
    for i in order[: free - sum(ints)]:
        ints[i] += 1
    return [minimum + v for v in ints]


def fmt(x):
    if x is None:
        return ""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if abs(x - round(x)) < 1e-9:
        return str(int(round(x)))
    return ("%.4f" % x).rstrip("0").rstrip(".")


def thousands(x):
    """30200 -> 30,200; 2009.6 -> 2,009.6 (for comments)."""
    whole = int(math.floor(x))
    frac = fmt(x - whole)[1:] if abs(x - whole) > 1e-9 else ""
    return "{:,}".format(whole) + frac


def round_to(x, step):
    return int(step * round(x / step))


# ---------------------------------------------------------------------------------------------
# Building blocks shared by the scenarios
# ---------------------------------------------------------------------------------------------

class Namer:
    def __init__(self, rng):
        self.rng = rng
        self.used = []

    def unique(self, base):
        name = base
        k = 2
        while name in self.used:
            name = base + ("（%s期）" % "一二三四五六七八九十"[k - 1] if k <= 10 else "（%d）" % k)
            k += 1
        self.used.append(name)
        return name

    def listed(self, county, category, tier):
        cs = short(county["name"])
        if tier == "national":
            return self.unique(cs + self.rng.choice(NATIONAL_NAMES))
        types = NAME_TYPES["major_industry" if category == "industry" else category]
        return self.unique(cs + self.rng.choice(PLACE_STEMS) + self.rng.choice(types))


def occupancy(rng, county, category, need):
    (flo, fhi), (wlo, whi) = TERRAIN[county["terrain"]]
    fshare = rng.uniform(flo, fhi) * CATEGORY_FARMLAND[category]
    wshare = rng.uniform(wlo, whi)
    if category == "farmer_housing":
        wshare *= 0.3
    farmland = int(round(need * fshare))
    forest = int(round(need * wshare))
    if farmland + forest > need:
        forest = max(0, need - farmland)
    return farmland, forest


def make_listed(rng, namer, counties, spec, first_index):
    """spec: category, count, tiers [(tier, weight)], median, sigma, total.
    Returns project dicts (needs scaled so they sum exactly to spec total)."""
    weights = [c["weight"] for c in counties]
    draws = []
    national_at = []
    for _ in range(spec["count"]):
        c = rng.weighted(counties, weights)
        tier = rng.weighted([t for t, _ in spec["tiers"]], [w for _, w in spec["tiers"]])
        if tier == "national":
            # spread national projects: at most one per county while counties remain
            if c["id"] in national_at and len(national_at) < len(counties):
                c = rng.choice([x for x in counties if x["id"] not in national_at])
            national_at.append(c["id"])
        raw = rng.lognormal(spec["median"], spec["sigma"])
        # listed projects on higher lists tend to be bigger
        raw *= {"national": 3.0, "provincial": 1.6, "city": 1.0, "county": 0.7}[tier]
        draws.append((c, tier, min(raw, spec["median"] * 12)))
    needs = largest_remainder([d[2] for d in draws], spec["total"], minimum=spec.get("min_need", 5))
    out = []
    for (c, tier, _), need in zip(draws, needs):
        farmland, forest = occupancy(rng, c, spec["category"], need)
        out.append({
            "id": None, "name": namer.listed(c, spec["category"], tier), "county": c["id"],
            "township": None, "category": spec["category"], "tier": tier, "need_mu": need,
            "farmland_mu": farmland, "forest_mu": forest, "outside_boundary": False,
            "min_share": None,
        })
    return out


def assign_listed_ids(projects, counties, abbrev):
    order = {c["id"]: i for i, c in enumerate(counties)}
    projects.sort(key=lambda p: (TIER_RANK[p["tier"]], order[p["county"]],
                                 list(abbrev).index(p["category"]), p["name"]))
    seq = {}
    for p in projects:
        key = (p["county"], p["category"])
        seq[key] = seq.get(key, 0) + 1
        p["id"] = "%s-%s%02d" % (p["county"], abbrev[p["category"]], seq[key])


def block_line(rng, county, category, pid, name, need, township=None):
    farmland, forest = occupancy(rng, county, category, need)
    return {"id": pid, "name": name, "county": county["id"], "township": township,
            "category": category, "tier": "block", "need_mu": need, "farmland_mu": farmland,
            "forest_mu": forest, "outside_boundary": False, "min_share": None}


def set_min_shares(rng, projects, n_whole, n_partial, max_whole_need, partial_tiers, partial_cats):
    """min_share = 1 for n_whole national/provincial projects (not too large), and 0.3-0.6 for
    n_partial more; everything else divisible."""
    whole = [p for p in projects if p["tier"] in ("national", "provincial")
             and p["need_mu"] <= max_whole_need]
    # spread over the list instead of taking the first ones
    step = max(1, len(whole) // max(1, n_whole))
    chosen = whole[::step][:n_whole]
    for p in chosen:
        p["min_share"] = 1
    rest = [p for p in projects if p["min_share"] is None and p["tier"] in partial_tiers
            and p["category"] in partial_cats]
    step = max(1, len(rest) // max(1, n_partial))
    for p in rest[::step][:n_partial]:
        p["min_share"] = rng.choice([0.3, 0.4, 0.5, 0.6])


def flag_outside(rng, projects, plan_total, target_share, preferences):
    """Marks projects as outside the urban development boundary until their need reaches
    target_share of the plan. preferences: [(predicate, probability)], tried in order."""
    target = target_share * plan_total
    total = 0
    for _ in range(6):  # repeated passes until the target is reached
        for pred, prob in preferences:
            for p in projects:
                if total >= target:
                    return total
                if p["outside_boundary"] or p["min_share"] == 1 or not pred(p):
                    continue
                if rng.chance(prob):
                    p["outside_boundary"] = True
                    total += p["need_mu"]
    return total


def sum_by_county(projects, counties, value, pred=lambda p: True):
    out = {c["id"]: 0.0 for c in counties}
    for p in projects:
        if pred(p):
            out[p["county"]] += value(p)
    return out


# ---------------------------------------------------------------------------------------------
# Scenario object, feasibility witness, writers
# ---------------------------------------------------------------------------------------------

class Scenario:
    def __init__(self, name):
        self.name = name
        self.header = ""
        self.meta = {}
        self.objective_comment = ""
        self.categories = []      # (id, name, rural, comment)
        self.pools = []           # dict id,name,capacity_mu,categories,comment
        self.counties = []
        self.townships = []
        self.projects = []
        self.rules_text = ""
        # rule data for the witness
        self.stock = None         # dict alpha, beta, base, pools
        self.farmland_shared = None
        self.forest_shared = None
        self.earmarks = []        # (category, share)
        self.freeze_exempt = []
        self.consolidation_exempt = None
        self.rural = []
        # multi-year scenarios: extra CSV columns and the later years' county figures
        self.county_columns = []
        self.project_columns = []
        self.county_years = []
        self.county_year_columns = []

    def plan_total(self):
        return sum(p["capacity_mu"] for p in self.pools)

    def county(self, cid):
        for c in self.counties:
            if c["id"] == cid:
                return c
        raise KeyError(cid)

    def blocked(self, p):
        c = self.county(p["county"])
        if c.get("frozen") and p["category"] not in self.freeze_exempt:
            return True
        if self.consolidation_exempt is not None and p["township"] and p["category"] in self.rural \
                and p["category"] not in self.consolidation_exempt:
            t = [t for t in self.townships if t["county"] == p["county"] and t["id"] == p["township"]]
            if not t[0]["consolidated"]:
                return True
        return False

    def eligible(self, p):
        return [k for k in self.pools if p["category"] in k["categories"]]

    def ceiling(self, c):
        s = self.stock
        return s["alpha"] * c["disposed_unsupplied_mu"] + s["beta"] * c["disposed_idle_mu"] + s["base"]

    # -- witness ------------------------------------------------------------------------------
    def witness(self, probe=None):
        """A greedy allocation meeting every earmark and floor while respecting every other rule
        (using only divisible, inside-boundary lines, so the outside-boundary and all-or-nothing
        rules hold trivially). Raises if it cannot: the scenario might be infeasible.
        With probe = a county id: after the earmarks, give that county all it can get and return
        the amount (used to set floors that are surely reachable)."""
        pool_rem = {k["id"]: float(k["capacity_mu"]) for k in self.pools}
        linked = set(self.stock["pools"]) if self.stock else set()
        stock_rem = {c["id"]: self.ceiling(c) for c in self.counties} if self.stock else None
        farm_rem = {c["id"]: float(c.get("farmland_held_mu") or 0) for c in self.counties}
        forest_rem = {c["id"]: float(c.get("forest_held_mu") or 0) for c in self.counties}
        shared = {"farm": float(self.farmland_shared or 0), "forest": float(self.forest_shared or 0)}
        cap_rem = {c["id"]: float(c["cap_mu"]) if c.get("cap_mu") is not None else float("inf")
                   for c in self.counties}
        granted = {p["id"]: 0.0 for p in self.projects}
        by_county = {c["id"]: 0.0 for c in self.counties}
        by_cat = {}

        def give(p, want):
            if self.blocked(p) or p["outside_boundary"] or p["min_share"]:
                return 0.0
            cid = p["county"]
            want = min(want, p["need_mu"] - granted[p["id"]], cap_rem[cid])
            fr = p["farmland_mu"] / p["need_mu"]
            wr = (p["forest_mu"] or 0) / p["need_mu"]
            if self.farmland_shared is not None and fr > 0:
                want = min(want, (farm_rem[cid] + shared["farm"]) / fr)
            if self.forest_shared is not None and wr > 0:
                want = min(want, (forest_rem[cid] + shared["forest"]) / wr)
            got = 0.0
            for k in self.eligible(p):
                if want - got <= 1e-9:
                    break
                x = min(want - got, pool_rem[k["id"]])
                if k["id"] in linked:
                    x = min(x, stock_rem[cid])
                if x <= 1e-9:
                    continue
                pool_rem[k["id"]] -= x
                if k["id"] in linked:
                    stock_rem[cid] -= x
                got += x
            if got <= 0:
                return 0.0
            for rem, key, ratio, on in ((farm_rem, "farm", fr, self.farmland_shared is not None),
                                        (forest_rem, "forest", wr, self.forest_shared is not None)):
                if not on:
                    continue
                use = got * ratio
                own = min(use, rem[cid])
                rem[cid] -= own
                shared[key] -= use - own
                assert shared[key] >= -1e-6, (self.name, p["id"], key)
            granted[p["id"]] += got
            by_county[cid] += got
            cap_rem[cid] -= got
            by_cat[p["category"]] = by_cat.get(p["category"], 0.0) + got
            return got

        plan = self.plan_total()
        for cat, share in self.earmarks:
            target = share * plan
            for p in self.projects:
                have = by_cat.get(cat, 0.0)
                if have >= target - 1e-6:
                    break
                if p["category"] == cat:
                    give(p, target - have)
            assert by_cat.get(cat, 0.0) >= target - 1e-6, \
                "%s: earmark %s %.0f unreachable (got %.0f)" % (self.name, cat, target, by_cat.get(cat, 0.0))
        if probe is not None:
            for p in self.projects:
                if p["county"] == probe:
                    give(p, p["need_mu"])
            return by_county[probe]
        for c in self.counties:
            floor = c.get("floor_mu")
            if floor is None:
                continue
            for p in self.projects:
                if by_county[c["id"]] >= floor - 1e-6:
                    break
                if p["county"] == c["id"]:
                    give(p, floor - by_county[c["id"]])
            assert by_county[c["id"]] >= floor - 1e-6, \
                "%s: floor of %s (%s) unreachable (got %.0f)" % (self.name, c["id"], floor, by_county[c["id"]])
        return granted

    def set_floors(self, wanted, share=0.5, step=50):
        """Floors for the named counties: the wanted figure, but never above `share` of what the
        county could surely get (by the greedy witness), rounded down to `step`."""
        for cid, want in wanted:
            self.county(cid)["floor_mu"] = None
        for cid, want in wanted:
            reach = self.witness(probe=cid)
            self.county(cid)["floor_mu"] = min(want, step * int(share * reach // step))

    # -- sanity -------------------------------------------------------------------------------
    def check(self):
        ids = [p["id"] for p in self.projects]
        assert len(ids) == len(set(ids)), "duplicate project ids"
        cats = [c[0] for c in self.categories]
        for cat in cats:
            assert any(cat in k["categories"] for k in self.pools), "unfunded category " + cat
        frozen = [c for c in self.counties if c.get("frozen")]
        assert len(frozen) <= 1
        for p in self.projects:
            assert p["farmland_mu"] + (p["forest_mu"] or 0) <= p["need_mu"], p
            assert p["need_mu"] > 0
            assert p["category"] in cats
            for ch in p["id"]:
                assert ch.isascii() and (ch.isalnum() or ch in "_-"), p["id"]
        for cat, share in self.earmarks:
            d = sum(p["need_mu"] for p in self.projects
                    if p["category"] == cat and not self.blocked(p))
            assert d >= 1.5 * share * self.plan_total(), (self.name, cat, d)
        self.witness()

    def summary(self):
        plan = self.plan_total()
        demand = sum(p["need_mu"] for p in self.projects)
        whole = sum(1 for p in self.projects if p["min_share"] == 1)
        part = sum(1 for p in self.projects if p["min_share"] not in (None, 0, 1))
        out = sum(p["need_mu"] for p in self.projects if p["outside_boundary"])
        return ("%s: %d counties, %d townships, %d projects (%d all-or-nothing, %d with a minimum "
                "share), %d pools, plan %s mu, demand %s mu (%.2fx), outside-boundary demand %.1f%% "
                "of plan" % (self.name, len(self.counties), len(self.townships), len(self.projects),
                             whole, part, len(self.pools), fmt(plan), fmt(demand), demand / plan,
                             100.0 * out / plan))

    # -- writers ------------------------------------------------------------------------------
    def write(self, root):
        d = os.path.join(root, self.name)
        os.makedirs(d, exist_ok=True)
        write_csv(os.path.join(d, "counties.csv"),
                  ["id", "name", "city", "disposed_unsupplied_mu", "disposed_idle_mu",
                   "farmland_held_mu", "forest_held_mu", "floor_mu", "cap_mu", "frozen"]
                  + self.county_columns,
                  self.counties)
        files = ["counties.csv", "projects.csv"]
        if self.county_years:
            write_csv(os.path.join(d, "county_years.csv"), self.county_year_columns,
                      self.county_years)
        if self.townships:
            write_csv(os.path.join(d, "townships.csv"), ["id", "county", "name", "consolidated"],
                      self.townships)
            files.append("townships.csv")
        write_csv(os.path.join(d, "projects.csv"),
                  ["id", "name", "county", "township", "category", "tier", "need_mu",
                   "farmland_mu", "forest_mu", "outside_boundary", "min_share"]
                  + self.project_columns,
                  self.projects)
        with open(os.path.join(d, "scenario.toml"), "w", encoding="utf-8", newline="\n") as f:
            f.write(self.toml())
        # remove CSVs this generator no longer writes (e.g. a dropped townships.csv)
        for stale in ("townships.csv",):
            if stale not in files and os.path.exists(os.path.join(d, stale)):
                os.remove(os.path.join(d, stale))

    def toml(self):
        o = io.StringIO()
        o.write(self.header.rstrip() + "\n\n")
        o.write("# Counties, townships and demand lines are in CSV files beside this one; column\n")
        o.write("# names are the TOML field names (see scenarios/tutorial/scenario.toml).\n")
        o.write("# These keys must come before the first [table] header.\n")
        o.write('counties = "counties.csv"\n')
        if self.townships:
            o.write('townships = "townships.csv"\n')
        o.write('projects = "projects.csv"\n')
        if self.county_years:
            o.write('county_years = "county_years.csv"\n')
        o.write("\n")
        o.write("[scenario]\n")
        o.write('name = "%s"\n' % self.meta["name"])
        o.write("year = %d\n" % self.meta["year"])
        o.write('notes = "%s"\n\n' % self.meta["notes"])
        o.write(self.objective_comment.rstrip() + "\n")
        o.write("[objective]\n")
        o.write('mode = "weighted"\n')
        o.write("consolidated_bonus = %s\n\n" % fmt(self.meta.get("consolidated_bonus", 0.1)))
        o.write("[objective.tier_weights]\n")
        o.write("national = 5.0\nprovincial = 4.0\ncity = 3.0\ncounty = 2.0\nblock = 1.0\n\n")
        o.write("# Project categories. rural = true: subject to 无整治不用地 when [rules.consolidation] is set.\n")
        for cid, name, rural, comment in self.categories:
            o.write("[[categories]]\n")
            o.write('id = "%s"\n' % cid)
            o.write('name = "%s"%s\n' % (name, ("  # " + comment) if comment else ""))
            if rural:
                o.write("rural = true\n")
        o.write("\n")
        for k in self.pools:
            if k.get("comment"):
                for line in k["comment"].splitlines():
                    o.write("# " + line + "\n")
            o.write("[[pools]]\n")
            o.write('id = "%s"\n' % k["id"])
            o.write('name = "%s"\n' % k["name"])
            o.write("capacity_mu = %s\n" % fmt(k["capacity_mu"]))
            o.write("categories = [%s]\n" % ", ".join('"%s"' % c for c in k["categories"]))
            if k.get("counties"):
                o.write("counties = [%s]\n" % ", ".join('"%s"' % c for c in k["counties"]))
            if k.get("by_year"):
                o.write("capacity_by_year_mu = { %s }\n"
                        % ", ".join("%d = %s" % (y, fmt(v)) for y, v in sorted(k["by_year"].items())))
            for key in ("carry_over_max_mu", "borrow_max_mu"):
                if k.get(key):
                    o.write("%s = %s\n" % (key, fmt(k[key])))
        o.write("\n" + self.rules_text.strip() + "\n")
        return o.getvalue()


def write_csv(path, columns, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([fmt(r.get(col)) if not isinstance(r.get(col), str) else r.get(col)
                    for col in columns])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


# ---------------------------------------------------------------------------------------------
# Rule data common to the scenarios
# ---------------------------------------------------------------------------------------------

def stock_figures(rng, sc, demand_linked, target_sum, total_unsupplied, beta, base, tight_ids,
                  idle_share=(0.04, 0.12)):
    """Per-county disposed stock so that alpha·unsupplied + beta·idle + base (the stock-linkage
    ceiling) is about `target_sum` in all, tight (≈ half the county's linked demand) for
    tight_ids and roomy elsewhere. Unsupplied land sums exactly to total_unsupplied (the real
    figure); alpha is derived from it and rounded to two decimals."""
    want = {}
    for c in sc.counties:
        d = demand_linked[c["id"]]
        f = rng.uniform(0.40, 0.55) if c["id"] in tight_ids else rng.uniform(0.85, 1.25)
        want[c["id"]] = d * f
    scale = target_sum / sum(want.values())
    for k in want:
        want[k] *= scale
    idle = {c["id"]: round_to(want[c["id"]] * rng.uniform(*idle_share), 10) for c in sc.counties}
    rest = [max(10.0, want[c["id"]] - base - beta * idle[c["id"]]) for c in sc.counties]
    unsup = largest_remainder(rest, total_unsupplied)
    alpha = round(sum(rest) / total_unsupplied, 2)
    for c, u in zip(sc.counties, unsup):
        c["disposed_unsupplied_mu"] = u
        c["disposed_idle_mu"] = idle[c["id"]]
    return alpha


def held_figures(rng, sc, key, field, tight_ids, loose=(0.75, 1.0), tight=(0.2, 0.3)):
    """Held compensation indicators, as a share of what the county's whole (unblocked) demand
    would occupy: roomy for most counties, short for tight_ids (those bind)."""
    occ = {c["id"]: 0.0 for c in sc.counties}
    for p in sc.projects:
        if not sc.blocked(p):
            occ[p["county"]] += p[key]
    for c in sc.counties:
        lo, hi = tight if c["id"] in tight_ids else loose
        c[field] = round_to(occ[c["id"]] * rng.uniform(lo, hi) + 5, 10)
    return occ


# ---------------------------------------------------------------------------------------------
# 1. Jinhua 2025
# ---------------------------------------------------------------------------------------------

def jinhua_2025():
    rng = Rng(20250214)
    sc = Scenario("jinhua-2025")
    counties = city_counties("金华市")
    base_w = {1: 1.0, 2: 2.0, 3: 3.2}
    for c in counties:
        c["weight"] = base_w[c["size"]] * rng.uniform(0.85, 1.2)
    sc.counties = counties

    # Pools: the seed's 2024 figures scaled to a 24,000 mu 2025 plan (target: >= 20,000).
    seed = [("urban_batch", "城市分批次", 30200.0, ["urban", "farmer_housing", "rural_industry"]),
            ("major_infra", "重大基础设施", 17800.0, ["infrastructure"]),
            ("provincial_urgent", "省急需建设项目专项", 9800.0, ["urgent", "infrastructure"]),
            ("sme_special", "中小民营企业发展专项", 2009.6, ["sme"]),
            ("industry_reward", "重大产业项目用地奖励", 1764.0, ["major_industry"])]
    plan = 24000
    caps = largest_remainder([s[2] for s in seed], plan)
    seed_total = sum(s[2] for s in seed)
    for (pid, name, fig, cats), cap in zip(seed, caps):
        sc.pools.append({"id": pid, "name": name, "capacity_mu": cap, "categories": list(cats),
                         "comment": "seed 2024: %s mu x %.4f = %s mu" % (thousands(fig), plan / seed_total, thousands(cap))})
    # sme and major industry may top up from the urban batch (as in the tutorial)
    sc.pools[0]["categories"] += ["sme", "major_industry"]
    sc.pools[0]["comment"] += "\nsme and major_industry may top up here once their own pools run out"

    sc.categories = [
        ("urban", "城镇建设", False, "block demand"),
        ("farmer_housing", "农民建房", True, "block demand, per township"),
        ("rural_industry", "农村产业", True, "block demand, per township"),
        ("infrastructure", "重大基础设施", False, ""),
        ("urgent", "省急需建设项目", False, ""),
        ("sme", "中小民营企业", False, ""),
        ("major_industry", "重大产业项目", False, ""),
    ]
    sc.rural = ["farmer_housing", "rural_industry"]

    namer = Namer(rng)
    specs = [
        {"category": "infrastructure", "count": 40, "median": 150, "sigma": 0.7, "total": 11000,
         "tiers": [("national", 0.12), ("provincial", 0.25), ("city", 0.33), ("county", 0.30)]},
        {"category": "urgent", "count": 15, "median": 150, "sigma": 0.5, "total": 3000,
         "tiers": [("provincial", 1.0)]},
        {"category": "sme", "count": 22, "median": 60, "sigma": 0.5, "total": 1500,
         "tiers": [("city", 0.4), ("county", 0.6)]},
        {"category": "major_industry", "count": 20, "median": 110, "sigma": 0.6, "total": 2600,
         "tiers": [("provincial", 0.45), ("city", 0.55)]},
    ]
    listed = []
    for s in specs:
        listed += make_listed(rng, namer, counties, s, len(listed))
    abbrev = {"infrastructure": "inf", "urgent": "urg", "sme": "sme", "major_industry": "ind"}
    assign_listed_ids(listed, counties, abbrev)
    set_min_shares(rng, listed, n_whole=7, n_partial=7, max_whole_need=700,
                   partial_tiers=("provincial", "city"), partial_cats=("major_industry", "sme", "infrastructure"))

    # Townships (real names); consolidation status synthetic: 5 of 36 not consolidated.
    not_consolidated = ["tangya", "majian", "geshan", "zhiying", "lvtan"]
    for c in counties:
        for tid, tname in JINHUA_TOWNSHIPS[c["id"]]:
            sc.townships.append({"id": tid, "county": c["id"], "name": tname,
                                 "consolidated": tid not in not_consolidated})

    # Block demand: urban batch per county, farmer housing per township, rural industry in two
    # townships per county.
    blocks = []
    w = [c["weight"] for c in counties]
    urban = largest_remainder([x * rng.uniform(0.8, 1.2) for x in w], 13000)
    fh_w, fh_c, ri_w, ri_c = [], [], [], []
    for c in counties:
        for i, (tid, tname) in enumerate(JINHUA_TOWNSHIPS[c["id"]]):
            fh_w.append(c["weight"] ** 0.5 * rng.uniform(0.6, 1.4))
            fh_c.append((c, tid, tname))
            if i < 2:
                ri_w.append(c["weight"] ** 0.5 * rng.uniform(0.6, 1.4))
                ri_c.append((c, tid, tname))
    fh = largest_remainder(fh_w, 2000)
    ri = largest_remainder(ri_w, 1000)
    for c, need in zip(counties, urban):
        blocks.append(block_line(rng, c, "urban", c["id"] + "-urban", c["name"] + "城市分批次", need))
        for (cc, tid, tname), n in zip(fh_c, fh):
            if cc is c:
                blocks.append(block_line(rng, c, "farmer_housing", "%s-fh-%s" % (c["id"], tid),
                                         tname + "农民建房", n, tid))
        for (cc, tid, tname), n in zip(ri_c, ri):
            if cc is c:
                blocks.append(block_line(rng, c, "rural_industry", "%s-ri-%s" % (c["id"], tid),
                                         tname + "农村产业", n, tid))
    sc.projects = listed + blocks

    # Penalties (synthetic): Pujiang frozen, as in the tutorial.
    for c in counties:
        c["frozen"] = True if c["id"] == "pujiang" else None
    sc.freeze_exempt = ["farmer_housing"]
    sc.consolidation_exempt = ["farmer_housing"]

    flag_outside(rng, sc.projects, plan, 0.16, [
        (lambda p: p["category"] == "rural_industry", 0.75),
        (lambda p: p["tier"] == "county" and p["category"] == "infrastructure", 0.4),
        (lambda p: p["category"] == "sme", 0.2),
        (lambda p: p["tier"] == "city" and p["category"] == "infrastructure", 0.3),
    ])

    # Stock linkage on the urban batch: unsupplied land disposed sums to the real 20,000 mu target.
    linked_cats = sc.pools[0]["categories"]
    dem = {c["id"]: 0.0 for c in counties}
    for p in sc.projects:
        if p["category"] in linked_cats and not sc.blocked(p):
            dem[p["county"]] += p["need_mu"]
    sc.stock = {"beta": 1.0, "base": 200, "pools": ["urban_batch"]}
    sc.stock["alpha"] = stock_figures(rng, sc, dem, 1.12 * sc.pools[0]["capacity_mu"], 20000,
                                      1.0, 200, tight_ids=["yiwu", "dongyang", "wucheng"])
    held_figures(rng, sc, "farmland_mu", "farmland_held_mu", ["jindong", "lanxi", "yongkang"])
    held_figures(rng, sc, "forest_mu", "forest_held_mu", ["wuyi", "panan"])
    sc.farmland_shared = 1500
    sc.forest_shared = 1000

    for c in counties:
        c["floor_mu"] = None
        c["cap_mu"] = None
    sc.county("yiwu")["cap_mu"] = 6000
    sc.earmarks = [("farmer_housing", 0.05)]
    sc.set_floors([("panan", 700), ("wuyi", 900)])

    sc.header = """\
# Jinhua (金华市) 2025 annual plan: 9 real county-level units, about 150 demand lines.
#
# REAL (shared/seeds, Jinhua natural-resources bureau, 2024 work report and 2025 plan):
#   - the 9 counties and their names; the townships' names;
#   - pool proportions: Jinhua 2024 got urban batch 30,200 : major infrastructure 17,800 :
#     provincial urgent 9,800 : SME/private 2,009.6 : major-industry reward 1,764 mu;
#     2025 target ">= 20,000 mu". Here the 2024 figures (sum 61,573.6) are scaled by
#     24,000 / 61,573.6 = 0.3898 to a 24,000 mu plan, rounded to whole mu;
#   - 2025 target: dispose 20,000 mu of approved-but-unsupplied land (the county figures sum to it);
#   - 10,000 mu of farmland compensation and 10,000 mu of forest quota to bank in 2025: the shared
#     municipal pools below are a fraction of those (1,500 and 1,000 mu);
#   - ">= 12 projects on the provincial major list"; "outside-boundary 10% quota";
#     farmer housing >= 5% (national rule); 无整治不用地 (Jinhua consolidation policy).
# SYNTHETIC: every project (names, needs, tiers, farmland/forest), county idle land, held
#   indicators, floors, the cap, which townships lack consolidation, and Pujiang being frozen.
#   Generated by scenarios/gen/generate.py; do not edit by hand."""
    sc.meta = {"name": "jinhua-2025", "year": 2025,
               "notes": "Jinhua 2025: pool totals from the seeds scaled to 24,000 mu; projects synthetic."}
    sc.objective_comment = "# Tier weights as in the tutorial; consolidated townships weigh 10% more (优先配置)."
    a = sc.stock["alpha"]
    sc.rules_text = """\
[rules.stock_linkage]             # 增存挂钩: urban-batch draw <= alpha*unsupplied + beta*idle + base
alpha = %s                       # derived so the ceilings total ~1.12x the urban batch; tight for 3 counties
beta = 1.0
base_mu = 200
pools = ["urban_batch"]

[rules.farmland]                  # 以补定占: farmland occupied <= held + draw on the shared pool
shared_pool_mu = 1500             # 15%% of the 10,000 mu Jinhua banks in 2025 (seed); held is synthetic
[rules.forest]                    # 林地定额
shared_pool_mu = 1000             # 10%% of the 10,000 mu forest quota banked in 2025 (seed)

[rules.outside_boundary]          # 边界外10%%指标 (seed)
max_share_total = 0.10
max_share_county = 0.30           # synthetic

[[rules.earmarks]]                # farmer housing >= 5%% of the annual plan (national rule)
category = "farmer_housing"
min_share = 0.05
basis = "plan"

[rules.freeze]                    # a frozen county keeps farmer housing only
exempt_categories = ["farmer_housing"]

[rules.consolidation]             # 无整治不用地 (Jinhua policy); farmer housing exempt
exempt_categories = ["farmer_housing"]
""" % fmt(a)
    sc.check()
    return sc


# ---------------------------------------------------------------------------------------------
# 1b. Jinhua 2025-2027: the three-year rolling plan (三年项目滚动库) built on jinhua-2025
# ---------------------------------------------------------------------------------------------

JINHUA_YEARS = [2025, 2026, 2027]
# Plan per year: 2025 is jinhua-2025's 24,000 mu; the seeds give nothing for 2026-2027, so
# these are synthetic, shrinking towards the 2025 target's floor of 20,000 mu.
JINHUA_PLANS = {2025: 24000, 2026: 22000, 2027: 20000}


def jinhua_2025_2027():
    base = jinhua_2025()
    rng = Rng(20250302)
    sc = Scenario("jinhua-2025-2027")
    sc.counties = [dict(c) for c in base.counties]
    sc.townships = [dict(t) for t in base.townships]
    sc.categories = list(base.categories)
    sc.rural = list(base.rural)
    sc.freeze_exempt = list(base.freeze_exempt)
    sc.consolidation_exempt = list(base.consolidation_exempt)

    # Pools: each later year's plan split in the seed's 2024 proportions, as for 2025.
    seed = [30200.0, 17800.0, 9800.0, 2009.6, 1764.0]
    by_year = {y: largest_remainder(seed, JINHUA_PLANS[y]) for y in JINHUA_YEARS[1:]}
    sc.pools = []
    for i, k in enumerate(base.pools):
        k = dict(k)
        k["categories"] = list(k["categories"])
        k["by_year"] = {y: by_year[y][i] for y in JINHUA_YEARS[1:]}
        k["comment"] = k["comment"].splitlines()[0] + "; 2026, 2027 (synthetic): %s, %s mu" % (
            thousands(k["by_year"][2026]), thousands(k["by_year"][2027]))
        sc.pools.append(k)
    # Carry-over (结转) and borrowing (预支) limits: synthetic.
    sc.pools[0]["borrow_max_mu"] = 300          # urban batch
    sc.pools[1]["carry_over_max_mu"] = 400      # major infrastructure
    # A reward to one named county (督查激励: the national rule gives 1,000 mu per county);
    # which county is synthetic. Plan year only.
    sc.pools.append({"id": "inspection_reward", "name": "督查激励奖励指标", "capacity_mu": 1000,
                     "categories": ["urban", "infrastructure", "sme", "major_industry"],
                     "counties": ["dongyang"], "by_year": {2026: 0, 2027: 0},
                     "comment": "reward to a named county: 1,000 mu (national rule of 2020) in 2025;\n"
                                "Dongyang as the rewarded county is synthetic"})

    # Demand over three years: block lines (urban batch, farmer housing, rural industry) ask for
    # three years' worth; listed projects keep their need and get a first year (and some a
    # last useful year); new listed projects enter the rolling pool for 2026 and 2027.
    projects = []
    for p in base.projects:
        p = dict(p)
        p["ready_from"] = None
        p["last_year"] = None
        if p["tier"] == "block":
            for key in ("need_mu", "farmland_mu", "forest_mu"):
                p[key] = p[key] * 3
        else:
            # infrastructure comes later than the rest: its land is prepared over years
            later = (0.4, 0.55) if p["category"] == "infrastructure" else (0.25, 0.35)
            r = rng.random()
            if r < later[0]:
                p["ready_from"] = 2026
            elif r < later[1]:
                p["ready_from"] = 2027
            elif p["category"] == "urgent" and rng.chance(0.5):
                p["last_year"] = 2026          # urgent: of use only in the next two years
        projects.append(p)
    namer = Namer(rng)
    namer.used = [p["name"] for p in base.projects]
    counties = sc.counties
    specs = [
        {"category": "infrastructure", "count": 24, "median": 150, "sigma": 0.6, "total": 7000,
         "tiers": [("provincial", 0.4), ("city", 0.35), ("county", 0.25)]},
        {"category": "major_industry", "count": 10, "median": 110, "sigma": 0.5, "total": 1500,
         "tiers": [("provincial", 0.5), ("city", 0.5)]},
        {"category": "sme", "count": 8, "median": 60, "sigma": 0.4, "total": 500,
         "tiers": [("city", 0.4), ("county", 0.6)]},
    ]
    new = []
    for spec in specs:
        new += make_listed(rng, namer, counties, spec, len(new))
    abbrev = {"infrastructure": "inf", "urgent": "urg", "sme": "sme", "major_industry": "ind"}
    assign_listed_ids(new, counties, abbrev)
    taken = {}
    for p in base.projects:
        if p["tier"] != "block":
            key = (p["county"], p["category"])
            taken[key] = max(taken.get(key, 0), int(p["id"][-2:]))
    for p in new:
        key = (p["county"], p["category"])
        n = int(p["id"][-2:]) + taken.get(key, 0)
        p["id"] = "%s-%s%02d" % (p["county"], abbrev[p["category"]], n)
        p["ready_from"] = 2026 if rng.chance(0.7) else 2027
        p["last_year"] = None
        if p["category"] == "infrastructure" and rng.chance(0.15):
            p["outside_boundary"] = True
    listed = [p for p in projects if p["tier"] != "block"] + new
    blocks = [p for p in projects if p["tier"] == "block"]
    sc.projects = listed + blocks
    sc.project_columns = ["ready_from", "last_year"]

    # Later years' county figures (synthetic): less stock left to dispose of each year; new
    # compensation and forest indicators banked: as much as the 2025 holdings in 2026 (the
    # 10,000 mu banking drive of the 2025 plan bears fruit), 60-80% of them in 2027.
    sc.county_year_columns = ["county", "year", "disposed_unsupplied_mu", "disposed_idle_mu",
                              "farmland_held_mu", "forest_held_mu"]
    for y, f_unsup, f_idle, bank in ((2026, 0.9, 0.8, (1.0, 1.3)), (2027, 0.8, 0.6, (0.6, 0.8))):
        for c in counties:
            sc.county_years.append({
                "county": c["id"], "year": str(y),
                "disposed_unsupplied_mu": round_to(c["disposed_unsupplied_mu"] * f_unsup, 10),
                "disposed_idle_mu": round_to(c["disposed_idle_mu"] * f_idle, 10),
                "farmland_held_mu": round_to(c["farmland_held_mu"] * rng.uniform(*bank), 10),
                "forest_held_mu": round_to(c["forest_held_mu"] * rng.uniform(*bank), 10),
            })
    # A deduction (等量扣减) for illegal farmland occupation: synthetic, Yongkang, 2025, from
    # its yearly cap of 2,600 mu (synthetic too).
    sc.county_columns = ["deduction_mu"]
    for c in counties:
        c["deduction_mu"] = 500 if c["id"] == "yongkang" else None
    sc.county("yongkang")["cap_mu"] = 2600

    sc.header = """\
# Jinhua (金华市) 2025-2027: a three-year rolling plan (三年项目滚动库) built on jinhua-2025.
#
# REAL (shared/seeds): everything jinhua-2025 takes from the seeds (counties, townships, the
#   2025 pools in the seed's 2024 proportions, the 20,000 mu unsupplied-land target, the 10,000
#   mu farmland/forest banking target, the 10% outside-boundary quota, the farmer-housing
#   earmark, 无整治不用地); that Jinhua keeps a three-year rolling project pool (资规三年项目
#   滚动库, 2025 plan); the inspection incentive of 1,000 mu per county (national rule of 2020).
# SYNTHETIC: the 2026 and 2027 plans (22,000 and 20,000 mu, split in the same proportions),
#   the carry-over and borrowing limits, the later years' stock disposal and banked indicators,
#   which projects are ready in which year, the 42 new listed projects for 2026-2027, the
#   three-year block demand (three times jinhua-2025's), the discount (0.9), the 12% yearly
#   outside-boundary share, Dongyang as the rewarded county, Yongkang's yearly cap of 2,600 mu
#   and its 500 mu deduction in 2025.
#   Generated by scenarios/gen/generate.py; do not edit by hand."""
    sc.meta = {"name": "jinhua-2025-2027", "year": 2025,
               "notes": "Jinhua 2025-2027 rolling plan: 2025 as jinhua-2025, 2026-2027 synthetic."}
    sc.objective_comment = base.objective_comment
    rules = base.rules_text
    rules = rules.replace("""[rules.outside_boundary]          # 边界外10%指标 (seed)
max_share_total = 0.10
""", """[rules.outside_boundary]          # 边界外10%指标 (seed), over the three years
max_share_horizon = 0.10
max_share_total = 0.12            # synthetic: each year's own share may reach 12%
""")
    rules = rules.replace("(seed); held is synthetic", "(seed), each year; held is synthetic")
    rules = rules.replace("banked in 2025 (seed)", "banked in 2025 (seed), each year")
    rules = """\
[rules.horizon]                   # 三年项目滚动库: 2025 is decided, 2026-2027 roll forward
years = [2025, 2026, 2027]
discount = 0.9                    # a mu granted a year later weighs 0.9 of one granted now

""" + rules
    sc.rules_text = rules.replace("farmer housing >= 5% of the annual plan",
                                  "farmer housing >= 5% of each year's plan")
    return sc


# ---------------------------------------------------------------------------------------------
# 2. Jiaxing 2019
# ---------------------------------------------------------------------------------------------

def jiaxing_2019():
    rng = Rng(20191231)
    sc = Scenario("jiaxing-2019")
    counties = city_counties("嘉兴市")
    base_w = {1: 1.0, 2: 2.0, 3: 2.8}
    for c in counties:
        c["weight"] = base_w[c["size"]] * rng.uniform(0.85, 1.2)
    sc.counties = counties

    sc.categories = [
        ("urban", "城镇建设", False, "block demand"),
        ("farmer_housing", "农民建房", True, "block demand"),
        ("rural_industry", "农村产业", True, "block demand"),
        ("infrastructure", "重大基础设施", False, "百年百项"),
        ("industry", "重大产业项目", False, "百年百项"),
        ("public", "社会民生", False, "百年百项"),
        ("reward_block", "奖励指标", False, "block demand of the rewarded counties"),
    ]
    sc.rural = ["farmer_housing", "rural_industry"]
    plan = 19200
    sc.pools = [
        {"id": "stock_linked", "name": "存量盘活挂钩", "capacity_mu": 9059,
         "categories": ["urban", "farmer_housing", "rural_industry", "industry", "public"],
         "comment": "seed: 9,059 mu stock-linked (23% of the province's)"},
        {"id": "major_industry", "name": "重大产业项目", "capacity_mu": 1335,
         "categories": ["industry"], "comment": "seed: 1,335 mu for major industrial projects"},
        {"id": "reward", "name": "奖励指标", "capacity_mu": 2394, "categories": ["reward_block"],
         "comment": "seed: 2,394 mu of rewards (inspection incentive, farmland assessment,\n"
                    "land-saving model county); the split between counties is synthetic"},
        {"id": "urban_other", "name": "城市分批次及其他", "capacity_mu": plan - 9059 - 1335 - 2394,
         "categories": ["urban", "infrastructure", "public", "farmer_housing", "rural_industry"],
         "comment": "the remainder of the seed's 19,200 mu total: 19,200 - 9,059 - 1,335 - 2,394"},
    ]
    assert sum(k["capacity_mu"] for k in sc.pools) == 19200

    namer = Namer(rng)
    specs = [
        {"category": "infrastructure", "count": 35, "median": 120, "sigma": 0.6, "total": 5200,
         "tiers": [("provincial", 0.4), ("city", 0.6)]},
        {"category": "industry", "count": 50, "median": 90, "sigma": 0.6, "total": 5600,
         "tiers": [("provincial", 0.35), ("city", 0.65)]},
        {"category": "public", "count": 20, "median": 70, "sigma": 0.5, "total": 1700,
         "tiers": [("provincial", 0.2), ("city", 0.8)]},
    ]
    listed = []
    for s in specs:
        listed += make_listed(rng, namer, counties, s, len(listed))
    assert len(listed) == 105
    abbrev = {"infrastructure": "inf", "industry": "ind", "public": "pub"}
    assign_listed_ids(listed, counties, abbrev)
    set_min_shares(rng, listed, n_whole=5, n_partial=6, max_whole_need=500,
                   partial_tiers=("provincial", "city"), partial_cats=("industry", "infrastructure"))

    blocks = []
    w = [c["weight"] for c in counties]
    urban = largest_remainder([x * rng.uniform(0.8, 1.2) for x in w], 9500)
    fh = largest_remainder([x ** 0.5 * rng.uniform(0.8, 1.2) for x in w], 1900)
    ri = largest_remainder([x ** 0.5 * rng.uniform(0.8, 1.2) for x in w], 1600)
    rewards = {"haining": (1000, "督查激励"), "jiashan": (700, "节约集约模范县"),
               "tongxiang": (694, "耕地保护目标责任制考核")}
    assert sum(v[0] for v in rewards.values()) == 2394
    for c, u, f, r in zip(counties, urban, fh, ri):
        blocks.append(block_line(rng, c, "urban", c["id"] + "-urban", c["name"] + "城市分批次", u))
        blocks.append(block_line(rng, c, "farmer_housing", c["id"] + "-fh", c["name"] + "农民建房", f))
        blocks.append(block_line(rng, c, "rural_industry", c["id"] + "-ri", c["name"] + "农村产业", r))
        if c["id"] in rewards:
            n, why = rewards[c["id"]]
            blocks.append(block_line(rng, c, "reward_block", c["id"] + "-reward",
                                     "%s奖励指标（%s）" % (c["name"], why), n))
    sc.projects = listed + blocks
    for p in sc.projects:
        p["forest_mu"] = None  # a plain: no forest rule in this scenario
    for c in counties:
        c["frozen"] = None
    sc.freeze_exempt = ["farmer_housing"]

    flag_outside(rng, sc.projects, plan, 0.14, [
        (lambda p: p["category"] == "infrastructure" and p["tier"] == "city", 0.35),
        (lambda p: p["category"] == "public" and p["tier"] == "city", 0.2),
        (lambda p: p["category"] == "rural_industry", 0.3),
    ])

    dem = {c["id"]: 0.0 for c in counties}
    for p in sc.projects:
        if p["category"] in sc.pools[0]["categories"]:
            dem[p["county"]] += p["need_mu"]
    sc.stock = {"beta": 1.0, "base": 100, "pools": ["stock_linked"]}
    sc.stock["alpha"] = stock_figures(rng, sc, dem, 1.3 * 9059, 18719, 1.0, 100,
                                      tight_ids=["nanhu", "haining"])
    held_figures(rng, sc, "farmland_mu", "farmland_held_mu", ["xiuzhou", "tongxiang"])
    for c in counties:
        c["forest_held_mu"] = None
        c["floor_mu"] = None
        c["cap_mu"] = None
    sc.farmland_shared = 800
    sc.earmarks = [("farmer_housing", 0.06), ("rural_industry", 0.05)]
    sc.set_floors([("haiyan", 1200)])

    sc.header = """\
# Jiaxing (嘉兴市) 2019: 7 real county-level units, the 105 "百年百项" major projects plus block
# demand.
#
# REAL (shared/seeds, Jiaxing natural-resources and planning bureau, 2019 work summary):
#   - the 7 counties; 19,200 mu of new construction-land quota in all (exactly the pool sum);
#   - pools: stock-linked (存量盘活挂钩) 9,059; major industrial projects 1,335; rewards 2,394 mu;
#     the remaining 6,412 mu is one "urban batch and other" pool (the seed does not split it);
#   - 105 major projects (百年百项): here tiers provincial/city, needing 12,500 mu in all, more
#     than they can be granted, so some are partial or unfunded (the seed: 71 fully guaranteed,
#     7 partially, over several years and including stock land, so not comparable mu for mu);
#   - 18,719 mu of approved-but-unsupplied land disposed in 2019 (county figures sum to it);
#   - earmarks: farmer housing >= 6%, rural industry >= 5% of the plan (Jiaxing rules).
# SYNTHETIC: project names, needs, tiers, farmland figures; idle land, held indicators, the
#   shared farmland pool, the reward split between counties, the floor, outside-boundary flags.
#   Generated by scenarios/gen/generate.py; do not edit by hand."""
    sc.meta = {"name": "jiaxing-2019", "year": 2019, "consolidated_bonus": 0,
               "notes": "Jiaxing 2019: 19,200 mu and its pools from the seeds; the 105 major projects synthetic."}
    sc.objective_comment = "# Tier weights as in the tutorial. No township data here, so no consolidation bonus."
    sc.rules_text = """\
[rules.stock_linkage]             # 增存挂钩 on the stock-linked pool
alpha = %s                       # derived so the ceilings total ~1.3x the pool; tight for 2 counties
beta = 1.0
base_mu = 100
pools = ["stock_linked"]

[rules.farmland]                  # 以补定占: the county's own indicators + 市级统筹补充耕地
shared_pool_mu = 800              # synthetic (the seed mentions the municipal pool, not its size)

[rules.outside_boundary]
max_share_total = 0.10

[[rules.earmarks]]                # Jiaxing: farmer housing >= 6%% of the plan
category = "farmer_housing"
min_share = 0.06
basis = "plan"
[[rules.earmarks]]                # Jiaxing: rural industry >= 5%% of the plan
category = "rural_industry"
min_share = 0.05
basis = "plan"

[rules.freeze]                    # no county is frozen here; the rule is ready for what-ifs
exempt_categories = ["farmer_housing"]
""" % fmt(sc.stock["alpha"])
    sc.check()
    return sc


# ---------------------------------------------------------------------------------------------
# 3. Zhejiang 2024
# ---------------------------------------------------------------------------------------------

def zhejiang_2024():
    rng = Rng(20240101)
    sc = Scenario("zhejiang-2024")
    counties = zhejiang_counties()
    base_w = {1: 1.0, 2: 2.0, 3: 3.2}
    for c in counties:
        c["weight"] = base_w[c["size"]] * rng.uniform(0.8, 1.25)
    sc.counties = counties

    # Province total: Jinhua's 48,000 mu were 16.6% of it -> ~289,000 mu. Pool split: the
    # provincial pool sizes implied by Jinhua's shares, scaled to 289,000 (they sum to ~375,000:
    # the seed's pool figures add up to more than its 48,000 total).
    implied = [("urban_batch", "城市分批次", 30200 / 0.146,
                ["urban", "public", "farmer_housing", "rural_industry", "sme", "major_industry"],
                "30,200 / 14.6%"),
               ("major_infra", "重大基础设施", 17800 / 0.212, ["infrastructure"], "17,800 / 21.2%"),
               ("provincial_urgent", "省急需建设项目专项", 9800 / 0.153, ["urgent", "infrastructure"],
                "9,800 / 15.3%"),
               ("sme_special", "中小民营企业发展专项", 2009.6 / 0.205, ["sme"], "2,009.6 / 20.5%"),
               ("industry_reward", "重大产业项目用地奖励", 1764 / 0.166, ["major_industry"],
                "1,764 / 16.6% (Jinhua's overall share: the seed gives none for this pool)")]
    plan = 289000
    caps = largest_remainder([x[2] for x in implied], plan // 100)
    s_impl = sum(x[2] for x in implied)
    for (pid, name, v, cats, how), cap in zip(implied, caps):
        sc.pools.append({"id": pid, "name": name, "capacity_mu": cap * 100, "categories": cats,
                         "comment": "implied provincial pool: %s\n  = %s mu; x %.4f, rounded to 100 mu"
                         % (how, thousands(round(v)), plan / s_impl)})

    sc.categories = [
        ("urban", "城镇建设", False, "block demand"),
        ("public", "社会民生", False, ""),
        ("farmer_housing", "农民建房", True, "block demand, per township"),
        ("rural_industry", "农村产业", True, "block demand, per township"),
        ("infrastructure", "重大基础设施", False, ""),
        ("urgent", "省急需建设项目", False, ""),
        ("sme", "中小民营企业", False, ""),
        ("major_industry", "重大产业项目", False, ""),
    ]
    sc.rural = ["farmer_housing", "rural_industry"]

    namer = Namer(rng)
    specs = [
        {"category": "infrastructure", "count": 700, "median": 95, "sigma": 0.8, "total": 110000,
         "tiers": [("national", 0.05), ("provincial", 0.20), ("city", 0.35), ("county", 0.40)]},
        {"category": "urgent", "count": 260, "median": 110, "sigma": 0.6, "total": 42000,
         "tiers": [("provincial", 1.0)]},
        {"category": "public", "count": 440, "median": 100, "sigma": 0.7, "total": 60000,
         "tiers": [("city", 0.4), ("county", 0.6)]},
        {"category": "sme", "count": 260, "median": 50, "sigma": 0.5, "total": 15000,
         "tiers": [("city", 0.35), ("county", 0.65)]},
        {"category": "major_industry", "count": 250, "median": 90, "sigma": 0.6, "total": 30000,
         "tiers": [("provincial", 0.45), ("city", 0.55)]},
    ]
    listed = []
    for s in specs:
        listed += make_listed(rng, namer, counties, s, len(listed))
    abbrev = {"infrastructure": "inf", "urgent": "urg", "public": "pub", "sme": "sme",
              "major_industry": "ind"}
    assign_listed_ids(listed, counties, abbrev)
    set_min_shares(rng, listed, n_whole=80, n_partial=60, max_whole_need=600,
                   partial_tiers=("provincial", "city"), partial_cats=("major_industry", "sme", "public"))

    # Townships: Jinhua's real ones; elsewhere synthetic names, 3-5 per county by size.
    for c in counties:
        if c["id"] in JINHUA_TOWNSHIPS:
            c["towns"] = list(JINHUA_TOWNSHIPS[c["id"]])
            continue
        towns = []
        while len(towns) < 2 + c["size"]:
            a, b = rng.choice(TOWN_FIRST), rng.choice(TOWN_SECOND)
            tid = a[1] + b[1]
            if tid in [t[0] for t in towns]:
                continue
            towns.append((tid, a[0] + b[0] + ("乡" if c["terrain"] == "mountain" and rng.chance(0.4) else "镇")))
        c["towns"] = towns
    for c in counties:
        for tid, tname in c["towns"]:
            sc.townships.append({"id": tid, "county": c["id"], "name": tname,
                                 "consolidated": not rng.chance(0.15)})

    w = [c["weight"] for c in counties]
    urban = largest_remainder([x * rng.uniform(0.8, 1.2) for x in w], 125000)
    fh_keys, fh_w, ri_keys, ri_w = [], [], [], []
    for c in counties:
        for i, (tid, tname) in enumerate(c["towns"]):
            fh_keys.append((c["id"], tid, tname))
            fh_w.append(c["weight"] ** 0.5 * rng.uniform(0.6, 1.4))
            if i < 2:
                ri_keys.append((c["id"], tid, tname))
                ri_w.append(c["weight"] ** 0.5 * rng.uniform(0.6, 1.4))
    fh = dict(zip(fh_keys, largest_remainder(fh_w, 24000)))
    ri = dict(zip(ri_keys, largest_remainder(ri_w, 13000)))
    blocks = []
    for c, u in zip(counties, urban):
        blocks.append(block_line(rng, c, "urban", c["id"] + "-urban", c["name"] + "城市分批次", u))
        for tid, tname in c["towns"]:
            blocks.append(block_line(rng, c, "farmer_housing", "%s-fh-%s" % (c["id"], tid),
                                     short(c["name"]) + tname + "农民建房", fh[(c["id"], tid, tname)], tid))
            if (c["id"], tid, tname) in ri:
                blocks.append(block_line(rng, c, "rural_industry", "%s-ri-%s" % (c["id"], tid),
                                         short(c["name"]) + tname + "农村产业", ri[(c["id"], tid, tname)], tid))
    sc.projects = listed + blocks

    for c in counties:
        c["frozen"] = True if c["id"] == "pingyang" else None
    sc.freeze_exempt = ["farmer_housing"]
    sc.consolidation_exempt = ["farmer_housing"]

    flag_outside(rng, sc.projects, plan, 0.15, [
        (lambda p: p["category"] == "rural_industry", 0.7),
        (lambda p: p["tier"] == "county" and p["category"] in ("infrastructure", "public"), 0.15),
        (lambda p: p["category"] == "sme", 0.15),
        (lambda p: p["tier"] == "city" and p["category"] == "infrastructure", 0.2),
    ])

    dem = {c["id"]: 0.0 for c in counties}
    for p in sc.projects:
        if p["category"] in sc.pools[0]["categories"] and not sc.blocked(p):
            dem[p["county"]] += p["need_mu"]
    # tight stock linkage for about a quarter of the counties
    tight_stock = [c["id"] for i, c in enumerate(counties) if i % 4 == 1]
    sc.stock = {"beta": 1.0, "base": 300, "pools": ["urban_batch"]}
    # unsupplied land disposed: Jinhua disposed 36,800 mu in 2024; at its 16.6% share of the
    # province that suggests ~220,000 mu province-wide (an extrapolation, not a seed figure)
    sc.stock["alpha"] = stock_figures(rng, sc, dem, 1.35 * sc.pools[0]["capacity_mu"], 220000,
                                      1.0, 300, tight_ids=tight_stock)
    tight_farm = [c["id"] for i, c in enumerate(counties) if i % 9 == 4]
    tight_forest = [c["id"] for c in counties if c["terrain"] == "mountain"][::4]
    held_figures(rng, sc, "farmland_mu", "farmland_held_mu", tight_farm)
    held_figures(rng, sc, "forest_mu", "forest_held_mu", tight_forest)
    sc.farmland_shared = 12000
    sc.forest_shared = 8000

    for c in counties:
        c["floor_mu"] = None
        c["cap_mu"] = None
    sc.county("xiaoshan")["cap_mu"] = 9000
    sc.county("yuhang")["cap_mu"] = 9000
    sc.earmarks = [("farmer_housing", 0.05)]
    sc.set_floors([("wencheng", 600), ("taishun", 600), ("changshan", 500), ("kaihua", 500),
                   ("qingyuan", 500), ("jingning", 500)])

    sc.header = """\
# Zhejiang (浙江省) 2024, province scale: 11 cities, 90 county-level units, ~2,500 demand lines.
#
# REAL (shared/seeds and public administrative geography):
#   - the 11 cities and 90 county-level units with their names (2024 boundaries), the
#     山区26县 list (6 of them get floors here), Jinhua's township names;
#   - the plan total: Jinhua's 48,000 mu in 2024 were 16.6% of the province's -> 289,000 mu;
#   - pool proportions: the provincial pool sizes implied by Jinhua's 2024 figures and shares
#     (urban batch 30,200 = 14.6%, major infrastructure 17,800 = 21.2%, provincial urgent
#     9,800 = 15.3%, SME 2,009.6 = 20.5%; reward 1,764 at Jinhua's overall 16.6%), which sum
#     to ~375,000, scaled down to 289,000 and rounded to 100 mu;
#   - farmer housing >= 5% of the plan (national rule); outside-boundary 10% (Jinhua rule applied
#     province-wide); 无整治不用地 (Jinhua policy applied province-wide).
# SYNTHETIC: all projects (lognormal needs, names, tiers, farmland/forest), township names outside
#   Jinhua, consolidation status, stock figures (unsupplied land disposed: 220,000 mu in all, an
#   extrapolation of Jinhua's 36,800 mu in 2024 at its 16.6% share), held indicators, shared
#   pools, floors, caps, and Pingyang being frozen.
#   Generated by scenarios/gen/generate.py; do not edit by hand."""
    sc.meta = {"name": "zhejiang-2024", "year": 2024,
               "notes": "Zhejiang 2024, 90 counties: plan total derived from the seeds; pools proportional; projects synthetic."}
    sc.objective_comment = "# Tier weights as in the tutorial; consolidated townships weigh 10% more (优先配置)."
    sc.rules_text = """\
[rules.stock_linkage]             # 增存挂钩 on the urban batch
alpha = %s                       # derived: ceilings total ~1.35x the urban batch; tight for ~1/4 of counties
beta = 1.0
base_mu = 300
pools = ["urban_batch"]

[rules.farmland]                  # 以补定占; 省级统筹补充耕地 (synthetic size)
shared_pool_mu = 12000
[rules.forest]                    # 林地定额 (synthetic size)
shared_pool_mu = 8000

[rules.outside_boundary]
max_share_total = 0.10
max_share_county = 0.30           # synthetic

[[rules.earmarks]]                # farmer housing >= 5%% of the annual plan (national rule)
category = "farmer_housing"
min_share = 0.05
basis = "plan"

[rules.freeze]
exempt_categories = ["farmer_housing"]

[rules.consolidation]             # 无整治不用地; farmer housing exempt
exempt_categories = ["farmer_housing"]
""" % fmt(sc.stock["alpha"])
    sc.check()
    return sc


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.dirname(here)
    if len(argv) >= 3 and argv[1] == "--out":
        out = argv[2]
    for build in (jinhua_2025, jiaxing_2019, zhejiang_2024, jinhua_2025_2027):
        sc = build()
        sc.write(out)
        print(sc.summary())


if __name__ == "__main__":
    main(sys.argv)
