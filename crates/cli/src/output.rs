//! What the command line prints for people (JSON output is printed by the commands).

/// `println!` that returns the write error instead of panicking, so that a closed pipe
/// (`riktning goals | head`) ends the program quietly. What it prints goes through
/// [`for_terminal`], so stored text cannot drive the terminal.
macro_rules! say {
    ($($arg:tt)*) => {
        writeln!(
            std::io::stdout().lock(),
            "{}",
            $crate::output::for_terminal(&format!($($arg)*))
        )?
    };
}
pub(crate) use say;

/// `text` with the characters that act on a terminal instead of showing written out as
/// `\uXXXX`: escape and the other C0 and C1 controls but line feed and tab, DEL, and
/// the bidirectional overrides and isolates that reorder what is shown. The store
/// refuses control characters, but text stored before that rule, or written to the
/// database by other means, must not clear the screen or rewrite a line. The form is
/// also a valid JSON escape, so JSON output stays JSON.
pub fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !has_acting_bytes(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acts_on_terminal(c) {
            out.push_str(&format!("\\u{:04X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `text` holds a character that [`acts_on_terminal`], found from its UTF-8
/// bytes: nearly all output has none, and checking bytes is several times faster
/// than decoding characters, which showed on long JSON output. The C1 controls are
/// `C2 80`–`C2 9F`, the overrides `E2 80 AA`–`E2 80 AE` and the isolates
/// `E2 81 A6`–`E2 81 A9`.
fn has_acting_bytes(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &byte)| match byte {
        b'\n' | b'\t' => false,
        0x00..=0x1f | 0x7f => true,
        0xc2 => bytes
            .get(i + 1)
            .is_some_and(|next| (0x80..=0x9f).contains(next)),
        0xe2 => matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        ),
        _ => false,
    })
}

use riktning_domain::{
    AuditEvent, Comparator, Plan, PlanDraft, TextTargetDraft, format_number_trimmed,
};
use riktning_store::ImportOutcome;

use std::io::{Result, Write};

use crate::commands::show::PlanView;

fn comparator_sign(comparator: Option<Comparator>) -> &'static str {
    match comparator {
        Some(Comparator::AtLeast) => "≥ ",
        Some(Comparator::AtMost) => "≤ ",
        Some(Comparator::MoreThan) => "> ",
        Some(Comparator::LessThan) => "< ",
        Some(Comparator::Equal) => "= ",
        None => "",
    }
}

fn describe_target(
    text: &str,
    comparator: Option<Comparator>,
    value: Option<f64>,
    unit: Option<&str>,
    year: Option<i32>,
) -> String {
    let mut parts = Vec::new();
    if let Some(value) = value {
        let unit = unit.map(|u| format!(" {u}")).unwrap_or_default();
        parts.push(format!(
            "{}{}{unit}",
            comparator_sign(comparator),
            format_number_trimmed(value, 2)
        ));
    }
    if let Some(year) = year {
        parts.push(format!("år {year}"));
    }
    format!("“{text}” ({})", parts.join(", "))
}

fn draft_target(target: &TextTargetDraft) -> String {
    describe_target(
        &target.text,
        target.comparator,
        target.value,
        target.unit.as_deref(),
        target.year,
    )
}

