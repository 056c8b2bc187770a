//! What the text of an art. 30 register says (docs/rubric.md#derive): AP-list items and EDPB criteria from
//! the rubric's word lists over the scanned text fields, EDPB criteria that follow from levels,
//! masking from the security measures, and a transfer outside the EU/EEA. The rules are the
//! rubric's `[derive]`; this module only applies them. Each derived item carries where it came
//! from (`'camerabeelden' in Doel`), so the reason can say it and the privacy officer confirm it.

use crate::messages as M;
use std::borrow::Cow;

use crate::fields::Field;
use crate::input::record::Record;
use crate::lang::Lang;
use crate::lexicon;
use crate::rubric::{
    DERIVE_AP, DERIVE_EDPB, DERIVE_MASKING, DERIVE_SPECIAL, DERIVE_THIRD_COUNTRY,
    DERIVE_TRANSFER_YES,
};

use super::Context;

/// What the text of one row says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Derived {
    /// AP-list items with where they came from, ascending.
    pub ap: Vec<(u8, String)>,
    /// EDPB criteria with where they came from, ascending.
    pub edpb: Vec<(u8, String)>,
    /// Masking measures named in the security measures.
    pub masking: Option<String>,
    /// A transfer outside the EU/EEA, named in the transfers column.
    pub transfer: Option<String>,
    /// Special categories of data (art. 9/10 GDPR) named in the text.
    pub special: Option<String>,
    /// The data-subject cell denies that the row is about persons (`[derive] no_subjects`):
    /// where it says so. No AP-list item, EDPB criterion or special category is then derived.
    pub no_subjects: Option<String>,
    /// Items found by a term that counts only beside other items (`[derive.only_with]`): the
    /// item's tag, where it came from, and the tags one of which the row must have.
    pub pending: Vec<(u32, String, Vec<u32>)>,
}

impl Derived {
    /// Settle the items of `[derive.only_with]` terms once the row's other items are known:
    /// `has(tag)` tells whether the row has an AP-list item or EDPB criterion (stated, derived
    /// from its text or from its levels). An item whose companion it has is derived.
    pub fn settle(&mut self, has: impl Fn(u32) -> bool) {
        for (tag, whence, with) in std::mem::take(&mut self.pending) {
            if !with.iter().any(|t| has(*t) || self.has(*t)) {
                self.pending.push((tag, whence, with));
                continue;
            }
            let item = (tag % 1000) as u8;
            match tag / 1000 {
                DERIVE_AP => add(&mut self.ap, item, whence),
                _ => add(&mut self.edpb, item, whence),
            }
        }
    }

    /// Whether the text gave the item of `tag`.
    pub fn has(&self, tag: u32) -> bool {
        let item = (tag % 1000) as u8;
        let list = match tag / 1000 {
            DERIVE_AP => &self.ap,
            DERIVE_EDPB => &self.edpb,
            _ => return false,
        };
        list.iter().any(|(n, _)| *n == item)
    }
}

/// The column a scanned field stands for, in words.
fn label(field: Field, lang: Lang) -> &'static str {
    match field {
        Field::Name => M::SCANNED_NAME.get(lang),
        Field::Description => M::SCANNED_DESCRIPTION.get(lang),
        Field::Purpose => M::SCANNED_PURPOSE.get(lang),
        Field::SubjectCategories => M::SCANNED_SUBJECTS.get(lang),
        Field::DataCategories => M::SCANNED_DATA.get(lang),
        Field::Recipients => M::SCANNED_RECIPIENTS.get(lang),
        Field::Transfers => M::SCANNED_TRANSFERS.get(lang),
        Field::Security => M::SCANNED_SECURITY.get(lang),
        Field::LegalBasis => M::SCANNED_LEGAL_BASIS.get(lang),
        _ => M::SCANNED_TEXT.get(lang),
    }
}

/// The text of a scanned field in a row.
fn text(rec: &Record, field: Field) -> Option<Cow<'_, str>> {
    let joined = |items: &[String]| (!items.is_empty()).then(|| Cow::Owned(items.join("; ")));
    fn own(t: &Option<String>) -> Option<Cow<'_, str>> {
        t.as_deref().map(Cow::Borrowed)
    }
    match field {
        Field::Name => own(&rec.name),
        Field::Description => own(&rec.texts.description),
        Field::Purpose => own(&rec.texts.purpose),
        Field::Transfers => own(&rec.texts.transfers),
        Field::Security => own(&rec.texts.security),
        Field::LegalBasis => own(&rec.texts.legal_basis),
        Field::SubjectCategories => joined(&rec.subject_categories),
        Field::DataCategories => joined(&rec.data_categories),
        Field::Recipients => joined(&rec.recipients),
        _ => None,
    }
}

/// Whether `text` gives the field a text, without making it.
fn has_text(rec: &Record, field: Field) -> bool {
    match field {
        Field::Name => rec.name.is_some(),
        Field::Description => rec.texts.description.is_some(),
        Field::Purpose => rec.texts.purpose.is_some(),
        Field::Transfers => rec.texts.transfers.is_some(),
        Field::Security => rec.texts.security.is_some(),
        Field::LegalBasis => rec.texts.legal_basis.is_some(),
        Field::SubjectCategories => !rec.subject_categories.is_empty(),
        Field::DataCategories => !rec.data_categories.is_empty(),
        Field::Recipients => !rec.recipients.is_empty(),
        _ => false,
    }
}

