//! The command line in Dutch: every command's and option's help, clap's own words in the help,
//! and clap's errors, so that a Dutch run shows one language (`--help`, a misspelt option, a bad
//! value). The English words stay where they are, in `cli.rs`'s doc comments.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The Dutch help, by (command, argument id): `""` as the id is the command's own description,
/// `""` as the command the program's.
const HELP: &[(&str, &str, &str)] = &[
    ("", "", "Beoordeel een verwerkingsregister op privacyrisico en DPIA-plicht"),
    ("score", "", "Beoordeel registers en schrijf de geannoteerde werkmap (of JSON/CSV)"),
    ("check", "", "Lees registers en toon welke kolommen herkend zijn en de meldingen over de gegevens; schrijft niets"),
    ("rubric", "", "Toon de standaard-rubric (TOML) als begin van een eigen, of controleer er een met --check"),
    ("template", "", "Schrijf het lege registersjabloon (met toelichtingen, keuzelijsten en een voorbeeldblad)"),
    ("serve", "", "Open de pagina op deze computer: sleep registers in een browser, zie de uitslag, download de geannoteerde werkmappen. Er gaat niets de computer uit"),
    ("serve", "port", "Poort op 127.0.0.1 (0: een willekeurige vrije)"),
    ("serve", "listen", "Adres en poort om op te luisteren (`localhost:8484`, `192.168.1.5:8484`); elk adres behalve een loopback-adres maakt de pagina bereikbaar vanaf andere computers, met een waarschuwing"),
    ("serve", "no_open", "Open de browser niet"),
    ("serve", "max_upload_mib", "Grootste upload, in MiB"),
    ("serve", "upload_timeout", "Seconden dat een verzoek mag stilstaan (de kop of de upload) voordat het wordt opgegeven: een browser die blijft hangen houdt niets lang op schijf en geen verbinding lang open"),
    ("serve", "upload_deadline", "Seconden die een upload in totaal mag duren, hoe gestaag hij ook binnendruppelt"),
    ("serve", "at_once", "Registers die tegelijk beoordeeld worden; meer uploads wachten hun beurt, zodat het geheugen begrensd blijft [standaard: het aantal kernen, minstens 2]"),
    ("serve", "lang", "Taal waarin de pagina opent (ze heeft een knop voor de andere) en van de eigen meldingen van deze opdracht [standaard: de pagina volgt de browser, de meldingen de locale]"),
    ("score", "inputs", "Registerbestanden (.xlsx, .xlsm, .xlsb, .xls, .ods of .csv)"),
    ("score", "sheet", "Blad om te beoordelen (standaard: het eerste blad met een koprij)"),
    ("score", "rubric", "Rubric-bestand (standaard: de ingebouwde SURF-rubric)"),
    ("score", "maps", "Koppel een kolomkop aan een veld, bijv. --map \"Hoeveel personen=data_subjects\" (herhaalbaar)"),
    ("score", "max_cells", "Grootste celgebied van een .xls of .ods (geheel in het geheugen gelezen); verhoog het voor een terecht enorm bestand"),
    ("score", "max_unzipped_mib", "Grootste omvang waartoe één deel van een xlsx/xlsb/ods mag uitpakken, in MiB (bescherming tegen zipbommen)"),
    ("score", "output", "Uitvoerbestand (`-` voor de standaarduitvoer bij json/csv); standaard `<naam van de invoer>.dpia.<ext>` naast de invoer"),
    ("score", "lang", "Taal van de uitvoer (standaard: Engels als de locale, bijv. LANG, Engels is, anders Nederlands)"),
    ("score", "format", "Uitvoerformaat"),
    ("score", "previous", "Een eerder geannoteerde werkmap van dit register: toon wijzigingen, markeer verhogingen en neem de statussen, termijnen, bewijsstukken en opmerkingen van het blad Maatregelen over"),
    ("score", "fail_on", "Eindig met code 3 als aan deze voorwaarde is voldaan"),
    ("score", "zip_level", "Compressieniveau van de xlsx-uitvoer, 1 (snelst, grootste bestand) tot 9 (traagst, kleinste)"),
    ("score", "jobs", "Aantal threads voor het beoordelen (standaard: alle kernen)"),
    ("score", "force", "Overschrijf een bestaand uitvoerbestand"),
    ("score", "quiet", "Toon alleen de samenvatting aan het eind"),
    ("check", "inputs", "Registerbestanden (.xlsx, .xlsm, .xlsb, .xls, .ods of .csv)"),
    ("check", "sheet", "Blad om te lezen (standaard: het eerste blad met een koprij)"),
    ("check", "rubric", "Rubric-bestand (standaard: de ingebouwde SURF-rubric)"),
    ("check", "maps", "Koppel een kolomkop aan een veld, bijv. --map \"Hoeveel personen=data_subjects\" (herhaalbaar)"),
    ("check", "max_cells", "Grootste celgebied van een .xls of .ods (geheel in het geheugen gelezen); verhoog het voor een terecht enorm bestand"),
    ("check", "max_unzipped_mib", "Grootste omvang waartoe één deel van een xlsx/xlsb/ods mag uitpakken, in MiB (bescherming tegen zipbommen)"),
    ("check", "lang", "Taal van de meldingen (standaard: uit de locale, zoals bij score)"),
    ("template", "output", "Uitvoerbestand (standaard `verwerkingsregister.xlsx`, of `processing-register.en.xlsx` met --lang en)"),
    ("template", "lang", "Taal van kolomkoppen, toelichtingen en keuzelijsten (standaard: uit de locale, zoals bij score)"),
    ("template", "rubric", "Rubric waarvan de toelichtingen en keuzelijsten de grenzen en keuzes tonen"),
    ("template", "force", "Overschrijf een bestaand bestand"),
    ("rubric", "check", "Controleer dit rubric-bestand in plaats van de standaard te tonen"),
];

