//! Cell and range references as A1 text: column letters, `$X$5`, `A1:B2`, `'Sheet'!range`.
//! Pure functions on strings, shared by the readers and the writers.

/// 0-based column to letters: 0 → A, 26 → AA.
pub fn column_letters(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// A cell reference such as `D17` from a 1-based row and 0-based column.
pub fn cell_ref(row: u32, col: u16) -> String {
    format!("{}{}", column_letters(col), row)
}

/// Split `'Sheet name'!$A$1:$B$2` or `Sheet!A1` into the sheet name and the range.
pub fn split_ref(value: &str) -> Option<(String, String)> {
    let value = value.trim().trim_start_matches('=');
    let (sheet, range) = value.rsplit_once('!')?;
    let sheet = match sheet.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        Some(quoted) => quoted.replace("''", "'"),
        None => sheet.to_string(),
    };
    Some((sheet, range.to_string()))
}

/// The references of a union (`'A,b'!$A$1,Blad2!$B$2` → two), split at the commas outside
/// quoted sheet names.
pub fn split_union(value: &str) -> Vec<String> {
    let value = value.trim().trim_start_matches('=');
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in value.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => parts.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parts.push(current);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// Contiguous runs of sorted columns: `[3, 4, 5, 7]` → `[(3, 5), (7, 7)]`.
pub fn runs(cols: &[u16]) -> Vec<(u16, u16)> {
    let mut sorted = cols.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out: Vec<(u16, u16)> = Vec::new();
    for c in sorted {
        match out.last_mut() {
            Some((_, b)) if u32::from(*b) + 1 == u32::from(c) => *b = c,
            _ => out.push((c, c)),
        }
    }
    out
}

/// A sheet name quoted for a reference: `'Mijn blad'`.
pub fn quote_sheet(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// [`parse_cell`] of a reference's bytes, without allocating (it is read for every cell of a
/// sheet): `AB12` and `$AB$12`.
pub fn parse_cell_bytes(r: &[u8]) -> Option<(u32, u16)> {
    let (mut col, mut row, mut digits, mut letters) = (0u32, 0u32, 0, 0);
    for &b in r {
        match b {
            b'$' => {}
            b'A'..=b'Z' | b'a'..=b'z' if digits == 0 => {
                letters += 1;
                col = col
                    .saturating_mul(26)
                    .saturating_add(u32::from(b.to_ascii_uppercase() - b'A' + 1));
            }
            b'0'..=b'9' if letters > 0 => {
                digits += 1;
                row = row.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
            }
            _ => return None,
        }
    }
    if letters == 0 || letters > 3 || digits == 0 || col > 16_384 {
        return None;
    }
    Some((row.checked_sub(1)?, u16::try_from(col - 1).ok()?))
}

/// Parse `$X$5` or `X5` to a 0-based (row, col).
pub fn parse_cell(cell: &str) -> Option<(u32, u16)> {
    let cell = cell.replace('$', "");
    let split = cell.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = cell.split_at(split);
    let col = column_number(letters)?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col))
}

/// Column letters to a 0-based number (`A` → 0), within Excel's 16,384 columns.
pub fn column_number(letters: &str) -> Option<u16> {
    column_of_letters(letters.as_bytes())
}

/// [`column_number`] of letters as bytes (a cell reference read in place from a tag).
pub fn column_of_letters(letters: &[u8]) -> Option<u16> {
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for &b in letters {
        let b = b.to_ascii_uppercase();
        if !b.is_ascii_uppercase() {
            return None;
        }
        n = n * 26 + u32::from(b - b'A' + 1);
    }
    (1..=16_384).contains(&n).then(|| (n - 1) as u16)
}

/// Parse `A1:B2` (or a single cell) to 0-based (first row, first col, last row, last col).
pub fn parse_range(range: &str) -> Option<(u32, u16, u32, u16)> {
    let (a, b) = range.split_once(':').unwrap_or((range, range));
    let (r0, c0) = parse_cell(a)?;
    let (r1, c1) = parse_cell(b)?;
    Some((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_table() {
        let cases = [
            (0, "A"),
            (3, "D"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
            (16_383, "XFD"),
        ];
        for (col, expected) in cases {
            assert_eq!(column_letters(col), expected, "{col}");
        }
        assert_eq!(cell_ref(17, 3), "D17");
    }

    /// (reference, sheet, first row, first col, last row, last col)
    #[test]
    fn references_parse() {
        let cases = [
            ("'Mijn register'!$X$5:$AN$5", "Mijn register", 4, 23, 4, 39),
            ("Register!A1", "Register", 0, 0, 0, 0),
            ("'It''s'!$B$2:$C$9", "It's", 1, 1, 8, 2),
        ];
        for (value, sheet, r0, c0, r1, c1) in cases {
            let (s, range) = split_ref(value).expect(value);
            assert_eq!(s, sheet);
            assert_eq!(parse_range(&range), Some((r0, c0, r1, c1)), "{value}");
        }
        assert_eq!(column_number("XFD"), Some(16_383));
        assert_eq!(column_number("XFE"), None);
        assert_eq!(parse_cell("A0"), None);
    }

    /// (defined name's value, the references of its union)
    #[test]
    fn unions_split_outside_quotes() {
        let cases: [(&str, &[&str]); 5] = [
            ("='R'!$M$5:$Q$5", &["'R'!$M$5:$Q$5"]),
            ("'R'!$M$5:$Q$5,'R'!$S$5", &["'R'!$M$5:$Q$5", "'R'!$S$5"]),
            ("'A,b'!$A$1,Blad2!$B$2", &["'A,b'!$A$1", "Blad2!$B$2"]),
            ("'It''s, ok'!$A$1", &["'It''s, ok'!$A$1"]),
            ("", &[]),
        ];
        for (value, parts) in cases {
            assert_eq!(split_union(value), parts, "{value}");
        }
    }

    /// (columns, their runs)
    #[test]
    fn runs_of_columns() {
        type Case = (&'static [u16], &'static [(u16, u16)]);
        let cases: [Case; 5] = [
            (&[], &[]),
            (&[4], &[(4, 4)]),
            (&[3, 4, 5, 7], &[(3, 5), (7, 7)]),
            (&[7, 3, 5, 4, 4], &[(3, 5), (7, 7)]),
            (&[0, 16_383], &[(0, 0), (16_383, 16_383)]),
        ];
        for (cols, expected) in cases {
            assert_eq!(runs(cols), expected, "{cols:?}");
        }
    }
}
