//! Build, run and test orchestration, so a fresh clone needs two commands:
//!
//! - `cargo xtask run`  — install what is missing, build the site and the
//!   server, migrate, seed demo content, serve on http://127.0.0.1:3000.
//! - `cargo xtask test` — install what is missing, then formatting, clippy
//!   per feature set, the WASM dependency check, unit and integration tests
//!   on SQLite and PostgreSQL, and the browser suite.
//!
//! `cargo xtask build [--release]` builds the site and the server only.
//! wasm-bindgen is a library here (pinned by Cargo.lock), so nothing but
//! npm packages (Tailwind, binaryen, Playwright) and, when absent, Debian's
//! Chromium is installed.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

mod assets;
mod split;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const OUTPUT_NAME: &str = "croupier";
/// The workspace crates built for the server (feature `ssr`).
const SERVER_SIDE: [&str; 7] = [
    "domain",
    "entity",
    "migration",
    "engine",
    "app",
    "server",
    "xtask",
];
/// The crates built for the browser (feature `hydrate`, wasm32).
const BROWSER_SIDE: [&str; 3] = ["domain", "app", "frontend"];
/// Crates that must never reach the browser bundle.
const FORBIDDEN_IN_WASM: [&str; 6] = ["sea-orm", "sqlx", "tokio", "engine", "mio", "async-nats"];

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let release = args.iter().any(|a| a == "--release");
    let root = workspace_root()?;
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("build") => build(release).map(|_| ()),
        Some("site") => build_site(release),
        Some("run") => run(release),
        Some("test") => test(),
        Some("e2e") => {
            build(false)?;
            // Anything else is for Playwright: a file or `-g <title>`.
            let extra: Vec<&str> = args[1..]
                .iter()
                .map(String::as_str)
                .filter(|a| *a != "--release")
                .collect();
            e2e(&extra)
        }
        _ => {
            eprintln!(
                "usage: cargo xtask <run|test|build|site> [--release] | cargo xtask e2e [playwright args]"
            );
            std::process::exit(2);
        }
    }
}

fn workspace_root() -> Result<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map(Path::to_path_buf)
        .context("xtask has no parent folder")
}

fn step(name: &str) {
    match disk_free_gib() {
        Some(free) => println!("\n==> {name} (disk: {free:.1} GiB free)"),
        None => println!("\n==> {name}"),
    }
}

/// Free space on the file system of the working directory, from `df`
/// (best effort: CI machines can be short of disk, and the log should say so).
fn disk_free_gib() -> Option<f64> {
    let out = Command::new("df").args(["-Pk", "."]).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let kib: f64 = text
        .lines()
        .nth(1)?
        .split_whitespace()
        .nth(3)?
        .parse()
        .ok()?;
    Some(kib / (1024.0 * 1024.0))
}

/// Runs a command, failing on a non-zero exit.
fn sh(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    let status = cmd.status().with_context(|| format!("starting {shown}"))?;
    if !status.success() {
        bail!("{shown} failed with {status}");
    }
    Ok(())
}

/// Adds `-p NAME` for each package.
fn packages(cmd: &mut Command, names: &[&str]) {
    for name in names {
        cmd.args(["-p", name]);
    }
}

/// A cargo command that sees the environment a plain `cargo` in this shell
/// would see.
///
/// `cargo run` (behind `cargo xtask`) sets the package variables of xtask
/// (`CARGO_MANIFEST_DIR`, `CARGO_PKG_*`, ...) in our environment. Build
/// scripts such as ring's declare `rerun-if-env-changed` on those names,
/// and cargo compares what it finds in its own environment, so a nested
/// cargo that inherits them would rebuild ring and everything above it, and
/// the next plain `cargo build` would rebuild it all again. They are
/// removed here; cargo sets the right ones for each crate it builds.
fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    for (name, _) in std::env::vars_os() {
        let Some(text) = name.to_str() else { continue };
        if text.starts_with("CARGO_PKG_")
            || matches!(
                text,
                "CARGO_MANIFEST_DIR"
                    | "CARGO_MANIFEST_PATH"
                    | "CARGO_MANIFEST_LINKS"
                    | "CARGO_CRATE_NAME"
                    | "CARGO_BIN_NAME"
                    | "CARGO_PRIMARY_PACKAGE"
            )
        {
            cmd.env_remove(&name);
        }
    }
    cmd
}

fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null 2>&1")])
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// The wasm32 target, node/npm, and the npm packages.
fn ensure_build_tools() -> Result<()> {
    let targets = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    let installed = targets
        .map(|o| String::from_utf8_lossy(&o.stdout).contains(WASM_TARGET))
        .unwrap_or(false);
    if !installed {
        step("installing the wasm32 target");
        sh(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }
    if !have("npm") {
        step("installing Node.js and npm (apt)");
        apt_install(&["nodejs", "npm"])?;
    }
    let lock_newer = std::fs::metadata("package-lock.json")
        .and_then(|m| m.modified())
        .ok()
        .zip(
            std::fs::metadata("node_modules/.package-lock.json")
                .and_then(|m| m.modified())
                .ok(),
        )
        .is_none_or(|(lock, installed)| lock > installed);
    if lock_newer {
        step("installing npm packages (npm ci)");
        sh(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    }
    Ok(())
}

fn apt_install(packages: &[&str]) -> Result<()> {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let prefix: Vec<&str> = if root { vec![] } else { vec!["sudo"] };
    let mut update = Command::new(prefix.first().copied().unwrap_or("apt-get"));
    if root {
        update.arg("update");
    } else {
        update.args(["apt-get", "update"]);
    }
    sh(update.env("DEBIAN_FRONTEND", "noninteractive"))?;
    let mut install = Command::new(prefix.first().copied().unwrap_or("apt-get"));
    if !root {
        install.arg("apt-get");
    }
    install
        .args(["install", "-y", "--no-install-recommends"])
        .args(packages);
    sh(install.env("DEBIAN_FRONTEND", "noninteractive"))
}

fn node_bin(name: &str) -> PathBuf {
    PathBuf::from("node_modules/.bin").join(name)
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, else `target`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|d| !d.is_empty())
        .map_or_else(|| PathBuf::from("target"), PathBuf::from)
}

/// Where the built site goes (`site` in the target directory).
fn site_root() -> PathBuf {
    target_dir().join("site")
}

/// Builds the site and the server. Returns the server binary's path.
fn build(release: bool) -> Result<PathBuf> {
    build_site(release)?;
    step("building the server");
    let mut server = cargo();
    server.args(["build", "-p", "server", "--bin", "croupier"]);
    if release {
        server.arg("--release");
    }
    sh(&mut server)?;
    Ok(target_dir()
        .join(if release { "release" } else { "debug" })
        .join("croupier"))
}

/// Builds the WASM bundle and the CSS and copies the static files into
/// `target/site`.
fn build_site(release: bool) -> Result<()> {
    ensure_build_tools()?;
    let site = site_root();
    let pkg = site.join("pkg");
    // Only this build's bundle, chunks and stylesheet are left in `pkg`.
    if pkg.exists() {
        std::fs::remove_dir_all(&pkg).context("clearing the previous build's pkg")?;
    }
    std::fs::create_dir_all(&pkg)?;

    step("building the WASM front end");
    let profile = if release { "wasm-release" } else { "dev" };
    sh(cargo().args([
        "build",
        "-p",
        "frontend",
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        profile,
    ]))?;
    let profile_dir = if release { "wasm-release" } else { "debug" };
    let wasm = target_dir()
        .join(WASM_TARGET)
        .join(profile_dir)
        .join("frontend.wasm");
    step("splitting the WASM into the main module and lazily loaded chunks");
    let main = wasm.with_file_name("frontend_split.wasm");
    let chunks = split::split(&wasm, &main, &pkg)?;
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(&main)
        .out_name(OUTPUT_NAME)
        // The chunks link against the main module's exports by their
        // linker names.
        .keep_lld_exports(true)
        .demangle(false)
        // The name section is most of an unoptimised bundle (11 of 19 MB).
        .remove_name_section(true)
        .web(true)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .generate(&pkg)
        .map_err(|e| anyhow::anyhow!("wasm-bindgen: {e}"))?;
    let bg = pkg.join(format!("{OUTPUT_NAME}_bg.wasm"));
    let out = pkg.join(format!("{OUTPUT_NAME}.wasm"));
    std::fs::rename(&bg, &out).context("renaming the wasm file")?;
    if release {
        step("optimising the WASM (wasm-opt -Oz)");
        let files: Vec<&PathBuf> = std::iter::once(&out).chain(&chunks).collect();
        // Hundreds of small modules: one wasm-opt per core at a time.
        let lanes = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        for batch in files.chunks(lanes) {
            let running = batch
                .iter()
                .map(|file| {
                    let file = file.to_str().unwrap_or_default();
                    Command::new(node_bin("wasm-opt"))
                        .args([
                            file,
                            "-Oz",
                            "--enable-bulk-memory",
                            "--enable-nontrapping-float-to-int",
                            "--enable-sign-ext",
                            "--enable-mutable-globals",
                            "-o",
                            file,
                        ])
                        .spawn()
                        .with_context(|| format!("starting wasm-opt on {file}"))
                })
                .collect::<Result<Vec<Child>>>()?;
            for mut child in running {
                let status = child.wait()?;
                if !status.success() {
                    bail!("wasm-opt failed with {status}");
                }
            }
        }
    }

    step("building the CSS (Tailwind)");
    let mut tailwind = Command::new(node_bin("tailwindcss"));
    tailwind.args([
        "-i",
        "style/tailwind.css",
        "-o",
        pkg.join(format!("{OUTPUT_NAME}.css"))
            .to_str()
            .unwrap_or_default(),
    ]);
    if release {
        tailwind.arg("--minify");
    }
    sh(&mut tailwind)?;

    step("copying static files");
    copy_dir(Path::new("public"), &site)?;
    step("fingerprinting and compressing the assets");
    assets::finish(&site, &chunks, release)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    if !from.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn run(release: bool) -> Result<()> {
    let binary = build(release)?;
    step("starting Croupier");
    let mut cmd = Command::new(&binary);
    cmd.arg("serve");
    if std::env::var_os("CROUPIER_SITE_ROOT").is_none() {
        cmd.env("CROUPIER_SITE_ROOT", site_root());
    }
    let status = cmd.status().context("starting the server")?;
    if !status.success() {
        bail!("the server exited with {status}");
    }
    Ok(())
}

/// Totals of `cargo test` result lines.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

/// Runs `cargo test` with `args`, echoing its output and adding its result
/// lines to `tally`.
fn cargo_test(args: &[&str], envs: &[(&str, &str)], tally: &mut Tally) -> Result<()> {
    let mut cmd = cargo();
    cmd.arg("test").args(args).stdout(Stdio::piped());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let shown = format!("{cmd:?}");
    let mut child = cmd.spawn().with_context(|| format!("starting {shown}"))?;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                for part in rest.split(['.', ';']) {
                    let part = part.trim();
                    if let Some(n) = part.strip_suffix(" passed") {
                        tally.passed += n.trim().parse::<u64>().unwrap_or(0);
                    } else if let Some(n) = part.strip_suffix(" failed") {
                        tally.failed += n.trim().parse::<u64>().unwrap_or(0);
                    }
                }
            }
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("{shown} failed with {status}");
    }
    Ok(())
}

