//! The words of the workbook the tool writes (docs/output.md): the names of its sheets, the
//! headers of its columns — written by the sinks and looked for again by the reader of an
//! earlier workbook —, the words for levels, outcomes, signals, statuses and owners, the notes on
//! its header cells, and the texts of the Samenvatting and the Verantwoording. The JSON and CSV
//! take the same words where they have words.

use super::Text;

catalogue! {
    SHEETS;
    // The sheets the tool adds, in the order of `TOOL_SHEETS`.
    SUMMARY_SHEET = "Samenvatting" / "Summary";
    MEASURES_SHEET = "Maatregelen" / "Measures";
    FINDINGS_SHEET = "Meldingen" / "Findings";
    AUDIT_SHEET = "Verantwoording" / "Audit trail";
    // The columns the tool adds to the scored sheet: a level per criterion (`Niveau` and the
    // rubric's name of the criterion), then the result columns of `RESULT_COLUMNS`.
    COL_LEVEL = "Niveau {}" / "Level {}";
    COL_RISK_SCORE = "Risicoscore" / "Risk score";
    COL_RISK_CLASS = "Risicoklasse" / "Risk class";
    COL_HIGH_COUNT = "Aantal hoog" / "High count";
    COL_DPIA_ADVICE = "DPIA-advies" / "DPIA advice";
    COL_SIGNALS = "Signalen" / "Signals";
    COL_RATIONALE = "Onderbouwing" / "Rationale";
    COL_DATA_QUALITY = "Datakwaliteit" / "Data quality";
    // The columns of Maatregelen: `COL_PRIORITY`, the `MEASURE_COLUMNS`, `COL_ROW`.
    COL_PRIORITY = "Prioriteit" / "Priority";
    COL_ACTIVITY_ID = "Activiteit-ID" / "Activity ID";
    COL_PROCESSING_ACTIVITY = "Verwerking" / "Processing activity";
    COL_CRITERION = "Criterium" / "Criterion";
    COL_MEASURE_ID = "Maatregel-ID" / "Measure ID";
    COL_MEASURE = "Maatregel" / "Measure";
    COL_OWNER = "Eigenaar (rol)" / "Owner (role)";
    COL_STATUS = "Status" / "Status";
    COL_DEADLINE = "Deadline" / "Deadline";
    COL_EVIDENCE = "Bewijsstuk" / "Evidence";
    COL_REMARKS = "Opmerkingen" / "Remarks";
    COL_SOURCE = "Bron" / "Source";
    COL_ROW = "Rij" / "Row";
    // The columns of Meldingen (with `COL_ROW` and `COL_ACTIVITY_ID`).
    COL_CELL = "Cel" / "Cell";
    COL_COLUMN = "Kolom" / "Column";
    COL_VALUE = "Waarde" / "Value";
    COL_FINDING = "Melding" / "Finding";
    // Levels, and the word for a level not known.
    LEVEL_NONE = "Geen" / "None";
    LEVEL_LOW = "Laag" / "Low";
    LEVEL_MEDIUM = "Midden" / "Medium";
    LEVEL_HIGH = "Hoog" / "High";
    LEVEL_UNKNOWN = "Onbekend" / "Unknown";
    // The DPIA outcomes.
    OUTCOME_REQUIRED = "DPIA verplicht" / "DPIA required";
    OUTCOME_RECOMMENDED = "DPIA aanbevolen" / "DPIA recommended";
    OUTCOME_NOT_REQUIRED = "Geen DPIA nodig" / "No DPIA needed";
    OUTCOME_INCOMPLETE = "Onvolledig" / "Incomplete";
    // The signals of the Signalen column.
    FLAG_DPIA_MISSING = "DPIA ontbreekt" / "DPIA missing";
    FLAG_REVIEW_DUE = "herbeoordeling nodig" / "review due";
    FLAG_CHANGED = "gewijzigd" / "changed";
    FLAG_ESCALATED = "risico gestegen" / "risk went up";
    FLAG_DERIVED = "afgeleid" / "derived";
    FLAG_TRANSFER = "doorgifte buiten EU/EER" / "transfer outside EU/EEA";
    FLAG_JUDGEMENT_DIFFERS = "eigen DPIA-oordeel wijkt af" / "own DPIA judgement differs";
    FLAG_NO_SIGNALS = "geen signalen" / "no signals";
    // A measure's status, in the order of `MEASURE_STATUSES` (docs/output.md#maatregelen).
    STATUS_OPEN = "open" / "open";
    STATUS_IN_PROGRESS = "in uitvoering" / "in progress";
    STATUS_DONE = "gerealiseerd" / "done";
    STATUS_NOT_APPLICABLE = "niet van toepassing" / "not applicable";
    STATUS_EXPIRED = "vervallen" / "expired";
    // The owners of measures, the Algoritmekader's roles: the Dutch word is the rubric's key.
    ROLE_PROCESS_OWNER = "proceseigenaar" / "process owner";
    ROLE_PRIVACY_OFFICER = "privacy-officer" / "privacy officer";
    ROLE_SECURITY_OFFICER = "security-officer" / "security officer";
    ROLE_DATA_ENGINEER = "data-engineer" / "data engineer";
    ROLE_DATA_SCIENTIST = "data-scientist" / "data scientist";
    ROLE_PROVIDER = "aanbieder" / "provider";
    ROLE_LEGAL_COUNSEL = "jurist" / "legal counsel";
    ROLE_ETHICIST = "ethicus" / "ethicist";
    ROLE_POLICY_OFFICER = "beleidsmedewerker" / "policy officer";
    // The notes on the tool's header cells: a level column's (with the criterion's name and
    // `NOTE_TAIL`), then one per result column in the order of `RESULT_NOTES`. The closing
    // sentence is how a later run knows the tool's notes where a program dropped their author.
    NOTE_TAIL = "Kolom van dpia-triage: wordt bij een nieuwe beoordeling opnieuw berekend."
        / "Column of dpia-triage: recalculated when the register is scored again.";
    NOTE_LEVEL = "Niveau van het criterium '{}' (Hoog, Midden, Laag, Geen of Onbekend), bepaald uit de invoer van deze rij. De reden staat in Onderbouwing.\n{}"
        / "Level of the criterion '{}' (High, Medium, Low, None or Unknown), determined from this row's input. The reason is in Rationale.\n{}";
    NOTE_RISK_SCORE = "Som van gewicht × punten over de tien criteria (Geen 0, Laag 1, Midden 2, Hoog 3); een onbekend criterium telt als 0."
        / "Sum of weight × points over the ten criteria (None 0, Low 1, Medium 2, High 3); an unknown criterion counts as 0.";
    NOTE_RISK_CLASS = "Risicoklasse uit het aantal criteria op Hoog en de score (drempels op het blad Verantwoording). Onvolledig wanneer onbekende criteria de klasse kunnen veranderen."
        / "Risk class from the number of criteria at High and the score (thresholds on the Audit trail sheet). Incomplete when unknown criteria could change the class.";
    NOTE_HIGH_COUNT = "Aantal criteria op Hoog." / "Number of criteria at High.";
    NOTE_DPIA_ADVICE = "DPIA verplicht (een categorie van de AP-lijst of twee of meer EDPB-criteria), aanbevolen (klasse Hoog of één EDPB-criterium), geen DPIA nodig, of onvolledig (ontbrekende invoer kan het advies veranderen)."
        / "DPIA required (an AP-list category or two or more EDPB criteria), recommended (class High or one EDPB criterion), not required, or incomplete (missing input could change the advice).";
    NOTE_SIGNALS = "Signalen: DPIA ontbreekt, herbeoordeling nodig, en bij een nieuwe beoordeling gewijzigd en risico gestegen, met wat er veranderde."
        / "Signals: DPIA missing, review due, and on a new assessment changed and escalated, with what changed.";
    NOTE_RATIONALE = "Per criterium de invoer en de regel die het niveau gaf, en de reden van het DPIA-advies."
        / "Per criterion the input and the rule that gave its level, and the reason for the DPIA advice.";
    NOTE_DATA_QUALITY = "Cellen van deze rij die niet gelezen konden worden, met celverwijzing en wat werd verwacht; ook op het blad Meldingen."
        / "Cells of this row that could not be read, with their reference and what was expected; also on the Findings sheet.";
    // The Onderbouwing cell: the advice's reason before the criteria's.
    ADVICE = "Advies" / "Advice";
    // The Samenvatting (docs/output.md#samenvatting).
    SUMMARY_TITLE = "Samenvatting DPIA-triage" / "DPIA triage summary";
    SUMMARY_OF = "{}, blad '{}'" / "{}, sheet '{}'";
    COUNT = "Aantal" / "Count";
    INCOMPLETE_MOST_URGENT = "Onvolledig, meest urgent eerst (naar wat tekst en waarden zeggen)"
        / "Incomplete, most urgent first (by what text and values say)";
    WEIGHT = "Gewicht" / "Weight";
    WITHOUT_SIGNALS = "geen signalen: {} activiteit(en); tekst en waarden zeggen niets in de richting van een DPIA: te bevestigen"
        / "no signals: {} activit(y/ies); text and values say nothing towards a DPIA: to confirm";
    DEPARTMENT = "Afdeling" / "Department";
    ACTIVITIES = "Activiteiten" / "Activities";
    MISSING_INPUT_DECIDES = "Ontbrekende invoer die het advies bepaalt" / "Missing input that decides the advice";
    DATA_QUALITY_FINDINGS = "meldingen datakwaliteit" / "data-quality findings";
    MEASURES_ASSIGNED = "maatregelen toegewezen" / "measures assigned";
    ACTIVITIES_ASSESSED = "activiteiten beoordeeld" / "activities assessed";
    ROWS_NOT_LISTED = "regels niet op Maatregelen/Meldingen (blad vol; zie --format json)"
        / "rows not on Measures/Findings (sheet full; see --format json)";
    OPEN_MEASURES_PER_OWNER = "Openstaande maatregelen per eigenaar (open of in uitvoering)"
        / "Open measures per owner (open or in progress)";
    LEVELS_PER_CRITERION = "Niveaus per criterium" / "Levels per criterion";
    DPIA_NOT_RECORDED = "DPIA verplicht of aanbevolen, niet vastgelegd" / "DPIA required or recommended, not recorded";
    ACTIVITY = "Activiteit" / "Activity";
    ID = "ID" / "ID";
    NONE_LISTED = "(geen)" / "(none)";
    MORE_FILTER_ON_SIGNALS = "… en {} meer (filter op Signalen)" / "… and {} more (filter on Signals)";
    AND_MORE = "… en {} meer" / "… and {} more";
    HIGHEST_RISK_SCORES = "Hoogste risicoscores" / "Highest risk scores";
    COMPARED_WITH = "Vergeleken met {}" / "Compared with {}";
    NEW_ACTIVITIES_COUNT = "nieuwe activiteiten" / "new activities";
    REMOVED_ACTIVITIES_COUNT = "verdwenen activiteiten" / "removed activities";
    NEW_ACTIVITIES = "Nieuwe activiteiten" / "New activities";
    REMOVED_ACTIVITIES = "Verdwenen activiteiten" / "Removed activities";
    // The Verantwoording (docs/output.md#verantwoording): the item column's words, and how the
    // workbook was made.
    AUDIT_ITEM = "Gegeven" / "Item";
    AUDIT_INPUT_FILE = "Invoerbestand" / "Input file";
    AUDIT_SIZE = "Grootte (bytes)" / "Size (bytes)";
    AUDIT_INPUT_SHA256 = "Invoer SHA-256" / "Input SHA-256";
    AUDIT_SCORED_SHEET = "Blad" / "Sheet";
    AUDIT_HEADER_ROW = "Koprij" / "Header row";
    AUDIT_TIMESTAMP = "Tijdstip (UTC)" / "Timestamp (UTC)";
    AUDIT_ACTIVITIES = "Activiteiten beoordeeld" / "Activities assessed";
    AUDIT_FINDINGS = "Meldingen" / "Findings";
    AUDIT_WORKBOOK = "Werkmap" / "Workbook";
    AUDIT_SHEET_RENAMED = "Bladnaam aangepast" / "Sheet renamed";
    WORKBOOK_IN_PLACE = "de eigen werkmap, aangevuld: opmaak, keuzelijsten, notities, namen, tabellen, afdrukinstellingen en macro's van de gebruiker blijven zoals ze waren"
        / "the user's own workbook, with additions: its formatting, dropdowns, notes, names, tables, print settings and macros stay as they were";
    WORKBOOK_REBUILT = "opnieuw opgebouwd uit de waarden: opmaak en kolombreedtes worden uit {} niet overgenomen ({})"
        / "rebuilt from the values: formatting and column widths are not carried over from {} ({})";
    REBUILT_FROM_STRICT = "een werkmap in Strict Open XML" / "a Strict Open XML workbook";
    REBUILT_FROM_KIND = "een .{}-bestand" / "a .{} file";
    KEPT_FROM_CSV = "de waarden wel" / "the values are";
    KEPT_FROM_XLS = "waarden, formules, datums en samengevoegde cellen wel" / "values, formulas, dates and merged cells are";
    KEPT_FROM_OTHER = "waarden, formules en datums wel" / "values, formulas and dates are";
}

