//! Every word the tool writes for a user, in Dutch and English, in one catalogue: its errors and
//! refusals (`errors`), the words of the workbook it writes — sheet names, column headers,
//! level, outcome, signal and status words, notes, the Samenvatting and Verantwoording
//! (`sheets`) —, the assessment's reasons and the findings about cells (`reasons`), the register
//! template (`template`) and the lines on the terminal and of the page (`console`). The topics
//! are files of one namespace: a text is `M::NAME` wherever it is used (`use crate::messages as
//! M`). Words the user's rubric gives (criterion names, measures, AP-list items) stay in the
//! rubric. Outside the catalogue are only translation tables keyed by a library's English — the
//! Dutch help and clap's words (`cli::dutch`), the TOML reader's phrases (`rubric::toml_error`)
//! — and the page's own words, which live in the page (`cmd/serve/page.html`).
//!
//! The language is a value (`Lang`) handed to whatever makes words: a run has one (`--lang`,
//! else the locale), a request of the page its user's; there is no process-wide or per-thread
//! setting, so a text made on any thread (rayon's workers included) is in the language it was
//! asked for. `Text::get` is the one place that chooses between the tool's two texts (a rubric's
//! names are chosen the same way, by `rubric::Names::get`).
//!
//! A text's `{}` are filled in order by `Text::with`; both languages have the same number of
//! them, in the same order (a table test holds the catalogue to that).

use std::fmt::{Display, Write as _};

use crate::lang::Lang;

/// Declares a topic's texts as `Text` constants, and the list of them all by name (`$list`) that
/// the table test reads.
macro_rules! catalogue {
    ($list:ident; $($name:ident = $nl:literal / $en:literal;)*) => {
        $(
            #[allow(missing_docs)]
            pub const $name: Text = Text { nl: $nl, en: $en };
        )*
        /// Every text of this topic by name, for the table test.
        pub const $list: &[(&str, Text)] = &[$((stringify!($name), $name)),*];
    };
}

mod cli;
mod console;
mod errors;
mod library;
mod page;
mod reasons;
mod sheets;
mod template;

pub use cli::*;
pub use console::*;
pub use errors::*;
pub use library::*;
pub use page::*;
pub use reasons::*;
pub use sheets::*;
pub use template::*;

/// Every text of the catalogue, topic by topic, for the table test.
pub const ALL: [&[(&str, Text)]; 7] = [ERRORS, SHEETS, REASONS, TEMPLATE, CONSOLE, PAGE, CLI];

/// An error of the operating system in the language of the messages, as one phrase with its
/// number (`bestand of map bestaat niet (OS-fout 2)`), and without the path of a temporary file
/// that a library may add; `None` for an I/O error the program made itself.
pub fn os_error(io: &std::io::Error, lang: Lang) -> Option<String> {
    use std::io::ErrorKind as K;
    let text = io.to_string();
    let code = io.raw_os_error().or_else(|| {
        text.split("(os error ")
            .nth(1)
            .and_then(|t| t.split(')').next())
            .and_then(|c| c.parse().ok())
    })?;
    let words = match io.kind() {
        K::NotFound => OS_NOT_FOUND,
        K::PermissionDenied => OS_PERMISSION_DENIED,
        K::AlreadyExists => OS_ALREADY_EXISTS,
        K::IsADirectory => OS_IS_A_FOLDER,
        K::NotADirectory => OS_NOT_A_FOLDER,
        K::DirectoryNotEmpty => OS_FOLDER_NOT_EMPTY,
        K::StorageFull => OS_DISK_FULL,
        K::ReadOnlyFilesystem => OS_READ_ONLY,
        K::FileTooLarge => OS_FILE_TOO_LARGE,
        K::InvalidFilename => OS_INVALID_FILE_NAME,
        K::BrokenPipe => OS_BROKEN_PIPE,
        K::Interrupted => OS_INTERRUPTED,
        K::TimedOut => OS_TIMED_OUT,
        K::OutOfMemory => OS_OUT_OF_MEMORY,
        K::AddrInUse => OS_ADDRESS_IN_USE,
        K::AddrNotAvailable => OS_ADDRESS_NOT_OURS,
        K::ConnectionRefused => OS_CONNECTION_REFUSED,
        K::ResourceBusy => OS_BUSY,
        // Another error: the system's own words, without a temporary path.
        _ => {
            let own = text.split(" at path ").next().unwrap_or(&text).to_string();
            return Some(own);
        }
    };
    Some(OS_ERROR.with(lang, &[&words.get(lang), &code]))
}