/// Clap's own words in a help text, and the value names and value descriptions the doc
/// comments give, in Dutch (whole phrases, longest first where one holds another).
const WORDS: &[(&str, &str)] = &[
    (
        "Print this message or the help of the given subcommand(s)",
        "Toon deze hulp, of die van de gegeven opdracht(en)",
    ),
    (
        "Print help (see more with '--help')",
        "Toon de hulp (meer met '--help')",
    ),
    (
        "Print help (see a summary with '-h')",
        "Toon de hulp (korter met '-h')",
    ),
    ("Print help", "Toon de hulp"),
    ("Print version", "Toon de versie"),
    ("Usage:", "Gebruik:"),
    ("Commands:", "Opdrachten:"),
    ("Options:", "Opties:"),
    ("Arguments:", "Argumenten:"),
    ("[default: ", "[standaard: "),
    ("[possible values: ", "[mogelijke waarden: "),
    ("Possible values:", "Mogelijke waarden:"),
    ("[aliases: ", "[ook: "),
    ("[OPTIONS]", "[OPTIES]"),
    ("<COMMAND>", "<OPDRACHT>"),
    ("[COMMAND]", "[OPDRACHT]"),
    ("<INPUT>", "<INVOER>"),
    ("<FILE>", "<BESTAND>"),
    ("<NAME>", "<NAAM>"),
    ("<OUT>", "<UIT>"),
    ("<CONDITION>", "<VOORWAARDE>"),
    ("<SECONDS>", "<SECONDEN>"),
    ("<ADDR:PORT>", "<ADRES:POORT>"),
    ("<HEADER=field>", "<KOLOMKOP=veld>"),
    ("<PORT>", "<POORT>"),
    ("<LANG>", "<TAAL>"),
    ("<FORMAT>", "<FORMAAT>"),
    (
        "JSON document (its keys: docs/output.md)",
        "JSON-document (de sleutels: docs/output.md)",
    ),
    ("One CSV line per activity", "Eén CSV-regel per activiteit"),
    ("Annotated workbook", "Geannoteerde werkmap"),
    (
        "Any activity with outcome required or recommended",
        "Een activiteit met advies DPIA verplicht of aanbevolen",
    ),
    (
        "Any activity with outcome required",
        "Een activiteit met advies DPIA verplicht",
    ),
    ("Any data-quality finding", "Een melding over de gegevens"),
];

