//! `template`: write the blank register template.

use crate::messages as M;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::cli::TemplateArgs;
use crate::output::Target;

use super::exit;

/// `dpia-triage template`.
pub fn template(args: &TemplateArgs) -> Result<u8> {
    let lang = args.lang;
    let rubric = crate::config::load_rubric(args.rubric.as_deref(), lang)?;
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(M::TEMPLATE_FILE_NAME.get(args.lang)));
    let target = Target::new(Some(path.clone()), Path::new(""), args.force, lang)?;
    let tmp = target
        .tmp_path()
        .context(M::NO_TEMP_FILE.get(lang))?
        .to_path_buf();
    crate::output::template::write(&tmp, &rubric, args.lang)?;
    target.commit()?;
    eprintln!("{} {}", M::TEMPLATE_WRITTEN.get(args.lang), path.display());
    Ok(exit::OK)
}
