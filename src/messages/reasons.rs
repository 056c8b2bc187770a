//! The words of the assessment and of reading a row: the reasons of the criteria and of the
//! advice (the Onderbouwing), the signals of an incomplete row, what was derived from the text,
//! what changed since an earlier workbook, and the findings about a row's cells (the
//! Datakwaliteit and Meldingen).

use super::Text;

catalogue! {
    REASONS;
    // A criterion's reason: no input, a level given.
    UNREADABLE_INPUT = "onleesbare invoer (zie Datakwaliteit)" / "unreadable input (see Data quality)";
    NOT_FILLED_IN = "niet ingevuld" / "not filled in";
    LEVEL_GIVEN = "opgegeven niveau" / "level given";
    GIVEN_UNKNOWN = "opgegeven: onbekend" / "given: unknown";
    // A criterion's reason: counts in bands, and what was counted.
    AND = "en" / "and";
    LISTED_CATEGORIES = "genoemde categorieën" / "listed categories";
    NAMED_PROCESSOR = "genoemde ontvanger/verwerker" / "named recipient/processor";
    NAMED_PROCESSORS = "genoemde ontvangers/verwerkers" / "named recipients/processors";
    PROCESSOR = "verwerker" / "processor";
    PROCESSORS = "verwerkers" / "processors";
    NAMED_SYSTEM = "genoemd systeem" / "named system";
    NAMED_SYSTEMS = "genoemde systemen" / "named systems";
    SYSTEM = "systeem" / "system";
    SYSTEMS = "systemen" / "systems";
    PLUS_LINKED_DATABASES = ", gekoppelde databases" / ", linked databases";
    PLUS_MASKING_EVERYWHERE = ", datamaskering en exportbeperking overal" / ", data masking and export restriction everywhere";
    // A criterion's reason: sensitivity.
    SPECIAL_CATEGORIES_OF_DATA = "bijzondere persoonsgegevens" / "special categories of data";
    YES = "ja" / "yes";
    SPECIAL_CATEGORY_DATA = "bijzonder persoonsgegeven" / "special category data";
    SENSITIVE_DATA = "gevoelig gegeven" / "sensitive data";
    NO_SENSITIVE_DATA_LISTED = "geen gevoelige of bijzondere gegevens genoemd" / "no sensitive or special data listed";
    // A criterion's reason: sub-processors' key role.
    WITH_KEY_ROLE = "met belangrijke rol" / "with a key role";
    WITHOUT_KEY_ROLE = "zonder belangrijke rol" / "without a key role";
    KEY_ROLE_NOT_FILLED_IN = "rol niet ingevuld: bij twijfel hoger" / "role not filled in: in doubt, higher";
    // A criterion's reason: the exposure derived from three others.
    DERIVED = "afgeleid" / "derived";
    DATA_SUBJECTS = "betrokkenen" / "data subjects";
    TYPES = "soorten" / "types";
    SENSITIVITY = "gevoeligheid" / "sensitivity";
    // What the register's text says (docs/rubric.md#derive): where a word was found, and what
    // it gave.
    FOUND_IN = "'{}' in {}" / "'{}' in {}";
    SCANNED_NAME = "Verwerking" / "Processing activity";
    SCANNED_DESCRIPTION = "Omschrijving" / "Description";
    SCANNED_PURPOSE = "Doel" / "Purpose";
    SCANNED_SUBJECTS = "Betrokkenen" / "Data subjects";
    SCANNED_DATA = "Persoonsgegevens" / "Personal data";
    SCANNED_RECIPIENTS = "Ontvangers" / "Recipients";
    SCANNED_TRANSFERS = "Doorgifte" / "Transfers";
    SCANNED_SECURITY = "Beveiliging" / "Security";
    SCANNED_LEGAL_BASIS = "Grondslag" / "Legal basis";
    SCANNED_TEXT = "tekst" / "text";
    NO_SUBJECTS_FROM = "geen betrokkenen, dus niets afgeleid uit de tekst:" / "no data subjects, so nothing derived from the text:";
    MASKING_YES_FROM = "datamaskering: ja, uit" / "data masking: yes, from";
    SPECIAL_YES_FROM = "bijzondere persoonsgegevens: ja, uit" / "special categories: yes, from";
    TRANSFER_OUTSIDE_EEA = "doorgifte buiten EU/EER" / "transfer outside EU/EEA";
    SPECIAL_CATEGORIES = "bijzondere persoonsgegevens" / "special categories";
    LINKED_DATABASES = "gekoppelde databases" / "linked databases";
    AP = "AP" / "AP";
    POSSIBLY_ALSO = "mogelijk ook {} {} {}: {}" / "possibly also {} {} {}: {}";
    // The advice's reason (docs/output.md#score-class-and-advice).
    RISK_CLASS = "risicoklasse" / "risk class";
    AP_LIST = "AP-lijst" / "AP list";
    EDPB_CRITERIA = "EDPB-criteria" / "EDPB criteria";
    EDPB_CRITERION = "EDPB-criterium" / "EDPB criterion";
    NO_AP_CATEGORY = "geen AP-categorie" / "no AP category";
    SAME_ADVICE_AT_ANY_LEVEL = "{} (onbekend: {}; op elk niveau hetzelfde advies)" / "{} (unknown: {}; the same advice at any level)";
    ADVICE_BETWEEN = "onvolledig: het advies ligt tussen \"{}\" en \"{}\", afhankelijk van: {}"
        / "incomplete: the advice lies between \"{}\" and \"{}\", depending on: {}";
    // What changed since the earlier workbook (`--previous`): a value that was or is empty.
    EMPTY_VALUE = "(leeg)" / "(empty)";
    // Findings about a row's cells: what was wrong, and what was expected.
    EXPECTED = "verwacht" / "expected";
    NOT_RECOGNISED = "niet herkend" / "not recognised";
    ERROR_VALUE = "foutwaarde" / "error value";
    DATE_VALUE = "datum" / "date";
    TRUE_FALSE = "waar/onwaar" / "true/false";
    UNKNOWN_ITEM = "onbekend item" / "unknown item";
    COUNT_NO_NUMBER = "geen getal gevonden" / "no number found";
    COUNT_NEGATIVE = "negatief getal" / "negative number";
    COUNT_SEVERAL_NUMBERS = "meerdere losse getallen" / "several unrelated numbers";
    COUNT_TOO_LARGE = "getal te groot" / "number too large";
    EXPECTED_AMOUNT = "een aantal (bijv. 1.500, ca. 500, > 1000) of een niveau (hoog/midden/laag)"
        / "a number (e.g. 1,500, about 500, > 1000) or a level (high/medium/low)";
    EXPECTED_COUNT = "een aantal" / "a number";
    EXPECTED_YES_NO_PARTLY = "ja, nee of deels" / "yes, no or partly";
    EXPECTED_YES_NO = "ja of nee" / "yes or no";
    EXPECTED_DATE = "een datum (31-05-2024 of 2024-05-31)" / "a date (31-05-2024 or 2024-05-31)";
    EXPECTED_YES_NO_DATE = "ja, nee of een datum" / "yes, no or a date";
    SPECIAL_EXPLAINED = "een toelichting, verwijzing of open punt, geen opsomming: niet ingevuld"
        / "an explanation, a reference or an open point, not a list: not filled in";
    EXPECTED_SPECIAL = "ja, nee of een opsomming van categorieën" / "yes, no or a list of categories";
    EXPECTED_LABEL = "een label (openbaar, intern, vertrouwelijk, geheim) of hoog/midden/laag"
        / "a label (public, internal, confidential, secret) or high/medium/low";
    EXPECTED_LEVEL = "een niveau (hoog/midden/laag)" / "a level (high/medium/low)";
    EXPECTED_CHOICE = "een keuze" / "a choice";
    OR_A_LEVEL = "of hoog/midden/laag" / "or high/medium/low";
    EXPECTED_ITEMS = "nummers 1–{} of namen uit de lijst" / "numbers 1–{} or names from the list";
    TEXT_TOO_LONG = "tekst van {} tekens: langer dan een cel toestaat (32.767); afgekapt"
        / "text of {} characters: longer than a cell holds (32,767); cut";
    FORMULA_WITHOUT_VALUE = "formule zonder berekende waarde; open en bewaar het bestand in Excel of LibreOffice"
        / "formula without a calculated value; open and save the file in Excel or LibreOffice";
    KEY_ROLE_EMPTY = "{} subverwerker(s) maar 'met belangrijke rol' niet ingevuld; bij twijfel hoger gerekend"
        / "{} sub-processor(s) but 'key role' not filled in; scored higher in doubt";
    DUPLICATE_ID = "dubbel ID: ook gebruikt in rij {}" / "duplicate ID: also used in row {}";
    // Findings about the register: an absent input that decides the advice
    // (docs/output.md#meldingen).
    DECIDES_ONE = "{} ontbreekt of is leeg: beslissend voor het DPIA-advies bij 1 activiteit"
        / "{} is missing or empty: decides the DPIA advice for 1 activity";
    DECIDES_MANY = "{} ontbreekt of is leeg: beslissend voor het DPIA-advies bij {} activiteiten"
        / "{} is missing or empty: decides the DPIA advice for {} activities";
}
