# 中文消息。每个 id 一条，与 en.ftl 一一对应（测试双向检查）。
# 参数已由调用方格式化（数字已取整）。

## check
check-ok = {$path}：通过（{$pools} 个指标池，{$counties} 个县（市、区），{$projects} 个项目，计划 {$plan} 亩）

## 报告文档（HTML）：通用词语
html-footer = 由 landquota {$version} 生成。面积单位为亩（1 亩 = 666.67 平方米，15 亩 = 1 公顷）。本页每个数字也见于 JSON 输出（solve --format json）。
html-unit-mu = 亩
page-grant-full = 全额保障
page-grant-partial = 部分保障
page-grant-none = 未保障
page-tier-national = 国家级项目
page-tier-provincial = 省级重大项目
page-tier-city = 市级重点项目
page-tier-county = 县级项目
page-tier-block = 分批次用地需求（非具体项目）
page-rule-non_negative = 分配量非负
page-rule-eligibility = 指标类别适用范围
page-rule-pool_capacity = 指标池容量
page-rule-project_need = 项目需求上限
page-rule-min_share = 整体保障与最低保障比例
page-rule-frozen_county = 冻结指标
page-rule-township_consolidation = 无整治不用地
page-rule-stock_linkage = 增存挂钩
page-rule-farmland_balance = 耕地占补平衡
page-rule-farmland_shared_pool = 统筹补充耕地指标
page-rule-forest_balance = 林地定额
page-rule-forest_shared_pool = 统筹林地定额
page-rule-outside_boundary_county = 城镇开发边界外比例（县级）
page-rule-outside_boundary_total = 城镇开发边界外比例（全域）
page-rule-earmark = 专项保障比例
page-rule-county_floor = 县级保底
page-rule-county_cap = 县级上限
page-rule-tier_fix = 保持上一层级最优值
page-rule-project_window = 项目可用年度
page-rule-carry_over = 指标结转
page-rule-borrowing = 指标预支
page-rule-outside_boundary_horizon = 城镇开发边界外比例（规划期）
page-rule-county_deduction = 等量扣减
page-rule-linkage_held = 增减挂钩节余指标
page-rule-trade = 指标交易
page-rule-trade_clearing = 指标交易市场
page-rule-trade_sell_limit = 可出让比例
page-rule-trade_budget = 购买预算

## 计划文档（solve --format html）
html-plan-title = 年度计划指标分配方案：{$scenario}
html-plan-kicker = 新增建设用地计划指标 · 分配方案
html-plan-meta = 计划年度 {$year} · 求解器 {$backend} · 全部规则经独立校核
html-glance = 方案概览
html-charts = 图表
html-counties = 各县（市、区）
html-checks = 规则校核
html-values = 边际价值
html-projects = 项目清单
html-conflicts = 相互冲突的规则
html-status-optimal-title = 最优方案
html-status-optimal = 全部规则均满足（经独立于求解器的校核），且不存在加权总量更高的方案：下方的最优性证明可以验证（对偶间隙 {$gap}）。
html-status-optimal-unexplained = 全部规则均满足（经独立于求解器的校核）。本次运行跳过了解释（--no-explain），因此未在此证明最优性。
html-status-not-proven-title = 方案有效，但未证明最优
html-status-not-proven = 全部规则均满足，但求解器未能证明不存在更好的方案：{$why}
html-status-infeasible-title = 无可行方案
html-status-infeasible = 没有任何分配能同时满足全部规则。下列规则相互冲突；每行说明该规则需要放宽多少、如何调整。
html-status-check-failed-title = 无方案：求解结果未通过规则校核
html-status-check-failed = 求解器给出的结果在独立校核中违反了规则，因此不显示方案。这是工具本身的缺陷，请附上情景文件报告。
html-status-failed-title = 求解未完成
html-status-failed = 无方案：{$why}
html-status-time-limit-title = 在时间限制内未找到方案
html-card-plan = 年度计划总量
html-card-plan-sub = 亩，分 {$pools} 个指标池
html-card-granted = 已分配
html-card-granted-sub = 占计划 {$share} · 申报需求 {$need} 亩
html-card-projects = 全额保障项目
html-card-projects-value = {$full} / {$total}
html-card-projects-sub = 部分保障 {$partial} 个，未保障 {$none} 个
html-card-objective = 加权总量（目标值）
html-card-objective-sub = 亩 × 层级权重：方案所最大化的量
html-by-tier = 按项目层级
html-col-tier = 层级
html-col-projects = 项目数
html-col-need = 申报（亩）
html-col-granted = 分配（亩）
html-col-share = 保障比例
html-pro-rata-compare = 作为对照，按比例分配（现行表格做法：各指标池按需求比例分摊）共分配 {$granted} 亩，加权总量 {$weighted}；本方案加权总量为 {$plan_weighted}（高出 {$gain}）。
html-pro-rata-holds = 在本情景中，按比例分配恰好满足全部规则。
html-pro-rata-breaks = 但按比例分配违反了本方案满足的规则：{$rules}。
html-broken-item = {$rule}（最严重：{$id}，超出 {$mu} 亩）
html-fig-pools = 各指标池：使用量与容量
html-fig-counties = 各县（市、区）分配量（按指标池），并列按比例分配数
html-fig-tiers = 各层级项目的全额、部分与未保障情况
html-fig-farmland = 各县（市、区）占用耕地与持有补充耕地指标
html-fig-forest = 各县（市、区）占用林地与持有林地定额
html-cap-pools = 实心条：该指标池已分配的亩数；虚线框：该指标池容量。填满虚线框的指标池已用尽，其边际价值见下文。
html-cap-counties = 彩色分段：各指标池分配给该县（市、区）的亩数。黑色竖线：按比例分配时应得的数。右侧为分配量及其与按比例分配数之差。
html-cap-counties-no-pro-rata = 彩色分段：各指标池分配给该县（市、区）的亩数。
html-cap-tiers = 每条代表一个层级的全部项目（100%）：全额保障、部分保障、未保障。右侧为已分配亩数与申报亩数。
html-cap-land = 绿色：由本县（市、区）自有指标覆盖的占用；橙色：从统筹指标池调用（统筹池共 {$shared} 亩）；虚线框：本县（市、区）持有量。
html-legend-used = 已分配
html-legend-capacity = 容量
html-legend-pro-rata = 按比例分配数
html-legend-own = 自有指标覆盖
html-legend-shared = 调用统筹指标
html-legend-held = 本县持有量
html-tip-used = 已分配：{$mu} 亩
html-tip-capacity = 容量：{$mu} 亩
html-tip-pro-rata = 按比例分配：{$mu} 亩
html-tip-own = 自有指标覆盖：{$mu} 亩
html-tip-shared = 调用统筹指标：{$mu} 亩
html-tip-held = 持有：{$mu} 亩
html-note-of = {$used} / {$whole}（{$share}）
html-note-vs-pro-rata = {$granted}（较按比例 {$delta}）
html-note-tier = {$granted} / {$need} 亩（{$share}）
html-note-used-held = {$used} / {$held}
html-counties-intro = 各县（市、区）按指标池的分配亩数，并列按比例分配数。点击列标题可排序。
html-col-county = 县（市、区）
html-col-pro-rata = 按比例（亩）
html-col-vs-pro-rata = 较按比例
html-col-farmland = 耕地 占用 / 持有
html-col-forest = 林地 占用 / 持有
html-col-limits = 限制与起约束作用的规则
html-frozen = 已冻结
html-floor = 保底 {$mu} 亩
html-cap = 上限 {$mu} 亩
html-binds = {$rule}起约束作用（每亩价值 {$value}）
html-projects-intro = 全部 {$n} 个项目，按县（市、区）分组。未全额保障的项目列出原因：限制它的规则及每放宽一亩的价值。点击列标题可排序。
html-col-project = 项目
html-col-status = 保障情况
html-col-pools = 来源指标池
html-col-reason = 未全额保障的原因
html-checks-intro = 每条规则都由与求解器不共享任何代码的校核程序根据情景数据重新计算。任何实例的违反量都不超过百万分之一亩，即视为满足。
html-col-rule = 规则
html-col-instances = 校核实例数
html-col-holds = 结果
html-col-violation = 最大违反量（亩）
html-holds = 满足
html-broken = 违反（最严重：{$id}）
html-certificate = 最优性证明
html-certificate-intro = 求解器给出的方案与一组对偶解从两侧界定了最高可能的加权总量。两者在容差内一致，因此满足全部规则的方案不可能更好。
html-certificate-not-proven = 两个界在容差内不一致：方案满足全部规则，但可能存在更好的方案。
html-cert-primal = 方案目标值（原问题）
html-cert-dual = 对偶给出的上界
html-cert-gap = 相对间隙
html-cert-tolerance = 容差
html-cert-primal-violation = 方案的最大规则违反量
html-cert-dual-violation = 最大对偶违反量
html-cert-integer = 整数上界（间隙）
html-cert-scope = 适用范围
html-values-intro = 边际价值表示某条规则的限额放宽一亩时加权总量能增加多少：指标池多一亩、某县挂钩上限或持有量多一亩、保底或专项比例少一亩。为零表示该规则并未限制方案；数值越高，说明增加指标在该处效果越大。若增加与减少时数值不同，两者均列出。
html-values-example = 例如，{$pool}每增加一亩，加权总量可增加 {$value}；增加 100 亩约可增加 {$hundred}（在起约束作用的规则不变的范围内）。
html-col-id = 适用对象
html-col-binding = 是否起约束作用
html-col-slack = 余量（亩）
html-col-value = 每亩价值
html-binding-yes = 是
html-binding-no = 否
html-value-sides = 增加时 {$more} / 减少时 {$less}
html-infeasible-beyond = 不可行
html-values-hidden = 另有 {$n} 条规则尚有余量，边际价值为零；详见 JSON 输出。
html-conflicts-intro = 这些规则无法同时满足。“共同放宽”是所有规则一起放宽时的最小放宽方案中该规则需放宽的亩数；“单独放宽”是只放宽这一条规则时需放宽的亩数。
html-col-relax = 共同放宽（亩）
html-col-relax-alone = 单独放宽（亩）
html-col-suggestion = 调整建议
html-not-alone = 单独放宽不足以解决
page-tier-short-national = 国家级
page-tier-short-provincial = 省级
page-tier-short-city = 市级
page-tier-short-county = 县级
page-tier-short-block = 分批次
html-all = 全域合计
html-counties-limits-intro = 各县（市、区）占用土地与持有量对比（超出持有量部分调用统筹指标池），以及该县的限制条件：冻结、保底或上限，起约束作用的规则及每放宽一亩的价值。
html-group-county = {$n} 个项目，分配 {$granted} 亩

