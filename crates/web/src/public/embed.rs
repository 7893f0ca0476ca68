//! A goal's status for the municipality's own website:
//!
//! - a small page made to sit in an `iframe`, always showing the goal's status in the
//!   most recently published period that holds it (`/inbadda/mal/{goal}`, the one
//!   address another site may frame);
//! - an SVG badge of one publication's status
//!   (`/publicering/{id}/mal/{goal}/status.svg`), which never changes, so that the
//!   `alt` text written beside it stays true.
//!
//! The goal page shows the code to copy for both.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use riktning_domain::Id;
use riktning_publish::Report;
use riktning_store::Store;

use super::chrome::{PublicChrome, html, title_of};
use super::view::{Status, status_of};
use super::{PublicPage, Rendered, answer, open};
use crate::extract::Path;
use crate::i18n::{Lang, text};
use crate::{AppError, Shared};

/// Addresses under this prefix may be framed by any site; every other answer says
/// `frame-ancestors 'none'`.
pub const EMBED_HOME: &str = "/inbadda";

/// What a badge says about a goal: its name ("Mål 1.4") and its status, as symbol
/// and words, and as words alone (for an `alt` text).
pub(super) fn status_words(
    report: &Report,
    goal: Id,
    lang: Lang,
) -> Option<(String, String, String)> {
    let part = report.goal(goal)?;
    let name = format!("{} {}", text(lang, "public-goal"), part.code);
    Some(match status_of(report, part, lang) {
        Some(status) => (
            name,
            format!("{} {}", status.symbol, status.label),
            status.label,
        ),
        None => {
            let words = text(lang, "public-not-assessed").to_string();
            (name, words.clone(), words)
        }
    })
}

/// The code another website copies to show the goal's status: a frame that follows
/// the newest publication, and one publication's badge with its words as `alt`.
pub(super) fn embed_code(
    public_url: &str,
    publication: Id,
    report: &Report,
    goal: Id,
    lang: Lang,
) -> Option<(String, String)> {
    let (name, _, words) = status_words(report, goal, lang)?;
    let frame = format!(
        r#"<iframe src="{public_url}{EMBED_HOME}/mal/{goal}" title="{} – {}" width="360" height="160"></iframe>"#,
        escape(&name),
        escape(&report.municipality),
    );
    let page = format!("{public_url}/publicering/{publication}/mal/{goal}");
    let badge = format!(
        r#"<a href="{page}"><img src="{page}/status.svg" alt="{}: {} ({})"></a>"#,
        escape(&name),
        escape(&words),
        escape(&title_of(report)),
    );
    Some((frame, badge))
}

/// The badge: the goal's code and its status as symbol and words, with the level's
/// colour as a swatch beside them (never the colour alone), and a `title` for
/// screen readers when the SVG is used inline.
fn badge_svg(report: &Report, goal: Id, lang: Lang) -> Option<String> {
    let part = report.goal(goal)?;
    let (name, status, _) = status_words(report, goal, lang)?;
    let colour = status_of(report, part, lang)
        .map(|s| s.class.trim_start_matches("c-").to_string())
        .filter(|hex| hex.len() == 6)
        .unwrap_or_else(|| "767676".to_string());
    let label = format!("{name}: {status}");
    let escaped = escape(&label);
    let context = escape(&format!("{}, {}", report.municipality, title_of(report)));
    // Wide enough for the words at 13 px in a sans-serif face: about 7.5 px a character.
    let width = 40 + (label.chars().count() as u32) * 15 / 2;
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="28" viewBox="0 0 {width} 28" role="img" aria-labelledby="t d"><title id="t">{escaped}</title><desc id="d">{context}</desc><rect x="0.5" y="0.5" width="{w}" height="27" rx="4" fill="#ffffff" stroke="#595959"/><rect x="8" y="8" width="12" height="12" rx="2" fill="#{colour}"/><text x="28" y="18.5" font-family="system-ui, sans-serif" font-size="13" fill="#1a1a1a">{escaped}</text></svg>"##,
        w = width - 1,
    ))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One publication's badge for a goal.
pub async fn badge<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    Path((id, goal)): Path<(Id, Id)>,
) -> Result<Response, AppError> {
    // The badge is drawn in the plan's own language whoever asks, so that it is the
    // same for every visitor of the site that embeds it and matches its alt text.
    let lang = Lang::Sv;
    let shared = state.clone();
    answer(
        &shared,
        &headers,
        PublicPage::Badge(id, goal),
        move |published| async move {
            let (_, report) = open(&state, &published, id).await?;
            let svg = badge_svg(&report, goal, lang)
                .ok_or_else(|| AppError::NotFound(format!("goal {goal}")))?;
            Ok(Rendered {
                body: svg.into(),
                content_type: "image/svg+xml",
                document: None,
            })
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "public/embed.html")]
struct FramePage {
    chrome: PublicChrome,
    code: String,
    statement: String,
    status: Option<Status>,
    period: String,
    href: String,
}

/// The current status of a goal, made to be framed.
pub async fn snippet<S: Store>(
    State(state): State<Shared<S>>,
    headers: HeaderMap,
    Path(goal): Path<Id>,
) -> Result<Response, AppError> {
    let lang = Lang::from_request(&headers);
    let shared = state.clone();
    answer(
        &shared,
        &headers,
        PublicPage::Snippet(goal, lang),
        move |published| async move {
            for publication in published.current() {
                let (_, report) = open(&state, &published, publication.id).await?;
                let Some(part) = report.goal(goal) else {
                    continue;
                };
                let mut chrome = PublicChrome::new(
                    &state,
                    lang,
                    format!("{} {}", text(lang, "public-goal"), part.code),
                    format!("{EMBED_HOME}/mal/{goal}"),
                );
                chrome.content_lang = report.language.clone();
                return html(&FramePage {
                    code: part.code.clone(),
                    statement: part.statement.clone(),
                    status: status_of(&report, part, lang),
                    period: title_of(&report),
                    href: format!("/publicering/{}/mal/{goal}", publication.id),
                    chrome,
                });
            }
            Err(AppError::NotFound(format!("goal {goal}")))
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn text_in_the_badge_cannot_break_out_of_it() {
        assert_eq!(
            escape(r#"<script>"x" & y"#),
            "&lt;script&gt;&quot;x&quot; &amp; y"
        );
    }
}
