use std::collections::HashSet;
use std::io::{BufWriter, Write};

use riktning_domain::{Gender, ObservationSource};
use riktning_kolada::{
    DataOptions, DataRow, DataStats, Error, read_data_file, read_data_file_with,
};

use crate::common::{TempFile, gzip, shared};

fn collect(path: &std::path::Path) -> Result<(Vec<DataRow>, DataStats), Error> {
    let mut rows = Vec::new();
    let stats = read_data_file(path, |row| {
        rows.push(row);
        Ok::<_, Error>(())
    })?;
    Ok((rows, stats))
}

#[test]
fn reads_the_real_data_sample() {
    let (rows, stats) = collect(&shared("data_sample.json")).unwrap();
    assert_eq!(
        stats,
        DataStats {
            rows: 303,
            deleted: 0,
            pages: 1
        }
    );
    let first = &rows[0];
    assert_eq!(
        (
            first.kpi.as_str(),
            first.municipality.as_str(),
            first.period
        ),
        ("N00945", "0180", 2000)
    );
    assert_eq!(first.gender, Gender::Total);
    assert_eq!(first.value, Some(31.32959689));
    assert_eq!(first.status, None, "an empty status is no status");
    assert_eq!(first.count, Some(1));

    let obs = first
        .clone()
        .into_observation(time::OffsetDateTime::UNIX_EPOCH);
    assert_eq!(obs.series, "N00945");
    assert_eq!(obs.area, "0180");
    assert_eq!(obs.source, ObservationSource::Kolada);
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let mut bytes = vec![0xef, 0xbb, 0xbf];
    bytes.extend(std::fs::read(shared("data_sample.json")).unwrap());
    let plain = TempFile::with_contents("bom.json", &bytes);
    assert_eq!(collect(plain.path()).unwrap().1.rows, 303);
    let zipped = TempFile::with_contents("bom.json.gz", gzip(&bytes));
    assert_eq!(collect(zipped.path()).unwrap().1.rows, 303);
}

#[test]
fn gzip_is_detected_by_content_not_name() {
    let bytes = std::fs::read(shared("data_sample.json")).unwrap();
    let file = TempFile::with_contents("sample.json", gzip(&bytes));
    let (rows, stats) = collect(file.path()).unwrap();
    assert_eq!(stats.rows, 303);
    let (plain, _) = collect(&shared("data_sample.json")).unwrap();
    assert_eq!(rows, plain);
}

/// Writes `records` data records as an array of pages of 5000, streaming to disk.
/// Each record has T and K; every tenth also has a deleted M.
fn write_large(path: &std::path::Path, records: usize) {
    let file = std::fs::File::create(path).unwrap();
    let mut out = BufWriter::new(file);
    write!(out, "[").unwrap();
    for (page, start) in (0..records).step_by(5000).enumerate() {
        if page > 0 {
            write!(out, ",").unwrap();
        }
        let end = (start + 5000).min(records);
        write!(
            out,
            "{{\"count\":{},\"next_url\":null,\"values\":[",
            end - start
        )
        .unwrap();
        for i in start..end {
            if i > start {
                write!(out, ",").unwrap();
            }
            let deleted = if i % 10 == 0 {
                r#",{"count":1,"gender":"M","status":"","value":1.5,"isdeleted":true}"#
            } else {
                ""
            };
            write!(
                out,
                r#"{{"kpi":"N{:05}","municipality":"{:04}","period":{},"values":[{{"count":1,"gender":"T","status":"","value":{}.25}},{{"count":1,"gender":"K","status":"X","value":null}}{deleted}]}}"#,
                i % 1000,
                i / 1000,
                2000 + (i % 25),
                i
            )
            .unwrap();
        }
        write!(out, "]}}").unwrap();
    }
    write!(out, "]").unwrap();
    out.flush().unwrap();
}

#[test]
fn streams_a_large_file_row_by_row() {
    let file = TempFile::new("large.json");
    write_large(file.path(), 100_000);
    let mut count = 0u64;
    let mut value_sum = 0.0;
    let mut nulls = 0u64;
    let stats = read_data_file(file.path(), |row| {
        // The callback sees each row once, as it is read; nothing is collected here,
        // and the reader itself never holds more than one record.
        count += 1;
        match row.value {
            Some(v) => value_sum += v,
            None => nulls += 1,
        }
        Ok::<_, Error>(())
    })
    .unwrap();
    assert_eq!(count, 200_000);
    assert_eq!(
        stats,
        DataStats {
            rows: 200_000,
            deleted: 10_000,
            pages: 20
        }
    );
    assert_eq!(nulls, 100_000);
    let expected: f64 = (0..100_000u64).map(|i| i as f64 + 0.25).sum();
    assert!((value_sum - expected).abs() < 1e-3);
}

