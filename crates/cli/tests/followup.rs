//! Follow-up from the command line: organisation, committee goals, periods, suggested
//! assessments, the workflow, reporting status, activities and commitments.

mod common;

use std::path::Path;

use common::{EXAMPLE, Run, json, load_kolada_catalogue, ok, population_file, riktning, temp_db};

fn fails(run: Run) -> String {
    assert_ne!(run.code, 0, "expected a failure, got:\n{}", run.stdout);
    assert_eq!(
        run.stderr.lines().count(),
        run.stderr.trim_end().lines().count()
    );
    run.stderr
}

const PERIOD: &str = "Delår 2024";

/// Östersund's plan with a board and two committees, a committee goal under 1.4
/// followed by the population indicator (target 75 000 in 2040), and an interim period
/// that judges on values through 2023.
fn prepared(dir: &Path) -> String {
    let db = temp_db(dir);
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
    ok(riktning(
        &db,
        &[
            "org",
            "add",
            "Barn- och utbildningsnämnden",
            "--parent",
            "KS",
            "--short",
            "BUN",
        ],
    ));
    ok(riktning(
        &db,
        &["org", "add", "Kulturnämnden", "--parent", "ks"],
    ));
    ok(riktning(&db, &["goal", "units", "1.4", "--unit", "KS"]));
    ok(riktning(
        &db,
        &[
            "goal",
            "add",
            "1.4.1",
            "--parent",
            "1.4",
            "--unit",
            "BUN",
            "--statement",
            "Fler unga bor kvar efter gymnasiet",
        ],
    ));
    load_kolada_catalogue(&db);
    let population = population_file(dir);
    ok(riktning(
        &db,
        &["kolada", "import", &population.to_string_lossy()],
    ));
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
            "1.4.1",
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
    ok(riktning(
        &db,
        &[
            "period",
            "add",
            PERIOD,
            "--from",
            "2024-01-01",
            "--to",
            "2024-08-31",
            "--deadline",
            "2024-09-20",
            "--values-through",
            "2023",
        ],
    ));
    db
}

fn assess<'a>(action: &'a str, goal: &'a str, unit: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "assess", action, "--goal", goal, "--unit", unit, "--period", PERIOD,
    ];
    args.extend_from_slice(rest);
    args
}