## 参数扫描页面（sweep.html）
html-sweep-title = 参数扫描：{$name}
html-sweep-kicker = 情景扫描 · 各项结果随参数的变化
html-sweep-meta = 基准情景 {$base} · 共 {$n} 个变体：{$counts}
html-sweep-failures = 有 {$n} 个变体没有方案（不可行、无效或出错）：图中未画出，原因见下表。
html-sweep-intro = 每张小图显示一项结果随一个参数的变化。折线连接网格变体：其他网格参数每种取值组合各一条线。圆点为随机抽样，它们同时改变多个参数（因此呈散点）。虚线竖段表示增加与减少时边际价值不同（方案处于拐点）。将鼠标移到点上可查看对应变体。
html-sweep-objective = 目标值（加权总量）
html-sweep-tier = 分配量：{$tier}
html-sweep-pool-value = 边际价值：{$pool}
html-sweep-unit-objective = 加权亩
html-sweep-unit-value = 每亩目标值
html-sweep-grid = 网格
html-sweep-random = 随机抽样
html-sweep-line = 折线
html-sweep-points = 散点
html-sweep-against = 结果随参数变化：
html-sweep-no-charts = 本次扫描只有命名变体，没有可作横轴的参数。全部变体见下表。
html-sweep-variants = 变体列表
html-sweep-col-name = 变体
html-sweep-col-status = 状态
html-sweep-more-rows = 另有 {$n} 个变体见 summary.csv。
html-sweep-files = 用于绘图的文件
html-sweep-files-intro = 本页旁边有：summary.csv 与 summary.json（每个变体一行，每个变化参数一列，列名即参数路径），以及 counties.csv（每个变体与县（市、区）一行：按指标池及合计的分配亩数）。Python 示例：

## 对比页面（diff A B --format html）
html-diff-title = 变化：{$a} → {$b}
html-diff-kicker = 两次运行结果对比
html-diff-side = {$scenario}（{$path}）· {$status} · 目标值 {$objective}
html-diff-objective = 目标值变化
html-diff-b-minus-a = B 减 A（加权亩）
html-diff-granted = 分配亩数变化
html-diff-rows = 有变化的行
html-diff-rows-sub = 指标池、县（市、区）与项目；{$unchanged} 行未变
html-diff-status = 状态发生变化：{$a} → {$b}。
html-diff-pools = 指标池
html-diff-changes = 最大的变化
html-diff-fig = {$kind}变化，按幅度从大到小
html-diff-cap = 每条为一行的 B 减 A（亩）：县（市、区）和项目为分配亩数，指标池为使用亩数；若仅其他字段变化则显示该字段。按幅度从大到小，每图最多 {$n} 行。蓝色：B 更多；红色：B 更少。
html-diff-nothing = 指标池、县（市、区）与项目均无变化。
html-diff-table = 全部变化
html-diff-col-kind = 类别
html-diff-col-change = 变化
html-diff-col-field = 字段
html-diff-col-delta = B − A
html-diff-changed = 有变化
html-diff-added = 新增
html-diff-removed = 删除
html-diff-unchanged = 未变
html-diff-omitted = 另有 {$n} 行因 --limit 未列出。
html-values-none = 本次运行未计算边际价值（使用了 --no-explain，或计算失败，见上方说明）。

## shared words
list-sep = ；
list-comma = 、
mu = {$value} 亩
by-pool = ：{$list}
value-unit = 目标值（加权亩）/亩
value-more-less-short = 增加 {$more} / 减少 {$less}
value-per-more-less = 每增加 1 亩 {$more} / 每减少 1 亩 {$less}
infeasible = 不可行
share-all-or-nothing = 整体保障（全额安排或不安排）
share-at-least = 不安排或至少安排 {$floor} 亩
share-divisible = 可部分保障

## rule names
table-rule-non_negative = 非负
table-rule-eligibility = 指标池适用范围
table-rule-pool_capacity = 指标池总量
table-rule-project_need = 项目用地需求
table-rule-min_share = 最低保障比例
table-rule-frozen_county = 冻结指标
table-rule-township_consolidation = 无整治不用地
table-rule-stock_linkage = 增存挂钩
table-rule-farmland_balance = 耕地占补平衡
table-rule-farmland_shared_pool = 市级统筹补充耕地
table-rule-forest_balance = 林地定额
table-rule-forest_shared_pool = 统筹林地定额
table-rule-outside_boundary_county = 边界外比例（县级）
table-rule-outside_boundary_total = 边界外比例（全域）
table-rule-earmark = 专项保障比例
table-rule-county_floor = 保底指标
table-rule-county_cap = 分配上限
table-rule-tier_fix = 层级优先

table-tier-national = 国家级
table-tier-provincial = 省级
table-tier-city = 市级
table-tier-county = 县级
table-tier-block = 打捆

