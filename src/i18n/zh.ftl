# 中文消息。每个 id 一条，与 en.ftl 一一对应（测试双向检查）。
# 参数已由调用方格式化（数字已取整）。

## check
check-ok = {$path}：通过（{$pools} 个指标池，{$counties} 个县（市、区），{$projects} 个项目，计划 {$plan} 亩）

## shared words
list-sep = ；
list-comma = 、
mu = {$value} 亩
by-pool = ：{$list}
value-unit = 目标值（加权亩）/亩
value-more-less = {$more}（增加时）/ {$less}（减少时）
value-more = {$more}（增加时）
value-less = {$less}（减少时）
value-undefined = 无定义
value-more-less-short = 增加 {$more} / 减少 {$less}
value-per-more-less = 每增加 1 亩 {$more} / 每减少 1 亩 {$less}
infeasible = 不可行
share-all-or-nothing = 整体保障（全额安排或不安排）
share-at-least = 不安排或至少安排 {$floor} 亩
share-divisible = 可部分保障

## rule names
rule-non_negative = 非负
rule-eligibility = 指标池适用范围
rule-pool_capacity = 指标池总量
rule-project_need = 项目用地需求
rule-min_share = 最低保障比例
rule-frozen_county = 冻结指标
rule-township_consolidation = 无整治不用地
rule-stock_linkage = 增存挂钩
rule-farmland_balance = 耕地占补平衡
rule-farmland_shared_pool = 市级统筹补充耕地
rule-forest_balance = 林地定额
rule-forest_shared_pool = 统筹林地定额
rule-outside_boundary_county = 边界外比例（县级）
rule-outside_boundary_total = 边界外比例（全域）
rule-earmark = 专项保障比例
rule-county_floor = 保底指标
rule-county_cap = 分配上限
rule-tier_fix = 层级优先

tier-national = 国家级
tier-provincial = 省级
tier-city = 市级
tier-county = 县级
tier-block = 打捆

grant-full = 全额保障
grant-partial = 部分保障
grant-none = 未安排

status-optimal = 最优
status-infeasible = 无可行方案
status-unbounded = 无界
status-check_failed = 校验未通过
status-not_proven_optimal = 未证明最优
status-solver_error = 求解出错

blocked-county-frozen = 所在县（市、区）指标已冻结
blocked-township = 所在乡镇近三年未开展土地综合整治（无整治不用地）
blocked-no-pool = 没有可使用的指标池

## reports
report-check-failed = 求解结果违反规则（见规则校验），不输出方案
report-infeasible = 不存在满足全部规则的分配方案（线性规划不可行）
report-conflicts-failed = {$message}（冲突分析失败：{$error}）
report-values-failed = 无法计算边际价值：{$error}
report-gap = 对偶间隙 {$gap} 超过容差 {$tolerance}

## why a project is not fully granted
why-pool-exhausted = 指标池“{$name}”已用完（{$rhs} 亩），每增加 1 亩可提高目标值 {$worth}
why-stock-linkage = {$name}增存挂钩上限已用足（{$rhs} 亩），上限每提高 1 亩可提高目标值 {$worth}
why-farmland-balance = {$name}补充耕地指标已用完（持有 {$rhs} 亩），每增加 1 亩可提高目标值 {$worth}
why-farmland-shared = 市级统筹补充耕地指标已用完（{$rhs} 亩），每增加 1 亩可提高目标值 {$worth}
why-forest-balance = {$name}林地定额已用完（持有 {$rhs} 亩），每增加 1 亩可提高目标值 {$worth}
why-forest-shared = 统筹林地定额已用完（{$rhs} 亩），每增加 1 亩可提高目标值 {$worth}
why-outside-county = {$name}城镇开发边界外指标比例已达上限，每多允许 1 亩可提高目标值 {$worth}
why-outside-total = 城镇开发边界外指标比例已达全域上限，每多允许 1 亩可提高目标值 {$worth}
why-earmark = “{$name}”专项保障比例起约束作用，每少保障 1 亩可提高目标值 {$worth}
why-county-cap = {$name}分配上限已用足（{$rhs} 亩），上限每提高 1 亩可提高目标值 {$worth}
why-county-floor = {$name}保底指标起约束作用（{$rhs} 亩），保底每降低 1 亩可提高目标值 {$worth}
why-binds = {$rule}（{$id}）起约束作用
why-shared-too = 统筹指标也已用完（每增加 1 亩可提高目标值 {$worth}）
why-weight = {$parts}；本项目每亩权重为 {$weight}
why-tie = 没有约束直接限制本项目：同等权重的其他需求用掉了指标（按清单先后排序）
why-lumpy = {$what}：一次性安排 {$floor} 亩用在此处的价值低于用在别处；{$reason}

