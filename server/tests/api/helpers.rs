use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

use hallpass_server::{
    config::{Backend, Config},
    startup::Application,
};
use sqlx::{Connection, Executor, PgConnection};
use tempfile::TempDir;
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    net::{TcpListener, TcpStream},
    sync::oneshot,
    task::JoinHandle,
};

/// Defines one test per backend from a single body: `name::sqlite` and `name::postgres`.
/// They run on tokio's multi-thread runtime, as the binary does.
#[macro_export]
macro_rules! on_both_databases {
    ($(async fn $name:ident($backend:ident: Backend) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn run($backend: hallpass_server::config::Backend) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    run(hallpass_server::config::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    run(hallpass_server::config::Backend::Postgres).await
                }
            }
        )*
    };
}

pub const MASTER_SECRET: &str = "a master secret the test instances share, 48 bytes";

/// The PostgreSQL server the tests create their databases on.
fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres:postgres@127.0.0.1:5432/postgres".into())
}

/// A database that belongs to one test: a file in a temporary directory, or a freshly
/// created PostgreSQL database named `hallpass_test_<uuid>`.
pub struct TestDatabase {
    pub dir: TempDir,
    postgres_name: Option<String>,
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let postgres_name = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                let name = format!("hallpass_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = PgConnection::connect(&postgres_admin_url())
                    .await
                    .expect("PostgreSQL for the tests is reachable (see TEST_POSTGRES_URL)");
                admin
                    .execute(sqlx::AssertSqlSafe(format!(r#"CREATE DATABASE "{name}""#)))
                    .await
                    .expect("test database created");
                Some(name)
            }
        };
        Self { dir, postgres_name }
    }

    pub fn url(&self) -> String {
        match &self.postgres_name {
            None => format!("sqlite://{}", self.sqlite_path().display()),
            Some(_) => self.url_through(self.postgres_server()),
        }
    }

    /// The same PostgreSQL database, reached through another address (a proxy).
    pub fn url_through(&self, server: SocketAddr) -> String {
        let mut url = url::Url::parse(&postgres_admin_url()).expect("TEST_POSTGRES_URL is a URL");
        url.set_ip_host(server.ip()).expect("IP host");
        url.set_port(Some(server.port())).expect("port");
        url.set_path(
            self.postgres_name
                .as_deref()
                .expect("a PostgreSQL test database"),
        );
        url.to_string()
    }

    pub fn postgres_server(&self) -> SocketAddr {
        let url = url::Url::parse(&postgres_admin_url()).expect("TEST_POSTGRES_URL is a URL");
        let host = url.host_str().unwrap_or("127.0.0.1");
        let port = url.port().unwrap_or(5432);
        format!("{host}:{port}")
            .parse()
            .expect("TEST_POSTGRES_URL names an IP address")
    }

    pub fn sqlite_path(&self) -> PathBuf {
        self.dir.path().join("hallpass.db")
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub database: TestDatabase,
    pub keys: hallpass_server::keys::SigningKeys,
    _stop: oneshot::Sender<()>,
}

/// A browser: its own cookie jar, so its `__client` and `__session` cookies persist.
pub struct Browser {
    pub http: reqwest::Client,
    address: String,
}

impl Browser {
    pub async fn post(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.address))
            .json(&body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn patch(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.http
            .patch(format!("{}{path}", self.address))
            .json(&body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn delete(&self, path: &str, body: Option<serde_json::Value>) -> reqwest::Response {
        let request = self.http.delete(format!("{}{path}", self.address));
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        request.send().await.expect("request sent")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request sent")
    }

    /// Signs up with a fresh address and a strong password; returns the response body.
    pub async fn sign_up(&self, email: &str) -> serde_json::Value {
        let response = self
            .post(
                "/v1/client/sign_ups",
                serde_json::json!({ "email_address": email, "password": PASSWORD }),
            )
            .await;
        assert_eq!(response.status(), 200, "sign-up of {email}");
        response.json().await.unwrap()
    }

    pub async fn sign_in(&self, identifier: &str, password: &str) -> reqwest::Response {
        self.post(
            "/v1/client/sign_ins",
            serde_json::json!({ "identifier": identifier, "password": password }),
        )
        .await
    }

    /// A session JWT for `session_id`, from the tokens endpoint.
    pub async fn token(&self, session_id: &str) -> reqwest::Response {
        self.post(
            &format!("/v1/client/sessions/{session_id}/tokens"),
            serde_json::json!({}),
        )
        .await
    }
}

/// Strong enough for the policy: long, uncommon, unrelated to the test addresses.
pub const PASSWORD: &str = "correct horse battery staple 42";

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn browser(&self) -> Browser {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        Browser {
            http,
            address: self.address.clone(),
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }
}

/// A browser posting forms without JavaScript: cookies kept, redirects not followed, so
/// a test sees each `303` and where it points.
pub fn form_browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A same-origin form post, as a browser sends it from one of the hosted pages.
pub async fn post_form(
    app: &TestApp,
    browser: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    browser
        .post(app.url(path))
        .header("origin", &app.address)
        .form(form)
        .send()
        .await
        .unwrap()
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    let database = TestDatabase::create(backend).await;
    let database_url = database.url();
    spawn_app_on(database, database_url, |_| {}).await
}

pub async fn spawn_app_with(backend: Backend, configure: impl FnOnce(&mut Config)) -> TestApp {
    let database = TestDatabase::create(backend).await;
    let database_url = database.url();
    spawn_app_on(database, database_url, configure).await
}

/// Starts the application against `database_url`, which may reach `database` indirectly.
pub async fn spawn_app_on(
    database: TestDatabase,
    database_url: String,
    configure: impl FnOnce(&mut Config),
) -> TestApp {
    let mut config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: database_url.parse().expect("test database URL"),
        master_secret: Some(MASTER_SECRET.to_owned().try_into().unwrap()),
        ..Config::default()
    };
    configure(&mut config);
    let app = Application::build(&config)
        .await
        .expect("application starts");
    let keys = app.signing_keys();
    let address = format!("http://{}", app.local_addr());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        database,
        keys,
        _stop: stop,
    }
}

/// A TCP forwarder standing between the application and PostgreSQL, so a test can take
/// the database away without touching the shared server.
pub struct TcpProxy {
    pub addr: SocketAddr,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl TcpProxy {
    pub async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let tasks: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let connections = tasks.clone();
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let connection = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                connections.lock().unwrap().push(connection);
            }
        });
        tasks.lock().unwrap().push(accept);
        Self { addr, tasks }
    }

    /// Stops accepting and closes every forwarded connection.
    pub fn cut(&self) {
        for task in self.tasks.lock().unwrap().drain(..) {
            task.abort();
        }
    }
}

