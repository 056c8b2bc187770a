//! A cell's value as the tool shows it: the text of findings and reasons, and Excel's serial of a
//! date, whatever date system the workbook counts in.

use calamine::Data;

use crate::value;

/// Display text of a cell value for findings and reasons.
pub fn display(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format_number(*f),
        Data::Bool(true) => "WAAR".into(),
        Data::Bool(false) => "ONWAAR".into(),
        Data::DateTime(d) => match d
            .is_datetime()
            .then(|| value::date_from_excel_serial(serial_1900(d)))
        {
            Some(Some(date)) => date.format("%d-%m-%Y").to_string(),
            _ => format_number(d.as_f64()),
        },
        Data::Error(e) => e.to_string(),
    }
}

/// A number as the tool shows it: whole numbers without a decimal point.
pub fn format_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A date cell's serial number in the 1900 date system, which the rest of the tool counts in. A
/// workbook saved with the 1904 system (`date1904`, old Mac Excel) counts 1,462 days fewer for
/// the same date; calamine keeps the raw serial and knows the system, so the date it gives is
/// the true one and the serial follows from it.
pub fn serial_1900(d: &calamine::ExcelDateTime) -> f64 {
    const DAYS_1900_TO_1904: f64 = 1462.0;
    let raw = d.as_f64();
    let Some(dt) = d.as_datetime() else {
        return raw;
    };
    let Some(epoch) = chrono::NaiveDate::from_ymd_opt(1899, 12, 30) else {
        return raw;
    };
    let days =
        (dt - epoch.and_time(chrono::NaiveTime::MIN)).num_milliseconds() as f64 / 86_400_000.0;
    // The two systems differ by exactly 1,462 days; anything else (the 1900 system's phantom
    // 29 February shifts early dates by one) is the 1900 system, kept as it is.
    if (days - raw - DAYS_1900_TO_1904).abs() < 0.5 {
        raw + DAYS_1900_TO_1904
    } else {
        raw
    }
}
