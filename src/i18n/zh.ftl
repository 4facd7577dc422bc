# 中文消息。每个 id 一条，与 en.ftl 一一对应（测试双向检查）。
# 参数已由调用方格式化（数字已取整）。

## check
check-ok = {$path}：通过（{$pools} 个指标池，{$counties} 个县（市、区），{$projects} 个项目，计划 {$plan} 亩）
