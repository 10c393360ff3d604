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
# Arguments go to the server's build (scripts/bench passes `--bin-features bench`).
build_release() {
  step "release build: the site (WASM, JS, CSS)"
  (cd "$ROOT" && cargo leptos build --release --precompress --frontend-only)
  build_hosted_bundles
  step "zopfli: smaller gzip copies of the site"
  find "$ROOT/target/site" -type f ! -name '*.gz' ! -name '*.br' -exec zopfli {} +
  step "release build: the server binary, with the site embedded"
  (cd "$ROOT" && cargo leptos build --release --server-only "$@")
}

# The hosted pages' islands bundles (crate `hallpass-hosted-frontend`, once per feature),
# written beside the full bundle as pkg/NAME.{js,wasm}, the way cargo-leptos writes its
# own: hallpass-hosted for the sign-in, sign-up and signed-out pages, hallpass-account for
# the account page. Not second cargo-leptos projects: building one empties the site
# directory first. Same target directory and LEPTOS_OUTPUT_NAME as cargo-leptos's WASM
# build, so the bundles share their compiled dependencies. Brotli copies come from Node's
# zlib (zopfli writes the gzip ones with the rest of the site).
build_hosted_bundles() {
  build_islands_bundle hallpass-hosted sign-in && build_islands_bundle hallpass-account account
}

build_islands_bundle() (
  # A subshell that stops at the first failure, also when called from an interactive
  # shell: a failed build must not package the other feature's leftover WASM.
  set -euo pipefail
  local name="$1" feature="$2" pkg="$ROOT/target/site/pkg"
  local wasm="$CARGO_TARGET_DIR/front/wasm32-unknown-unknown/wasm-release/hallpass_hosted_frontend.wasm"
  step "release build: the islands bundle $name"
  (cd "$ROOT" && LEPTOS_OUTPUT_NAME=hallpass cargo build --package=hallpass-hosted-frontend --lib \
    --features="$feature" --target-dir="$CARGO_TARGET_DIR/front" --target=wasm32-unknown-unknown \
    --profile=wasm-release)
  wasm-bindgen --target=web --no-typescript --out-name="$name" --out-dir="$pkg" "$wasm"
  mv "$pkg/${name}_bg.wasm" "$pkg/$name.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$pkg/$name.wasm" -o "$pkg/$name.wasm"
  for file in "$pkg/$name.js" "$pkg/$name.wasm"; do
    node -e 'const fs = require("fs"), zlib = require("zlib"); const [file] = process.argv.slice(1);
      fs.writeFileSync(file + ".br", zlib.brotliCompressSync(fs.readFileSync(file),
        { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));' "$file"
  done
)
