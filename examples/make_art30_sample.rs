//! Generates the art. 30 sample register of the fictitious municipality "Gemeente Dijkerveen":
//! a processing register as Dutch municipalities publish theirs (GDPR art. 30), with text columns
//! instead of the tool's scored ones — purpose, legal basis, categories of data subjects and of
//! personal data, recipients, transfers, retention, security measures, system, department and the
//! register's own DPIA judgement — and a few rows filled in English (the expat desk).
//!
//! Run (from the crate root): `cargo run --example make_art30_sample -- [OUTPUT_DIR]` (default
//! `samples`); writes `verwerkingsregister-art30.xlsx`.

use std::error::Error;
use std::path::PathBuf;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};

const HEADERS: [&str; 14] = [
    "Nr",
    "Proces",
    "Omschrijving",
    "Doel van de verwerking",
    "Grondslag",
    "Categorieën betrokkenen",
    "Categorieën persoonsgegevens",
    "Ontvangers",
    "Doorgifte buiten de EU",
    "Bewaartermijn",
    "Beveiligingsmaatregelen",
    "Systeem",
    "Afdeling",
    "DPIA vereist?",
];

/// The register: one line per processing activity, in `HEADERS` order.
#[rustfmt::skip]
const ROWS: [[&str; 14]; 42] = [
    ["P-001", "Basisregistratie Personen (BRP)", "Bijhouden van de persoonsgegevens van inwoners", "Wettelijke taak: inschrijving, verhuizing, geboorte en overlijden", "Wettelijke verplichting (Wet BRP)", "Inwoners; ingezetenen; niet-ingezetenen", "NAW-gegevens; BSN; geboortedatum; nationaliteit; burgerlijke staat", "RvIG; Belastingdienst; ketenpartners", "Nee", "Wettelijk bepaald", "Autorisatiebesluit; logging; versleutelde verbindingen", "Centric Burgerzaken", "Publiekszaken", "Ja"],
    ["P-002", "Paspoorten en identiteitskaarten", "Aanvraag en uitgifte van reisdocumenten", "Verstrekken van reisdocumenten", "Wettelijke verplichting (Paspoortwet)", "Inwoners; kinderen", "NAW-gegevens; BSN; pasfoto; vingerafdrukken; handtekening", "RvIG; Paspoortproducent", "Nee", "Vingerafdrukken tot uitreiking; overig 11 jaar", "Beveiligde werkplek; versleuteling", "Reisdocumentenstation", "Publiekszaken", "Ja"],
    ["P-003", "Rijbewijzen", "Aanvraag van rijbewijzen", "Afgeven van rijbewijzen", "Wettelijke verplichting (Wegenverkeerswet)", "Inwoners", "NAW-gegevens; BSN; pasfoto; handtekening; medische verklaring", "RDW; CBR", "Nee", "11 jaar", "Beveiligde werkplek", "RDW-applicatie", "Publiekszaken", "Nee"],
    ["P-004", "Cameratoezicht openbare ruimte", "Camerabeelden van het stationsgebied en de binnenstad", "Handhaving openbare orde en veiligheid", "Wettelijke taak (art. 151c Gemeentewet)", "Bezoekers; voorbijgangers", "Camerabeelden; kenteken", "Politie", "Nee", "28 dagen", "Beelden versleuteld opgeslagen; toegang alleen voor toezichthouders", "VMS Milestone", "Openbare orde en veiligheid", "Ja"],
    ["P-005", "Bodycams handhavers", "Inzet van bodycams door boa's bij escalatie", "Veiligheid van handhavers; bewijsvoering", "Gerechtvaardigd belang", "Burgers; handhavers", "Beeld- en geluidsopnamen", "Politie; OM", "Nee", "28 dagen, bij incident langer", "Opnamen versleuteld", "Bodycam-portal", "Openbare orde en veiligheid", "Ja"],
    ["P-006", "Participatiewet – bijstand", "Aanvraag en toekenning van bijstandsuitkeringen", "Verstrekken van een uitkering en fraudebestrijding", "Wettelijke verplichting (Participatiewet)", "Aanvragers; partners; kinderen", "NAW; BSN; inkomen; vermogen; bankrekening; woonsituatie; gezondheid", "UWV; Belastingdienst; Inlichtingenbureau", "Nee", "10 jaar na beëindiging", "Rolgebaseerde toegang; logging", "Suite Sociaal Domein", "Werk en inkomen", "Ja"],
    ["P-007", "Schuldhulpverlening", "Begeleiding van inwoners met problematische schulden", "Schuldhulpverlening en schuldsanering", "Wettelijke taak (Wgs)", "Inwoners met schulden; gezinsleden", "NAW; BSN; schulden; inkomen; uitgaven; gezinssituatie", "Schuldeisers; bewindvoerders; Kredietbank", "Nee", "7 jaar", "Rolgebaseerde toegang", "Allegro", "Werk en inkomen", "Ja"],
    ["P-008", "Wmo-voorzieningen", "Aanvraag van maatwerkvoorzieningen (hulp bij huishouden, woningaanpassing)", "Ondersteuning van inwoners", "Wettelijke taak (Wmo 2015)", "Cliënten; mantelzorgers", "NAW; BSN; gezondheid; beperkingen; zorgbehoefte", "Zorgaanbieders; CAK", "Nee", "15 jaar", "Pseudonimisering bij rapportages; rolgebaseerde toegang", "Suite Sociaal Domein", "Zorg en welzijn", "Ja"],
    ["P-009", "Jeugdhulp", "Toegang tot jeugdhulp en samenwerking in het sociaal wijkteam", "Hulp aan jeugdigen en gezinnen", "Wettelijke taak (Jeugdwet)", "Jeugdigen; ouders; gezinsleden", "NAW; BSN; gezinssituatie; gezondheid; schoolgegevens", "Jeugdhulpaanbieders; Veilig Thuis; samenwerkingsverband", "Nee", "20 jaar", "Rolgebaseerde toegang; logging", "Suite Sociaal Domein", "Zorg en welzijn", "Ja"],
    ["P-010", "Leerplicht en RMC", "Registratie van verzuim van leerplichtige leerlingen", "Handhaving van de leerplicht", "Wettelijke taak (Leerplichtwet)", "Leerlingen; ouders", "NAW; BSN; schoolgegevens; verzuim", "Scholen; OM; DUO", "Nee", "5 jaar na 23e verjaardag", "Rolgebaseerde toegang", "Leerplicht Plus", "Onderwijs", "Nee"],
    ["P-011", "Leerlingenvervoer", "Vervoer van leerlingen naar speciaal onderwijs", "Organiseren van leerlingenvervoer", "Wettelijke taak", "Leerlingen; ouders", "NAW; school; beperking; medische indicatie", "Vervoerder", "Nee", "2 jaar", "Verwerkersovereenkomst met vervoerder", "Vervoersportaal", "Onderwijs", "Nee"],
    ["P-012", "Salarisadministratie", "Loonbetaling aan medewerkers", "Uitbetalen van salaris en afdragen van premies", "Overeenkomst; wettelijke verplichting", "Medewerkers", "NAW; BSN; bankrekening; salaris; functie", "Belastingdienst; ABP; arbodienst", "Nee", "7 jaar", "Rolgebaseerde toegang", "Youforce", "HRM", "Nee"],
    ["P-013", "Ziekteverzuimregistratie", "Registratie en begeleiding van ziekteverzuim", "Re-integratie van zieke medewerkers", "Wettelijke verplichting (Wet verbetering poortwachter)", "Medewerkers", "NAW; verzuimgegevens; re-integratieverslagen", "Arbodienst; bedrijfsarts", "Nee", "2 jaar na einde dienstverband", "Alleen leidinggevende en HR; medische gegevens alleen bij bedrijfsarts", "Verzuimsysteem", "HRM", "Ja"],
    ["P-014", "Werving en selectie", "Werven van nieuwe medewerkers", "Selecteren van kandidaten", "Toestemming; gerechtvaardigd belang", "Sollicitanten", "NAW; cv; motivatiebrief; referenties", "Selectiecommissie; wervingsbureau", "Nee", "4 weken, met toestemming 1 jaar", "Rolgebaseerde toegang", "Recruitee", "HRM", "Nee"],
    ["P-015", "Pre-employment screening", "Screening van kandidaten voor vertrouwensfuncties", "Integriteit van medewerkers in vertrouwensfuncties", "Gerechtvaardigd belang", "Sollicitanten", "NAW; VOG; referenties", "Justis", "Nee", "Tot einde dienstverband", "Beperkte toegang", "Personeelsdossier", "HRM", "Nee"],
    ["P-016", "Toegangspassen en tijdregistratie", "Toegang tot het gemeentehuis met een pas", "Beveiliging van het gebouw", "Gerechtvaardigd belang", "Medewerkers; bezoekers", "Naam; pasnummer; tijdstip van toegang", "Beveiligingsbedrijf", "Nee", "3 maanden", "Logging", "Nedap AEOS", "Facilitaire zaken", "Nee"],
    ["P-017", "Klantcontactcentrum", "Vastleggen van vragen en meldingen van inwoners", "Dienstverlening", "Algemeen belang", "Inwoners; ondernemers", "NAW; telefoonnummer; e-mailadres; inhoud van de vraag", "Vakafdelingen", "Nee", "1 jaar", "Rolgebaseerde toegang", "Salesforce", "Publiekszaken", "Nee"],
    ["P-018", "Meldingen openbare ruimte", "App voor meldingen over de openbare ruimte", "Onderhoud van de openbare ruimte", "Algemeen belang", "Melders", "Naam; e-mailadres; locatie van de melding; foto", "Aannemers", "Nee", "1 jaar", "Versleutelde verbinding", "Fixi", "Openbare ruimte", "Nee"],
    ["P-019", "Parkeervergunningen", "Uitgifte van parkeervergunningen", "Parkeerregulering", "Wettelijke taak", "Inwoners; bedrijven", "NAW; kenteken", "Parkeerbedrijf", "Nee", "2 jaar", "Rolgebaseerde toegang", "Parkeerbeheer", "Openbare ruimte", "Nee"],
    ["P-020", "Scanauto parkeerhandhaving", "Scannen van kentekens met een scanauto", "Controle op betaald parkeren", "Wettelijke taak", "Parkeerders", "Kenteken; locatie; tijdstip; foto", "Parkeerbedrijf; CJIB", "Nee", "48 uur zonder overtreding", "Versleuteling; pseudonimisering van kentekens", "Scanauto", "Openbare ruimte", "Ja"],
    ["P-021", "Belastingen (WOZ en heffingen)", "Heffen en innen van gemeentelijke belastingen", "Belastingheffing", "Wettelijke verplichting", "Eigenaren; gebruikers", "NAW; BSN; WOZ-waarde; bankrekening", "Waarderingskamer; deurwaarder", "Nee", "7 jaar", "Rolgebaseerde toegang", "Belastingsysteem", "Financiën", "Nee"],
    ["P-022", "Kwijtschelding", "Kwijtschelding van gemeentelijke belastingen", "Beoordelen van de financiële situatie van aanvragers", "Wettelijke taak", "Aanvragers", "NAW; BSN; inkomen; vermogen; uitgaven", "Inlichtingenbureau", "Nee", "7 jaar", "Rolgebaseerde toegang", "Belastingsysteem", "Financiën", "Nee"],
    ["P-023", "Subsidies", "Verstrekken van subsidies aan verenigingen", "Subsidieverlening", "Algemeen belang", "Contactpersonen van verenigingen", "Naam; functie; e-mailadres; bankrekening", "Accountant", "Nee", "7 jaar", "Rolgebaseerde toegang", "Subsidieportaal", "Financiën", "Nee"],
    ["P-024", "Omgevingsvergunningen", "Aanvragen van omgevingsvergunningen", "Vergunningverlening", "Wettelijke taak (Omgevingswet)", "Aanvragers; omwonenden", "NAW; adres van het bouwwerk; tekeningen", "Omgevingsdienst; provincie", "Nee", "Permanent (archief)", "Rolgebaseerde toegang", "Omgevingsloket", "Ruimte", "Nee"],
    ["P-025", "Handhaving bouw en milieu", "Toezicht op vergunningen en klachten", "Handhaving", "Wettelijke taak", "Overtreders; melders", "NAW; overtreding; foto's", "Omgevingsdienst; OM", "Nee", "10 jaar", "Rolgebaseerde toegang", "Squit", "Ruimte", "Nee"],
    ["P-026", "Zorg- en Veiligheidshuis", "Casusoverleg over complexe problematiek", "Voorkomen van criminaliteit en overlast", "Wettelijke taak; convenant", "Inwoners; verdachten; slachtoffers", "NAW; strafrechtelijke gegevens; gezondheid; gezinssituatie", "Politie; OM; reclassering; zorgpartners", "Nee", "5 jaar", "Beveiligde omgeving; logging", "GCOS", "Openbare orde en veiligheid", "Ja"],
    ["P-027", "Bibob-onderzoeken", "Integriteitsonderzoek bij vergunningen", "Voorkomen van misbruik van vergunningen door criminelen", "Wettelijke taak (Wet Bibob)", "Aanvragers; zakelijke relaties", "NAW; financiële gegevens; strafrechtelijke gegevens", "Landelijk Bureau Bibob; RIEC", "Nee", "5 jaar", "Beperkte toegang", "Bibob-dossier", "Openbare orde en veiligheid", "Ja"],
    ["P-028", "Woonfraude-aanpak", "Signaleren van woonfraude met risicoprofielen", "Fraudebestrijding bij adresregistratie", "Wettelijke taak", "Inwoners", "NAW; BSN; woonsituatie; registraties", "Belastingdienst; woningcorporaties", "Nee", "5 jaar", "Rolgebaseerde toegang", "Data-analyseplatform", "Publiekszaken", "Nee"],
    ["P-029", "Chatbot website", "Chatbot met kunstmatige intelligentie voor vragen van inwoners", "Dienstverlening", "Algemeen belang", "Websitebezoekers", "Vraag; IP-adres; chatgeschiedenis", "Leverancier chatbot", "VS (Microsoft Azure OpenAI)", "30 dagen", "Versleutelde verbinding", "Chatbot", "Communicatie", "Nee"],
    ["P-030", "Nieuwsbrief", "Versturen van de digitale nieuwsbrief", "Informeren van inwoners", "Toestemming", "Abonnees", "Naam; e-mailadres", "Mailingdienst", "VS", "Tot afmelding", "Dubbele opt-in", "Mailchimp", "Communicatie", "Nee"],
    ["P-031", "Social media monitoring", "Volgen van berichten over de gemeente op sociale media", "Omgevingsanalyse en woordvoering", "Gerechtvaardigd belang", "Inwoners; gebruikers van sociale media", "Naam; berichten; profielnaam", "Geen", "Nee", "1 jaar", "Geen bijzondere", "Coosto", "Communicatie", "Nee"],
    ["P-032", "Raadsinformatiesysteem", "Publicatie van raadsstukken", "Openbaarheid van bestuur", "Wettelijke taak", "Raadsleden; insprekers", "Naam; functie; inbreng", "Publiek", "Nee", "Permanent", "Geen", "iBabs", "Griffie", "Nee"],
    ["P-033", "Verkiezingen", "Organisatie van verkiezingen", "Uitvoeren van de Kieswet", "Wettelijke verplichting", "Kiezers; stembureauleden", "NAW; BSN; stempasnummer", "Drukker stempassen", "Nee", "Tot na de verkiezingen", "Beveiligde werkplek", "Verkiezingssysteem", "Publiekszaken", "Nee"],
    ["P-034", "Inburgering", "Begeleiding van nieuwkomers bij inburgering", "Uitvoeren van de Wet inburgering", "Wettelijke taak", "Nieuwkomers; asielzoekers", "NAW; BSN; nationaliteit; taalniveau; gezinssituatie", "DUO; COA; taalaanbieders", "Nee", "5 jaar", "Rolgebaseerde toegang", "Suite Sociaal Domein", "Werk en inkomen", "Ja"],
    ["P-035", "Huisvesting statushouders", "Huisvesten van vergunninghouders", "Taakstelling huisvesting", "Wettelijke taak", "Statushouders", "NAW; gezinssamenstelling; gezondheid", "Woningcorporaties; COA", "Nee", "2 jaar", "Rolgebaseerde toegang", "Huisvestingsregister", "Zorg en welzijn", "Nee"],
    ["P-036", "Gladheidsbestrijding met GPS", "GPS-volgsysteem in strooiwagens", "Planning en verantwoording van strooiroutes", "Gerechtvaardigd belang", "Chauffeurs", "Naam; GPS-locatie; tijdstip", "Aannemer", "Nee", "1 jaar", "Gegevens niet herleidbaar naar chauffeur in rapportages", "Fleet tracking", "Openbare ruimte", "Nee"],
    ["P-037", "Slimme lantaarnpalen", "Sensoren in lantaarnpalen meten drukte in de binnenstad", "Crowd management", "Algemeen belang", "Bezoekers binnenstad", "Wifi-signalen (gehasht); tellingen", "Leverancier sensoren", "Nee", "24 uur", "Anonimisering aan de bron", "Smart City-platform", "Economische zaken", "Ja"],
    ["P-038", "Expat desk – registration support", "Helping international employees register with the municipality", "Service to expats", "Public task", "Expats; family members", "Name; address; passport; employer", "Employers; IND", "No", "1 year", "Role-based access", "CRM", "Economic Affairs", "No"],
    ["P-039", "International talent programme", "Matching international graduates with local employers", "Regional labour market", "Consent", "Graduates", "Name; CV; nationality; e-mail", "Employers; recruitment partner", "India; United States", "2 years", "Role-based access", "Talent portal", "Economic Affairs", "No"],
    ["P-040", "Visitor survey", "Online survey of visitors to the city centre", "Improving the city centre", "Consent", "Visitors", "Age group; postcode; opinions", "Research agency", "No", "6 months", "Pseudonymised results", "Survey tool", "Economic Affairs", "No"],
    ["P-041", "Sportpassen minima", "Korting op sport voor inwoners met een laag inkomen", "Minimabeleid", "Wettelijke taak", "Inwoners met laag inkomen; kinderen", "NAW; BSN; inkomen", "Sportverenigingen", "Nee", "2 jaar", "Rolgebaseerde toegang", "Minimaregeling", "Werk en inkomen", "Nee"],
    ["P-042", "Archief en informatiebeheer", "Beheer van het gemeentelijk archief", "Archivering", "Wettelijke verplichting (Archiefwet)", "Alle betrokkenen van gemeentelijke processen", "Diverse persoonsgegevens", "Regionaal archief", "Nee", "Volgens selectielijst", "Fysieke en logische toegangsbeveiliging", "Zaaksysteem", "Informatiebeheer", "Nee"],
];

