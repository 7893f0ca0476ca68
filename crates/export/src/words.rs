//! The goal section's words. Documents are written in the plan's language, Swedish
//! (the report model's `language`); the English workspace still exports Swedish
//! documents, since they go into a Swedish annual report.

pub const TITLE: &str = "Måluppfyllelse";
pub const TITLE_PLAN: &str = "Mål";
pub const INTRO_PERIOD: &str = "Avsnittet redovisar hur kommunfullmäktiges mål har uppfyllts i";
pub const INTRO_PLAN: &str = "Avsnittet redovisar kommunfullmäktiges mål, innan de har följts upp.";
pub const INTRO_APPROVED: &str = "Varje bedömning är gjord av den ansvariga nämnden eller styrelsen och godkänd innan den togs med här. Riktnings förslag till bedömning och regeln bakom det står vid varje mål.";
pub const DRAFT: &str = "Utkast";
pub const DRAFT_NOTE: &str =
    "Utkast: perioden är inte godkänd och publicerad. Innehållet kan ändras.";
pub const SUMMARY: &str = "Sammanfattning";
pub const DECISION: &str = "Beslut";
pub const DECISION_ADOPTED: &str = "antog";
pub const CASE_NUMBER: &str = "dnr";
pub const NO_DECISION: &str = "Planen har inget registrerat beslut.";
pub const GOAL: &str = "Mål";
pub const KIND: &str = "Typ";
pub const ASSESSMENT: &str = "Bedömning";
pub const NOT_ASSESSED: &str = "Ingen godkänd bedömning";
pub const OPERATIONAL: &str = "Verksamhetsmål";
pub const FINANCIAL: &str = "Finansiellt mål";
pub const RESPONSIBLE: &str = "Ansvarig";
pub const ANALYSIS: &str = "Analys";
pub const ACTIONS: &str = "Åtgärder";
pub const SUGGESTION: &str = "Riktnings förslag";
pub const DEVIATION: &str = "Skäl till avvikelse från förslaget";
pub const APPROVED_BY: &str = "Godkänd av";
pub const INDICATORS: &str = "Indikatorer";
pub const YEAR: &str = "år";
pub const YEAR_COLUMN: &str = "År";
pub const WOMEN: &str = "Kvinnor";
pub const MEN: &str = "Män";
pub const GROUP: &str = "Jämförelsegrupp";
pub const COUNTRY: &str = "Riket";
pub const TARGET: &str = "Mål";
pub const TARGET_VALUE: &str = "Målvärde";
pub const FORECAST: &str = "Prognos";
pub const CHART_OF: &str = "Diagram";
pub const ALT_LINE_CHART: &str = "Linjediagram:";
pub const ALT_LINES: &str = "Linjer";
pub const SOURCE_KOLADA: &str = "Källa: Kolada";
pub const SOURCE_MIXED: &str = "vissa värden är kommunens egna uppgifter";
pub const SOURCE_OWN: &str = "Källa: kommunens egna uppgifter";
pub const KPI: &str = "nyckeltal";
pub const NO_VALUES: &str = "Inga värden ännu.";
pub const COMMITMENTS: &str = "Åtaganden och uppdrag";
pub const CONTRIBUTIONS: &str = "Nämndernas och bolagens bidrag";
pub const SOURCES: &str = "Källor";
pub const NO_SOURCES: &str = "Avsnittet har inga indikatorer.";
pub const METHOD: &str = "Metod";
pub const METHOD_LEVELS: &str = "Målen bedöms på skalan";
pub const METHOD_SUGGESTION_1: &str =
    "Riktning föreslår en bedömning utifrån målets indikatorer: uppfyllt när minst";
pub const METHOD_SUGGESTION_2: &str = "av indikatorerna (viktade) har nått sitt målvärde eller är på väg att nå det i tid, delvis uppfyllt från";
pub const METHOD_SUGGESTION_3: &str = "och annars ej uppfyllt. En indikator utan värden räknas som inte uppnådd. Utan några värden alls blir förslaget ej bedömt.";
pub const METHOD_ROLLUP_MAJORITY: &str = "Kommunfullmäktiges mål får den nivå som mer än hälften av nämndernas och bolagens godkända bedömningar (efter vikt) når; vid jämn fördelning väljs den lägre nivån.";
pub const METHOD_ROLLUP_WORST: &str = "Kommunfullmäktiges mål får den lägsta nivån bland nämndernas och bolagens godkända bedömningar.";
pub const METHOD_APPROVAL: &str = "Förslaget är bara ett förslag: en person bedömer varje mål, skriver en analys och anger skäl när bedömningen avviker från förslaget. Bedömningen godkänns sedan innan den redovisas.";
pub const EVALUATION: &str = "Utvärdering av god ekonomisk hushållning";
pub const EVALUATION_INTRO: &str = "Enligt lagen om kommunal bokföring och redovisning ska förvaltningsberättelsen utvärdera om målen för god ekonomisk hushållning har uppnåtts, både verksamhetsmålen och de finansiella målen.";
pub const COUNT_MET: &str = "Uppfyllda";
pub const COUNT_PARTLY: &str = "Delvis uppfyllda";
pub const COUNT_NOT_MET: &str = "Ej uppfyllda";
pub const COUNT_NOT_ASSESSED: &str = "Ej bedömda";
pub const COUNT_TOTAL: &str = "Totalt";
pub const VERDICT_SUGGESTED: &str = "Riktnings förslag till samlad bedömning";
pub const CONCLUSION: &str = "Slutsats";
/// Before the page number in a printed sheet's footer: "Sida 3 / 7".
pub const PAGE: &str = "Sida";
pub const CONCLUSION_VERDICT: &str = "Samlad bedömning";
pub const CONCLUSION_WRITTEN_BY: &str = "Skriven av";
pub const CONCLUSION_MISSING: &str =
    "Ingen slutsats om god ekonomisk hushållning är skriven för perioden ännu.";
pub const VERDICT_CANNOT_SAY: &str =
    "Det går inte att bedöma ännu: inget mål har en godkänd bedömning";
pub const VERDICT_RULE: &str = "Regel: uppnådd när alla finansiella mål är uppfyllda och mer än hälften av verksamhetsmålen är uppfyllda eller delvis uppfyllda; inte uppnådd när mer än hälften av målen av något slag inte är uppfyllda (ett mål utan godkänd bedömning räknas som inte uppfyllt); annars delvis uppnådd.";
pub const VERDICT_RULE_NO_FINANCIAL: &str =
    "Planen har inga finansiella mål, så förslaget bygger bara på verksamhetsmålen.";

/// A commitment's reported status in words.
pub fn commitment_status(status: &str) -> &'static str {
    match status {
        "started" => "Påbörjat",
        "done" => "Genomfört",
        "cancelled" => "Avbrutet",
        _ => "Ej påbörjat",
    }
}
