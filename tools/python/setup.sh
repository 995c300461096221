#!/usr/bin/env bash
# Creates (or refreshes) the project's Python venv at $ALICERT_VENV (default: <repo>/.venv) with the pinned official
# Alibaba Cloud SDK and openapi-spec-validator. Idempotent: does nothing when the pins are already installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${ALICERT_VENV:-$root/.venv}"
req="$root/tools/python/requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
echo "$want" > "$stamp"
echo "python venv ready: $venv" >&2
