//! Splitting the WASM bundle into the main module and lazily loaded chunks.
//!
//! Rules:
//! - The split points are the app's `#[lazy]` functions (Leptos' lazy
//!   routes): each becomes a `split_<name>.wasm` module, code that several
//!   of them share becomes `chunk_<n>.wasm`, and everything reachable
//!   without them stays in the main module. The browser fetches a split
//!   (with the chunks it needs) the first time its route is visited.
//! - The input is the linked WASM with its relocations (the wasm32 build
//!   links with `--emit-relocs`, `.cargo/config.toml`); the main module
//!   goes on to wasm-bindgen, the split modules and the loader
//!   (`__wasm_split.______________________.js`, the name Leptos looks for,
//!   whose underscores [`crate::assets`] replaces by the build's hash) are
//!   written into the site's `pkg/` directly.
//! - `__wasm_split_manifest.json` maps each split to the files it needs, so
//!   the server can preload them for the page it renders.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::OUTPUT_NAME;

/// The loader's name before the build's hash replaces its underscores.
pub(crate) const LOADER: &str = "__wasm_split.______________________.js";
/// The manifest's name before hashing.
pub(crate) const MANIFEST: &str = "__wasm_split_manifest.json";

/// Splits `wasm` into `main_out` (for wasm-bindgen) and the split modules,
/// the loader and the manifest in `pkg`. Returns the split modules' paths.
pub(crate) fn split(wasm: &Path, main_out: &Path, pkg: &Path) -> Result<Vec<PathBuf>> {
    let input = std::fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let main_module = format!("./{OUTPUT_NAME}.js");
    let link_name = format!("./{LOADER}");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = pkg;
    options.main_out_path = main_out;
    options.main_module = &main_module;
    options.link_name = &link_name;
    let out = wasm_split_cli_support::transform(options)
        .map_err(|e| anyhow::anyhow!("splitting the WASM: {e:#}"))?;
    // Sorted, so the manifest (and so the build's hash) is reproducible.
    let manifest: BTreeMap<String, Vec<String>> = out.prefetch_map.into_iter().collect();
    std::fs::write(pkg.join(MANIFEST), serde_json::to_vec(&manifest)?)?;
    let mut modules = out.split_modules;
    modules.sort();
    Ok(modules)
}
