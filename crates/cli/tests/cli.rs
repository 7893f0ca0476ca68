//! The `riktning` command as a user runs it: a real process, a real database file.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;

use common::{
    EXAMPLE, SEED, json, kolada_file, load_kolada_catalogue, ok, population_file, riktning, temp_db,
};

#[test]
fn dry_run_prints_the_draft_as_json_and_touches_no_database() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    let draft = json(riktning(&db, &["import", SEED, "--dry-run", "--json"]));
    assert!(
        !Path::new(&db).exists(),
        "a dry run must not create the database"
    );

    assert_eq!(draft["title"], "Budget 2024");
    let goals = draft["goals"].as_array().expect("goals");
    assert_eq!(goals.len(), 8);
    let first = &goals[0];
    for field in [
        "code",
        "short_name",
        "category",
        "statement",
        "heading",
        "parent",
        "text",
        "commitments",
        "targets",
    ] {
        assert!(first.get(field).is_some(), "goal JSON lacks {field}");
    }
    assert_eq!(first["code"], "1.1");
    assert_eq!(first["short_name"], "Ledning");
    assert_eq!(first["parent"], Value::Null);
    let target = first["targets"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["year"] == 2040))
        .expect("the 2040 population target");
    assert_eq!(target["comparator"], "at_least");
    assert_eq!(target["value"], 75000);
    assert_eq!(target["unit"], "invånare");
    assert!(
        first["commitments"][0]["text"]
            .as_str()
            .is_some_and(|t| t.contains("ska"))
    );
    assert!(draft["warnings"].is_array());
}

#[test]
fn import_stores_the_plan_and_shows_it() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    let imported = ok(riktning(&db, &["--tenant", "2380", "import", SEED]));
    assert!(
        imported.stdout.contains("Imported “Budget 2024”"),
        "{}",
        imported.stdout
    );
    assert!(
        imported
            .stdout
            .contains("1.8 Trygghet och stöd [kärnverksamhet]"),
        "{}",
        imported.stdout
    );

    let plans = json(riktning(&db, &["plans", "--json"]));
    assert_eq!(plans[0]["title"], "Budget 2024");
    assert_eq!(plans[0]["first_year"], 2024);
    assert_eq!(plans[0]["source_name"], "000_32dc23afe65c2ffc.txt");
    assert_eq!(plans[0]["source_sha256"].as_str().map(str::len), Some(64));

    let view = json(riktning(&db, &["goals", "--json"]));
    let goals = view["goals"].as_array().expect("goals");
    let codes: Vec<_> = goals
        .iter()
        .map(|g| g["code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        codes,
        ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8"]
    );
    let commitments: usize = goals
        .iter()
        .map(|g| g["commitments"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(
        commitments >= 40,
        "dozens of commitments, got {commitments}"
    );
    assert!(
        goals
            .iter()
            .all(|g| g["commitments"][0]["status"] == "not_started")
    );

    let audit = json(riktning(&db, &["audit", "--entity", "plan", "--json"]));
    assert_eq!(audit[0]["action"], "import");
    assert!(
        audit[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("000_32dc23afe65c2ffc.txt"))
    );
}

#[test]
fn a_second_import_needs_replace_and_replace_reports_changes() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    ok(riktning(&db, &["--tenant", "2380", "import", EXAMPLE]));

    let refused = riktning(&db, &["import", EXAMPLE]);
    assert_ne!(refused.code, 0);
    assert!(refused.stderr.contains("--replace"), "{}", refused.stderr);
    assert_eq!(
        refused.stderr.lines().count(),
        1,
        "one error line: {}",
        refused.stderr
    );

    let same = ok(riktning(&db, &["import", EXAMPLE, "--replace"]));
    assert!(same.stdout.contains("Nothing changed"), "{}", same.stdout);

    // A revised document: goal 1.6 gets a new commitment, goal 1.8 disappears.
    let original = std::fs::read_to_string(EXAMPLE).expect("example");
    let cut = original
        .find("## Mål 1.8")
        .expect("goal 1.8 in the example");
    let revised = original[..cut].replace(
        "Biblioteken är öppna i hela kommunen.",
        "Biblioteken ska ha öppet på kvällar i hela kommunen.",
    );
    let revised_path: PathBuf = dir.path().join("ostersund-budget-2024.md");
    std::fs::write(&revised_path, revised).expect("write revision");
    let updated = ok(riktning(
        &db,
        &["import", &revised_path.to_string_lossy(), "--replace"],
    ));
    assert!(
        updated.stdout.contains("goal 1.8: removed"),
        "{}",
        updated.stdout
    );
    assert!(
        updated.stdout.contains("goal 1.6: commitments 1 added"),
        "{}",
        updated.stdout
    );
    assert!(
        updated.stdout.contains("goal 1.6: political text changed"),
        "{}",
        updated.stdout
    );
    let plans = json(riktning(&db, &["plans", "--json"]));
    assert_eq!(
        plans.as_array().map(Vec::len),
        Some(1),
        "the plan kept its identity"
    );
}

#[test]
fn bad_documents_give_one_error_line_and_store_nothing() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    let cases: [(&str, &[u8], &str); 5] = [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"GIF89a\x00\x01\x02\x03 binary", "binary"),
        ("broken.docx", b"this is not a zip archive", "zip"),
        (
            "scan.pdf",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
            "PDF",
        ),
        (
            "notes.txt",
            b"Minnesanteckningar\n\nInga numrerade m\xc3\xa5l h\xc3\xa4r.\n",
            "goals",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let run = riktning(
            &db,
            &["--tenant", "2380", "import", &path.to_string_lossy()],
        );
        assert_ne!(run.code, 0, "{name} must fail");
        assert_eq!(
            run.stderr.lines().count(),
            1,
            "{name}: one error line, got {}",
            run.stderr
        );
        assert!(run.stderr.starts_with("error: "), "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains(name),
            "{name}: the error names the file: {}",
            run.stderr
        );
        assert!(
            run.stderr.to_lowercase().contains(&expected.to_lowercase()),
            "{name}: expected '{expected}' in {}",
            run.stderr
        );
    }
    assert!(
        !Path::new(&db).exists(),
        "nothing was stored, not even an empty database"
    );
}

