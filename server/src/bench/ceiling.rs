//! The ceiling: what this machine, this runtime and this HTTP stack serve when the handler
//! does nothing. The report gives every throughput as a share of it, which keeps figures
//! taken on a busy machine comparable.

use std::{future::Future, io, net::SocketAddr};

use axum::{Router, routing::get};
use tokio::net::TcpListener;

pub async fn serve_ceiling(
    addr: SocketAddr,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let router = Router::new().route("/", get(|| async { "ok" }));
    let listener = TcpListener::bind(addr).await?;
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}
