//! The `hallpass` command line.

use std::{net::SocketAddr, path::PathBuf};

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "hallpass",
    version,
    about = "Self-hosted sign-in and user management for Rust web apps.",
    long_about = "Self-hosted sign-in and user management for Rust web apps.\n\n\
        Configuration comes from hallpass.toml (or --config), HALLPASS_* environment \
        variables and DATABASE_URL, weakest first; flags win over all of them."
)]
pub struct Cli {
    /// TOML configuration file; must exist when given.
    #[arg(long, global = true, env = "HALLPASS_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Write logs as JSON lines (same as HALLPASS_LOG_FORMAT=json).
    #[arg(long, global = true)]
    pub log_json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web server; pending migrations are applied first.
    Serve {
        /// Listen address [env: HALLPASS_ADDR] [default: 127.0.0.1:3000]
        #[arg(long, value_name = "HOST:PORT")]
        addr: Option<SocketAddr>,
    },
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Ban or unban users.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Manage the keys that sign session tokens.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// The parts of `scripts/bench` that run inside the binary; not for production.
    #[cfg(feature = "bench")]
    #[command(hide = true)]
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Refuse the user's sign-ins and revoke every session they have.
    Ban { user_id: String },
    /// Let the user sign in again.
    Unban { user_id: String },
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Publish a new signing key now, sign with it once verifiers have had time to fetch
    /// it, and retire the current key after the last token it signed has expired.
    Rotate {
        /// Seconds between publishing the new key and signing with it: how long verifiers
        /// may cache the JWKS.
        #[arg(long, default_value_t = 300, value_name = "SECS")]
        publish_ahead: u64,
    },
    /// List signing keys with when each signs and when it leaves the JWKS.
    List,
}

#[derive(Debug, Subcommand)]
#[cfg(feature = "bench")]
pub enum BenchCommand {
    /// Serve a bare axum handler that answers `ok`: the throughput ceiling.
    Ceiling {
        #[arg(long, value_name = "HOST:PORT")]
        addr: SocketAddr,
    },
    /// Time password hashes at the configured parameters; prints JSON.
    Hash {
        #[arg(long, default_value_t = 10)]
        rounds: usize,
    },
    /// Create users, each signed in on a client of their own, with journal entries; writes
    /// one line per session: user id, email, client token, session id (tab-separated).
    Seed {
        #[arg(long)]
        sessions: usize,
        #[arg(long, default_value_t = 3)]
        entries: usize,
        #[arg(long)]
        password: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// `serve`, plus the unprotected twin of the journal's entries endpoint at
    /// `/bench/journal/entries/{user_id}`.
    Serve {
        #[arg(long, value_name = "HOST:PORT")]
        addr: Option<SocketAddr>,
    },
}
