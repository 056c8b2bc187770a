//! Integration tests: run the real binary on fixture registers and compare what it writes.
//!
//! `harness` runs `dpia-triage` in a temporary directory and reads workbooks back with calamine;
//! `fixtures` builds the registers in code. The feature modules hold the tests.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fidelity;
mod fixtures;
mod harness;
mod outside;

mod art30;
mod bad_cells;
mod browser;
mod cli;
mod corpus;
mod csv_input;
mod edits;
mod faults;
mod hostile;
mod inplace;
mod json;
mod language;
mod office;
mod package_kinds;
mod previous;
mod producers;
mod readme;
mod samples;
mod serve;
mod template;
mod workbook;
