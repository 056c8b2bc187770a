//! The command line in the run's language: every command's and option's help from the catalogue
//! (`messages::HELP`), and for a Dutch run clap's own words in the help and clap's errors
//! (`messages::CLAP_WORDS`, the `CLAP_` texts), so that it shows one language (`--help`, a
//! misspelt option, a bad value).

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::lang::Lang;
use crate::messages as M;

/// The language of this module's errors and help words: clap's own are English.
const NL: Lang = Lang::Nl;

/// `cmd` with the help of every command and option in `lang`, from the catalogue
/// (`messages::HELP`).
pub fn command(cmd: clap::Command, lang: Lang) -> clap::Command {
    let mut cmd = cmd;
    for (sub, id, text) in M::HELP {
        let text = text.get(lang);
        cmd = match (sub, id) {
            ("", "") => cmd.about(text),
            ("", id) => cmd.mut_arg(id, |a| a.help(text)),
            (sub, "") => cmd.mut_subcommand(sub, |c| c.about(text)),
            (sub, id) => cmd.mut_subcommand(sub, |c| c.mut_arg(id, |a| a.help(text))),
        };
    }
    cmd
}

/// A help text clap rendered from [`command`], with clap's own words in Dutch
/// (`messages::CLAP_WORDS`).
pub fn help(text: &str) -> String {
    M::CLAP_WORDS
        .iter()
        .fold(text.to_string(), |t, (en, words)| t.replace(en, words.nl))
}

/// One of clap's errors in Dutch, in clap's shape: what is wrong, a tip where clap has one,
/// the usage, and where to read more (`command`: the subcommand given, if any).
pub fn error(e: &clap::Error, command: Option<&str>) -> String {
    let get = |kind: ContextKind| -> String {
        match e.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join(", "),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::StyledStrs(v)) => v
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            Some(ContextValue::Number(n)) => n.to_string(),
            Some(ContextValue::Bool(b)) => b.to_string(),
            _ => String::new(),
        }
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let what = match e.kind() {
        ErrorKind::UnknownArgument => M::CLAP_UNKNOWN_OPTION.with(NL, &[&arg]),
        ErrorKind::InvalidSubcommand => {
            M::CLAP_UNKNOWN_COMMAND.with(NL, &[&get(ContextKind::InvalidSubcommand)])
        }
        ErrorKind::InvalidValue if value.is_empty() => M::CLAP_VALUE_MISSING.with(NL, &[&arg]),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            if valid.is_empty() {
                M::CLAP_INVALID_VALUE.with(NL, &[&value, &arg])
            } else {
                M::CLAP_INVALID_VALUE_ONE_OF.with(NL, &[&value, &arg, &valid])
            }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map_or_else(String::new, |s| {
                let s = s.to_string();
                range_in_dutch(&s)
            });
            M::CLAP_INVALID_VALUE_WHY.with(NL, &[&value, &arg, &why])
        }
        ErrorKind::MissingRequiredArgument => M::CLAP_MISSING.with(NL, &[&arg]),
        ErrorKind::MissingSubcommand => M::CLAP_NO_COMMAND.get(NL).to_string(),
        ErrorKind::ArgumentConflict => {
            let other = get(ContextKind::PriorArg);
            if other.is_empty() {
                M::CLAP_ONCE.with(NL, &[&arg])
            } else {
                M::CLAP_CONFLICT.with(NL, &[&arg, &other])
            }
        }
        ErrorKind::TooManyValues => M::CLAP_TOO_MANY.with(NL, &[&arg, &value]),
        ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            M::CLAP_NUMBER_OF_VALUES.with(NL, &[&arg])
        }
        ErrorKind::NoEquals => M::CLAP_NO_EQUALS.with(NL, &[&arg]),
        ErrorKind::InvalidUtf8 => M::CLAP_INVALID_UTF8.get(NL).to_string(),
        _ => {
            let own = e.to_string();
            return help(own.trim_end());
        }
    };
    let mut out = format!("{}\n", M::CLAP_ERROR.with(NL, &[&what]));
    let suggested = get(ContextKind::SuggestedArg);
    let suggested_command = get(ContextKind::SuggestedSubcommand);
    if !suggested.is_empty() {
        out += &format!("\n  {}\n", M::CLAP_TIP_DID_YOU_MEAN.with(NL, &[&suggested]));
    } else if !suggested_command.is_empty() {
        out += &format!(
            "\n  {}\n",
            M::CLAP_TIP_DID_YOU_MEAN.with(NL, &[&suggested_command])
        );
    } else if e.kind() == ErrorKind::UnknownArgument && arg.starts_with('-') {
        out += &format!("\n  {}\n", M::CLAP_TIP_AS_VALUE.with(NL, &[&arg, &arg]));
    }
    let usage = get(ContextKind::Usage);
    if !usage.is_empty() {
        out += &format!("\n{}\n", help(&usage));
    }
    let command = command.map_or_else(|| "dpia-triage".to_string(), |c| format!("dpia-triage {c}"));
    out += &format!("\n{}\n", M::CLAP_MORE_HELP.with(NL, &[&command]));
    help(&out)
}

