//! The one rule vocabulary: every rule the tool knows, its id (what JSON, MPS row names and the
//! checks say) and its names for people in both languages.
//!
//! The model tags its rows with a [`RuleId`], the checker names its checks with one, and every
//! view shows a rule through [`RuleId::name`] or [`RuleId::title`]. The matches below are
//! exhaustive: a new rule without an id or a name in the catalogue does not compile (and the
//! catalogue scan in `i18n` fails if the named message is missing). Defining names is not
//! sharing logic: the checker still computes every rule on its own.

use crate::i18n::Msg;
use crate::msg;

/// A rule, as the model encodes it, the checker recomputes it and the reports name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    PoolCapacity,
    ProjectNeed,
    MinShare,
    StockLinkage,
    FarmlandBalance,
    FarmlandShared,
    ForestBalance,
    ForestShared,
    OutsideBoundaryCounty,
    OutsideBoundaryTotal,
    Earmark,
    CountyFloor,
    CountyCap,
    /// Multi-year: unused capacity of a pool carried to the next year, at most its limit.
    CarryOver,
    /// Multi-year: the next year's capacity used early, at most its limit.
    Borrowing,
    /// Multi-year: the outside-boundary share over the whole horizon.
    OutsideBoundaryHorizon,
    /// A deduction (等量扣减) lowers what the county may receive.
    CountyDeduction,
    /// A county's own linkage surplus (county-held pool), with what it buys and sells.
    LinkageHeld,
    /// Trading: what is bought on a market equals what is sold on it.
    TradeClearing,
    /// Trading: a county sells at most its share of its holdings.
    TradeSellLimit,
    /// Trading: a county spends at most its budget (row in 10,000 yuan).
    TradeBudget,
    /// Lexicographic mode: a higher tier's optimum, held while lower tiers are optimised.
    TierFix,
    // Rules the model encodes without rows of their own (bounds, columns left out), which the
    // checker recomputes all the same.
    /// Grants are non-negative.
    NonNegative,
    /// A project draws only on the pools its category may use.
    Eligibility,
    /// A frozen county receives nothing.
    FrozenCounty,
    /// No consolidation, no rural land.
    TownshipConsolidation,
    /// Multi-year: a project is granted only in the years it can use quota.
    ProjectWindow,
    /// Trading: every trade is between counties of one scope, of a traded indicator, at a
    /// valid price.
    Trade,
}

impl RuleId {
    /// Every rule, in a fixed order.
    pub const ALL: [RuleId; 28] = [
        RuleId::PoolCapacity,
        RuleId::ProjectNeed,
        RuleId::MinShare,
        RuleId::StockLinkage,
        RuleId::FarmlandBalance,
        RuleId::FarmlandShared,
        RuleId::ForestBalance,
        RuleId::ForestShared,
        RuleId::OutsideBoundaryCounty,
        RuleId::OutsideBoundaryTotal,
        RuleId::Earmark,
        RuleId::CountyFloor,
        RuleId::CountyCap,
        RuleId::CarryOver,
        RuleId::Borrowing,
        RuleId::OutsideBoundaryHorizon,
        RuleId::CountyDeduction,
        RuleId::LinkageHeld,
        RuleId::TradeClearing,
        RuleId::TradeSellLimit,
        RuleId::TradeBudget,
        RuleId::TierFix,
        RuleId::NonNegative,
        RuleId::Eligibility,
        RuleId::FrozenCounty,
        RuleId::TownshipConsolidation,
        RuleId::ProjectWindow,
        RuleId::Trade,
    ];

