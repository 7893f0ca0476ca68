use riktning_kolada::{
    Error, Kpi, Municipality, read_catalogue, read_catalogues, read_kpis, read_municipalities,
    read_municipality_groups,
};

use crate::common::{TempFile, gzip, shared};

#[test]
fn reads_the_real_kpi_catalogue() {
    let kpis = read_kpis(shared("kpi.json")).unwrap();
    assert_eq!(kpis.len(), 6099);
    let n00090 = kpis.iter().find(|k| k.id == "N00090").unwrap();
    assert_eq!(
        n00090.title,
        "Sjukfrånvaro totalt bland anställda, kommun, andel (%)"
    );
    assert!(n00090.is_divided_by_gender);
    assert_eq!(n00090.municipality_type.as_deref(), Some("K"));
    assert_eq!(n00090.prel_publication_date, None);
    assert_eq!(
        n00090.published(),
        Some(time::macros::date!(2027 - 03 - 06))
    );
    // Nulls in the real file become None, not errors.
    assert!(kpis.iter().any(|k| k.publ_period.is_none()));
}

#[test]
fn reads_the_real_municipalities() {
    let all = read_municipalities(shared("municipality.json")).unwrap();
    assert_eq!(all.len(), 312);
    let riket = all.iter().find(|m| m.id == "0000").unwrap();
    assert_eq!((riket.title.as_str(), riket.kind.as_str()), ("Riket", "L"));
    let ostersund = all.iter().find(|m| m.id == "2380").unwrap();
    assert_eq!(
        (ostersund.title.as_str(), ostersund.kind.as_str()),
        ("Östersund", "K")
    );
    assert_eq!(all.iter().filter(|m| m.kind == "K").count(), 290);
}

#[test]
fn reads_the_real_groups_with_values_before_count() {
    let groups = read_municipality_groups(shared("municipality_groups.json")).unwrap();
    assert_eq!(groups.len(), 3630);
    let first = &groups[0];
    assert_eq!(first.id, "G114418");
    assert_eq!(first.members.len(), 4);
    assert_eq!(first.members[0].member_id, "0682");
    assert_eq!(first.members[0].member_title, "Nässjö");
    let domain: riktning_domain::AreaGroup = first.clone().into();
    assert_eq!(domain.members, ["0682", "1499", "1885", "2081"]);
}

#[test]
fn reads_pages_split_over_files_arrays_and_gzip() {
    let a = TempFile::with_contents(
        "a.json",
        r#"{"count":1,"next_url":"http://x/2","values":[{"id":"0000","title":"Riket","type":"L"}]}"#,
    );
    let b = TempFile::with_contents(
        "b.json.gz",
        gzip(
            r#"[{"values":[{"id":"2380","title":"Östersund","type":"K"}]},{"values":[{"id":"0180","title":"Stockholm","type":"K"}]}]"#
                .as_bytes(),
        ),
    );
    let all: Vec<Municipality> = read_catalogues(&[a.path(), b.path()]).unwrap();
    let ids: Vec<_> = all.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["0000", "2380", "0180"]);
}

#[test]
fn a_broken_catalogue_names_the_file_and_position() {
    let file = TempFile::with_contents(
        "kpi.json",
        "{\"values\":[\n{\"id\":\"N1\",\"title\":\"A\"},\n{\"id\":\"N2\",\"title\":\"B\"\n]}",
    );
    let err = read_catalogue::<Kpi>(file.path()).unwrap_err();
    let text = err.to_string();
    assert!(text.contains(&file.path().display().to_string()), "{text}");
    match err {
        Error::Parse { line, column, .. } => assert_eq!((line, column), (4, 1), "{text}"),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn a_missing_file_names_the_file() {
    let err = read_kpis("/nonexistent/kpi.json").unwrap_err().to_string();
    assert!(err.contains("/nonexistent/kpi.json"), "{err}");
}