table-grant-full = 全额保障
table-grant-partial = 部分保障
table-grant-none = 未安排

status-optimal = 最优
status-infeasible = 无可行方案
status-unbounded = 无界
status-check_failed = 校验未通过
status-not_proven_optimal = 未证明最优
status-solver_error = 求解出错
status-time_limit = 已到时间限制

blocked-county-frozen = 所在县（市、区）指标已冻结
blocked-township = 所在乡镇近三年未开展土地综合整治（无整治不用地）
blocked-no-pool = 没有可使用的指标池

## reports
report-check-failed = 求解结果违反规则（见规则校验），不输出方案
report-infeasible = 不存在满足全部规则的分配方案（线性规划不可行）
report-conflicts-failed = {$message}（冲突分析失败：{$error}）
report-stopped-gap = 搜索在时间限制处停止：本方案与可能的最优目标值 {$bound} 相差不超过 {$gap}（相对）
report-no-certificate = 方案满足全部规则，但无法计算其最优性证书：{$error}
report-values-failed = 无法计算边际价值：{$error}
report-gap = 对偶间隙 {$gap} 超过容差 {$tolerance}

## why a project is not fully granted
why-tie = 没有约束直接限制本项目：同等权重的其他需求用掉了指标（按清单先后排序）
why-tie-fair = 没有约束直接限制本项目：同等权重的其他需求用掉了指标
msg-fair-failed = 未能应用公平分配规则（{$error}）：方案为求解器给出的最优方案，同等方案之间未按比例分配（受影响的 {$lines} 个项目已逐一注明）
msg-fair-time-limit = 在应用公平分配规则之前已达到时间限制：方案满足全部规则并达到优先级的最优值，但公平规则本应确定的 {$lines} 个项目（同等项目按需求同比例分配）仍为求解器给出的分配，已逐一注明；如需公平方案，请去掉 --time-limit 或延长时限
why-fair-skipped = 未应用公平分配规则（时间限制或求解失败，见说明）：本项目在同等优先级项目之间的份额由求解器决定，并非按需求同比例分配
res-farmland-shared = 统筹补充耕地指标
res-forest-shared = 统筹林地定额
res-outside-total = 开发边界外总额度
res-tier = {$id} 层级的最优值

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
table-why-not-more = 未能多安排的原因（“可多安排”均已重新求解核实）：
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
story-share-title = 与其他县（市、区）相比的需求满足比例：
story-share-mine = 本县：未被处罚规则阻止的需求共 {$need}，获得 {$got}（{$percent}）
story-share-all = 全部 {$n} 个县：最低 {$low}（{$low_id}），中位数 {$median}，最高 {$high}（{$high_id}）；本县排第 {$rank} 位（共 {$n} 个）
story-share-group = {$what}：{$lines} 条同等优先的需求分布在 {$counties} 个县，按比例分配，每条获得需求的 {$percent}；本县：{$here}
story-share-line = {$id} {$granted} / {$need}

## command line
error = 错误：{$message}
year = {$year}年

## problems in input files
diag-error = 错误：{$file}{$location}
diag-field = ：{$field}
diag-message = ：{$message}
diag-hint = {"  "}提示：{$hint}
diag-count-one = 共发现 1 个问题
diag-count = 共发现 {$count} 个问题
loc-csv-header = ：第 {$line} 行（表头）
loc-csv-row = ：第 {$line} 行（第 {$row} 条数据）
loc-sheet-row = ，工作表“{$sheet}”，第 {$row} 行
loc-sheet-column = ，{$column} 列
loc-sheet-column-header = ，{$column} 列（{$header}）

## tables read from CSV files and workbooks
note-line = 说明：{$file}{$location}：{$message}
note-encoding = 按 {$encoding} 编码读取
note-sheet = 读取工作表“{$sheet}”
note-title-row = 跳过标题行：{$text}
note-column = {$column} 列（{$header}）→ {$field}
note-column-mu = {$column} 列（{$header}）→ {$field}（未注明单位，按亩读取）
note-ignored-columns = 以下列不是字段，已忽略：{$list}
note-total-row = 跳过合计行（{$label}），不作为数据读取{$checks}
note-total-matches = ；其中“{$header}”{$total} 与各行之和一致
note-total-differs = ；其中“{$header}”{$total} 与各行之和（{$sum}）不一致，请核对
sheet-not-workbook = 指定了 sheet，但该文件不是工作簿
sheet-not-workbook-hint = 只有 .xlsx、.xls、.ods 文件有工作表；CSV 文件请去掉 sheet
csv-not-text = 该文件既不是 UTF-8 也不是 GB18030/GBK 文本
csv-not-text-hint = 请在 Excel 或 WPS 中另存为 CSV（任一种 CSV 均可），或直接使用工作簿（.xlsx）
workbook-unreadable = 无法读取工作簿：{$error}
workbook-unreadable-hint = 请用 Excel 或 WPS 打开后重新另存为 .xlsx
workbook-no-sheets = 工作簿中没有工作表
sheet-unknown = 没有名为“{$sheet}”的工作表
sheet-unknown-near = 是否指“{$near}”？现有工作表：{$list}
sheet-unknown-hint = 现有工作表：{$list}
table-has-list = {$table} 不能从 CSV 文件读取（{$field} 是列表）
table-has-list-hint = 请在方案文件中写成 [[{$table}]] 表
table-relative-paths = 方案中的路径相对于方案文件所在文件夹（{$folder}）
table-empty = 文件为空或没有表头行
table-empty-hint = 第一行应为列名：{$list}
mapping-unknown-field = {$field} 不是该表的字段
mapping-unknown-field-near = {$field} 不是该表的字段；是否指 {$near}？
mapping-fields = 写法：columns = {"{"} 字段 = "表头原文" {"}"}；字段有：{$list}
column-twice = 该列出现了两次
column-twice-hint = 删除其中一列
column-unnamed = 该列在表头行中没有名称
column-unnamed-hint = 请填写列名（可用列名：{$list}），或删除该列
column-unknown-near = 未知列名；是否指 {$near}？
column-known = 可用列名：{$list}
column-missing = 缺少必需的列
column-missing-hint = 请增加 {$field} 列；必需的列：{$list}
column-mapped-missing = 方案 columns 中指定的列“{$header}”不在表头行中
column-headers = 表头行现有：{$list}
row-unreadable = 该行无法读取
row-unreadable-hint = 请检查引号：以 " 开头的单元格必须以 " 结尾
row-cells-one = 该行只有 1 个单元格，而表头有 {$columns} 列
row-cells = 该行有 {$cells} 个单元格，而表头有 {$columns} 列
row-cells-quotes = 以 " 开头的单元格一直延续到下一个 "：请补上引号
row-cells-comma = 含逗号的单元格须加引号（"1,234"，最好写 1234）；否则请删除多余的单元格
row-cells-missing = 请补齐缺少的单元格；没有内容时留空（两个逗号之间不写）
cell-empty = {$field} 为空
cell-empty-hint = 每一行都需要填写此项
cell-not-number = 应为数字，实际为“{$text}”
cell-not-integer = 应为整数，实际为“{$text}”
cell-not-bool = 应为是或否，实际为“{$text}”
cell-bool-hint = 请填写 {$words}
cell-number-hint = 请只填数字，不带单位或文字（可带千位分隔符，如 1,234）
cell-number-hint-as = 请只填数字，不带单位或文字（{$number}）
cell-fix = 请修改该单元格
spec-column-text = 表头应为文字
spec-column-text-hint = 例如 {$field} = "用地面积（亩）"
spec-expected-text = 应为带引号的文字
spec-example = 例如 {$example}
spec-columns-table = 应为“字段 = "表头"”形式的表
spec-columns-example = 例如 columns = {"{"} need_mu = "用地面积（亩）", id = "项目编号" {"}"}
spec-unknown-key = 未知的键
spec-keys = 表格文件写作 {"{"} file = "...", sheet = "...", columns = {"{"} 字段 = "表头" {"}"} {"}"}
spec-no-file = 缺少 file
loc-line = ：第 {$line} 行
note-columns = 按字段读取的列：{$list}
cell-number-hint-commas = 千位分隔符应每三位一组（1,234,567）；此处无法判断，请去掉逗号后填写
refuse-overwrite = 拒绝写入 {$output}：它是本方案的输入文件 {$input}。未写入任何文件，请另选输出文件夹或文件名
# {$error} names the path (fsutil::with_path).
cannot-write = 无法写入 {$error}
wrote = 已写入 {$path}
yes = 是
no = 否

