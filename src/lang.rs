//! The output language (docs/output.md#workbook: Dutch by default, English with `--lang en`):
//! which one a run asks for, and how it writes a count. The words themselves are in the
//! catalogue (`messages`), whose `Text::get` is the one place that chooses between the two.

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Lang {
    /// Nederlands.
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// The language the environment asks for when `--lang` is not given: English when the locale
    /// (`LC_ALL`, else `LC_MESSAGES`, else `LANG`) is an English one (`en_GB.UTF-8`), else Dutch.
    pub fn from_env() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        Lang::from_locale(&locale)
    }

    /// The language of a locale name.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Nl
        }
    }

    /// The language's code: `nl`, `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// A count as readers of this language write it: `1.500` in Dutch, `1,500` in English.
    pub fn count(self, n: u64) -> String {
        crate::value::format_count(
            n,
            match self {
                Lang::Nl => '.',
                Lang::En => ',',
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    /// (locale, language)
    #[test]
    fn the_locale_chooses_the_language() {
        let cases = [
            ("en_GB.UTF-8", Lang::En),
            ("en_US", Lang::En),
            ("EN", Lang::En),
            ("nl_NL.UTF-8", Lang::Nl),
            ("C.UTF-8", Lang::Nl),
            ("POSIX", Lang::Nl),
            ("", Lang::Nl),
            ("de_DE.UTF-8", Lang::Nl),
        ];
        for (locale, lang) in cases {
            assert_eq!(Lang::from_locale(locale), lang, "{locale}");
        }
    }
}
