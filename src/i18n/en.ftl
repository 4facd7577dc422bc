# English messages. One message per id; the same ids in zh.ftl (a test checks both ways).
# Arguments arrive formatted (numbers rounded by the caller).

## check
check-ok = {$path}: ok ({$pools} pools, {$counties} counties, {$projects} projects, plan {$plan} mu)

## shared words
list-sep = {"; "}
list-comma = {", "}
mu = {$value} mu
by-pool = : {$list}
value-unit = objective (weighted mu) per mu
value-more-less = {$more} (more) / {$less} (less)
value-more = {$more} (more)
value-less = {$less} (less)
value-undefined = undefined
value-more-less-short = {$more} more / {$less} less
value-per-more-less = {$more} per extra mu / {$less} per mu less
infeasible = infeasible
share-all-or-nothing = all or nothing
share-at-least = nothing or at least {$floor} mu
share-divisible = divisible

## rule names (English: the rule's id, as in JSON and the checks)
rule-non_negative = non_negative
rule-eligibility = eligibility
rule-pool_capacity = pool_capacity
rule-project_need = project_need
rule-min_share = min_share
rule-frozen_county = frozen_county
rule-township_consolidation = township_consolidation
rule-stock_linkage = stock_linkage
rule-farmland_balance = farmland_balance
rule-farmland_shared_pool = farmland_shared_pool
rule-forest_balance = forest_balance
rule-forest_shared_pool = forest_shared_pool
rule-outside_boundary_county = outside_boundary_county
rule-outside_boundary_total = outside_boundary_total
rule-earmark = earmark
rule-county_floor = county_floor
rule-county_cap = county_cap
rule-tier_fix = tier_fix

tier-national = national
tier-provincial = provincial
tier-city = city
tier-county = county
tier-block = block

grant-full = full
grant-partial = partial
grant-none = none

status-optimal = optimal
status-infeasible = infeasible
status-unbounded = unbounded
status-check_failed = check_failed
status-not_proven_optimal = not_proven_optimal
status-solver_error = solver_error

blocked-county-frozen = county frozen
blocked-township = township without land consolidation in the last 3 years
blocked-no-pool = no eligible pool

## reports
report-check-failed = the solver's answer breaks a rule (see checks); no plan is reported
report-infeasible = no allocation satisfies every rule (the LP is infeasible)
report-conflicts-failed = {$message} (conflict analysis failed: {$error})
report-values-failed = marginal values could not be computed: {$error}
report-gap = duality gap {$gap} is above the tolerance {$tolerance}

## why a project is not fully granted
why-pool-exhausted = pool {$id} exhausted ({$rhs} mu): one more mu there is worth {$worth}
why-stock-linkage = county {$id} stock-linkage ceiling reached ({$rhs} mu): one more mu of ceiling is worth {$worth}
why-farmland-balance = county {$id} farmland compensation used up ({$rhs} mu held): one more mu is worth {$worth}
why-farmland-shared = shared farmland compensation pool used up ({$rhs} mu): one more mu is worth {$worth}
why-forest-balance = county {$id} forest quota used up ({$rhs} mu held): one more mu is worth {$worth}
why-forest-shared = shared forest quota pool used up ({$rhs} mu): one more mu is worth {$worth}
why-outside-county = county {$id} outside-boundary share reached: one more mu of allowance is worth {$worth}
why-outside-total = outside-boundary share reached overall: one more mu of allowance is worth {$worth}
why-earmark = earmark {$id} binds: one mu less of it is worth {$worth}
why-county-cap = county {$id} cap reached ({$rhs} mu): one more mu of cap is worth {$worth}
why-county-floor = county {$id} floor binds ({$rhs} mu): one mu less of it is worth {$worth}
why-binds = {$rule} {$id} binds
why-shared-too = the shared pool is used up too (one more mu there is worth {$worth})
why-weight = {$parts}; this project's is {$weight}
why-tie = no rule binds against it: equally weighted demand elsewhere took the capacity (tie broken by list order)
why-lumpy = {$what}: {$floor} mu at once is worth less here than elsewhere; {$reason}

## what would make an infeasible scenario feasible
fix-floor-frozen = county {$id} is frozen (it may receive only exempt categories) yet has a floor of {$floor} mu: lower the floor by {$amount} mu, or lift the freeze
fix-floor = lower the floor of county {$id} by {$amount} mu
fix-cap = raise the cap of county {$id} by {$amount} mu
fix-stock-linkage = raise county {$id}'s stock-linkage ceiling ({$ceiling} mu) by {$amount} mu: dispose of more approved-but-unsupplied or idle land, or raise alpha/beta/base
fix-pool = add {$amount} mu to pool {$id}
fix-farmland = county {$id} needs {$amount} mu more farmland compensation indicators
fix-farmland-shared = add {$amount} mu to the shared farmland compensation pool
fix-forest = county {$id} needs {$amount} mu more forest quota
fix-forest-shared = add {$amount} mu to the shared forest quota pool
fix-earmark-plan = min_share {$share} of the plan is {$amount} mu short: lower it to at most {$at_most}
fix-earmark-granted = min_share {$share} of what is granted is {$amount} mu short: lower it
fix-earmark = the earmark for {$id} cannot be met: {$shares}, or add eligible {$id} demand and pool room
fix-outside-county = allow county {$id} {$amount} mu more outside the urban development boundary
fix-outside-total = allow {$amount} mu more outside the urban development boundary overall
fix-other = relax {$rule} {$id} by {$amount} mu