#[test]
fn the_tenant_is_asked_for_when_it_cannot_be_known() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    // A document that names no municipality.
    let anonymous = dir.path().join("mal-2025.txt");
    std::fs::write(
        &anonymous,
        "Mål och budget 2025\n\nMål 1. Fler i arbete\n\nKommunen ska stödja den som söker arbete.\n",
    )
    .expect("write");
    let anonymous = anonymous.to_string_lossy().into_owned();
    let run = riktning(&db, &["import", &anonymous]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("--tenant"), "{}", run.stderr);
    let unknown = riktning(&db, &["--tenant", "9999", "import", EXAMPLE]);
    assert!(unknown.stderr.contains("9999"), "{}", unknown.stderr);
    let empty = riktning(&db, &["plans"]);
    assert!(empty.stderr.contains("import"), "{}", empty.stderr);
}

#[test]
fn the_municipality_a_document_names_is_chosen_on_an_empty_database() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    let run = ok(riktning(&db, &["import", EXAMPLE]));
    assert!(
        run.stdout
            .contains("Municipality: Östersund (2380), named in the document"),
        "{}",
        run.stdout
    );
    // --tenant overrides what the document names.
    let other = dir.path().join("other.db").to_string_lossy().into_owned();
    let chosen = ok(riktning(&other, &["--tenant", "2309", "import", EXAMPLE]));
    assert!(!chosen.stdout.contains("named in the document"));
    let plans = json(riktning(&other, &["--tenant", "2309", "plans", "--json"]));
    assert_eq!(plans[0]["title"], "Budget 2024");
    // A database of another municipality keeps it, and the terminal says so.
    let again = ok(riktning(&other, &["import", EXAMPLE, "--replace"]));
    assert!(
        again
            .stdout
            .contains("the document names Östersund (2380), but it is stored for Krokom (2309)"),
        "{}",
        again.stdout
    );
}

