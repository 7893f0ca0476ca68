//! Open data downloads of every publication, and the DCAT-AP-SE catalogue that lets
//! Sweden's data portal (dataportal.se) harvest them.
//!
//! - `/publicering/{id}/data.json`: the whole report, as the API gives it;
//! - `/publicering/{id}/mal.csv`: one row per goal, with its status;
//! - `/publicering/{id}/varden.csv`: one row per indicator value;
//! - `/dcat.rdf`: the catalogue, one dataset per current publication.
//!
//! The CSV files are UTF-8, comma-separated after RFC 4180, with a header row and a
//! decimal point, so that any program reads them the same way; the columns are
//! described on "Om data" ([`GOAL_COLUMNS`], [`VALUE_COLUMNS`]).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use riktning_domain::{Id, Publication};
use riktning_publish::Report;
use riktning_store::Store;

use super::chrome::title_of;
use super::view::status_of;
use super::{PublicPage, Published, Rendered, answer, open};
use crate::extract::Path;
use crate::i18n::Lang;
use crate::{AppError, Shared};

/// The columns of `mal.csv`, with what each holds.
pub const GOAL_COLUMNS: &[(&str, &str)] = &[
    ("publication_id", "public-csv-publication-id"),
    ("goal_id", "public-csv-goal-id"),
    ("code", "public-csv-code"),
    ("parent_code", "public-csv-parent-code"),
    ("statement", "public-csv-statement"),
    ("responsible", "public-csv-responsible"),
    ("status", "public-csv-status"),
    ("status_label", "public-csv-status-label"),
];

/// The columns of `varden.csv`, with what each holds.
pub const VALUE_COLUMNS: &[(&str, &str)] = &[
    ("publication_id", "public-csv-publication-id"),
    ("indicator_id", "public-csv-indicator-id"),
    ("indicator", "public-csv-indicator"),
    ("goal_codes", "public-csv-goal-codes"),
    ("unit", "public-csv-unit"),
    ("kolada_kpi", "public-csv-kolada-kpi"),
    ("area", "public-csv-area"),
    ("gender", "public-csv-gender"),
    ("year", "public-csv-year"),
    ("value", "public-csv-value"),
    ("source", "public-csv-source"),
];

/// One CSV field: quoted when it holds a separator, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Text a person wrote, made safe for a spreadsheet: a cell that starts with `=`,
/// `+`, `-`, `@` or a control character would be run as a formula by Excel or
/// LibreOffice, so it gets a leading apostrophe, which they show as text. Numbers
/// and ids are written as they are.
fn text(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

fn row(fields: &[String]) -> String {
    let mut line = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

fn header(columns: &[(&str, &str)]) -> String {
    row(&columns
        .iter()
        .map(|(name, _)| name.to_string())
        .collect::<Vec<_>>())
}

pub(crate) fn goals_csv(publication: Id, report: &Report) -> String {
    let mut out = header(GOAL_COLUMNS);
    for goal in &report.goals {
        let parent = goal
            .parent_id
            .and_then(|p| report.goal(p))
            .map(|p| p.code.clone())
            .unwrap_or_default();
        let (status, label) = report
            .status_assessment(goal)
            .map(|a| {
                let label = status_of(report, goal, Lang::Sv)
                    .map(|s| s.label)
                    .unwrap_or_default();
                (a.level.clone(), label)
            })
            .unwrap_or_default();
        out.push_str(&row(&[
            publication.to_string(),
            goal.id.to_string(),
            text(&goal.code),
            text(&parent),
            text(&goal.statement),
            text(&goal.units.join("; ")),
            text(&status),
            text(&label),
        ]));
    }
    out
}

pub(crate) fn values_csv(publication: Id, report: &Report) -> String {
    let mut out = header(VALUE_COLUMNS);
    for (indicator, goals) in report.indicators() {
        let goal_codes: Vec<&str> = goals.iter().map(|g| g.code.as_str()).collect();
        for series in &indicator.series {
            for point in &series.points {
                out.push_str(&row(&[
                    publication.to_string(),
                    indicator.id.to_string(),
                    text(&indicator.name),
                    text(&goal_codes.join("; ")),
                    text(indicator.unit.as_deref().unwrap_or_default()),
                    text(indicator.kolada_kpi.as_deref().unwrap_or_default()),
                    series.area.clone(),
                    series.gender.clone(),
                    point.year.to_string(),
                    point.value.to_string(),
                    if point.from_kolada {
                        "kolada".to_string()
                    } else {
                        "kommunen".to_string()
                    },
                ]));
            }
        }
    }
    out
}

/// Which download of a publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Download {
    Json,
    Goals,
    Values,
    /// The annual report's goal section, for a published period only.
    Document(riktning_export::Format),
}

pub async fn download<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    Path((id, file)): Path<(Id, String)>,
) -> Result<Response, AppError> {
    let kind = match file.as_str() {
        "data.json" => Download::Json,
        "mal.csv" => Download::Goals,
        "varden.csv" => Download::Values,
        other => match crate::documents::public_file(other) {
            Some(format) => Download::Document(format),
            None => return Err(AppError::NotFound(format!("file {file}"))),
        },
    };
    let shared = state.clone();
    answer(
        &shared,
        &headers,
        PublicPage::Download(id, kind),
        move |published| async move {
            let (publication, report) = open(&state, &published, id).await?;
            let (body, content_type) = match kind {
                Download::Document(format) => return document(&publication, report, format).await,
                Download::Json => (
                    serde_json::to_string_pretty(&*report)
                        .map_err(|e| AppError::Internal(format!("writing JSON: {e}")))?,
                    "application/json",
                ),
                Download::Goals => (goals_csv(id, &report), "text/csv; charset=utf-8"),
                Download::Values => (values_csv(id, &report), "text/csv; charset=utf-8"),
            };
            Ok(Rendered {
                body: body.into(),
                content_type,
                document: None,
            })
        },
    )
    .await
}

