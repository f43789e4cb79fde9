#!/usr/bin/env bash
# bench-table.sh: the one table of `make bench`, from the RESULT lines of a run
#
# Usage: tests/bench/bench-table.sh RESULTS_FILE
#
# Reads the RESULT lines that run-bench.sh collected (bench-size.sh for each
# size, bench-render, the header line name=run) and prints one row per measure
# and size: the figure, its baseline measured in the same run, the ratio, the
# target and MET / NOT MET ("n/a" where a figure is missing). A RESULT line
# that the table does not know but that carries value= and unit= (and
# optionally baseline= and target=, e.g. target=<=10 or target=>=0.5x) gets a
# row of its own; see tests/bench/README.
set -euo pipefail

results=${1:?usage: bench-table.sh RESULTS_FILE}

awk '
function get(name, size, key,    line, n, i, parts, kv) {
  line = lines[name SUBSEP size]
  if (line == "")
    return ""
  n = split(line, parts, /[ \t]+/)
  for (i = 1; i <= n; i++)
    if (index(parts[i], key "=") == 1)
      return substr(parts[i], length(key) + 2)
  return ""
}
function ms(us) { return us == "" ? "" : sprintf("%.2f ms", us / 1000) }
function per_s(x) { return x == "" ? "" : sprintf("%.0f/s", x) }
function mb(kb) { return kb == "" ? "" : sprintf("%.1f MB", kb / 1024) }
function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "" : sprintf("%.2fx", a / b) }
# compares x (a number) with a target such as <=10, <50, >=0.5x, >1x
function meets(x, target,    op, limit) {
  if (x == "" || target == "" || target == "-")
    return ""
  match(target, /^[<>]=?/)
  if (RLENGTH < 1)
    return ""
  op = substr(target, 1, RLENGTH)
  limit = substr(target, RLENGTH + 1) + 0
  x += 0
  if (op == "<=") return x <= limit
  if (op == "<") return x < limit
  if (op == ">=") return x >= limit
  return x > limit
}
# one row; value is the number the target applies to
# requests that failed or timed out in a wrk run, which make its figure worthless
function failures(name, size) {
  return get(name, size, "non2xx") + get(name, size, "socket_errors")
}
# one row; value is the number the target applies to; row_errors, when set, voids the verdict
function row(measure, size, figure, baseline, rat, target, value,    verdict, met) {
  met = meets(value, target)
  if (row_errors > 0)
    verdict = "VOID: " row_errors " failed requests"
  else if (target == "" || target == "-")
    verdict = "-"
  else if (figure == "" || met == "")
    verdict = "n/a"
  else
    verdict = met ? "MET" : "NOT MET"
  if (figure == "")
    figure = "n/a"
  printf "%-50s %9s %14s %16s %8s %10s  %s\n", measure, size == "" ? "-" : size, figure,
         baseline == "" ? "-" : baseline, rat == "" ? "-" : rat, target == "" ? "-" : target, verdict
  row_errors = 0
}
function throughput_row(measure, name, base_name, base_label, target, key,    s, size, a, b) {
  for (s = 1; s <= n_sizes; s++) {
    size = sizes[s]
    a = get(name, size, "rps")
    b = base_name == "" ? "" : get(base_name, size, key == "" ? "qps" : key)
    row_errors = failures(name, size)
    row(measure, size, per_s(a), b == "" ? (base_name == "" ? "" : "n/a") : base_label " " per_s(b),
        ratio(a, b), target, target ~ /x$/ ? (b == "" ? "" : a / b) : a)
  }
}
# p95 at each size, beside the same measure at the smallest size
function latency_row(measure, name, target,    s, size, a, b) {
  b = get(name, sizes[1], "p95_us")
  for (s = 1; s <= n_sizes; s++) {
    size = sizes[s]
    a = get(name, size, "p95_us")
    row_errors = failures(name, size)
    # no answer within the run: slower than the whole run
    if (a == "0" && row_errors > 0)
      a = ""
    row(measure, size, a == "" ? (row_errors > 0 ? "no answer" : "") : "p95 " ms(a), s == 1 || b == "" ? "" : "at " sizes[1] " " ms(b),
        s == 1 ? "" : ratio(a, b), target, a == "" ? "" : a / 1000)
  }
}
function generic_row(name, size, measure, default_target,    value, unit, baseline, target) {
  value = get(name, size, "value")
  unit = get(name, size, "unit")
  baseline = get(name, size, "baseline")
  target = get(name, size, "target")
  if (target == "")
    target = default_target
  row(measure == "" ? name : measure, size, value " " unit, baseline == "" ? "" : baseline " " unit, ratio(value, baseline), target,
      target ~ /x$/ ? (baseline == "" ? "" : value / baseline) : value)
  used[name SUBSEP size] = 1
}
# a row of the value= unit= convention that the table always shows, n/a until it appears
function named_row(measure, name, size, target,    value) {
  value = get(name, size, "value")
  if (value == "") {
    row(measure, size, "", "", "", target, "")
    return
  }
  generic_row(name, size, measure, target)
}

