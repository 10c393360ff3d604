//! `hallpass bench …`: the parts of `scripts/bench` that run inside the binary, so the
//! ceiling, the hash time and the server are measured by the same build on the same
//! machine in the same run.

mod ceiling;
mod hash;
mod seed;
mod twin;

pub use ceiling::serve_ceiling;
pub use hash::{HashTiming, time_hash};
pub use seed::{SeedError, seed};
pub use twin::routes as twin_routes;
