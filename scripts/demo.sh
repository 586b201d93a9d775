#!/usr/bin/env bash
# Walks through a temporary vault with the sample report, printing each command as it runs.
set -euo pipefail
VAULT_BIN=${1:-.build/release/vault}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$ROOT/samples/changpu-2024.json" "$ROOT/samples/changpu-2024-draft2.json" "$WORK/"
cp "$ROOT/Tests/ReportVaultTests/Fixtures/docx/jimin-2024.docx" "$ROOT/Tests/ReportVaultTests/Fixtures/variants/baisha-2022-gb18030.txt" "$WORK/"
cd "$WORK"
vault() { "$VAULT_BIN" "$@"; }
step() {
  printf '\n\033[1m$ %s\033[0m\n' "$*"
  "$@"
}
export VAULT_AUTHOR_NAME="王会计" VAULT_AUTHOR_EMAIL="wang@example.cn"
echo "Demo vault in $WORK/county (author: $VAULT_AUTHOR_NAME <$VAULT_AUTHOR_EMAIL>)"
printf '\n\033[1m$ vault check changpu-2024.json\033[0m   (the report as written has slips; exit status 1)\n'
vault check changpu-2024.json || true
step vault init county
export VAULT_DIR="$WORK/county"
step vault commit changpu-2024.json -m "长铺镇 2024 自评报告 初稿"
step vault commit changpu-2024.json -m "same file again"
step vault commit changpu-2024-draft2.json -m "第二稿: 公用经费更正为338.25, 评分调整" --author "李审核 <li@example.cn>"
step vault log
step vault diff HEAD~1
step vault history 2024/绥宁县长铺镇人民政府 /generalBudget/basic/publicUse
step vault history 2024/绥宁县长铺镇人民政府 /selfEvaluation/indicators/7/score
printf '\n\033[1m$ vault blame 2024/绥宁县长铺镇人民政府 | grep -E "公用经费|得分"\033[0m\n'
vault blame 2024/绥宁县长铺镇人民政府 | grep -E "基本支出 · 公用经费|单位日常运转经费 · 得分" || true
step vault log 2024/绥宁县长铺镇人民政府 --json
printf '\n\033[1m$ vault show HEAD~1 2024/绥宁县长铺镇人民政府 | head -20\033[0m\n'
vault show HEAD~1 2024/绥宁县长铺镇人民政府 | head -20 || true
step vault tag submitted-2025-01 -m "报送县财政局"
step vault tags
printf '\n\033[1m$ vault tag submitted-2025-01 HEAD~1 -m "try to move it"\033[0m  (refused)\n'
if vault tag submitted-2025-01 HEAD~1 -m "try to move it"; then echo "demo: the re-tag was not refused" >&2; exit 1; fi
echo
echo "The clerk's first day with a report that exists only as a Word document: import, check, commit."
step vault import jimin-2024.docx -o jimin-2024.json
printf '\n\033[1m$ vault check jimin-2024.json | head -3\033[0m   (the slips of the original are found)\n'
vault check jimin-2024.json | head -3 || true
step vault commit jimin-2024.json -m "吉岷镇 2024 自评报告 (由 Word 导入)"
echo
echo "Another county's template, saved as text by Windows in GB18030: the tables are read by their headers."
step vault import baisha-2022-gb18030.txt -o baisha-2022.json
step vault commit baisha-2022.json -m "白沙街道 2022 (导入)"
step vault log -n 1
step git -C county cat-file tag submitted-2025-01
step git -C county fsck --strict
echo
echo "The county server: a bare vault served by git daemon on 127.0.0.1; two townships clone it,"
echo "correct different figures of the same report, and the second push needs a pull, which merges."
unset VAULT_DIR
step vault init --bare server/county.git
PORT_GIT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/lib/git-core/git-daemon --reuseaddr --listen=127.0.0.1 --port="$PORT_GIT" --export-all --enable=receive-pack \
  --base-path="$WORK/server" "$WORK/server" 2>/dev/null &
DAEMON=$!
trap 'kill $DAEMON 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/"$PORT_GIT") 2>/dev/null && break; sleep 0.1; done
URL="git://127.0.0.1:$PORT_GIT/county.git"
step vault clone "$URL" township-a
step vault -C township-a commit changpu-2024.json -m "长铺镇 初稿"
step vault -C township-a push
step vault clone "$URL" township-b
sed -i 's/"personnel": 1236.95/"personnel": 1237.95/' township-a/reports/2024/绥宁县长铺镇人民政府.json
step vault -C township-a commit township-a/reports/2024/绥宁县长铺镇人民政府.json -m "人员经费更正"
step vault -C township-a push
sed -i 's/"publicUse": 338.26/"publicUse": 338.25/' township-b/reports/2024/绥宁县长铺镇人民政府.json
step vault -C township-b commit township-b/reports/2024/绥宁县长铺镇人民政府.json -m "公用经费更正"
printf '\n\033[1m$ vault -C township-b push\033[0m   (refused: the county has a revision B does not have)\n'
if vault -C township-b push; then echo "demo: the stale push was not refused" >&2; exit 1; fi
step vault -C township-b pull
step vault -C township-b push
step vault -C township-b log --oneline -4
step git -C server/county.git fsck --strict
kill "$DAEMON"
printf '\nDemo finished: every command above ran against %s\n' "$WORK/county"
printf 'To review reports in a browser: make serve   (then open http://127.0.0.1:%s/)\n' "${PORT:-8080}"
