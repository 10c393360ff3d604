# Sourced by the other scripts: where tools and build output live.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/style/node_modules/.bin:$ROOT/end2end/node_modules/.bin:$PATH"
# Outside the checkout, so a fresh clone on a machine that has built before reuses the
# compiled dependencies instead of rebuilding them all.
export CARGO_TARGET_DIR="$HOME/.cache/hallpass/target-journal"  # helper worktree: own target dir (do not commit this line)
RELEASE_BINARY="$CARGO_TARGET_DIR/release/hallpass"

step() { printf '\n==> %s\n' "$*"; }

# The release binary, with the site embedded. --precompress writes gzip and brotli copies
# of the site for the server to send as they are, and makes cargo-leptos finish the site
# before it compiles the server that embeds it (without it, it builds both at once).
build_release() {
  step "release build (server binary with the site embedded)"
  (cd "$ROOT" && cargo leptos build --release --precompress)
}
