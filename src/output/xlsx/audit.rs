//! The Verantwoording sheet (docs/output.md#verantwoording): the audit trail of a run: the tool,
//! the input's name, size and hash, the sheet and why, the rubric with its fingerprint and every
//! threshold in force.

use super::*;

/// Width of the Verantwoording's value column.
const AUDIT_VALUE_WIDTH: f64 = 100.0;

impl XlsxSink {
    pub(super) fn write_audit(&mut self, summary: &Summary, input: &Fingerprint) -> Result<()> {
        let l = self.lang;
        let rubric = Arc::clone(&self.rubric);
        let info = self.info.clone();
        let (title, header) = (
            self.formats.title.clone(),
            self.formats.added_header.clone(),
        );
        let wrap = self.formats.wrap_top.clone();
        let in_place = self.inplace.is_some();
        let ws = self.workbook.add_worksheet();
        ws.set_name(&self.added_names[3])?;
        ws.set_column_width(0, 42.0)?;
        ws.set_column_width(1, AUDIT_VALUE_WIDTH)?;
        ws.write_string_with_format(0, 0, l.word("Verantwoording", "Audit trail"), &title)?;
        let mut rows: Vec<(String, String)> = vec![
            ("Tool".into(), format!("dpia-triage {}", info.version)),
            (
                "Rubric".into(),
                format!("{} {}", rubric.meta.name, rubric.meta.version),
            ),
            ("Rubric SHA-256".into(), rubric.sha256.clone()),
            (
                l.word("Invoerbestand", "Input file").into(),
                info.shown_name(),
            ),
            (
                l.word("Grootte (bytes)", "Size (bytes)").into(),
                input.size.to_string(),
            ),
            (
                l.word("Invoer SHA-256", "Input SHA-256").into(),
                input.sha256.clone(),
            ),
            (
                l.word("Blad", "Sheet").into(),
                format!("{} ({})", info.sheet, info.sheet_choice.text(l)),
            ),
            (
                l.word("Koprij", "Header row").into(),
                info.header_row.to_string(),
            ),
            (
                l.word("Tijdstip (UTC)", "Timestamp (UTC)").into(),
                info.timestamp.format("%Y-%m-%d %H:%M:%S").to_string(),
            ),
            (
                l.word("Activiteiten beoordeeld", "Activities assessed")
                    .into(),
                summary.rows.to_string(),
            ),
            (
                l.word("Meldingen", "Findings").into(),
                summary.findings.to_string(),
            ),
        ];
        let kind = info
            .input_path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        rows.push((
            l.word("Werkmap", "Workbook").into(),
            if in_place {
                l.word(
                    "de eigen werkmap, aangevuld: opmaak, keuzelijsten, notities, namen, tabellen, afdrukinstellingen en macro's van de gebruiker blijven zoals ze waren",
                    "the user's own workbook, with additions: its formatting, dropdowns, notes, names, tables, print settings and macros stay as they were",
                )
                .to_string()
            } else {
                // What each reader gives besides values (docs/output.md#workbook): merged ranges only from
                // .xls; no column widths from any of these formats.
                let (kept_nl, kept_en) = match kind.as_str() {
                    "csv" => ("de waarden wel", "the values are"),
                    "xls" => (
                        "waarden, formules, datums en samengevoegde cellen wel",
                        "values, formulas, dates and merged cells are",
                    ),
                    _ => ("waarden, formules en datums wel", "values, formulas and dates are"),
                };
                // An xlsx is rebuilt only when it is Strict Open XML.
                let (from_nl, from_en) = match kind.as_str() {
                    "xlsx" | "xlsm" => (
                        "een werkmap in Strict Open XML".to_string(),
                        "a Strict Open XML workbook".to_string(),
                    ),
                    _ => (format!("een .{kind}-bestand"), format!("a .{kind} file")),
                };
                match l {
                    Lang::Nl => format!("opnieuw opgebouwd uit de waarden: opmaak en kolombreedtes worden uit {from_nl} niet overgenomen ({kept_nl})"),
                    Lang::En => format!("rebuilt from the values: formatting and column widths are not carried over from {from_en} ({kept_en})"),
                }
            },
        ));
        for (from, to) in &self.renamed {
            rows.push((
                l.word("Bladnaam aangepast", "Sheet renamed").into(),
                format!("'{from}' → '{to}'"),
            ));
        }
        rows.extend(crate::rubric::thresholds(&rubric, l));
        ws.write_string_with_format(2, 0, l.word("Gegeven", "Item"), &header)?;
        ws.write_string_with_format(2, 1, l.word("Waarde", "Value"), &header)?;
        ws.set_landscape().set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(2, 2)?;
        for (i, (k, v)) in rows.iter().enumerate() {
            let r = 3 + i as u32;
            let lines = rewrite::wrapped_lines(v, AUDIT_VALUE_WIDTH);
            if lines > 1 {
                ws.set_row_height(r, (f64::from(lines) * 15.0).min(409.0))?;
            }
            ws.write_string_with_format(r, 0, k, &wrap)?;
            // A rubric's word list can be longer than a cell holds.
            ws.write_string_with_format(r, 1, fit_cell(v.clone()), &wrap)?;
        }
        Ok(())
    }
}