## the plan as a workbook (solve --format xlsx)
xl-sheet-summary = 概要
xl-sheet-pools = 指标池
xl-sheet-counties = 县（市、区）
xl-sheet-projects = 项目
xl-sheet-checks = 规则校验
xl-sheet-values = 边际价值
xl-item = 项目
xl-value = 数值
xl-scenario = 方案
xl-year = 年度
xl-status = 状态
xl-plan-mu = 计划总量（亩）
xl-granted-mu = 已安排（亩）
xl-objective = 目标值
xl-weighted-mu = 加权亩
xl-full = 全额保障项目数
xl-partial = 部分保障项目数
xl-none = 未安排项目数
xl-optimality = 最优性
xl-gap = 对偶间隙
xl-tolerance = 容差
xl-message = 说明
xl-backend = 求解器
xl-value-unit = 边际价值单位
xl-value-more = 每增加 1 亩的价值
xl-value-less = 每减少 1 亩的价值
xl-city = 所属市
xl-farmland-used = 占用耕地（亩）
xl-farmland-held = 持有补充耕地指标（亩）
xl-forest-used = 占用林地（亩）
xl-forest-held = 持有林地定额（亩）
xl-floor = 保底（亩）
xl-cap = 上限（亩）
xl-frozen = 是否冻结
xl-pro-rata-mu = 按比例分配（亩）
xl-category = 项目类别
xl-reason = 未能多安排的原因
xl-rule-id = 规则编号
xl-binding = 是否起约束作用
xl-slack-mu = 富余（亩）
set-minus-number = PATH-= 后应为要减去的数量
set-forms = 例如 --set pools.urban.capacity=25000（新值）、=*0.8（乘以）、=+500（加上）、=-20%（按百分比增减），或 pools.urban.capacity-=500（减去）
diff-needs-b = 请给出两个方案或结果进行比较，或给出一个方案并用 --set PATH=VALUE 指定其变体
generate-wrote = 已写入 {$path}（{$counties} 个县（市、区），{$projects} 个项目，{$pools} 个指标池，计划 {$plan} 亩，需求 {$demand} 亩）
export-wrote = 已写入 {$path}（{$columns} 列，{$rows} 行）
sweep-done = 批量情景 {$name}：共 {$variants} 个变体（续跑跳过 {$resumed} 个），{$counts}；本次运行 {$ran} 个，用时 {$seconds} 秒（每秒 {$rate} 个）；汇总见 {$summary}


## from main (sweep shards, ...)
sweep-error = 错误：{$error}
sweep-shard-syntax = `{$text}` 不是有效的分片：请写 K/N，且 1 ≤ K ≤ N（如 --shard 2/8），或在 Slurm 数组作业的任务中写 `slurm`
sweep-slurm-unset = --shard slurm：未设置 {$var}。Slurm 会在数组作业（sbatch --array=1-N，见 scenarios/sweeps/slurm/）的每个任务中设置 SLURM_ARRAY_TASK_ID、SLURM_ARRAY_TASK_MIN、SLURM_ARRAY_TASK_MAX 和 SLURM_ARRAY_TASK_COUNT；不在其中运行时，请用 --shard K/N
sweep-slurm-no-count = --shard slurm：SLURM_ARRAY_TASK_COUNT 和 SLURM_ARRAY_TASK_MAX 均未设置，无法得知分片数；请用 --shard K/N
sweep-slurm-not-number = --shard slurm：{$var}={$value} 不是整数
sweep-slurm-irregular = --shard slurm：数组的任务编号不是一个等距区间（SLURM_ARRAY_TASK_MIN {$min}，MAX {$max}，STEP {$step}，COUNT {$count}），只重新提交部分分片（--array=2,5）时就是这样；请明确指定分片：--shard $SLURM_ARRAY_TASK_ID/N
sweep-slurm-not-in-array = --shard slurm：任务编号 {$id} 不在数组中（MIN {$min}，STEP {$step}，共 {$count} 个任务）
sweep-shard-done = 扫描 {$name}，分片 {$shard}：{$total} 个变体中的 {$count} 个（续跑跳过 {$resumed} 个），{$statuses}；本次运行 {$ran} 个，用时 {$seconds} 秒（每秒 {$rate} 个）；结果在 {$journal}；所有分片完成后运行：{$command}
sweep-merge-stale = 注意：日志中有 {$count} 条记录不属于本扫描文件的变体（可能来自该文件的旧版本），已略去
sweep-merge-conflict = 警告：变体 {$name} 在 {$first} 与 {$second} 中的结果不同；保留前者
sweep-merge-found = 扫描 {$name}，合并：从 {$journals} 个日志（{$files}）中找到 {$total} 个变体中的 {$found} 个；{$statuses}
sweep-merge-failed = {$count} 个变体失败（完整信息见汇总表的 message 列）：
sweep-merge-missing = 错误：{$out} 中 {$total} 个变体有 {$count} 个没有结果；未写出汇总：
sweep-merge-missing-shard = 分片 {$shard}：{$count} 个变体：{$names}
sweep-merge-missing-some = {$count} 个变体：{$names}
sweep-merge-rerun = 重跑：{$command}
sweep-merge-written = 汇总在 {$path}
sweep-names-more = {" "}等，另有 {$count} 个

## multi-year plans, trading, rewards and deductions
blocked-not-ready = 规划期内不具备用地条件
table-rule-project_window = 项目可用年度
table-rule-carry_over = 指标结转
table-rule-borrowing = 指标预支
table-rule-outside_boundary_horizon = 边界外比例（规划期）
table-rule-county_deduction = 等量扣减
table-rule-linkage_held = 增减挂钩节余指标
table-rule-trade = 指标交易
table-rule-trade_clearing = 指标交易市场
table-rule-trade_sell_limit = 可出让比例
table-rule-trade_budget = 购买预算
why-in-year = {$text}（{$year}年）
why-window = {$window}；{$reason}
window-ready = {$year}年起方具备用地条件
window-last = 仅在{$year}年前需要用地
indicator-farmland = 补充耕地指标
indicator-forest = 林地定额
indicator-linkage = 增减挂钩节余指标
fix-carry-over = 允许指标池“{$name}”多结转 {$amount} 亩至下一年度
fix-deduction = 将{$name}的等量扣减减少 {$amount} 亩
fix-linkage = {$name}还需增减挂钩节余指标 {$amount} 亩
story-by-year = 分年度：{$list}
story-window = {$list}（{$window}）
story-deduction = {$year}年等量扣减 {$mu}：当年可获指标相应减少（county_deduction）
story-trading = 指标交易：购入 {$bought}，支付 {$paid} 元；出让 {$sold}，收入 {$received} 元
story-nothing = 无
story-of = {$what} {$mu}
story-bought-line = {$year}年从 {$other} 购入{$indicator} {$mu} 亩，每亩 {$price} 元（共 {$amount} 元）
story-sold-line = {$year}年向 {$other} 出让{$indicator} {$mu} 亩，每亩 {$price} 元（共 {$amount} 元）
years-title = 分年度指标（结转：未用完的指标转入下一年度）
years-year = 年度
years-pool = 指标池
years-capacity = 计划（亩）
years-used = 已安排（亩）
years-carried-in = 结转转入
years-carried-out = 结转转出
years-borrowed = 预支
years-lent = 被预支
years-all = （合计）
trades-title = 指标交易（县际 {$n} 笔）
trades-from = 出让方
trades-to = 受让方
trades-indicator = 指标
trades-mu = 亩
trades-price = 元/亩
trades-yuan = 金额（元）
trades-county = 县（市、区）
trades-bought = 购入（亩）
trades-sold = 出让（亩）
trades-paid = 支付（元）
trades-received = 收入（元）

