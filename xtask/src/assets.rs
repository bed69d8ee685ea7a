//! The site's static assets after they are built: content-hashed names,
//! precompressed copies, their sizes, and the service worker's list.
//!
//! Rules:
//! - The stylesheet (`croupier.css`) is renamed `croupier.<hash>.css`, the
//!   hash being the first 16 hex digits of the SHA-256 of its content, so
//!   the server can send it with `Cache-Control: immutable` and a new build
//!   is a new URL.
//! - The bundle is one unit whose files name each other: the main JS and
//!   WASM, the split loader, the lazily loaded modules and the split
//!   manifest ([`crate::split`]). They share one hash, that of all their
//!   contents together (`croupier.<hash>.js`, `croupier.<hash>.wasm`,
//!   `__wasm_split.<hash>.js`, `split_<name>.<hash>.wasm`,
//!   `__wasm_split_manifest.<hash>.json`), and the names inside them are
//!   rewritten to match; a name that is not found where it is expected
//!   fails the build rather than shipping a bundle that cannot load.
//! - `hash.txt` in the site root names the hashes (`js: …`, `wasm: …`,
//!   `css: …`, `split: …`, `manifest: …`: the format Leptos reads); the
//!   server uses hashed names only when it is there.
//! - Every file the browser fetches gets `.br` and `.gz` copies beside it,
//!   which the server sends to browsers that accept them (brotli quality 11
//!   and gzip level 9 in release builds; faster levels in debug builds,
//!   whose bundle is several times larger and only served locally).
//! - `sw.js` in the site root gets the first load's files (main JS and
//!   WASM, loader, stylesheet) in place of its `/*ASSETS*/` marker and the
//!   bundle's hash as its cache version, so the service worker precaches
//!   the app shell of exactly this build; the lazily loaded modules are
//!   cached when first used.
//! - The sizes are printed, with the first load's total.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::OUTPUT_NAME;
use crate::split::{LOADER, MANIFEST};

/// One fingerprinted file with its sizes.
struct Asset {
    /// Its name in `pkg`.
    name: String,
    /// Part of the first load (else loaded when a lazy route needs it).
    first_load: bool,
    raw: u64,
    gzip: u64,
    brotli: u64,
}

/// Fingerprints, precompresses and lists the built assets of `site`;
/// `chunks` are the lazily loaded modules the split wrote into `pkg`.
pub(crate) fn finish(site: &Path, chunks: &[PathBuf], release: bool) -> Result<()> {
    let pkg = site.join("pkg");
    let take = |name: &str| -> Result<Vec<u8>> {
        let path = pkg.join(name);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        std::fs::remove_file(&path)?;
        Ok(bytes)
    };
    let js = take(&format!("{OUTPUT_NAME}.js"))?;
    let wasm = take(&format!("{OUTPUT_NAME}.wasm"))?;
    let css = take(&format!("{OUTPUT_NAME}.css"))?;
    let loader = take(LOADER)?;
    let manifest = take(MANIFEST)?;
    let mut modules = Vec::new();
    for chunk in chunks {
        let stem = chunk
            .file_stem()
            .and_then(|s| s.to_str())
            .context("a split module without a name")?
            .to_owned();
        modules.push((stem.clone(), take(&format!("{stem}.wasm"))?));
    }

    let bundle = bundle_hash(&[&js, &wasm, &loader, &manifest], &modules);
    let css_hash = content_hash(&css);
    let loader_name = format!("__wasm_split.{bundle}.js");
    // Only the module specifiers: the WASM imports the loader under its
    // original name, which stays the key of its imports object.
    let js = rename_in(
        &js,
        &format!("from \"./{LOADER}\""),
        &format!("from \"./{loader_name}\""),
        "the main JS",
    )?;
    let mut loader = rename_in(
        &loader,
        &format!("\"./{OUTPUT_NAME}.js\""),
        &format!("\"./{OUTPUT_NAME}.{bundle}.js\""),
        "the split loader",
    )?;
    for (stem, _) in &modules {
        loader = rename_in(
            &loader,
            &format!("\"./{stem}.wasm\""),
            &format!("\"./{stem}.{bundle}.wasm\""),
            "the split loader",
        )?;
    }
    let manifest: BTreeMap<String, Vec<String>> =
        serde_json::from_slice(&manifest).context("reading the split manifest")?;
    let manifest: BTreeMap<String, Vec<String>> = manifest
        .into_iter()
        .map(|(split, files)| {
            (
                split,
                files.into_iter().map(|f| format!("{f}.{bundle}")).collect(),
            )
        })
        .collect();
    std::fs::write(
        pkg.join(format!("__wasm_split_manifest.{bundle}.json")),
        serde_json::to_vec(&manifest)?,
    )?;

    let mut assets = vec![
        write_asset(
            &pkg,
            format!("{OUTPUT_NAME}.{bundle}.js"),
            &js,
            true,
            release,
        )?,
        write_asset(
            &pkg,
            format!("{OUTPUT_NAME}.{bundle}.wasm"),
            &wasm,
            true,
            release,
        )?,
        write_asset(&pkg, loader_name, &loader, true, release)?,
        write_asset(
            &pkg,
            format!("{OUTPUT_NAME}.{css_hash}.css"),
            &css,
            true,
            release,
        )?,
    ];
    for (stem, bytes) in &modules {
        assets.push(write_asset(
            &pkg,
            format!("{stem}.{bundle}.wasm"),
            bytes,
            false,
            release,
        )?);
    }
    std::fs::write(
        site.join("hash.txt"),
        format!(
            "js: {bundle}\nwasm: {bundle}\ncss: {css_hash}\nsplit: {bundle}\nmanifest: {bundle}\n"
        ),
    )?;
    write_service_worker(site, &assets, &bundle)?;
    print_sizes(&assets);
    Ok(())
}

