//! Arbitrary strings through the value grammar of docs/register.md#values: no input may panic.
#![no_main]

use dpia_triage::value;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let _ = value::normalize(s);
    let _ = value::normalize_header(s);
    for flags in 0..8u8 {
        let _ = value::parse_level(s, flags & 1 != 0, flags & 2 != 0, flags & 4 != 0);
    }
    let _ = value::parse_yes_no(s, true);
    let _ = value::parse_count(s);
    let _ = value::parse_list(s);
    let _ = value::parse_date(s);
    let _ = value::format_count(data.len() as u64, '.');
    let _ = value::format_count(data.len() as u64, ',');
    // The one term matcher (every word list of the rubric goes through it).
    if let Some((hay, term)) = s.split_once('\u{1}') {
        let lexicon = dpia_triage::lexicon::Lexicon::new([(term, 1)]);
        let _ = lexicon.find(&dpia_triage::lexicon::normalize(hay));
    }
    if data.len() >= 8 {
        let x = f64::from_le_bytes([data[0], data[1], data[2], data[3], data[4], data[5], data[6], data[7]]);
        let _ = value::count_from_number(x);
        let _ = value::date_from_excel_serial(x);
    }
});
