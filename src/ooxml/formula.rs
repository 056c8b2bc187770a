//! Cell formulas moved to another cell, as a spreadsheet copies them: each relative reference
//! (`B5`, the `B` of `B$5`, the `5` of `$B5`) moves by the distance between the two cells, an
//! absolute one (`$B$5`) stays. Used where the tool writes a user's formula elsewhere than it
//! stood (a Maatregelen row that moved when scored again), and to expand a shared formula to
//! the cells that share it.
//!
//! The formula text is the file's (A1 style, `,` between arguments): string literals and quoted
//! sheet names are copied as they are; a name that looks like a reference but is followed by `(`
//! is a function (`LOG10(`) and stays; whole-column and whole-row ranges (`F:G`, `7:8`) move with
//! their columns or rows, as Excel moves them (`$F:G`'s first column stays). A reference moved
//! off the sheet becomes `#REF!`, as in Excel.

/// Excel's last row and column (1-based).
const MAX_ROW: i64 = 1_048_576;
const MAX_COL: i64 = 16_384;

/// `formula` moved `rows` down and `cols` right.
pub fn shift(formula: &str, rows: i64, cols: i64) -> String {
    if rows == 0 && cols == 0 {
        return formula.to_string();
    }
    let b = formula.as_bytes();
    let mut out = String::with_capacity(formula.len() + 8);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // Literals and quoted sheet names are copied whole.
        if c == b'"' || c == b'\'' {
            let start = i;
            i += 1;
            while i < b.len() {
                if b[i] == c {
                    if b.get(i + 1) == Some(&c) {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i = (i + 1).min(b.len());
            out.push_str(&formula[start..i]);
            continue;
        }
        // A structured reference's brackets (`Tabel1[[10:30]]`, `[[#This Row],[Q1]]`: column
        // names, which may look like ranges or cells) and an external workbook's index (`[1]`)
        // are copied whole; `'` escapes the next character inside them.
        if c == b'[' {
            let start = i;
            let mut depth = 0usize;
            while i < b.len() {
                match b[i] {
                    b'\'' => i += 1,
                    b'[' => depth += 1,
                    b']' => {
                        depth -= 1;
                        if depth == 0 {
                            i += 1;
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            // It ends after an ASCII `]`, or at the formula's end.
            let end = i.min(b.len());
            i = end;
            out.push_str(&formula[start..end]);
            continue;
        }
        // A reference starts where no name or number goes on before it.
        let boundary = i == 0 || !is_name_char(b[i - 1]);
        if boundary && (c == b'$' || c.is_ascii_alphanumeric()) {
            if let Some((len, moved)) = whole_range(&b[i..], rows, cols) {
                out.push_str(&moved);
                i += len;
                continue;
            }
        }
        if boundary && (c == b'$' || c.is_ascii_alphabetic()) {
            if let Some((len, moved)) = reference(&b[i..], rows, cols) {
                out.push_str(&moved);
                i += len;
                continue;
            }
            // Not a reference: the whole name is copied, so that its tail is not taken for one.
            let start = i;
            while i < b.len() && is_name_char(b[i]) {
                i += 1;
            }
            if i == start {
                i += 1;
            }
            out.push_str(&formula[start..i]);
            continue;
        }
        if is_name_char(c) {
            // Inside a name or number that did not start a reference.
            let start = i;
            while i < b.len() && is_name_char(b[i]) {
                i += 1;
            }
            out.push_str(&formula[start..i]);
            continue;
        }
        // Anything else (operators, spaces, other scripts) is copied by the character.
        let ch = formula[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&formula[i..i + ch]);
        i += ch;
    }
    out
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'$' || c == b'\\' || c >= 0x80
}

/// A whole-column or whole-row range at the start of `b` (`F:G`, `$A:A`, `7:8`, `$1:$3`), moved:
/// its length in `b` and its new text. `None` when `b` does not start with one.
fn whole_range(b: &[u8], rows: i64, cols: i64) -> Option<(usize, String)> {
    // One end: `$`, then letters (a column) or digits (a row).
    let end = |from: usize| -> Option<(usize, bool, bool, i64)> {
        let mut i = from;
        let abs = b.get(i) == Some(&b'$');
        if abs {
            i += 1;
        }
        let start = i;
        let column = b.get(i)?.is_ascii_alphabetic();
        while i < b.len()
            && i - start < 7
            && (if column {
                b[i].is_ascii_alphabetic()
            } else {
                b[i].is_ascii_digit()
            })
        {
            i += 1;
        }
        let text = &b[start..i];
        if text.is_empty() || (!column && text[0] == b'0') {
            return None;
        }
        let n = if column {
            if text.len() > 3 {
                return None;
            }
            text.iter().try_fold(0i64, |n, &l| {
                Some(n * 26 + i64::from(l.to_ascii_uppercase() - b'A') + 1)
            })?
        } else {
            std::str::from_utf8(text).ok()?.parse().ok()?
        };
        Some((i, abs, column, n))
    };
    let (colon, abs1, column, n1) = end(0)?;
    if b.get(colon) != Some(&b':') {
        return None;
    }
    let (len, abs2, column2, n2) = end(colon + 1)?;
    if column != column2 {
        return None;
    }
    // Followed by more of a name, `(` or `!`: not a range.
    if let Some(&next) = b.get(len) {
        if is_name_char(next) || next == b'(' || next == b'!' {
            return None;
        }
    }
    let (by, max) = if column {
        (cols, MAX_COL)
    } else {
        (rows, MAX_ROW)
    };
    if n1 > max || n2 > max {
        return None;
    }
    let moved = |n: i64, abs: bool| if abs { n } else { n + by };
    let (m1, m2) = (moved(n1, abs1), moved(n2, abs2));
    if !(1..=max).contains(&m1) || !(1..=max).contains(&m2) {
        return Some((len, "#REF!".to_string()));
    }
    let text = |n: i64, abs: bool| {
        let name = if column {
            super::cellref::column_letters((n - 1) as u16)
        } else {
            n.to_string()
        };
        if abs {
            format!("${name}")
        } else {
            name
        }
    };
    Some((len, format!("{}:{}", text(m1, abs1), text(m2, abs2))))
}

/// A cell reference at the start of `b` (`$A$1`, `B5`, `xfd1048576`), moved: its length in `b`
/// and its new text. `None` when `b` does not start with one.
fn reference(b: &[u8], rows: i64, cols: i64) -> Option<(usize, String)> {
    let mut i = 0;
    let col_abs = b.first() == Some(&b'$');
    if col_abs {
        i += 1;
    }
    let letters_from = i;
    while i < b.len() && b[i].is_ascii_alphabetic() && i - letters_from < 3 {
        i += 1;
    }
    let letters = &b[letters_from..i];
    if letters.is_empty() {
        return None;
    }
    let row_abs = b.get(i) == Some(&b'$');
    if row_abs {
        i += 1;
    }
    let digits_from = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let digits = &b[digits_from..i];
    if digits.is_empty() || digits[0] == b'0' {
        return None;
    }
    // Followed by more of a name, `(` (a function) or `!` (a sheet name): not a reference.
    if let Some(&next) = b.get(i) {
        if is_name_char(next) || next == b'(' || next == b'!' {
            return None;
        }
    }
    let col = letters.iter().try_fold(0i64, |n, &l| {
        Some(n * 26 + i64::from(l.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: i64 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    if col > MAX_COL || row > MAX_ROW {
        return None;
    }
    let new_col = if col_abs { col } else { col + cols };
    let new_row = if row_abs { row } else { row + rows };
    if !(1..=MAX_COL).contains(&new_col) || !(1..=MAX_ROW).contains(&new_row) {
        return Some((i, "#REF!".to_string()));
    }
    let mut text = String::new();
    if col_abs {
        text.push('$');
    }
    text.push_str(&super::cellref::column_letters((new_col - 1) as u16));
    if row_abs {
        text.push('$');
    }
    text.push_str(&new_row.to_string());
    Some((i, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (formula, rows down, columns right, moved)
    #[test]
    fn formulas_move_as_a_copy_does() {
        let cases = [
            ("B5", 3, 0, "B8"),
            ("=B5*2", 3, 1, "=C8*2"),
            ("$B$5+B$5+$B5", 2, 2, "$B$5+D$5+$B7"),
            ("SUM(A1:A10)", 1, 0, "SUM(A2:A11)"),
            ("TODAY()-I5", 4, 0, "TODAY()-I9"),
            // Functions that look like references, names with digits, literals, sheets.
            ("LOG10(A1)", 1, 0, "LOG10(A2)"),
            ("\"A1 blijft\"&A1", 1, 0, "\"A1 blijft\"&A2"),
            ("'Blad A1'!B2+Blad2!C3", 1, 0, "'Blad A1'!B3+Blad2!C4"),
            ("\"zeg \"\"B2\"\"\"&B2", 1, 0, "\"zeg \"\"B2\"\"\"&B3"),
            ("my_name1+A1", 1, 0, "my_name1+A2"),
            // Whole columns and rows move with their columns or rows (as the shared formulas
            // of calamine's `column_row_ranges.xlsx`: `SUM(F:G)` one column right is
            // `SUM(G:H)`).
            ("A:A", 5, 0, "A:A"),
            ("SUM(F:G)", 0, 1, "SUM(G:H)"),
            ("SUM(6:7)", 1, 0, "SUM(7:8)"),
            ("SUM(6:7)", 0, 3, "SUM(6:7)"),
            ("SUM($F:G)+SUM(F:$G)", 3, 2, "SUM($F:I)+SUM(H:$G)"),
            ("$1:$3+2:$4", 2, 0, "$1:$3+4:$4"),
            ("Blad2!C:D", 0, -2, "Blad2!A:B"),
            ("B:C", 0, -2, "#REF!"),
            ("XFC:XFD", 0, 1, "#REF!"),
            ("1048575:1048576", 1, 0, "#REF!"),
            ("SUM(B2:C3)", 1, 1, "SUM(C3:D4)"),
            // A table's column names in brackets stay, however they look; an external
            // workbook's index too, while the reference after it moves.
            ("SUM(Tabel1[[10:30]])", 1, 0, "SUM(Tabel1[[10:30]])"),
            (
                "Tabel1[[#This Row],[Jan:Mrt]]*2",
                0,
                1,
                "Tabel1[[#This Row],[Jan:Mrt]]*2",
            ),
            ("Tabel1[Q1]+A1", 1, 1, "Tabel1[Q1]+B2"),
            ("Tabel1['[x']]+B2", 1, 0, "Tabel1['[x']]+B3"),
            ("[1]Blad1!A1", 1, 0, "[1]Blad1!A2"),
            ("T[[a'é]]+A1", 1, 0, "T[[a'é]]+A2"),
            ("T[[open", 1, 0, "T[[open"),
            // Not whole ranges: a leading zero, mixed ends, a function's name.
            ("01:02+A:1", 1, 1, "01:02+A:1"),
            ("\"1:2\"", 1, 0, "\"1:2\""),
            (
                "HYPERLINK(\"https://x.nl/a1\",J5)",
                2,
                0,
                "HYPERLINK(\"https://x.nl/a1\",J7)",
            ),
            // Off the sheet, and at its edges.
            ("A1", -1, 0, "#REF!"),
            ("B2", -1, -1, "A1"),
            ("XFD1048576", 0, 0, "XFD1048576"),
            ("XFD1", 0, 1, "#REF!"),
            ("A1048576", 1, 0, "#REF!"),
            // Not references: too many letters, a leading zero, a number.
            ("ABCD1+A01+1.5E3", 1, 0, "ABCD1+A01+1.5E3"),
            ("", 1, 1, ""),
            ("=€+A1", 1, 0, "=€+A2"),
        ];
        for (formula, rows, cols, expected) in cases {
            assert_eq!(shift(formula, rows, cols), expected, "{formula}");
        }
    }
}
