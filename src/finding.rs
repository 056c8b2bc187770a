//! A data-quality finding: what every stage (reading, assessing, the earlier workbook) adds to a
//! row or a sheet, and every output writes.

use serde::Serialize;

/// A data-quality finding (docs/register.md#data-quality-findings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Cell reference, e.g. `D17`; empty when the finding is about the row.
    pub cell: String,
    /// Column header as found in the sheet.
    pub column: String,
    /// The value as found.
    pub value: String,
    /// What was wrong and what was expected.
    pub message: String,
}