/// A web page's text with an area, a politician's name and a heading the importer
/// cannot know is a goal: the dry run shows what it left out, and edits correct it.
#[test]
fn edits_correct_the_reading_before_it_is_stored() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    let document = dir.path().join("plan.txt");
    std::fs::write(
        &document,
        "Vännäs kommun\nBudget 2026\n\nAnna Berg (S), kommunstyrelsens ordförande\n\n\
         Mål 1. Alla barn lyckas i skolan\nSkolan ska ha fler lärare.\n\n\
         Fler ska röra på sig\n\n\
         Mål 2. Ekonomin är i balans\nResultatet ska vara minst 2 procent.\n",
    )
    .expect("write");
    let document = document.to_string_lossy().into_owned();
    let dry = ok(riktning(&db, &["import", &document, "--dry-run"]));
    assert!(
        dry.stdout
            .contains("line 4 (person): Anna Berg (S), kommunstyrelsens ordförande"),
        "{}",
        dry.stdout
    );
    let edits = dir.path().join("edits.json");
    std::fs::write(
        &edits,
        r#"[{"edit": "split", "code": "1", "paragraph": 2},
            {"edit": "not-a-goal", "code": "2"},
            {"edit": "rename", "code": "1", "statement": "Alla barn når målen i skolan", "short_name": "Skola"}]"#,
    )
    .expect("write");
    let edits = edits.to_string_lossy().into_owned();
    let corrected = json(riktning(
        &db,
        &[
            "import",
            &document,
            "--dry-run",
            "--json",
            "--edits",
            &edits,
        ],
    ));
    let goals = corrected["goals"].as_array().expect("goals");
    assert_eq!(goals.len(), 2, "{corrected}");
    assert_eq!(goals[0]["statement"], "Alla barn når målen i skolan");
    assert_eq!(goals[0]["short_name"], "Skola");
    assert_eq!(goals[0]["text"], "Skolan ska ha fler lärare.");
    assert_eq!(goals[1]["statement"], "Fler ska röra på sig");
    let unused = corrected["not_used"].as_array().expect("not used");
    assert!(
        unused
            .iter()
            .any(|u| u["text"] == "Ekonomin är i balans" && u["reason"] == "marked-by-hand"),
        "{corrected}"
    );
    // Stored as corrected, with the municipality the document names.
    let stored = ok(riktning(&db, &["import", &document, "--edits", &edits]));
    assert!(stored.stdout.contains("Vännäs (2460)"), "{}", stored.stdout);
    let stored_goals = json(riktning(&db, &["goals", "--json"]));
    let statements: Vec<&str> = stored_goals["goals"]
        .as_array()
        .expect("goals")
        .iter()
        .filter_map(|g| g["statement"].as_str())
        .collect();
    assert_eq!(
        statements,
        ["Alla barn når målen i skolan", "Fler ska röra på sig"],
        "{stored_goals}"
    );
    // An edit that does not fit names itself and stores nothing.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"[{"edit": "merge-with-previous", "code": "1"}]"#).expect("write");
    let fresh = dir.path().join("fresh");
    std::fs::create_dir(&fresh).expect("mkdir");
    let refused = riktning(
        &temp_db(&fresh),
        &["import", &document, "--edits", &bad.to_string_lossy()],
    );
    assert_ne!(refused.code, 0);
    assert!(
        refused.stderr.contains("edit 1") && refused.stderr.contains("first goal"),
        "{}",
        refused.stderr
    );
}

#[test]
fn backup_and_restore_through_the_command_line() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    ok(riktning(&db, &["--tenant", "2380", "import", EXAMPLE]));
    let copy = dir.path().join("backup.db").to_string_lossy().into_owned();
    ok(riktning(&db, &["backup", "--out", &copy]));

    let refused = riktning(&db, &["restore", &copy]);
    assert_ne!(refused.code, 0);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);

    let fresh = dir.path().join("fresh.db").to_string_lossy().into_owned();
    ok(riktning(&fresh, &["restore", &copy]));
    let plans = json(riktning(&fresh, &["plans", "--json"]));
    assert_eq!(plans[0]["title"], "Budget 2024");
}

