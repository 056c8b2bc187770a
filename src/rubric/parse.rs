//! From the file's shape to the checked rules: every value parsed and checked, each error naming
//! the key and its line (`Ctx`).

use super::file::*;
use super::toml_error::toml_message;
use super::*;

const ROLES: [&str; 9] = [
    "proceseigenaar",
    "privacy-officer",
    "security-officer",
    "data-engineer",
    "data-scientist",
    "aanbieder",
    "jurist",
    "ethicus",
    "beleidsmedewerker",
];

pub(super) struct Ctx<'a> {
    pub(super) source: &'a str,
    pub(super) text: &'a str,
    pub(super) lang: Lang,
}

/// The 1-based line where a dotted key (`criteria.data_subjects.high`, `measures[3].role`,
/// `criteria.impact.choices[0].level`) is written, following table headers and array tables.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    let mut table = String::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut best: Option<(usize, usize)> = None;
    let mut consider = |full: &str, line: usize| {
        let fits = key == full
            || key
                .strip_prefix(full)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['));
        if fits && best.is_none_or(|(len, _)| full.len() > len) {
            best = Some((full.len(), line));
        }
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix("[[").and_then(|l| l.split("]]").next()) {
            let name = name.trim().to_string();
            let n = counts.entry(name.clone()).or_insert(0);
            table = format!("{name}[{n}]");
            *n += 1;
            consider(&table, i + 1);
        } else if let Some(name) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
            table = name.trim().to_string();
            consider(&table, i + 1);
        } else if let Some((name, _)) = line.split_once('=') {
            let name = name.trim().trim_matches('"');
            let full = if table.is_empty() {
                name.to_string()
            } else {
                format!("{table}.{name}")
            };
            consider(&full, i + 1);
        }
    }
    best.map(|(_, line)| line)
}