fn postgres_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

fn port_open(addr: &str) -> bool {
    addr.parse()
        .ok()
        .and_then(|a| TcpStream::connect_timeout(&a, Duration::from_secs(1)).ok())
        .is_some()
}

/// Waits up to `timeout` for `addr` to accept connections.
fn wait_for_port(addr: &str, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while !port_open(addr) {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    true
}

fn ensure_postgres() -> Result<()> {
    if port_open("127.0.0.1:5432") {
        return Ok(());
    }
    step("starting PostgreSQL");
    let _ = Command::new("sh")
        .args([
            "-c",
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
        ])
        .status();
    if wait_for_port("127.0.0.1:5432", Duration::from_secs(20)) {
        return Ok(());
    }
    bail!("PostgreSQL is not reachable on 127.0.0.1:5432; set TEST_DATABASE_URL")
}

fn test() -> Result<()> {
    let started = Instant::now();
    ensure_build_tools()?;
    ensure_chromium()?;

    step("formatting");
    sh(cargo().args(["fmt", "--all", "--", "--check"]))?;

    step("clippy: server side (ssr)");
    let mut clippy = cargo();
    clippy.arg("clippy");
    packages(&mut clippy, &SERVER_SIDE);
    sh(clippy.args(["--all-targets", "--", "-D", "warnings"]))?;
    step("clippy: browser side (hydrate, wasm32)");
    let mut clippy = cargo();
    clippy.arg("clippy");
    packages(&mut clippy, &BROWSER_SIDE);
    sh(clippy.args(["--target", WASM_TARGET, "--", "-D", "warnings"]))?;

    step("the WASM bundle's dependency tree has no server crates");
    let tree = cargo()
        .args([
            "tree",
            "-p",
            "frontend",
            "--target",
            WASM_TARGET,
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .output()
        .context("cargo tree")?;
    if !tree.status.success() {
        bail!(
            "cargo tree failed: {}",
            String::from_utf8_lossy(&tree.stderr)
        );
    }
    let tree = String::from_utf8_lossy(&tree.stdout);
    for line in tree.lines() {
        let name = line.split_whitespace().next().unwrap_or_default();
        if FORBIDDEN_IN_WASM.contains(&name) {
            bail!("{name} is in the WASM dependency tree ({line})");
        }
    }
    println!("ok: none of {FORBIDDEN_IN_WASM:?} in the hydrate build");

    let mut tally = Tally::default();
    step("unit and integration tests on SQLite");
    let packages: Vec<&str> = SERVER_SIDE.iter().flat_map(|p| ["-p", p]).collect();
    cargo_test(&packages, &[("TEST_DATABASE_URL", "sqlite")], &mut tally)?;

    step("integration tests on PostgreSQL");
    ensure_postgres()?;
    let pg = postgres_url();
    // The same package set as above, so nothing is compiled again.
    cargo_test(&packages, &[("TEST_DATABASE_URL", pg.as_str())], &mut tally)?;

    // `cargo test` has built target/debug/croupier (the server's integration
    // tests need it); a separate `cargo build` would resolve features
    // without dev-dependencies and compile much of the tree a second time.
    build_site(false)?;
    let browser = e2e(&[]);
    println!(
        "\nxtask: cargo tests {} passed, {} failed; browser suite {}; {:.0} s in all",
        tally.passed,
        tally.failed,
        if browser.is_ok() { "passed" } else { "FAILED" },
        started.elapsed().as_secs_f64()
    );
    browser
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the built server on a free port over a fresh database and runs the
/// Playwright suite against it.
/// Chromium for Playwright, from apt unless present or given by
/// `CHROMIUM_PATH`.
fn ensure_chromium() -> Result<()> {
    if !Path::new("/usr/bin/chromium").exists() && std::env::var_os("CHROMIUM_PATH").is_none() {
        step("installing Chromium (apt)");
        apt_install(&["chromium"])?;
    }
    Ok(())
}

fn e2e(playwright_args: &[&str]) -> Result<()> {
    ensure_chromium()?;
    step("browser end-to-end tests (Playwright, Chromium)");
    let port = free_port()?;
    let data = std::env::temp_dir().join(format!("croupier-e2e-{}-{port}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data)?;
    let log = std::fs::File::create(data.join("server.log"))?;
    let addr = format!("127.0.0.1:{port}");
    let child = Command::new(target_dir().join("debug").join("croupier"))
        .arg("serve")
        .env("CROUPIER_ADDR", &addr)
        .env("CROUPIER_DATA_DIR", &data)
        .env("CROUPIER_SITE_ROOT", site_root())
        .env("CROUPIER_DEMO", "1")
        .env_remove("DATABASE_URL")
        .env_remove("NATS_URL")
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .context("starting the server for the browser tests")?;
    let _guard = Guard(child);
    if !wait_for_port(&addr, Duration::from_secs(60)) {
        bail!(
            "the server did not start; see {}",
            data.join("server.log").display()
        );
    }
    let result = sh(Command::new(node_bin("playwright"))
        .args(["test", "--config", "end2end/playwright.config.ts"])
        .args(playwright_args)
        .env("BASE_URL", format!("http://{addr}")));
    if result.is_err() {
        eprintln!("server log: {}", data.join("server.log").display());
    } else {
        let _ = std::fs::remove_dir_all(&data);
    }
    result
}
