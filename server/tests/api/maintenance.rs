use std::time::Duration;

use hallpass_server::{
    config::{Backend, Config},
    ids::now_ms,
    maintenance::{Retention, SWEEP_LOCK, Swept, sweep},
    on_pool,
    store::Db,
};
use serde_json::{Value, json};
use sqlx::{Connection, PgConnection};

use crate::helpers::{PASSWORD, TestApp, spawn_app, spawn_app_with};
use crate::on_both_databases;

/// More than two batches of every kind, so a sweep that stopped after one batch shows.
const EXPIRED: i64 = 1_200;
const DAY_MS: i64 = 24 * 3600 * 1000;
const TABLES: [&str; 8] = [
    "clients",
    "sign_ins",
    "sign_ups",
    "sessions",
    "verifications",
    "rate_limits",
    "email_outbox",
    "identifier_lockouts",
];

async fn connect(app: &TestApp) -> Db {
    Db::connect(&app.database.url().parse().unwrap(), 2)
        .await
        .unwrap()
}

async fn count(db: &Db, table: &str) -> i64 {
    let query = format!("SELECT COUNT(*) FROM {table}");
    on_pool!(db, pool => sqlx::query_scalar(sqlx::AssertSqlSafe(query)).fetch_one(pool).await.unwrap())
}

async fn counts(db: &Db) -> Vec<(&'static str, i64)> {
    let mut counts = Vec::new();
    for table in TABLES {
        counts.push((table, count(db, table).await));
    }
    counts
}

async fn execute(db: &Db, query: &str, bind: i64) {
    let query = query.to_owned();
    on_pool!(db, pool => sqlx::query(sqlx::AssertSqlSafe(query)).bind(bind).execute(pool).await.map(drop).unwrap());
}

/// `EXPIRED` rows of every kind the sweeper deletes, as anonymous traffic leaves them:
/// each sign-in, sign-up and long-ended session on a client of its own, untouched for
/// longer than a client cookie lives, plus `EXPIRED` orphaned clients.
async fn fill_with_expired_rows(db: &Db, user_id: &str, now: i64) {
    let old = now - 40 * DAY_MS;
    let numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)";
    for prefix in ["orphan", "in", "up", "sess"] {
        execute(
            db,
            &format!(
                "{numbers} INSERT INTO clients (id, token_hash, created_at, updated_at) \
                 SELECT '{prefix}_client_' || i, '{prefix}_token_' || i, {old}, {old} FROM n"
            ),
            EXPIRED,
        )
        .await;
    }
    let statements = [
        format!(
            "INSERT INTO sign_ins (id, client_id, status, identifier, created_at, updated_at, expire_at) \
             SELECT 'old_sign_in_' || i, 'in_client_' || i, 'needs_first_factor', 'nobody@example.com', \
             {old}, {old}, {old} FROM n"
        ),
        format!(
            "INSERT INTO sign_ups (id, client_id, status, email_address, password_hash, created_at, updated_at, expire_at) \
             SELECT 'old_sign_up_' || i, 'up_client_' || i, 'missing_requirements', 'half@example.com', \
             '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA', {old}, {old}, {old} FROM n"
        ),
        format!(
            "INSERT INTO sessions (id, client_id, user_id, status, created_at, updated_at, last_active_at, expire_at, ended_at) \
             SELECT 'old_session_' || i, 'sess_client_' || i, '{user_id}', 'ended', {old}, {old}, {old}, {old}, {old} FROM n"
        ),
        format!(
            "INSERT INTO verifications (id, flow_id, purpose, email_address, secret_hash, created_at, expire_at) \
             SELECT 'old_code_' || i, 'old_sign_in_' || i, 'email_code', 'nobody@example.com', 'old_hash_' || i, \
             {old}, {old} FROM n"
        ),
        format!(
            "INSERT INTO rate_limits (bucket, window_start, hits) SELECT 'old_bucket_' || i, {old}, 1 FROM n"
        ),
        format!(
            "INSERT INTO email_outbox (id, recipient, kind, subject, text_body, html_body, status, \
             next_attempt_at, created_at, sent_at) \
             SELECT 'old_email_' || i, 'someone@example.com', 'verification_code', 'Your code', '', '', \
             CASE WHEN i % 2 = 0 THEN 'sent' ELSE 'failed' END, {old}, {old}, {old} FROM n"
        ),
        format!(
            "INSERT INTO identifier_lockouts (key, failed_attempts, locked_until, updated_at) \
             SELECT 'old_identifier_' || i, 10, {old}, {old} FROM n"
        ),
    ];
    for statement in statements {
        execute(db, &format!("{numbers} {statement}"), EXPIRED).await;
    }
}

fn retention() -> Retention {
    Retention::from_config(&Config::default())
}

