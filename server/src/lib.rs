//! The `croupier` server: configuration, the REST API, websockets, Leptos
//! SSR, static files and background workers, over the engine.

pub mod api;
pub mod config;
pub mod demo;
pub mod hub88;
pub mod jobs;
pub mod metrics;
pub mod startup;
pub mod state;
pub mod ws;

pub use config::Settings;
pub use startup::Server;