#[test]
fn an_assessment_goes_from_suggestion_to_approval_and_rolls_up() {
    let dir = tempfile::tempdir().expect("temp");
    let db = prepared(dir.path());

    let suggestions = json(riktning(
        &db,
        &["assess", "suggest", "--period", PERIOD, "--json"],
    ));
    let committee = suggestions
        .as_array()
        .expect("a list")
        .iter()
        .find(|s| s["code"] == "1.4.1")
        .expect("1.4.1");
    // About +480 a year from 64 881 in 2023 does not reach 75 000 by 2040.
    assert_eq!(committee["level"]["key"], "ej_uppfyllt");
    let indicator = &committee["basis"]["indicators"][0];
    assert_eq!(indicator["status"], "not_on_track");
    assert_eq!(
        indicator["latest"][0], 2023,
        "the 2024 value is after the period's value year"
    );
    let explanation = committee["explanation"].as_str().expect("text");
    assert!(
        explanation.contains("64 881") && explanation.contains("(2023)"),
        "{explanation}"
    );

    // Deviating without a reason is refused and stores nothing.
    let refused = fails(riktning(
        &db,
        &assess("set", "1.4.1", "BUN", &["--level", "delvis"]),
    ));
    assert!(refused.contains("deviation_reason"), "{refused}");
    assert!(refused.contains("needs a reason"), "{refused}");
    let listed = json(riktning(
        &db,
        &["assess", "list", "--period", PERIOD, "--json"],
    ));
    assert_eq!(listed, serde_json::json!([]));

    let analysis = dir.path().join("analys.md");
    std::fs::write(&analysis, "Inflyttningen ökar men **för långsamt**.\n").expect("write");
    let saved = ok(riktning(
        &db,
        &assess(
            "set",
            "1.4.1",
            "BUN",
            &[
                "--level",
                "delvis",
                "--reason",
                "Två nya bostadsområden står klara i höst",
                "--analysis-file",
                &analysis.to_string_lossy(),
                "--as",
                "sekreterare",
            ],
        ),
    ));
    assert!(saved.stdout.contains("version 1"), "{}", saved.stdout);

    // Two people edit the same draft: the second save shows both versions.
    ok(riktning(
        &db,
        &assess(
            "set",
            "1.4.1",
            "BUN",
            &[
                "--level",
                "delvis",
                "--reason",
                "Bostäder",
                "--expect-version",
                "1",
            ],
        ),
    ));
    let conflict = fails(riktning(
        &db,
        &assess(
            "set",
            "1.4.1",
            "BUN",
            &["--level", "ej_uppfyllt", "--expect-version", "1"],
        ),
    ));
    assert!(conflict.contains("stored now (version 2)"), "{conflict}");
    assert!(conflict.contains("yours, not saved"), "{conflict}");
    assert!(conflict.contains("ej uppfyllt"), "{conflict}");

    ok(riktning(&db, &assess("submit", "1.4.1", "BUN", &[])));
    let refused = fails(riktning(
        &db,
        &assess("return", "1.4.1", "BUN", &["--comment", " "]),
    ));
    assert!(refused.contains("say what to fix"), "{refused}");
    ok(riktning(
        &db,
        &assess("approve", "1.4.1", "BUN", &["--as", "controller"]),
    ));

    let rolled = json(riktning(
        &db,
        &[
            "assess", "suggest", "--period", PERIOD, "--goal", "1.4", "--json",
        ],
    ));
    assert_eq!(rolled[0]["basis"]["kind"], "child_goals");
    assert_eq!(rolled[0]["level"]["key"], "delvis");
    assert_eq!(
        rolled[0]["basis"]["rollup"]["reported"],
        serde_json::json!(["Barn- och utbildningsnämnden"])
    );

    let shown = json(riktning(&db, &assess("show", "1.4.1", "BUN", &["--json"])));
    assert_eq!(shown["assessment"]["state"], "approved");
    assert_eq!(
        shown["assessment"]["suggestion"]["level"], "ej_uppfyllt",
        "the suggestion at the time of saving is kept"
    );
    let actors: Vec<&str> = shown["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|e| e["actor"].as_str())
        .collect();
    assert_eq!(actors.len(), 4, "created, edited, submitted, approved");
    assert_eq!(actors[0], "sekreterare");
    assert_eq!(actors[3], "controller");
}

#[test]
fn the_status_shows_who_has_reported_and_what_is_overdue() {
    let dir = tempfile::tempdir().expect("temp");
    let db = prepared(dir.path());
    ok(riktning(
        &db,
        &[
            "activity",
            "add",
            "Utred ett ungdomsråd",
            "--kind",
            "assignment",
            "--unit",
            "BUN",
            "--goal",
            "1.4.1",
            "--due",
            "2024-11-30",
        ],
    ));
    ok(riktning(
        &db,
        &assess("set", "1.4.1", "BUN", &["--level", "ej_uppfyllt"]),
    ));
    let status = json(riktning(
        &db,
        &[
            "followup",
            "status",
            "--period",
            PERIOD,
            "--today",
            "2024-09-21",
            "--json",
        ],
    ));
    assert_eq!(status["past_deadline"], true);
    assert_eq!(status["counts"]["overdue"], 2);
    assert_eq!(status["counts"]["draft"], 1);
    let units = status["units"].as_array().expect("units");
    assert_eq!(units[0]["unit"], "Barn- och utbildningsnämnden");
    assert_eq!(units[0]["assessments"][0]["state"], "draft");
    assert_eq!(
        units[0]["missing_progress"][0]["title"],
        "Utred ett ungdomsråd"
    );
    assert_eq!(units[1]["unit"], "Kommunstyrelsen");
    assert_eq!(units[1]["assessments"][0]["overdue"], true);
    assert!(
        status["unassigned_goals"]
            .as_array()
            .expect("goals")
            .iter()
            .any(|g| g == "1.1")
    );

    let text = ok(riktning(
        &db,
        &[
            "followup",
            "status",
            "--period",
            PERIOD,
            "--today",
            "2024-09-01",
        ],
    ));
    assert!(text.stdout.contains("not passed"), "{}", text.stdout);
    assert!(!text.stdout.contains("OVERDUE"), "{}", text.stdout);

    // Reports on the assignment and on a commitment of the political text.
    ok(riktning(
        &db,
        &[
            "activity",
            "report",
            "1",
            "--period",
            PERIOD,
            "--status",
            "delayed",
            "--level",
            "minst_80",
            "--comment",
            "Väntar på remissvar",
        ],
    ));
    let refused = fails(riktning(
        &db,
        &[
            "activity", "report", "1", "--period", PERIOD, "--status", "klar",
        ],
    ));
    assert!(
        refused.contains("not_started, ongoing, done, delayed, cancelled"),
        "{refused}"
    );
    let listed = ok(riktning(&db, &["activity", "list"]));
    assert!(listed.stdout.contains("försenad"), "{}", listed.stdout);
    ok(riktning(
        &db,
        &[
            "commitment",
            "report",
            "--goal",
            "1.4",
            "--number",
            "1",
            "--period",
            PERIOD,
            "--status",
            "ongoing",
            "--comment",
            "Planarbete pågår",
        ],
    ));
    let commitments = ok(riktning(&db, &["commitment", "list", "--goal", "1.4"]));
    assert!(
        commitments
            .stdout
            .lines()
            .next()
            .unwrap_or("")
            .contains("[pågående]"),
        "{}",
        commitments.stdout
    );
    let status = json(riktning(
        &db,
        &[
            "followup",
            "status",
            "--period",
            PERIOD,
            "--today",
            "2024-09-21",
            "--json",
        ],
    ));
    assert_eq!(
        status["units"][0]["missing_progress"],
        serde_json::json!([]),
        "the assignment is reported"
    );
}

#[test]
fn closed_periods_freeze_and_bad_input_is_named_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp");
    let db = prepared(dir.path());
    ok(riktning(
        &db,
        &assess("set", "1.4.1", "BUN", &["--level", "ej_uppfyllt"]),
    ));
    ok(riktning(&db, &assess("submit", "1.4.1", "BUN", &[])));
    let before = json(riktning(&db, &["audit", "--json"]))
        .as_array()
        .map(Vec::len);

    let unknown_goal = fails(riktning(
        &db,
        &assess("set", "9.9", "BUN", &["--level", "delvis"]),
    ));
    assert!(unknown_goal.contains("no goal 9.9"), "{unknown_goal}");
    assert!(
        unknown_goal.contains("1.4.1"),
        "lists the goals: {unknown_goal}"
    );
    let unknown_unit = fails(riktning(
        &db,
        &assess("set", "1.4.1", "Tekniska nämnden", &["--level", "delvis"]),
    ));
    assert!(unknown_unit.contains("Kulturnämnden"), "{unknown_unit}");
    let unknown_period = fails(riktning(
        &db,
        &[
            "assess",
            "approve",
            "--goal",
            "1.4.1",
            "--unit",
            "BUN",
            "--period",
            "Delår 2099",
        ],
    ));
    assert!(
        unknown_period.contains("there are: Delår 2024"),
        "{unknown_period}"
    );
    let unknown_level = fails(riktning(
        &db,
        &assess("set", "1.4.2", "KS", &["--level", "grönt"]),
    ));
    assert!(unknown_level.contains("no goal 1.4.2"), "{unknown_level}");
    let unknown_level = fails(riktning(
        &db,
        &assess("set", "1.4", "KS", &["--level", "grönt"]),
    ));
    assert!(
        unknown_level.contains("uppfyllt, delvis, ej_uppfyllt, ej_bedomt"),
        "{unknown_level}"
    );
    let wrong_unit = fails(riktning(
        &db,
        &assess("set", "1.4", "Kulturnämnden", &["--level", "ej_bedomt"]),
    ));
    assert!(wrong_unit.contains("not responsible"), "{wrong_unit}");
    let bad_date = fails(riktning(
        &db,
        &[
            "period",
            "add",
            "Tertial 1",
            "--from",
            "2024-01-01",
            "--to",
            "30/4",
            "--deadline",
            "2024-05-15",
        ],
    ));
    assert!(
        bad_date.contains("--to 30/4") && bad_date.contains("YYYY-MM-DD"),
        "{bad_date}"
    );

    ok(riktning(&db, &["period", "close", PERIOD]));
    let frozen = fails(riktning(&db, &assess("approve", "1.4.1", "BUN", &[])));
    assert!(frozen.contains("closed"), "{frozen}");
    assert!(frozen.contains("reopen"), "says what to do: {frozen}");
    let after = json(riktning(&db, &["audit", "--json"]))
        .as_array()
        .map(Vec::len);
    assert_eq!(
        after,
        before.map(|n| n + 1),
        "only the close is on the record"
    );

    let no_reason = fails(riktning(&db, &["period", "reopen", PERIOD]));
    assert!(no_reason.contains("--reason"), "{no_reason}");
    ok(riktning(
        &db,
        &[
            "period",
            "reopen",
            PERIOD,
            "--reason",
            "BUN lämnade fel siffror",
            "--as",
            "controller",
        ],
    ));
    let events = json(riktning(&db, &["audit", "--entity", "period", "--json"]));
    let last = events.as_array().and_then(|e| e.last()).expect("events");
    assert_eq!(last["reason"], "BUN lämnade fel siffror");
    assert_eq!(last["actor"], "controller");
    ok(riktning(&db, &assess("approve", "1.4.1", "BUN", &[])));
}

