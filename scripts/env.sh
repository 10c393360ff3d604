# Sourced by the other scripts: where tools and build output live.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/style/node_modules/.bin:$ROOT/end2end/node_modules/.bin:$PATH"
# Outside the checkout, so a fresh clone on a machine that has built before reuses the
# compiled dependencies instead of rebuilding them all.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hallpass/target}"
RELEASE_BINARY="$CARGO_TARGET_DIR/release/hallpass"

step() { printf '\n==> %s\n' "$*"; }

# The release binary, with the site embedded, in two steps so the site is finished before
# the server that embeds it compiles. --precompress writes gzip and brotli copies for the
# server to send as they are; cargo-leptos's gzip is weak (its WASM copy is 23% larger
# than zopfli's), so zopfli rewrites the gzip copies before the server embeds them.
build_release() {
  step "release build: the site (WASM, JS, CSS)"
  (cd "$ROOT" && cargo leptos build --release --precompress --frontend-only)
  step "zopfli: smaller gzip copies of the site"
  find "$ROOT/target/site" -type f ! -name '*.gz' ! -name '*.br' -exec zopfli {} +
  step "release build: the server binary, with the site embedded"
  (cd "$ROOT" && cargo leptos build --release --server-only)
}
