//! The words of the register template (`dpia-triage template`, docs/register.md#template): the
//! header of each field (also the headers the tool adds to a register that lacks a column, and
//! the ones an error says it expects), the note on each header, the dropdowns, and the sheets
//! Register, Voorbeeld and Toelichting. The example rows of the Voorbeeld sheet are data of the
//! template itself (`output::template`).

use super::Text;

catalogue! {
    TEMPLATE;
    // The template's header of each field (docs/register.md#fields).
    HEADER_ID = "ID" / "ID";
    HEADER_NAME = "Verwerking" / "Processing activity";
    HEADER_DATA_SUBJECTS = "Aantal betrokkenen" / "Number of data subjects";
    HEADER_DATA_TYPES = "Aantal soorten persoonsgegevens" / "Number of types of personal data";
    HEADER_DATA_CATEGORIES = "Categorieën persoonsgegevens" / "Categories of personal data";
    HEADER_SENSITIVITY = "Vertrouwelijkheid" / "Classification";
    HEADER_SPECIAL_CATEGORIES = "Bijzondere persoonsgegevens" / "Special categories of personal data";
    HEADER_SUBPROCESSORS = "Aantal subverwerkers" / "Number of sub-processors";
    HEADER_SUBPROCESSOR_KEY_ROLE = "Subverwerker met belangrijke rol" / "Sub-processor with key role";
    HEADER_IMPACT = "Impact op betrokkene" / "Impact on data subject";
    HEADER_EXPOSURE = "Risico van blootstelling" / "Exposure risk";
    HEADER_AI_USE = "Gebruik AI/algoritmes" / "Use of AI/algorithms";
    HEADER_COMPLEXITY = "Complexiteit" / "Complexity";
    HEADER_SYSTEMS = "Aantal systemen" / "Number of systems";
    HEADER_PROCESSORS = "Aantal verwerkers" / "Number of processors";
    HEADER_LINKED_DATABASES = "Gekoppelde databases" / "Linked databases";
    HEADER_STAFF_ACCESS = "Aantal medewerkers met toegang" / "Number of staff with access";
    HEADER_MASKING = "Datamaskering en exportbeperking" / "Data masking and export restriction";
    HEADER_EXTERNAL_ACCESS = "Externe toegang" / "External access";
    HEADER_AP_LIST = "AP-lijst" / "AP list";
    HEADER_EDPB_CRITERIA = "EDPB-criteria" / "EDPB criteria";
    HEADER_DPIA_DONE = "DPIA uitgevoerd" / "DPIA done";
    HEADER_LAST_REVIEW = "Datum laatste beoordeling" / "Last review date";
    HEADER_DESCRIPTION = "Omschrijving" / "Description";
    HEADER_PURPOSE = "Doel" / "Purpose";
    HEADER_LEGAL_BASIS = "Grondslag" / "Legal basis";
    HEADER_SUBJECT_CATEGORIES = "Categorieën betrokkenen" / "Categories of data subjects";
    HEADER_RECIPIENTS = "Ontvangers" / "Recipients";
    HEADER_TRANSFERS = "Doorgifte buiten de EU" / "Transfers outside EU/EEA";
    HEADER_RETENTION = "Bewaartermijn" / "Retention period";
    HEADER_SECURITY = "Beveiligingsmaatregelen" / "Security measures";
    HEADER_SYSTEMS_LIST = "Systemen" / "Systems";
    HEADER_DEPARTMENT = "Afdeling" / "Department";
    HEADER_DPIA_NEEDED = "DPIA vereist" / "DPIA required";
    // The note on each header: what to fill in, and how it is scored (the rubric's bands and
    // thresholds are filled in).
    HELP_ID = "Uniek kenmerk van de verwerking, bijv. VW-001. Hiermee koppelt een volgende beoordeling de rijen."
        / "Unique reference of the processing activity, e.g. PA-001. A later assessment matches rows on it.";
    HELP_NAME = "Korte naam van de verwerkingsactiviteit."
        / "Short name of the processing activity.";
    HELP_DATA_SUBJECTS = "Van hoeveel personen worden ongeveer een jaar na de start gegevens verwerkt? Een getal of tekst als 'ca. 500', '> 1000', '100-1000'."
        / "Of how many people are data processed about a year after the start? A number or text such as 'about 500', '> 1000', '100-1000'.";
    HELP_DATA_TYPES = "Hoeveel verschillende soorten persoonsgegevens (een tentamencijfer telt als één soort)? Leeg: het aantal genoemde categorieën telt."
        / "How many different types of personal data (an exam grade counts as one type)? Empty: the number of listed categories counts.";
    HELP_DATA_CATEGORIES = "Opsomming van de soorten persoonsgegevens, gescheiden door ; of , (bijv. naam; BSN; gezondheid). Bijzondere en gevoelige gegevens verhogen de gevoeligheid."
        / "List of the types of personal data, separated by ; or , (e.g. name; passport; health). Special and sensitive data raise the sensitivity.";
    HELP_SENSITIVITY = "Vertrouwelijkheidslabel. Hoog: geheim/strikt vertrouwelijk. Midden: vertrouwelijk. Laag: openbaar/intern. Het hoogste signaal (label, bijzondere gegevens, genoemde categorieën) telt."
        / "Classification label. High: secret/strictly confidential. Medium: confidential. Low: public/internal. The highest signal (label, special categories, listed categories) counts.";
    HELP_SPECIAL_CATEGORIES = "Worden bijzondere of strafrechtelijke persoonsgegevens verwerkt (gezondheid, religie, biometrie, strafblad …)? ja/nee of een opsomming. Ja geeft gevoeligheid Hoog."
        / "Are special-category or criminal-offence data processed (health, religion, biometrics, criminal record …)? yes/no or a list. Yes gives sensitivity High.";
    HELP_SUBPROCESSOR_KEY_ROLE = "Vervult een subverwerker een belangrijke rol (bijv. slaat alle persoonsgegevens op)? ja/nee. Leeg bij één of twee subverwerkers: bij twijfel hoger."
        / "Does a sub-processor have a key role (e.g. stores all personal data)? yes/no. Empty with one or two sub-processors: in doubt, higher.";
    HELP_IMPACT = "Maximale impact voor de betrokkene. Hoog: rechtsgevolgen of aanzienlijke impact (diploma, lening, zorg). Midden: van belang, geen rechtsgevolgen. Laag: beperkt belang."
        / "Maximum impact on the data subject. High: legal effects or significant impact (diploma, loan, care). Medium: important, no legal effects. Low: minor importance.";
    HELP_EXPOSURE = "Optioneel. Leeg: afgeleid uit betrokkenen, soorten gegevens en gevoeligheid (Hoog bij veel van beide én hoge gevoeligheid)."
        / "Optional. Empty: derived from data subjects, data types and sensitivity (High with many of either and high sensitivity).";
    HELP_AI_USE = "Gebruik van AI of algoritmes. Hoog: kernonderdeel. Midden: ondersteunend. Laag: geen. Hoog voegt de maatregelen uit het Algoritmekader toe."
        / "Use of AI or algorithms. High: core part. Medium: supporting. Low: none. High adds the Algoritmekader measures.";
    HELP_COMPLEXITY = "Optioneel. Leeg: afgeleid uit verwerkers, systemen en gekoppelde databases."
        / "Optional. Empty: derived from processors, systems and linked databases.";
    HELP_LINKED_DATABASES = "Worden gegevensverzamelingen uit verschillende verwerkingen of organisaties gekoppeld? ja/nee. Ja geeft complexiteit minstens Midden."
        / "Are data sets from different processing activities or organisations linked? yes/no. Yes gives complexity at least Medium.";
    HELP_STAFF_ACCESS = "Hoeveel medewerkers hebben (intern) toegang? Gevoelige gegevens verhogen, maskering overal verlaagt één niveau."
        / "How many staff have (internal) access? Sensitive data raise it, masking everywhere lowers one level.";
    HELP_MASKING = "Zijn datamaskering en exportbeperking overal mogelijk? ja / nee / deels (deels telt als nee)."
        / "Are data masking and export restriction possible everywhere? yes / no / partly (partly counts as no).";
    HELP_EXTERNAL_ACCESS = "Hebben externe partijen toegang? Hoog: langdurig of permanent. Midden: regelmatig en gecontroleerd. Laag: alleen tijdelijk voor korte beheertaken. Geen."
        / "Do external parties have access? High: long-term or permanent. Medium: regular and controlled. Low: only temporary for short admin tasks. None.";
    HELP_DPIA_DONE = "Is een DPIA uitgevoerd? ja/nee of de datum."
        / "Was a DPIA done? yes/no or the date.";
    HELP_DESCRIPTION = "Omschrijving van de verwerking (art. 30 AVG). Wordt doorzocht op signalen van de AP-lijst en de EDPB-criteria."
        / "Description of the processing (art. 30 GDPR). Searched for signals of the AP list and the EDPB criteria.";
    HELP_PURPOSE = "Doel of doelen van de verwerking. Wordt doorzocht op signalen van de AP-lijst en de EDPB-criteria."
        / "Purpose(s) of the processing. Searched for signals of the AP list and the EDPB criteria.";
    HELP_LEGAL_BASIS = "Grondslag van de verwerking (art. 6 AVG). Wordt getoond, niet gescoord."
        / "Legal basis of the processing (art. 6 GDPR). Shown, not scored.";
    HELP_SUBJECT_CATEGORIES = "Categorieën betrokkenen, gescheiden door ; of , (bijv. leerlingen; medewerkers). Kwetsbare groepen tellen als EDPB-criterium 7."
        / "Categories of data subjects, separated by ; or , (e.g. pupils; employees). Vulnerable groups count as EDPB criterion 7.";
    HELP_RECIPIENTS = "Ontvangers en verwerkers, gescheiden door ; of ,. Het aantal genoemde verwerkers telt voor de complexiteit als er geen kolom Aantal verwerkers is."
        / "Recipients and processors, separated by ; or ,. Their number counts for complexity when there is no Number of processors column.";
    HELP_TRANSFERS = "Doorgifte buiten de EU/EER: nee, of de landen. Een land zonder adequaatheidsbesluit maakt de blootstelling minstens Midden."
        / "Transfers outside the EU/EEA: no, or the countries. A country without an adequacy decision makes the exposure at least Medium.";
    HELP_RETENTION = "Bewaartermijn van de gegevens. Wordt getoond, niet gescoord."
        / "Retention period. Shown, not scored.";
    HELP_SECURITY = "Beveiligingsmaatregelen. Pseudonimisering, versleuteling of maskering telt als datamaskering."
        / "Security measures. Pseudonymisation, encryption or masking counts as data masking.";
    HELP_SYSTEMS_LIST = "Systemen en applicaties, gescheiden door ; of ,. Hun aantal telt voor de complexiteit als er geen kolom Aantal systemen is."
        / "Systems and applications, separated by ; or ,. Their number counts for complexity when there is no Number of systems column.";
    HELP_DEPARTMENT = "Afdeling of proceseigenaar. De Samenvatting telt per afdeling."
        / "Department or process owner. The Summary counts per department.";
    HELP_DPIA_NEEDED = "Het eigen oordeel van het register: is een DPIA vereist (ja/nee)? Een verschil met het DPIA-advies staat in Signalen."
        / "The register's own judgement: is a DPIA required (yes/no)? A difference with the DPIA advice shows in Signals.";
    HELP_SUBPROCESSORS = "Hoeveel subverwerkers zetten de verwerkers in? Hoog: {}. Eén of twee: {} met een belangrijke rol, anders {}. 0: {}."
        / "How many sub-processors do the processors use? High: {}. One or two: {} with a key role, else {}. 0: {}.";
    HELP_SYSTEMS = "Aantal systemen in de keten. Complexiteit Midden bij {}." / "Number of systems in the chain. Complexity Medium at {}.";
    HELP_PROCESSORS = "Aantal verwerkers. Complexiteit Hoog bij {}." / "Number of processors. Complexity High at {}.";
    HELP_AP_LIST = "Categorieën van de AP-lijst verplichte DPIA (1–17 of naam, bijv. 9 cameratoezicht; 15 profilering). Vanaf {} categorie(ën): DPIA verplicht."
        / "Categories of the Dutch DPA's mandatory-DPIA list (1–17 or name, e.g. 9 camera surveillance). From {} categor(y/ies): DPIA required.";
    HELP_EDPB_CRITERIA = "EDPB/WP248-criteria (1–9 of naam, bijv. 5 grootschalig). Vanaf {}: DPIA verplicht; vanaf {}: aanbevolen."
        / "EDPB/WP248 criteria (1–9 or name, e.g. 5 large scale). From {}: DPIA required; from {}: recommended.";
    HELP_LAST_REVIEW = "Datum van de laatste beoordeling (dd-mm-jjjj). Na {} maanden: herbeoordeling nodig."
        / "Date of the last review (dd-mm-yyyy). After {} months: review due.";
    HELP_BANDS = "Hoog: {}. Midden: {} en {}. Laag: {}." / "High: {}. Medium: {} and {}. Low: {}.";
    HELP_ADDED_COLUMN = "Vul 'geen' in als er geen van toepassing is: deze kolom is door dpia-triage toegevoegd, en een lege cel telt als nog niet beantwoord."
        / "Enter 'none' when none apply: dpia-triage added this column, and an empty cell counts as not answered yet.";
    // The dropdowns (with the level words of `sheets` and `YES` of `reasons`).
    NO = "nee" / "no";
    PARTLY = "deels" / "partly";
    LABEL_PUBLIC = "Openbaar" / "Public";
    LABEL_INTERNAL = "Intern" / "Internal";
    LABEL_CONFIDENTIAL = "Vertrouwelijk" / "Confidential";
    LABEL_STRICTLY_CONFIDENTIAL = "Strikt vertrouwelijk" / "Strictly confidential";
    LABEL_SECRET = "Geheim" / "Secret";
    // The workbook: its title and sheets.
    TEMPLATE_TITLE = "Verwerkingsregister (sjabloon)" / "Processing register (template)";
    REGISTER_SHEET = "Register" / "Register";
    EXAMPLE_SHEET = "Voorbeeld" / "Example";
    INSTRUCTIONS_SHEET = "Toelichting" / "Instructions";
    // The Toelichting sheet: its title, then headings and paragraphs in the order they stand.
    INSTRUCTIONS_TITLE = "Toelichting bij het verwerkingsregister" / "About the processing register";
    GUIDE_FILLING_IN = "Invullen" / "Filling in";
    GUIDE_ONE_ROW = "Vul per verwerking van persoonsgegevens één regel in op het blad Register. Het blad Voorbeeld laat ingevulde regels zien. Bij elke kolomkop staat een notitie met uitleg; kolommen met een keuzelijst hebben de standaardantwoorden, maar ook andere tekst wordt herkend (bijv. 'ca. 500', '> 1000', 'hoog')."
        / "Fill in one row per processing activity on the Register sheet. The Example sheet shows filled-in rows. Every column header has a note; columns with a dropdown offer the standard answers, but other text is understood too (e.g. 'about 500', '> 1000', 'high').";
    GUIDE_UNKNOWN = "Onbekend? Laat de cel leeg of schrijf 'onbekend'. Lege of onleesbare cellen worden gemeld onder Datakwaliteit; het advies wordt 'Onvolledig' als de ontbrekende gegevens het advies kunnen veranderen."
        / "Unknown? Leave the cell empty or write 'unknown'. Empty or unreadable cells are reported under Data quality; the advice becomes 'Incomplete' when the missing data could change it.";
    GUIDE_SCORING = "Beoordelen" / "Scoring";
    GUIDE_COMMAND = "dpia-triage score verwerkingsregister.xlsx  — schrijft verwerkingsregister.dpia.xlsx met per verwerking het niveau van de 10 SURF-criteria, de risicoscore en -klasse, het DPIA-advies met onderbouwing, meldingen, maatregelen met eigenaar en een samenvatting."
        / "dpia-triage score processing-register.xlsx --lang en  — writes processing-register.dpia.xlsx with the level of the 10 SURF criteria per activity, the risk score and class, the DPIA advice with its rationale, findings, measures with owners and a summary.";
    GUIDE_HOW_SCORED = "Hoe de score werkt" / "How the score works";
    GUIDE_POINTS = "Elk criterium krijgt Geen (0), Laag (1), Midden (2) of Hoog (3) punten, maal het gewicht; de maximale score is {}. Risicoklasse Hoog bij minstens {} criteria op Hoog of een score van minstens {}% van het maximum; Midden bij minstens {} op Hoog of {}%; anders Laag."
        / "Each criterion gets None (0), Low (1), Medium (2) or High (3) points, times its weight; the maximum score is {}. Risk class High with at least {} criteria at High or a score of at least {}% of the maximum; Medium with at least {} at High or {}%; else Low.";
    GUIDE_ADVICE = "DPIA verplicht als minstens {} categorie van de AP-lijst of minstens {} EDPB-criteria van toepassing zijn; aanbevolen bij risicoklasse Hoog of {} EDPB-criterium; anders geen DPIA nodig (met onderbouwing). SURF: één keer Hoog maakt een DPIA niet per se nodig, een combinatie van bovengemiddelde criteria wel."
        / "DPIA required when at least {} category of the AP list or at least {} EDPB criteria apply; recommended for risk class High or {} EDPB criterion; otherwise no DPIA needed (with the reason). SURF: a single High does not by itself require a DPIA; a combination of above-average criteria does.";
    GUIDE_RUBRIC = "Rubric: {} {}. Pas drempels, woordenlijsten, gewichten en maatregelen aan met een eigen rubric (dpia-triage rubric > mijn-rubric.toml)."
        / "Rubric: {} {}. Adapt thresholds, word lists, weights and measures with your own rubric (dpia-triage rubric > my-rubric.toml).";
}

/// The labels of the sensitivity dropdown, lowest first.
pub const SENSITIVITY_LABELS: [Text; 5] = [
    LABEL_PUBLIC,
    LABEL_INTERNAL,
    LABEL_CONFIDENTIAL,
    LABEL_STRICTLY_CONFIDENTIAL,
    LABEL_SECRET,
];