/// The hash of the bundle: every part's length and content, and each
/// split module's name.
fn bundle_hash(parts: &[&[u8]], modules: &[(String, Vec<u8>)]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    for (stem, bytes) in modules {
        hasher.update(stem.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hex16(&hasher.finalize())
}

fn content_hash(bytes: &[u8]) -> String {
    hex16(&Sha256::digest(bytes))
}

fn hex16(digest: &[u8]) -> String {
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// `text` with `from` replaced by `to`; an error when `from` is not in it.
fn rename_in(text: &[u8], from: &str, to: &str, what: &str) -> Result<Vec<u8>> {
    let text = std::str::from_utf8(text).with_context(|| format!("{what} is not UTF-8"))?;
    if !text.contains(from) {
        bail!("{what} does not mention {from}");
    }
    Ok(text.replace(from, to).into_bytes())
}

/// Writes `bytes` as `pkg/name` with its compressed copies.
fn write_asset(
    pkg: &Path,
    name: String,
    bytes: &[u8],
    first_load: bool,
    release: bool,
) -> Result<Asset> {
    let path = pkg.join(&name);
    std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    Ok(Asset {
        gzip: write_gzip(&path, bytes, release)?,
        brotli: write_brotli(&path, bytes, release)?,
        raw: bytes.len() as u64,
        name,
        first_load,
    })
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn write_gzip(path: &Path, bytes: &[u8], release: bool) -> Result<u64> {
    let level = if release {
        flate2::Compression::best()
    } else {
        flate2::Compression::fast()
    };
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    encoder.write_all(bytes)?;
    let out = encoder.finish()?;
    std::fs::write(with_suffix(path, ".gz"), &out)?;
    Ok(out.len() as u64)
}

fn write_brotli(path: &Path, bytes: &[u8], release: bool) -> Result<u64> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: if release { 11 } else { 5 },
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    std::fs::write(with_suffix(path, ".br"), &out)?;
    Ok(out.len() as u64)
}

/// Puts this build's first-load files into the copied `sw.js`.
fn write_service_worker(site: &Path, assets: &[Asset], version: &str) -> Result<()> {
    let sw = site.join("sw.js");
    let Ok(text) = std::fs::read_to_string(&sw) else {
        return Ok(());
    };
    let list: Vec<String> = assets
        .iter()
        .filter(|a| a.first_load)
        .map(|a| format!("'/pkg/{}'", a.name))
        .collect();
    let text = text
        .replace("/*ASSETS*/", &list.join(", "))
        .replace("/*VERSION*/", version);
    std::fs::write(&sw, text)?;
    Ok(())
}

fn print_sizes(assets: &[Asset]) {
    let kib = |n: u64| n as f64 / 1024.0;
    let row = |name: &str, raw: u64, gzip: u64, brotli: u64| {
        println!(
            "{name:<48} {:>10.1} {:>10.1} {:>10.1}",
            kib(raw),
            kib(gzip),
            kib(brotli)
        );
    };
    println!(
        "{:<48} {:>10} {:>10} {:>10}",
        "asset", "raw KiB", "gzip KiB", "br KiB"
    );
    for a in assets {
        row(&a.name, a.raw, a.gzip, a.brotli);
    }
    for (label, first) in [
        ("first load (main JS, WASM, loader, CSS)", true),
        ("lazily loaded modules", false),
    ] {
        let (raw, gzip, brotli) = assets
            .iter()
            .filter(|a| a.first_load == first)
            .fold((0, 0, 0), |(r, g, b), a| {
                (r + a.raw, g + a.gzip, b + a.brotli)
            });
        row(label, raw, gzip, brotli);
    }
    let main_wasm = assets
        .iter()
        .find(|a| a.name.starts_with(OUTPUT_NAME) && a.name.ends_with(".wasm"));
    if let Some(a) = main_wasm {
        row(
            "main WASM (the figure the budget names)",
            a.raw,
            a.gzip,
            a.brotli,
        );
    }
}
