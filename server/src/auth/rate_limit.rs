//! Per-IP limits on creating sign-ins and sign-ups: fixed one-minute windows counted in
//! the database, so all instances share one budget per address.

use std::{net::IpAddr, time::Duration};

use super::AuthError;
use crate::{
    on_pool,
    store::{Db, StoreError},
};

const WINDOW_MS: i64 = 60_000;

/// The address a limit applies to. IPv6 users usually hold a whole /64, so that is one
/// bucket; otherwise one person could rotate through addresses at will.
pub fn bucket_for(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Counts one request against `action` for `ip`; refuses it past `per_minute` (0 turns
/// the limit off).
pub async fn hit(
    db: &Db,
    action: &str,
    ip: IpAddr,
    per_minute: u32,
    now: i64,
) -> Result<(), AuthError> {
    if per_minute == 0 {
        return Ok(());
    }
    let bucket = format!("{action}:{}", bucket_for(ip));
    let window_start = now - now.rem_euclid(WINDOW_MS);
    let hits: i32 = on_pool!(db, pool => sqlx::query_scalar(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket) DO UPDATE SET \
           hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END, \
           window_start = excluded.window_start \
         RETURNING hits",
    )
    .bind(&bucket)
    .bind(window_start)
    .fetch_one(pool)
    .await
    .map_err(StoreError::from))?;
    if hits as i64 > per_minute as i64 {
        let retry_after = Duration::from_millis((window_start + WINDOW_MS - now).max(1000) as u64);
        return Err(AuthError::RateLimited { retry_after });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_addresses_share_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(bucket_for(a), bucket_for(b));
        assert_ne!(bucket_for(a), bucket_for(other));
        assert_eq!(bucket_for("::ffff:192.0.2.7".parse().unwrap()), "192.0.2.7");
    }
}