fn first_line(text: &str, width: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= width {
        flat
    } else {
        let cut: String = flat.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

pub fn print_draft(draft: &PlanDraft) -> Result<()> {
    let commitments: usize = draft.goals.iter().map(|g| g.commitments.len()).sum();
    let targets: usize = draft.goals.iter().map(|g| g.targets.len()).sum();
    say!(
        "{} — draft from {}",
        draft.title,
        draft.source_name.as_deref().unwrap_or("?")
    );
    say!(
        "{} goals, {commitments} commitments, {targets} text targets\n",
        draft.goals.len()
    );
    for goal in &draft.goals {
        let short = goal
            .short_name
            .as_deref()
            .map(|s| format!(" {s}"))
            .unwrap_or_default();
        let category = goal
            .category
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        let parent = goal
            .parent
            .as_deref()
            .map(|p| format!(" (under {p})"))
            .unwrap_or_default();
        let kind = if goal.area { " area" } else { "" };
        say!(
            "{}{kind}{short}{category}{parent} (line {})",
            goal.code,
            line_of(goal.line)
        );
        say!("    {}", first_line(&goal.statement, 100));
        if goal.confidence.is_doubtful() {
            say!(
                "    Doubtful ({} %): {}",
                goal.confidence.0,
                goal.doubt
                    .as_deref()
                    .map_or("", riktning_domain::doubt_in_english)
            );
        }
        if let Some(heading) = &goal.heading {
            say!("    Heading: {heading}");
        }
        say!(
            "    {} commitments, {} paragraphs of text",
            goal.commitments.len(),
            goal.text
                .split("\n\n")
                .filter(|p| !p.trim().is_empty())
                .count()
        );
        for (number, target) in goal.targets.iter().enumerate() {
            let kind = match &target.indicator {
                Some(indicator) => format!("Indicator “{indicator}”, target"),
                None => "Target".to_string(),
            };
            say!("    {kind} {}: {}", number + 1, draft_target(target));
            if target.confidence.is_doubtful() {
                say!(
                    "      Doubtful ({} %): {}",
                    target.confidence.0,
                    target
                        .doubt
                        .as_deref()
                        .map_or("", riktning_domain::doubt_in_english)
                );
            }
        }
    }
    if !draft.not_used.is_empty() {
        say!("\nNot used ({}):", draft.not_used.len());
        for unused in &draft.not_used {
            say!(
                "  line {} ({}): {}",
                unused.line,
                unused.reason.key(),
                first_line(&unused.text, 90)
            );
        }
    }
    print_warnings(&draft.warnings)?;
    Ok(())
}

fn line_of(line: Option<usize>) -> String {
    line.map_or_else(|| "?".to_string(), |l| l.to_string())
}

pub fn print_warnings(warnings: &[riktning_domain::DraftWarning]) -> Result<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    say!("\nCheck these ({}):", warnings.len());
    for warning in warnings {
        say!("  - {warning}");
    }
    Ok(())
}

pub fn print_import(
    outcome: &ImportOutcome,
    warnings: &[riktning_domain::DraftWarning],
) -> Result<()> {
    let verb = if outcome.replaced {
        "Updated"
    } else {
        "Imported"
    };
    say!(
        "{verb} “{}” (plan {}): {} goals, {} commitments, {} text targets.",
        outcome.plan.title,
        outcome.plan.id,
        outcome.goals,
        outcome.commitments,
        outcome.targets
    );
    if outcome.replaced {
        if outcome.changes.is_empty() {
            say!("Nothing changed: the stored plan already matches the document.");
        } else {
            say!("Changes ({}):", outcome.changes.len());
            for change in &outcome.changes {
                say!("  - {change}");
            }
        }
    }
    print_warnings(warnings)?;
    Ok(())
}

pub fn print_plans(plans: &[Plan]) -> Result<()> {
    if plans.is_empty() {
        say!("No plans yet. Import a budget document with `riktning import FILE`.");
        return Ok(());
    }
    say!(
        "{:>4}  {:<32} {:<11} {:<8} source",
        "id",
        "title",
        "years",
        "status"
    );
    // The list comes with the current plan first: the one commands use by default.
    for (index, plan) in plans.iter().enumerate() {
        let years = if plan.first_year == plan.last_year {
            plan.first_year.to_string()
        } else {
            format!("{}–{}", plan.first_year, plan.last_year)
        };
        say!(
            "{:>4}  {:<32} {:<11} {:<8} {}",
            plan.id,
            first_line(&plan.title, 32),
            years,
            plan.status,
            plan.source_name.as_deref().unwrap_or("")
        );
        if index == 0 && plans.len() > 1 {
            say!("      (current: the default wherever a command takes --plan)");
        }
    }
    Ok(())
}

pub fn print_plan(view: &PlanView) -> Result<()> {
    let plan = &view.plan;
    let commitments: usize = view.goals.iter().map(|g| g.commitments.len()).sum();
    say!("{} ({}, {})", plan.title, plan.first_year, plan.status);
    say!("{} goals, {commitments} commitments\n", view.goals.len());
    for entry in &view.goals {
        let goal = &entry.goal;
        let short = goal
            .short_name
            .as_deref()
            .map(|s| format!(" {s}"))
            .unwrap_or_default();
        let category = goal
            .category
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        say!("{}{short}{category}", goal.code);
        say!("    {}", first_line(&goal.statement, 100));
        if let Some(heading) = &goal.heading {
            say!("    Heading: {heading}");
        }
        let done = entry
            .commitments
            .iter()
            .filter(|c| c.status == riktning_domain::CommitmentStatus::Done)
            .count();
        say!("    {} commitments ({done} done)", entry.commitments.len());
        for target in &entry.targets {
            say!(
                "    Target: {}",
                describe_target(
                    &target.text,
                    target.comparator,
                    target.value,
                    target.unit.as_deref(),
                    target.year
                )
            );
        }
    }
    Ok(())
}

pub fn print_audit(events: &[AuditEvent]) -> Result<()> {
    if events.is_empty() {
        say!("No events.");
        return Ok(());
    }
    for event in events {
        let at = event
            .at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|_| event.at.to_string());
        let reason = event
            .reason
            .as_deref()
            .map(|r| format!(" — {r}"))
            .unwrap_or_default();
        say!(
            "{at}  {:<7} {} {} by {}{reason}",
            event.action,
            event.entity,
            event.entity_id,
            event.actor
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{acts_on_terminal, for_terminal, has_acting_bytes};

    #[test]
    fn the_byte_check_agrees_with_the_character_rule() {
        for code in (0..0x3000).chain(0xfff0..0x10000).chain(0x1f600..0x1f610) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("å{c}–");
            assert_eq!(has_acting_bytes(&text), acts_on_terminal(c), "U+{code:04X}");
        }
    }

    #[test]
    fn stored_text_cannot_drive_the_terminal() {
        assert_eq!(
            for_terminal("Trygg kommun\n\tmed tabb"),
            "Trygg kommun\n\tmed tabb"
        );
        assert_eq!(
            for_terminal("Mål\u{1b}[2J\u{1b}]0;titel\u{7}"),
            "Mål\\u001B[2J\\u001B]0;titel\\u0007"
        );
        assert_eq!(
            for_terminal("a\rb\u{9b}c\u{7f}"),
            "a\\u000Db\\u009Bc\\u007F"
        );
        assert_eq!(for_terminal("x\u{202e}y"), "x\\u202Ey");
        let json = serde_json::to_string(&"a\u{202e}b\u{1b}").expect("json");
        let shown = for_terminal(&json);
        let back: String = serde_json::from_str(&shown).expect("still JSON");
        assert_eq!(back, "a\u{202e}b\u{1b}");
    }
}
