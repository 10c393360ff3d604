//! The journal: the app Hallpass was made for. Signed-in people write entries that only
//! they can read.
//!
//! It is built the way any Leptos app would use Hallpass: it wraps its pages in
//! `HallpassProvider`, mounts the hosted sign-in pages, drops `UserButton` and friends
//! into its header, and its server functions take the user from
//! `hallpass::verify::require_session()`, never from their arguments. Its data lives in
//! its own table, in whatever database the host hands it (see [`store`]).

#[cfg(feature = "ssr")]
pub mod api;
pub mod app;
pub mod entries;
#[cfg(feature = "ssr")]
pub mod error;
mod page;
#[cfg(feature = "ssr")]
pub mod store;