    /// The id: JSON, MPS row names and the checks use it.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::PoolCapacity => "pool_capacity",
            RuleId::ProjectNeed => "project_need",
            RuleId::MinShare => "min_share",
            RuleId::StockLinkage => "stock_linkage",
            RuleId::FarmlandBalance => "farmland_balance",
            RuleId::FarmlandShared => "farmland_shared_pool",
            RuleId::ForestBalance => "forest_balance",
            RuleId::ForestShared => "forest_shared_pool",
            RuleId::OutsideBoundaryCounty => "outside_boundary_county",
            RuleId::OutsideBoundaryTotal => "outside_boundary_total",
            RuleId::Earmark => "earmark",
            RuleId::CountyFloor => "county_floor",
            RuleId::CountyCap => "county_cap",
            RuleId::CarryOver => "carry_over",
            RuleId::Borrowing => "borrowing",
            RuleId::OutsideBoundaryHorizon => "outside_boundary_horizon",
            RuleId::CountyDeduction => "county_deduction",
            RuleId::LinkageHeld => "linkage_held",
            RuleId::TradeClearing => "trade_clearing",
            RuleId::TradeSellLimit => "trade_sell_limit",
            RuleId::TradeBudget => "trade_budget",
            RuleId::TierFix => "tier_fix",
            RuleId::NonNegative => "non_negative",
            RuleId::Eligibility => "eligibility",
            RuleId::FrozenCounty => "frozen_county",
            RuleId::TownshipConsolidation => "township_consolidation",
            RuleId::ProjectWindow => "project_window",
            RuleId::Trade => "trade",
        }
    }

    /// The rule with this id (`None` for an id no rule has, e.g. from a hand-edited result).
    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.as_str() == id)
    }

    /// The rule's short name, for table cells, the workbook and the terminal (`table-rule-*`).
    /// English keeps the id (`pool_capacity`) for the rules of one year, so an English table
    /// and a JSON file say the same word.
    pub fn name(self) -> Msg {
        match self {
            RuleId::NonNegative => msg!("table-rule-non_negative"),
            RuleId::Eligibility => msg!("table-rule-eligibility"),
            RuleId::PoolCapacity => msg!("table-rule-pool_capacity"),
            RuleId::ProjectNeed => msg!("table-rule-project_need"),
            RuleId::MinShare => msg!("table-rule-min_share"),
            RuleId::FrozenCounty => msg!("table-rule-frozen_county"),
            RuleId::TownshipConsolidation => msg!("table-rule-township_consolidation"),
            RuleId::StockLinkage => msg!("table-rule-stock_linkage"),
            RuleId::FarmlandBalance => msg!("table-rule-farmland_balance"),
            RuleId::FarmlandShared => msg!("table-rule-farmland_shared_pool"),
            RuleId::ForestBalance => msg!("table-rule-forest_balance"),
            RuleId::ForestShared => msg!("table-rule-forest_shared_pool"),
            RuleId::OutsideBoundaryCounty => msg!("table-rule-outside_boundary_county"),
            RuleId::OutsideBoundaryTotal => msg!("table-rule-outside_boundary_total"),
            RuleId::Earmark => msg!("table-rule-earmark"),
            RuleId::CountyFloor => msg!("table-rule-county_floor"),
            RuleId::CountyCap => msg!("table-rule-county_cap"),
            RuleId::TierFix => msg!("table-rule-tier_fix"),
            RuleId::ProjectWindow => msg!("table-rule-project_window"),
            RuleId::CarryOver => msg!("table-rule-carry_over"),
            RuleId::Borrowing => msg!("table-rule-borrowing"),
            RuleId::OutsideBoundaryHorizon => msg!("table-rule-outside_boundary_horizon"),
            RuleId::CountyDeduction => msg!("table-rule-county_deduction"),
            RuleId::LinkageHeld => msg!("table-rule-linkage_held"),
            RuleId::Trade => msg!("table-rule-trade"),
            RuleId::TradeClearing => msg!("table-rule-trade_clearing"),
            RuleId::TradeSellLimit => msg!("table-rule-trade_sell_limit"),
            RuleId::TradeBudget => msg!("table-rule-trade_budget"),
        }
    }

    /// The rule's title, for the plan document (`page-rule-*`): a phrase in both languages.
    pub fn title(self) -> Msg {
        match self {
            RuleId::NonNegative => msg!("page-rule-non_negative"),
            RuleId::Eligibility => msg!("page-rule-eligibility"),
            RuleId::PoolCapacity => msg!("page-rule-pool_capacity"),
            RuleId::ProjectNeed => msg!("page-rule-project_need"),
            RuleId::MinShare => msg!("page-rule-min_share"),
            RuleId::FrozenCounty => msg!("page-rule-frozen_county"),
            RuleId::TownshipConsolidation => msg!("page-rule-township_consolidation"),
            RuleId::StockLinkage => msg!("page-rule-stock_linkage"),
            RuleId::FarmlandBalance => msg!("page-rule-farmland_balance"),
            RuleId::FarmlandShared => msg!("page-rule-farmland_shared_pool"),
            RuleId::ForestBalance => msg!("page-rule-forest_balance"),
            RuleId::ForestShared => msg!("page-rule-forest_shared_pool"),
            RuleId::OutsideBoundaryCounty => msg!("page-rule-outside_boundary_county"),
            RuleId::OutsideBoundaryTotal => msg!("page-rule-outside_boundary_total"),
            RuleId::Earmark => msg!("page-rule-earmark"),
            RuleId::CountyFloor => msg!("page-rule-county_floor"),
            RuleId::CountyCap => msg!("page-rule-county_cap"),
            RuleId::TierFix => msg!("page-rule-tier_fix"),
            RuleId::ProjectWindow => msg!("page-rule-project_window"),
            RuleId::CarryOver => msg!("page-rule-carry_over"),
            RuleId::Borrowing => msg!("page-rule-borrowing"),
            RuleId::OutsideBoundaryHorizon => msg!("page-rule-outside_boundary_horizon"),
            RuleId::CountyDeduction => msg!("page-rule-county_deduction"),
            RuleId::LinkageHeld => msg!("page-rule-linkage_held"),
            RuleId::Trade => msg!("page-rule-trade"),
            RuleId::TradeClearing => msg!("page-rule-trade_clearing"),
            RuleId::TradeSellLimit => msg!("page-rule-trade_sell_limit"),
            RuleId::TradeBudget => msg!("page-rule-trade_budget"),
        }
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// Ids are unique and read back; every name and title exists in both catalogues.
    #[test]
    fn every_rule_has_an_id_a_name_and_a_title_in_both_languages() {
        for r in RuleId::ALL {
            assert_eq!(RuleId::from_id(r.as_str()), Some(r));
            for lang in [Lang::En, Lang::Zh] {
                for (m, prefix) in [(r.name(), "table-rule-"), (r.title(), "page-rule-")] {
                    let text = m.render(lang);
                    assert!(!text.starts_with(prefix), "{lang:?} {r}: {text}");
                }
            }
        }
        let mut ids: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RuleId::ALL.len());
    }

    /// No rule name is composed from an id (`format!("page-rule-{rule}")`): a composed id is
    /// found by no catalogue scan, and a missing message would show the raw id.
    #[test]
    fn no_rule_name_is_composed_from_an_id() {
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        let mut bad = Vec::new();
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    let code = text.split("#[cfg(test)]").next().unwrap_or("");
                    for prefix in ["page-rule-{", "table-rule-{", "rule-{rule"] {
                        if code.contains(prefix) {
                            bad.push(format!("{}: {prefix}", p.display()));
                        }
                    }
                }
            }
        }
        assert!(bad.is_empty(), "rule names composed from ids: {bad:?}");
    }
}