/// The sheets the tool adds, in their order: Samenvatting, Maatregelen, Meldingen,
/// Verantwoording (the order of `input::marker::MARK_SHEETS`).
pub const TOOL_SHEETS: [Text; 4] = [SUMMARY_SHEET, MEASURES_SHEET, FINDINGS_SHEET, AUDIT_SHEET];

/// The result columns after the level columns on the scored sheet, in order.
pub const RESULT_COLUMNS: [Text; 7] = [
    COL_RISK_SCORE,
    COL_RISK_CLASS,
    COL_HIGH_COUNT,
    COL_DPIA_ADVICE,
    COL_SIGNALS,
    COL_RATIONALE,
    COL_DATA_QUALITY,
];

/// The notes on the result columns, in the order of `RESULT_COLUMNS`.
pub const RESULT_NOTES: [Text; 7] = [
    NOTE_RISK_SCORE,
    NOTE_RISK_CLASS,
    NOTE_HIGH_COUNT,
    NOTE_DPIA_ADVICE,
    NOTE_SIGNALS,
    NOTE_RATIONALE,
    NOTE_DATA_QUALITY,
];

/// The Maatregelen sheet's own columns as the tool writes them, in order: the writer's headers,
/// and what the reader of an earlier workbook looks for (normalised, so `Eigenaar (rol)` is found
/// as `eigenaar`). The writer puts `COL_PRIORITY` before them and `COL_ROW` after them; both are
/// written anew, never carried.
pub const MEASURE_COLUMNS: [Text; 11] = [
    COL_ACTIVITY_ID,
    COL_PROCESSING_ACTIVITY,
    COL_CRITERION,
    COL_MEASURE_ID,
    COL_MEASURE,
    COL_OWNER,
    COL_STATUS,
    COL_DEADLINE,
    COL_EVIDENCE,
    COL_REMARKS,
    COL_SOURCE,
];

/// The Meldingen sheet's columns, in order.
pub const FINDING_COLUMNS: [Text; 6] = [
    COL_ROW,
    COL_ACTIVITY_ID,
    COL_CELL,
    COL_COLUMN,
    COL_VALUE,
    COL_FINDING,
];

/// A measure's statuses: open, in progress, done, not applicable, and expired for a measure that
/// no longer applies (docs/output.md#maatregelen).
pub const MEASURE_STATUSES: [Text; 5] = [
    STATUS_OPEN,
    STATUS_IN_PROGRESS,
    STATUS_DONE,
    STATUS_NOT_APPLICABLE,
    STATUS_EXPIRED,
];

/// The owners' roles the rubric may name, each with its English word.
pub const ROLES: [Text; 9] = [
    ROLE_PROCESS_OWNER,
    ROLE_PRIVACY_OFFICER,
    ROLE_SECURITY_OFFICER,
    ROLE_DATA_ENGINEER,
    ROLE_DATA_SCIENTIST,
    ROLE_PROVIDER,
    ROLE_LEGAL_COUNSEL,
    ROLE_ETHICIST,
    ROLE_POLICY_OFFICER,
];