/^RESULT / {
  name = ""; size = ""
  for (i = 2; i <= NF; i++) {
    if ($i ~ /^name=/) name = substr($i, 6)
    else if ($i ~ /^size=/) size = substr($i, 6)
  }
  if (name == "")
    next
  lines[name SUBSEP size] = $0
  if (!((name SUBSEP size) in seen)) {
    seen[name SUBSEP size] = 1
    order[++n_lines] = name SUBSEP size
  }
}

END {
  # the lines that the rows above read
  known = "^(get-by-id|get-by-id-latency|health|first-page|deep-page|count|count-exact|search-count|"
  known = known "search-(chinese|latin|phone)-(common|rare|none)|raw-.*|create-(4|16)|audit-.*|rapportd-idle-rss|"
  known = known "rapportd-rss-after|render-preview-cpu|render-200-lines|preview-cpu|preview-rss-after)$"
  n_sizes = split(get("run", "", "sizes"), sizes, ",")
  printf "Rapport benchmark: %s CPUs, load average %s at start and %s at the end; %s\n",
         get("run", "", "nproc"), get("run", "", "load_start"), get("run", "", "load_end"), get("run", "", "date")
  printf "wrk -t%s -c%s for throughput, -c%s for latencies (p95), %s s a run after %s s of warm-up; loopback, plain HTTP (no TLS)\n",
         get("run", "", "wrk_threads"), get("run", "", "wrk_connections"), get("run", "", "latency_connections"),
         get("run", "", "seconds"), get("run", "", "warmup")
  for (s = 1; s <= n_sizes; s++)
    printf "%s accounts: rapportd with %s HTTP thread(s) and %s workers, load average %s at its start; accounts %s\n",
           sizes[s], get("rapportd", sizes[s], "http_threads"), get("rapportd", sizes[s], "workers"),
           get("rapportd", sizes[s], "load_average"),
           (get("load", sizes[s], "seconds") == "cached" ? "copied from BENCH_DATA_CACHE" : \
            "loaded in " get("load", sizes[s], "seconds") " s on " get("load", sizes[s], "jobs") " connection(s)")
  print "Baselines, same run, same MariaDB socket: Connector/C loops in C (bench-pk-select, bench-insert); the transaction"
  print "of a create less its audit statements, through the repository code of rapportd (bench-create-tx); bench-audit"
  print ""
  printf "%-50s %9s %14s %16s %8s %10s  %s\n", "measure", "accounts", "figure", "baseline", "ratio", "target", "verdict"

  throughput_row("GET /accounts/:id, 16 conns", "get-by-id", "raw-pk-select-16", "PK SELECT", ">=0.7x")
  throughput_row("GET /accounts/:id vs session + PK SELECT", "get-by-id", "raw-session-pk-select-16", "sess+PK", "-")
  throughput_row("GET /accounts/:id vs its own SELECT with names", "get-by-id", "raw-named-pk-select-16", "PK+names", "-")
  throughput_row("GET /health, 16 conns", "health", "", "", ">=30000/s")
  latency_row("GET /accounts/:id", "get-by-id-latency", "<=2ms")
  latency_row("first page (limit 20)", "first-page", "<=2ms")
  latency_row("deep cursor page (90 %)", "deep-page", "<=2ms")
  latency_row("count=true", "count", "<50ms")
  latency_row("count=exact (for reference)", "count-exact", "-")
  latency_row("search Chinese common + count=true", "search-count", "<50ms")
  latency_row("search Chinese common", "search-chinese-common", "<50ms")
  latency_row("search Chinese rare (a full name)", "search-chinese-rare", "<50ms")
  latency_row("search Chinese, no match", "search-chinese-none", "<50ms")
  latency_row("search Latin common", "search-latin-common", "<50ms")
  latency_row("search Latin rare (a full name)", "search-latin-rare", "<50ms")
  latency_row("search Latin, no match", "search-latin-none", "<50ms")
  latency_row("search phone digits common", "search-phone-common", "<50ms")
  latency_row("search phone digits rare", "search-phone-rare", "<50ms")
  latency_row("search phone digits, no match", "search-phone-none", "<50ms")
  for (c = 4; c <= 16; c += 12) {
    throughput_row("POST /accounts (audited), " c " conns", "create-" c, "raw-insert-" c, "INSERT", ">=0.5x")
    throughput_row("POST /accounts vs transaction w/o audit, " c, "create-" c, "raw-transaction-" c, "tx", "-")
  }
  for (s = 1; s <= n_sizes; s++) {
    a = get("create-16", sizes[s], "rps"); b = get("create-4", sizes[s], "rps")
    row_errors = failures("create-16", sizes[s]) + failures("create-4", sizes[s])
    row("POST /accounts, 16 conns vs 4", sizes[s], per_s(a), b == "" ? "" : "4 conns " per_s(b), ratio(a, b),
        ">1x", b == "" ? "" : a / b)
  }
  for (c = 4; c <= 16; c += 12)
    for (s = 1; s <= n_sizes; s++) {
      a = get("audit-audited-" c, sizes[s], "tps"); b = get("audit-raw-" c, sizes[s], "tps")
      if (a == "" && b == "")
        continue
      # a run that completed no transaction failed
      if (a == 0)
        a = ""
      row("bench-audit: audited tx vs raw INSERT, " c, sizes[s], per_s(a), b == "" ? "" : "INSERT " per_s(b),
          ratio(a, b), ">=0.5x", b == "" ? "" : a / b)
      b = get("audit-plain-" c, sizes[s], "tps")
      row("bench-audit: audited tx vs same tx unaudited, " c, sizes[s], per_s(a), b == "" ? "" : "tx " per_s(b),
          ratio(a, b), "-", "")
    }
  for (s = 1; s <= n_sizes; s++) {
    a = get("rapportd-idle-rss", sizes[s], "rss_kb")
    row("rapportd idle RSS (before loading)", sizes[s], mb(a), "", "", "<30MB", a == "" ? "" : a / 1024)
  }
  for (s = 1; s <= n_sizes; s++) {
    a = get("rapportd-rss-after", sizes[s], "rss_kb")
    row("rapportd RSS after the HTTP read runs", sizes[s], mb(a), "", "", "-", "")
  }
  named_row("quote render, one page, CPU (bench-render)", "render-preview-cpu", "", "<=10ms")
  named_row("quote render, 200 lines (bench-render)", "render-200-lines", "", "<100ms")
  for (s = 1; s <= n_sizes; s++)
    named_row("quote preview CPU through rapportd", "preview-cpu", sizes[s], "<=10ms")
  for (s = 1; s <= n_sizes; s++)
    named_row("rapportd RSS after 1,000 previews", "preview-rss-after", sizes[s], "<40MB")
  # the figures of other benchmarks: value= unit= lines, then latencies (p95_us=) beside the smallest size
  for (i = 1; i <= n_lines; i++) {
    split(order[i], key, SUBSEP)
    if (!(order[i] in used) && key[1] !~ known && get(key[1], key[2], "value") != "")
      generic_row(key[1], key[2])
  }
  for (i = 1; i <= n_lines; i++) {
    split(order[i], key, SUBSEP)
    if ((order[i] in used) || key[1] ~ known || get(key[1], key[2], "p95_us") == "")
      continue
    target = get(key[1], key[2], "target")
    # the target of every search
    if (target == "")
      target = (key[1] ~ /^search-/ && key[1] !~ /count-exact/) ? "<50ms" : "-"
    latency_row(key[1], key[1], target)
    for (s = 1; s <= n_sizes; s++)
      used[key[1] SUBSEP sizes[s]] = 1
  }
  # and what has no figure of the kinds above, as it came
  others = 0
  for (i = 1; i <= n_lines; i++) {
    split(order[i], key, SUBSEP)
    if ((order[i] in used) || key[1] ~ known || key[1] ~ /^(run|rapportd|load)$/)
      continue
    if (!others++)
      print "\nOther results:"
    print "  " lines[order[i]]
  }
}
' "$results"