## 情景校验（src/scenario/validate.rs 及 validate/）
val-required-missing = 缺少必填字段
val-field-empty = {$field} 为空
val-unit-mu = 亩
val-unit-ha = 公顷
val-area-both = 同时填写了 {$short}_mu 和 {$short}_ha
val-area-both-hint = 只保留其中一个；1 公顷 = {$ratio} 亩
val-area-missing-hint = 请以亩为单位填写面积：{$short}_mu = ...（或以公顷为单位填写 {$short}_ha）
val-area-empty-mu-hint = 每一行都要填写 {$short}（亩）（或在 {$short}_ha 列中以公顷填写）
val-area-empty-ha-hint = 每一行都要填写 {$short}（公顷）（或在 {$short}_mu 列中以亩填写）
val-area-no-column = 缺少 {$short}_mu 列
val-area-no-column-hint = 请添加 {$short}_mu 列（或以公顷为单位的 {$short}_ha 列）
val-area-not-finite = 应为以{$unit}为单位的面积，实际为 {$found}
val-area-not-finite-hint = nan/inf 不是面积；请填写以{$unit}为单位的面积
val-area-too-large = 面积最多为 {$max} {$unit}（全国国土面积），实际为 {$found}
val-area-too-large-hint = 请核对单位和位数；本字段的单位为{$unit}
val-need-negative = 需求面积应为正数（单位：{$unit}），实际为 {$found}
val-need-negative-hint = 需求面积是该项用地需求申请的面积；如无需求，请删除该行
val-area-negative = 面积应不小于 0（单位：{$unit}），实际为 {$found}
val-area-negative-hint = 面积不能为负数；没有请填 0
val-share = 比例应在 0 到 1 之间，实际为 {$found}
val-share-percent-hint = {$value} 像是百分数；请写作 {$frac}
val-share-hint = 比例为 0 到 1 之间的小数：6% 应写作 0.06
val-expected-range = 应为 0 到 {$max} 之间的数，实际为 {$found}
val-expected-range-min = 应为 0 或 {$min} 到 {$max} 之间的数，实际为 {$found}
val-expected-positive = 应为正数，实际为 {$found}
val-one-of = 可选值：{$list}
val-did-you-mean-one-of = 是否应为“{$near}”？可选值：{$list}
val-unknown-value = 未知的{$what}“{$value}”
val-id-empty = id 为空
val-id-empty-hint = 每个条目都需要 id
val-id-chars = id“{$id}”含有 ASCII 字母、数字、'_' 和 '-' 以外的字符
val-id-chars-hint = id 用于命名模型的行和列；中文名称请写在 `name` 中，id 可用拼音等
val-place-line = 第 {$line} 行
val-place-row = 第 {$row} 条数据
val-place-sheet = 工作表“{$sheet}”第 {$row} 行
val-place-in-file = {$file} {$place}
val-what-category = 项目类别
val-what-pool = 指标池
val-what-county = 县（市、区）
val-what-project = 项目
val-what-tier = 项目层级
val-what-objective-mode = 目标模式
val-what-tie-break = 并列处理方式（tie_break）
val-what-basis = 计算基数（basis）
val-what-trading-scope = 交易范围
val-what-indicator = 指标种类
val-duplicate-id = {$what} id“{$id}”重复；第一个位于{$place}
val-duplicate-id-hint = 每个{$what}的 id 必须唯一
val-declare-first = 请先在 {$section} 中声明
val-known-list = 已声明的{$what}：{$list}
val-must-be-declared = 必须是情景中 {$section} 已声明的{$what}之一
val-name-a = 请填写{$what}；{$known}
val-did-you-mean-known = 是否应为“{$near}”？{$known}
val-missing-section = 缺少 `{$section}` 部分
val-missing-section-hint = 完整示例见 scenarios/tutorial/scenario.toml
val-section-empty = `{$section}` 部分没有任何条目
val-section-empty-hint = 情景中至少需要一条
val-pool-no-category = 指标池至少要适用于一个项目类别
val-pool-no-category-hint = 请列出可使用本指标池的项目类别
val-county-held-capacity = 由各县持有的指标池没有自身的容量
val-county-held-capacity-hint = 其容量就是各县持有的指标：请改为填写各县的 linkage_surplus_mu
val-second-county-held = 出现了第二个由各县持有的指标池
val-second-county-held-hint = 各县的增减挂钩节余指标（linkage_surplus_mu）合为一个指标池：只能声明一个
val-users-none = 没有项目使用
val-users-one = 有 1 个项目使用
val-users = 有 {$count} 个项目使用
val-category-unfunded = 没有指标池适用于项目类别“{$category}”（{$users}）
val-category-unfunded-hint = 请将其加入某个指标池的 `categories`，或删除该类别及其项目
val-duplicate-township = 县“{$county}”中的乡镇“{$township}”重复；第一个位于{$place}
val-duplicate-township-hint = 同一县内乡镇 id 必须唯一
val-township-unknown = 县“{$county}”中没有乡镇“{$township}”
val-township-near = 是否应为“{$near}”？或在 [[townships]] 下声明“{$township}”，并填写 county = "{$county}"
val-township-none = 县“{$county}”没有声明乡镇：请在 [[townships]] 下声明该乡镇并填写此县，或将 township 留空
val-township-list = “{$county}”的乡镇：{$list}；或在 [[townships]] 下声明该乡镇并填写此县，或将 township 留空
val-need-zero = 需求面积为 0
val-need-zero-hint = 用地需求的面积必须为正数；如无需求，请删除该行
val-occupied-exceeds = 占用耕地（{$farmland} 亩）与占用林地（{$forest} 亩）之和超过需求面积（{$need} 亩）
val-occupied-exceeds-hint = 占用的耕地和林地是项目自身用地的一部分：两者之和不能超过需求面积
val-one-year-only = 本情景只安排一个年度
val-one-year-only-hint = 请在 [rules.horizon] 下声明各年度（years = [2025, 2026, 2027]），或删除该字段
val-horizon-share-one-year-hint = 单一年度请用 max_share_total，或在 [rules.horizon] 下声明各年度
val-linkage-no-pool = 有县持有增减挂钩节余指标，但没有由各县持有的指标池
val-linkage-no-pool-hint = 请声明增减挂钩节余指标池，设 county_held = true，并列出其适用的项目类别
val-name-missing = 情景缺少名称
val-name-missing-hint = 请在 [scenario] 下添加 name = "..."
val-year-implausible = 年度 {$year} 不合理
val-year-implausible-hint = 应为计划年度，例如 2025
val-weights-hint = 权重为相对值，例如 national = 5 ... block = 1
val-bonus-hint = 相对加成：0.1 表示权重增加 10%
val-floor-above-cap = 县级保底（{$floor} 亩）高于县级上限（{$cap} 亩）
val-floor-above-cap-hint = 县级保底不能超过县级上限
val-linkage-explain = 增存挂钩需要 alpha（每处置 1 亩批而未供土地可得的指标亩数）和 beta（每处置 1 亩闲置土地可得的指标亩数），例如 alpha = 0.5
val-linkage-no-pools = 增存挂钩没有约束任何指标池
val-linkage-no-pools-hint = 请列出使用量受存量土地处置约束的指标池
val-no-limit = 没有给出任何比例上限
val-no-limit-hint = 请设置 max_share_total 和/或 max_share_county（例如 0.10）
val-earmark-category-hint = 请填写专项保障的项目类别：category = "..."
val-earmark-share-hint = 占计算基数的最低比例，例如 min_share = 0.05
val-basis-explained = plan（占各指标池容量之和的比例）、granted（占已分配量的比例）
val-earmark-twice = 项目类别“{$category}”设置了两次专项保障
val-earmark-twice-hint = 每个项目类别只保留一条专项保障
val-earmarks-over = 以 {$basis} 为基数的专项保障比例合计 {$sum}，超过 1
val-earmarks-over-hint = 各专项保障类别的最低比例之和不能超过整体：{$terms}
val-horizon-no-years = 规划期没有任何年度
val-horizon-no-years-hint = 请列出各年度，计划年度在前：years = [2025, 2026, 2027]
val-years-not-consecutive = 年度 [{$years}] 不连续
val-years-not-consecutive-hint = 请从计划年度起列出连续的年度，例如 [{$first}, {$second}, {$third}]
val-horizon-start = 规划期从 {$start} 年开始，但情景年度为 {$year} 年
val-horizon-start-hint = 规划期的第一年就是计划年度：请使二者一致
val-discount = 折现系数应在 (0, 1] 内，实际为 {$found}
val-discount-hint = 晚一年分配的 1 亩相对于当年分配的 1 亩的权重，例如 0.9
val-not-horizon-year = {$year} 不是规划期内的年度
val-not-horizon-year-one-hint = 如需安排以后年度，请在 [rules.horizon] 下声明多个年度（years = [...]）
val-not-horizon-year-hint = 规划期年度：{$years}
val-not-a-year = “{$key}”不是年份
val-not-a-year-hint = 键应为规划期内的年度：{"{"} 2026 = 12000, 2027 = 12500 {"}"}
val-capacity-negative = 面积应不小于 0，实际为 {$found}
val-capacity-negative-hint = 容量不能为负数；没有请填 0
val-plan-year = {$year} 是计划年度
val-plan-year-hint = 计划年度的数据就是县本身的数据（在 counties 中）；county_years 只填以后年度
val-county-year-twice = 县“{$county}”的 {$year} 年数据出现两次；第一次位于{$place}
val-county-year-twice-hint = 每个县每个年度只填一行
val-no-year = 情景没有年度
val-no-year-hint = 请在 [scenario] 下设置 year = ...（或在 [rules.horizon] 下设置规划期）
val-last-before-plan = 最后可用年度 {$last} 早于计划年度 {$first}
val-last-before-plan-hint = 最后可用年度已过的项目无法安排：请删除该项目
val-last-before-ready = 最后可用年度 {$last} 早于 ready_from {$ready}
val-last-before-ready-hint = ready_from 是项目可使用指标的第一年，last_year 是最后一年
val-counties-empty = 县列表为空
val-counties-empty-hint = 请列出可使用本指标池的县（id）或市（名称），或删除 `counties` 以允许所有县使用
val-trading-scope-explained = city（同一市内各县之间交易，市域调剂）、province（省内任意两县之间交易）
val-no-indicator = 没有可交易的指标
val-no-indicator-hint = 请列出可交易的指标：indicators = ["farmland", "forest", "linkage"]
val-indicator-explained = farmland（补充耕地指标）、forest（林地定额）、linkage（增减挂钩节余指标）
val-linkage-traded-no-pool = 交易增减挂钩节余指标，但没有由各县持有的指标池
val-linkage-traded-no-pool-hint = 请将增减挂钩节余指标声明为 county_held = true 的指标池，并填写各县的 linkage_surplus_mu
val-listed-twice = “{$name}”重复列出
val-listed-twice-hint = 每种指标只列一次
val-price-hint = 每亩价格（元），例如 30000
val-no-floor-price = {$indicator} 没有最低保护价
val-no-floor-price-hint = 请设置本市每亩最低保护价（元）：floor_price_yuan_per_mu = {"{"} {$indicator} = 30000 {"}"}
val-price-below-floor = 价格 {$price} 元/亩低于最低保护价 {$floor} 元/亩
val-price-below-floor-hint = 指标不得低于最低保护价交易：请提高价格或降低最低保护价
val-cost-hint = 每交易 1 亩的费用（元），例如 500
val-yuan-per-wmu-hint = 1 个加权亩指标折合的金额（元），例如 100000
val-cost-needs-rate = 以元计的交易费用需要设置 yuan_per_weighted_mu
val-cost-needs-rate-hint = 请设置 yuan_per_weighted_mu（1 个加权亩指标折合的金额，元），以便将费用与指标相权衡
val-budget-hint = 该县一年内购买指标的最高支出（元）