/// Clap's range check (`1 is not in 2..=9`) in Dutch; another reason as it is.
fn range_in_dutch(why: &str) -> String {
    match why.split_once(" is not in ") {
        Some((value, range)) => M::CLAP_NOT_IN_RANGE.with(NL, &[&value, &range]),
        None => why.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::{command, help};
    use crate::cli::Cli;
    use crate::lang::Lang;
    use crate::messages::HELP;

    /// Every command and every option has its Dutch help: an option added without one fails
    /// here, not in front of a Dutch user.
    #[test]
    fn every_command_and_option_has_a_dutch_help() {
        let cli = Cli::command();
        let has = |sub: &str, id: &str| HELP.iter().any(|(s, i, _)| *s == sub && *i == id);
        assert!(has("", ""));
        for sub in cli.get_subcommands() {
            let name = sub.get_name();
            assert!(has(name, ""), "{name}");
            for arg in sub.get_arguments() {
                let id = arg.get_id().as_str();
                if id != "help" && id != "version" {
                    assert!(has(name, id), "{name} {id}");
                }
            }
        }
        // And no entry names what is not there.
        for (sub, id, _) in HELP {
            if sub.is_empty() {
                continue;
            }
            let c = cli.find_subcommand(sub).unwrap_or_else(|| panic!("{sub}"));
            assert!(
                id.is_empty() || c.get_arguments().any(|a| a.get_id() == id),
                "{sub} {id}"
            );
        }
    }

    /// The help of every command, short and long, has none of clap's English words left.
    #[test]
    fn the_dutch_help_has_no_english_words() {
        let english = [
            "Usage",
            "Options",
            "Arguments",
            "Commands",
            "Print",
            "default:",
            "possible values",
            "Possible values",
            "<INPUT>",
            "<FILE>",
            "[OPTIONS]",
            "Annotated",
            "Any activity",
        ];
        let mut cli = command(Cli::command(), Lang::Nl);
        let mut texts = vec![
            cli.render_help().to_string(),
            cli.render_long_help().to_string(),
        ];
        let names: Vec<String> = cli
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        for name in names {
            let sub = cli.find_subcommand_mut(&name).expect("subcommand");
            texts.push(sub.render_help().to_string());
            texts.push(sub.render_long_help().to_string());
        }
        for text in texts {
            let text = help(&text);
            for word in english {
                assert!(!text.contains(word), "{word} in\n{text}");
            }
        }
    }

    /// The English help the command line is given is the catalogue's; `cli.rs`'s doc comments,
    /// from which clap derives its own, say the same, so the two cannot drift apart.
    #[test]
    fn the_english_help_is_the_catalogues() {
        let cli = Cli::command();
        for (sub, id, text) in HELP {
            let derived = match (sub, id) {
                ("", "") => cli.get_about().map(|s| s.to_string()),
                ("", id) => cli
                    .get_arguments()
                    .find(|a| a.get_id() == id)
                    .and_then(|a| a.get_help())
                    .map(|s| s.to_string()),
                (sub, "") => cli
                    .find_subcommand(sub)
                    .and_then(|c| c.get_about())
                    .map(|s| s.to_string()),
                (sub, id) => cli
                    .find_subcommand(sub)
                    .and_then(|c| c.get_arguments().find(|a| a.get_id() == id))
                    .and_then(|a| a.get_help())
                    .map(|s| s.to_string()),
            };
            assert_eq!(derived.as_deref(), Some(text.en), "{sub} {id}");
        }
    }
}
