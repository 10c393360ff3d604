//! The browser's client, as a flow sees it: the one from its cookie, or a new one.

use crate::{
    sessions::{
        ClientToken,
        client::{self, ClientRow},
    },
    store::{Db, StoreError},
};

/// A client and the token the browser must hold next. `token_changed` says whether the
/// response has to set the cookie.
#[derive(Debug, Clone)]
pub struct ClientContext {
    pub row: ClientRow,
    pub token: ClientToken,
    pub token_changed: bool,
}

impl ClientContext {
    pub fn rotated(mut self, token: ClientToken) -> Self {
        self.token = token;
        self.token_changed = true;
        self
    }
}

/// The client behind `cookie`, if it names one.
pub async fn current(
    db: &Db,
    cookie: Option<&ClientToken>,
) -> Result<Option<ClientContext>, StoreError> {
    let Some(token) = cookie else { return Ok(None) };
    Ok(client::find_by_token(db, token)
        .await?
        .map(|row| ClientContext {
            row,
            token: token.clone(),
            token_changed: false,
        }))
}

/// The client behind `cookie`, or a new one when it names none.
pub async fn current_or_new(
    db: &Db,
    cookie: Option<&ClientToken>,
    now: i64,
) -> Result<ClientContext, StoreError> {
    if let Some(existing) = current(db, cookie).await? {
        return Ok(existing);
    }
    let (row, token) = client::create(db, now).await?;
    Ok(ClientContext {
        row,
        token,
        token_changed: true,
    })
}

/// The client as the Frontend API shows it, with its active sessions.
pub async fn view(
    auth: &super::Auth,
    client: &ClientContext,
    now: i64,
) -> Result<crate::sessions::ClientView, StoreError> {
    let rules = auth.settings.lifetimes();
    let sessions = crate::sessions::client::sessions(&auth.db, &client.row.id)
        .await?
        .iter()
        .map(|session| session.view(rules, now))
        .filter(|session| session.status == "active")
        .collect();
    Ok(crate::sessions::ClientView::new(&client.row, sessions))
}
