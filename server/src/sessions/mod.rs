//! Browsers hold one *client* (an opaque, long-lived token in an HttpOnly cookie), which
//! holds one or more *sessions*, one per signed-in account. A short-lived session JWT is
//! minted from the client and a session id whenever the browser needs a fresh one.

pub mod activity;
pub mod client;
pub mod session;
pub mod start;
pub mod tokens;

pub use client::{ClientToken, ClientView};
pub use session::{Device, SessionRow, SessionView};
