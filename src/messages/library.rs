//! The libraries' own words and what the tool shows for them: the phrases of the TOML reader's
//! errors (a rubric with a mistake), in both languages. Each line is the library's phrase, then
//! the tool's text for it; a phrase of the library stays as it is in English except for its type
//! names (`u8` is "a whole number from 0 to 255"). Longest first where one holds another.

use super::Text;

/// The TOML reader's phrases (serde's `invalid type: …, expected …`, the parser's `duplicate
/// key`, the type names), as whole words.
pub const TOML_PHRASES: [(&str, Text); 35] = [
    (
        "missing comma between array elements",
        Text {
            nl: "komma ontbreekt tussen de elementen van de lijst",
            en: "missing comma between array elements",
        },
    ),
    (
        "string values must be quoted",
        Text {
            nl: "tekst hoort tussen aanhalingstekens",
            en: "string values must be quoted",
        },
    ),
    (
        "invalid basic string",
        Text {
            nl: "ongeldige tekst tussen aanhalingstekens",
            en: "invalid basic string",
        },
    ),
    (
        "literal string",
        Text {
            nl: "tekst tussen enkele aanhalingstekens",
            en: "literal string",
        },
    ),
    (
        "there are no fields",
        Text {
            nl: "hier horen geen sleutels",
            en: "there are no fields",
        },
    ),
    (
        "there are no variants",
        Text {
            nl: "hier horen geen waarden",
            en: "there are no variants",
        },
    ),
    (
        "expected one of",
        Text {
            nl: "verwacht een van",
            en: "expected one of",
        },
    ),
    (
        "expected nothing",
        Text {
            nl: "hier hoort niets",
            en: "expected nothing",
        },
    ),
    (
        "invalid type:",
        Text {
            nl: "verkeerde soort waarde:",
            en: "invalid type:",
        },
    ),
    (
        "invalid value:",
        Text {
            nl: "ongeldige waarde:",
            en: "invalid value:",
        },
    ),
    (
        "invalid length",
        Text {
            nl: "verkeerde lengte",
            en: "invalid length",
        },
    ),
    (
        "unknown field",
        Text {
            nl: "onbekende sleutel",
            en: "unknown field",
        },
    ),
    (
        "unknown variant",
        Text {
            nl: "onbekende waarde",
            en: "unknown variant",
        },
    ),
    (
        "missing field",
        Text {
            nl: "ontbrekende sleutel",
            en: "missing field",
        },
    ),
    (
        "duplicate field",
        Text {
            nl: "dubbele sleutel",
            en: "duplicate field",
        },
    ),
    (
        "duplicate key",
        Text {
            nl: "dubbele sleutel",
            en: "duplicate key",
        },
    ),
    (
        "floating point",
        Text {
            nl: "kommagetal",
            en: "floating point",
        },
    ),
    (
        "a sequence",
        Text {
            nl: "een lijst",
            en: "a sequence",
        },
    ),
    (
        "a string",
        Text {
            nl: "tekst",
            en: "a string",
        },
    ),
    (
        "a boolean",
        Text {
            nl: "true of false",
            en: "a boolean",
        },
    ),
    (
        "a map",
        Text {
            nl: "een tabel",
            en: "a map",
        },
    ),
    (
        "expected",
        Text {
            nl: "verwacht",
            en: "expected",
        },
    ),
    (
        "integer",
        Text {
            nl: "geheel getal",
            en: "integer",
        },
    ),
    (
        "string",
        Text {
            nl: "tekst",
            en: "string",
        },
    ),
    (
        "boolean",
        Text {
            nl: "true/false",
            en: "boolean",
        },
    ),
    (
        "sequence",
        Text {
            nl: "lijst",
            en: "sequence",
        },
    ),
    (
        "map",
        Text {
            nl: "tabel",
            en: "map",
        },
    ),
    (
        "extra",
        Text {
            nl: "overbodig",
            en: "extra",
        },
    ),
    (
        "u8",
        Text {
            nl: "een geheel getal van 0 tot en met 255",
            en: "a whole number from 0 to 255",
        },
    ),
    (
        "u16",
        Text {
            nl: "een geheel getal van 0 tot en met 65.535",
            en: "a whole number from 0 to 65,535",
        },
    ),
    (
        "u32",
        Text {
            nl: "een geheel getal van 0 tot en met 4.294.967.295",
            en: "a whole number from 0 to 4,294,967,295",
        },
    ),
    (
        "u64",
        Text {
            nl: "een geheel getal vanaf 0",
            en: "a whole number from 0",
        },
    ),
    (
        "i64",
        Text {
            nl: "een geheel getal",
            en: "a whole number",
        },
    ),
    (
        "f64",
        Text {
            nl: "een getal",
            en: "a number",
        },
    ),
    ("or", Text { nl: "of", en: "or" }),
];
