//! The command line's words (`--help`, clap's errors) in both languages. The help of each
//! command and option is here, by (command, argument id): the command line is given the text of
//! the run's language (`cli::dutch::command`). `cli.rs`'s doc comments, from which clap derives
//! its English, say the same: a test holds them to these texts. Clap's own words (the help's headings, value names, its errors) are the library's, in
//! English; here is what a Dutch run shows for them.

use super::Text;

/// The help of the program, each command and each option, by (command, argument id): `""` as the
/// id is the command's own description, `""` as the command the program's.
pub const HELP: [(&str, &str, Text); 41] = [
    (
        "",
        "",
        Text {
            nl: "Beoordeel een verwerkingsregister op privacyrisico en DPIA-plicht",
            en: "Triage a processing register (verwerkingsregister) for privacy risk and DPIA need",
        },
    ),
    (
        "score",
        "",
        Text {
            nl: "Beoordeel registers en schrijf de geannoteerde werkmap (of JSON/CSV)",
            en: "Score registers and write the annotated workbook (or JSON/CSV)",
        },
    ),
    (
        "check",
        "",
        Text {
            nl: "Lees registers en toon welke kolommen herkend zijn en de meldingen over de gegevens; schrijft niets",
            en: "Read registers and report the column mapping and data-quality findings; write nothing",
        },
    ),
    (
        "rubric",
        "",
        Text {
            nl: "Toon de standaard-rubric (TOML) als begin van een eigen, of controleer er een met --check",
            en: "Print the default rubric (TOML) to start a custom one, or check one with --check",
        },
    ),
    (
        "template",
        "",
        Text {
            nl: "Schrijf het lege registersjabloon (met toelichtingen, keuzelijsten en een voorbeeldblad)",
            en: "Write the blank register template (with notes, dropdowns, an example sheet)",
        },
    ),
    (
        "serve",
        "",
        Text {
            nl: "Open de pagina op deze computer: sleep registers in een browser, zie de uitslag, download de geannoteerde werkmappen. Er gaat niets de computer uit",
            en: "Serve the page on this computer: drop registers in a browser, see the results, download the annotated workbooks. Nothing leaves the computer",
        },
    ),
    (
        "serve",
        "port",
        Text {
            nl: "Poort op 127.0.0.1 (0: een willekeurige vrije)",
            en: "Port on 127.0.0.1 (0: any free one)",
        },
    ),
    (
        "serve",
        "listen",
        Text {
            nl: "Adres en poort om op te luisteren (`localhost:8484`, `192.168.1.5:8484`); elk adres behalve een loopback-adres maakt de pagina bereikbaar vanaf andere computers, met een waarschuwing",
            en: "Address and port to listen on instead (`localhost:8484`, `192.168.1.5:8484`); anything but a loopback address makes the page reachable from other computers, and gets a warning",
        },
    ),
    (
        "serve",
        "no_open",
        Text {
            nl: "Open de browser niet",
            en: "Do not open the browser",
        },
    ),
    (
        "serve",
        "max_upload_mib",
        Text {
            nl: "Grootste upload, in MiB",
            en: "Largest upload, in MiB",
        },
    ),
    (
        "serve",
        "upload_timeout",
        Text {
            nl: "Seconden dat een verzoek mag stilstaan (de kop of de upload) voordat het wordt opgegeven: een browser die blijft hangen houdt niets lang op schijf en geen verbinding lang open",
            en: "Seconds a request may stand still (its head, or its upload) before it is given up: a browser that hangs keeps nothing on disk, and no connection open, for long",
        },
    ),
    (
        "serve",
        "upload_deadline",
        Text {
            nl: "Seconden die een upload in totaal mag duren, hoe gestaag hij ook binnendruppelt",
            en: "Seconds an upload may take in all, however steadily it trickles in",
        },
    ),
    (
        "serve",
        "at_once",
        Text {
            nl: "Registers die tegelijk beoordeeld worden; meer uploads wachten hun beurt, zodat het geheugen begrensd blijft [standaard: het aantal kernen, minstens 2]",
            en: "Registers scored at the same time; more uploads wait their turn, so memory stays bounded [default: the number of cores, at least 2]",
        },
    ),
    (
        "serve",
        "lang",
        Text {
            nl: "Taal waarin de pagina opent (ze heeft een knop voor de andere) en van de eigen meldingen van deze opdracht [standaard: de pagina volgt de browser, de meldingen de locale]",
            en: "Language the page opens in (it has a button for the other) and of this command's own messages [default: the page follows the browser's language; the messages the locale]",
        },
    ),
    (
        "score",
        "inputs",
        Text {
            nl: "Registerbestanden (.xlsx, .xlsm, .xlsb, .xls, .ods of .csv)",
            en: "Register files (.xlsx, .xlsm, .xlsb, .xls, .ods or .csv)",
        },
    ),
    (
        "score",
        "sheet",
        Text {
            nl: "Blad om te beoordelen (standaard: het eerste blad met een koprij)",
            en: "Sheet to score (default: the first sheet with a header row)",
        },
    ),
    (
        "score",
        "rubric",
        Text {
            nl: "Rubric-bestand (standaard: de ingebouwde SURF-rubric)",
            en: "Rubric file (default: the built-in SURF rubric)",
        },
    ),
    (
        "score",
        "maps",
        Text {
            nl: "Koppel een kolomkop aan een veld, bijv. --map \"Hoeveel personen=data_subjects\" (herhaalbaar)",
            en: "Map a header to a field, e.g. --map \"Hoeveel personen=data_subjects\" (repeatable)",
        },
    ),
    (
        "score",
        "max_cells",
        Text {
            nl: "Grootste celgebied van een .xls of .ods (geheel in het geheugen gelezen); verhoog het voor een terecht enorm bestand",
            en: "Largest cell area of an .xls or .ods (read whole into memory); raise it for a legitimately huge file",
        },
    ),
    (
        "score",
        "max_unzipped_mib",
        Text {
            nl: "Grootste omvang waartoe één deel van een xlsx/xlsb/ods mag uitpakken, in MiB (bescherming tegen zipbommen)",
            en: "Largest size one part of an xlsx/xlsb/ods may unpack to, in MiB (zip-bomb guard)",
        },
    ),
    (
        "score",
        "output",
        Text {
            nl: "Uitvoerbestand (`-` voor de standaarduitvoer bij json/csv); standaard `<naam van de invoer>.dpia.<ext>` naast de invoer",
            en: "Output file (`-` for stdout with json/csv); default `<input stem>.dpia.<ext>` beside the input",
        },
    ),
    (
        "score",
        "lang",
        Text {
            nl: "Taal van de uitvoer (standaard: Engels als de locale, bijv. LANG, Engels is, anders Nederlands)",
            en: "Output language (default: English when the locale, e.g. LANG, is English, else Dutch)",
        },
    ),
    (
        "score",
        "format",
        Text {
            nl: "Uitvoerformaat",
            en: "Output format",
        },
    ),
    (
        "score",
        "previous",
        Text {
            nl: "Een eerder geannoteerde werkmap van dit register: toon wijzigingen, markeer verhogingen en neem de statussen, termijnen, bewijsstukken en opmerkingen van het blad Maatregelen over",
            en: "An earlier annotated workbook of this register: list changes, flag escalations and carry the Maatregelen sheet's statuses, deadlines, evidence and remarks forward",
        },
    ),
    (
        "score",
        "fail_on",
        Text {
            nl: "Eindig met code 3 als aan deze voorwaarde is voldaan",
            en: "Exit with code 3 when this condition is met",
        },
    ),
    (
        "score",
        "zip_level",
        Text {
            nl: "Compressieniveau van de xlsx-uitvoer, 1 (snelst, grootste bestand) tot 9 (traagst, kleinste)",
            en: "Deflate level of the xlsx output, 1 (fastest, largest file) to 9 (slowest, smallest)",
        },
    ),
    (
        "score",
        "jobs",
        Text {
            nl: "Aantal threads voor het beoordelen (standaard: alle kernen)",
            en: "Scoring threads (default: all cores)",
        },
    ),
    (
        "score",
        "force",
        Text {
            nl: "Overschrijf een bestaand uitvoerbestand",
            en: "Overwrite an existing output file",
        },
    ),
    (
        "score",
        "quiet",
        Text {
            nl: "Toon alleen de samenvatting aan het eind",
            en: "Print nothing but the final summary",
        },
    ),
    (
        "check",
        "inputs",
        Text {
            nl: "Registerbestanden (.xlsx, .xlsm, .xlsb, .xls, .ods of .csv)",
            en: "Register files (.xlsx, .xlsm, .xlsb, .xls, .ods or .csv)",
        },
    ),
    (
        "check",
        "sheet",
        Text {
            nl: "Blad om te lezen (standaard: het eerste blad met een koprij)",
            en: "Sheet to score (default: the first sheet with a header row)",
        },
    ),
    (
        "check",
        "rubric",
        Text {
            nl: "Rubric-bestand (standaard: de ingebouwde SURF-rubric)",
            en: "Rubric file (default: the built-in SURF rubric)",
        },
    ),
    (
        "check",
        "maps",
        Text {
            nl: "Koppel een kolomkop aan een veld, bijv. --map \"Hoeveel personen=data_subjects\" (herhaalbaar)",
            en: "Map a header to a field, e.g. --map \"Hoeveel personen=data_subjects\" (repeatable)",
        },
    ),
    (
        "check",
        "max_cells",
        Text {
            nl: "Grootste celgebied van een .xls of .ods (geheel in het geheugen gelezen); verhoog het voor een terecht enorm bestand",
            en: "Largest cell area of an .xls or .ods (read whole into memory); raise it for a legitimately huge file",
        },
    ),
    (
        "check",
        "max_unzipped_mib",
        Text {
            nl: "Grootste omvang waartoe één deel van een xlsx/xlsb/ods mag uitpakken, in MiB (bescherming tegen zipbommen)",
            en: "Largest size one part of an xlsx/xlsb/ods may unpack to, in MiB (zip-bomb guard)",
        },
    ),
    (
        "check",
        "lang",
        Text {
            nl: "Taal van de meldingen (standaard: uit de locale, zoals bij score)",
            en: "Language of the findings (default: from the locale, as for score)",
        },
    ),
    (
        "template",
        "output",
        Text {
            nl: "Uitvoerbestand (standaard `verwerkingsregister.xlsx`, of `processing-register.en.xlsx` met --lang en)",
            en: "Output file (default `verwerkingsregister.xlsx`, or `processing-register.en.xlsx` with --lang en)",
        },
    ),
    (
        "template",
        "lang",
        Text {
            nl: "Taal van kolomkoppen, toelichtingen en keuzelijsten (standaard: uit de locale, zoals bij score)",
            en: "Language of headers, notes and dropdowns (default: from the locale, as for score)",
        },
    ),
    (
        "template",
        "rubric",
        Text {
            nl: "Rubric waarvan de toelichtingen en keuzelijsten de grenzen en keuzes tonen",
            en: "Rubric whose bands and choices the notes and dropdowns show",
        },
    ),
    (
        "template",
        "force",
        Text {
            nl: "Overschrijf een bestaand bestand",
            en: "Overwrite an existing file",
        },
    ),
    (
        "rubric",
        "check",
        Text {
            nl: "Controleer dit rubric-bestand in plaats van de standaard te tonen",
            en: "Validate this rubric file instead of printing the default",
        },
    ),
];