/// Scan a row's text fields with the rubric's word lists.
pub fn scan(rec: &Record, cx: &Context<'_>) -> Derived {
    let rules = &cx.rubric.derive;
    let mut d = Derived::default();
    if rules.lexicon.is_empty() {
        return d;
    }
    let lang = cx.lang;
    // "None identifiable", "n/a (metadata)": a row about no person has no vulnerable data
    // subjects, no special data and no AI processing of personal data to derive. The cell's
    // items are read as one text: the list parser splits `n/a` into `n` and `a`.
    if !rec.subject_categories.is_empty() {
        let t = rec.subject_categories.join(" ");
        if let Some(phrase) = rules.denies_subjects(&lexicon::normalize(&t)) {
            d.no_subjects =
                Some(M::FOUND_IN.with(lang, &[&phrase, &label(Field::SubjectCategories, lang)]));
        }
    }
    let about_persons = d.no_subjects.is_none();
    let name = rec
        .name
        .as_deref()
        .map(lexicon::normalize)
        .unwrap_or_default();
    for &field in &rules.scan {
        let normalized = if field == Field::Name {
            if rec.name.is_none() {
                continue;
            }
            Cow::Borrowed(name.as_str())
        } else {
            let Some(t) = text(rec, field) else {
                continue;
            };
            Cow::Owned(lexicon::normalize(&t))
        };
        let beside = if field == Field::Name { "" } else { &name };
        for hit in rules.lexicon.find_beside(&normalized, beside) {
            // An item whose words count only in some columns (`[derive.where]`).
            if !rules.counts_in(hit.tag, &hit.term, field, |f| has_text(rec, f)) {
                continue;
            }
            let (kind, item) = (hit.tag / 1000, (hit.tag % 1000) as u8);
            let whence = M::FOUND_IN.with(lang, &[&hit.found, &label(field, lang)]);
            if matches!(kind, DERIVE_AP | DERIVE_EDPB) && about_persons {
                // A term that counts only beside other items waits for them (`settle`).
                if let Some((_, with)) = rules.only_with.iter().find(|(t, _)| *t == hit.term) {
                    let on = if kind == DERIVE_AP {
                        rules.ap_list
                    } else {
                        rules.edpb_criteria
                    };
                    if on && !d.pending.iter().any(|(t, _, _)| *t == hit.tag) {
                        d.pending.push((hit.tag, whence, with.clone()));
                    }
                    continue;
                }
            }
            match kind {
                DERIVE_AP if rules.ap_list && about_persons => add(&mut d.ap, item, whence),
                DERIVE_EDPB if rules.edpb_criteria && about_persons => {
                    add(&mut d.edpb, item, whence)
                }
                DERIVE_MASKING if rules.masking && field == Field::Security => {
                    d.masking.get_or_insert(whence);
                }
                DERIVE_THIRD_COUNTRY | DERIVE_TRANSFER_YES
                    if rules.transfers && field == Field::Transfers =>
                {
                    d.transfer.get_or_insert(whence);
                }
                // Data categories are read by the sensitivity criterion itself.
                DERIVE_SPECIAL
                    if rules.special && about_persons && field != Field::DataCategories =>
                {
                    d.special.get_or_insert(whence);
                }
                _ => {}
            }
        }
    }
    d
}

