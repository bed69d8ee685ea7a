//! The site's static assets after they are built: content-hashed names,
//! precompressed copies, their sizes, and the service worker's list.
//!
//! Rules:
//! - The bundle (`croupier.js`, `croupier.wasm`) and the stylesheet
//!   (`croupier.css`) are renamed `croupier.<hash>.<ext>`, the hash being the
//!   first 16 hex digits of the SHA-256 of the content, so the server can
//!   send them with `Cache-Control: immutable` and a new build is a new URL.
//! - `hash.txt` in the site root names the hashes (`js: …`, `wasm: …`,
//!   `css: …`: the format Leptos reads); the server uses hashed names only
//!   when it is there.
//! - Every hashed asset gets `.br` and `.gz` copies beside it, which the
//!   server sends to browsers that accept them (brotli quality 11 and gzip
//!   level 9 in release builds; faster levels in debug builds, whose bundle
//!   is several times larger and only served locally).
//! - `sw.js` in the site root gets the hashed names in place of its
//!   `/*ASSETS*/` marker and the JS hash as its cache version, so the service
//!   worker precaches the app shell of exactly this build.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::OUTPUT_NAME;

/// The extensions of the assets that are fingerprinted.
const HASHED: [&str; 3] = ["js", "wasm", "css"];

/// One fingerprinted asset with its sizes.
struct Asset {
    kind: &'static str,
    hash: String,
    path: PathBuf,
    raw: u64,
    gzip: u64,
    brotli: u64,
}

/// Fingerprints, precompresses and lists the built assets of `site`.
pub(crate) fn finish(site: &Path, release: bool) -> Result<()> {
    let pkg = site.join("pkg");
    remove_stale(&pkg)?;
    let mut assets = Vec::new();
    for kind in HASHED {
        let plain = pkg.join(format!("{OUTPUT_NAME}.{kind}"));
        let bytes =
            std::fs::read(&plain).with_context(|| format!("reading {}", plain.display()))?;
        let hash = content_hash(&bytes);
        let path = pkg.join(format!("{OUTPUT_NAME}.{hash}.{kind}"));
        std::fs::rename(&plain, &path)?;
        let gzip = write_gzip(&path, &bytes, release)?;
        let brotli = write_brotli(&path, &bytes, release)?;
        assets.push(Asset {
            kind,
            hash,
            path,
            raw: bytes.len() as u64,
            gzip,
            brotli,
        });
    }
    let hashes: String = assets
        .iter()
        .map(|a| format!("{}: {}\n", a.kind, a.hash))
        .collect();
    std::fs::write(site.join("hash.txt"), hashes)?;
    write_service_worker(site, &assets)?;
    print_sizes(&assets);
    Ok(())
}

/// Hashed files (and their compressed copies) of earlier builds.
fn remove_stale(pkg: &Path) -> Result<()> {
    for entry in std::fs::read_dir(pkg)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let parts: Vec<&str> = name.split('.').collect();
        let hashed = parts.len() >= 3
            && parts[0] == OUTPUT_NAME
            && parts[1].len() == 16
            && parts[1].chars().all(|c| c.is_ascii_hexdigit());
        let plain_copy = parts.len() == 3
            && parts[0] == OUTPUT_NAME
            && HASHED.contains(&parts[1])
            && (parts[2] == "br" || parts[2] == "gz");
        if hashed || plain_copy {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
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

/// Puts this build's shell assets into the copied `sw.js`.
fn write_service_worker(site: &Path, assets: &[Asset]) -> Result<()> {
    let sw = site.join("sw.js");
    let Ok(text) = std::fs::read_to_string(&sw) else {
        return Ok(());
    };
    let list: Vec<String> = assets
        .iter()
        .map(|a| {
            let name = a
                .path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            format!("'/pkg/{name}'")
        })
        .collect();
    let version = assets
        .iter()
        .find(|a| a.kind == "js")
        .map_or("dev", |a| a.hash.as_str());
    let text = text
        .replace("/*ASSETS*/", &list.join(", "))
        .replace("/*VERSION*/", version);
    std::fs::write(&sw, text)?;
    Ok(())
}

fn print_sizes(assets: &[Asset]) {
    let kib = |n: u64| n as f64 / 1024.0;
    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "asset", "raw KiB", "gzip KiB", "br KiB"
    );
    for a in assets {
        let name = a
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        println!(
            "{name:<34} {:>10.1} {:>10.1} {:>10.1}",
            kib(a.raw),
            kib(a.gzip),
            kib(a.brotli)
        );
    }
}
