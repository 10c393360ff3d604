//! A user as stored, and as the Frontend API shows it (Clerk's shape, less
//! `private_metadata`, which only the Backend API may read).

use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub username: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub image_url: Option<String>,
    pub password_hash: Option<String>,
    pub public_metadata: String,
    pub unsafe_metadata: String,
    pub banned: bool,
    pub failed_sign_in_attempts: i32,
    pub locked_until: Option<i64>,
    /// See the `credential_version` column: what a sign-in in flight must still find.
    pub credential_version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_sign_in_at: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EmailRow {
    pub id: String,
    pub user_id: String,
    pub email_address: String,
    pub verified: bool,
    pub is_primary: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct User {
    pub row: UserRow,
    pub emails: Vec<EmailRow>,
}

impl User {
    pub fn id(&self) -> &str {
        &self.row.id
    }

    pub fn primary_email(&self) -> Option<&EmailRow> {
        self.emails.iter().find(|email| email.is_primary)
    }

    pub fn is_locked(&self, now: i64) -> bool {
        self.locked_for(now).is_some()
    }

    /// How long the account stays locked, if it is locked at `now`.
    pub fn locked_for(&self, now: i64) -> Option<std::time::Duration> {
        self.row
            .locked_until
            .filter(|until| *until > now)
            .map(|until| std::time::Duration::from_millis((until - now) as u64))
    }

    pub fn view(&self, now: i64) -> UserView {
        let json = |text: &str| {
            serde_json::from_str(text).unwrap_or_else(|_| Value::Object(Default::default()))
        };
        UserView {
            object: "user",
            id: self.row.id.clone(),
            username: self.row.username.clone(),
            first_name: self.row.first_name.clone(),
            last_name: self.row.last_name.clone(),
            image_url: self.row.image_url.clone(),
            primary_email_address_id: self.primary_email().map(|email| email.id.clone()),
            email_addresses: self.emails.iter().map(EmailView::from).collect(),
            password_enabled: self.row.password_hash.is_some(),
            public_metadata: json(&self.row.public_metadata),
            unsafe_metadata: json(&self.row.unsafe_metadata),
            banned: self.row.banned,
            locked: self.is_locked(now),
            created_at: self.row.created_at,
            updated_at: self.row.updated_at,
            last_sign_in_at: self.row.last_sign_in_at,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct UserView {
    pub object: &'static str,
    pub id: String,
    pub username: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub image_url: Option<String>,
    pub primary_email_address_id: Option<String>,
    pub email_addresses: Vec<EmailView>,
    pub password_enabled: bool,
    pub public_metadata: Value,
    pub unsafe_metadata: Value,
    pub banned: bool,
    pub locked: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_sign_in_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EmailView {
    pub object: &'static str,
    pub id: String,
    pub email_address: String,
    pub verification: Verification,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub status: &'static str,
}

impl From<&EmailRow> for EmailView {
    fn from(row: &EmailRow) -> Self {
        Self {
            object: "email_address",
            id: row.id.clone(),
            email_address: row.email_address.clone(),
            verification: Verification {
                status: if row.verified {
                    "verified"
                } else {
                    "unverified"
                },
            },
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}