/// The first provenance of an item is kept; items stay sorted.
fn add(list: &mut Vec<(u8, String)>, item: u8, whence: String) {
    if let Err(i) = list.binary_search_by_key(&item, |(n, _)| *n) {
        list.insert(i, (item, whence));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;

    fn derived(fields: &[(Field, &str)]) -> Derived {
        let rubric = Rubric::default_rubric(crate::lang::Lang::Nl).unwrap();
        let cx = Context {
            rubric: &rubric,
            today: chrono::NaiveDate::from_ymd_opt(2026, 9, 21).unwrap(),
            lang: Lang::Nl,
        };
        let mut rec = Record::default();
        for (f, t) in fields {
            let t = t.to_string();
            match f {
                Field::Name => rec.name = Some(t),
                Field::Description => rec.texts.description = Some(t),
                Field::Purpose => rec.texts.purpose = Some(t),
                Field::Transfers => rec.texts.transfers = Some(t),
                Field::Security => rec.texts.security = Some(t),
                Field::LegalBasis => rec.texts.legal_basis = Some(t),
                Field::SubjectCategories => rec.subject_categories = crate::value::parse_list(&t),
                Field::DataCategories => rec.data_categories = crate::value::parse_list(&t),
                Field::Recipients => rec.recipients = crate::value::parse_list(&t),
                _ => {}
            }
        }
        scan(&rec, &cx)
    }

    fn items(list: &[(u8, String)]) -> Vec<u8> {
        list.iter().map(|(n, _)| *n).collect()
    }

    /// One line per lexicon rule of the default rubric: (fields, AP items, EDPB criteria).
    #[test]
    fn the_default_lexicons_find_what_they_should_and_no_more() {
        use Field::*;
        type Case<'a> = (&'a [(Field, &'a str)], &'a [u8], &'a [u8]);
        let cases: &[Case<'_>] = &[
            // A German register (Verzeichnis von Verarbeitungstätigkeiten).
            (
                &[(Purpose, "Videoüberwachung des Eingangsbereichs")],
                &[9],
                &[3],
            ),
            (
                &[(Description, "Einsatz von KI zur Auswertung von Bewerbungen")],
                &[],
                &[8],
            ),
            (
                &[(Purpose, "Betrugsbekämpfung bei Sozialleistungen")],
                &[3],
                &[],
            ),
            // A clinic's medical histories and treatment notes (AP 7); personalised ads and a
            // campaign measured through an advertiser's conversions API (AP 16); recommended
            // treatments and personalised content recommendations (EDPB 1); a hashed
            // "fingerprint" against discount abuse is no biometrics.
            (
                &[(Purpose, "Capture medical history before treatment")],
                &[7],
                &[],
            ),
            (
                &[(Purpose, "Personalised ads only with consent")],
                &[16],
                &[],
            ),
            (
                &[(Recipients, "Meta CAPI for campaign measurement")],
                &[16],
                &[],
            ),
            (
                &[(DataCategories, "derived findings, recommended treatments")],
                &[],
                &[1],
            ),
            (
                &[(DataCategories, "discount-abuse fingerprints (hashed email)")],
                &[],
                &[],
            ),
            // A record of banned accounts or restricted numbers keeps people out of a service
            // (AP 2, EDPB 9); notes on a candidate's unreliable behaviour evaluate the candidate
            // (EDPB 1); a player's ban from a match is not found by these words.
            (
                &[(Name, "Ban record after deletion of a banned account")],
                &[2],
                &[9],
            ),
            (&[(Name, "Candidate restriction records")], &[2], &[9]),
            (&[(Name, "Candidate reliability notes")], &[], &[1]),
            (&[(Purpose, "Friends, requests and blocks")], &[], &[]),
            // Health data as a health service processes it, systematically: blood panels and
            // biomarkers, cycle tracking, clinicians' notes (AP 7); bank statements are financial
            // data of a highly personal nature (EDPB 4).
            (
                &[(Purpose, "Capture biomarker values from blood panels")],
                &[7],
                &[],
            ),
            (&[(Name, "Menstrual / cycle data (opt-in)")], &[7], &[]),
            (&[(Name, "Clinician review: clinician notes")], &[7], &[]),
            (&[(Purpose, "Auswertung der Blutwerte")], &[7], &[]),
            (&[(Name, "Transaktionen & Kontoauszug-Import")], &[], &[4]),
            (&[(DataCategories, "bankafschriften, facturen")], &[], &[4]),
            (&[(Purpose, "Blood donation appointments")], &[], &[]),
            // Context rules (`[derive.not_after]`, `[derive.near]`): a machine fingerprint is no
            // biometrics, a photo no camera surveillance, job matching no matching of datasets,
            // web traffic no communications data.
            (
                &[(
                    DataCategories,
                    "Machine fingerprint (hash of machine identity)",
                )],
                &[],
                &[],
            ),
            (&[(Purpose, "Toegang met fingerprint scanner")], &[17], &[]),
            // The thirty-second round: a fingerprint of software, an installation or a recording
            // is no biometrics (`[derive.not_near]`); one at an entrance or a time clock is.
            (
                &[(
                    DataCategories,
                    "Runners: a fingerprint of which agent CLIs are installed",
                )],
                &[],
                &[],
            ),
            (
                &[(Recipients, "AcoustID (MetaBrainz) — nur Fingerprint + Dauer")],
                &[],
                &[],
            ),
            (
                &[(Purpose, "Attendance by fingerprint at the staff entrance")],
                &[17],
                &[],
            ),
            (
                &[(DataCategories, "fingerprint templates (biometric)")],
                &[17],
                &[],
            ),
            (&[(DataCategories, "NAW, beeldopnamen (pasfoto)")], &[], &[]),
            (
                &[(Purpose, "Beeldopnamen van de bewakingscamera bij de ingang")],
                &[9],
                &[3],
            ),
            (&[(Purpose, "Job matching voor werkzoekenden")], &[], &[]),
            (
                &[(
                    Purpose,
                    "Matching van gegevensbestanden van twee afdelingen",
                )],
                &[],
                &[6],
            ),
            (&[(DataCategories, "Website traffic data")], &[], &[]),
            (
                &[(DataCategories, "Telecom traffic data and call records")],
                &[13],
                &[],
            ),
            // Words count where the rubric's `[derive.where]` says: vulnerable subjects among
            // the data subjects, not among recipients or security measures; fraud as a task,
            // not as a security aim.
            (
                &[(SubjectCategories, "Leerlingen en hun ouders")],
                &[],
                &[7],
            ),
            (
                &[(Recipients, "Jeugdzorginstellingen, Belastingdienst")],
                &[],
                &[],
            ),
            (
                &[(Security, "Training for staff who handle minors' files")],
                &[],
                &[],
            ),
            // Employees, applicants and other staff are not by themselves vulnerable data
            // subjects: whether the power imbalance of WP248 weighs is the officer's call.
            (&[(Name, "Personeelsadministratie")], &[], &[]),
            (
                &[(SubjectCategories, "Medewerkers, sollicitanten")],
                &[],
                &[],
            ),
            (&[(SubjectCategories, "Beschäftigte, Bewerber")], &[], &[]),
            (
                &[(SubjectCategories, "Employees and care workers")],
                &[],
                &[],
            ),
            (&[(Purpose, "Fraudebestrijding bij uitkeringen")], &[3], &[]),
            (&[(Security, "Logging for fraud prevention")], &[], &[]),
            (
                &[(Purpose, "Camerabeelden van de entree bewaren")],
                &[9],
                &[3],
            ),
            (
                &[(Description, "Beveiligingscamera's bij de fietsenstalling")],
                &[9],
                &[3],
            ),
            (
                &[(Purpose, "Inzet van bodycams door handhavers")],
                &[10],
                &[3],
            ),
            (&[(Purpose, "Fraudebestrijding bij uitkeringen")], &[3], &[]),
            (&[(Purpose, "Bestrijding van uitkeringsfraude")], &[3], &[]),
            // Health data in a list is sensitivity (EDPB 4 through the level), not AP 7 itself.
            (&[(DataCategories, "naam; gezondheidsgegevens")], &[], &[]),
            // An employer's sick-leave registration is health data (sensitivity), not AP 7's
            // large-scale processing of health data.
            (&[(Purpose, "Registratie van ziekteverzuim")], &[], &[]),
            (
                // Tracking (EDPB 3) of location data (EDPB 4, "data of a highly personal nature").
                &[(Purpose, "GPS-locatie van dienstauto's volgen")],
                &[12],
                &[3, 4],
            ),
            (&[(Purpose, "Klantprofilering voor marketing")], &[15], &[1]),
            (&[(Purpose, "Toegang met vingerafdruk")], &[17], &[]),
            (
                &[(Purpose, "Gezichtsherkenning bij de toegangspoort")],
                &[17],
                &[8],
            ),
            (&[(SubjectCategories, "leerlingen; ouders")], &[], &[7]),
            (
                &[(Purpose, "Chatbot met kunstmatige intelligentie")],
                &[],
                &[8],
            ),
            (
                &[(
                    Purpose,
                    "Koppeling van de leerlingadministratie met het LVS",
                )],
                &[],
                &[6, 7],
            ),
            (
                &[(Purpose, "Geautomatiseerde besluitvorming over toelating")],
                &[],
                &[2],
            ),
            // Words that look alike but are not the signal.
            (
                &[(Purpose, "Leslocatie en rooster van de opleiding")],
                &[],
                &[],
            ),
            (&[(DataCategories, "rasterfoto; profielfoto")], &[], &[]),
            (&[(Purpose, "Nieuwsbrief versturen aan abonnees")], &[], &[]),
            (&[(Recipients, "Cloud86 (EU); Microsoft")], &[], &[]),
            (&[(DataCategories, "naam; locatie (vestiging)")], &[], &[]),
            (
                &[(DataCategories, "locatiegegevens van de app")],
                &[12],
                &[4],
            ),
            // What the register denies is not found.
            (
                &[(DataCategories, "vermogen, hartslag. Geen GPS-route.")],
                &[],
                &[],
            ),
            (
                &[(Purpose, "Geen camerabeelden, geen locatiegegevens")],
                &[],
                &[],
            ),
            // A denied enumeration (`[derive] joiners`), in German too.
            (
                &[(
                    DataCategories,
                    "Keine Namen, Kennungen, Freitexte oder Standortdaten",
                )],
                &[],
                &[],
            ),
            (
                &[(
                    DataCategories,
                    "Geen namen, camerabeelden of locatiegegevens",
                )],
                &[],
                &[],
            ),
            (
                &[(
                    Purpose,
                    "Vroegsignalering van problematische schuldensituaties",
                )],
                &[5],
                &[],
            ),
            (&[(DataCategories, "Cookies, advertentie-ID's")], &[16], &[]),
            // `[derive.near]`: a video recording is camera surveillance with surveillance words
            // near, not a recorded lesson or life story.
            (&[(Purpose, "Video-opnames van lessen")], &[], &[]),
            (
                &[(Purpose, "Audio- en video-opnames van levensverhalen")],
                &[],
                &[],
            ),
            (
                &[(
                    Purpose,
                    "Video-opnames van de bewakingscamera's op het terrein",
                )],
                &[9],
                &[3],
            ),
            (
                &[(Purpose, "Video recordings for security of the premises")],
                &[9],
                &[],
            ),
            // `[derive.not_in_text]`: fraud prevention as a security aim, in the same cell.
            (
                &[(
                    Purpose,
                    "Sicherheitsüberwachung, Betrugsprävention, Audit-Trail",
                )],
                &[],
                &[],
            ),
            // ... or in the activity's name: the aim of an audit log is no fraud combating.
            (
                &[
                    (Name, "Audit logging (compliance)"),
                    (
                        Purpose,
                        "Naleving wettelijke verplichtingen en frauddetectie",
                    ),
                ],
                &[],
                &[],
            ),
            (
                &[
                    (Name, "Fraudeonderzoek uitkeringen"),
                    (Purpose, "Frauddetectie bij bijstandsaanvragen"),
                ],
                &[3],
                &[],
            ),
            // Personalised recommendations from what a person read are an evaluation of their
            // interests (EDPB 1); minors named by their age, in German too.
            (
                &[(Purpose, "Personalisierte Empfehlungen, Fortschrittsverfolgung")],
                &[],
                &[1],
            ),
            (
                &[(Purpose, "Personalised recommendations from reading history")],
                &[],
                &[1],
            ),
            (
                &[(
                    SubjectCategories,
                    "Auszubildende unter 16 Jahren und deren Sorgeberechtigte",
                )],
                &[],
                &[7],
            ),
            // The score of a game is no evaluation of a person; a pupil's test scores are.
            (
                &[
                    (Name, "Gamification — Punkte, Badges"),
                    (DataCategories, "Score, Zeitstempel"),
                ],
                &[],
                &[],
            ),
            (
                &[
                    (Name, "Assessments / quizzes / progress"),
                    (DataCategories, "answers, scores, mastery"),
                ],
                &[],
                &[1],
            ),
            // Precise location is data of a highly personal nature; a self-hosted Whisper is
            // AI; refugees are vulnerable, in German too; a genome is genetic data.
            (
                &[(DataCategories, "Precise geolocation, destinations")],
                &[12],
                &[4],
            ),
            (
                &[(Recipients, "Speaches / Whisper (self-hosted)")],
                &[],
                &[8],
            ),
            (
                &[(SubjectCategories, "Immigrant:innen, Geflüchtete")],
                &[],
                &[7],
            ),
            (&[(Purpose, "Analysis of the user's genome file")], &[6], &[]),
            (&[(Purpose, "Genotyping results and polygenic scores")], &[6], &[1]),
            // A camera as a scanner's input is no camera surveillance; a workflow's diagnosis is no
            // medical one; face embeddings that identify persons are biometrics with new
            // technology.
            (
                &[(
                    Purpose,
                    "Erfassung des input_source-Kanals (camera/usb_hid/manual) für die Diagnose von Workflow-Friktion",
                )],
                &[],
                &[],
            ),
            (
                &[(Purpose, "Face identification in photos (face embeddings)")],
                &[17],
                &[8],
            ),
            // A star rating users give the product rates no person; an AI agent is AI.
            (
                &[(
                    DataCategories,
                    "Sterne-Bewertung (1-5) der Nutzer, optional Kommentar",
                )],
                &[],
                &[],
            ),
            (&[(Purpose, "Anrufe werden von einem KI-Agenten angenommen")], &[], &[8]),
            // A GPS position is location data of a highly personal nature; the numbers and
            // times of calls are communications data; a URL embedding an ID is no AI.
            (
                &[(DataCategories, "GPS position roughly every five minutes")],
                &[12],
                &[4],
            ),
            (
                &[(DataCategories, "Calling/called number, timestamp, duration, status")],
                &[13],
                &[],
            ),
            (
                &[(
                    DataCategories,
                    "Magic-link sign-in uses a short-lived signed URL embedding the user ID",
                )],
                &[],
                &[],
            ),
            (&[(DataCategories, "Document text and embeddings")], &[], &[8]),
            // Bank accounts and card numbers are financial data that can serve payment fraud
            // (WP248's example of EDPB 4); a register that keeps none names none.
            (
                &[(DataCategories, "Bank account + routing/IBAN, account holder name")],
                &[],
                &[4],
            ),
            (&[(DataCategories, "Naam, bankrekeningnummer")], &[], &[4]),
            (&[(DataCategories, "Name, e-mail; no bank details stored")], &[], &[]),
            // What WP248 calls highly personal: a diary, private messages, photos of one's body
            // (EDPB 4); a profile of someone's tastes is profiling (AP 15, EDPB 1); a health
            // profile kept and tracked is health data (AP 7). Diagnosing faults is no diagnosis.
            (&[(DataCategories, "Food diary entries, workout logs")], &[], &[4]),
            (&[(DataCategories, "Direct messages between members")], &[], &[4]),
            (&[(Name, "Progress photos (front/side/back)")], &[], &[4]),
            (
                &[(Purpose, "Personalise recommendations (the taste profile)")],
                &[15],
                &[1],
            ),
            (&[(Name, "Health profile & tracking")], &[7], &[]),
            (&[(Purpose, "Diagnose faults")], &[], &[]),
            // Click behaviour and the pixels that follow it are observed behaviour (AP 16); a
            // baby is a child (EDPB 7); biometrics as a device's security measure stay on the
            // device (`[derive.where]`: not in the security measures).
            (
                &[(DataCategories, "IP-Adresse (anonymisiert), Klickverhalten, Geräte-Info")],
                &[16],
                &[],
            ),
            (&[(Recipients, "Google Analytics 4, Meta Pixel")], &[16], &[]),
            (&[(Purpose, "Record a baby's care so caregivers share it")], &[], &[7]),
            (
                &[(Security, "TOTP MFA, recovery codes, biometric trust-this-device")],
                &[],
                &[],
            ),
            (&[(DataCategories, "Biometrische gegevens (vingerafdruk)")], &[17], &[]),
            // Behavioural patterns derived about users evaluate their behaviour (EDPB 1).
            (
                &[(DataCategories, "Derived behavioral patterns, interaction history")],
                &[],
                &[1],
            ),
            // The fourteenth round: the fingerprint of an audio recording is no biometrics; a
            // client's risk rating scores the client (EDPB 1); behavioural analytics observe
            // behaviour (AP 16), and a denial before them still denies them.
            (
                &[(DataCategories, "technischer Audio-Fingerprint (kein Personenbezug)")],
                &[],
                &[],
            ),
            (
                &[(DataCategories, "Identity documents, source of funds, risk rating")],
                &[],
                &[1],
            ),
            (&[(Name, "Behavioural analytics")], &[16], &[]),
            (
                &[(Security, "The device id is not fed into behavioural analytics")],
                &[],
                &[],
            ),
            // The fifteenth round: a diner's spend segment classifies the diner (EDPB 1); banning
            // abusers shuts them out (EDPB 9); a device's coordinates are location data (EDPB 4);
            // an AI word in the security measures is no AI processing (`[derive.where]`), and a
            // denial after its term holds (`negations_after`).
            (&[(DataCategories, "Phone, name, spend segment")], &[], &[1]),
            (&[(Purpose, "Prevent abuse; rate-limit; ban abusers")], &[], &[9]),
            (
                &[(DataCategories, "device-derived coordinates (session-only)")],
                &[],
                &[4],
            ),
            (
                &[(Security, "Regel in CLAUDE.md, audit log")],
                &[],
                &[],
            ),
            (&[(Purpose, "Claude answers the customer's questions")], &[], &[8]),
            (
                &[(LegalBasis, "legitimate interest, with health data excluded by design")],
                &[],
                &[],
            ),
            // The sixteenth round: a card's fingerprint is a payment token, no biometrics; a
            // mailbox's threads are communication data (AP 13) and private communications
            // (EDPB 4); radiographs classified as the service are health data processed as such
            // (AP 7), and inference or training of a model is AI (EDPB 8).
            (
                &[(DataCategories, "opaque card fingerprint token (no card numbers)")],
                &[],
                &[],
            ),
            (
                &[(Purpose, "Fetch and store the user's mail threads for triage")],
                &[13],
                &[4],
            ),
            (
                &[(Name, "Radiograph inference (the core service)")],
                &[7],
                &[8],
            ),
            (
                &[(Purpose, "possible inclusion in a research training set")],
                &[],
                &[8],
            ),
            // The eighteenth round: a signal of someone's payment behaviour or reliability rates
            // that person (WP248's "economic situation, reliability or behaviour": EDPB 1); the
            // contents of conversations are private communications (EDPB 4).
            (
                &[(Name, "Betaalgedrag-reputatie (geaggregeerd)")],
                &[],
                &[1],
            ),
            (
                &[(Purpose, "Tonen van betrouwbaarheidssignalen per opdrachtgever")],
                &[],
                &[1],
            ),
            (&[(DataCategories, "Zahlungsverhalten, Adresse")], &[], &[1]),
            (
                &[(DataCategories, "Gesprächsinhalte, Sprechernamen")],
                &[],
                &[4],
            ),
            // A knowledge graph is not by itself a matching of datasets (tried on tune18, wrong on
            // all three held-back rows that name one: docs/triage-quality.md).
            (
                &[(Name, "Knowledge Graph (Entitäts-/Beziehungsextraktion)")],
                &[],
                &[],
            ),
            // The nineteenth round: a child, in the singular, is a child (EDPB 7), as are minors
            // written without the umlaut (`Minderjaehrige`); a moderation classifier's scores rate
            // the text, not its writer.
            (&[(SubjectCategories, "Child (via guardian)")], &[], &[7]),
            (
                &[(
                    SubjectCategories,
                    "Fahrer, Notfallkontakte, bei Minderjaehrigen auch Sorgeberechtigte",
                )],
                &[],
                &[7],
            ),
            (
                &[(
                    DataCategories,
                    "Generated story prose, moderation classifier verdicts and scores",
                )],
                &[],
                &[],
            ),
            // The twentieth round: medical documents shared for treatment are health records
            // (AP 7); an identity check for fraud protection fights fraud (AP 3); the metadata of
            // recorded meetings are communication data (AP 13); a calendar's "Abgleich" matches no
            // datasets, a "Abgleich" of lists does (EDPB 6); a model's score beside its confidence
            // rates no person; a firm named `Recall.ai` is no AI.
            (
                &[(Name, "Weitergabe medizinischer Unterlagen an Leistungserbringer")],
                &[7],
                &[],
            ),
            (&[(Purpose, "DSA Art. 30, Betrugsschutz")], &[3], &[]),
            (
                &[(DataCategories, "Audio recordings, meeting metadata (date, participant list)")],
                &[13],
                &[],
            ),
            (&[(Name, "Kalender-Abgleich")], &[], &[]),
            (&[(Purpose, "Abgleich mit der Sperrliste")], &[], &[6]),
            (
                &[(DataCategories, "Ergebnis (Konfidenz, Abfallart), Score 0 bis 1")],
                &[],
                &[],
            ),
            (&[(Recipients, "Recall.ai (meeting recording ingestion)")], &[], &[]),
            // The thirty-third round: matching a project with freelancers' profiles combines no
            // datasets; counting and billing the use of AI is no processing with AI (EDPB 8), as
            // in English; a project brief structured by AI is.
            (
                &[(Purpose, "regelbasierter Abgleich mit Profilen")],
                &[],
                &[],
            ),
            (
                &[(Purpose, "Zuordnung des KI-Verbrauchs zu einem Konto, Abrechnung von Credits")],
                &[],
                &[],
            ),
            (&[(Name, "Projektbeschreibung und KI-Strukturierung")], &[], &[8]),
            // The twenty-first round: marketing tracking and ad measurement observe behaviour
            // (AP 16); identity and travel documents kept in a vault are personal documents
            // (EDPB 4); diagnosing issues is no medical diagnosis.
            (&[(Name, "6. Marketing-Tracking mit Brevo")], &[16], &[]),
            (
                &[(Name, "Ad measurement (Meta, LinkedIn, Google tags)")],
                &[16],
                &[],
            ),
            (
                &[(DataCategories, "identity and travel documents, licences, certificates")],
                &[],
                &[4],
            ),
            // The twenty-third round: a device's location, fine or coarse, is location data
            // (AP 12, EDPB 4).
            (
                &[(DataCategories, "Coarse + fine device location")],
                &[12],
                &[4],
            ),
            // The twenty-fourth round: inferences about a person's profile evaluate that person
            // (EDPB 1), as inferred preferences do.
            (
                &[(DataCategories, "session id, chat free-text, persona/profile inferences")],
                &[],
                &[1],
            ),
            // The twenty-fifth round: a selfie matched against a user's photos is biometric
            // identification (AP 17); a list of banned users' hashes is a list that keeps people
            // out (AP 2, EDPB 9); a profile derived from a person's conversations evaluates them
            // (EDPB 1). A selfie as such, or a ban on a theme, is neither.
            (
                &[(Purpose, "Safety: pre-publish photo checks, selfie match")],
                &[17],
                &[],
            ),
            (&[(DataCategories, "avatar, selfie photo, display name")], &[], &[]),
            (
                &[(DataCategories, "reports, enforcements, ban hashes")],
                &[2],
                &[9],
            ),
            (&[(DataCategories, "reading level, banned themes")], &[], &[]),
            (&[(DataCategories, "transcripts, derived profile")], &[], &[1]),
            // Children's ages among the data, kept by the parent who holds the account: data about
            // children count where the data are listed, though the data-subject column names the
            // parents (a term's own `[derive.where]` line); plain `children` there does not.
            (
                &[
                    (SubjectCategories, "account holders"),
                    (DataCategories, "username, children_ages text[] (coarse ranges)"),
                ],
                &[],
                &[7],
            ),
            (
                &[
                    (SubjectCategories, "account holders"),
                    (DataCategories, "username, number of children"),
                ],
                &[],
                &[],
            ),
            // Employees' words wait for a companion item (`[derive.only_with]`, settled in
            // `assess_row`): nothing is derived from them here.
            (&[(SubjectCategories, "Medewerkers")], &[], &[]),
            // Students are adults: not vulnerable for being students; pupils are.
            (&[(SubjectCategories, "Bewerbende Studenten")], &[], &[]),
            (&[(SubjectCategories, "Students of the university")], &[], &[]),
            // `[derive.near]`: a client is vulnerable as a care client.
            (&[(SubjectCategories, "Clients of the firm")], &[], &[]),
            (
                &[(SubjectCategories, "Cliënten van de wijkzorg")],
                &[],
                &[7],
            ),
            (&[(Purpose, "Zaken correct te koppelen")], &[], &[]),
            (&[(Purpose, "Koppeling van gegevens uit de BRP")], &[], &[6]),
            (
                &[(Purpose, "Ingest job data for candidate matching")],
                &[],
                &[],
            ),
            (
                &[(Recipients, "Anthropic (Claude API), Supabase")],
                &[],
                &[8],
            ),
            (&[(DataCategories, "NAW, inkomensgegevens")], &[], &[4]),
            (&[(DataCategories, "N1: Lichamelijke gezondheid")], &[], &[]),
            // `[derive.prefer]`: who the data subjects are, the filled subject column says.
            (
                &[
                    (Name, "Andere meldingen Jeugd"),
                    (SubjectCategories, "Melders"),
                ],
                &[],
                &[],
            ),
            (&[(Name, "Leerlingenvervoer")], &[], &[7]),
            // `[derive.near]` words count in the term's sentence, across the commas of an
            // enumeration; not in the next sentence.
            (
                &[(
                    Purpose,
                    "Verwerking van beeldopname in functie van het voorkomen, vaststellen en opsporen van misdrijven en overlast",
                )],
                &[9],
                &[3],
            ),
            (
                &[(Purpose, "Beeldopnamen van de leden. Beveiliging van de website.")],
                &[],
                &[],
            ),
            // A German rating is an evaluation of persons with persons or their performance near
            // (`[packs.de.derive.near]`); performance management of staff is one; a model host
            // is AI.
            (
                &[(DataCategories, "Übungen mit Bewertung und Notizen")],
                &[],
                &[],
            ),
            (&[(Purpose, "Bewertung der Mitarbeiter")], &[], &[1]),
            (
                &[(Purpose, "Coaching en prestatiebeheer van setters")],
                &[],
                &[1],
            ),
            (
                &[(Description, "Facturen worden uitgelezen via Groq")],
                &[],
                &[8],
            ),
            // Counting, caching or capping the use of AI is not processing with AI
            // (`[derive.not_near]`); AI that screens candidates is.
            (&[(Name, "AI quota and usage")], &[], &[]),
            (&[(Name, "AI response cache")], &[], &[]),
            (
                &[(DataCategories, "Counts of AI units per period and day")],
                &[],
                &[],
            ),
            (&[(Name, "AI pre-screen")], &[], &[1, 8]),
            // An evaluation evaluates persons where persons or their performance are near
            // (`[derive.near]`); an automatic rejection is an automated decision.
            (
                &[(Purpose, "Evaluate work-sample performance")],
                &[],
                &[1],
            ),
            (&[(Purpose, "Evaluatie van het project")], &[], &[]),
            (
                &[(DataCategories, "Scores, auto-reject state/reason/timestamp")],
                &[],
                &[1, 2],
            ),
            (
                &[(Purpose, "Bewerbungen werden automatisch abgelehnt")],
                &[],
                &[2],
            ),
            // A sub-processor that is an AI provider: the header is a recipients header.
            (
                &[(Recipients, "Railway, Anthropic")],
                &[],
                &[8],
            ),
        ];
        for (fields, ap, edpb) in cases {
            let d = derived(fields);
            assert_eq!(
                (items(&d.ap), items(&d.edpb)),
                (ap.to_vec(), edpb.to_vec()),
                "{fields:?}"
            );
        }
        assert!(
            derived(&[(Field::Purpose, "Registratie van ziekteverzuim")])
                .special
                .is_some()
        );
        let d = derived(&[(Field::Purpose, "Camerabeelden van de entree")]);
        assert_eq!(d.ap[0].1, "'camerabeelden' in Doel");
    }

    /// A data-subject cell that denies persons (`[derive] no_subjects`): (subjects, other text,
    /// EDPB criteria derived, the denial found). Whole words at the cell's start only.
    #[test]
    fn a_row_about_no_person_derives_nothing_from_its_text() {
        use Field::*;
        let cases: [(&str, &str, &[u8], Option<&str>); 12] = [
            (
                "None identifiable",
                "Daily counts of AI calls",
                &[],
                Some("none"),
            ),
            ("n/a (metadata)", "AI usage per customer", &[], Some("n a")),
            ("N.v.t.", "Leerlingen en AI", &[], Some("nvt")),
            (
                "Niet van toepassing",
                "Chatbot",
                &[],
                Some("niet van toepassing"),
            ),
            (
                "Not linked to a person (keyed by a hash)",
                "Claude answers",
                &[],
                Some("not linked to a person"),
            ),
            (
                "Keine Betroffenen",
                "KI-Auswertung",
                &[],
                Some("keine betroffenen"),
            ),
            // No denial: persons are named, or the word only begins another.
            ("Patients", "Chatbot", &[7, 8], None),
            ("Geen medewerkers, wel klanten", "Chatbot", &[8], None),
            ("Nonetheless all users", "Chatbot", &[8], None),
            ("Users (none under 16)", "Chatbot", &[8], None),
            ("Naam", "n/a", &[], None),
            ("", "Chatbot", &[8], None),
        ];
        for (subjects, description, edpb, denial) in cases {
            let d = derived(&[(SubjectCategories, subjects), (Description, description)]);
            assert_eq!(items(&d.edpb), edpb.to_vec(), "{subjects}: {description}");
            assert_eq!(
                d.no_subjects,
                denial.map(|p| format!("'{p}' in Betrokkenen")),
                "{subjects}"
            );
            assert!(denial.is_none() || (d.ap.is_empty() && d.special.is_none()));
        }
        // Masking and transfers are still read.
        let d = derived(&[
            (SubjectCategories, "None"),
            (Security, "Encrypted at rest"),
            (Transfers, "USA"),
        ]);
        assert!(d.masking.is_some() && d.transfer.is_some());
    }

    /// (field, text, special categories derived from it)
    #[test]
    fn special_categories_from_the_text() {
        use Field::*;
        let cases: [(Field, &str, Option<&str>); 22] = [
            // A consultation is a medical one with a clinician, patient or doctor near
            // (`[derive.near]`), not a public one or an adviser's.
            (
                Purpose,
                "patient ⇄ clinician text/image consultation and review.",
                Some("'consultation' in Doel"),
            ),
            (
                Name,
                "Doctor text/image consults",
                Some("'consults' in Verwerking"),
            ),
            (Purpose, "Public consultation on the new park", None),
            (Purpose, "Consult met de belastingadviseur", None),
            (
                Name,
                "Synchronisatie gezondheidsgegevens",
                Some("'gezondheidsgegevens' in Verwerking"),
            ),
            (
                LegalBasis,
                "Uitdrukkelijke toestemming (9.2.a)",
                Some("'9 2 a' in Grondslag"),
            ),
            (
                LegalBasis,
                "Health/Social Care: Article 9(2)(h)",
                Some("'article 9 2' in Grondslag"),
            ),
            (
                Purpose,
                "Toets op criminele activiteiten (Wet Bibob)",
                Some("'criminele activiteiten' in Doel"),
            ),
            (
                Description,
                "Hartslag en bloeddruk uit de wearable",
                Some("'hartslag' in Omschrijving"),
            ),
            (LegalBasis, "Art. 6 lid 1 sub e AVG", None),
            (Purpose, "Geen bijzondere persoonsgegevens", None),
            (Purpose, "Gemeentelijke gezondheidsdienst: adressen", None),
            // Data categories are the sensitivity criterion's own.
            (DataCategories, "gezondheidsgegevens", None),
            (Security, "Versleuteld; geen medische gegevens", None),
            (
                Purpose,
                "Patients report a suspected adverse event or drug reaction",
                Some("'adverse event' in Doel"),
            ),
            (
                Purpose,
                "Meldingen van bijwerkingen van geneesmiddelen",
                Some("'bijwerkingen' in Doel"),
            ),
            // A diagnosis of a system is not a medical one (`[derive.not_near]`).
            (
                Description,
                "auth_hook_diagnose: Ausgang und Grund eines Hook-Aufrufs",
                None,
            ),
            (
                Description,
                "Diagnose en behandelplan van de huisarts",
                Some("'diagnose' in Omschrijving"),
            ),
            (
                Purpose,
                "Maintain security, diagnose issues, and understand usage",
                None,
            ),
            // Medical documents are health data (the twentieth round).
            (
                Purpose,
                "Austausch medizinischer Dokumente mit der Klinik",
                Some("'medizinischer dokumente' in Doel"),
            ),
            // A selfie matched to a face is biometric data (the twenty-fifth round).
            (
                Purpose,
                "Safety: pre-publish photo checks, selfie match",
                Some("'selfie match' in Doel"),
            ),
            // Nor is a "diagnosis" of a rate or price (the eighteenth round).
            (
                Purpose,
                "de geaggregeerde mediaan als tarief-diagnose bij een koud lopende opdracht",
                None,
            ),
        ];
        for (field, text, expected) in cases {
            let d = derived(&[(field, text)]);
            assert_eq!(d.special.as_deref(), expected, "{field:?}: {text}");
        }
    }

    /// (security measures, masking derived) and (transfers, transfer derived)
    #[test]
    fn masking_and_transfers() {
        let cases = [
            (
                "Gegevens worden gepseudonimiseerd en versleuteld opgeslagen",
                true,
            ),
            ("Toegang op basis van rollen", false),
            ("", false),
        ];
        for (security, masking) in cases {
            let d = derived(&[(Field::Security, security)]);
            assert_eq!(d.masking.is_some(), masking, "{security}");
        }
        let cases = [
            ("Nee", false),
            ("Geen doorgifte buiten de EU", false),
            ("EU/EER", false),
            ("Ja", true),
            ("VS (Microsoft)", true),
            ("Verenigde Staten, India", true),
            ("Verenigd Koninkrijk", false),
            ("Supabase Inc. is een Amerikaans moederbedrijf", true),
            ("SCC's via de verwerkersovereenkomst", true),
            ("GitHub: DPF", true),
            ("Niet naar de VS", false),
        ];
        for (transfers, transfer) in cases {
            let d = derived(&[(Field::Transfers, transfers)]);
            assert_eq!(d.transfer.is_some(), transfer, "{transfers}");
        }
        // A country named elsewhere is no transfer.
        assert!(derived(&[(Field::Recipients, "Microsoft (VS)")])
            .transfer
            .is_none());
    }
}