fn main() -> Result<(), Box<dyn Error>> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("samples"));
    let mut wb = Workbook::new();
    // A fixed creation date, so the file is the same each time it is generated.
    let created = ExcelDateTime::from_ymd(2026, 10, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Verwerkingsregister Gemeente Dijkerveen")
            .set_author("Gemeente Dijkerveen")
            .set_creation_datetime(&created),
    );
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(0xDDEBF7);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let ws = wb.add_worksheet().set_name("Verwerkingsregister")?;
    ws.write_string_with_format(
        0,
        0,
        "Verwerkingsregister Gemeente Dijkerveen (art. 30 AVG)",
        &title,
    )?;
    ws.write_string(
        1,
        0,
        "Vastgesteld door het college; laatst bijgewerkt 1 oktober 2026.",
    )?;
    let widths = [
        8.0, 30.0, 40.0, 36.0, 28.0, 28.0, 40.0, 30.0, 18.0, 20.0, 34.0, 20.0, 22.0, 10.0,
    ];
    for (c, (h, w)) in HEADERS.iter().zip(widths).enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, w)?;
    }
    for (r, row) in ROWS.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string_with_format(4 + r as u32, c as u16, *v, &wrap)?;
        }
    }
    ws.set_freeze_panes(4, 2)?;
    ws.autofilter(3, 0, 3 + ROWS.len() as u32, HEADERS.len() as u16 - 1)?;
    let path = dir.join("verwerkingsregister-art30.xlsx");
    wb.save(&path)?;
    println!("wrote {}", path.display());
    Ok(())
}
