//! The page's words (`dpia-triage serve`): what its script shows, by the key it looks them up
//! by (the name without `PAGE_`, in lower case). The server hands the page both languages, so
//! its language button switches without asking again.

use super::Text;

catalogue! {
    PAGE;
    PAGE_INTRO = "Zet je verwerkingsregister hier neer. Het blijft op deze computer: deze pagina komt van dpia-triage zelf en stuurt niets naar het internet." / "Drop your processing register here. It stays on this computer: this page comes from dpia-triage itself and sends nothing to the internet.";
    PAGE_DROP = "Sleep registers hierheen, of klik om ze te kiezen (.xlsx, .xlsm, .xlsb, .xls, .ods, .csv)" / "Drag registers here, or click to choose them (.xlsx, .xlsm, .xlsb, .xls, .ods, .csv)";
    PAGE_RUBRIC = "Eigen rubric (optioneel):" / "Your own rubric (optional):";
    PAGE_PREVIOUS = "Vorige geannoteerde werkmap (optioneel):" / "Previous annotated workbook (optional):";
    PAGE_CHOOSE = "Kiezen…" / "Choose…";
    PAGE_NOTHING = "geen gekozen" / "none chosen";
    PAGE_CLEAR = "weghalen" / "remove";
    PAGE_TEMPLATE = "Leeg sjabloon downloaden" / "Download the blank template";
    PAGE_DEFAULT_RUBRIC = "Standaard-rubric downloaden" / "Download the default rubric";
    PAGE_FOOTER = "dpia-triage beoordeelt elke verwerking op de tien SURF-criteria en zegt of een DPIA nodig is, met de redenen." / "dpia-triage scores every processing activity on SURF's ten criteria and says whether a DPIA is needed, with the reasons.";
    PAGE_UPLOADING = "versturen" / "sending";
    PAGE_WAITING = "wacht tot een ander register klaar is…" / "waiting for another register to finish…";
    PAGE_SCORING = "beoordelen…" / "scoring…";
    PAGE_FINISHING = "uitvoer afronden…" / "finishing the output…";
    PAGE_DONE = "klaar" / "done";
    PAGE_MAKING = "maken…" / "making…";
    PAGE_SECONDS = "s" / "s";
    PAGE_OF_ABOUT = "van ongeveer" / "of about";
    PAGE_NETWORK = "de verbinding met dpia-triage is verbroken (is het gestopt?)" / "the connection to dpia-triage broke (has it stopped?)";
    PAGE_TOO_LARGE = "het bestand is groter dan {} MiB (de grens van deze pagina, dpia-triage serve --max-upload-mib)" / "the file is larger than {} MiB (this page's limit, dpia-triage serve --max-upload-mib)";
    PAGE_ACTIVITIES = "activiteiten" / "activities";
    PAGE_REQUIRED = "DPIA verplicht" / "DPIA required";
    PAGE_RECOMMENDED = "DPIA aanbevolen" / "DPIA recommended";
    PAGE_NOT_REQUIRED = "geen DPIA nodig" / "no DPIA needed";
    PAGE_INCOMPLETE = "onvolledig" / "incomplete";
    PAGE_FINDINGS = "meldingen" / "findings";
    PAGE_CLASS_H = "Risicoklasse" / "Risk class";
    PAGE_HIGH = "Hoog" / "High";
    PAGE_MEDIUM = "Midden" / "Medium";
    PAGE_LOW = "Laag" / "Low";
    PAGE_NEEDING = "Activiteiten die een DPIA nodig hebben" / "Activities that need a DPIA";
    PAGE_NONE = "geen" / "none";
    PAGE_MORE = "en {} meer: zie de werkmap" / "and {} more: see the workbook";
    PAGE_WORKBOOK = "Geannoteerde werkmap" / "Annotated workbook";
    PAGE_JSON = "JSON" / "JSON";
    PAGE_CSV = "CSV" / "CSV";
    PAGE_OTHER = "English" / "Nederlands";
    PAGE_ID = "ID" / "ID";
    PAGE_NAME = "Verwerking" / "Processing activity";
    PAGE_ADVICE = "Advies" / "Advice";
    PAGE_RECORDED = "DPIA vastgelegd" / "DPIA recorded";
    PAGE_WHY = "Waarom" / "Why";
    PAGE_INCOMPLETE_LIST = "Onvolledige activiteiten, de meeste signalen eerst" / "Incomplete activities, most signals first";
    PAGE_SIGNALS = "Signalen" / "Signals";
    PAGE_GONE = "de uitslag is niet meer bewaard; wat hieronder staat is in de vorige taal" / "the result is no longer kept; what follows is in the previous language";
    PAGE_NONE_YET = "nog niet vast te stellen: {} activiteiten zijn onvolledig (hieronder, met wat ze beslist)" / "cannot be told yet: {} activities are incomplete (below, with what decides them)";
    PAGE_NO_SIGNALS = "geen signalen: te bevestigen" / "no signals: to confirm";
    PAGE_MORE_INCOMPLETE = "en {} meer: zie de Samenvatting van de werkmap" / "and {} more: see the workbook's Summary";
    PAGE_YES = "ja" / "yes";
    PAGE_NO = "nee" / "no";
    PAGE_WITH_RUBRIC = "met rubric {}" / "with rubric {}";
    PAGE_WITH_PREVIOUS = "vergeleken met {}" / "compared with {}";
    PAGE_PREVIOUS_SKIPPED = "niet vergeleken met {}: die hoort bij een ander register (kies de vorige werkmap met één register tegelijk)" / "not compared with {}: it belongs to another register (choose the previous workbook with one register at a time)";
}
