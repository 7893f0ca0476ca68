//! E-mail reminders against a real SMTP server that the test starts: Python's
//! aiosmtpd, which writes each message it receives into a maildir. Skipped when
//! aiosmtpd is not installed, except under CI=true, where that is a failure.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use common::{demo_store, get, post, sign};
use riktning_domain::Role;
use riktning_store::Store;
use riktning_web::reminders::MailOptions;
use riktning_web::{AppState, WorkspaceOptions, router};

/// Stops the SMTP server when the test ends, however it ends.
struct SmtpServer(Child);

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// aiosmtpd on a free port, writing into `maildir`; `None` when it cannot run here.
fn start_smtp(maildir: &Path) -> Option<(SmtpServer, u16)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .ok()?;
    let child = Command::new("python3")
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
        ])
        .arg("aiosmtpd.handlers.Mailbox")
        .arg(maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let mut server = SmtpServer(child);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some((server, port));
        }
        if let Ok(Some(_)) = server.0.try_wait() {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

fn messages(maildir: &Path) -> Vec<String> {
    std::fs::read_dir(maildir.join("new"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn reporters_of_units_behind_get_one_reminder_each_with_a_link() {
    let dir = tempfile::tempdir().expect("temp");
    let maildir = dir.path().join("mail");
    let Some((_smtp, port)) = start_smtp(&maildir) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "aiosmtpd must run under CI: python3 -m pip install aiosmtpd"
        );
        eprintln!("skipped: python3 -m aiosmtpd is not available");
        return;
    };
    let (store, tenant) = demo_store().await;
    let units = store.org_units(tenant.id).await.expect("units");
    let bun = units
        .iter()
        .find(|u| u.short_name.as_deref() == Some("BUN"))
        .expect("BUN")
        .id;
    let controller = sign(&store, tenant.id, "controller", Role::Controller, vec![]).await;
    let admin = sign(&store, tenant.id, "admin", Role::Administrator, vec![]).await;
    sign(
        &store,
        tenant.id,
        "bun.sekreterare",
        Role::Reporter,
        vec![bun],
    )
    .await;
    sign(
        &store,
        tenant.id,
        "bun.utan.adress",
        Role::Reporter,
        vec![bun],
    )
    .await;
    let app = router(Arc::new(AppState::new(
        store.clone(),
        tenant.clone(),
        &WorkspaceOptions {
            demo: true,
            mail: Some(MailOptions {
                smtp_url: format!("smtp://127.0.0.1:{port}"),
                from: "Riktning <riktning@ostersund.example>".to_string(),
                public_url: "https://riktning.ostersund.example".to_string(),
                days_before: 7,
                daily_at: None,
            }),
            ..Default::default()
        },
    )));

    // The address is set on the users page, and a bad one is refused in Swedish.
    let reporter = store
        .users(tenant.id)
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.username == "bun.sekreterare")
        .expect("the reporter");
    let path = format!("/arbeta/anvandare/{}/andra", reporter.id);
    let unit = bun.to_string();
    let version = reporter.version.to_string();
    let edit = |email: &'static str| {
        vec![
            ("csrf", admin.csrf.clone()),
            ("version", version.clone()),
            ("name", reporter.display_name.clone()),
            ("role", "reporter".to_string()),
            ("unit", unit.clone()),
            ("email", email.to_string()),
        ]
    };
    let fields = edit("inte en adress");
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bad = post(&app, &path, &admin.cookie, &borrowed).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Skriv en e-postadress"));
    let fields = edit("bun@ostersund.example");
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = post(&app, &path, &admin.cookie, &borrowed).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

    let reader = sign(&store, tenant.id, "revisor", Role::Reader, vec![]).await;
    assert_eq!(
        get(&app, "/arbeta/paminnelser", Some(&reader)).await.status,
        StatusCode::FORBIDDEN,
        "addresses are for those who run the follow-up"
    );
    let page = get(&app, "/arbeta/paminnelser", Some(&controller)).await;
    assert!(page.body.contains("Påminnelser skickas från"));
    assert!(
        page.body.contains("bun.utan.adress"),
        "the unreachable reporter is named"
    );

    // The demo's open periods are past their deadlines, so BUN is overdue.
    let sent = post(
        &app,
        "/arbeta/paminnelser",
        &controller.cookie,
        &[("csrf", &controller.csrf)],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let mut received = messages(&maildir);
    for _ in 0..50 {
        if !received.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        received = messages(&maildir);
    }
    assert!(
        !received.is_empty(),
        "the SMTP server received the reminders"
    );
    assert!(
        received.iter().all(|m| m.contains("bun@ostersund.example")),
        "only the reporter with an address"
    );
    let first = &received[0];
    assert!(first.contains("Subject:"), "{first}");
    // Quoted-printable breaks long lines with a trailing "=": join them to read the link.
    let joined = first.replace("=\r\n", "").replace("=\n", "");
    assert!(
        joined.contains("https://riktning.ostersund.example/arbeta/mina-uppgifter"),
        "{first}"
    );
    let count = received.len();

    // The record says what went where; a second round sends nothing again.
    let record = get(&app, &sent.location, Some(&controller)).await;
    assert!(
        record.body.contains("Påminnelser skickade:"),
        "{}",
        record.body
    );
    assert!(record.body.contains("bun@ostersund.example"));
    assert!(record.body.contains("✓ skickad"));
    assert!(record.body.contains("efter sista dagen"));
    let again = post(
        &app,
        "/arbeta/paminnelser",
        &controller.cookie,
        &[("csrf", &controller.csrf)],
    )
    .await;
    assert!(again.location.contains("skickade=0"), "{}", again.location);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(messages(&maildir).len(), count, "no reminder twice");

    // A reporter may not send them.
    let reporter_session = sign(&store, tenant.id, "bun.tredje", Role::Reporter, vec![bun]).await;
    let refused = post(
        &app,
        "/arbeta/paminnelser",
        &reporter_session.cookie,
        &[("csrf", &reporter_session.csrf)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
