//! The serving loop's limits, seen from raw TCP: no client holds a connection open for as
//! long as it likes, the connection cap keeps descriptors bounded while the server goes
//! on serving, and a keep-alive connection survives a handler that ignores the body.

use std::time::Duration;

use hallpass_server::config::{Backend, Config};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpStream, tcp::OwnedReadHalf},
};

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

/// How long a test waits for the server to close a connection before deciding it never
/// will: far beyond the one-second limits the tests configure.
const PATIENCE: Duration = Duration::from_secs(15);

/// Limits that never fire during a test unless it lowers them.
fn long_limits(config: &mut Config) {
    config.http_header_read_timeout_secs = 600;
    config.http_idle_timeout_secs = 600;
}

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.address.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// Everything the server sends until it closes the connection; `None` if it is still
/// open after [`PATIENCE`].
async fn read_until_closed(reader: &mut OwnedReadHalf) -> Option<String> {
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    let closed = tokio::time::timeout(PATIENCE, async {
        loop {
            match reader.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(read) => received.extend_from_slice(&chunk[..read]),
            }
        }
    })
    .await;
    closed
        .ok()
        .map(|()| String::from_utf8_lossy(&received).into_owned())
}

fn responses(received: &str) -> usize {
    received.matches("HTTP/1.1 ").count()
}

const HEALTHZ: &[u8] = b"GET /healthz HTTP/1.1\r\nhost: hallpass\r\n\r\n";

#[tokio::test]
async fn a_client_trickling_its_headers_is_cut_off_at_the_header_timeout() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        long_limits(config);
        config.http_header_read_timeout_secs = 1;
    })
    .await;
    let (mut reader, mut writer) = connect(&app).await.into_split();
    writer
        .write_all(b"GET /healthz HTTP/1.1\r\nhost: hallpass\r\nx-slow: ")
        .await
        .unwrap();
    let trickle = tokio::spawn(async move {
        while writer.write_all(b"a").await.is_ok() {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });

    let received = read_until_closed(&mut reader).await;

    trickle.abort();
    let received = received.expect("the connection is closed");
    assert_eq!(responses(&received), 0, "{received}");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        long_limits(config);
        config.http_header_read_timeout_secs = 1;
    })
    .await;
    let (mut reader, mut writer) = connect(&app).await.into_split();
    writer.write_all(HEALTHZ).await.unwrap();

    let received = read_until_closed(&mut reader).await;

    let received = received.expect("the connection is closed once idle");
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
    assert_eq!(responses(&received), 1, "{received}");
}

#[tokio::test]
async fn a_connection_that_never_sends_anything_is_closed_after_the_header_timeout() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        long_limits(config);
        config.http_header_read_timeout_secs = 1;
    })
    .await;
    let (mut reader, _writer) = connect(&app).await.into_split();

    let received = read_until_closed(&mut reader).await;

    assert_eq!(received.as_deref(), Some(""), "closed without a word");
}

#[tokio::test]
async fn a_client_that_stops_reading_its_responses_is_cut_off_after_the_idle_timeout() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        long_limits(config);
        config.http_idle_timeout_secs = 1;
    })
    .await;
    let (_reader, mut writer) = connect(&app).await.into_split();
    let requests = HEALTHZ.repeat(100);

    // Pipelined requests whose answers, never read, fill the socket buffers until the
    // server can write no more, stops reading, and the client can write no more either:
    // only the server closing the connection ends the writes.
    let cut_off = tokio::time::timeout(PATIENCE * 4, async {
        while writer.write_all(&requests).await.is_ok() {}
    })
    .await;

    assert!(cut_off.is_ok(), "the server closed the stalled connection");
}

#[tokio::test]
async fn over_the_cap_a_connection_is_closed_at_once_and_serving_resumes_when_one_leaves() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        long_limits(config);
        config.max_connections = Some(2);
    })
    .await;
    // Each holder has been answered once, so the server has taken it into a slot.
    let mut holders = Vec::new();
    for _ in 0..2 {
        let mut holder = connect(&app).await;
        holder.write_all(HEALTHZ).await.unwrap();
        let mut head = [0u8; 12];
        holder.read_exact(&mut head).await.unwrap();
        assert_eq!(&head, b"HTTP/1.1 200");
        holders.push(holder);
    }

    let (mut refused, _writer) = connect(&app).await.into_split();
    let received = read_until_closed(&mut refused).await;

    assert_eq!(received.as_deref(), Some(""), "closed at once, unanswered");
    drop(holders.pop());
    let mut answered = false;
    for _ in 0..100 {
        let (mut reader, mut writer) = connect(&app).await.into_split();
        writer
            .write_all(b"GET /healthz HTTP/1.1\r\nhost: hallpass\r\nconnection: close\r\n\r\n")
            .await
            .unwrap();
        if read_until_closed(&mut reader)
            .await
            .is_some_and(|received| received.starts_with("HTTP/1.1 200"))
        {
            answered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(answered, "a freed slot serves the next connection");
}

#[tokio::test]
async fn a_body_sent_after_the_headers_leaves_the_connection_usable_when_the_handler_ignores_it() {
    let app = spawn_app(Backend::Sqlite).await;
    let (mut reader, mut writer) = connect(&app).await.into_split();
    writer
        .write_all(
            b"POST /v1/client/sessions/sess_nope/tokens HTTP/1.1\r\nhost: hallpass\r\n\
              content-type: application/json\r\ncontent-length: 2\r\n\r\n",
        )
        .await
        .unwrap();
    // Long enough for a handler that does not wait for the body to have answered.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = writer.write_all(b"{}").await;
    let _ = writer
        .write_all(b"GET /healthz HTTP/1.1\r\nhost: hallpass\r\nconnection: close\r\n\r\n")
        .await;

    let received = read_until_closed(&mut reader)
        .await
        .expect("closed after the second answer");

    assert_eq!(
        responses(&received),
        2,
        "both requests answered: {received}"
    );
    assert!(received.contains("HTTP/1.1 200"), "{received}");
}
