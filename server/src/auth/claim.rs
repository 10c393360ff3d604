//! The first proof of a mailbox. Without required verification anyone can create an
//! account with someone else's address and a password of their own; when the address's
//! owner later proves it (an emailed code, a magic link, a reset code), the account
//! becomes theirs alone: the address is marked verified, every session started before the
//! proof ends, the password set before it is removed (the owner may set one afterwards),
//! and the owner is told. Later proofs change nothing. A proof from a browser already
//! signed in to the account only marks the address verified: that browser has shown both
//! the password and the mailbox, so the password is the owner's own.

use hallpass::locale::Locale;

use super::{Auth, AuthError, account};
use crate::{
    email::{outbox, outbox::NewEmail, templates::Template},
    identity::User,
    on_pool,
    sessions::{
        client::sessions,
        session::{EndStatus, Filter, end_statement},
    },
    store::StoreError,
};

/// Records that the person signing in on `client_id` proved `email_id`'s mailbox. Returns
/// whether this was the first proof of the account's primary address, which took the
/// account back.
pub async fn mailbox_proved(
    auth: &Auth,
    user: &User,
    email_id: &str,
    client_id: &str,
    locale: Locale,
    now: i64,
) -> Result<bool, AuthError> {
    let Some(email) = user.emails.iter().find(|email| email.id == email_id) else {
        return Ok(false);
    };
    if email.verified {
        return Ok(false);
    }
    let rules = auth.settings.lifetimes();
    let signed_in_here = sessions(&auth.db, client_id)
        .await?
        .iter()
        .any(|session| session.user_id == user.id() && session.is_live(rules, now));
    let takes_back = email.is_primary && !signed_in_here;
    let notice = takes_back.then(|| {
        NewEmail::new(
            &email.email_address,
            Template::AccountClaimed.render(locale, &auth.mailer.branding),
        )
    });
    let first = on_pool!(&auth.db, pool => {
        let mut tx = pool.begin().await.map_err(StoreError::from)?;
        let first = sqlx::query(
            "UPDATE email_addresses SET verified = TRUE, updated_at = $1 \
             WHERE id = $2 AND user_id = $3 AND NOT verified",
        )
        .bind(now)
        .bind(email_id)
        .bind(user.id())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?
        .rows_affected()
            == 1;
        if first && takes_back {
            account::password_statement(user.id(), None, now)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
            end_statement(Filter::User(user.id()), EndStatus::Revoked, now)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
            if let Some(notice) = &notice {
                outbox::insert(notice, now)
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreError::from)?;
            }
        }
        tx.commit().await.map_err(StoreError::from)?;
        first
    });
    if first && takes_back {
        auth.mailer.queued();
        tracing::info!(
            user_id = user.id(),
            "first proof of the address: the account was taken back"
        );
    }
    Ok(first && takes_back)
}