/// The `hallpass` binary, run in `dir` with an environment holding only `env`, so the
/// outer environment's `DATABASE_URL` or `HALLPASS_*` cannot leak in.
pub fn hallpass(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hallpass"));
    command
        .current_dir(dir)
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .stdin(Stdio::null());
    command
}

/// `hallpass serve` on a random port, logging JSON, as [`ServerProcess`] starts it.
pub fn serve_command(dir: &Path, env: &[(&str, &str)]) -> Command {
    hallpass(dir, &["serve", "--addr", "127.0.0.1:0", "--log-json"], env)
}

/// A `hallpass serve` process, killed when dropped.
pub struct ServerProcess {
    pub child: tokio::process::Child,
    pub address: String,
    /// Every line the process has written to stdout so far.
    log_lines: Arc<Mutex<Vec<String>>>,
    drain: Option<JoinHandle<()>>,
}

impl ServerProcess {
    /// Starts the binary on a random port and waits for its "listening on" log line.
    pub async fn start(dir: &Path, env: &[(&str, &str)]) -> Self {
        Self::start_command(serve_command(dir, env)).await
    }

    /// [`ServerProcess::start`] with a command from [`serve_command`], changed as a test
    /// needs.
    pub async fn start_command(command: Command) -> Self {
        let mut command: tokio::process::Command = command.into();
        let mut child = command
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("hallpass starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let log_lines: Arc<Mutex<Vec<String>>> = Arc::default();
        let address = tokio::time::timeout(Duration::from_secs(30), async {
            while let Some(line) = lines.next_line().await.unwrap() {
                let address = line
                    .split("listening on ")
                    .nth(1)
                    .map(|rest| rest.split('"').next().unwrap().to_owned());
                log_lines.lock().unwrap().push(line);
                if let Some(address) = address {
                    return address;
                }
            }
            panic!("hallpass exited before listening");
        })
        .await
        .expect("hallpass listens within 30 s");
        // Keep draining the logs so the process never blocks on a full pipe.
        let collected = log_lines.clone();
        let drain = tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                collected.lock().unwrap().push(line);
            }
        });
        Self {
            child,
            address,
            log_lines,
            drain: Some(drain),
        }
    }

    /// The log lines so far; once the process has exited, all of them (up to the end of
    /// its output).
    pub async fn logs(&mut self) -> Vec<String> {
        if self.child.try_wait().unwrap().is_some()
            && let Some(drain) = self.drain.take()
        {
            tokio::time::timeout(Duration::from_secs(10), drain)
                .await
                .expect("stdout closes once the process has exited")
                .unwrap();
        }
        self.log_lines.lock().unwrap().clone()
    }

    pub fn signal(&self, signal: &str) {
        let pid = self.child.id().expect("running").to_string();
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        assert!(status.success(), "kill -{signal} {pid}");
    }
}

impl TestApp {
    /// Re-reads the signing keys now rather than at the next periodic refresh.
    pub async fn reload_keys(&self) {
        self.keys.reload().await.unwrap();
    }

    /// Bans a user with `hallpass users ban`, as an operator would.
    pub fn ban(&self, user_id: &str) {
        let url = self.database.url();
        let output = hallpass(
            self.database.dir.path(),
            &["users", "ban", user_id],
            &[
                ("DATABASE_URL", &url),
                ("HALLPASS_MASTER_SECRET", MASTER_SECRET),
            ],
        )
        .output()
        .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Another instance on the same database: what a team running several behind a load
/// balancer has.
pub async fn spawn_second_instance(
    database_url: &str,
    configure: impl FnOnce(&mut Config),
) -> TestApp {
    let database = TestDatabase {
        dir: tempfile::tempdir().unwrap(),
        postgres_name: None,
    };
    spawn_app_on(database, database_url.to_owned(), configure).await
}
