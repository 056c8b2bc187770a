//! `rubric`: print the default rubric, or check one (`--check`).

use crate::messages as M;

use anyhow::{Context as _, Result};

use crate::cli::RubricArgs;
use crate::rubric::{Rubric, DEFAULT_RUBRIC};

use super::exit;

/// `dpia-triage rubric`.
pub fn rubric(args: &RubricArgs) -> Result<u8> {
    let lang = crate::lang::Lang::from_env();
    match &args.check {
        None => {
            print!("{DEFAULT_RUBRIC}");
            Ok(exit::OK)
        }
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| M::CANNOT_READ_PATH.with(lang, &[&path.display()]))?;
            let r = Rubric::parse(&text, &path.display().to_string(), lang)?;
            println!(
                "{}",
                M::RUBRIC_VALID.with(
                    lang,
                    &[
                        &path.display(),
                        &r.meta.name,
                        &r.meta.version,
                        &r.measures.len()
                    ]
                )
            );
            Ok(exit::OK)
        }
    }
}
