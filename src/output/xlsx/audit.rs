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
        ws.write_string_with_format(0, 0, M::AUDIT_SHEET.get(l), &title)?;
        let mut rows: Vec<(String, String)> = vec![
            ("Tool".into(), format!("dpia-triage {}", info.version)),
            (
                "Rubric".into(),
                format!("{} {}", rubric.meta.name, rubric.meta.version),
            ),
            ("Rubric SHA-256".into(), rubric.sha256.clone()),
            (M::AUDIT_INPUT_FILE.get(l).into(), info.shown_name()),
            (M::AUDIT_SIZE.get(l).into(), input.size.to_string()),
            (M::AUDIT_INPUT_SHA256.get(l).into(), input.sha256.clone()),
            (
                M::AUDIT_SCORED_SHEET.get(l).into(),
                format!("{} ({})", info.sheet, info.sheet_choice.text(l)),
            ),
            (
                M::AUDIT_HEADER_ROW.get(l).into(),
                info.header_row.to_string(),
            ),
            (
                M::AUDIT_TIMESTAMP.get(l).into(),
                info.timestamp.format("%Y-%m-%d %H:%M:%S").to_string(),
            ),
            (M::AUDIT_ACTIVITIES.get(l).into(), summary.rows.to_string()),
            (
                M::AUDIT_FINDINGS.get(l).into(),
                summary.findings.to_string(),
            ),
        ];
        let kind = info
            .input_path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        rows.push((
            M::AUDIT_WORKBOOK.get(l).into(),
            if in_place {
                M::WORKBOOK_IN_PLACE.get(l).to_string()
            } else {
                // What each reader gives besides values (docs/output.md#workbook): merged ranges only from
                // .xls; no column widths from any of these formats.
                let kept = match kind.as_str() {
                    "csv" => M::KEPT_FROM_CSV,
                    "xls" => M::KEPT_FROM_XLS,
                    _ => M::KEPT_FROM_OTHER,
                };
                // An xlsx is rebuilt only when it is Strict Open XML.
                let from = match kind.as_str() {
                    "xlsx" | "xlsm" => M::REBUILT_FROM_STRICT.get(l).to_string(),
                    _ => M::REBUILT_FROM_KIND.with(l, &[&kind]),
                };
                M::WORKBOOK_REBUILT.with(l, &[&from, &kept.get(l)])
            },
        ));
        for (from, to) in &self.renamed {
            rows.push((
                M::AUDIT_SHEET_RENAMED.get(l).into(),
                format!("'{from}' → '{to}'"),
            ));
        }
        rows.extend(crate::rubric::thresholds(&rubric, l));
        ws.write_string_with_format(2, 0, M::AUDIT_ITEM.get(l), &header)?;
        ws.write_string_with_format(2, 1, M::COL_VALUE.get(l), &header)?;
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