/// Clap's own words in a help text, and the value names and value descriptions of the options,
/// as the library writes them and as the tool shows them (whole phrases, longest first where one
/// holds another).
pub const CLAP_WORDS: [(&str, Text); 33] = [
    (
        "Print this message or the help of the given subcommand(s)",
        Text {
            nl: "Toon deze hulp, of die van de gegeven opdracht(en)",
            en: "Print this message or the help of the given subcommand(s)",
        },
    ),
    (
        "Print help (see more with '--help')",
        Text {
            nl: "Toon de hulp (meer met '--help')",
            en: "Print help (see more with '--help')",
        },
    ),
    (
        "Print help (see a summary with '-h')",
        Text {
            nl: "Toon de hulp (korter met '-h')",
            en: "Print help (see a summary with '-h')",
        },
    ),
    (
        "Print help",
        Text {
            nl: "Toon de hulp",
            en: "Print help",
        },
    ),
    (
        "Print version",
        Text {
            nl: "Toon de versie",
            en: "Print version",
        },
    ),
    (
        "Usage:",
        Text {
            nl: "Gebruik:",
            en: "Usage:",
        },
    ),
    (
        "Commands:",
        Text {
            nl: "Opdrachten:",
            en: "Commands:",
        },
    ),
    (
        "Options:",
        Text {
            nl: "Opties:",
            en: "Options:",
        },
    ),
    (
        "Arguments:",
        Text {
            nl: "Argumenten:",
            en: "Arguments:",
        },
    ),
    (
        "[default: ",
        Text {
            nl: "[standaard: ",
            en: "[default: ",
        },
    ),
    (
        "[possible values: ",
        Text {
            nl: "[mogelijke waarden: ",
            en: "[possible values: ",
        },
    ),
    (
        "Possible values:",
        Text {
            nl: "Mogelijke waarden:",
            en: "Possible values:",
        },
    ),
    (
        "[aliases: ",
        Text {
            nl: "[ook: ",
            en: "[aliases: ",
        },
    ),
    (
        "[OPTIONS]",
        Text {
            nl: "[OPTIES]",
            en: "[OPTIONS]",
        },
    ),
    (
        "<COMMAND>",
        Text {
            nl: "<OPDRACHT>",
            en: "<COMMAND>",
        },
    ),
    (
        "[COMMAND]",
        Text {
            nl: "[OPDRACHT]",
            en: "[COMMAND]",
        },
    ),
    (
        "<INPUT>",
        Text {
            nl: "<INVOER>",
            en: "<INPUT>",
        },
    ),
    (
        "<FILE>",
        Text {
            nl: "<BESTAND>",
            en: "<FILE>",
        },
    ),
    (
        "<NAME>",
        Text {
            nl: "<NAAM>",
            en: "<NAME>",
        },
    ),
    (
        "<OUT>",
        Text {
            nl: "<UIT>",
            en: "<OUT>",
        },
    ),
    (
        "<CONDITION>",
        Text {
            nl: "<VOORWAARDE>",
            en: "<CONDITION>",
        },
    ),
    (
        "<SECONDS>",
        Text {
            nl: "<SECONDEN>",
            en: "<SECONDS>",
        },
    ),
    (
        "<ADDR:PORT>",
        Text {
            nl: "<ADRES:POORT>",
            en: "<ADDR:PORT>",
        },
    ),
    (
        "<HEADER=field>",
        Text {
            nl: "<KOLOMKOP=veld>",
            en: "<HEADER=field>",
        },
    ),
    (
        "<PORT>",
        Text {
            nl: "<POORT>",
            en: "<PORT>",
        },
    ),
    (
        "<LANG>",
        Text {
            nl: "<TAAL>",
            en: "<LANG>",
        },
    ),
    (
        "<FORMAT>",
        Text {
            nl: "<FORMAAT>",
            en: "<FORMAT>",
        },
    ),
    (
        "JSON document (its keys: docs/output.md)",
        Text {
            nl: "JSON-document (de sleutels: docs/output.md)",
            en: "JSON document (its keys: docs/output.md)",
        },
    ),
    (
        "One CSV line per activity",
        Text {
            nl: "Eén CSV-regel per activiteit",
            en: "One CSV line per activity",
        },
    ),
    (
        "Annotated workbook",
        Text {
            nl: "Geannoteerde werkmap",
            en: "Annotated workbook",
        },
    ),
    (
        "Any activity with outcome required or recommended",
        Text {
            nl: "Een activiteit met advies DPIA verplicht of aanbevolen",
            en: "Any activity with outcome required or recommended",
        },
    ),
    (
        "Any activity with outcome required",
        Text {
            nl: "Een activiteit met advies DPIA verplicht",
            en: "Any activity with outcome required",
        },
    ),
    (
        "Any data-quality finding",
        Text {
            nl: "Een melding over de gegevens",
            en: "Any data-quality finding",
        },
    ),
];