/// Kills the server when the test ends, however it ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_too_short_admin_password_stops_the_server_before_the_demo_is_loaded() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    let output = Command::new(env!("CARGO_BIN_EXE_riktning"))
        .args(["--db", &db, "serve", "--demo", "--bind", "127.0.0.1:0"])
        .env_remove("RIKTNING_TENANT")
        .env("RIKTNING_ADMIN_PASSWORD", "kort")
        .output()
        .expect("run the server");
    assert_ne!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("RIKTNING_ADMIN_PASSWORD"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("Loaded the demo"), "{stdout}");
    let after = riktning(&db, &["plans", "--json"]);
    assert!(
        after.stderr.contains("the database is empty"),
        "nothing was loaded: {}",
        after.stderr
    );
}

#[test]
fn serve_on_an_empty_database_prints_the_setup_address_and_answers_there() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::Stdio;

    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_riktning"))
        .args(["--db", &db, "serve", "--bind", "127.0.0.1:0"])
        .env_remove("RIKTNING_TENANT")
        .env_remove("RIKTNING_ADMIN_PASSWORD")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let stdout = child.stdout.take().expect("stdout");
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let line = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|line| line.contains("/borja?kod="))
        .expect("the setup address is printed");
    // The printed address has the port the system chose, not the 0 that was asked for.
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .expect("an address");
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_at(rest.find('/').expect("a path"));
    assert!(!host.ends_with(":0"), "{host}");
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("Kom igång med Riktning"), "{answer}");
    let code = path.split("kod=").nth(1).expect("the code");
    assert!(
        answer.contains(&format!("value=\"{code}\"")),
        "the code is filled in"
    );
    drop(server);
    drop(lines);
}

#[test]
fn restore_is_refused_while_a_server_has_the_database_open() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    ok(riktning(&db, &["--tenant", "2380", "import", EXAMPLE]));
    let copy = dir.path().join("backup.db").to_string_lossy().into_owned();
    ok(riktning(&db, &["backup", "--out", &copy]));
    ok(riktning(
        &db,
        &[
            "import",
            SEED,
            "--plan",
            "Budget 2024 (text)",
            "--years",
            "2024",
        ],
    ));

    let mut child = Command::new(env!("CARGO_BIN_EXE_riktning"))
        .args(["--db", &db, "serve", "--bind", "127.0.0.1:0"])
        .env_remove("RIKTNING_TENANT")
        .env("RIKTNING_ADMIN_PASSWORD", "ett-långt-lösenord-för-test")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let stdout = child.stdout.take().expect("stdout");
    let server = Server(child);
    // The server has the database open once it says where to sign in.
    // Kept open until the end, so the server never writes into a closed pipe.
    let mut lines = BufReader::new(stdout).lines();
    let ready = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|line| line.contains("the workspace at http://"));
    assert!(ready, "the server did not start");

    let refused = riktning(&db, &["restore", &copy, "--force"]);
    assert_ne!(refused.code, 0, "{}", refused.stdout);
    assert!(refused.stderr.contains("in use"), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("stop the server"),
        "{}",
        refused.stderr
    );
    drop(server);
    drop(lines);

    let plans = json(riktning(&db, &["plans", "--json"]));
    assert_eq!(
        plans.as_array().map(Vec::len),
        Some(2),
        "unchanged: {plans}"
    );

    // With the server stopped, the restore goes through.
    ok(riktning(&db, &["restore", &copy, "--force"]));
    let plans = json(riktning(&db, &["plans", "--json"]));
    assert_eq!(plans.as_array().map(Vec::len), Some(1), "restored: {plans}");
}