impl Ctx<'_> {
    pub(super) fn invalid(&self, key: &str, message: impl Into<String>) -> RubricError {
        RubricError::Invalid {
            line: key_line(self.text, key),
            source_name: self.source.to_string(),
            key: key.to_string(),
            lang: self.lang,
            message: message.into(),
        }
    }

    pub(super) fn level(&self, key: &str, text: &str) -> Result<Level, RubricError> {
        let lang = self.lang;
        match text.trim() {
            "none" => Ok(Level::None),
            "low" => Ok(Level::Low),
            "medium" => Ok(Level::Medium),
            "high" => Ok(Level::High),
            other => Err(self.invalid(key, M::R_NOT_LEVEL.with(lang, &[&other]))),
        }
    }

    pub(super) fn opt_level(
        &self,
        key: &str,
        text: &Option<String>,
    ) -> Result<Option<Level>, RubricError> {
        text.as_deref().map(|t| self.level(key, t)).transpose()
    }

    pub(super) fn threshold(&self, key: &str, text: &str) -> Result<Threshold, RubricError> {
        let lang = self.lang;
        Threshold::parse(text).ok_or_else(|| {
            // Say what is wrong with a comparison that has its operator: the number.
            let number = text
                .trim()
                .trim_start_matches(['>', '<', '=', '≥', '≤'])
                .trim();
            let digits = number.chars().filter(char::is_ascii_digit).count();
            let decimal = number.split(['.', ',', '_']).skip(1).any(|g| g.len() != 3);
            let message = if number.starts_with('-') {
                M::R_NEGATIVE.with(lang, &[&text])
            } else if decimal && digits > 0 {
                M::R_DECIMAL.with(lang, &[&text])
            } else if digits > 0
                && number
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '_')
            {
                M::R_TOO_MANY_DIGITS.with(lang, &[&text, &digits])
            } else {
                M::R_NOT_COMPARISON.with(lang, &[&text])
            };
            self.invalid(key, message)
        })
    }

    pub(super) fn upward(&self, key: &str, text: &str) -> Result<Threshold, RubricError> {
        let lang = self.lang;
        let t = self.threshold(key, text)?;
        if t.lower_edge().is_none() {
            let message = if matches!(t.op, Op::Gt | Op::Ge) {
                M::R_NO_LARGER.with(lang, &[&text])
            } else {
                M::R_BAND_OPERATOR.get(lang).to_string()
            };
            return Err(self.invalid(key, message));
        }
        Ok(t)
    }

    pub(super) fn names(labels: Labels) -> Names {
        Names {
            nl: labels.label,
            en: labels.label_en,
        }
    }

    /// `sensitivity_terms`: the terms of `[criteria.sensitivity.terms]`, which the context rules
    /// of `[derive]` may name too (their lexicon takes the same context).
    pub(super) fn derive(
        &self,
        d: DeriveFile,
        sensitivity_terms: &[String],
    ) -> Result<DeriveRules, RubricError> {
        let lang = self.lang;
        let large_scale = d
            .large_scale
            .as_deref()
            .map(|t| self.upward("derive.large_scale", t))
            .transpose()?;
        let mut scan = Vec::new();
        for key in &d.scan {
            let field = Field::from_key(key).ok_or_else(|| {
                self.invalid(
                    "derive.scan",
                    M::R_NOT_FIELD.with(lang, &[&key, &Field::keys()]),
                )
            })?;
            scan.push(field);
        }
        let mut terms: Vec<(String, u32)> = Vec::new();
        for (kind, table, max, key) in [
            (DERIVE_AP, &d.ap_terms, 17u32, "derive.ap_terms"),
            (DERIVE_EDPB, &d.edpb_terms, 9, "derive.edpb_terms"),
        ] {
            for (item, list) in table {
                let n: u32 = item
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| {
                        self.invalid(
                            &format!("{key}.{item}"),
                            M::R_NOT_ITEM.with(lang, &[&item, &max]),
                        )
                    })?;
                terms.extend(list.iter().map(|t| (t.clone(), kind * 1000 + n)));
            }
        }
        // `[derive.where]` names items (`"edpb.7"`) and, for a term that counts elsewhere than
        // its item, terms of the AP and EDPB lists.
        let (term_lines, item_lines): (
            BTreeMap<String, Vec<String>>,
            BTreeMap<String, Vec<String>>,
        ) = d
            .where_
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .partition(|(k, _)| {
                terms.iter().any(|(t, tag)| {
                    t.trim() == k.trim() && matches!(tag / 1000, DERIVE_AP | DERIVE_EDPB)
                })
            });
        let only_in = self.item_fields(&item_lines, "derive.where")?;
        let mut term_in = Vec::new();
        for (term, fields) in &term_lines {
            let at = format!("derive.where.\"{term}\"");
            let mut list = Vec::new();
            for f in fields {
                list.push(Field::from_key(f).ok_or_else(|| {
                    self.invalid(&at, M::R_NOT_FIELD.with(lang, &[&f, &Field::keys()]))
                })?);
            }
            term_in.push((term.trim().to_string(), list));
        }
        let prefer = self.item_fields(&d.prefer, "derive.prefer")?;
        for (kind, list) in [
            (DERIVE_MASKING, &d.masking_terms),
            (DERIVE_THIRD_COUNTRY, &d.third_countries),
            (DERIVE_TRANSFER_YES, &d.transfer_yes),
            (DERIVE_SPECIAL, &d.special_terms),
        ] {
            terms.extend(list.iter().map(|t| (t.clone(), kind * 1000)));
        }
        // Context rules name a term of the word lists, as written there.
        let mut context: [Vec<(String, Vec<String>)>; 4] = Default::default();
        for (i, (table, key)) in [
            (&d.not_after, "derive.not_after"),
            (&d.near, "derive.near"),
            (&d.not_near, "derive.not_near"),
            (&d.not_in_text, "derive.not_in_text"),
        ]
        .into_iter()
        .enumerate()
        {
            for (term, words) in context_pairs(table) {
                if !terms.iter().any(|(t, _)| t.trim() == term.trim())
                    && !sensitivity_terms.iter().any(|t| t.trim() == term.trim())
                {
                    return Err(self.invalid(
                        &format!("{key}.\"{term}\""),
                        M::R_NOT_CONTEXT_TERM.with(lang, &[&term]),
                    ));
                }
                // Context words are compared one word at a time: one that normalises to two
                // words would never match.
                if let Some(w) = words.iter().find(|w| {
                    crate::lexicon::normalize(&w.replace('*', ""))
                        .trim()
                        .contains(' ')
                }) {
                    return Err(self.invalid(
                        &format!("{key}.\"{term}\""),
                        M::R_CONTEXT_WORD.with(lang, &[&w]),
                    ));
                }
                context[i].push((term, words));
            }
        }
        let [not_after, near, not_near, not_in_text] = context;
        // A denial is compared with the first words of the data-subject cell: one that
        // normalises to nothing would deny every row.
        let mut no_subjects = Vec::new();
        for phrase in &d.no_subjects {
            let words = crate::lexicon::normalize(phrase).trim().to_string();
            if words.is_empty() {
                return Err(self.invalid(
                    "derive.no_subjects",
                    M::R_NO_SUBJECTS_EMPTY.with(lang, &[&phrase]),
                ));
            }
            no_subjects.push(words);
        }
        // Denials and references are compared with the first words of a special-categories
        // cell: one without a word would take every cell for a no or an explanation.
        let mut openings = [Vec::new(), Vec::new()];
        // Left out (a rubric copied before these keys existed): the default rubric's lists.
        let defaults = &DefaultOpenings::get().derive;
        for (i, (key, list)) in [
            (
                "derive.denials",
                d.denials.as_ref().unwrap_or(&defaults.denials),
            ),
            (
                "derive.references",
                d.references.as_ref().unwrap_or(&defaults.references),
            ),
        ]
        .into_iter()
        .enumerate()
        {
            for phrase in list {
                let words = value::words_of(phrase);
                if words.is_empty() {
                    return Err(self.invalid(key, M::R_OPENING_EMPTY.with(lang, &[&phrase])));
                }
                if phrase.contains('*') {
                    return Err(self.invalid(key, M::R_OPENING_STAR.with(lang, &[&phrase])));
                }
                openings[i].push(words);
            }
        }
        let [denials, references] = openings;
        // `[derive.only_with]`: a term of the AP or EDPB lists that counts only beside one of
        // the named items.
        let mut only_with = Vec::new();
        for (term, items) in &d.only_with {
            let at = format!("derive.only_with.\"{term}\"");
            let listed = terms.iter().any(|(t, tag)| {
                t.trim() == term.trim() && matches!(tag / 1000, DERIVE_AP | DERIVE_EDPB)
            });
            if !listed {
                return Err(self.invalid(&at, M::R_NOT_TERM.with(lang, &[&term])));
            }
            let tags = items
                .iter()
                .map(|key| self.item_tag(key, &at, true))
                .collect::<Result<Vec<u32>, RubricError>>()?;
            only_with.push((term.trim().to_string(), tags));
        }
        let context = crate::lexicon::ContextRules {
            not_after,
            near,
            not_near,
            not_in_text,
        };
        Ok(DeriveRules {
            ap_list: d.ap_list,
            edpb_criteria: d.edpb_criteria,
            edpb_from_levels: d.edpb_from_levels,
            large_scale,
            masking: d.masking,
            transfers: d.transfers,
            special: d.special,
            scan,
            lexicon: crate::lexicon::Lexicon::new(terms.iter().map(|(t, tag)| (t.as_str(), *tag)))
                .with_negations(d.negations.iter().map(String::as_str))
                .with_negations_after(d.negations_after.iter().map(String::as_str))
                .with_joiners(d.joiners.iter().map(String::as_str))
                .with_context(&context),
            only_in,
            term_in,
            prefer,
            only_with,
            no_subjects,
            denials,
            references,
        })
    }

    /// `"ap.3" = ["purpose", …]` tables (`[derive.where]`, `[derive.prefer]`): by item tag, the
    /// fields.
    pub(super) fn item_fields(
        &self,
        table: &BTreeMap<String, Vec<String>>,
        name: &str,
    ) -> Result<Vec<(u32, Vec<Field>)>, RubricError> {
        let lang = self.lang;
        let mut out = Vec::new();
        for (key, fields) in table {
            let at = format!("{name}.\"{key}\"");
            let tag = self.item_tag(key, &at, false)?;
            let mut list = Vec::new();
            for f in fields {
                let field = Field::from_key(f).ok_or_else(|| {
                    self.invalid(&at, M::R_NOT_FIELD.with(lang, &[&f, &Field::keys()]))
                })?;
                list.push(field);
            }
            out.push((tag, list));
        }
        Ok(out)
    }

    /// An item as `"ap.3"` or `"edpb.7"`, as a lexicon tag; `at` names where it stands.
    /// With `companion`, `"sensitivity.high"` too (`[derive.only_with]`).
    fn item_tag(&self, key: &str, at: &str, companion: bool) -> Result<u32, RubricError> {
        let lang = self.lang;
        if companion && key.trim() == "sensitivity.high" {
            return Ok(SENSITIVITY_HIGH);
        }
        let wrong = || {
            let m = if companion {
                M::R_NOT_COMPANION
            } else {
                M::R_NOT_WHERE
            };
            self.invalid(at, m.with(lang, &[&key]))
        };
        let (kind, max) = match key.split_once('.').map(|(k, _)| k.trim()) {
            Some("ap") => (DERIVE_AP, 17u32),
            Some("edpb") => (DERIVE_EDPB, 9),
            _ => return Err(wrong()),
        };
        let n: u32 = key
            .split_once('.')
            .and_then(|(_, n)| n.trim().parse().ok())
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(wrong)?;
        Ok(kind * 1000 + n)
    }

    pub(super) fn bands(&self, key: &str, f: CountFile) -> Result<CountBands, RubricError> {
        let lang = self.lang;
        let high = self.upward(&format!("{key}.high"), &f.high)?;
        let medium = self.upward(&format!("{key}.medium"), &f.medium)?;
        if high.lower_edge() <= medium.lower_edge() {
            return Err(self.invalid(
                &format!("{key}.high"),
                M::R_BANDS.with(lang, &[&high.describe(lang), &medium.describe(lang)]),
            ));
        }
        Ok(CountBands {
            names: Self::names(Labels {
                label: f.label,
                label_en: f.label_en,
            }),
            unit_one: Names {
                nl: f.unit_one.unwrap_or_else(|| f.unit.clone()),
                en: f.unit_one_en.unwrap_or_else(|| f.unit_en.clone()),
            },
            unit: Names {
                nl: f.unit,
                en: f.unit_en,
            },
            high,
            medium,
            count_categories_when_empty: f.count_categories_when_empty,
        })
    }

    pub(super) fn choices(
        &self,
        key: &str,
        f: ChoiceFile,
        allow_none: bool,
    ) -> Result<ChoiceRules, RubricError> {
        let lang = self.lang;
        let mut choices = Vec::new();
        let mut lookup = Vec::new();
        for (i, c) in f.choices.into_iter().enumerate() {
            let level = self.level(&format!("{key}.choices[{i}].level"), &c.level)?;
            // The choices become a dropdown written inline (`"a,b,c"`): Excel splits it at
            // every comma and a quote mark ends it (docs/rubric.md).
            for (k, text) in [("text", &c.text), ("text_en", &c.text_en)] {
                let problem = if text.contains(',') {
                    Some(M::R_CHOICE_COMMA)
                } else if text.contains('"') {
                    Some(M::R_CHOICE_QUOTE)
                } else {
                    None
                };
                if let Some(problem) = problem {
                    return Err(self.invalid(
                        &format!("{key}.choices[{i}].{k}"),
                        problem.with(lang, &[text]),
                    ));
                }
            }
            if level == Level::None && !allow_none {
                return Err(
                    self.invalid(&format!("{key}.choices[{i}].level"), M::R_NO_NONE.get(lang))
                );
            }
            lookup.push((value::normalize(&c.text), level));
            lookup.push((value::normalize(&c.text_en), level));
            choices.push((
                Names {
                    nl: c.text,
                    en: c.text_en,
                },
                level,
            ));
        }
        for (lvl, words) in f.words {
            let level = self.level(&format!("{key}.words.{lvl}"), &lvl)?;
            if level == Level::None && !allow_none {
                return Err(self.invalid(&format!("{key}.words.{lvl}"), M::R_NO_NONE.get(lang)));
            }
            lookup.extend(words.iter().map(|w| (value::normalize(w), level)));
        }
        for lang_names in [
            choices
                .iter()
                .map(|(n, _): &(Names, Level)| n.nl.chars().count())
                .collect::<Vec<_>>(),
            choices
                .iter()
                .map(|(n, _): &(Names, Level)| n.en.chars().count())
                .collect(),
        ] {
            let total = lang_names.iter().sum::<usize>() + lang_names.len().saturating_sub(1);
            if total > 255 {
                return Err(self.invalid(
                    &format!("{key}.choices"),
                    M::R_CHOICES_TOO_LONG.with(lang, &[&total]),
                ));
            }
        }
        Ok(ChoiceRules {
            names: Self::names(Labels {
                label: f.label,
                label_en: f.label_en,
            }),
            choices,
            lookup,
        })
    }

    pub(super) fn condition(
        &self,
        key: &str,
        c: &ConditionFile,
    ) -> Result<ExposureCondition, RubricError> {
        Ok(ExposureCondition {
            sensitivity_at_least: self.opt_level(
                &format!("{key}.sensitivity_at_least"),
                &c.sensitivity_at_least,
            )?,
            sensitivity_at_most: self.opt_level(
                &format!("{key}.sensitivity_at_most"),
                &c.sensitivity_at_most,
            )?,
            volume_max_at_least: self.opt_level(
                &format!("{key}.volume_max_at_least"),
                &c.volume_max_at_least,
            )?,
            volume_max_at_most: self
                .opt_level(&format!("{key}.volume_max_at_most"), &c.volume_max_at_most)?,
            volume_min_at_least: self.opt_level(
                &format!("{key}.volume_min_at_least"),
                &c.volume_min_at_least,
            )?,
            volume_min_at_most: self
                .opt_level(&format!("{key}.volume_min_at_most"), &c.volume_min_at_most)?,
        })
    }

    pub(super) fn scan_items(
        &self,
        key: &str,
        items: Vec<ScanItemFile>,
        max: u8,
    ) -> Result<Vec<ScanItem>, RubricError> {
        let lang = self.lang;
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            if item.number == 0 || item.number > max {
                return Err(self.invalid(
                    &format!("{key}[{i}].number"),
                    format!("{} is outside 1–{max}", item.number),
                ));
            }
            if seen.contains(&item.number) {
                return Err(self.invalid(
                    &format!("{key}[{i}].number"),
                    M::R_NUMBER_TWICE.with(lang, &[&item.number]),
                ));
            }
            seen.push(item.number);
            out.push(ScanItem {
                number: item.number,
                name_normalized: value::normalize(&item.name),
                // Each keyword tagged with its length: the most specific one found decides.
                keyword_lexicon: crate::lexicon::Lexicon::new(
                    item.keywords
                        .iter()
                        .map(|k| (k.as_str(), u32::try_from(k.len()).unwrap_or(u32::MAX))),
                ),
                name_en: item.name_en.unwrap_or_else(|| item.name.clone()),
                name: item.name,
                keywords: item.keywords,
            });
        }
        Ok(out)
    }
}

