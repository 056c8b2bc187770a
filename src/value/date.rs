//! Dates as a register cell holds them: written (`31-12-2024`, `2024-12-31`, `31 december
//! 2024`) or as Excel's serial number.

use chrono::{Days, NaiveDate};

use super::normalize;

/// Takes 1..=max ASCII digits at `*p`; `None` if there are none or more than `max`.
fn take_digits(b: &[u8], p: &mut usize, max: usize) -> Option<(u32, usize)> {
    let start = *p;
    let mut v: u32 = 0;
    while let Some(d) = b.get(*p).filter(|d| d.is_ascii_digit()) {
        v = v.saturating_mul(10).saturating_add(u32::from(d - b'0'));
        *p += 1;
    }
    let len = *p - start;
    (1..=max).contains(&len).then_some((v, len))
}

/// A time after a date: (`t` or space) `h:mm` [`:ss` [`.fff`]] [` `] [`z` | ±hh[:mm]].
fn is_time_suffix(b: &[u8]) -> bool {
    let mut p = 0;
    if !matches!(b.first(), Some(b' ') | Some(b't')) {
        return false;
    }
    p += 1;
    if take_digits(b, &mut p, 2).is_none() || b.get(p) != Some(&b':') {
        return false;
    }
    p += 1;
    if !matches!(take_digits(b, &mut p, 2), Some((_, 2))) {
        return false;
    }
    if b.get(p) == Some(&b':') {
        p += 1;
        if !matches!(take_digits(b, &mut p, 2), Some((_, 2))) {
            return false;
        }
        if matches!(b.get(p), Some(b'.') | Some(b',')) {
            p += 1;
            if take_digits(b, &mut p, 9).is_none() {
                return false;
            }
        }
    }
    if b.get(p) == Some(&b' ') {
        p += 1;
    }
    match b.get(p) {
        None => true,
        Some(b'z') => p + 1 == b.len(),
        Some(b'+') | Some(b'-') => {
            p += 1;
            match take_digits(b, &mut p, 4) {
                Some((_, 4)) => p == b.len(),
                Some((_, 2)) if b.get(p) == Some(&b':') => {
                    p += 1;
                    matches!(take_digits(b, &mut p, 2), Some((_, 2))) && p == b.len()
                }
                Some((_, 2)) => p == b.len(),
                _ => false,
            }
        }
        Some(_) => false,
    }
}

/// Dates as text: `2024-05-31`, `31-05-2024`, `31/05/2024`, `31.05.2024`
/// (day first unless the year comes first; also `2024/05/31`), single-digit
/// day/month (`1-5-2024`), optionally followed by a time that is ignored
/// (`2024-05-31 10:00`, `2024-05-31T10:00:00Z`). The two separators must be
/// the same; years have four digits. Invalid calendar dates → `None`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let n = normalize(s);
    let b = n.as_bytes();
    let mut p = 0;
    let (d1, len1) = take_digits(b, &mut p, 4)?;
    let sep = *b.get(p)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    p += 1;
    let (d2, _) = take_digits(b, &mut p, 2)?;
    if b.get(p) != Some(&sep) {
        return None;
    }
    p += 1;
    let (d3, len3) = take_digits(b, &mut p, 4)?;
    if let Some(rest) = b.get(p..) {
        if !rest.is_empty() && !is_time_suffix(rest) {
            return None;
        }
    }
    let (y, m, d) = if len1 == 4 && len3 <= 2 {
        (d1, d2, d3)
    } else if len3 == 4 && len1 <= 2 {
        (d3, d2, d1)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// Excel serial date (1900 system) → date. Serial 1 = 1900-01-01, 59 =
/// 1900-02-28, 60 is Excel's non-existent 29 Feb 1900 (→ `None`), 61 =
/// 1900-03-01. A time fraction is ignored. `None` below 1, above 2958465
/// (9999-12-31), or NaN.
pub fn date_from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() {
        return None;
    }
    let day = serial.floor();
    if !(1.0..=2_958_465.0).contains(&day) {
        return None;
    }
    // Whole and within range: the cast is exact.
    let day = day as u64;
    let (epoch, offset) = match day {
        60 => return None,
        1..=59 => (NaiveDate::from_ymd_opt(1899, 12, 31)?, day),
        _ => (NaiveDate::from_ymd_opt(1899, 12, 30)?, day),
    };
    epoch.checked_add_days(Days::new(offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn date_table() {
        let may31 = date(2024, 5, 31);
        let cases: &[(&str, Option<NaiveDate>)] = &[
            ("2024-05-31", may31),
            ("31-05-2024", may31),
            ("31/05/2024", may31),
            ("31.05.2024", may31),
            ("2024/05/31", may31),
            (" 31-05-2024 ", may31),
            ("1-5-2024", date(2024, 5, 1)),
            ("2024-5-1", date(2024, 5, 1)),
            ("2024-05-31 10:00", may31),
            ("2024-05-31T10:00:00", may31),
            ("2024-05-31T10:00:00Z", may31),
            ("2024-05-31T10:00:00.123+02:00", may31),
            ("2024-05-31T10:00:00+0200", may31),
            ("2024-05-31 10:00 +02", may31),
            ("31-05-2024 0:00:00", may31),
            ("29-02-2024", date(2024, 2, 29)),
            ("31-02-2024", None),
            ("29-02-2023", None),
            ("2024-13-01", None),
            ("00-05-2024", None),
            ("31-05-24", None),
            ("31-05/2024", None),
            ("2024-05-31 morgen", None),
            ("2024-05-31T", None),
            ("31 mei 2024", None),
            ("", None),
            ("45443", None),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_date(input), want, "parse_date({input:?})");
        }
    }

    #[test]
    fn excel_serial_table() {
        let cases: &[(f64, Option<NaiveDate>)] = &[
            (1.0, date(1900, 1, 1)),
            (1.75, date(1900, 1, 1)),
            (59.0, date(1900, 2, 28)),
            (60.0, None),
            (61.0, date(1900, 3, 1)),
            (45443.0, date(2024, 5, 31)),
            (45443.5, date(2024, 5, 31)),
            (2_958_465.0, date(9999, 12, 31)),
            (2_958_465.9, date(9999, 12, 31)),
            (2_958_466.0, None),
            (0.0, None),
            (0.5, None),
            (-1.0, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
        ];
        for &(serial, want) in cases {
            assert_eq!(date_from_excel_serial(serial), want, "serial {serial}");
        }
    }
}