on_both_databases! {
    async fn a_database_full_of_expired_rows_shrinks_back_and_live_rows_stay(backend: Backend) {
        let app = spawn_app(backend).await;
        let signed_in = app.browser();
        let user: Value = signed_in.sign_up("live@example.com").await;
        let user_id = user["response"]["created_user_id"].as_str().unwrap().to_owned();
        let signing_in = app.browser();
        let started = signing_in
            .post("/v1/client/sign_ins", json!({ "identifier": "live@example.com" }))
            .await;
        assert_eq!(started.status(), 200);
        let sign_in_id = started.json::<Value>().await.unwrap()["response"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let db = connect(&app).await;
        let now = now_ms();
        // Both live clients look idle: only their session and their sign-in keep them.
        execute(&db, "UPDATE clients SET updated_at = $1", now - 40 * DAY_MS).await;
        execute(
            &db,
            "INSERT INTO clients (id, token_hash, created_at, updated_at) VALUES ('fresh_client', 'fresh', $1, $1)",
            now,
        )
        .await;
        let wrong = app.browser().sign_in("nobody@example.com", "not the password").await;
        assert_eq!(wrong.status(), 422, "a fresh wrong guess against no account is kept");
        let live = counts(&db).await;
        // A session that ended yesterday is within its retention.
        execute(
            &db,
            &format!(
                "INSERT INTO sessions (id, client_id, user_id, status, created_at, updated_at, last_active_at, \
                 expire_at, ended_at) VALUES ('recent_session', 'fresh_client', '{user_id}', 'ended', $1, $1, $1, $1, $1)"
            ),
            now - DAY_MS,
        )
        .await;
        fill_with_expired_rows(&db, &user_id, now).await;

        let swept = sweep(&db, &retention(), now).await.unwrap().unwrap();

        assert_eq!(
            swept,
            Swept {
                rate_limits: EXPIRED as u64,
                verifications: EXPIRED as u64,
                sign_ins: EXPIRED as u64,
                sign_ups: EXPIRED as u64,
                sessions: EXPIRED as u64,
                emails: EXPIRED as u64,
                clients: 4 * EXPIRED as u64,
                identifier_lockouts: EXPIRED as u64,
            }
        );
        let mut expected = live;
        expected.iter_mut().find(|(table, _)| *table == "sessions").unwrap().1 += 1;
        assert_eq!(counts(&db).await, expected);

        let client: Value = signed_in.get("/v1/client").await.json().await.unwrap();
        assert_eq!(client["response"]["sessions"].as_array().unwrap().len(), 1, "{client}");
        let attempt = signing_in
            .post(
                &format!("/v1/client/sign_ins/{sign_in_id}/attempt_first_factor"),
                json!({ "strategy": "password", "password": PASSWORD }),
            )
            .await;
        assert_eq!(attempt.status(), 200, "the pending sign-in survived");
        assert_eq!(attempt.json::<Value>().await.unwrap()["response"]["status"], "complete");
    }

    async fn instances_sweeping_together_delete_every_row_once(backend: Backend) {
        let app = spawn_app(backend).await;
        let user: Value = app.browser().sign_up("live@example.com").await;
        let user_id = user["response"]["created_user_id"].as_str().unwrap().to_owned();
        let (first, second) = (connect(&app).await, connect(&app).await);
        let now = now_ms();
        fill_with_expired_rows(&first, &user_id, now).await;

        let retention = retention();
        let (a, b) = tokio::join!(
            sweep(&first, &retention, now),
            sweep(&second, &retention, now)
        );

        let swept: Vec<Swept> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
        assert!(!swept.is_empty());
        let total = |field: fn(&Swept) -> u64| swept.iter().map(field).sum::<u64>();
        assert_eq!(total(|s| s.sign_ins), EXPIRED as u64);
        assert_eq!(total(|s| s.sessions), EXPIRED as u64);
        assert_eq!(total(|s| s.clients), 4 * EXPIRED as u64);
        assert_eq!(count(&first, "sign_ins").await, 0);
    }

    async fn the_server_sweeps_on_its_interval(backend: Backend) {
        let app = spawn_app_with(backend, |config| config.sweep_interval_secs = 1).await;
        let db = connect(&app).await;
        let old = now_ms() - 40 * DAY_MS;
        execute(
            &db,
            "INSERT INTO clients (id, token_hash, created_at, updated_at) VALUES ('old', 'old', $1, $1)",
            old,
        )
        .await;
        execute(
            &db,
            "INSERT INTO sign_ins (id, client_id, status, identifier, created_at, updated_at, expire_at) \
             VALUES ('old_sign_in', 'old', 'needs_first_factor', 'nobody@example.com', $1, $1, $1)",
            old,
        )
        .await;

        let mut waited = Duration::ZERO;
        while count(&db, "sign_ins").await + count(&db, "clients").await > 0 {
            assert!(waited < Duration::from_secs(60), "nothing swept in {waited:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
            waited += Duration::from_millis(100);
        }
    }
}

/// While another instance holds the sweep lock, a sweep does nothing and says so; once
/// it is free, the sweep runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_postgres_instance_sweeps_at_a_time() {
    let app = spawn_app(Backend::Postgres).await;
    let user: Value = app.browser().sign_up("live@example.com").await;
    let user_id = user["response"]["created_user_id"].as_str().unwrap();
    let db = connect(&app).await;
    let now = now_ms();
    fill_with_expired_rows(&db, user_id, now).await;
    let mut other = PgConnection::connect(&app.database.url()).await.unwrap();
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(SWEEP_LOCK)
        .execute(&mut other)
        .await
        .unwrap();

    assert_eq!(sweep(&db, &retention(), now).await.unwrap(), None);
    assert_eq!(count(&db, "sign_ins").await, EXPIRED);

    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(SWEEP_LOCK)
        .execute(&mut other)
        .await
        .unwrap();
    let swept = sweep(&db, &retention(), now).await.unwrap().unwrap();
    assert_eq!(swept.sign_ins, EXPIRED as u64);
    assert_eq!(count(&db, "sign_ins").await, 0);
}
