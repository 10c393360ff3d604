//! The `hallpass` binary as an operator runs it: a real process, a real working
//! directory, configuration from the environment and files.

use std::{process::Output, time::Duration};

use sqlx::{Connection, SqliteConnection};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{ServerProcess, TestDatabase, hallpass, serve_command};
use crate::on_both_databases;
use hallpass_server::{on_pool, store::Db};

/// Start-up failures print exactly one line on stderr, and exit non-zero.
fn single_error_line(output: Output) -> String {
    assert!(!output.status.success(), "start-up should fail");
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line, got: {stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    lines[0].to_owned()
}

#[tokio::test]
async fn serve_with_no_configuration_creates_an_sqlite_database_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();

    let server = ServerProcess::start(dir.path(), &[]).await;
    let ready = reqwest::get(format!("{}/readyz", server.address))
        .await
        .unwrap();

    assert_eq!(ready.status(), 200);
    let path = dir.path().join("hallpass.db");
    assert!(path.exists(), "./hallpass.db is created");
    let mut connection = SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut connection)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn a_config_file_in_the_working_directory_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hallpass.toml"),
        "database_url = \"sqlite://from-file.db\"\n",
    )
    .unwrap();

    let server = ServerProcess::start(dir.path(), &[]).await;
    let ready = reqwest::get(format!("{}/readyz", server.address))
        .await
        .unwrap();

    assert_eq!(ready.status(), 200);
    assert!(dir.path().join("from-file.db").exists());
    assert!(!dir.path().join("hallpass.db").exists());
}

#[test]
fn an_unsupported_database_url_stops_start_up_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();

    let output = hallpass(
        dir.path(),
        &["serve"],
        &[("DATABASE_URL", "mysql://app:hunter2@db/app")],
    )
    .output()
    .unwrap();

    let line = single_error_line(output);
    assert!(line.contains("DATABASE_URL"), "{line}");
    assert!(line.contains("not a supported database URL"), "{line}");
    assert!(!line.contains("hunter2"), "passwords never printed: {line}");
}

#[test]
fn an_unreachable_database_stops_start_up_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();

    let output = hallpass(
        dir.path(),
        &["serve"],
        &[("DATABASE_URL", "postgres://app:hunter2@127.0.0.1:1/app")],
    )
    .output()
    .unwrap();

    let line = single_error_line(output);
    assert!(
        line.contains("cannot open the database at postgres://app:********@127.0.0.1:1/app"),
        "{line}"
    );
    assert!(line.contains("Connection refused"), "{line}");
    assert!(!line.contains("hunter2"), "{line}");
}

#[test]
fn an_invalid_listen_address_names_its_variable() {
    let dir = tempfile::tempdir().unwrap();

    let output = hallpass(dir.path(), &["serve"], &[("HALLPASS_ADDR", "everywhere")])
        .output()
        .unwrap();

    let line = single_error_line(output);
    assert!(
        line.contains("HALLPASS_ADDR: invalid socket address"),
        "{line}"
    );
}

#[test]
fn a_misspelled_config_key_is_named_with_its_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hallpass.toml"), "adr = \"0.0.0.0:80\"\n").unwrap();

    let output = hallpass(dir.path(), &["serve"], &[]).output().unwrap();

    let line = single_error_line(output);
    assert!(line.contains("adr in "), "{line}");
    assert!(line.contains("hallpass.toml: unknown key `adr`"), "{line}");
}

#[test]
fn help_lists_the_commands() {
    let dir = tempfile::tempdir().unwrap();

    let output = hallpass(dir.path(), &["--help"], &[]).output().unwrap();

    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for command in ["serve", "migrate"] {
        assert!(help.contains(command), "{help}");
    }
}

on_both_databases! {
    async fn migrate_applies_the_migrations_and_exits(backend: Backend) {
        let database = TestDatabase::create(backend).await;
        let url = database.url();

        let output = hallpass(database.dir.path(), &["migrate"], &[("DATABASE_URL", &url)])
            .output()
            .unwrap();

        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let db = Db::connect(&url.parse().unwrap(), 1).await.unwrap();
        let applied: i64 = on_pool!(&db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
            .fetch_one(pool)
            .await
            .unwrap());
        assert!(applied >= 1);
    }
}

#[tokio::test]
async fn sigterm_lets_an_in_flight_request_finish_then_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = ServerProcess::start(dir.path(), &[]).await;
    let addr = server.address.trim_start_matches("http://").to_owned();
    let body = "padding=0123456789";
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/check_status HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body.as_bytes()[..5]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    server.signal("TERM");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "still serving the request"
    );
    stream.write_all(&body.as_bytes()[5..]).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();

    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("database_ready"), "{response}");
    let status = tokio::time::timeout(Duration::from_secs(10), server.child.wait())
        .await
        .expect("exits once the request is done")
        .unwrap();
    assert!(status.success(), "{status}");
}

/// The soft and hard `Max open files` of a running process.
fn open_file_limits(pid: u32) -> (u64, u64) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))
        .unwrap();
    let numbers: Vec<u64> = line
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

#[tokio::test]
async fn serve_raises_its_open_file_limit_to_the_hard_limit() {
    use std::os::unix::process::CommandExt;

    let dir = tempfile::tempdir().unwrap();
    let (_, hard) = rlimit::getrlimit(rlimit::Resource::NOFILE).unwrap();
    let low = 256;
    assert!(
        hard > low,
        "the hard limit ({hard}) leaves no room to raise"
    );
    let mut command = serve_command(dir.path(), &[]);
    // SAFETY: setrlimit is async-signal-safe, and the closure touches nothing else of the
    // parent between fork and exec.
    unsafe {
        command.pre_exec(move || rlimit::setrlimit(rlimit::Resource::NOFILE, low, hard));
    }

    let server = ServerProcess::start_command(command).await;

    let ready = reqwest::get(format!("{}/readyz", server.address))
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    let pid = server.child.id().unwrap();
    assert_eq!(open_file_limits(pid), (hard, hard));
}

#[test]
fn a_bad_smtp_url_stops_start_up_naming_the_key_without_the_password() {
    let dir = tempfile::tempdir().unwrap();

    let output = hallpass(
        dir.path(),
        &["serve"],
        &[("HALLPASS_SMTP_URL", "http://app:hunter2@mail.example")],
    )
    .output()
    .unwrap();

    let line = single_error_line(output);
    assert!(line.contains("HALLPASS_SMTP_URL"), "{line}");
    assert!(!line.contains("hunter2"), "passwords never printed: {line}");
}

#[test]
fn smtp_without_a_from_address_stops_start_up() {
    let dir = tempfile::tempdir().unwrap();

    let output = hallpass(
        dir.path(),
        &["serve"],
        &[("HALLPASS_SMTP_URL", "smtp://mail.example:587?tls=required")],
    )
    .output()
    .unwrap();

    let line = single_error_line(output);
    assert!(line.contains("HALLPASS_EMAIL_FROM"), "{line}");
}
