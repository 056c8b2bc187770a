//! The tool's errors and refusals: a file it cannot read or will not read (hostile, damaged, the
//! wrong kind), findings about a file's form, the command line, `--previous`, writing the output,
//! the rubric file, the page, and the internal faults seldom seen.

use super::Text;

catalogue! {
    ERRORS;
    // The operating system's errors, as `os_error` puts them.
    OS_ERROR = "{} (OS-fout {})" / "{} (os error {})";
    OS_NOT_FOUND = "bestand of map bestaat niet" / "no such file or folder";
    OS_PERMISSION_DENIED = "geen toestemming" / "permission denied";
    OS_ALREADY_EXISTS = "bestaat al" / "already exists";
    OS_IS_A_FOLDER = "is een map" / "is a folder";
    OS_NOT_A_FOLDER = "een deel van het pad is geen map" / "a part of the path is not a folder";
    OS_FOLDER_NOT_EMPTY = "de map is niet leeg" / "the folder is not empty";
    OS_DISK_FULL = "de schijf is vol" / "the disk is full";
    OS_READ_ONLY = "de schijf is alleen-lezen" / "the disk is read-only";
    OS_FILE_TOO_LARGE = "het bestand is te groot" / "the file is too large";
    OS_INVALID_FILE_NAME = "ongeldige bestandsnaam" / "invalid file name";
    OS_BROKEN_PIPE = "de lezer is gestopt" / "the reader stopped";
    OS_INTERRUPTED = "onderbroken" / "interrupted";
    OS_TIMED_OUT = "duurde te lang" / "timed out";
    OS_OUT_OF_MEMORY = "te weinig geheugen" / "out of memory";
    OS_ADDRESS_IN_USE = "het adres is al in gebruik" / "the address is in use";
    OS_ADDRESS_NOT_OURS = "het adres is niet van deze computer" / "the address is not this computer's";
    OS_CONNECTION_REFUSED = "verbinding geweigerd" / "connection refused";
    OS_BUSY = "in gebruik door een ander programma" / "in use by another program";
    // Reading a file.
    CANNOT_OPEN = "kan niet openen: {}" / "cannot open: {}";
    CANNOT_READ = "kan niet lezen: {}" / "cannot read: {}";
    EMPTY_FILE = "het bestand is leeg" / "the file is empty";
    NOT_A_FILE = "geen gewoon bestand (een pipe of procesvervanging?); sla het register op als bestand en geef dat"
        / "not a regular file (a pipe or process substitution?); save the register as a file and give that";
    HTML_PAGE = "dit is een HTML-pagina (vaak een export uit een webapplicatie), geen werkmap; open hem in Excel en sla hem op als .xlsx"
        / "this is an HTML page (often an export from a web application), not a workbook; open it in Excel and save it as .xlsx";
    OTHER_KIND = "dit is een {}-bestand, geen werkmap of CSV; verwacht .xlsx, .xlsm, .xlsb, .xls, .ods of .csv"
        / "this is a {} file, not a workbook or CSV; expected .xlsx, .xlsm, .xlsb, .xls, .ods or .csv";
    BINARY = "geen werkmap of CSV herkend (binaire inhoud); verwacht .xlsx, .xlsm, .xlsb, .xls, .ods of .csv"
        / "no workbook or CSV recognised (binary content); expected .xlsx, .xlsm, .xlsb, .xls, .ods or .csv";
    ZIP_DAMAGED_DOWNLOAD = "beschadigd zip-bestand (afgebroken download?): {}" / "damaged zip file (interrupted download?): {}";
    ZIP_DAMAGED = "beschadigd zip-bestand: {}" / "damaged zip file: {}";
    ZIP_NO_WORKBOOK = "zip-bestand zonder werkmap (geen xlsx, xlsb of ods)" / "zip file without a workbook (not xlsx, xlsb or ods)";
    ZIP_BACKSLASH_NAMES = "de onderdelen van deze werkmap hebben namen met backslashes ({}) in plaats van schuine strepen, zoals sommige programma's ze verkeerd schrijven; open hem in Excel en sla hem opnieuw op" / "the parts of this workbook are named with backslashes ({}) instead of forward slashes, as some programs wrongly write them; open it in Excel and save it again";
    WORKBOOK_UNREADABLE = "werkmap onleesbaar: {}" / "workbook unreadable: {}";
    SHEET_UNREADABLE = "onleesbaar: {}" / "unreadable: {}";
    ENCRYPTED = "werkmap is versleuteld of met een wachtwoord beveiligd; sla hem onbeveiligd op"
        / "the workbook is encrypted or password-protected; save it without protection";
    PASSWORD = "werkmap is met een wachtwoord beveiligd; sla hem onbeveiligd op"
        / "the workbook is password-protected; save it without protection";
    COLUMN_OUT_OF_RANGE = "kolomnummer {} buiten het bereik van Excel" / "column number {} outside Excel's range";
    DAMAGED_FILE = "{}: beschadigd of onleesbaar bestand (de lezer stopte: {})" / "{}: damaged or unreadable file (the reader stopped: {})";
    INTERNAL = "interne fout: {}" / "internal error: {}";
    PANIC_UNKNOWN = "onbekende fout" / "unknown error";
    INTERNAL_SCORING = "interne fout bij het beoordelen ({})" / "internal error while scoring ({})";
    I_RECORD_TOO_LARGE = "interne fout: een record is te groot voor de opslag" / "internal error: a record is too large for the store";
    I_STORE_CLOSED = "interne fout: opslag is al gesloten" / "internal error: the store is closed already";
    I_MEASURES_CLOSED = "interne fout: het blad met maatregelen is al afgesloten" / "internal error: the measures sheet is closed already";
    I_MEASURES_WRITTEN = "interne fout: maatregelen al geschreven" / "internal error: measures written already";
    I_SHEET_DONE = "interne fout: het werkblad is al afgerond" / "internal error: the worksheet is finished already";
    I_LIST_KIND = "interne fout: lijstblad van de verkeerde soort" / "internal error: a list sheet of the wrong kind";
    I_TWO_LISTS = "interne fout: twee lijstbladen verwacht" / "internal error: two list sheets expected";
    I_NO_RESULT = "interne fout: geen uitkomst" / "internal error: no outcome";
    PART_TOO_LARGE = "{}: onderdeel {} is groter dan {} bytes" / "{}: part {} is larger than {} bytes";
    PART_NAME_UNREADABLE = "onderdeel met een onleesbare naam" / "a part with an unreadable name";
    XML_TEXT_OUTSIDE_ROOT = "tekst buiten het hoofdelement" / "text outside the root element";
    XML_ENDS_EARLY = "het document eindigt voor het hoofdelement sluit" / "the document ends before its root element closes";
    TEMPLATE_NOT_WRITTEN = "{}: sjabloon kan niet worden geschreven" / "{}: the template cannot be written";
    IN_SHEET = ", blad '{}'" / ", sheet '{}'";
    // Hostile files.
    TOO_MANY_PARTS = "werkmap bevat {} onderdelen (grens {}); geweigerd" / "the workbook has {} parts (limit {}); refused";
    ZIP_BOMB = "werkmap pakt uit tot {} (grens {}); geweigerd als mogelijke zip-bom"
        / "the workbook unpacks to {} (limit {}); refused as a possible zip bomb";
    SST_UNREADABLE = "gedeelde tekstentabel onleesbaar: {}" / "shared-string table unreadable: {}";
    SST_NO_TABLE = "de gedeelde tekstentabel van de werkmap heeft geen <sst>-element" / "the workbook's shared-string table has no <sst> element";
    SST_TOO_MANY = "gedeelde tekstentabel verklaart {} teksten maar kan er hoogstens {} bevatten; geweigerd (gemanipuleerd bestand)"
        / "the shared-string table declares {} texts but can hold at most {}; refused (a doctored file)";
    XLS_DAMAGED = "beschadigd .xls-bestand: {}" / "damaged .xls file: {}";
    XLS_NO_STREAM = "geen werkboek-stroom in dit OLE-bestand (geen .xls)" / "no workbook stream in this OLE file (not an .xls)";
    XLS_STREAM_TOO_LARGE = "werkboek-stroom van {} is te groot" / "workbook stream of {} is too large";
    SHEET_DECLARES = "een blad verklaart {} × {} cellen; geweigerd (grens {} cellen)"
        / "a sheet declares {} × {} cells; refused (limit {} cells)";
    SHEETS_SPAN = "de bladen beslaan samen {} cellen; geweigerd (grens {} cellen; cellen ver uit elkaar in een gemanipuleerd bestand)"
        / "the sheets span {} cells together; refused (limit {} cells; cells far apart in a doctored file)";
    ODS_CONTENT_UNREADABLE = "content.xml onleesbaar: {}" / "content.xml unreadable: {}";
    ODS_SPAN = "de bladen beslaan meer dan {} cellen (herhaalde rijen en kolommen meegeteld); geweigerd — verhoog de grens met --max-cells als het bestand echt zo groot is"
        / "the sheets span more than {} cells (repeated rows and columns counted); refused — raise the limit with --max-cells if the file really is that large";
    // CSV.
    CSV_UNREADABLE = "CSV onleesbaar bij regel {}: {}" / "CSV unreadable at line {}: {}";
    CSV_TOO_MANY_COLUMNS = "regel {} heeft {} kolommen; Excel kent er hoogstens 16.384" / "line {} has {} columns; Excel has at most 16,384";
    CSV_TOO_MANY_LINES = "meer dan 1.048.576 regels: meer dan een werkblad kan bevatten"
        / "more than 1,048,576 lines: more than a worksheet can hold";
    CSV_UNTERMINATED = "regel {}: een aanhalingsteken wordt niet gesloten; de rijen {}–{} zijn zonder aanhalingstekens gelezen (controleer ze)"
        / "line {}: a quote is never closed; rows {}–{} were read without quotes (check them)";
    CSV_INVALID_BYTES = "ongeldige tekens (geen UTF-8) vervangen door �" / "invalid characters (not UTF-8) replaced by �";
    CSV_FIELD_TOO_LONG = "veld van {} tekens: langer dan een cel toestaat (32.767); afgekapt"
        / "field of {} characters: longer than a cell holds (32,767); cut";
    CSV_MORE_FINDINGS = "en nog {} meldingen over de vorm van het bestand" / "and {} more findings about the file's form";
    // Finding the register in the file.
    NO_SUCH_SHEET = "{}: blad '{}' bestaat niet; bladen: {}" / "{}: sheet '{}' does not exist; sheets: {}";
    NO_CRITERION_COLUMN = "{}{}: koprij {} heeft geen kolom voor een criterium; gevonden: {}; verwacht o.a.: {}"
        / "{}{}: header row {} has no column for a criterion; found: {}; expected e.g.: {}";
    FIRST_FILLED_ROW = "eerste gevulde rij: {}" / "first filled row: {}";
    FIRST_FILLED_ROW_OF = "eerste gevulde rij van blad '{}': {}" / "first filled row of sheet '{}': {}";
    SHEETS_EMPTY = "de bladen zijn leeg" / "the sheets are empty";
    NO_HEADER_ROW = "{}: geen koprij gevonden (minstens twee herkende kolomkoppen in de eerste {} rijen); {}; verwacht o.a.: {}"
        / "{}: no header row found (at least two recognised column headers in the first {} rows); {}; expected e.g.: {}";
    // Writing the output.
    OUTPUT_IS_INPUT = "{}: de uitvoer zou het invoerbestand overschrijven; kies een ander pad met -o"
        / "{}: the output would overwrite the input; choose another path with -o";
    OUTPUT_EXISTS = "{}: bestaat al; gebruik --force om te overschrijven of kies een ander pad met -o"
        / "{}: already exists; use --force to overwrite or choose another path with -o";
    OUTPUT_APPEARED = "{}: is tijdens de run door een ander proces aangemaakt; niet overschreven (gebruik --force)"
        / "{}: was created by another process during the run; not overwritten (use --force)";
    OUTPUT_NOT_WRITTEN = "{}: kan uitvoer niet wegschrijven: {}" / "{}: cannot write the output: {}";
    DISK_FULL = "{}: de schijf is vol; er is niets geschreven" / "{}: the disk is full; nothing was written";
    STANDARD_OUTPUT = "standaarduitvoer" / "standard output";
    MACROS_STAY_XLSM = "{}: de werkmap bevat macro's en blijft een .xlsm; kies een uitvoernaam die op .xlsm eindigt"
        / "{}: the workbook has macros and stays an .xlsm; choose an output name ending in .xlsm";
    NO_MACROS_XLSX = "{}: de uitvoer is een werkmap zonder macro's; kies een uitvoernaam die op .xlsx eindigt"
        / "{}: the output is a workbook without macros; choose an output name ending in .xlsx";
    TOO_WIDE = "het blad is te breed: de {} toegevoegde kolommen zouden na kolom XFD (16.384) komen"
        / "the sheet is too wide: the {} added columns would come after column XFD (16,384)";
    // The command line.
    MAP_FORMAT = "--map \"{}\": verwacht \"KOLOMKOP=veld\"" / "--map \"{}\": expected \"HEADER=field\"";
    MAP_NOT_A_FIELD = "--map \"{}\": `{}` is geen veld; kies uit {}" / "--map \"{}\": `{}` is not a field; choose from {}";
    EPOCH = "SOURCE_DATE_EPOCH=\"{}\" is geen aantal seconden" / "SOURCE_DATE_EPOCH=\"{}\" is not a number of seconds";
    EPOCH_RANGE = "SOURCE_DATE_EPOCH={} valt buiten het bereik" / "SOURCE_DATE_EPOCH={} is out of range";
    OUTPUT_WITH_SEVERAL = "-o {} gaat niet samen met meerdere invoerbestanden; laat -o weg om elk naast zijn invoer te schrijven"
        / "-o {} does not go with several input files; leave out -o to write each beside its input";
    STDOUT_FORMATS = "-o - (standaarduitvoer) kan alleen met --format json of csv"
        / "-o - (standard output) only works with --format json or csv";
    JOBS_AT_LEAST_ONE = "--jobs moet minstens 1 zijn" / "--jobs must be at least 1";
    PREVIOUS_ONE_INPUT = "--previous gaat over één register: geef dan ook één invoerbestand"
        / "--previous is about one register: give one input file";
    RUBRIC_UNREADABLE = "{}: rubric kan niet worden gelezen" / "{}: the rubric cannot be read";
    RUBRIC_VALID = "{}: rubric in orde — {} {} ({} maatregelen)" / "{}: rubric valid — {} {} ({} measures)";
    // --previous.
    PREVIOUS_IS_JSON = "--previous {}: dit is een JSON-bestand; geef de eerder geannoteerde werkmap (.xlsx) van hetzelfde register"
        / "--previous {}: this is a JSON file; give the earlier annotated workbook (.xlsx) of the same register";
    PREVIOUS_NOT_OURS = "--previous {}: dit is geen door dpia-triage geannoteerde werkmap (geen kolom 'DPIA-advies' naast de koppen op rij {})"
        / "--previous {}: this is not a workbook annotated by dpia-triage (no 'DPIA-advies' column beside the headers on row {})";
    PREVIOUS_DUPLICATES = "--previous {}: {} activiteit(en) staan meer dan eens in de vorige beoordeling (zelfde ID of naam); alleen de eerste wordt vergeleken"
        / "--previous {}: {} activit(y/ies) occur more than once in the previous assessment (same ID or name); only the first is compared";
    PREVIOUS_NO_MEASURE_IDS = "{}: het blad Maatregelen heeft geen kolom Maatregel-ID meer; uw werk is bij de maatregelen gezocht op hun tekst, en wat niet gevonden werd staat onderaan, zoals u het achterliet"
        / "{}: the Measures sheet no longer has a Measure ID column; your work was matched to the measures by their text, and what was not found is at the end, as you left it";
    PREVIOUS_OTHER_RUBRIC = "--previous {}: de vorige beoordeling gebruikte rubric '{}', deze '{}': niveaus, uitkomsten en maatregelen kunnen daardoor verschillen"
        / "--previous {}: the previous assessment used rubric '{}', this one '{}': levels, outcomes and measures can differ because of it";
    PREVIOUS_OTHER_CONTENT = "--previous {}: de vorige beoordeling gebruikte een andere inhoud van rubric '{}' (andere SHA-256): niveaus, uitkomsten en maatregelen kunnen daardoor verschillen"
        / "--previous {}: the previous assessment used other contents of rubric '{}' (another SHA-256): levels, outcomes and measures can differ because of it";
    // Internal faults and temporary files (seldom seen).
    MEASURES_NOT_WRITTEN = "het blad met maatregelen kon niet worden geschreven ({})" / "the measures sheet could not be written ({})";
    MEASURES_NOT_WRITTEN_PLAIN = "het blad met maatregelen kon niet worden geschreven" / "the measures sheet could not be written";
    PART_MISSING = "{}: onderdeel {} ontbreekt" / "{}: part {} is missing";
    PART_UNREADABLE = "{}: onderdeel {} is onleesbaar" / "{}: part {} is unreadable";
    PART_NOT_UTF8 = "{}: onderdeel {} is geen UTF-8" / "{}: part {} is not UTF-8";
    WORKBOOK_PART_MISSING = "{}: werkmaponderdeel ontbreekt" / "{}: the workbook part is missing";
    SHEET_NOT_UNPACKED = "werkblad kan niet worden uitgepakt" / "cannot unpack the worksheet";
    SHEET_NOT_FOUND = "{}: blad '{}' niet gevonden in de werkmap" / "{}: sheet '{}' not found in the workbook";
    STRICT_NOT_ANNOTATED = "{}: een werkmap in Strict Open XML wordt (nog) niet in place geannoteerd; sla hem op als gewone Excel-werkmap (.xlsx), of kies --format json of csv" / "{}: a Strict Open XML workbook is not annotated in place (yet); save it as an ordinary Excel workbook (.xlsx), or choose --format json or csv";
    SHEET_MISSING = "werkblad ontbreekt" / "the worksheet is missing";
    CANNOT_OPEN_PATH = "{}: kan niet openen" / "{}: cannot open";
    TEMP_SHEET_UNREADABLE = "tijdelijk blad onleesbaar" / "a temporary sheet is unreadable";
    CONTENT_TYPES_MISSING = "{}: [Content_Types].xml ontbreekt" / "{}: [Content_Types].xml is missing";
    PART_NOT_COPIED = "onderdeel {} kan niet worden gekopieerd" / "part {} cannot be copied";
    NO_SHEETS = "{}: werkmap zonder <sheets>" / "{}: a workbook without <sheets>";
    SHEET_NAME_NOT_WRITTEN = "bladnaam '{}' kan niet worden geschreven" / "cannot write the sheet name '{}'";
    NAME_NOT_WRITTEN = "naam {} kan niet worden geschreven" / "cannot write the name {}";
    NO_PREVIOUS_ROW = "interne fout: geen vorige activiteit" / "internal error: no earlier activity";
    THREADS = "kan geen threads starten" / "cannot start threads";
    THREAD = "kan geen draad starten" / "cannot start a thread";
    CANNOT_BE_READ = "{}: kan niet worden gelezen" / "{}: cannot be read";
    CANNOT_READ_PATH = "{}: kan niet lezen" / "{}: cannot read";
    NO_TEMP_FILE = "kan geen tijdelijk bestand maken" / "cannot make a temporary file";
    TEMP_OPEN = "{}: kan tijdelijk bestand niet openen" / "{}: cannot open a temporary file";
    TEMP_WRITE = "tijdelijk bestand kan niet worden geschreven" / "cannot write a temporary file";
    TEMP_READ = "tijdelijk bestand kan niet worden gelezen" / "cannot read a temporary file";
    TEMP_DAMAGED = "tijdelijk bestand is beschadigd" / "a temporary file is damaged";
    TEMP_SHORT = "tijdelijk bestand is korter dan verwacht" / "a temporary file is shorter than expected";
    WORKBOOK_NOT_WRITTEN = "werkmap kan niet worden geschreven" / "cannot write the workbook";
    WORKBOOK_NOT_FINISHED = "werkmap kan niet worden afgerond" / "cannot finish the workbook";
    OUTPUT_NOT_WRITABLE = "uitvoer kan niet worden geschreven" / "cannot write the output";
    SHEET_NOT_WRITTEN = "blad kan niet worden geschreven" / "cannot write the sheet";
    SHEET_NOT_FINISHED = "blad kan niet worden afgerond" / "cannot finish the sheet";
    WORKBOOK_TO_STDOUT = "werkmap kan niet naar standaarduitvoer; kies een bestand met -o"
        / "a workbook cannot go to standard output; choose a file with -o";
    TEMP_FILE = "{}: kan geen tijdelijk bestand maken" / "{}: cannot make a temporary file";
    PART_ZIP_BOMB = "onderdeel {} pakt uit tot {} (grens {}); geweigerd als mogelijke zip-bom"
        / "part {} unpacks to {} (limit {}); refused as a possible zip bomb";
    PART_RATIO = "onderdeel {} is {}× gecomprimeerd ({} → {}); geweigerd als mogelijke zip-bom"
        / "part {} is compressed {}× ({} → {}); refused as a possible zip bomb";
    ELEMENT_TOO_LARGE = "werkblad bevat een element van meer dan {} bytes" / "the worksheet has an element of more than {} bytes";
    SHEET_CUT_OFF = "werkblad houdt midden in een element op (afgebroken bestand?)"
        / "the worksheet stops in the middle of an element (a truncated file?)";
    SHEET_NOT_WELL_FORMED = "het werkblad is geen geldige XML ({}); open en bewaar het bestand opnieuw in Excel"
        / "the worksheet is not well-formed XML ({}); open the file in Excel and save it again";
    ROW_TWICE = "rij {} staat twee keer (of niet op volgorde) in het werkblad; open en bewaar het bestand opnieuw in Excel"
        / "row {} appears twice (or out of order) in the worksheet; open and save the file again in Excel";
    ROWS_OUT_OF_ORDER = "{}: {} rij(en) staan niet in volgorde in het werkblad en kunnen niet worden gekopieerd; open en bewaar het bestand opnieuw in Excel"
        / "{}: {} row(s) are out of order in the worksheet and cannot be copied; open and save the file again in Excel";
    // Duplicate columns, and an internal fault with its details on request.
    DUPLICATE_COLUMN_MAPPED = "dubbele kolom voor veld {}; kolom {} (--map) wordt gebruikt, deze niet"
        / "duplicate column for field {}; column {} (--map) is used, this one is not";
    DUPLICATE_COLUMN = "dubbele kolom voor veld {}; kolom {} wordt gebruikt, deze niet"
        / "duplicate column for field {}; column {} is used, this one is not";
    INTERNAL_DEBUG = "interne fout: {} (DPIA_TRIAGE_DEBUG=1 toont details)" / "internal error: {} (DPIA_TRIAGE_DEBUG=1 shows details)";
    // The rubric file: where and what is wrong.
    RUBRIC_AT_LINE = ", regel {}" / ", line {}";
    R_NO_NONE = "dit criterium kan niet `none` zijn; kies uit low, medium, high" / "this criterion cannot be `none`; expected one of low, medium, high";
    R_NOT_LEVEL = "`{}` is geen niveau; kies uit none, low, medium, high" / "`{}` is not a level; expected one of none, low, medium, high";
    R_NEGATIVE = "`{}`: een aantal is nooit negatief; verwacht een getal vanaf 0, bijv. \"> 1000\""
        / "`{}`: a count is never negative; expected a number from 0, e.g. \"> 1000\"";
    R_DECIMAL = "`{}`: een aantal is een geheel getal; `.` scheidt alleen duizendtallen (\"> 1.000\")"
        / "`{}`: a count is a whole number; `.` only groups thousands (\"> 1.000\")";
    R_TOO_MANY_DIGITS = "`{}`: het getal heeft {} cijfers, meer dan een aantal kan hebben; verwacht bijv. \"> 1000\""
        / "`{}`: the number has {} digits, more than a count can be; expected e.g. \"> 1000\"";
    R_NOT_COMPARISON = "`{}` is geen vergelijking; verwacht bijv. \"> 1000\" of \">= 10\""
        / "`{}` is not a comparison; expected e.g. \"> 1000\" or \">= 10\"";
    R_NO_LARGER = "`{}`: geen aantal is groter dan dat" / "`{}`: no count is larger than that";
    R_BAND_OPERATOR = "een banddrempel gebruikt > of >=" / "a band threshold must use > or >=";
    R_NOT_TERM = "'{}' staat in geen van de woordenlijsten van [derive] (schrijf de term zoals daar, met zijn *)"
        / "'{}' is in none of the word lists of [derive] (write the term as it stands there, with its *)";
    R_NOT_CONTEXT_TERM = "'{}' staat in geen van de woordenlijsten van [derive] of [criteria.sensitivity.terms] (schrijf de term zoals daar, met zijn *)"
        / "'{}' is in none of the word lists of [derive] or [criteria.sensitivity.terms] (write the term as it stands there, with its *)";
    R_CONTEXT_WORD = "'{}' is geen los woord: een contextregel vergelijkt woord voor woord (een koppelteken of spatie maakt er twee van)"
        / "'{}' is not a single word: a context rule compares word by word (a hyphen or space makes two of it)";
    R_NO_SUBJECTS_EMPTY = "'{}' bevat geen woord: een lege ontkenning zou elke rij zonder betrokkenen laten"
        / "'{}' holds no word: an empty denial would leave every row without data subjects";
    R_OPENING_EMPTY = "'{}' bevat geen woord: elke cel bijzondere persoonsgegevens zou ermee beginnen"
        / "'{}' holds no word: every special-categories cell would open with it";
    R_OPENING_STAR = "'{}' bevat een *: een opening vergelijkt hele woorden (schrijf de woorden zelf)"
        / "'{}' holds a *: an opening is compared word by word (write the words themselves)";
    R_NOT_WHERE = "'{}' is geen item: verwacht \"ap.1\" tot \"ap.17\" of \"edpb.1\" tot \"edpb.9\""
        / "'{}' is not an item: expected \"ap.1\" to \"ap.17\" or \"edpb.1\" to \"edpb.9\"";
    R_NOT_COMPANION = "'{}' is geen item: verwacht \"ap.1\" tot \"ap.17\", \"edpb.1\" tot \"edpb.9\" of \"sensitivity.high\""
        / "'{}' is not an item: expected \"ap.1\" to \"ap.17\", \"edpb.1\" to \"edpb.9\" or \"sensitivity.high\"";
    R_CHOICE_COMMA = "'{}' bevat een komma: Excel splitst een keuzelijst bij elke komma; kies een tekst zonder komma"
        / "'{}' contains a comma: Excel splits a dropdown at every comma; choose a wording without one";
    R_CHOICE_QUOTE = "'{}' bevat een aanhalingsteken: dat beëindigt een keuzelijst in Excel; kies een tekst zonder"
        / "'{}' contains a quote mark: it ends a dropdown in Excel; choose a wording without one";
    R_CHOICES_TOO_LONG = "de keuzes samen zijn {} tekens; een keuzelijst in Excel mag er hoogstens 255 hebben"
        / "the choices together are {} characters; a dropdown in Excel holds at most 255";
    R_NOT_FIELD = "`{}` is geen veld; kies uit {}" / "`{}` is not a field; expected one of {}";
    R_NOT_ITEM = "`{}` is geen itemnummer; verwacht 1-{}" / "`{}` is not an item number; expected 1-{}";
    R_BANDS = "de hoge band ({}) moet boven de middelste band ({}) beginnen" / "the high band ({}) must start above the medium band ({})";
    R_UNKNOWN_CRITERION = "onbekend criterium; kies uit {}" / "unknown criterion; expected one of {}";
    R_WEIGHT_TOO_LARGE = "{} is te groot; een gewicht is een geheel getal van 0 tot {}"
        / "{} is too large; a weight is a whole number from 0 to {}";
    R_MISSING_WEIGHT = "gewicht ontbreekt" / "missing weight";
    R_NOT_FRACTION = "{} is geen fractie tussen 0 en 1" / "{} is not a fraction between 0 and 1";
    R_UNKNOWN_FIELD = "onbekend veld; kies uit {}" / "unknown field; expected one of {}";
    R_ID_NOT_UNIQUE = "`{}` is leeg of komt vaker voor" / "`{}` is empty or not unique";
    R_NOT_CRITERION = "`{}` is geen criterium; kies uit {}" / "`{}` is not a criterion; expected one of {}";
    R_NO_LEVELS = "noem minstens één niveau" / "list at least one level";
    R_NOT_FLAG = "`{}` is geen signaal; kies uit {}" / "`{}` is not a flag; expected one of {}";
    R_MEASURE_TRIGGER = "een maatregel heeft `criterion` (met `levels`) of `flag` nodig"
        / "a measure needs either `criterion` (with `levels`) or `flag`";
    R_NOT_ROLE = "`{}` is geen rol; kies uit {}" / "`{}` is not a role; expected one of {}";
    R_NUMBER_TWICE = "nummer {} komt twee keer voor" / "number {} appears twice";
    R_NO_SOURCE = "`{}` staat niet in [sources]" / "`{}` is not defined in [sources]";
    RUBRIC_KEY = "sleutel" / "key";
    TOML_WHERE = "regel {}, kolom {}: {} (in: `{}`)" / "line {}, column {}: {} (in: `{}`)";
    // The page (`serve`).
    S_NO_RUNTIME = "kan de server niet starten" / "cannot start the server";
    S_NOT_ADDRESS = "--listen {}: geen adres:poort (bijv. 127.0.0.1:8484)" / "--listen {}: not an address:port (e.g. 127.0.0.1:8484)";
    S_CANNOT_LISTEN = "{}: kan niet luisteren" / "{}: cannot listen";
    S_STOPPING = "de server stopt" / "the server is stopping";
    S_TOO_LARGE = "het bestand is groter dan {} MiB (de grens van deze pagina)" / "the file is larger than {} MiB (this page's limit)";
    S_NO_REGISTER = "geen register meegestuurd (veld `register`)" / "no register sent (field `register`)";
    S_GONE = "deze uitslag is niet meer bewaard (na 10 minuten of toen de pagina sloot); zet het register opnieuw op de pagina" / "this result is no longer kept (after 10 minutes or when the page closed); put the register on the page again";
    S_NO_RANDOM = "geen willekeurige sleutel te maken voor de uitslag" / "cannot make a random key for the result";
    S_TWICE = "het veld `{}` komt twee keer voor; stuur één register per verzoek" / "the field `{}` appears twice; send one register per request";
    S_NOT_FORM = "geen formulier met bestanden (multipart/form-data): {}" / "not a form with files (multipart/form-data): {}";
    S_TOO_SLOW = "het versturen duurde te lang (grens: {} s, --upload-deadline)" / "the upload took too long (limit: {} s, --upload-deadline)";
    S_STALLED = "het versturen stond te lang stil (grens: {} s, --upload-timeout)" / "the upload stood still too long (limit: {} s, --upload-timeout)";
    S_BAD_FORMAT = "`format={}` bestaat niet; kies uit json, xlsx, csv, page" / "`format={}` does not exist; expected one of json, xlsx, csv, page";
    S_OTHER_ORIGIN = "verzoek van een andere pagina ({}) geweigerd" / "a request from another page ({}) is refused";
    S_OTHER_HOST = "verzoek voor een andere naam ({}) geweigerd" / "a request for another name ({}) is refused";
    S_NAME_TOO_LONG = "de bestandsnaam is te lang" / "the file name is too long";
    CANCELLED = "afgebroken: de pagina wacht niet meer op het antwoord" / "stopped: the page no longer waits for the answer";
}
