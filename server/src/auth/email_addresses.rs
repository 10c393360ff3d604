//! Adding an email address to one's own account: the address is stored unverified, a
//! code goes to it, and the right code verifies it. Only then can it become the primary
//! address (see `account::make_email_primary`).

use hallpass::locale::Locale;
use serde::Deserialize;

use super::{
    Auth, AuthError, account, lockout,
    sign_in::missing,
    verification::{self, Purpose, Recipient},
};
use crate::{
    email::{outbox::NewEmail, templates::Template},
    identity::{
        EmailAddress, User,
        store::{IdentifierTaken, release_unproven_claim},
    },
    ids::{new_id, now_ms},
    on_pool,
    store::StoreError,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddEmailParams {
    pub email_address: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailVerificationParams {
    pub strategy: String,
    pub code: Option<String>,
}

/// Stores the address, unverified; the unique index refuses one someone else holds as
/// their primary or verified address.
/// Answers the user and the new address's id.
pub async fn add(
    auth: &Auth,
    user_id: &str,
    params: AddEmailParams,
) -> Result<(User, String), AuthError> {
    let raw = params
        .email_address
        .ok_or_else(|| missing("email_address"))?;
    let email = EmailAddress::parse(&raw).map_err(|error| AuthError::Fields(vec![error]))?;
    let now = now_ms();
    let id = new_id("idn");
    on_pool!(&auth.db, pool => {
        let mut tx = pool.begin().await.map_err(StoreError::from)?;
        release_unproven_claim(&email).execute(&mut *tx).await.map_err(StoreError::from)?;
        sqlx::query(
            "INSERT INTO email_addresses (id, user_id, email_address, normalized, verified, is_primary, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, FALSE, FALSE, $5, $5)",
        )
        .bind(&id)
        .bind(user_id)
        .bind(email.as_str())
        .bind(email.normalized())
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|error| match IdentifierTaken::of(&error) {
            Some(IdentifierTaken::EmailAddress) => AuthError::EmailTaken,
            _ => AuthError::Store(StoreError::from(error)),
        })?;
        tx.commit().await.map_err(StoreError::from)?;
    });
    Ok((account::user(auth, user_id).await?, id))
}

/// Takes back an address [`add`] stored, when its code could not be sent: an address
/// nobody can verify must not hold its place.
pub async fn withdraw(auth: &Auth, user_id: &str, email_id: &str) -> Result<(), AuthError> {
    on_pool!(&auth.db, pool => sqlx::query(
        "DELETE FROM email_addresses WHERE id = $1 AND user_id = $2 AND NOT verified AND NOT is_primary",
    )
    .bind(email_id)
    .bind(user_id)
    .execute(pool)
    .await
    .map(drop)
    .map_err(StoreError::from))?;
    Ok(())
}

/// Emails a code to one of the user's unverified addresses.
pub async fn prepare_verification(
    auth: &Auth,
    user_id: &str,
    email_id: &str,
    params: EmailVerificationParams,
    locale: Locale,
) -> Result<User, AuthError> {
    super::check_strategy(&params.strategy, &["email_code"])?;
    let user = account::user(auth, user_id).await?;
    let email = unverified(&user, email_id)?;
    let branding = &auth.mailer.branding;
    verification::issue(
        auth,
        email_id,
        Purpose::AddEmail,
        Recipient {
            address: &email.email_address,
            user_id: Some(user_id),
            deliver: true,
            cooldown_key: &email.email_address,
        },
        |code| {
            NewEmail::new(
                &email.email_address,
                Template::VerifyEmail { code }.render(locale, branding),
            )
        },
        now_ms(),
    )
    .await?;
    Ok(user)
}

/// Verifies the address with the emailed code.
pub async fn attempt_verification(
    auth: &Auth,
    user_id: &str,
    email_id: &str,
    params: EmailVerificationParams,
) -> Result<User, AuthError> {
    super::check_strategy(&params.strategy, &["email_code"])?;
    let code = params.code.ok_or_else(|| missing("code"))?;
    let user = account::user(auth, user_id).await?;
    unverified(&user, email_id)?;
    let now = now_ms();
    verification::check_code(
        auth,
        email_id,
        Purpose::AddEmail,
        &code,
        Some(lockout::Subject::Account(user_id)),
        now,
    )
    .await?;
    on_pool!(&auth.db, pool => sqlx::query(
        "UPDATE email_addresses SET verified = TRUE, updated_at = $1 WHERE id = $2 AND user_id = $3",
    )
    .bind(now)
    .bind(email_id)
    .bind(user_id)
    .execute(pool)
    .await
    .map(drop)
    .map_err(StoreError::from))?;
    account::user(auth, user_id).await
}

fn unverified<'u>(
    user: &'u User,
    email_id: &str,
) -> Result<&'u crate::identity::user::EmailRow, AuthError> {
    let email = user
        .emails
        .iter()
        .find(|email| email.id == email_id)
        .ok_or(AuthError::NotFound("Email address"))?;
    match email.verified {
        true => Err(AuthError::InvalidStep("this address is already verified")),
        false => Ok(email),
    }
}