## what would make an infeasible scenario feasible
fix-floor-frozen = {$name}指标已冻结（仅豁免类别可安排），但设有 {$floor} 亩保底：请将保底降低 {$amount} 亩，或解除冻结
fix-floor = 将{$name}的保底指标降低 {$amount} 亩
fix-cap = 将{$name}的分配上限提高 {$amount} 亩
fix-stock-linkage = 将{$name}的增存挂钩上限（{$ceiling} 亩）提高 {$amount} 亩：加大批而未供或闲置土地处置力度，或调高 alpha/beta/base
fix-pool = 指标池“{$name}”增加 {$amount} 亩
fix-farmland = {$name}还需 {$amount} 亩补充耕地指标
fix-farmland-shared = 市级统筹补充耕地指标增加 {$amount} 亩
fix-forest = {$name}还需 {$amount} 亩林地定额
fix-forest-shared = 统筹林地定额增加 {$amount} 亩
fix-earmark-plan = 占计划总量 {$share} 的最低比例还差 {$amount} 亩：请降至不高于 {$at_most}
fix-earmark-granted = 占已安排量 {$share} 的最低比例还差 {$amount} 亩：请调低该比例
fix-earmark = “{$name}”专项保障比例无法满足：{$shares}；或增加符合条件的{$name}用地需求和指标池额度
fix-outside-county = 允许{$name}在城镇开发边界外多安排 {$amount} 亩
fix-outside-total = 允许城镇开发边界外全域多安排 {$amount} 亩
fix-other = 将{$rule}（{$id}）放宽 {$amount} 亩