#[test]
fn callback_errors_stop_the_stream_and_come_back_unchanged() {
    #[derive(Debug)]
    enum MyError {
        Kolada(Error),
        DatabaseFull,
    }
    impl From<Error> for MyError {
        fn from(err: Error) -> Self {
            MyError::Kolada(err)
        }
    }
    let mut seen = 0;
    let result = read_data_file(shared("data_sample.json"), |_| {
        seen += 1;
        if seen == 10 {
            Err(MyError::DatabaseFull)
        } else {
            Ok(())
        }
    });
    assert!(matches!(result, Err(MyError::DatabaseFull)));
    assert_eq!(seen, 10);
    let missing = read_data_file("/nonexistent.json", |_| Ok::<_, MyError>(()));
    assert!(matches!(missing, Err(MyError::Kolada(Error::Io { .. }))));
}

#[test]
fn concatenated_pages_and_deleted_rows_kept_on_request() {
    let page = r#"{"values":[{"kpi":"N1","municipality":"2380","period":2024,"values":[{"gender":"T","value":1},{"gender":"M","value":2,"isdeleted":true}]}]}"#;
    let file = TempFile::with_contents("two.json", format!("{page}\n{page}\n"));
    let mut rows = Vec::new();
    let stats = read_data_file_with(file.path(), DataOptions { keep_deleted: true }, |row| {
        rows.push(row);
        Ok::<_, Error>(())
    })
    .unwrap();
    assert_eq!(
        stats,
        DataStats {
            rows: 4,
            deleted: 0,
            pages: 2
        }
    );
    assert_eq!(rows.iter().filter(|r| r.deleted).count(), 2);
    let unique: HashSet<_> = rows.iter().map(|r| (r.gender, r.deleted)).collect();
    assert_eq!(unique.len(), 2);
}

/// Reads `json` from a file and returns the error message, checking it names the file.
fn error_for(json: &str) -> (String, Error) {
    let file = TempFile::with_contents("bad.json", json);
    let err = collect(file.path()).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(&file.path().display().to_string()),
        "no file name in: {text}"
    );
    (text, err)
}

fn position(err: &Error) -> (usize, usize) {
    match err {
        Error::Parse { line, column, .. } => (*line, *column),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn malformed_json_names_line_and_column() {
    let (text, err) = error_for(
        "{\"values\":[\n  {\"kpi\":\"N1\",\"municipality\":\"1\",\"period\":2024,\n   \"values\":[{\"gender\":\"T\" \"value\":1}]}\n]}",
    );
    assert_eq!(position(&err), (3, 28), "{text}");
    assert!(text.contains("line 3 column 28"), "{text}");
    assert!(text.contains("expected `,` or `}`"), "{text}");
}

#[test]
fn a_value_that_is_not_a_number_is_an_error() {
    let (text, err) = error_for(
        r#"{"values":[{"kpi":"N1","municipality":"1","period":2024,"values":[{"gender":"T","value":"3,5"}]}]}"#,
    );
    assert!(text.contains("value must be a number or null"), "{text}");
    assert!(text.contains("\"3,5\""), "{text}");
    assert_eq!(position(&err).0, 1);
}

#[test]
fn an_unknown_gender_is_an_error() {
    let (text, _) = error_for(
        r#"{"values":[{"kpi":"N1","municipality":"1","period":2024,"values":[{"gender":"X","value":1}]}]}"#,
    );
    assert!(text.contains("unknown gender 'X'"), "{text}");
    assert!(text.contains("T, K, M"), "{text}");
}

#[test]
fn missing_values_is_an_error() {
    let (text, _) = error_for(r#"{"count":0,"next_url":null}"#);
    assert!(text.contains("missing field `values`"), "{text}");
    let (text, _) = error_for(r#"{"values":[{"kpi":"N1","municipality":"1","period":2024}]}"#);
    assert!(text.contains("missing field `values`"), "{text}");
}

#[test]
fn a_period_that_is_not_a_year_is_an_error() {
    let (text, _) =
        error_for(r#"{"values":[{"kpi":"N1","municipality":"1","period":"2024H1","values":[]}]}"#);
    assert!(text.contains("period must be a year"), "{text}");
}

#[test]
fn a_truncated_file_is_an_error_not_a_short_read() {
    let bytes = std::fs::read(shared("data_sample.json")).unwrap();
    let (text, _) = error_for(&String::from_utf8_lossy(&bytes[..bytes.len() / 2]));
    assert!(text.contains("EOF while parsing"), "{text}");
}

#[test]
fn a_corrupt_gzip_file_names_the_file() {
    let bytes = std::fs::read(shared("data_sample.json")).unwrap();
    let mut gz = gzip(&bytes);
    let middle = gz.len() / 2;
    gz.truncate(middle);
    let file = TempFile::with_contents("broken.json.gz", gz);
    let err = collect(file.path()).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("broken.json.gz"), "{text}");
}
