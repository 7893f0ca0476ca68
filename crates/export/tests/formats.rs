//! Each format read back: the demo's goal section written as Word, Excel, PDF and
//! HTML, then opened the way a reader's program would and checked for its content,
//! its structure and its accessibility, not its size.

use std::io::{Cursor, Read};

use riktning_domain::Change;
use riktning_export::{Format, Options, render, section};
use riktning_publish::Report;
use riktning_store::{Store, StoreRead};

/// The demo's report for `period`, built from a fresh SQLite file.
async fn demo_report(period: &str) -> Report {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("riktning.db");
    let store = riktning_store_sqlite::open(&path.to_string_lossy())
        .await
        .expect("open");
    riktning_demo::load_demo(&store, &Change::by("test"))
        .await
        .expect("the demo loads");
    let tenant = store.tenants().await.expect("tenants")[0].id;
    let mut read = store.reader().await.expect("reader");
    let plan = read.plans(tenant).await.expect("plans")[0].clone();
    let period = read
        .periods(tenant, plan.id)
        .await
        .expect("periods")
        .into_iter()
        .find(|p| p.name == period)
        .expect("the demo's period");
    let report = riktning_publish::build(&mut read, tenant, plan.id, Some(period.id))
        .await
        .expect("report");
    read.finish().await.expect("finish");
    report
}

fn unzip(bytes: &[u8]) -> zip::ZipArchive<Cursor<&[u8]>> {
    zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package")
}

fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> String {
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"))
        .read_to_string(&mut text)
        .expect("utf-8");
    text
}

/// Every event of `xml`, so that a malformed part fails the test.
fn well_formed(name: &str, xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed XML: {e}"),
        }
    }
}

/// The values of `attribute` on every `element` of `xml`.
fn attributes(xml: &str, element: &str, attribute: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event().expect("xml") {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if AsRef::<str>::as_ref(&e.name()) == element =>
            {
                if let Some(value) = e
                    .attributes()
                    .flatten()
                    .find(|a| AsRef::<str>::as_ref(&a.key) == attribute)
                {
                    found.push(
                        value
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .expect("attribute")
                            .into_owned(),
                    );
                }
            }
            _ => {}
        }
    }
    found
}

