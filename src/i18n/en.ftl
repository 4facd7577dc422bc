# English messages. One message per id; the same ids in zh.ftl (a test checks both ways).
# Arguments arrive formatted (numbers rounded by the caller).

## check
check-ok = {$path}: ok ({$pools} pools, {$counties} counties, {$projects} projects, plan {$plan} mu)