impl Rubric {
    /// The compiled-in default rubric.
    pub fn default_rubric(lang: Lang) -> Result<Rubric, RubricError> {
        Rubric::parse(DEFAULT_RUBRIC, "standaard-rubric", lang)
    }

    /// Parse and validate rubric text; `source_name` names it in errors.
    pub fn parse(text: &str, source_name: &str, lang: Lang) -> Result<Rubric, RubricError> {
        let mut file: RubricFile = toml::from_str(text).map_err(|e| RubricError::Format {
            source_name: source_name.to_string(),
            message: toml_message(&e, text, lang),
        })?;
        let cx = Ctx {
            source: source_name,
            text,
            lang,
        };
        file.merge_packs(&cx)?;

        let mut weights = [0u32; 10];
        for (key, w) in &file.weights {
            let c = Criterion::from_key(key).ok_or_else(|| {
                cx.invalid(
                    &format!("weights.{key}"),
                    M::R_UNKNOWN_CRITERION.with(lang, &[&Criterion::keys()]),
                )
            })?;
            // Whole numbers up to 1000 keep every score (Σ weight × 3 over ten criteria) far
            // inside u32: a weight of 1e9 would wrap the score and change classes.
            if *w > MAX_WEIGHT {
                return Err(cx.invalid(
                    &format!("weights.{key}"),
                    M::R_WEIGHT_TOO_LARGE.with(lang, &[&w, &MAX_WEIGHT]),
                ));
            }
            weights[c.index()] = *w;
        }
        for c in Criterion::ALL {
            if !file.weights.contains_key(c.key()) {
                return Err(cx.invalid(
                    &format!("weights.{}", c.key()),
                    M::R_MISSING_WEIGHT.get(lang),
                ));
            }
        }
        if weights.iter().all(|w| *w == 0) {
            return Err(cx.invalid("weights", "at least one weight must be above 0"));
        }

        let class = file.class;
        for (key, f) in [
            (
                "class.high_min_score_fraction",
                class.high_min_score_fraction,
            ),
            (
                "class.medium_min_score_fraction",
                class.medium_min_score_fraction,
            ),
        ] {
            if !(0.0..=1.0).contains(&f) {
                return Err(cx.invalid(key, M::R_NOT_FRACTION.with(lang, &[&f])));
            }
        }

        let outcome = OutcomeRules {
            required_min_ap: file.outcome.required_min_ap,
            required_min_edpb: file.outcome.required_min_edpb,
            recommended_classes: file
                .outcome
                .recommended_classes
                .iter()
                .enumerate()
                .map(|(i, c)| cx.level(&format!("outcome.recommended_classes[{i}]"), c))
                .collect::<Result<_, _>>()?,
            recommended_min_edpb: file.outcome.recommended_min_edpb,
        };

        let mut headers = Vec::new();
        for (key, list) in &file.headers {
            let field = Field::from_key(key).ok_or_else(|| {
                cx.invalid(
                    &format!("headers.{key}"),
                    M::R_UNKNOWN_FIELD.with(lang, &[&Field::keys()]),
                )
            })?;
            headers.extend(list.iter().map(|h| (value::normalize_header(h), field)));
        }
        let header_names = Field::ALL
            .iter()
            .filter_map(|f| {
                file.headers
                    .get(f.key())
                    .and_then(|l| l.first())
                    .map(|h| (*f, h.clone()))
            })
            .collect();
        for (header, key) in &file.columns {
            let field = Field::from_key(key).ok_or_else(|| {
                cx.invalid(
                    &format!("columns.\"{header}\""),
                    M::R_NOT_FIELD.with(lang, &[&key, &Field::keys()]),
                )
            })?;
            // A user mapping wins over a default header of the same text.
            headers.insert(0, (value::normalize_header(header), field));
        }

        // The words that deny a term hold for every word list, and so do the context rules of
        // a term (`fingerprint*` not after `machine`) where the term stands in another list.
        let negations = file.derive.negations.clone();
        let negations_after = file.derive.negations_after.clone();
        let joiners = file.derive.joiners.clone();
        let context = crate::lexicon::ContextRules {
            not_after: context_pairs(&file.derive.not_after),
            near: context_pairs(&file.derive.near),
            not_near: context_pairs(&file.derive.not_near),
            not_in_text: context_pairs(&file.derive.not_in_text),
        };
        let c = file.criteria;
        let s = c.sensitivity;
        let sensitivity_terms: Vec<String> = s
            .terms
            .special
            .iter()
            .chain(&s.terms.sensitive)
            .cloned()
            .collect();
        let mut labels = Vec::new();
        for (lvl, words) in &s.labels {
            let level = cx.level(&format!("criteria.sensitivity.labels.{lvl}"), lvl)?;
            labels.extend(words.iter().map(|w| (value::normalize(w), level)));
        }
        // Longest first, so "strikt vertrouwelijk" is tried before "vertrouwelijk".
        labels.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let sensitivity = SensitivityRules {
            names: Names {
                nl: s.label,
                en: s.label_en,
            },
            labels,
            special_categories_level: cx.level(
                "criteria.sensitivity.special_categories_level",
                &s.special_categories_level,
            )?,
            lexicon: crate::lexicon::Lexicon::new(
                s.terms
                    .special
                    .iter()
                    .map(|t| (t.as_str(), SPECIAL))
                    .chain(s.terms.sensitive.iter().map(|t| (t.as_str(), SENSITIVE))),
            )
            .with_negations(negations.iter().map(String::as_str))
            .with_negations_after(negations_after.iter().map(String::as_str))
            .with_joiners(joiners.iter().map(String::as_str))
            .with_context(&context),
            special_terms: s.terms.special,
            special_terms_level: cx.level(
                "criteria.sensitivity.special_terms_level",
                &s.special_terms_level,
            )?,
            sensitive_terms: s.terms.sensitive,
            sensitive_terms_level: cx.level(
                "criteria.sensitivity.sensitive_terms_level",
                &s.sensitive_terms_level,
            )?,
        };

        let sp = c.subprocessors;
        let subprocessors = SubprocessorRules {
            names: Names {
                nl: sp.label,
                en: sp.label_en,
            },
            unit_one: Names {
                nl: sp.unit_one.unwrap_or_else(|| sp.unit.clone()),
                en: sp.unit_one_en.unwrap_or_else(|| sp.unit_en.clone()),
            },
            unit: Names {
                nl: sp.unit,
                en: sp.unit_en,
            },
            high: cx.upward("criteria.subprocessors.high", &sp.high)?,
            zero_level: cx.level("criteria.subprocessors.zero_level", &sp.zero_level)?,
            key_role_level: cx
                .level("criteria.subprocessors.key_role_level", &sp.key_role_level)?,
            no_key_role_level: cx.level(
                "criteria.subprocessors.no_key_role_level",
                &sp.no_key_role_level,
            )?,
            key_role_unknown_level: cx.level(
                "criteria.subprocessors.key_role_unknown_level",
                &sp.key_role_unknown_level,
            )?,
        };

        let e = c.exposure;
        let exposure = ExposureRules {
            names: Names {
                nl: e.label,
                en: e.label_en,
            },
            high_when: cx.condition("criteria.exposure.high_when", &e.high_when)?,
            low_when: cx.condition("criteria.exposure.low_when", &e.low_when)?,
            otherwise: cx.level("criteria.exposure.otherwise", &e.otherwise)?,
        };

        let cp = c.complexity;
        let complexity = ComplexityRules {
            names: Names {
                nl: cp.label,
                en: cp.label_en,
            },
            processors_high: cx
                .upward("criteria.complexity.processors_high", &cp.processors_high)?,
            systems_medium: cx.upward("criteria.complexity.systems_medium", &cp.systems_medium)?,
            linked_databases_level: cx.level(
                "criteria.complexity.linked_databases_level",
                &cp.linked_databases_level,
            )?,
        };

        let st = c.staff_access;
        let staff_access = StaffRules {
            bands: cx.bands(
                "criteria.staff_access",
                CountFile {
                    label: st.label,
                    label_en: st.label_en,
                    unit: st.unit,
                    unit_en: st.unit_en,
                    unit_one: st.unit_one,
                    unit_one_en: st.unit_one_en,
                    high: st.high,
                    medium: st.medium,
                    count_categories_when_empty: false,
                },
            )?,
            sensitivity_raises: st.sensitivity_raises,
            masking_lowers_by: st.masking_lowers_by,
        };

        let sources = file.sources;
        let mut measures = Vec::new();
        let mut ids = Vec::new();
        for (i, m) in file.measures.into_iter().enumerate() {
            let key = format!("measures[{i}]");
            if m.id.trim().is_empty() || ids.contains(&m.id) {
                return Err(cx.invalid(
                    &format!("{key}.id"),
                    M::R_ID_NOT_UNIQUE.with(lang, &[&m.id]),
                ));
            }
            ids.push(m.id.clone());
            let trigger = match (&m.criterion, &m.flag) {
                (Some(crit), None) => {
                    let c = Criterion::from_key(crit).ok_or_else(|| {
                        cx.invalid(
                            &format!("{key}.criterion"),
                            M::R_NOT_CRITERION.with(lang, &[&crit, &Criterion::keys()]),
                        )
                    })?;
                    if m.levels.is_empty() {
                        return Err(cx.invalid(&format!("{key}.levels"), M::R_NO_LEVELS.get(lang)));
                    }
                    let levels = m
                        .levels
                        .iter()
                        .enumerate()
                        .map(|(j, l)| cx.level(&format!("{key}.levels[{j}]"), l))
                        .collect::<Result<_, _>>()?;
                    Trigger::Criterion(c, levels)
                }
                (None, Some(flag)) if MEASURE_FLAGS.contains(&flag.as_str()) => {
                    Trigger::Flag(flag.clone())
                }
                (None, Some(flag)) => {
                    return Err(cx.invalid(
                        &format!("{key}.flag"),
                        M::R_NOT_FLAG.with(lang, &[&flag, &MEASURE_FLAGS.join(", ")]),
                    ))
                }
                _ => return Err(cx.invalid(&key, M::R_MEASURE_TRIGGER.get(lang))),
            };
            if !ROLES.contains(&m.role.as_str()) {
                return Err(cx.invalid(
                    &format!("{key}.role"),
                    M::R_NOT_ROLE.with(lang, &[&m.role, &ROLES.join(", ")]),
                ));
            }
            let resolved = m
                .source
                .iter()
                .enumerate()
                .map(|(j, s)| {
                    sources.get(s).cloned().ok_or_else(|| {
                        cx.invalid(
                            &format!("{key}.source[{j}]"),
                            M::R_NO_SOURCE.with(lang, &[&s]),
                        )
                    })
                })
                .collect::<Result<_, _>>()?;
            measures.push(Measure {
                id: m.id,
                trigger,
                role: m.role,
                text: Names {
                    nl: m.text,
                    en: m.text_en,
                },
                sources: resolved,
            });
        }

        Ok(Rubric {
            meta: file.rubric,
            sha256: sha256_hex(text.as_bytes()),
            text: text.to_string(),
            weights,
            class,
            outcome,
            headers,
            header_names,
            register_titles: file
                .register_titles
                .words
                .iter()
                .map(|w| value::normalize_header(w))
                .filter(|w| !w.is_empty())
                .collect(),
            derive: cx.derive(file.derive, &sensitivity_terms)?,
            data_subjects: cx.bands("criteria.data_subjects", c.data_subjects)?,
            data_types: cx.bands("criteria.data_types", c.data_types)?,
            sensitivity,
            subprocessors,
            impact: cx.choices("criteria.impact", c.impact, false)?,
            exposure,
            ai_use: cx.choices("criteria.ai_use", c.ai_use, false)?,
            complexity,
            staff_access,
            external_access: cx.choices("criteria.external_access", c.external_access, true)?,
            ap_list: cx.scan_items("ap_list", file.ap_list, 17)?,
            edpb_criteria: cx.scan_items("edpb_criteria", file.edpb_criteria, 9)?,
            measures,
        })
    }