/// The goal section of a published period, as the publication froze it. A plan
/// published before it has results has no goal section to give.
async fn document(
    publication: &Publication,
    report: std::sync::Arc<Report>,
    format: riktning_export::Format,
) -> Result<Rendered, AppError> {
    if publication.period_id.is_none() {
        return Err(AppError::NotFound(format!(
            "the goal section of publication {}",
            publication.id
        )));
    }
    let bytes =
        crate::documents::render(report, format, riktning_export::Options { draft: false }).await?;
    Ok(Rendered {
        body: bytes.into(),
        content_type: format.media_type(),
        document: Some((format, crate::documents::public_file_name(format))),
    })
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn rfc3339(publication: &Publication) -> String {
    publication
        .published_at
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The DCAT-AP-SE catalogue in RDF/XML: the municipality's catalogue of goals and
/// results, with one dataset per current publication and its three distributions.
pub(crate) fn catalogue_rdf(
    base: &str,
    municipality: &str,
    licence: super::DataLicence,
    contact: Option<&str>,
    datasets: &[(&Publication, &Report)],
) -> String {
    const EU: &str = "http://publications.europa.eu/resource/authority";
    let publisher = format!("{base}/#utgivare");
    let mut out = String::new();
    out.push_str(&format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dcat="http://www.w3.org/ns/dcat#"
         xmlns:dcterms="http://purl.org/dc/terms/"
         xmlns:foaf="http://xmlns.com/foaf/0.1/"
         xmlns:vcard="http://www.w3.org/2006/vcard/ns#">
  <dcat:Catalog rdf:about="{base}/dcat.rdf">
    <dcterms:title xml:lang="sv">{name}: mål och resultat</dcterms:title>
    <dcterms:description xml:lang="sv">Kommunens publicerade mål, indikatorer och godkända bedömningar, ur Riktning.</dcterms:description>
    <dcterms:publisher rdf:resource="{publisher}"/>
    <dcterms:license rdf:resource="{licence}"/>
    <dcterms:language rdf:resource="{EU}/language/SWE"/>
    <foaf:homepage rdf:resource="{base}/"/>
"#,
        name = xml(municipality),
        licence = licence.url(),
    ));
    for (publication, _) in datasets {
        out.push_str(&format!(
            "    <dcat:dataset rdf:resource=\"{base}/publicering/{}\"/>\n",
            publication.id
        ));
    }
    out.push_str("  </dcat:Catalog>\n");
    out.push_str(&format!(
        "  <foaf:Agent rdf:about=\"{publisher}\">\n    <foaf:name xml:lang=\"sv\">{}</foaf:name>\n  </foaf:Agent>\n",
        xml(municipality)
    ));
    for (publication, report) in datasets {
        let page = format!("{base}/publicering/{}", publication.id);
        let issued = rfc3339(publication);
        let contact_point = match contact {
            Some(email) => format!(
                "<vcard:Organization><vcard:fn>{}</vcard:fn><vcard:hasEmail rdf:resource=\"mailto:{}\"/></vcard:Organization>",
                xml(municipality),
                xml(email)
            ),
            None => format!(
                "<vcard:Organization><vcard:fn>{}</vcard:fn><vcard:hasURL rdf:resource=\"{base}/tillganglighet\"/></vcard:Organization>",
                xml(municipality)
            ),
        };
        out.push_str(&format!(
            r#"  <dcat:Dataset rdf:about="{page}">
    <dcterms:title xml:lang="sv">{title}</dcterms:title>
    <dcterms:description xml:lang="sv">{description}</dcterms:description>
    <dcterms:publisher rdf:resource="{publisher}"/>
    <dcat:contactPoint>{contact_point}</dcat:contactPoint>
    <dcat:theme rdf:resource="{EU}/data-theme/GOVE"/>
    <dcat:keyword xml:lang="sv">mål- och resultatstyrning</dcat:keyword>
    <dcat:keyword xml:lang="sv">uppföljning</dcat:keyword>
    <dcterms:language rdf:resource="{EU}/language/SWE"/>
    <dcterms:issued rdf:datatype="http://www.w3.org/2001/XMLSchema#dateTime">{issued}</dcterms:issued>
    <dcat:landingPage rdf:resource="{page}"/>
"#,
            title = xml(&format!("{} – {}", municipality, title_of(report))),
            description = xml(&format!(
                "Mål, indikatorvärden och godkända bedömningar som {} publicerade, version {}.",
                municipality, publication.version
            )),
        ));
        for (file, format, media) in [
            ("data.json", "JSON", "application/json"),
            ("mal.csv", "CSV", "text/csv"),
            ("varden.csv", "CSV", "text/csv"),
        ] {
            out.push_str(&format!(
                r#"    <dcat:distribution>
      <dcat:Distribution rdf:about="{page}/{file}">
        <dcterms:title xml:lang="sv">{file}</dcterms:title>
        <dcat:accessURL rdf:resource="{page}/{file}"/>
        <dcat:downloadURL rdf:resource="{page}/{file}"/>
        <dcterms:format rdf:resource="{EU}/file-type/{format}"/>
        <dcat:mediaType rdf:resource="https://www.iana.org/assignments/media-types/{media}"/>
        <dcterms:license rdf:resource="{licence}"/>
      </dcat:Distribution>
    </dcat:distribution>
"#,
                licence = licence.url(),
            ));
        }
        out.push_str("  </dcat:Dataset>\n");
    }
    out.push_str("</rdf:RDF>\n");
    out
}

pub async fn catalogue<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let shared = state.clone();
    answer(
        &shared,
        &headers,
        PublicPage::Catalogue,
        move |published: std::sync::Arc<Published>| async move {
            let mut reports = Vec::new();
            for publication in published.current() {
                let (_, report) = open(&state, &published, publication.id).await?;
                reports.push((publication.clone(), report));
            }
            let datasets: Vec<(&Publication, &Report)> =
                reports.iter().map(|(p, r)| (p, r.as_ref())).collect();
            Ok(Rendered {
                body: catalogue_rdf(
                    &state.public_url,
                    &state.tenant.name,
                    state.data_licence,
                    state.data_contact.as_deref(),
                    &datasets,
                )
                .into(),
                content_type: "application/rdf+xml; charset=utf-8",
                document: None,
            })
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::{field, row};

    #[test]
    fn text_that_a_spreadsheet_would_run_is_kept_as_text() {
        assert_eq!(super::text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::text("-1+1"), "'-1+1");
        assert_eq!(super::text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(super::text("Andel elever"), "Andel elever");
    }

    #[test]
    fn csv_fields_are_quoted_only_when_they_must_be() {
        assert_eq!(field("Östersund"), "Östersund");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("säger \"hej\""), "\"säger \"\"hej\"\"\"");
        assert_eq!(field("två\nrader"), "\"två\nrader\"");
        assert_eq!(row(&["1".to_string(), "x,y".to_string()]), "1,\"x,y\"\r\n");
    }
}
