//! The output language (docs/output.md#workbook: Dutch by default, English with `--lang en`) and the words the
//! assessment writes into reasons and findings. Labels of the output sheets are in
//! `output::labels`.

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

    /// The Dutch or the English text.
    pub fn word(self, nl: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
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

    /// Of two owned texts, the one in this language.
    pub fn pick<'a>(self, nl: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
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