    /// Sum of weight × 3 over the criteria.
    pub fn max_score(&self) -> u32 {
        self.weights.iter().map(|w| w * 3).sum()
    }
}

impl RubricFile {
    /// Add the headers and words of every pack that is on to `[headers]` and `[derive]`,
    /// after the rubric's own (a field's first header stays the one the template writes).
    /// A pack's keys are checked here, so an error names the pack.
    fn merge_packs(&mut self, cx: &Ctx) -> Result<(), RubricError> {
        let lang = cx.lang;
        for (name, pack) in std::mem::take(&mut self.packs) {
            for key in pack.headers.keys() {
                if Field::from_key(key).is_none() {
                    return Err(cx.invalid(
                        &format!("packs.{name}.headers.{key}"),
                        M::R_UNKNOWN_FIELD.with(lang, &[&Field::keys()]),
                    ));
                }
            }
            for (table, key, max) in [
                (&pack.derive.ap_terms, "ap_terms", 17u32),
                (&pack.derive.edpb_terms, "edpb_terms", 9),
            ] {
                for item in table.keys() {
                    if !item
                        .trim()
                        .parse()
                        .is_ok_and(|n: u32| (1..=max).contains(&n))
                    {
                        return Err(cx.invalid(
                            &format!("packs.{name}.derive.{key}.{item}"),
                            M::R_NOT_ITEM.with(lang, &[&item, &max]),
                        ));
                    }
                }
            }
            // A pack's denials and references, checked whether the pack is on or not; left out
            // (a rubric copied before these keys existed), the default rubric's pack's.
            let default_pack = DefaultOpenings::get().packs.get(&name);
            let mut openings: [Vec<String>; 2] = [Vec::new(), Vec::new()];
            for (i, (key, list, default)) in [
                (
                    "denials",
                    &pack.derive.denials,
                    default_pack.map(|p| &p.derive.denials),
                ),
                (
                    "references",
                    &pack.derive.references,
                    default_pack.map(|p| &p.derive.references),
                ),
            ]
            .into_iter()
            .enumerate()
            {
                let list = list.as_ref().or(default).cloned().unwrap_or_default();
                if let Some(phrase) = list.iter().find(|p| value::words_of(p).is_empty()) {
                    return Err(cx.invalid(
                        &format!("packs.{name}.derive.{key}"),
                        M::R_OPENING_EMPTY.with(lang, &[phrase]),
                    ));
                }
                if let Some(phrase) = list.iter().find(|p| p.contains('*')) {
                    return Err(cx.invalid(
                        &format!("packs.{name}.derive.{key}"),
                        M::R_OPENING_STAR.with(lang, &[phrase]),
                    ));
                }
                openings[i] = list;
            }
            if !pack.on {
                continue;
            }
            for (key, list) in pack.headers {
                self.headers.entry(key).or_default().extend(list);
            }
            let (p, d) = (pack.derive, &mut self.derive);
            for (item, list) in p.ap_terms {
                d.ap_terms.entry(item).or_default().extend(list);
            }
            for (item, list) in p.edpb_terms {
                d.edpb_terms.entry(item).or_default().extend(list);
            }
            d.masking_terms.extend(p.masking_terms);
            d.third_countries.extend(p.third_countries);
            d.transfer_yes.extend(p.transfer_yes);
            d.special_terms.extend(p.special_terms);
            d.negations.extend(p.negations);
            d.negations_after.extend(p.negations_after);
            d.joiners.extend(p.joiners);
            d.no_subjects.extend(p.no_subjects);
            let [denials, references] = openings;
            let defaults = &DefaultOpenings::get().derive;
            d.denials
                .get_or_insert_with(|| defaults.denials.clone())
                .extend(denials);
            d.references
                .get_or_insert_with(|| defaults.references.clone())
                .extend(references);
            for (mine, theirs) in [
                (&mut d.not_after, p.not_after),
                (&mut d.near, p.near),
                (&mut d.not_near, p.not_near),
                (&mut d.not_in_text, p.not_in_text),
                (&mut d.only_with, p.only_with),
            ] {
                for (term, words) in theirs {
                    mine.entry(term).or_default().extend(words);
                }
            }
        }
        Ok(())
    }
}

/// The (term, words) pairs of a context-rule table. A key may name several terms, parted by
/// `|` (`"gezondheid* | health*" = ["paard*", …]`): each term gets the same words.
fn context_pairs(table: &BTreeMap<String, Vec<String>>) -> Vec<(String, Vec<String>)> {
    table
        .iter()
        .flat_map(|(key, words)| {
            key.split('|')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(move |t| (t.to_string(), words.clone()))
        })
        .collect()
}