#[test]
fn postgres_urls_work_for_every_command() {
    let server = std::env::var("RIKTNING_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let required = ["CI", "RIKTNING_REQUIRE_POSTGRES"]
        .iter()
        .any(|name| std::env::var(name).is_ok_and(|v| v == "true" || v == "1"));
    let schema = format!("riktning_cli_{}", std::process::id());
    let created = Command::new("psql")
        .args([
            &server,
            "-qc",
            &format!("CREATE SCHEMA IF NOT EXISTS {schema}"),
        ])
        .output();
    match created {
        Ok(out) if out.status.success() => {}
        Ok(out) if required => panic!(
            "PostgreSQL is required: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(error) if required => panic!("PostgreSQL is required: psql failed: {error}"),
        _ => {
            eprintln!("skipped: PostgreSQL at {server} is not reachable");
            return;
        }
    }
    let db = format!("{server}?options[search_path]={schema}");
    ok(riktning(
        &db,
        &["--tenant", "2380", "import", EXAMPLE, "--replace"],
    ));
    let view = json(riktning(&db, &["goals", "--plan", "Budget 2024", "--json"]));
    assert_eq!(view["goals"].as_array().map(Vec::len), Some(8));
    assert_eq!(view["goals"][7]["short_name"], "Trygghet och stöd");
}

/// A PDF (made by mutating one of our own) on which the third-party text extractor
/// panics internally. The importer catches that; the user must still see one line.
#[test]
fn a_pdf_that_breaks_the_extractor_gives_one_error_line() {
    let damaged = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/damaged-internals.pdf"
    );
    let dir = tempfile::tempdir().expect("temp");
    let run = riktning(&temp_db(dir.path()), &["import", damaged, "--dry-run"]);
    assert_ne!(run.code, 0);
    assert_eq!(
        run.stderr.lines().count(),
        1,
        "one line, no panic report: {}",
        run.stderr
    );
    assert!(run.stderr.contains("PDF"), "{}", run.stderr);
}

#[test]
fn indicators_and_targets_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    ok(riktning(&db, &["--tenant", "2380", "import", SEED]));
    let added = ok(riktning(
        &db,
        &[
            "indicator",
            "add",
            "--kpi",
            "N01951",
            "--name",
            "Invånare totalt",
            "--unit",
            "invånare",
            "--goal",
            "1.1",
            "--goal",
            "1.4=2",
        ],
    ));
    assert!(
        added.stdout.contains("Added indicator 1"),
        "{}",
        added.stdout
    );

    // The importer's text target "minst 75 000 invånare år 2040" becomes a real target.
    let view = json(riktning(&db, &["goals", "--json"]));
    let text_target = view["goals"][0]["targets"][0]["id"]
        .as_i64()
        .expect("a text target id");
    ok(riktning(
        &db,
        &[
            "target",
            "add",
            "--indicator",
            "1",
            "--from-text-target",
            &text_target.to_string(),
        ],
    ));
    ok(riktning(
        &db,
        &[
            "target",
            "add",
            "--indicator",
            "1",
            "--year",
            "2030",
            "--value",
            "68000",
            "--milestone",
        ],
    ));

    let listed = json(riktning(&db, &["indicator", "list", "--json"]));
    let indicator = &listed[0];
    assert_eq!(indicator["kolada_kpi"], "N01951");
    assert_eq!(indicator["goals"].as_array().map(Vec::len), Some(2));
    assert_eq!(indicator["goals"][1]["weight"], 2.0);
    let targets: Vec<_> = indicator["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .map(|t| {
            (
                t["year"].as_i64(),
                t["value"].as_f64(),
                t["comparator"].as_str(),
                t["is_final"].as_bool(),
            )
        })
        .collect();
    assert_eq!(
        targets,
        [
            (Some(2030), Some(68000.0), Some("at_least"), Some(false)),
            (Some(2040), Some(75000.0), Some("at_least"), Some(true)),
        ]
    );
    assert_eq!(indicator["targets"][1]["text_target_id"], text_target);

    for (args, expected) in [
        (
            vec!["indicator", "add", "--kpi", "X1", "--name", "Fel"],
            "N01951",
        ),
        (
            vec!["indicator", "add", "--name", "Fel", "--goal", "9.9"],
            "no goal 9.9",
        ),
        (
            vec![
                "target",
                "add",
                "--indicator",
                "1",
                "--year",
                "2030",
                "--value",
                "1",
            ],
            "2030",
        ),
        (
            vec![
                "target",
                "add",
                "--indicator",
                "77",
                "--year",
                "2030",
                "--value",
                "1",
            ],
            "77",
        ),
    ] {
        let run = riktning(&db, &args);
        assert_ne!(run.code, 0, "{args:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn kolada_catalogue_search_groups_import_and_indicator_show() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    ok(riktning(&db, &["--tenant", "2380", "import", SEED]));
    let loaded = load_kolada_catalogue(&db);
    assert!(loaded.stdout.contains("KPIs: 6099"), "{}", loaded.stdout);
    assert!(
        loaded.stdout.contains("Municipality groups: 3630"),
        "{}",
        loaded.stdout
    );

    let hits = json(riktning(
        &db,
        &["kolada", "search", "sjukfrånvaro anställda", "--json"],
    ));
    assert_eq!(hits[0]["id"], "N00090");
    assert!(hits[0]["score"].as_f64().is_some() && hits[0]["title"].is_string());
    let organic = json(riktning(
        &db,
        &[
            "kolada",
            "search",
            "ekologiska livsmedel",
            "--json",
            "--limit",
            "3",
        ],
    ));
    assert_eq!(organic[0]["id"], "U07514");
    assert_eq!(organic.as_array().map(Vec::len), Some(3));
    let suggested = json(riktning(
        &db,
        &["kolada", "suggest", "--goal", "1.8", "--json"],
    ));
    assert_eq!(suggested.as_array().map(Vec::len), Some(10));

    let refused = riktning(&db, &["kolada", "groups", "use", "G99999"]);
    assert!(refused.stderr.contains("G99999"), "{}", refused.stderr);
    ok(riktning(&db, &["kolada", "groups", "use", "G37609"]));
    let listed = ok(riktning(
        &db,
        &["kolada", "groups", "list", "--search", "östersund, 2025"],
    ));
    assert!(listed.stdout.contains("* G37609"), "{}", listed.stdout);

    ok(riktning(
        &db,
        &[
            "indicator",
            "add",
            "--kpi",
            "N01951",
            "--unit",
            "invånare",
            "--goal",
            "1.1",
        ],
    ));
    ok(riktning(
        &db,
        &[
            "target",
            "add",
            "--indicator",
            "1",
            "--year",
            "2040",
            "--value",
            "75000",
        ],
    ));
    let data = population_file(dir.path());
    let first = ok(riktning(
        &db,
        &["kolada", "import", &data.to_string_lossy()],
    ));
    assert!(
        first
            .stdout
            .contains("24 values: 24 new, 0 revised, 0 unchanged"),
        "{}",
        first.stdout
    );
    let again = ok(riktning(
        &db,
        &["kolada", "import", &data.to_string_lossy()],
    ));
    assert!(
        again.stdout.contains("0 new, 0 revised, 24 unchanged"),
        "{}",
        again.stdout
    );

    let shown = ok(riktning(&db, &["indicator", "show", "1"]));
    assert!(shown.stdout.contains("Källa: Kolada"), "{}", shown.stdout);
    assert!(
        shown.stdout.contains("64 979"),
        "Swedish number format: {}",
        shown.stdout
    );
    let view = json(riktning(&db, &["indicator", "show", "1", "--json"]));
    assert_eq!(view["comparison_year"], 2024);
    assert_eq!(view["comparison"]["tenant"]["value"], 64979.0);
    assert_eq!(view["comparison"]["groups"][0]["id"], "G37609");
    assert_eq!(
        view["forecast"]["reach"]["outcome"], "reached",
        "{}",
        view["forecast"]
    );
    assert_eq!(
        view["forecast"]["reach"]["year"], 2046,
        "{}",
        view["forecast"]
    );
    assert_eq!(
        view["forecast"]["projection"]["meets_target"], false,
        "not by 2040"
    );
    assert!(
        view["forecast"]["explanation"]
            .as_str()
            .is_some_and(|e| e.contains("2015–2024"))
    );
}

#[test]
fn a_broken_data_file_names_its_position_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    ok(riktning(&db, &["--tenant", "2380", "import", EXAMPLE]));
    let good = population_file(dir.path());
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\"count\":1,\"next_url\":null,\"values\":[\n{\"kpi\":\"N01951\",\"municipality\":\"2380\",\"period\":2024,\n\"values\":[{\"gender\":\"T\",\"value\":\"many\"}]}]}",
    )
    .expect("write");
    // The good file comes first: it must not be stored either.
    let run = riktning(
        &db,
        &[
            "kolada",
            "import",
            &good.to_string_lossy(),
            &broken.to_string_lossy(),
        ],
    );
    assert_ne!(run.code, 0);
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("broken.json") && run.stderr.contains("line 3"),
        "{}",
        run.stderr
    );
    let audit = json(riktning(
        &db,
        &["audit", "--entity", "observation", "--json"],
    ));
    assert_eq!(
        audit.as_array().map(Vec::len),
        Some(0),
        "nothing was stored"
    );
    let sync = riktning(&db, &["kolada", "sync"]);
    assert!(sync.stderr.contains("indicator add"), "{}", sync.stderr);
}