#[test]
fn scales_and_rules_are_chosen_per_municipality() {
    let dir = tempfile::tempdir().expect("temp");
    let db = prepared(dir.path());
    let scales = ok(riktning(&db, &["scale", "list"]));
    assert!(
        scales.stdout.contains("standard: ") && scales.stdout.contains("(used for goals)"),
        "{}",
        scales.stdout
    );
    assert!(
        scales.stdout.contains("uppnått till minst 80 %"),
        "{}",
        scales.stdout
    );
    ok(riktning(&db, &["scale", "use", "femgradig"]));
    let rules = ok(riktning(
        &db,
        &[
            "followup",
            "rules",
            "--fulfilled-at",
            "0.8",
            "--rollup",
            "worst_of",
        ],
    ));
    assert!(rules.stdout.contains("≥ 80 %"), "{}", rules.stdout);
    assert!(rules.stdout.contains("worst_of"), "{}", rules.stdout);
    let refused = fails(riktning(&db, &["followup", "rules", "--partly-at", "0.9"]));
    assert!(refused.contains("thresholds"), "{refused}");

    let suggestion = json(riktning(
        &db,
        &[
            "assess", "suggest", "--period", PERIOD, "--goal", "1.4.1", "--json",
        ],
    ));
    assert_eq!(suggestion[0]["level"]["key"], "i_liten_grad");
    ok(riktning(
        &db,
        &assess("set", "1.4.1", "BUN", &["--level", "i_liten_grad"]),
    ));

    let file = dir.path().join("trafikljus.json");
    let mut scale: serde_json::Value = json(riktning(&db, &["scale", "list", "--json"]))[0].clone();
    scale["key"] = "trafikljus".into();
    scale["name"] = "Trafikljus".into();
    std::fs::write(&file, scale.to_string()).expect("write");
    ok(riktning(&db, &["scale", "add", &file.to_string_lossy()]));
    let again = fails(riktning(&db, &["scale", "add", &file.to_string_lossy()]));
    assert!(again.contains("already a scale 'trafikljus'"), "{again}");
    std::fs::write(&file, "{\"key\": 1}").expect("write");
    let broken = fails(riktning(&db, &["scale", "add", &file.to_string_lossy()]));
    assert!(broken.contains("expected JSON shape"), "{broken}");
}