## 覆盖修改：--set、--remove、--add 与 extends（src/scenario/overrides.rs）
ovr-expected-path-value = 格式应为 PATH=VALUE
ovr-expected-path-value-hint = 例如 --set pools.urban_batch.capacity=25000 或 --set counties.yiwu.frozen=true
ovr-add-hint = 新增条目需要填写 {$section} 的全部必填字段
ovr-cannot-add = 不能向 `{$section}` 新增条目
ovr-cannot-add-hint = 可新增条目的部分：{$sections}
ovr-cannot-remove = 不能从 `{$section}` 删除条目
ovr-cannot-remove-hint = 可删除条目的部分：{$sections}
ovr-remove-none = {$section} 中没有 id 为“{$id}”的条目可删除
ovr-unknown-section = 未知的部分 `{$section}`
ovr-section-near = 是否应为 `{$near}`？路径须以下列之一开头：{$sections}
ovr-section-list = 路径须以下列之一开头：{$sections}
ovr-expected-record-path = 格式应为 {$section}.<id>.<field>
ovr-fields-of = {$what} 的字段：{$fields}
ovr-field-near = 是否应为 `{$near}`？{$what} 的字段：{$fields}
ovr-unknown-field = 未知字段 `{$field}`
ovr-unknown-id = {$section} 中没有 id“{$id}”
ovr-id-near = 是否应为 {$path}？
ovr-known-ids = 现有 id：{$ids}
ovr-no-such-id = {$section} 中没有条目使用此 id
ovr-id-ambiguous = {$section} 中有 {$count} 个条目的 id 为“{$id}”
ovr-id-ambiguous-hint = id 必须唯一才能覆盖修改
ovr-number-hint = 应为数字，例如 25000 或 0.6
ovr-expected-field = 部分名称之后应为字段名
ovr-no-entry = 此列表中没有条目“{$key}”
ovr-not-in-table = `{$key}` 不在表内
ovr-unknown-field-near = 未知字段 `{$field}`；是否应为 `{$near}`？此处可用的字段：{$fields}
ovr-unknown-field-valid = 未知字段 `{$field}`；此处可用的字段：{$fields}
ovr-type-number = 数字
ovr-type-bool = true 或 false
ovr-found-text = 文本 {$text}
ovr-expected-found = 应为{$expected}，实际为{$found}
ovr-no-number = `{$path}` 处没有可修改的数字：相对修改（*0.8、+500、-20%）需要原有数值；请直接给出新值