catalogue! {
    CLI;
    // Clap's errors as a Dutch run says them (an English run shows clap's own).
    CLAP_UNKNOWN_OPTION = "onbekende optie '{}'" / "unexpected argument '{}' found";
    CLAP_UNKNOWN_COMMAND = "onbekende opdracht '{}'" / "unrecognized subcommand '{}'";
    CLAP_VALUE_MISSING = "'{}' heeft een waarde nodig, maar er is er geen gegeven" / "a value is required for '{}' but none was supplied";
    CLAP_INVALID_VALUE = "ongeldige waarde '{}' voor '{}'" / "invalid value '{}' for '{}'";
    CLAP_INVALID_VALUE_ONE_OF = "ongeldige waarde '{}' voor '{}'; mogelijk: {}" / "invalid value '{}' for '{}'; possible values: {}";
    CLAP_INVALID_VALUE_WHY = "ongeldige waarde '{}' voor '{}': {}" / "invalid value '{}' for '{}': {}";
    CLAP_NOT_IN_RANGE = "{} ligt niet in {}" / "{} is not in {}";
    CLAP_MISSING = "ontbreekt: {}" / "the following required arguments were not provided: {}";
    CLAP_NO_COMMAND = "geen opdracht gegeven" / "no command given";
    CLAP_ONCE = "'{}' mag maar één keer" / "the argument '{}' cannot be used multiple times";
    CLAP_CONFLICT = "'{}' gaat niet samen met '{}'" / "the argument '{}' cannot be used with '{}'";
    CLAP_TOO_MANY = "te veel waarden voor '{}': '{}'" / "too many values for '{}': '{}'";
    CLAP_NUMBER_OF_VALUES = "verkeerd aantal waarden voor '{}'" / "wrong number of values for '{}'";
    CLAP_NO_EQUALS = "'{}' heeft een '=' nodig" / "equal sign is needed when assigning values to '{}'";
    CLAP_INVALID_UTF8 = "een argument is geen geldige UTF-8" / "invalid UTF-8 was detected in one or more arguments";
    CLAP_ERROR = "fout: {}" / "error: {}";
    CLAP_TIP_DID_YOU_MEAN = "tip: bedoelde je '{}'?" / "tip: a similar argument exists: '{}'";
    CLAP_TIP_AS_VALUE = "tip: om '{}' als waarde te geven, schrijf '-- {}'" / "tip: to pass '{}' as a value, use '-- {}'";
    CLAP_MORE_HELP = "Meer hulp: {} --help" / "For more information, try '{} --help'";
}