#[test]
fn a_period_is_published_from_the_command_line_and_a_correction_needs_a_reason() {
    let dir = tempfile::tempdir().expect("temp");
    let db = prepared(dir.path());
    let first = ok(riktning(&db, &["publish", "--period", PERIOD]));
    assert!(first.stdout.contains("as version 1"), "{}", first.stdout);
    let again = fails(riktning(&db, &["publish", "--period", PERIOD]));
    assert!(again.contains("--reason"), "{again}");
    let corrected = ok(riktning(
        &db,
        &[
            "publish",
            "--period",
            PERIOD,
            "--reason",
            "Rättat en siffra.",
        ],
    ));
    assert!(
        corrected.stdout.contains("as version 2"),
        "{}",
        corrected.stdout
    );
    let unknown = fails(riktning(&db, &["publish", "--period", "Finns inte"]));
    assert!(unknown.contains("Finns inte"), "{unknown}");
    let list = ok(riktning(&db, &["publish", "--list"]));
    assert!(list.stdout.contains("Rättat en siffra."), "{}", list.stdout);
    assert_eq!(list.stdout.lines().count(), 3, "a header and two versions");
}

#[test]
fn the_goal_section_is_written_as_a_draft_until_the_period_is_published() {
    let dir = tempfile::tempdir().expect("temp");
    let db = prepared(dir.path());
    let html = dir.path().join("avsnitt.html");
    let html_path = html.to_string_lossy().into_owned();
    let args = |format: &'static str, out: &str| -> Vec<String> {
        ["report", "--period", PERIOD, "--format", format, "-o", out]
            .map(str::to_string)
            .to_vec()
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        riktning(&db, &args)
    };
    let draft = ok(run(args("html", &html_path)));
    assert!(draft.stderr.contains("as a draft"), "{}", draft.stderr);
    let page = std::fs::read_to_string(&html).expect("the page");
    assert!(page.contains("Utkast: perioden är inte godkänd och publicerad"));
    assert!(page.contains(r#"<html lang="sv">"#));

    ok(riktning(&db, &["publish", "--period", PERIOD]));
    let published = ok(run(args("html", &html_path)));
    assert!(
        published.stderr.contains("from publication"),
        "{}",
        published.stderr
    );
    let page = std::fs::read_to_string(&html).expect("the page");
    assert!(!page.contains("Utkast"), "a published period is no draft");

    // To standard output, for a pipe.
    let word = ok(run(args("docx", "-")));
    assert!(word.stdout.starts_with("PK"), "a Word package on stdout");

    let unknown = fails(run(args("odt", &html_path)));
    assert!(unknown.contains("docx, xlsx, pdf or html"), "{unknown}");
    let missing = fails(riktning(
        &db,
        &[
            "report",
            "--period",
            "Finns inte",
            "--format",
            "pdf",
            "-o",
            &html_path,
        ],
    ));
    assert!(missing.contains("Finns inte"), "{missing}");
}