## 读取情景文件：取值类型不符、语法、未知字段、文件（src/scenario/load.rs）
load-expected-found = 应为{$expected}，实际为{$found}
load-type-number = 数字
load-type-integer = 整数
load-type-text = 带引号的文本
load-type-bool = true 或 false
load-type-list = 列表
load-type-table = 表
load-found-text = 文本 {$text}
load-found-number = 数字 {$number}
load-hint-remove-quotes = 请去掉引号：{$fix}
load-hint-plain-number = 数字不带单位、引号或千位分隔符：{$fix}
load-hint-write-number = 请填写纯数字，不带引号或单位（例如 {$key} = 50）
load-hint-quotes = 请加上引号：{$fix}
load-hint-list = 列表请写在方括号内：{$fix}
load-hint-bool = 请写 {$key} = true 或 {$key} = false
load-hint-table = `{$key}` 下有自己的字段：请写在 [{$table}] 行之下
load-hint-types = 数字不加引号，文本加引号，布尔值写 true/false
load-dir-no-scenario = 是文件夹，但其中没有 {$file}
load-dir-no-scenario-hint = 请指定情景的 TOML 文件，或包含 {$file} 的文件夹
load-check-path-hint = 请检查路径：应为情景的 TOML 文件，或包含 {$file} 的文件夹
load-io-not-found = 找不到文件
load-io-permission = 没有读取权限：无法读取该文件
load-io-is-dir = 是文件夹，不是文件
# {$kind}：标准库对错误的英文说明（例如 "timed out"）。
load-io-other = 无法读取该文件：{$kind}
load-io-path = {$error}：{$path}
load-not-utf8 = 该文件不是有效的 UTF-8 文本
load-not-utf8-hint = 请将情景文件另存为 UTF-8 编码（其中引用的表格可以是 GBK 编码的 CSV 或工作簿，但情景文件本身不能是 GBK 编码）
load-csv-not-scenario = 是 CSV 文件，不是情景文件
load-csv-not-scenario-hint = 请指定情景的 TOML 文件或其所在文件夹；CSV 文件在情景文件中引用（projects = "projects.csv"）
load-empty = 情景为空
load-empty-hint = 情景至少需要 [scenario]、[[categories]]、[[pools]]、县（counties）和项目（projects）；示例见 scenarios/tutorial
load-unknown-section = 未知的部分
load-unknown-section-near = 未知的部分；是否应为 `{$near}`？
load-known-sections = 可用的部分：{$list}
load-known-here = 此处可用：{$list}
load-syntax-header-hint = 部分写作 [名称]，列表中的表写作 [[名称]]，各占一行（其后只能有 # 注释）
load-syntax-key-hint = 每行写作 `键 = 值`；键为一个词（字母、数字、_ 和 -）
load-syntax-number-hint = 数字不带单位或引号（{$key} = 50）；文本须加引号
load-syntax-text-hint = 文本须加引号（{$key} = "..."）；数字不带单位或引号
load-duplicate-key = 同一个键在本表中出现了两次
load-duplicate-key-hint = 请删除两行中的一行（或在第二行之前另起一个 [[表]]）
load-value-missing = 缺少取值
load-value-missing-hint = 请在 `=` 之后填写取值（{$example}），或删除该行
load-close-quotes-hint = 请在同一行内闭合引号：{$key} = "..."
load-not-a-number = `{$value}` 不是数字
load-share-fraction-hint = 比例应写作小数：{$key} = {$frac}
load-expected-bool = 应为 true 或 false
load-expected-bool-found = 应为 true 或 false，实际为{$found}
load-text-needs-quotes = 文本须加引号
load-hint-write-text = 请写作 {$key} = "{$value}"
load-unknown-field = 未知字段
load-unknown-field-near = 未知字段；是否应为 `{$near}`？
load-accepted-fields = 可用的字段：{$list}
load-no-fields-hint = 请删除该字段：此表不设任何字段
load-remove-or-accepted-hint = 请删除该字段，或改用以下可用字段之一：{$list}
load-required-missing = 缺少必填字段
load-required-missing-of = 缺少必填字段（{$what}“{$id}”）
load-required-missing-hint = 请添加 {$example}；scenarios/tutorial/scenario.toml 列出了全部字段
load-example-table = [{$table}] 表
load-example-field = {$field} 字段
load-what-township = 乡镇
load-what-county-year = 县年度数据
# {$found}：TOML 解析器对该处取值类型的英文名称（string、integer、array 等）。
load-expected-table = 应为表，实际为 {$found}
load-expected-table-only = 应为表
load-section-table-hint = 请写成 [{$section}] 部分
load-entry-table-hint = 每个条目请写成一个 [[{$section}]] 表
load-expected-tables-or-csv = 应为 [[{$section}]] 表或 CSV 文件路径，实际为 {$found}
load-csv-path-hint = 例如 {$section} = "{$section}.csv"（路径相对于情景文件）
load-extends-path = 应为基础情景的路径
load-extends-path-hint = 例如 extends = "../jinhua-2025"（路径相对于本文件）
load-extends-deep = `extends` 继承链在此处超过 {$max} 个文件（位于 {$path}）
load-extends-deep-hint = 请让本情景继承更靠近链首的基础情景，或合并中间的部分情景
load-extends-cycle = {$path} 继承了自身（直接或经由其他文件）
load-extends-cycle-hint = 请消除 `extends` 的循环继承
load-remove-table = 应为由 id 列表组成的表
load-remove-table-hint = 例如 [remove] projects = ["p1", "p2"]
load-remove-list = 应为 id 列表
load-remove-list-hint = 例如 projects = ["p1"]
load-extends-entries = 应为按 id 覆盖基础情景条目的 [[条目]] 表
load-extends-entries-hint = 继承其他情景的情景只列出改动的内容；此处不接受 CSV 表格
load-entry-id = 条目需要 id
load-entry-id-hint = id 指明要修改基础情景中的哪个条目，或为新增条目命名

## diff: the terminal table
diff-head = 对比 A {$a} → B {$b}：目标值变化 {$delta}
diff-side = {$scenario}（{$status}，目标值 {$objective}）
diff-path = {"  "}{$side}：{$path}（{$source}）
diff-source-scenario = 方案文件，本次求解
diff-source-result = 已保存的求解结果
diff-status = 状态：{$a} → {$b}
diff-totals = 加权总量 {$weighted_a} → {$weighted_b}（{$weighted_delta}）；安排面积 {$granted_a} → {$granted_b} 亩（{$granted_delta}）
diff-note = 注意：{$note}
diff-note-no-plan = {$side}（{$path}）没有分配结果（状态：{$status}），不比较指标池、县（市、区）和项目
diff-note-no-explain = {$side}（{$path}）求解时未计算解释（--no-explain），不比较边际价值和未能多安排的原因
diff-pools = 指标池
diff-counties = 县（市、区）
diff-projects = 项目
diff-col-change = 变化
diff-col-field = 指标项
diff-col-a = A
diff-col-b = B
diff-col-delta = 增减
diff-change-changed = 有变化
diff-change-added = 新增
diff-change-removed = 删除
diff-change-unchanged = 无变化
diff-changed-below = 有变化（见下）
diff-field-capacity_mu = 总量（亩）
diff-field-used_mu = 已安排（亩）
diff-field-marginal_value = 边际价值
diff-field-granted_mu = 安排（亩）
diff-field-by_pool = 来自 {$key}（亩）
diff-field-by_year = {$key}年（亩）
diff-field-farmland_used_mu = 占用耕地（亩）
diff-field-forest_used_mu = 占用林地（亩）
diff-field-bought_mu = 买入 {$key}（亩）
diff-field-sold_mu = 卖出 {$key}（亩）
diff-field-paid_yuan = 支付（元）
diff-field-status = 保障情况
diff-field-reason = 未能多安排的原因
diff-reasons = 未能多安排的原因有变化
diff-no-changes = 指标池、县（市、区）和项目均无变化
diff-rows-changed-one = 1 行有变化
diff-rows-changed = {$count} 行有变化
diff-rows-hidden-one = ；1 行无变化，未列出（--all 可列出）
diff-rows-hidden = ；{$count} 行无变化，未列出（--all 可列出）
diff-rows-unchanged = ；{$count} 行无变化
diff-rows-omitted-one = ；另有 1 行未列出（--limit）
diff-rows-omitted = ；另有 {$count} 行未列出（--limit）

