#!/usr/bin/env bash
# bench-kb-search.sh: knowledge-base search over N articles: what indexing whole bodies costs, and search and suggestion latencies
#
# Usage: bash tests/bench/bench-kb-search.sh BUILD_DIR [N]
# (not executable, so that bench-size.sh does not load it for every size)
#
# Starts rapportd (plain HTTP on loopback) on a fresh data directory and
# loads N [100000] published articles inside MariaDB (INSERT … SELECT from
# the sequence engine), each a title, a summary, keywords and a body of
# 1–3 KB drawn from 48 Chinese and 24 English sentences of printer, device
# and invoice support, with a model number (one of 5,000), a fault code
# (one of 50,000) and a serial number (its own) that make rare terms. Then:
#   kb-index        rapport-admin search rebuild: the postings of every
#                   article (articles a second, postings an article, the
#                   index's size in MariaDB)
#   kb-create-*     POST /api/v1/kb-articles at one connection, audited and
#                   indexed in the write's transaction, BENCH_REQUESTS times:
#                   with a 2 KB body, and with the title alone
#   kb-search-*     GET /api/v1/kb-articles?q=TERM&limit=20 (wrk, one
#                   connection, BENCH_SECONDS): common, rare and absent terms
#                   in Chinese and English
#   kb-suggest-*    GET /api/v1/kb-articles/suggest?subject=… for a Chinese
#                   and an English subject
#   mroonga-*       when MariaDB's Mroonga plugin is installed (Debian's
#                   mariadb-plugin-mroonga; BENCH_MROONGA=0 skips it): the same
#                   articles copied into a Mroonga table with a FULLTEXT index
#                   (TokenBigram, NormalizerAuto) over the four columns, the
#                   copy timed (mroonga-index) and its files' size, then each
#                   search term as MATCH … AGAINST (… IN BOOLEAN MODE) LIMIT 20,
#                   BENCH_REQUESTS times, timed by MariaDB (SHOW PROFILES): the
#                   statement alone, without HTTP, permissions or JSON, so below
#                   what the same search costs through rapportd
# Every line on stdout is `RESULT name=... p50_us=... p95_us=... rows=N`
# (the searches' lines as path.lua prints them, with hits=); progress goes to
# stderr. Environment: BENCH_REQUESTS [200], BENCH_SECONDS [10], BENCH_WARMUP [2],
# BENCH_MARIADBD_OPTIONS (e.g. innodb_buffer_pool_size=4G: the index in memory).

set -euo pipefail

bench=bench-kb-search
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=$(cd "${1:?usage: bench-kb-search.sh BUILD_DIR [N]}" && pwd)
n=${2:-100000}
runs=${BENCH_REQUESTS:-200}
seconds=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP:-2}
password="bench kb password"

for tool in curl jq mariadb bc wrk; do
  command -v "$tool" >/dev/null || { echo "$bench: $tool is needed" >&2; exit 1; }
done

# shellcheck source=bench-rapportd.sh
source "$here/bench-rapportd.sh"

if [[ -n ${BENCH_MARIADBD_OPTIONS:-} ]]; then
  rapportd_config=$data_dir/rapportd.conf
  printf '[embedded]\nmariadbd_options=%s\n' "$BENCH_MARIADBD_OPTIONS" >"$rapportd_config"
fi

say "== starting rapportd in $data_dir"
start_rapportd
printf '%s' "$password" >"$data_dir/password"
"$admin" --data-dir "$data_dir" user add bench.writer --role service --name "Bench Writer" \
  --password-file "$data_dir/password" >/dev/null || die "cannot add the writer"
token=$(sign_in bench.writer "$password")