#[test]
fn data_files_with_unknown_ids_are_refused_naming_the_value() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    ok(riktning(
        &db,
        &[
            "--tenant",
            "2380",
            "kolada",
            "catalogue",
            "import",
            &kolada_file("kpi.json"),
        ],
    ));
    for (kpi, area, expected) in [
        ("N99999", "2380", "unknown KPI id 'N99999'"),
        ("N01951", "9999", "'9999' is not a municipality"),
    ] {
        let path = dir.path().join(format!("{kpi}-{area}.json"));
        let body = serde_json::json!({"count": 2, "next_url": null, "values": [
            {"kpi": "N01951", "municipality": "2380", "period": 2024, "values": [{"gender": "T", "value": 1.0}]},
            {"kpi": kpi, "municipality": area, "period": 2024, "values": [{"gender": "T", "value": 2.0}]},
        ]});
        std::fs::write(&path, body.to_string()).expect("write");
        let run = riktning(&db, &["kolada", "import", &path.to_string_lossy()]);
        assert_ne!(run.code, 0);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
        assert!(
            run.stderr.contains("value 2"),
            "names the value: {}",
            run.stderr
        );
    }
    let audit = json(riktning(
        &db,
        &["audit", "--entity", "observation", "--json"],
    ));
    assert_eq!(
        audit.as_array().map(Vec::len),
        Some(0),
        "nothing was stored"
    );
}

