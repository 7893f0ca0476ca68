//! What the command-line tests share: running the binary on a database file, and
//! the data files they load.
#![allow(dead_code)] // Each test binary uses its own subset.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/seeds/000_32dc23afe65c2ffc.txt"
);
pub const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/ostersund-budget-2024.md"
);

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn riktning(db: &str, args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_riktning"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("RIKTNING_TENANT")
        .env_remove("RIKTNING_DB")
        .output()
        .expect("run riktning");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn ok(run: Run) -> Run {
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    run
}

pub fn json(run: Run) -> Value {
    serde_json::from_str(&ok(run).stdout).expect("valid JSON on stdout")
}

pub fn temp_db(dir: &Path) -> String {
    dir.join("riktning.db").to_string_lossy().into_owned()
}

pub const KOLADA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/kolada");

pub fn kolada_file(name: &str) -> String {
    format!("{KOLADA}/{name}")
}

/// Östersund's population (SCB, 31 Dec) as Kolada serves N01951, with made-up values
/// for the country and one comparison group.
pub fn population_file(dir: &Path) -> PathBuf {
    let population = [
        (2015, 61_066),
        (2016, 61_745),
        (2017, 62_601),
        (2019, 63_779),
        (2020, 63_985),
        (2022, 64_714),
        (2023, 64_881),
        (2024, 64_979),
    ];
    let mut values = Vec::new();
    for (year, people) in population {
        for (area, value) in [
            ("2380", people),
            ("0000", 10_000_000 + year),
            ("G37609", 70_000 + year),
        ] {
            values.push(serde_json::json!({
                "kpi": "N01951", "municipality": area, "period": year,
                "values": [{"count": 1, "gender": "T", "status": "", "value": value}]
            }));
        }
    }
    let path = dir.join("population.json");
    let page = serde_json::json!({"count": values.len(), "next_url": null, "values": values});
    std::fs::write(&path, page.to_string()).expect("write");
    path
}

/// Loads the real Kolada catalogue (KPIs, municipalities, groups) into `db`.
pub fn load_kolada_catalogue(db: &str) -> Run {
    ok(riktning(
        db,
        &[
            "kolada",
            "catalogue",
            "import",
            &kolada_file("kpi.json"),
            &kolada_file("municipality.json"),
            &kolada_file("municipality_groups.json"),
        ],
    ))
}
