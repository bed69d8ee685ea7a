//! The `croupier` server: configuration, the REST API, websockets, Leptos
//! SSR, static files and background workers, over the engine.

// Rendering the app's pages on the server lays out their (deeply nested)
// view types here.
#![recursion_limit = "256"]

/// The allocator of the server (and of every test and benchmark built on
/// it): settling or placing thousands of bets allocates millions of small
/// values (rows, statement values, JSON), where glibc's allocator spent a
/// third of the process' time in a settlement profile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod api;
pub mod assets;
pub mod config;
pub mod credentials;
pub mod demo;
pub mod hub88;
pub mod jobs;
pub mod metrics;
pub mod startup;
pub mod state;
pub mod venue_cli;
pub mod ws;

pub use config::Settings;
pub use startup::Server;