/// `riktning … user …` with `input` on stdin.
fn riktning_with_stdin(db: &str, args: &[&str], input: &str) -> common::Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_riktning"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("RIKTNING_TENANT")
        .env_remove("RIKTNING_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run riktning");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("wait");
    common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn user_names_are_folded_and_passwords_must_resist_guessing() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    ok(riktning(&db, &["--tenant", "2380", "import", EXAMPLE]));
    let help = ok(riktning(&db, &["user", "add", "--help"]));
    assert!(
        help.stdout.contains("a–z, 0–9 and . _ - @"),
        "the alphabet is documented: {}",
        help.stdout
    );
    let added = ok(riktning(
        &db,
        &[
            "user",
            "add",
            "Anna.Berg",
            "--name",
            "Anna Berg",
            "--role",
            "controller",
        ],
    ));
    assert!(added.stdout.contains("Added anna.berg"), "{}", added.stdout);
    assert!(added.stdout.contains("changed at the first sign-in"));
    for twin in ["anna.berg", "ANNA.BERG", "ａｎｎａ.ｂｅｒｇ"] {
        let run = riktning(
            &db,
            &[
                "user",
                "add",
                twin,
                "--name",
                "Anna Berg",
                "--role",
                "reader",
            ],
        );
        assert_ne!(run.code, 0, "{twin} beside anna.berg");
        assert!(run.stderr.contains("already"), "{twin}: {}", run.stderr);
    }
    let look_alike = riktning(
        &db,
        &[
            "user",
            "add",
            "аnna.berg",
            "--name",
            "Anna Berg",
            "--role",
            "reader",
        ],
    );
    assert_ne!(look_alike.code, 0);
    assert!(look_alike.stderr.contains("a–z"), "{}", look_alike.stderr);
    for weak in ["aaaaaaaaaaaa", "password1234", "eva.ek.lösenord.1"] {
        let run = riktning_with_stdin(
            &db,
            &[
                "user",
                "add",
                "eva.ek",
                "--name",
                "Eva Ek",
                "--role",
                "reader",
                "--password-stdin",
            ],
            &format!("{weak}\n"),
        );
        assert_ne!(run.code, 0, "{weak} accepted");
        assert!(run.stderr.contains("password"), "{weak}: {}", run.stderr);
    }
    ok(riktning_with_stdin(
        &db,
        &[
            "user",
            "add",
            "eva.ek",
            "--name",
            "Eva Ek",
            "--role",
            "reader",
            "--password-stdin",
        ],
        "fjällräv kanel hopprep\n",
    ));
    let listed = json(riktning(&db, &["user", "list", "--json"]));
    let users = listed.as_array().expect("array");
    let flag = |name: &str| {
        users
            .iter()
            .find(|u| u["username"] == name)
            .map(|u| u["must_change_password"].as_bool())
    };
    assert_eq!(flag("anna.berg"), Some(Some(true)), "a one-time password");
    assert_eq!(flag("eva.ek"), Some(Some(false)), "a chosen password");
    let reset = ok(riktning(&db, &["user", "reset-password", "EVA.EK"]));
    assert!(reset.stdout.contains("One-time password"));
    let listed = json(riktning(&db, &["user", "list", "--json"]));
    assert!(
        listed
            .as_array()
            .expect("array")
            .iter()
            .any(|u| u["username"] == "eva.ek" && u["must_change_password"] == true)
    );
}

