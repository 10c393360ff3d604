use crate::{
    on_pool,
    store::{Db, StoreError},
};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyRecord {
    pub kid: String,
    pub algorithm: String,
    pub private_key_encrypted: String,
    pub public_jwk: String,
    pub created_at: i64,
    pub active_from: i64,
    pub retire_after: Option<i64>,
}

const COLUMNS: &str =
    "kid, algorithm, private_key_encrypted, public_jwk, created_at, active_from, retire_after";

pub async fn published(db: &Db, now: i64) -> Result<Vec<KeyRecord>, StoreError> {
    let query = format!(
        "SELECT {COLUMNS} FROM signing_keys WHERE retire_after IS NULL OR retire_after > $1 ORDER BY active_from, kid"
    );
    Ok(
        on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(query)).bind(now).fetch_all(pool).await)?,
    )
}

pub async fn all(db: &Db) -> Result<Vec<KeyRecord>, StoreError> {
    let query = format!("SELECT {COLUMNS} FROM signing_keys ORDER BY active_from, kid");
    Ok(on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(query)).fetch_all(pool).await)?)
}

/// Adds a key; with `retire_others_after`, also schedules every key still published then
/// to leave the JWKS at that moment. One transaction: a rotation happens whole or not at all.
pub async fn insert(
    db: &Db,
    key: &KeyRecord,
    retire_others_after: Option<i64>,
) -> Result<(), StoreError> {
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        if let Some(retire_after) = retire_others_after {
            sqlx::query("UPDATE signing_keys SET retire_after = $1 WHERE retire_after IS NULL OR retire_after > $1")
                .bind(retire_after)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO signing_keys (kid, algorithm, private_key_encrypted, public_jwk, created_at, active_from) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&key.kid)
        .bind(&key.algorithm)
        .bind(&key.private_key_encrypted)
        .bind(&key.public_jwk)
        .bind(key.created_at)
        .bind(key.active_from)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    });
    Ok(())
}
