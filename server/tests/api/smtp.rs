//! A real SMTP server for the tests: `tests/smtp_sink.py` (aiosmtpd, installed by
//! `scripts/setup test`) on loopback, writing every message it accepts to a directory.

use std::{path::Path, process::Stdio, time::Duration};

use hallpass_server::config::Config;
use tempfile::TempDir;
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py");

pub struct SmtpSink {
    pub port: u16,
    dir: TempDir,
    _process: Child,
}

/// One delivered message, parsed.
#[derive(Debug, Clone)]
pub struct Mail {
    pub envelope_to: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl SmtpSink {
    /// A sink on a free port.
    pub async fn start() -> Self {
        Self::start_on(0).await
    }

    pub async fn start_on(port: u16) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut process = Command::new("python3")
            .arg(SCRIPT)
            .arg(dir.path())
            .arg(port.to_string())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("python3 runs the SMTP sink (scripts/setup test installs aiosmtpd)");
        let mut lines = BufReader::new(process.stdout.take().unwrap()).lines();
        let port = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
            .await
            .expect("the SMTP sink starts within 20 s")
            .unwrap()
            .expect("the SMTP sink prints its port (is aiosmtpd installed?)")
            .trim()
            .parse()
            .unwrap();
        Self {
            port,
            dir,
            _process: process,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Points an instance's configuration at this sink.
    pub fn configure(&self, config: &mut Config) {
        config.smtp_url = Some(self.url().try_into().unwrap());
        config.email_from = Some(
            "Hallpass Tests <auth@hallpass.test>"
                .to_owned()
                .try_into()
                .unwrap(),
        );
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<Mail> {
        read_all(self.dir.path())
    }

    pub fn messages_to(&self, address: &str) -> Vec<Mail> {
        self.messages()
            .into_iter()
            .filter(|mail| mail.envelope_to == address)
            .collect()
    }

    /// Waits (up to 20 s) until `count` messages have reached `address`, and returns them.
    pub async fn wait_for(&self, address: &str, count: usize) -> Vec<Mail> {
        for _ in 0..200 {
            let messages = self.messages_to(address);
            if messages.len() >= count {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "{count} message(s) to {address} within 20 s; got {:?}",
            self.messages()
        );
    }

    /// The newest message to `address`, waiting for the `count`-th.
    pub async fn nth(&self, address: &str, count: usize) -> Mail {
        self.wait_for(address, count).await.remove(count - 1)
    }
}

fn read_all(dir: &Path) -> Vec<Mail> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|path| parse(&std::fs::read(path).unwrap()))
        .collect()
}

fn parse(raw: &[u8]) -> Mail {
    let parsed = mailparse::parse_mail(raw).expect("a well-formed message");
    let header = |name: &str| {
        use mailparse::MailHeaderMap;
        parsed.headers.get_first_value(name).unwrap_or_default()
    };
    let part = |mimetype: &str| {
        parsed
            .subparts
            .iter()
            .find(|part| part.ctype.mimetype == mimetype)
            .map(|part| part.get_body().unwrap())
            .unwrap_or_default()
    };
    Mail {
        envelope_to: header("X-Envelope-To"),
        to: header("To"),
        subject: header("Subject"),
        text: part("text/plain"),
        html: part("text/html"),
    }
}

/// The 6-digit code in a message's text.
pub fn code_in(mail: &Mail) -> String {
    mail.text
        .split_whitespace()
        .find(|word| word.len() == 6 && word.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or_else(|| panic!("a code in {:?}", mail.text))
        .to_owned()
}

/// The magic link in a message's text.
pub fn link_in(mail: &Mail) -> String {
    mail.text
        .split_whitespace()
        .find(|word| word.contains("/v1/verify?token="))
        .unwrap_or_else(|| panic!("a link in {:?}", mail.text))
        .to_owned()
}