say "== loading $n published articles"
sql "CREATE TABLE bench_zh (id INT PRIMARY KEY, s VARCHAR(200)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
     CREATE TABLE bench_en (id INT PRIMARY KEY, s VARCHAR(300)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;"
i=0
while read -r sentence; do
  sql "INSERT INTO bench_zh VALUES ($i, '$sentence')"
  i=$((i + 1))
done <<'ZH'
如果打印机卡纸，请先关闭电源，然后打开后盖取出纸张。
更换硒鼓前请确认设备已经冷却，避免烫伤。
复印机出现条纹时，请清洁扫描玻璃和电晕丝。
发票开具前，请核对客户的税号和开户银行。
增值税专用发票需要在系统中先登记购买方信息。
设备报警时请记录屏幕上的故障代码并联系售后工程师。
呼吸机每日使用前应进行自检，确认管路没有漏气。
监护仪的血氧探头脏污会导致读数不准，请用酒精棉片擦拭。
输液泵提示阻塞时，检查管路是否打折或夹闭。
系统升级后如无法登录，请清除浏览器缓存后重试。
客户要求退货时，请先确认订单号和收货日期。
合同到期前三十天，系统会提醒负责人续签。
网络打印机无法连接时，请检查交换机端口和IP地址。
扫描件模糊通常是分辨率设置过低造成的。
保修期内的维修不收取人工费，但耗材另计。
安装驱动程序时请以管理员身份运行安装包。
如果设备在运输中受损，请拍照并在签收单上注明。
定期校准可以保证测量结果的准确性。
电源指示灯闪烁表示设备正在进入节能模式。
更换滤网后需要在菜单中重置使用时间。
工程师上门前会电话预约具体时间。
纸盒卡住时不要用力拉出，以免损坏搓纸轮。
碳粉不足时打印颜色会变浅，请及时更换。
双面打印功能需要在驱动属性中开启。
设备固件可以在官网的下载中心获取。
请保留原始包装，以便返修时使用。
报修时请提供设备序列号和购买凭证。
长时间不用时请拔下电源插头。
屏幕触摸失灵时可以先重启设备。
消毒时请勿让液体流入设备内部。
电池续航明显下降时建议更换电池。
如需开具红字发票，请先提交申请单。
快递签收后七天内可以申请无理由退货。
账户被锁定后，请联系管理员解锁。
密码连续输错五次会被暂时冻结。
报价单审批通过后才能发送给客户。
医疗器械的不良事件需要在规定时间内上报。
投诉处理完毕后需要客户确认并签字。
如果定影器温度过高，设备会自动停机保护。
更换感光鼓时请避免阳光直射。
设备移动后需要重新调平。
打印速度变慢可能是内存不足引起的。
驱动程序与操作系统版本不兼容时会出现乱码。
使用非原装耗材可能影响保修。
培训视频可以在客户门户中观看。
工单关闭后客户会收到满意度调查。
备件库存不足时会优先从区域仓库调拨。
年度维护合同包含两次上门保养。
ZH
i=0
while read -r sentence; do
  sql "INSERT INTO bench_en VALUES ($i, '$sentence')"
  i=$((i + 1))
done <<'EN'
If the printer reports a paper jam, switch it off and open the rear cover.
Replace the toner cartridge when the prints become faint or streaked.
The scanner glass must be cleaned weekly to avoid lines on copies.
Check the network cable and the IP address when the device is offline.
Firmware updates are available from the download centre of our website.
The ventilator runs a self test every morning before the first patient.
An occlusion alarm on the infusion pump usually means a kinked line.
Please keep the original packaging for returns and repairs.
The warranty covers labour but not consumables such as drums and filters.
Reset the filter counter in the maintenance menu after a replacement.
Invoices are issued after the tax number of the customer has been verified.
Locked accounts are unlocked by an administrator from the users page.
Duplex printing has to be enabled in the driver properties first.
A blinking power light means that the device is entering sleep mode.
Calibrate the sensor every six months to keep readings accurate.
Install the driver as an administrator to avoid permission errors.
Slow printing is often caused by a lack of memory on large documents.
The engineer calls to book a visit before coming on site.
Spare parts are shipped from the regional warehouse within two days.
Adverse events with medical devices must be reported within the deadline.
A complaint is closed once the customer confirms the resolution.
Do not let liquids enter the housing while disinfecting the device.
Battery life drops after about five hundred charge cycles.
Customers can watch the training videos in the self service portal.
EN
start=$(date +%s.%N)
sql "SET @writer = (SELECT id FROM users WHERE login = 'bench.writer');
     DELIMITER //
     FOR b IN 0 .. ($n - 1) DIV 50000 DO
       INSERT INTO \`kb-articles\` (created_at, updated_at, created_by, title, summary, keywords, body, visibility, status,
                                   language, published_version, published_at, owner_id)
       SELECT UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), @writer,
              CONCAT((SELECT s FROM bench_zh WHERE id = seq MOD 48), ' 型号 MX-', LPAD(seq MOD 5000, 4, '0')),
              (SELECT s FROM bench_zh WHERE id = (seq * 7 + 3) MOD 48),
              CONCAT('MX-', LPAD(seq MOD 5000, 4, '0'), ', E', LPAD(seq MOD 50000, 5, '0')),
              CONCAT_WS('\n\n',
                (SELECT s FROM bench_zh WHERE id = seq MOD 48),
                (SELECT s FROM bench_zh WHERE id = (seq * 7 + 3) MOD 48),
                (SELECT s FROM bench_en WHERE id = seq MOD 24),
                (SELECT s FROM bench_zh WHERE id = (seq * 13 + 5) MOD 48),
                CONCAT('故障代码 E', LPAD(seq MOD 50000, 5, '0'), '：请按说明书第', seq MOD 97, '页处理。'),
                (SELECT s FROM bench_zh WHERE id = (seq * 17 + 11) MOD 48),
                (SELECT s FROM bench_en WHERE id = (seq * 5 + 1) MOD 24),
                (SELECT s FROM bench_zh WHERE id = (seq * 19 + 2) MOD 48),
                (SELECT s FROM bench_zh WHERE id = (seq * 23 + 7) MOD 48),
                (SELECT s FROM bench_en WHERE id = (seq * 11 + 4) MOD 24),
                IF(seq MOD 3 = 0, (SELECT s FROM bench_zh WHERE id = (seq * 29 + 1) MOD 48), ''),
                IF(seq MOD 3 = 0, (SELECT s FROM bench_en WHERE id = (seq * 3 + 2) MOD 24), ''),
                IF(seq MOD 2 = 0, (SELECT s FROM bench_zh WHERE id = (seq * 31 + 9) MOD 48), ''),
                IF(seq MOD 2 = 0, (SELECT s FROM bench_zh WHERE id = (seq * 37 + 4) MOD 48), ''),
                IF(seq MOD 2 = 0, (SELECT s FROM bench_en WHERE id = (seq * 7 + 6) MOD 24), ''),
                (SELECT s FROM bench_zh WHERE id = (seq * 43 + 10) MOD 48),
                (SELECT s FROM bench_zh WHERE id = (seq * 47 + 12) MOD 48),
                (SELECT s FROM bench_en WHERE id = (seq * 13 + 8) MOD 24),
                (SELECT s FROM bench_zh WHERE id = (seq * 53 + 14) MOD 48),
                (SELECT s FROM bench_zh WHERE id = (seq * 59 + 16) MOD 48),
                CONCAT('Serial number SN', LPAD(seq, 7, '0'), ' was checked on site.'),
                (SELECT s FROM bench_en WHERE id = (seq * 17 + 9) MOD 24),
                (SELECT s FROM bench_zh WHERE id = (seq * 61 + 18) MOD 48),
                IF(seq MOD 3 = 0, (SELECT s FROM bench_zh WHERE id = (seq * 67 + 20) MOD 48), ''),
                IF(seq MOD 3 = 0, (SELECT s FROM bench_en WHERE id = (seq * 19 + 10) MOD 24), ''),
                IF(seq MOD 5 = 0, (SELECT s FROM bench_zh WHERE id = (seq * 41 + 8) MOD 48), ''),
                IF(seq MOD 5 = 0, (SELECT s FROM bench_en WHERE id = (seq * 23 + 11) MOD 24), ''),
                IF(seq MOD 5 = 0, (SELECT s FROM bench_zh WHERE id = (seq * 71 + 22) MOD 48), ''),
                IF(seq MOD 5 = 0, (SELECT s FROM bench_zh WHERE id = (seq * 73 + 24) MOD 48), '')),
              IF(seq MOD 4 = 0, 'customer', 'internal'), 'published', IF(seq MOD 3 = 0, 'en', 'zh_CN'), 1,
              UTC_TIMESTAMP(6), @writer
         FROM seq_1_to_10000000 WHERE seq > b * 50000 AND seq <= LEAST((b + 1) * 50000, $n);
     END FOR //
     DELIMITER ;
     ANALYZE TABLE \`kb-articles\`" >/dev/null
load=$(echo "$(date +%s.%N) - $start" | bc)
avg_body=$(sql "SELECT ROUND(AVG(OCTET_LENGTH(body))) FROM \`kb-articles\`")
say "== loaded in ${load}s, bodies of $avg_body bytes on average"
echo "RESULT name=kb-load seconds=$load rows=$n body_bytes=$avg_body"

say "== indexing every article (rapport-admin search rebuild)"
start=$(date +%s.%N)
"$admin" --data-dir "$data_dir" search rebuild >&2 || die "the rebuild failed"
index_s=$(echo "$(date +%s.%N) - $start" | bc)
sql "ANALYZE TABLE search_grams, search_pinyin" >/dev/null
entity=$(sql "SELECT id FROM search_entities WHERE name = 'kb_article'")
postings=$(sql "SELECT COUNT(*) FROM search_grams WHERE entity = $entity")
index_mb=$(sql "SELECT ROUND((data_length + index_length) / 1048576) FROM information_schema.tables
                WHERE table_schema = 'rapport' AND table_name = 'search_grams'")
table_mb=$(sql "SELECT ROUND((data_length + index_length) / 1048576) FROM information_schema.tables
                WHERE table_schema = 'rapport' AND table_name = 'kb-articles'")
echo "RESULT name=kb-index seconds=$index_s articles_per_s=$(echo "$n / $index_s" | bc) postings=$postings" \
     "postings_per_article=$((postings / n)) index_mb=$index_mb table_mb=$table_mb rows=$n"

say "== creates through the API, $runs each"
body=$(sql "SELECT body FROM \`kb-articles\` ORDER BY ABS(OCTET_LENGTH(body) - 2048) LIMIT 1" | sed 's/\\n/\n/g')
for kind in body title-only; do
  for i in $(seq 1 "$runs"); do
    if [[ $kind == body ]]; then
      json=$(jq -n --arg t "基准文章 $i" --arg b "$body" '{title: $t, body: $b, keywords: "benchmark"}')
    else
      json=$(jq -n --arg t "基准文章 $i" '{title: $t}')
    fi
    curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      --data-binary "$json" "$base/api/v1/kb-articles" || die "a create failed"
  done | awk '{ printf "%d\n", $1 * 1000000 }' | percentiles |
    { read -r figures; echo "RESULT name=kb-create-$kind runs=$runs $figures rows=$n body_bytes=${#body}"; }
done

url_encode ()
{
  jq -rn --arg v "$1" '$v | @uri'
}

measure ()
{
  local name=$1 path=$2 answer out hits

  answer=$(curl -fsS -H "Authorization: Bearer $token" "$base$path") ||
    die "GET $path does not answer 200"
  hits=$(jq '.items | length' <<<"$answer")
  [[ $warmup == 0 ]] ||
    RAPPORT_TOKEN=$token BENCH_NAME=$name BENCH_PATH=$path wrk -t1 -c1 -d"${warmup}s" -s "$here/path.lua" "$base" >/dev/null
  out=$(RAPPORT_TOKEN=$token BENCH_NAME=$name BENCH_PATH=$path wrk -t1 -c1 -d"${seconds}s" -s "$here/path.lua" "$base" 2>&1)
  grep '^RESULT' <<<"$out" | sed "s/\$/ rows=$n hits=$hits/"
  say "   $name $(grep -o 'p95_us=[0-9]*' <<<"$out") hits=$hits"
}

say "== searches, $seconds s each at one connection"
while read -r name term; do
  measure "kb-search-$name" "/api/v1/kb-articles?limit=20&q=$(url_encode "$term")"
done <<TERMS
zh-common 打印机
zh-word-in-sentence 打印机卡纸
zh-rare E00042
zh-rare-model MX-0042
zh-none 扫描仪固件损坏
en-common printer
en-phrase paper jam
en-uncommon occlusion
en-rare SN0000042
en-none xylophone
TERMS
while read -r name subject; do
  measure "kb-suggest-$name" "/api/v1/kb-articles/suggest?subject=$(url_encode "$subject")"
done <<SUBJECTS
zh 网络打印机卡纸后无法连接
en printer offline after firmware update
SUBJECTS

plugin_dir=$(sql "SELECT @@plugin_dir")
if [[ ${BENCH_MROONGA:-1} == 1 && -f $plugin_dir/ha_mroonga.so ]]; then
  say "== Mroonga: the same articles in a FULLTEXT index of its own"
  sql "INSTALL SONAME 'ha_mroonga'" 2>/dev/null || true
  sql "CREATE TABLE bench_kb_mroonga (id BIGINT UNSIGNED PRIMARY KEY, title VARCHAR(200), summary VARCHAR(1000),
         keywords VARCHAR(500), body MEDIUMTEXT,
         FULLTEXT INDEX bench_kb_mroonga_text (title, summary, keywords, body)
           COMMENT 'tokenizer \"TokenBigram\", normalizer \"NormalizerAuto\"')
       ENGINE=Mroonga DEFAULT CHARSET=utf8mb4"
  start=$(date +%s.%N)
  sql "INSERT INTO bench_kb_mroonga SELECT id, title, summary, keywords, body FROM \`kb-articles\` WHERE id <= $n"
  mroonga_s=$(echo "$(date +%s.%N) - $start" | bc)
  mroonga_mb=$(find "$data_dir" -name 'rapport.mrn*' -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s / 1048576 }')
  echo "RESULT name=mroonga-index seconds=$mroonga_s articles_per_s=$(echo "$n / $mroonga_s" | bc) files_mb=$mroonga_mb rows=$n"
  while read -r name term; do
    hits=$(sql "SELECT COUNT(*) FROM (SELECT id FROM bench_kb_mroonga WHERE MATCH (title, summary, keywords, body)
                AGAINST ('+\"$term\"' IN BOOLEAN MODE) LIMIT 20) AS hits")
    # the profile keeps the last 100 statements: timed in rounds of 100
    for _ in $(seq 1 $(( (runs + 99) / 100 ))); do
      { echo "SET profiling = 1; SET profiling_history_size = 100;"
        for _ in $(seq 1 100); do
          echo "SELECT id FROM bench_kb_mroonga WHERE MATCH (title, summary, keywords, body) AGAINST ('+\"$term\"' IN BOOLEAN MODE) LIMIT 20;"
        done
        echo "SHOW PROFILES;"; } |
        mariadb --socket "$data_dir/db/mariadb.sock" --user root --batch --skip-column-names rapport |
        awk -F'\t' '$3 ~ /MATCH/ { printf "%d\n", $2 * 1000000 }'
    done | percentiles | { read -r figures; echo "RESULT name=mroonga-search-$name runs=$runs $figures rows=$n hits=$hits"; }
    say "   mroonga-search-$name hits=$hits"
  done <<TERMS
zh-common 打印机
zh-word-in-sentence 打印机卡纸
zh-rare E00042
zh-rare-model MX-0042
zh-none 扫描仪固件损坏
en-common printer
en-phrase paper jam
en-uncommon occlusion
en-rare SN0000042
en-none xylophone
TERMS
fi
