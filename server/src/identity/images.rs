//! Where profile pictures are kept: one per user, replaced in the same transaction that
//! points the user at the new one, so a reader never sees a URL without its picture.

use super::image::ProfileImage;
use crate::{
    ids::{new_id, now_ms},
    on_pool,
    store::{Db, StoreError},
};

pub struct StoredImage {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Stores `image` as the user's picture and returns its URL under `origin`.
pub async fn replace(
    db: &Db,
    user_id: &str,
    image: ProfileImage,
    origin: &str,
) -> Result<String, StoreError> {
    let id = new_id("img");
    let url = format!("{origin}/v1/profile_images/{id}");
    let now = now_ms();
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("DELETE FROM profile_images WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO profile_images (id, user_id, content_type, bytes, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(user_id)
        .bind(image.content_type)
        .bind(&image.bytes)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE users SET image_url = $1, updated_at = $2 WHERE id = $3")
            .bind(&url)
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    });
    Ok(url)
}

pub async fn remove(db: &Db, user_id: &str) -> Result<(), StoreError> {
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("DELETE FROM profile_images WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE users SET image_url = NULL, updated_at = $1 WHERE id = $2")
            .bind(now_ms())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    });
    Ok(())
}

pub async fn find(db: &Db, id: &str) -> Result<Option<StoredImage>, StoreError> {
    let row: Option<(String, Vec<u8>)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT content_type, bytes FROM profile_images WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await)?;
    Ok(row.map(|(content_type, bytes)| StoredImage {
        content_type,
        bytes,
    }))
}