#[tokio::test]
async fn the_word_document_has_real_headings_repeated_table_headers_and_described_charts() {
    let report = demo_report("Tertial 1 2024").await;
    let content = section(&report, Options::default());
    let charts = content
        .goals
        .iter()
        .flat_map(|g| &g.indicators)
        .filter(|i| i.chart.is_some())
        .count();
    assert!(charts >= 3, "the demo has charts to describe: {charts}");
    let bytes = render(&report, Format::Docx, Options::default()).expect("docx");
    let mut archive = unzip(&bytes);
    let document = part(&mut archive, "word/document.xml");
    let styles = part(&mut archive, "word/styles.xml");
    let core = part(&mut archive, "docProps/core.xml");
    let header = part(&mut archive, "word/header1.xml");
    for (name, xml) in [
        ("document", &document),
        ("styles", &styles),
        ("core", &core),
        ("header", &header),
    ] {
        well_formed(name, xml);
    }

    // Word's built-in heading styles, used for the summary and for every council goal.
    for level in 1..=3 {
        assert!(
            styles.contains(&format!(r#"<w:name w:val="heading {level}"/>"#)),
            "styles define heading {level}"
        );
    }
    let styles_used = attributes(&document, "w:pStyle", "w:val");
    let first_level = styles_used.iter().filter(|s| *s == "Heading1").count();
    assert_eq!(
        first_level,
        content.goals.len() + 4,
        "one first-level heading per council goal, plus summary, sources, method and evaluation"
    );
    assert!(styles_used.iter().any(|s| s == "Title"));

    // Swedish, with title and author.
    assert!(styles.contains(r#"<w:lang w:val="sv-SE""#));
    assert!(core.contains(&format!("<dc:title>{}</dc:title>", content.title)));
    assert!(
        core.contains(&format!("<dc:creator>{}</dc:creator>", report.municipality)),
        "{core}"
    );
    assert!(core.contains("<dc:language>sv-SE</dc:language>"));

    // Every table repeats its header row.
    let tables = document.matches("<w:tbl>").count();
    assert!(tables > content.goals.len(), "{tables} tables");
    assert_eq!(document.matches("<w:tblHeader/>").count(), tables);

    // Every chart is a picture of its own, with its own id and its description.
    let ids = attributes(&document, "wp:docPr", "id");
    let descriptions = attributes(&document, "wp:docPr", "descr");
    assert_eq!(ids.len(), charts);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "picture ids are unique: {ids:?}");
    assert_eq!(descriptions.len(), charts);
    for description in &descriptions {
        assert!(
            description.starts_with("Linjediagram:") && description.len() > 40,
            "a chart is described: {description}"
        );
    }
    let pictures = (0..archive.len())
        .filter(|i| {
            archive.by_index(*i).is_ok_and(|f| {
                let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
                name.starts_with("word/media/") && name.ends_with(".png")
            })
        })
        .count();
    assert_eq!(pictures, charts);

    // The content: the summary, the statements, Kolada credited, the evaluation.
    for goal in &report.goals {
        if goal.parent_id.is_none() {
            assert!(document.contains(&goal.code), "goal {} is there", goal.code);
        }
    }
    assert!(document.contains("Källa: Kolada"));
    assert!(document.contains("Utvärdering av god ekonomisk hushållning"));
    // The controller's conclusion, under a heading of its own.
    assert!(document.contains(">Slutsats<"));
    assert!(document.contains("God ekonomisk hushållning har delvis uppnåtts."));
    assert!(document.contains("Exempeltext i demon."));
    assert!(!header.contains("Utkast"), "an approved period is no draft");
}

#[tokio::test]
async fn a_draft_says_so_on_every_page_in_every_format() {
    let report = demo_report("Delår 2024").await;
    let draft = Options { draft: true };
    let docx = render(&report, Format::Docx, draft).expect("docx");
    let mut archive = unzip(&docx);
    assert!(part(&mut archive, "word/header1.xml").contains("Utkast"));
    assert!(part(&mut archive, "docProps/core.xml").contains("Utkast"));

    let xlsx = render(&report, Format::Xlsx, draft).expect("xlsx");
    let mut archive = unzip(&xlsx);
    let names: Vec<String> = archive
        .file_names()
        .flatten()
        .map(|n| n.into_owned())
        .collect();
    let sheets: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .collect();
    assert!(sheets.len() > 1);
    for sheet in sheets {
        let xml = part(&mut archive, sheet);
        assert!(
            xml.contains("<oddHeader>") && xml.contains("Utkast"),
            "{sheet} is marked"
        );
    }

    let html =
        String::from_utf8(render(&report, Format::Html, draft).expect("html")).expect("utf-8");
    assert!(
        html.contains(r#"class="draft-mark draft""#),
        "the print mark"
    );
    assert!(html.contains("<title>Utkast – "));
    assert!(
        html.contains("Ingen slutsats om god ekonomisk hushållning är skriven"),
        "a period without a conclusion says so"
    );

    #[cfg(feature = "pdf")]
    {
        let pdf = render(&report, Format::Pdf, draft).expect("pdf");
        let document = lopdf::Document::load_mem(&pdf).expect("a PDF");
        let pages = document.get_pages();
        assert!(pages.len() > 1);
        for number in pages.keys() {
            let text = document.extract_text(&[*number]).expect("text");
            assert!(text.contains("Utkast"), "page {number} says Utkast");
        }
    }
}

#[tokio::test]
async fn the_workbook_holds_numbers_as_numbers_in_defined_tables() {
    use calamine::{Data, Reader, Xlsx};

    let report = demo_report("Tertial 1 2024").await;
    let bytes = render(&report, Format::Xlsx, Options::default()).expect("xlsx");
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).expect("calamine opens it");
    let names = workbook.sheet_names();
    let council_goals = report
        .goals
        .iter()
        .filter(|g| g.parent_id.is_none())
        .count();
    assert_eq!(names.len(), 1 + council_goals, "{names:?}");
    assert_eq!(names[0], "Sammanfattning");

    let summary = workbook.worksheet_range("Sammanfattning").expect("summary");
    let header = summary
        .rows()
        .position(|r| r.first() == Some(&Data::String("Mål".into())))
        .expect("a header row");
    let goals: Vec<String> = summary
        .rows()
        .skip(header + 1)
        .take(council_goals)
        .map(|r| r[1].to_string())
        .collect();
    let codes: Vec<String> = report
        .goals
        .iter()
        .filter(|g| g.parent_id.is_none())
        .map(|g| g.code.clone())
        .collect();
    assert_eq!(goals, codes);
    let cells: Vec<String> = summary.cells().map(|(_, _, c)| c.to_string()).collect();
    for expected in ["Slutsats", "God ekonomisk hushållning har delvis uppnåtts"] {
        assert!(
            cells.iter().any(|c| c == expected),
            "{expected} in the summary"
        );
    }
    assert!(cells.iter().any(|c| c == "Exempeltext i demon."));

    // Indicator values are numbers, with the year as a number too.
    let mut numbers = 0;
    for name in &names[1..] {
        let range = workbook.worksheet_range(name).expect("sheet");
        for row in range.rows().skip(5) {
            if let (Some(Data::Float(_)), Some(Data::Float(year))) = (row.get(5), row.get(4)) {
                assert!((2000.0..2100.0).contains(year));
                numbers += 1;
            }
            if let Some(Data::String(text)) = row.get(5) {
                panic!("a value written as text in {name}: {text}");
            }
        }
    }
    assert!(numbers > 20, "{numbers} values");

    let mut archive = unzip(&bytes);
    let core = part(&mut archive, "docProps/core.xml");
    assert!(core.contains(&report.municipality) && core.contains("Måluppfyllelse"));
    let tables = archive
        .file_names()
        .flatten()
        .filter(|n| n.starts_with("xl/tables/table"))
        .count();
    assert_eq!(
        tables,
        2 + council_goals,
        "summary, evaluation and one per goal"
    );
    let first_sheet = part(&mut archive, "xl/worksheets/sheet1.xml");
    assert!(
        first_sheet.contains(r#"state="frozen""#),
        "the header row is frozen"
    );
}

#[tokio::test]
async fn the_printable_page_is_one_accessible_document() {
    let report = demo_report("Tertial 1 2024").await;
    let html = String::from_utf8(render(&report, Format::Html, Options::default()).expect("html"))
        .expect("utf-8");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(r#"<html lang="sv">"#));
    assert!(html.contains("@media print"));
    assert_eq!(html.matches("<h1>").count(), 1);
    assert!(
        !html.contains(r#"class="draft-mark"#),
        "an approved period has no draft mark"
    );
    let figures = html.matches("<figure>").count();
    assert!(figures >= 3);
    assert_eq!(html.matches("<figcaption>Linjediagram:").count(), figures);
    assert_eq!(html.matches(r#"role="img""#).count(), figures);
    assert!(html.contains(r#"<th scope="col">"#));
    assert!(html.contains("Källa: Kolada"));
    assert!(html.contains("<h3>Slutsats</h3>"));
    assert!(html.contains("<p>Exempeltext i demon.</p>"));
    assert!(!html.contains("<script"));
}

#[cfg(feature = "pdf")]
#[tokio::test]
async fn the_pdf_is_tagged_swedish_and_says_what_its_charts_show() {
    use lopdf::Object;

    let report = demo_report("Tertial 1 2024").await;
    let content = section(&report, Options::default());
    let bytes = render(&report, Format::Pdf, Options::default()).expect("pdf");
    let document = lopdf::Document::load_mem(&bytes).expect("a PDF");
    let catalog = document.catalog().expect("catalog");
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "tagged");
    let lang = catalog.get(b"Lang").expect("Lang");
    assert!(
        matches!(lang, Object::String(s, _) if s.starts_with(b"sv")),
        "{lang:?}"
    );
    let mark = catalog
        .get(b"MarkInfo")
        .and_then(|m| document.dereference(m))
        .and_then(|(_, m)| m.as_dict())
        .expect("MarkInfo");
    assert!(matches!(mark.get(b"Marked"), Ok(Object::Boolean(true))));

    // Every Figure in the structure tree has its alt text, one per chart.
    let mut figures = 0;
    for object in document.objects.values() {
        if let Ok(dict) = object.as_dict()
            && matches!(dict.get(b"S"), Ok(Object::Name(n)) if n == b"Figure")
        {
            figures += 1;
            let alt = dict.get(b"Alt").expect("a Figure has Alt");
            assert!(matches!(alt, Object::String(s, _) if !s.is_empty()));
        }
    }
    let charts = content
        .goals
        .iter()
        .flat_map(|g| &g.indicators)
        .filter(|i| i.chart.is_some())
        .count();
    assert_eq!(figures, charts);

    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let text = document.extract_text(&pages).expect("text");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Måluppfyllelse",
        "Sammanfattning",
        "Källa: Kolada",
        "Utvärdering av god ekonomisk hushållning",
        "Metod",
        "Slutsats",
        "Exempeltext i demon.",
    ] {
        assert!(flat.contains(expected), "{expected} in the PDF's text");
    }
    assert!(!flat.contains("Utkast"));
}

#[test]
fn formats_are_named_for_files_and_addresses() {
    assert_eq!(Format::parse("DOCX"), Some(Format::Docx));
    assert_eq!(Format::parse("odt"), None);
    for format in Format::ALL {
        assert_eq!(Format::parse(format.extension()), Some(format));
    }
}
