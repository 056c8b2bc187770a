//! The workbook package (ECMA-376 Part 2) and the XML of its parts: opening a package within the
//! zip guard's limits, relationships and content types, the workbook's sheet list and names,
//! a namespace-aware tree for the small parts the in-place writer edits, a streaming tokenizer
//! for the large sheet parts, and cell references. Used by the readers (`input`, `previous`) and
//! the writers (`output`) alike; it imports neither.

pub mod app_props;
pub mod cellref;
pub mod content_types;
pub mod formula;
pub mod package;
pub mod rels;
pub mod rich;
pub mod scan;
pub mod tree;
pub mod xml_text;
