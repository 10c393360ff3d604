//! One password hash at the configured parameters, timed: the sign-in throughput limit
//! is the number of cores divided by this.

use std::time::Instant;

use serde::Serialize;

use crate::password::{HashError, PasswordHasher};

#[derive(Debug, Serialize)]
pub struct HashTiming {
    pub algorithm: &'static str,
    pub m_cost_kib: u32,
    pub t_cost: u32,
    pub p_cost: u32,
    pub rounds: usize,
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
}

/// Hashes one after another, so each has a core to itself (as far as the machine allows).
pub async fn time_hash(hasher: &PasswordHasher, rounds: usize) -> Result<HashTiming, HashError> {
    let mut times = Vec::with_capacity(rounds.max(1));
    for round in 0..rounds.max(1) {
        let started = Instant::now();
        hasher.hash(&format!("benchmark password {round}")).await?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let params = hasher.params();
    Ok(HashTiming {
        algorithm: "argon2id",
        m_cost_kib: params.m_cost(),
        t_cost: params.t_cost(),
        p_cost: params.p_cost(),
        rounds: times.len(),
        median_ms: times[times.len() / 2],
        min_ms: times[0],
        max_ms: times[times.len() - 1],
    })
}
