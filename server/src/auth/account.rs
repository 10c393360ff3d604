//! What a signed-in person does to their own account and sessions.

use serde::Deserialize;
use serde_json::Value;
use sqlx::{Database, Encode, Type, query::Query};

use hallpass::locale::Locale;

use super::{Auth, AuthError, client::ClientContext, sign_in::missing};
use crate::{
    email::{
        outbox::{self, NewEmail},
        templates::Template,
    },
    identity::{
        FieldError, Metadata, PersonName, User, Username,
        image::ProfileImage,
        images,
        store::{IdentifierTaken, find_user, find_user_by_identifier},
    },
    ids::now_ms,
    on_pool,
    sessions::{
        ClientToken,
        session::{self, EndStatus, Filter},
        tokens::{self, MintError, MintRequest, Minted, Target},
    },
    store::StoreError,
};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileParams {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub unsafe_metadata: Option<Value>,
    pub primary_email_address_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordParams {
    pub current_password: Option<String>,
    pub new_password: Option<String>,
    #[serde(default)]
    pub sign_out_of_other_sessions: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteParams {
    pub password: Option<String>,
}

pub async fn user(auth: &Auth, user_id: &str) -> Result<User, AuthError> {
    find_user(&auth.db, user_id)
        .await?
        .ok_or(AuthError::SignedOut)
}

pub async fn update_profile(
    auth: &Auth,
    user_id: &str,
    params: ProfileParams,
) -> Result<User, AuthError> {
    let current = user(auth, user_id).await?;
    let mut errors = Vec::new();
    let mut name = |param: &'static str, raw: Option<&str>, existing: Option<String>| match raw {
        None => existing,
        Some(raw) => PersonName::parse(param, raw).map_or_else(
            |error| {
                errors.push(error);
                None
            },
            |name| name.map(|name| name.as_str().to_owned()),
        ),
    };
    let first_name = name(
        "first_name",
        params.first_name.as_deref(),
        current.row.first_name.clone(),
    );
    let last_name = name(
        "last_name",
        params.last_name.as_deref(),
        current.row.last_name.clone(),
    );
    let username = match params.username.as_deref() {
        None => current
            .row
            .username
            .as_deref()
            .map(stored_username)
            .transpose()?,
        Some(raw) if raw.trim().is_empty() => None,
        Some(raw) => Username::parse(raw)
            .map_err(|error| errors.push(error))
            .ok(),
    };
    let unsafe_metadata = match params.unsafe_metadata {
        None => current.row.unsafe_metadata.clone(),
        Some(value) => Metadata::parse("unsafe_metadata", value)
            .map(|metadata| metadata.to_json())
            .unwrap_or_else(|error| {
                errors.push(error);
                String::new()
            }),
    };
    if !errors.is_empty() {
        return Err(AuthError::Fields(errors));
    }
    if let Some(username) = &username {
        let holder = find_user_by_identifier(&auth.db, username.as_str()).await?;
        if holder.is_some_and(|holder| holder.id() != user_id) {
            return Err(AuthError::UsernameTaken);
        }
    }
    let result = on_pool!(&auth.db, pool => sqlx::query(
        "UPDATE users SET first_name = $1, last_name = $2, username = $3, username_normalized = $4, \
         unsafe_metadata = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(&first_name)
    .bind(&last_name)
    .bind(username.as_ref().map(Username::as_str))
    .bind(username.as_ref().map(Username::normalized))
    .bind(&unsafe_metadata)
    .bind(now_ms())
    .bind(user_id)
    .execute(pool)
    .await
    .map(drop));
    if let Err(error) = result {
        return Err(match IdentifierTaken::of(&error) {
            Some(IdentifierTaken::Username) => AuthError::UsernameTaken,
            _ => StoreError::from(error).into(),
        });
    }
    user(auth, user_id).await
}

/// A username as stored, which was valid when written.
pub(super) fn stored_username(raw: &str) -> Result<Username, StoreError> {
    Username::parse(raw).map_err(|error| StoreError::Corrupt {
        what: "username",
        detail: error.message,
    })
}

/// Checks the current password the way sign-in does, counting failures toward the lock.
async fn confirm_password(
    auth: &Auth,
    user: &User,
    password: Option<&str>,
    param: &'static str,
) -> Result<(), AuthError> {
    let password = password.ok_or_else(|| missing(param))?;
    if super::lockout::check_password(auth, user, password, now_ms())
        .await?
        .is_none()
    {
        return Err(AuthError::Fields(vec![FieldError::new(
            param,
            "form_password_incorrect",
            "The current password is incorrect.",
        )]));
    }
    Ok(())
}

pub async fn change_password(
    auth: &Auth,
    user_id: &str,
    session_id: &str,
    params: ChangePasswordParams,
    locale: Locale,
) -> Result<User, AuthError> {
    let current = user(auth, user_id).await?;
    if current.row.password_hash.is_some() {
        confirm_password(
            auth,
            &current,
            params.current_password.as_deref(),
            "current_password",
        )
        .await?;
    }
    let new_password = params.new_password.ok_or_else(|| missing("new_password"))?;
    let email = current
        .primary_email()
        .map(|email| email.email_address.clone());
    auth.policy
        .check(&new_password, email.as_deref())
        .map_err(|rejection| AuthError::Fields(vec![rejection.for_field("new_password")]))?;
    let hash = auth.hasher.hash(&new_password).await?;
    let now = now_ms();
    let notice = email.map(|address| {
        NewEmail::new(
            &address,
            Template::PasswordChanged.render(locale, &auth.mailer.branding),
        )
    });
    let others = params
        .sign_out_of_other_sessions
        .then_some(Filter::UserExcept {
            user_id,
            keep: session_id,
        });
    set_password(auth, user_id, &hash, notice.as_ref(), others, now).await?;
    user(auth, user_id).await
}

/// Deletes the user, their email addresses and sessions, once their password is confirmed.
pub async fn delete(auth: &Auth, user_id: &str, params: DeleteParams) -> Result<(), AuthError> {
    let current = user(auth, user_id).await?;
    if current.row.password_hash.is_some() {
        confirm_password(auth, &current, params.password.as_deref(), "password").await?;
    }
    on_pool!(&auth.db, pool => sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(user_id)
        .execute(pool)
        .await
        .map(drop)
        .map_err(StoreError::from))?;
    Ok(())
}

pub async fn sessions(
    auth: &Auth,
    user_id: &str,
) -> Result<Vec<crate::sessions::SessionView>, AuthError> {
    let now = now_ms();
    let rules = auth.settings.lifetimes();
    Ok(session::for_user(&auth.db, user_id)
        .await?
        .iter()
        .map(|session| session.view(rules, now))
        .filter(|session| session.status == "active")
        .collect())
}

/// Ends one of the user's sessions from another device; its next refresh fails.
pub async fn revoke_session(auth: &Auth, user_id: &str, session_id: &str) -> Result<(), AuthError> {
    let ended = session::end(
        &auth.db,
        Filter::One {
            session_id,
            owner: user_id,
        },
        EndStatus::Revoked,
        now_ms(),
    )
    .await?;
    if ended == 0 {
        return Err(AuthError::NotFound("Session"));
    }
    Ok(())
}

/// Signs one session of this client out, or every one; the client's active session
/// moves to the newest remaining one.
pub async fn sign_out(
    auth: &Auth,
    client: &ClientContext,
    session_id: Option<&str>,
) -> Result<(), AuthError> {
    let now = now_ms();
    let filter = match session_id {
        Some(session_id) => Filter::One {
            session_id,
            owner: &client.row.id,
        },
        None => Filter::Client(&client.row.id),
    };
    let ended = session::end(&auth.db, filter, EndStatus::Ended, now).await?;
    if session_id.is_some() && ended == 0 {
        return Err(AuthError::NotFound("Session"));
    }
    let remaining = crate::sessions::client::sessions(&auth.db, &client.row.id).await?;
    let active = remaining.first().map(|session| session.id.as_str());
    crate::sessions::client::set_last_active_session(&auth.db, &client.row.id, active, now).await?;
    Ok(())
}

/// Makes one of this client's sessions the active one (switching accounts).
pub async fn touch(auth: &Auth, client: &ClientContext, session_id: &str) -> Result<(), AuthError> {
    let owned = crate::sessions::client::sessions(&auth.db, &client.row.id)
        .await?
        .iter()
        .any(|session| session.id == session_id);
    if !owned {
        return Err(AuthError::NotFound("Session"));
    }
    crate::sessions::client::set_last_active_session(
        &auth.db,
        &client.row.id,
        Some(session_id),
        now_ms(),
    )
    .await?;
    Ok(())
}

pub async fn token(
    auth: &Auth,
    client: &ClientContext,
    session_id: &str,
    azp: Option<String>,
) -> Result<String, AuthError> {
    let minted = mint(auth, Some(&client.token), Target::Session(session_id), azp).await?;
    Ok(minted.jwt)
}

/// A session JWT straight from the client cookie, with no separate look-up of the client:
/// the path every refresh takes. A cookie that names no client is `SignedOut`.
pub async fn mint(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    target: Target<'_>,
    azp: Option<String>,
) -> Result<Minted, AuthError> {
    let client_token = cookie.ok_or(AuthError::SignedOut)?;
    let request = MintRequest {
        client_token,
        target,
        azp,
        now: now_ms(),
    };
    match tokens::mint(
        &auth.db,
        &auth.keys,
        &auth.activity,
        &auth.settings.token,
        request,
    )
    .await
    {
        Err(MintError::SessionNotFound)
            if crate::sessions::client::find_by_token(&auth.db, client_token)
                .await?
                .is_none() =>
        {
            Err(AuthError::SignedOut)
        }
        minted => Ok(minted?),
    }
}

/// Bans or unbans a user. A ban also revokes every session they have, so it takes effect
/// at their next token refresh, everywhere; a sign-in still in flight reads the ban in the
/// transaction that would start its session.
pub async fn set_banned(
    db: &crate::store::Db,
    user_id: &str,
    banned: bool,
) -> Result<(), AuthError> {
    let now = now_ms();
    on_pool!(db, pool => {
        let mut tx = pool.begin().await.map_err(StoreError::from)?;
        let changed = sqlx::query(
            "UPDATE users SET banned = $1, updated_at = $2 WHERE id = $3",
        )
        .bind(banned)
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?
        .rows_affected();
        if changed == 0 {
            return Err(AuthError::NotFound("User"));
        }
        if banned {
            session::end_statement(Filter::User(user_id), EndStatus::Revoked, now)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
        }
        tx.commit().await.map_err(StoreError::from)?;
    });
    Ok(())
}

/// Stores a new password hash and clears the lockout count, with the notice to the
/// account's address and the end of the sessions `end_sessions` names in the same
/// transaction: a crash never leaves a new password with the old sessions still open.
pub async fn set_password(
    auth: &Auth,
    user_id: &str,
    hash: &str,
    notice: Option<&NewEmail>,
    end_sessions: Option<Filter<'_>>,
    now: i64,
) -> Result<(), StoreError> {
    on_pool!(&auth.db, pool => {
        let mut tx = pool.begin().await?;
        password_statement(user_id, Some(hash), now)
            .execute(&mut *tx)
            .await?;
        if let Some(notice) = notice {
            outbox::insert(notice, now).execute(&mut *tx).await?;
        }
        if let Some(filter) = end_sessions {
            session::end_statement(filter, EndStatus::Revoked, now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    });
    if notice.is_some() {
        auth.mailer.queued();
    }
    Ok(())
}

/// What every change of password writes, whoever makes it: the new hash (`None` removes
/// the password), a new credential version, which refuses sign-ins still checking the old
/// password, and a fresh lockout count. For the transaction of the change.
pub(super) fn password_statement<'a, DB>(
    user_id: &'a str,
    hash: Option<&'a str>,
    now: i64,
) -> Query<'a, DB, DB::Arguments>
where
    DB: Database,
    for<'t> &'a str: Encode<'t, DB> + Type<DB>,
    Option<&'a str>: Encode<'a, DB> + Type<DB>,
    for<'t> i64: Encode<'t, DB> + Type<DB>,
{
    sqlx::query(
        "UPDATE users SET password_hash = $1, credential_version = credential_version + 1, \
         failed_sign_in_attempts = 0, locked_until = NULL, updated_at = $2 WHERE id = $3",
    )
    .bind(hash)
    .bind(now)
    .bind(user_id)
}

/// Makes one of the user's verified addresses the primary one: where mail goes and what
/// the session token and the components show.
pub async fn make_email_primary(
    auth: &Auth,
    user_id: &str,
    email_id: &str,
    locale: Locale,
) -> Result<User, AuthError> {
    let current = user(auth, user_id).await?;
    let email = current
        .emails
        .iter()
        .find(|email| email.id == email_id)
        .ok_or(AuthError::NotFound("Email address"))?;
    if !email.verified {
        return Err(AuthError::EmailNotVerified);
    }
    // The old address hears of the change: if someone else made it, its owner learns.
    let notice = current
        .primary_email()
        .filter(|old| old.id != email.id)
        .map(|old| {
            let template = Template::EmailChanged {
                new_address: &email.email_address,
            };
            NewEmail::new(
                &old.email_address,
                template.render(locale, &auth.mailer.branding),
            )
        });
    let now = now_ms();
    on_pool!(&auth.db, pool => {
        let mut tx = pool.begin().await.map_err(StoreError::from)?;
        sqlx::query("UPDATE email_addresses SET is_primary = FALSE, updated_at = $1 WHERE user_id = $2 AND is_primary")
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        sqlx::query("UPDATE email_addresses SET is_primary = TRUE, updated_at = $1 WHERE id = $2 AND user_id = $3")
            .bind(now)
            .bind(email_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        if let Some(notice) = &notice {
            outbox::insert(notice, now)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
        }
        tx.commit().await.map_err(StoreError::from)?;
    });
    if notice.is_some() {
        auth.mailer.queued();
    }
    user(auth, user_id).await
}

/// Removes one of the user's addresses; never the primary one, so an account always has
/// somewhere to send a reset code.
pub async fn remove_email(auth: &Auth, user_id: &str, email_id: &str) -> Result<User, AuthError> {
    let current = user(auth, user_id).await?;
    let email = current
        .emails
        .iter()
        .find(|email| email.id == email_id)
        .ok_or(AuthError::NotFound("Email address"))?;
    if email.is_primary {
        return Err(AuthError::PrimaryEmailRemoval);
    }
    on_pool!(&auth.db, pool => sqlx::query("DELETE FROM email_addresses WHERE id = $1 AND user_id = $2")
        .bind(email_id)
        .bind(user_id)
        .execute(pool)
        .await
        .map(drop)
        .map_err(StoreError::from))?;
    user(auth, user_id).await
}

/// Replaces the user's profile picture with an upload, checked for type, size and dimensions.
pub async fn set_profile_image(
    auth: &Auth,
    user_id: &str,
    upload: Vec<u8>,
) -> Result<User, AuthError> {
    let image = ProfileImage::parse(upload).await?;
    images::replace(&auth.db, user_id, image, &auth.settings.token.issuer).await?;
    user(auth, user_id).await
}

pub async fn remove_profile_image(auth: &Auth, user_id: &str) -> Result<User, AuthError> {
    images::remove(&auth.db, user_id).await?;
    user(auth, user_id).await
}
