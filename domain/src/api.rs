//! The shapes of the REST API and of the Leptos server functions: plain
//! serde data, built by the engine, answered by the server's handlers (the
//! OpenAPI document derives from these same types with the feature
//! `openapi`) and read by the pages. Compiles for the browser too.

pub mod engagement;
pub mod leaderboard;
pub mod loyalty;
pub mod sportsbook;
pub mod vip;
