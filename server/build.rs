//! The release binary embeds `target/site` (see `src/http/assets.rs`). Watching the
//! directory rebuilds the server when cargo-leptos writes new site files, including ones
//! the previous build did not have; creating it keeps builds without a site stable.

fn main() {
    let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site");
    std::fs::create_dir_all(&site).expect("creating target/site");
    println!("cargo:rerun-if-changed={}", site.display());
}
