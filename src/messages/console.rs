//! The words on the terminal and of the page's server: the progress and summary lines of
//! `score`, what `check` lists, `template`'s line, the page's lines on starting, and the
//! start-up by a double-click.

use super::Text;

catalogue! {
    CONSOLE;
    // The nouns that follow a count.
    ACTIVITY_ONE = "activiteit" / "activity";
    ACTIVITY_MANY = "activiteiten" / "activities";
    FINDING_ONE = "melding" / "finding";
    FINDING_MANY = "meldingen" / "findings";
    // `score`: the progress line (done, total, percent, rate per second), the work at the end,
    // and the summary line of a run.
    PROGRESS_OF_TOTAL = "{} van ongeveer {} activiteiten ({} %, {}/s)" / "{} of about {} activities ({} %, {}/s)";
    PROGRESS = "{} activiteiten ({}/s)" / "{} activities ({}/s)";
    FINISHING_WORKBOOK = "werkmap afronden" / "finishing the workbook";
    REGISTER_EMPTY = "geen activiteiten gevonden onder de koprij: het register is leeg"
        / "no activities found below the header row: the register is empty";
    RUN_COUNTS = "{} — {} DPIA verplicht, {} aanbevolen, {} geen DPIA nodig, {} onvolledig; klasse hoog {}; {} {}; DPIA ontbreekt bij {}"
        / "{} — {} DPIA required, {} recommended, {} no DPIA needed, {} incomplete; class high {}; {} {}; DPIA missing for {}";
    // `check`: the header row, the columns as mapped, the findings by row.
    CHECK_HEADER_ROW = "koprij" / "header row";
    CHECK_FINDINGS = "meldingen:" / "findings:";
    CHECK_ROW = "rij" / "row";
    CHECK_PASSED_THROUGH = "doorgegeven, niet gebruikt" / "passed through, not used";
    CHECK_DID_YOU_MEAN = "niet herkend; bedoelt u {} zoals \"{}\"? --map \"{}={}\"" / "not recognised; did you mean {} as in \"{}\"? --map \"{}={}\"";
    CHECK_FIELDS_WITHOUT_COLUMN = "velden zonder kolom" / "fields without a column";
    // Which sheet was read, in the Verantwoording and `check`'s header line.
    SHEET_CHOSEN = "gekozen met --sheet" / "chosen with --sheet";
    SHEET_FIRST_VISIBLE = "het eerste zichtbare blad met een koprij" / "the first visible sheet with a header row";
    SHEET_HIDDEN_ONLY = "een verborgen blad: geen zichtbaar blad had een koprij" / "a hidden sheet: no visible sheet had a header row";
    // `template`: its file name when no -o is given (also the page's download), and its line.
    TEMPLATE_FILE_NAME = "verwerkingsregister.xlsx" / "processing-register.en.xlsx";
    TEMPLATE_WRITTEN = "sjabloon geschreven:" / "template written:";
    // The page (`serve`) starting.
    S_REACHABLE = "let op: de pagina is zo ook vanaf andere computers te bereiken"
        / "warning: the page can be reached from other computers this way";
    S_ALREADY_RUNNING = "de pagina draait al op {}" / "the page is already running at {}";
    S_RUNNING = "de pagina staat op {} (Ctrl-C stopt)" / "the page is at {} (Ctrl-C stops)";
    // Started without a command (a double-click).
    NO_COMMAND = "geen opdracht gegeven: de pagina gaat open (dpia-triage --help toont de opdrachten)"
        / "no command given: the page opens (dpia-triage --help lists the commands)";
    PRESS_ENTER = "Druk op Enter om te sluiten." / "Press Enter to close.";
}
