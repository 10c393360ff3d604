//! The engine as the `hallpass` components see it: the server's implementation of
//! [`hallpass::engine::Engine`].

use hallpass::{engine::Engine, status::InstanceStatus};

use crate::store::Db;

pub struct LocalEngine {
    db: Db,
}

impl LocalEngine {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait::async_trait]
impl Engine for LocalEngine {
    async fn status(&self) -> InstanceStatus {
        InstanceStatus {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            database_ready: self.db.check_ready().await.is_ok(),
        }
    }
}