/// `cmd` with the Dutch help of [`HELP`].
pub fn command(cmd: clap::Command) -> clap::Command {
    let mut cmd = cmd;
    for (sub, id, text) in HELP {
        cmd = match (*sub, *id) {
            ("", "") => cmd.about(*text),
            ("", id) => cmd.mut_arg(id, |a| a.help(*text)),
            (sub, "") => cmd.mut_subcommand(sub, |c| c.about(*text)),
            (sub, id) => cmd.mut_subcommand(sub, |c| c.mut_arg(id, |a| a.help(*text))),
        };
    }
    cmd
}

/// A help text clap rendered from [`command`], with clap's own words in Dutch.
pub fn help(text: &str) -> String {
    WORDS
        .iter()
        .fold(text.to_string(), |t, (en, nl)| t.replace(en, nl))
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
        ErrorKind::UnknownArgument => format!("onbekende optie '{arg}'"),
        ErrorKind::InvalidSubcommand => {
            format!(
                "onbekende opdracht '{}'",
                get(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("'{arg}' heeft een waarde nodig, maar er is er geen gegeven")
        }
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("ongeldige waarde '{value}' voor '{arg}'")
            } else {
                format!("ongeldige waarde '{value}' voor '{arg}'; mogelijk: {valid}")
            }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map_or_else(String::new, |s| {
                let s = s.to_string();
                range_in_dutch(&s)
            });
            format!("ongeldige waarde '{value}' voor '{arg}': {why}")
        }
        ErrorKind::MissingRequiredArgument => format!("ontbreekt: {arg}"),
        ErrorKind::MissingSubcommand => "geen opdracht gegeven".to_string(),
        ErrorKind::ArgumentConflict => {
            let other = get(ContextKind::PriorArg);
            if other.is_empty() {
                format!("'{arg}' mag maar één keer")
            } else {
                format!("'{arg}' gaat niet samen met '{other}'")
            }
        }
        ErrorKind::TooManyValues => format!("te veel waarden voor '{arg}': '{value}'"),
        ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("verkeerd aantal waarden voor '{arg}'")
        }
        ErrorKind::NoEquals => format!("'{arg}' heeft een '=' nodig"),
        ErrorKind::InvalidUtf8 => "een argument is geen geldige UTF-8".to_string(),
        _ => {
            let own = e.to_string();
            return help(own.trim_end());
        }
    };
    let mut out = format!("fout: {what}\n");
    let suggested = get(ContextKind::SuggestedArg);
    let suggested_command = get(ContextKind::SuggestedSubcommand);
    if !suggested.is_empty() {
        out += &format!("\n  tip: bedoelde je '{suggested}'?\n");
    } else if !suggested_command.is_empty() {
        out += &format!("\n  tip: bedoelde je '{suggested_command}'?\n");
    } else if e.kind() == ErrorKind::UnknownArgument && arg.starts_with('-') {
        out += &format!("\n  tip: om '{arg}' als waarde te geven, schrijf '-- {arg}'\n");
    }
    let usage = get(ContextKind::Usage);
    if !usage.is_empty() {
        out += &format!("\n{}\n", help(&usage));
    }
    let command = command.map_or_else(|| "dpia-triage".to_string(), |c| format!("dpia-triage {c}"));
    out += &format!("\nMeer hulp: {command} --help\n");
    help(&out)
}

/// Clap's range check (`1 is not in 2..=9`) in Dutch; another reason as it is.
fn range_in_dutch(why: &str) -> String {
    match why.split_once(" is not in ") {
        Some((value, range)) => format!("{value} ligt niet in {range}"),
        None => why.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::{command, help, HELP};
    use crate::cli::Cli;

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
                id.is_empty() || c.get_arguments().any(|a| a.get_id() == *id),
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
        let mut cli = command(Cli::command());
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
}