## the table (solve --format table)
table-head = 方案 {$scenario}（{$year}）  状态：{$status}  求解器：{$backend}
table-conflicts = 相互冲突的规则（使方案可行的最小放宽量）
not-alone = 单独放宽不足以可行
table-granted = 共安排 {$granted} 亩，计划总量 {$plan} 亩；目标值 {$objective}（加权亩 {$weighted}）
table-optimality = 最优性：对偶间隙 {$gap}（容差 {$tolerance}），最大原始违反 {$primal} 亩，最大对偶违反 {$dual}：{$verdict}
proven-optimal = 已证明最优
not-proven-optimal = 未能证明最优
table-integer-bound = 整数最优值不超过 {$bound}（分块拉格朗日界），本方案与之相差不超过 {$gap}
table-stage = {"  "}{$tier}：{$optimum} 亩（按层级依次优化的阶段最优值）
table-pools = 指标池
table-counties = 县（市、区）
county-frozen-mark = {$id}（冻结）
table-projects = 项目：全额保障 {$full} 个，部分保障 {$partial} 个，未安排 {$none} 个{$listing}
table-projects-listing = （仅列出未全额保障的项目；加 --all-projects 列出全部）
status-blocked = 未安排：{$why}
reason-line = {"  "}{$id}：{$why}
table-why-not-more = 未能多安排的原因（边际价值单位：{$unit}）：
table-baseline = 最优方案与按比例分配对比（{$method}）
table-baseline-weighted = 加权亩：最优方案 {$optimum}，按比例分配 {$baseline}（{$change}%）
baseline-breaks-none = 按比例分配方案未违反任何规则
baseline-breaks = 按比例分配方案违反的规则：
baseline-broken-rule = {"  "}{$rule} 超出 {$by} 亩（最严重处：{$worst}）
table-checks = 规则校验（依据方案数据独立复核，容差 {$tolerance} 亩）
holds-yes = 满足
holds-no = 不满足
col-rule = 规则
col-id = 编号
col-gives-jointly = 共同放宽（亩）
col-alone = 单独放宽（亩）
col-suggestion = 建议
col-pool = 指标池
col-name = 名称
col-capacity-mu = 总量（亩）
col-used-mu = 已安排（亩）
col-free-mu = 剩余（亩）
col-marginal-value = 边际价值
col-county = 县（市、区）
col-granted-mu = 安排（亩）
col-farmland-used-held = 耕地 占用/持有
col-forest-used-held = 林地 占用/持有
col-floor-cap = 保底/上限
col-binding-rules = 起约束作用的规则
col-project = 项目编号
col-tier = 层级
col-need-mu = 需求（亩）
col-status = 保障情况
col-pools = 指标来源
col-projects = 项目数
col-optimum-mu = 最优方案（亩）
col-pro-rata-mu = 按比例（亩）
col-optimum-full = 最优方案全额保障数
col-pro-rata-full = 按比例全额保障数
col-holds = 是否满足
col-instances = 条数
col-max-violation-mu = 最大超出（亩）
col-worst = 最严重处

## explain
what-project = 项目
what-county = 县（市、区）
find-ambiguous = “{$query}”对应多个{$what}：{$list}；请用编号指定
find-unknown = 未找到{$what}“{$query}”
find-did-you-mean = 未找到{$what}“{$query}”；是否要找：{$list}？
state-binding = 起约束作用
state-slack = 尚余 {$slack}
marginal-value-is = 边际价值 {$value}
story-not-optimal = 方案 {$scenario}：{$message}
story-project = 项目 {$id} {$name}
story-township = {$id} {$name}（{$state}）
consolidated = 近三年开展过土地综合整治
not-consolidated = 近三年未开展土地综合整治
story-project-county = 所属县（市、区）：{$id} {$name}；乡镇（街道）：{$township}
story-project-category = 项目类别：{$id} {$name}；层级：{$tier}（每亩权重 {$weight}）
story-project-need = 用地需求 {$need}；{$share}；全额保障时占用耕地 {$farmland}、林地 {$forest}；位于城镇开发边界{$side}
boundary-outside = 外
boundary-inside = 内
story-project-granted = 已安排 {$granted}（{$status}）{$pools}
story-why-not-more = 未能多安排的原因：{$why}
story-fully-granted = 已全额保障
story-rules-touching = 相关规则（边际价值单位：{$unit}）：
story-county = 县（市、区） {$id} {$name}（{$city}）
story-county-frozen = {"  "}指标已冻结：仅豁免类别可安排
story-county-granted = 已安排 {$granted}{$pools}
story-county-stock = 增存挂钩：挂钩指标池已安排 {$drawn}，上限 {$ceiling} = {$alpha}×{$unsupplied}（消化批而未供）+ {$beta}×{$idle}（处置闲置土地）+ {$base}（基数）
story-county-occupied = 占用耕地 {$farmland}（持有补充耕地指标 {$farmland_held}）；占用林地 {$forest}（持有林地定额 {$forest_held}）
story-county-floor-cap = 保底 {$floor}，上限 {$cap}
story-county-no-binding = 本县（市、区）没有起约束作用的规则
story-county-binding = 起约束作用的规则（边际价值单位：{$unit}）：
story-county-projects = 项目：
story-county-project = {$id} {$name} [{$tier}] 已安排 {$granted} / 需求 {$need}（{$status}）

## command line
error = 错误：{$message}
year = {$year}年
