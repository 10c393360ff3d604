# Sourced by the other scripts: where tools and build output live.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"
# Outside the checkout, so a fresh clone on a machine that has built before reuses the
# compiled dependencies instead of rebuilding them all.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hallpass/target}"
RELEASE_BINARY="$CARGO_TARGET_DIR/release/hallpass"

step() { printf '\n==> %s\n' "$*"; }