#[test]
fn control_characters_and_invisible_text_are_refused_and_never_printed_raw() {
    let dir = tempfile::tempdir().expect("temp");
    let db = temp_db(dir.path());
    ok(riktning(&db, &["--tenant", "2380", "import", EXAMPLE]));
    ok(riktning(
        &db,
        &[
            "org",
            "add",
            "Kommunstyrelsen",
            "--kind",
            "executive_board",
            "--short",
            "KS",
        ],
    ));
    let add = |statement: &str| {
        riktning(
            &db,
            &[
                "goal",
                "add",
                "1.4.9",
                "--parent",
                "1.4",
                "--unit",
                "KS",
                "--statement",
                statement,
            ],
        )
    };
    // Only invisible characters: empty, like an empty statement.
    let invisible = add("\u{200b}\u{2060}\u{feff}\u{ad}\u{a0} ");
    assert_ne!(invisible.code, 0);
    assert!(
        invisible.stderr.contains("statement: must not be empty"),
        "{}",
        invisible.stderr
    );
    // A control character that would clear the terminal.
    let escape = add("Trygg kommun\u{1b}[2J");
    assert_ne!(escape.code, 0);
    assert!(escape.stderr.contains("U+001B"), "{}", escape.stderr);
    assert!(!escape.stderr.contains('\u{1b}'), "{}", escape.stderr);
    let goals = json(riktning(&db, &["goals", "--json"]));
    assert!(!goals.to_string().contains("1.4.9"), "nothing stored");

    // Text stored before the rule (or by other means) is printed escaped.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let store = riktning_store_sqlite::open(&db).await.expect("open");
        sqlx::query("UPDATE goals SET statement = $1 WHERE code = '1.1'")
            .bind("Ledning\u{1b}[2J\u{1b}]0;x\u{7} och \u{202e}styrning")
            .execute(store.backend().pool())
            .await
            .expect("write behind the store's back");
    });
    let shown = ok(riktning(&db, &["goals"]));
    assert!(!shown.stdout.contains('\u{1b}'), "{}", shown.stdout);
    assert!(!shown.stdout.contains('\u{202e}'), "{}", shown.stdout);
    assert!(
        shown
            .stdout
            .contains("Ledning\\u001B[2J\\u001B]0;x\\u0007 och \\u202Estyrning"),
        "{}",
        shown.stdout
    );
    let as_json = json(riktning(&db, &["goals", "--json"]));
    assert!(
        as_json.to_string().contains("Ledning\\u001b[2J"),
        "JSON keeps the text, escaped the JSON way: {as_json}"
    );
}
