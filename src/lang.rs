//! The output language (docs/output.md#workbook: Dutch by default, English with `--lang en`) and the words the
//! assessment writes into reasons and findings. Labels of the output sheets are in
//! `output::labels`.

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// Nederlands.
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
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
