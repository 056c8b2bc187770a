//! dpia-triage: triage a processing register (verwerkingsregister) for privacy risk and DPIA need.
//!
//! One streaming pipeline: `input` (any register, streamed, header mapped, fields parsed) →
//! `assess` (pure: rubric + fields → levels, reasons, outcome, measures) → `output` (xlsx, JSON,
//! CSV sinks). The rules are data: `rubric` loads `templates/rubric.toml` or a user's copy.
//! `value` is the value grammar of docs/register.md#values; `fields` the shared vocabulary; `pipeline` wires the
//! stages; `app` holds the commands; `cli` and `config` the command line.

pub mod assess;
pub mod carried;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod fields;
pub mod finding;
pub mod input;
pub mod lang;
pub mod lexicon;
pub mod messages;
pub mod ooxml;
pub mod output;
pub mod pipeline;
pub mod previous;
pub mod rubric;
pub mod spill;
pub mod value;