/// An I/O error as words for a message: the system's in the run's language ([`os_error`]),
/// else its own.
pub fn os(io: &std::io::Error, lang: Lang) -> String {
    os_error(io, lang).unwrap_or_else(|| io.to_string())
}

/// The text of a panic payload (its words are the library's own, in English).
pub fn panic_message(payload: &(dyn std::any::Any + Send), lang: Lang) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| PANIC_UNKNOWN.get(lang).to_string())
}

/// One text in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// Dutch.
    pub nl: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The text in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.nl,
            Lang::En => self.en,
        }
    }

    /// The text in `lang` with its `{}` filled in order.
    pub fn with(self, lang: Lang, args: &[&dyn Display]) -> String {
        fill(self.get(lang), args)
    }

    /// Whether `text` is this text in either language, exactly.
    pub fn is(self, text: &str) -> bool {
        text == self.nl || text == self.en
    }
}

/// `template` with each `{}` replaced by the next argument.
fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    let mut args = args.iter();
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        if let Some(a) = args.next() {
            // Writing into a String cannot fail.
            let _ = write!(out, "{a}");
        }
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts that are the same word in both languages (a code, a loanword, a name).
    const SAME_IN_BOTH: [&str; 13] = [
        "PAGE_SECONDS",
        "PAGE_JSON",
        "PAGE_CSV",
        "PAGE_ID",
        "STANDARD_OUTPUT",
        "AP",
        "ID",
        "FOUND_IN",
        "STATUS_OPEN",
        "COL_STATUS",
        "COL_DEADLINE",
        "REGISTER_SHEET",
        "HEADER_ID",
    ];

    /// Every text: both languages written, different, with the same `{}` in the same number;
    /// the English one without Dutch words, the Dutch one without English ones.
    #[test]
    fn the_catalogue_is_complete_in_both_languages() {
        // Words only one of the two languages has (`is` and `of` are in both).
        let dutch = [
            " de ", " het ", " een ", " niet ", " geen ", " kan ", " van ", " bij ", " wordt ",
            " zijn ",
        ];
        let english = [" the ", " not ", " cannot ", " file ", " with ", " of the "];
        for (name, t) in ALL.iter().flat_map(|topic| topic.iter()) {
            assert!(!t.nl.is_empty() && !t.en.is_empty(), "{name}");
            if !SAME_IN_BOTH.contains(name) {
                assert_ne!(t.nl, t.en, "{name}");
            }
            assert_eq!(
                t.nl.matches("{}").count(),
                t.en.matches("{}").count(),
                "{name}"
            );
            let en = format!(" {} ", t.en.to_lowercase());
            for w in dutch {
                assert!(!en.contains(w), "{name}: Dutch '{w}' in \"{}\"", t.en);
            }
            let nl = format!(" {} ", t.nl.to_lowercase());
            for w in english {
                assert!(!nl.contains(w), "{name}: English '{w}' in \"{}\"", t.nl);
            }
        }
    }

    /// No two texts of the catalogue have one name.
    #[test]
    fn every_name_is_used_once() {
        let mut names: Vec<&str> = ALL
            .iter()
            .flat_map(|topic| topic.iter().map(|(name, _)| *name))
            .collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before);
    }

    /// (template, arguments, result)
    #[test]
    fn fill_puts_the_arguments_in_order() {
        let cases: [(&str, &[&dyn Display], &str); 4] = [
            ("{}: {} × {}", &[&"a", &2, &3], "a: 2 × 3"),
            ("geen", &[], "geen"),
            ("{} en {}", &[&1], "1 en "),
            ("{}", &[&"x", &"y"], "x"),
        ];
        for (t, args, expected) in cases {
            assert_eq!(fill(t, args), expected, "{t}");
        }
    }
}