## the table (solve --format table)
table-head = scenario {$scenario} ({$year})  status: {$status}  backend: {$backend}
table-conflicts = Conflicting rules (the smallest relaxation that makes the scenario feasible)
not-alone = not alone
table-granted = granted {$granted} of {$plan} mu planned; objective {$objective} (weighted mu {$weighted})
table-optimality = optimality: duality gap {$gap} (tolerance {$tolerance}), max primal violation {$primal} mu, max dual violation {$dual}: {$verdict}
proven-optimal = proven optimal
not-proven-optimal = NOT proven optimal
table-integer-bound = integer optimum at most {$bound} (blocks' Lagrangian bound): plan within {$gap} of it
table-stage = {"  "}tier {$tier}: {$optimum} mu (lexicographic stage optimum)
table-pools = Pools
table-counties = Counties
county-frozen-mark = {$id} (frozen)
table-projects = Projects: {$full} full, {$partial} partial, {$none} none{$listing}
table-projects-listing = {" "}(listing those not fully granted; --all-projects lists all)
status-blocked = none: {$why}
reason-line = {"  "}{$id}: {$why}
table-why-not-more = Why not more (marginal values in {$unit}):
table-baseline = Optimum vs pro-rata ({$method})
table-baseline-weighted = weighted mu: optimum {$optimum} , pro-rata {$baseline} ({$change}%)
baseline-breaks-none = the pro-rata plan breaks no rule
baseline-breaks = rules the pro-rata plan breaks:
baseline-broken-rule = {"  "}{$rule} by {$by} mu (worst: {$worst})
table-checks = Rule checks (recomputed from the scenario, tolerance {$tolerance} mu)
holds-yes = yes
holds-no = NO
col-rule = rule
col-id = id
col-gives-jointly = gives mu (jointly)
col-alone = alone mu
col-suggestion = suggestion
col-pool = pool
col-name = name
col-capacity-mu = capacity mu
col-used-mu = used mu
col-free-mu = free mu
col-marginal-value = marginal value
col-county = county
col-granted-mu = granted mu
col-farmland-used-held = farmland used/held
col-forest-used-held = forest used/held
col-floor-cap = floor/cap
col-binding-rules = binding rules
col-project = project
col-tier = tier
col-need-mu = need mu
col-status = status
col-pools = pools
col-projects = projects
col-optimum-mu = optimum mu
col-pro-rata-mu = pro-rata mu
col-optimum-full = optimum full
col-pro-rata-full = pro-rata full
col-holds = holds
col-instances = instances
col-max-violation-mu = max violation mu
col-worst = worst

## explain
what-project = project
what-county = county
find-ambiguous = {$what} "{$query}" matches several: {$list}; give the id
find-unknown = unknown {$what} "{$query}"
find-did-you-mean = unknown {$what} "{$query}"; did you mean {$ids}?{$names}
state-binding = binding
state-slack = slack {$slack}
marginal-value-is = marginal value {$value}
story-not-optimal = scenario {$scenario}: {$message}
story-project = Project {$id} {$name}
story-township = {$id} {$name} ({$state})
consolidated = consolidated
not-consolidated = no recent consolidation
story-project-county = county {$id} {$name}; township {$township}
story-project-category = category {$id} {$name}; tier {$tier} (weight {$weight} per mu)
story-project-need = need {$need}; {$share}; farmland {$farmland} and forest {$forest} at full need; {$side} the urban development boundary
boundary-outside = outside
boundary-inside = inside
story-project-granted = granted {$granted} ({$status}){$pools}
story-why-not-more = why not more: {$why}
story-fully-granted = fully granted
story-rules-touching = Rules that touch it (marginal values in {$unit}):
story-county = County {$id} {$name} ({$city})
story-county-frozen = {"  "}FROZEN: only exempt categories may be granted
story-county-granted = granted {$granted}{$pools}
story-county-stock = stock linkage: {$drawn} drawn from linked pools, ceiling {$ceiling} = {$alpha}×{$unsupplied} unsupplied + {$beta}×{$idle} idle + {$base} base
story-county-occupied = farmland occupied {$farmland} (held {$farmland_held}); forest occupied {$forest} (held {$forest_held})
story-county-floor-cap = floor {$floor}, cap {$cap}
story-county-no-binding = no county rule binds
story-county-binding = Binding rules (marginal values in {$unit}):
story-county-projects = Projects:
story-county-project = {$id} {$name} [{$tier}] {$granted} of {$need} ({$status})

## command line
error = error: {$message}
year = {$year}
