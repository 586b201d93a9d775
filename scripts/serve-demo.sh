#!/usr/bin/env bash
# `make serve`: a demo vault (two drafts of 长铺镇, a submission, 吉岷镇 imported from Word) in
# .build/demo-vault, made anew each time, served read-only at http://127.0.0.1:${PORT:-8080}/.
set -euo pipefail
VAULT_BIN=${1:-.build/debug/vault}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEMO="$ROOT/.build/demo-vault"
rm -rf "$DEMO"
export VAULT_AUTHOR_NAME="王会计" VAULT_AUTHOR_EMAIL="wang@example.cn" VAULT_FSYNC=0
vault() { "$VAULT_BIN" "$@"; }
vault init "$DEMO" >/dev/null
export VAULT_DIR="$DEMO"
vault commit "$ROOT/samples/changpu-2024.json" -m "长铺镇 2024 自评报告 初稿" >/dev/null 2>&1
vault commit "$ROOT/samples/changpu-2024-draft2.json" -m "第二稿: 公用经费更正为338.25, 评分调整" --author "李审核 <li@example.cn>" >/dev/null 2>&1
vault tag submitted-2025-01 -m "报送县财政局" >/dev/null
vault commit "$ROOT/samples/xitang-2024.json" "$ROOT/samples/jimin-2024.json" -m "西塘、吉岷 2024" >/dev/null 2>&1
vault commit "$ROOT/samples/pingkou-2023.json" -m "坪口 2023" >/dev/null 2>&1
exec "$VAULT_BIN" -C "$DEMO" serve --port "${PORT:-8080}"
