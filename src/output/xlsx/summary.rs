//! The Samenvatting sheet (docs/output.md#samenvatting): the figures of the run, what decides the
//! incomplete activities, the highest scores, the activities without a DPIA on record, what
//! changed since the earlier workbook, the open measures by owner.

use super::*;

impl XlsxSink {
    pub(super) fn write_summary(
        &mut self,
        summary: &Summary,
        rows_not_listed: u64,
        open_by_role: &std::collections::BTreeMap<String, u64>,
    ) -> Result<()> {
        let l = self.lang;
        let rubric = Arc::clone(&self.rubric);
        let scored = self.scored_name.clone();
        let (title, bold, header, link) = (
            self.formats.title.clone(),
            self.formats.bold.clone(),
            self.formats.added_header.clone(),
            self.formats.link.clone(),
        );
        let input_name = self.info.shown_name();
        let missing = std::mem::take(&mut self.missing);
        let previous = self.previous.clone();
        let new_activities = std::mem::take(&mut self.new_activities);
        let new_count = self.new_total;
        let (removed, removed_count): (Vec<(String, String)>, u64) = match &previous {
            Some(p) => {
                let (rows, count) = p.removed(&self.seen, LISTED)?;
                let rows = rows
                    .into_iter()
                    .map(|r| (r.id.unwrap_or_default(), r.name.unwrap_or_default()))
                    .collect();
                (rows, count)
            }
            None => (Vec::new(), 0),
        };
        let missing_more = self.missing_more;
        let mut top: Vec<_> = std::mem::take(&mut self.top).into_sorted_vec();
        top.truncate(TOP);
        let summary_name = self.added_names[0].clone();
        let ws = self.workbook.add_worksheet();
        ws.set_name(&summary_name)?;
        // Wide enough for an activity's name; a longer one wraps.
        ws.set_column_width(0, 60.0)?;
        ws.set_column_width(1, 12.0)?;
        for c in 2..8 {
            ws.set_column_width(c, 12.0)?;
        }
        ws.write_string_with_format(0, 0, M::SUMMARY_TITLE.get(l), &title)?;
        ws.write_string(1, 0, M::SUMMARY_OF.with(l, &[&input_name, &scored]))?;
        ws.set_landscape().set_print_fit_to_pages(1, 0);

        let mut r = 3;
        ws.write_string_with_format(r, 0, M::COL_DPIA_ADVICE.get(l), &header)?;
        ws.write_string_with_format(r, 1, M::COUNT.get(l), &header)?;
        for o in Outcome::ALL {
            r += 1;
            ws.write_string(r, 0, l.outcome(o))?;
            ws.write_number(r, 1, summary.by_outcome.get(o) as f64)?;
        }
        r += 2;
        ws.write_string_with_format(r, 0, M::COL_RISK_CLASS.get(l), &header)?;
        ws.write_string_with_format(r, 1, M::COUNT.get(l), &header)?;
        for c in [Level::High, Level::Medium, Level::Low] {
            r += 1;
            ws.write_string(r, 0, l.level(Some(c)))?;
            ws.write_number(r, 1, summary.by_class.get(c) as f64)?;
        }
        if summary.by_class.incomplete > 0 {
            r += 1;
            ws.write_string(r, 0, l.outcome(Outcome::Incomplete))?;
            ws.write_number(r, 1, summary.by_class.incomplete as f64)?;
        }
        // Incomplete activities, most urgent first by their signals; those without any counted
        // (SPEC: incomplete rows are told apart).
        if summary.by_outcome.incomplete > 0 {
            let mut leaning: Vec<_> = std::mem::take(&mut self.leaning).into_sorted_vec();
            leaning.truncate(TOP);
            r += 2;
            ws.write_string_with_format(r, 0, M::INCOMPLETE_MOST_URGENT.get(l), &header)?;
            ws.write_string_with_format(r, 1, M::WEIGHT.get(l), &header)?;
            ws.write_string_with_format(r, 2, M::COL_SIGNALS.get(l), &header)?;
            for Reverse((weight, _, label, texts)) in &leaning {
                r += 1;
                ws.write_string(r, 0, label)?;
                ws.write_number(r, 1, f64::from(*weight))?;
                ws.write_string(r, 2, texts)?;
            }
            r += 1;
            ws.write_string(r, 0, M::WITHOUT_SIGNALS.with(l, &[&self.no_signals]))?;
        }
        // Per department, where the register gives one (docs/output.md#workbook).
        if !summary.by_department.is_empty() {
            r += 2;
            ws.write_string_with_format(r, 0, M::DEPARTMENT.get(l), &header)?;
            ws.write_string_with_format(r, 1, M::ACTIVITIES.get(l), &header)?;
            for (i, o) in Outcome::ALL.iter().enumerate() {
                ws.write_string_with_format(r, 2 + i as u16, l.outcome(*o), &header)?;
            }
            // Two lines for the outcome words in their narrow columns.
            ws.set_row_height(r, 30)?;
            for (dep, counts) in &summary.by_department {
                r += 1;
                ws.write_string(r, 0, dep)?;
                for (i, n) in counts.iter().enumerate() {
                    ws.write_number(r, 1 + i as u16, *n as f64)?;
                }
            }
        }
        // What the advice waits for: each unknown criterion or absent column, by the number of
        // activities whose advice it decides (docs/output.md#score-class-and-advice), most first.
        if !summary.deciding.is_empty() {
            let mut ranked: Vec<(&String, &u64)> = summary.deciding.iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            r += 2;
            ws.write_string_with_format(r, 0, M::MISSING_INPUT_DECIDES.get(l), &header)?;
            ws.write_string_with_format(r, 1, M::ACTIVITIES.get(l), &header)?;
            for (what, n) in ranked {
                r += 1;
                ws.write_string(r, 0, what)?;
                ws.write_number(r, 1, *n as f64)?;
            }
        }
        r += 2;
        ws.write_string_with_format(r, 0, M::COL_SIGNALS.get(l), &header)?;
        ws.write_string_with_format(r, 1, M::COUNT.get(l), &header)?;
        for (label, n) in [
            (
                l.flag(Flag::DpiaMissing),
                summary.flagged(Flag::DpiaMissing),
            ),
            (l.flag(Flag::ReviewDue), summary.flagged(Flag::ReviewDue)),
            (M::DATA_QUALITY_FINDINGS.get(l), summary.findings),
            (M::MEASURES_ASSIGNED.get(l), summary.measures),
            (M::ACTIVITIES_ASSESSED.get(l), summary.rows),
            (M::ROWS_NOT_LISTED.get(l), rows_not_listed),
        ]
        .into_iter()
        // The overflow line only when there is an overflow.
        .filter(|(label, n)| *n > 0 || *label != M::ROWS_NOT_LISTED.get(l))
        {
            r += 1;
            ws.write_string(r, 0, label)?;
            ws.write_number(r, 1, n as f64)?;
        }

        // The work on Maatregelen: what is not done yet, per owner.
        if !open_by_role.is_empty() {
            r += 2;
            ws.write_string_with_format(r, 0, M::OPEN_MEASURES_PER_OWNER.get(l), &header)?;
            ws.write_string_with_format(r, 1, M::COUNT.get(l), &header)?;
            let mut roles: Vec<(&String, &u64)> = open_by_role.iter().collect();
            roles.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (role, n) in roles {
                r += 1;
                ws.write_string(r, 0, role)?;
                ws.write_number(r, 1, *n as f64)?;
            }
        }

        // Level distribution per criterion, with a stacked bar chart.
        r += 2;
        let dist_header = r;
        let level_cols = [
            Some(Level::High),
            Some(Level::Medium),
            Some(Level::Low),
            Some(Level::None),
            None,
        ];
        ws.write_string_with_format(r, 0, M::COL_CRITERION.get(l), &header)?;
        for (i, lv) in level_cols.iter().enumerate() {
            ws.write_string_with_format(r, 1 + i as u16, l.level(*lv), &header)?;
        }
        for c in Criterion::ALL {
            r += 1;
            ws.write_string(r, 0, l.criterion(c, &rubric))?;
            let counts = summary.levels.get(c.key());
            for (i, lv) in level_cols.iter().enumerate() {
                let key = lv.map_or("unknown", Level::key);
                let n = counts.and_then(|m| m.get(key)).copied().unwrap_or(0);
                ws.write_number(r, 1 + i as u16, n as f64)?;
            }
        }
        let mut chart = Chart::new(ChartType::BarStacked);
        let colors = [0xE06666, 0xF6B26B, 0x93C47D, 0xB7B7B7, 0xFFFFFF];
        for (i, color) in colors.iter().enumerate() {
            let col = 1 + i as u16;
            chart
                .add_series()
                .set_name((summary_name.as_str(), dist_header, col))
                .set_categories((
                    summary_name.as_str(),
                    dist_header + 1,
                    0,
                    dist_header + 10,
                    0,
                ))
                .set_values((
                    summary_name.as_str(),
                    dist_header + 1,
                    col,
                    dist_header + 10,
                    col,
                ))
                .set_format(
                    rust_xlsxwriter::ChartFormat::new()
                        .set_solid_fill(
                            rust_xlsxwriter::ChartSolidFill::new().set_color(Color::RGB(*color)),
                        )
                        .set_border(
                            rust_xlsxwriter::ChartLine::new().set_color(Color::RGB(0x808080)),
                        ),
                );
        }
        chart.title().set_name(M::LEVELS_PER_CRITERION.get(l));
        chart.y_axis().set_reverse();
        chart.set_width(640).set_height(380);
        ws.insert_chart(3, 8, &chart)?;

        // Activities that need a DPIA that is not recorded.
        r += 2;
        r = titled_table(
            ws,
            r,
            M::DPIA_NOT_RECORDED.get(l),
            &[M::ACTIVITY.get(l), M::ID.get(l), M::COL_DPIA_ADVICE.get(l)],
            (&bold, &header),
        )?;
        let sheet_ref = scored.replace('\'', "''");
        for m in &missing {
            r += 1;
            let url = Url::new(format!("internal:'{sheet_ref}'!A{}", m.row)).set_text(&m.name);
            ws.write_url_with_format(r, 0, url, &link)?;
            ws.write_string(r, 1, &m.id)?;
            ws.write_string(r, 2, l.outcome(m.outcome))?;
        }
        if missing.is_empty() {
            r += 1;
            ws.write_string(r, 0, M::NONE_LISTED.get(l))?;
        }
        if missing_more > 0 {
            r += 1;
            ws.write_string(r, 0, M::MORE_FILTER_ON_SIGNALS.with(l, &[&missing_more]))?;
        }

        r += 2;
        r = titled_table(
            ws,
            r,
            M::HIGHEST_RISK_SCORES.get(l),
            &[M::ACTIVITY.get(l), M::ID.get(l), M::COL_RISK_SCORE.get(l)],
            (&bold, &header),
        )?;
        for Reverse((score, Reverse(row), id, name)) in top.iter() {
            r += 1;
            let url = Url::new(format!("internal:'{sheet_ref}'!A{row}")).set_text(name);
            ws.write_url_with_format(r, 0, url, &link)?;
            ws.write_string(r, 1, id)?;
            ws.write_number(r, 2, f64::from(*score))?;
        }

        // Re-assessment: what came and went since the earlier run.
        if let Some(prev) = &previous {
            let prev_name = prev.path.display().to_string();
            r += 2;
            let title = M::COMPARED_WITH.with(l, &[&prev_name]);
            ws.write_string_with_format(r, 0, title, &bold)?;
            for (label, n) in [
                (l.flag(Flag::Changed), summary.flagged(Flag::Changed)),
                (l.flag(Flag::Escalated), summary.flagged(Flag::Escalated)),
                (M::NEW_ACTIVITIES_COUNT.get(l), new_count),
                (M::REMOVED_ACTIVITIES_COUNT.get(l), removed_count),
            ] {
                r += 1;
                ws.write_string(r, 0, label)?;
                ws.write_number(r, 1, n as f64)?;
            }
            r += 2;
            ws.write_string_with_format(r, 0, M::NEW_ACTIVITIES.get(l), &bold)?;
            for (row, id, name) in &new_activities {
                r += 1;
                let label = if name.is_empty() { id } else { name };
                let url = Url::new(format!("internal:'{sheet_ref}'!A{row}")).set_text(label);
                ws.write_url_with_format(r, 0, url, &link)?;
                ws.write_string(r, 1, id)?;
            }
            let more = new_count.saturating_sub(new_activities.len() as u64);
            if more > 0 {
                r += 1;
                ws.write_string(r, 0, and_more(l, more))?;
            }
            r += 2;
            ws.write_string_with_format(r, 0, M::REMOVED_ACTIVITIES.get(l), &bold)?;
            for (id, name) in &removed {
                r += 1;
                ws.write_string(r, 0, name)?;
                ws.write_string(r, 1, id)?;
            }
            let more = removed_count.saturating_sub(removed.len() as u64);
            if more > 0 {
                r += 1;
                ws.write_string(r, 0, and_more(l, more))?;
            }
        }
        Ok(())
    }
}

/// A small table on the Samenvatting: its title in bold at row `r`, the column headers below it.
/// Returns the headers' row.
fn titled_table(
    ws: &mut Worksheet,
    r: u32,
    title: &str,
    headers: &[&str],
    (bold, header): (&Format, &Format),
) -> Result<u32> {
    ws.write_string_with_format(r, 0, title, bold)?;
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(r + 1, i as u16, *h, header)?;
    }
    Ok(r + 1)
}

/// "… and 12 more" under a capped list.
fn and_more(l: Lang, more: u64) -> String {
    M::AND_MORE.with(l, &[&l.count(more)])
}