## batch: the terminal table
batch-summary = 批量求解：{$files}，重复 {$repeat} 次，{$threads}；总用时 {$wall} 秒
batch-files-one = 1 个方案文件
batch-files = {$count} 个方案文件
batch-threads-one = 1 个线程
batch-threads = {$count} 个线程
batch-col-path = 路径
batch-col-scenario = 方案
batch-col-status = 状态
batch-col-objective = 目标值
batch-col-projects = 项目数
batch-col-columns = 变量数
batch-col-rows = 约束数
batch-col-ms = {$stage}（毫秒）
batch-col-ms-range = {$stage}（毫秒）{"\u000A"}中位数（最小–最大）
batch-stage-read = 读取
batch-stage-validate = 校验
batch-stage-build = 建模
batch-stage-solve = 求解
batch-stage-check = 核验
batch-stage-write = 写出
batch-stage-total = 合计
batch-status-invalid = 方案有误
batch-status-write_failed = 写出失败
batch-status-error = 内部错误
batch-file-message = {$path}（{$status}）：{$message}
batch-skipped = 已跳过 {$path}：{$reason}

## sweep: the summary line
sweep-count = {$status} {$count} 个
sweep-count-sep = ，
sweep-status-invalid = 方案有误
sweep-status-error = 内部错误

## 求解进度（仅在终端的标准错误上显示）
progress-priority = 正在按优先级求解方案…
progress-fair = 同等项目按比例分配：第 {$round} 轮，未定项目均达到需求的 {$level}%（尚有 {$open} 个未定）
progress-explain = 正在生成说明（边际价值、原因、最优性证明）…

## issue 24: reasons a county head can be told (counterfactuals, plain words, names not ids)
cf-pool = “{$name}”指标已用完（{$rhs} 亩）
cf-stock = {$name}已达增存挂钩上限（{$rhs} 亩）
cf-farmland = {$name}的耕地占补平衡已用足（持有补充耕地指标 {$rhs} 亩）
cf-farmland-shared = 市级统筹补充耕地指标已用完（{$rhs} 亩）
cf-forest = {$name}的林地定额已用完（持有 {$rhs} 亩）
cf-forest-shared = 统筹林地定额已用完（{$rhs} 亩）
cf-outside-county = {$name}城镇开发边界外指标已达比例上限（所获指标的 {$share}）
cf-outside-total = 城镇开发边界外指标已达全域比例上限（全部安排指标的 {$share}）
cf-outside-horizon = 规划期内城镇开发边界外指标已达比例上限
cf-earmark-plan = “{$name}”专项保障（不少于年度计划的 {$share}）
cf-earmark-granted = “{$name}”专项保障（不少于已安排指标的 {$share}）
cf-cap = {$name}已达分配上限（{$rhs} 亩）
cf-floor = {$name}的保底额度（{$rhs} 亩）
cf-carry-over = “{$name}”指标结转至下一年度已达上限（{$rhs} 亩）
cf-borrowing = “{$name}”指标预支下一年度已达上限（{$rhs} 亩）
cf-deduction = {$name}等量扣减 {$deduction} 亩后最多可获 {$rhs} 亩
cf-linkage-held = {$name}增减挂钩节余指标已用完（持有 {$rhs} 亩）
cf-market = {$scope}{$indicator}交易市场已无可购指标
cf-market-scope = {$city}
cf-sell-limit = {$name}可出让指标已达上限（{$rhs} 亩）
cf-budget = {$name}指标购买预算已用完（{$yuan} 元）
cf-carry-limit = {$year}年结转已达上限（{$rhs} 亩）
cf-binds = {$name}的{$rule}已达限制
cf-shared-too = 统筹指标也已用完
cf-elsewhere = {$state}，占用了本项目可用的指标
cf-edit-pool = “{$name}”指标多 {$amount} 亩
cf-edit-farmland = {$name}补充耕地指标多 {$amount} 亩
cf-edit-farmland-shared = 市级统筹补充耕地指标多 {$amount} 亩
cf-edit-forest = {$name}林地定额多 {$amount} 亩
cf-edit-forest-shared = 统筹林地定额多 {$amount} 亩
cf-edit-unsupplied = {$name}多消化批而未供土地 {$amount} 亩（挂钩上限提高 {$ceiling} 亩）
cf-edit-idle = {$name}多处置闲置土地 {$amount} 亩（挂钩上限提高 {$ceiling} 亩）
cf-edit-outside-total = 边界外指标比例上限提高 {$points} 个百分点（至 {$share}）
cf-edit-outside-county = 各县边界外指标比例上限提高 {$points} 个百分点（至 {$share}）
cf-edit-earmark = “{$name}”专项保障比例降低 {$points} 个百分点（至 {$share}）
cf-edit-cap = {$name}分配上限提高 {$amount} 亩
cf-edit-floor = {$name}保底额度降低 {$amount} 亩
cf-and = {$a}且{$b}
cf-entry = {$state}：若{$edit}，本项目可多安排 {$gain} 亩
cf-entry-joint = {$state}（共同限制本项目）：若{$edit}，本项目可多安排 {$gain} 亩
cf-res-pool = “{$name}”指标
cf-res-earmark = “{$name}”专项保障
cf-bought = {$name}已从{$from_name}购入{$indicator} {$mu} 亩，每亩 {$price} 元
cf-bought-in = {$name}已于{$year}年从{$from_name}购入{$indicator} {$mu} 亩，每亩 {$price} 元
cf-lumpy = {$what}：一次性安排 {$floor} 亩的指标留给了其他项目；{$reason}
cf-shared-fair = 与 {$others} 条同等优先的需求按比例分配{$what}：每条均获得其需求的 {$percent}
cf-no-rule = 没有针对本项目自身的限制：可用指标已优先安排给更高优先级的项目
cf-story-stopped-by = 对应的情景修改（每条均已重新求解核实）：
cf-story-stopped-line = 多安排 {$gain} 亩：{$set}
cf-story-not-computed = （限制本项目的规则均无可试的本年度修改：以后年度的指标、结转上限或交易市场；见 README“Reasons”）
cf-story-neighbours = 为什么比其他县（市、区）少：限制本县项目的本县自身规则，以及放宽后本县项目可多安排的指标
cf-story-neighbour-rule = {$text}
cf-story-no-own-rule = 放宽本县自身的任何规则（本年度 100 亩）都不能使本县项目多得：所缺指标是与其他县共同分配的结果，或受以后年度限制
cf-story-pro-rata = 按比例分配（电子表格做法）：{$pro_rata}；本方案：{$granted}（{$diff}）
cf-story-pro-rata-why = 本方案先保障高优先级项目并满足全部规则，按比例分配做不到这一点（{$broken}）
cf-story-pro-rata-holds = 按比例分配满足全部规则
cf-more = 多 {$mu}
cf-less = 少 {$mu}
cf-none-first = 上述规则单独或同时放宽 {$amount} 亩（或 1 个百分点），新增指标都会先安排给其他项目，本项目不能多得
cf-story-county-entry = {$state}：若{$edit}，本县项目可多安排 {$gain} 亩（{$lines} 个项目）；{$also}
cf-story-also = 同类规则也限制了{$list}
cf-story-only-here = 其他县（市、区）未受此类规则限制
cf-comma = {$a}、{$b}
