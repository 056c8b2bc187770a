//! The rules in force as (name, value) lines, for the Verantwoording sheet: every threshold,
//! band, word list and measure of a rubric, in the run's language.

use super::*;

/// Every threshold in force, as (key, value) lines for the audit trail, counts written in `lang`.
pub fn thresholds(r: &Rubric, lang: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| out.push((k.to_string(), v));
    put(
        "review_after_months",
        r.meta.review_after_months.to_string(),
    );
    for c in Criterion::ALL {
        put(
            &format!("weights.{}", c.key()),
            r.weights[c.index()].to_string(),
        );
    }
    put(
        "class.high_min_high_count",
        r.class.high_min_high_count.to_string(),
    );
    put(
        "class.high_min_score_fraction",
        r.class.high_min_score_fraction.to_string(),
    );
    put(
        "class.medium_min_high_count",
        r.class.medium_min_high_count.to_string(),
    );
    put(
        "class.medium_min_score_fraction",
        r.class.medium_min_score_fraction.to_string(),
    );
    put(
        "outcome.required_min_ap",
        r.outcome.required_min_ap.to_string(),
    );
    put(
        "outcome.required_min_edpb",
        r.outcome.required_min_edpb.to_string(),
    );
    put(
        "outcome.recommended_classes",
        r.outcome
            .recommended_classes
            .iter()
            .map(|l| l.key())
            .collect::<Vec<_>>()
            .join(", "),
    );
    put(
        "outcome.recommended_min_edpb",
        r.outcome.recommended_min_edpb.to_string(),
    );
    for (key, b) in [
        ("data_subjects", &r.data_subjects),
        ("data_types", &r.data_types),
        ("staff_access", &r.staff_access.bands),
    ] {
        put(&format!("criteria.{key}.high"), b.high.describe(lang));
        put(&format!("criteria.{key}.medium"), b.medium.describe(lang));
    }
    put(
        "criteria.data_types.count_categories_when_empty",
        r.data_types.count_categories_when_empty.to_string(),
    );
    let s = &r.sensitivity;
    put(
        "criteria.sensitivity.labels",
        s.labels
            .iter()
            .map(|(w, l)| format!("{w}={}", l.key()))
            .collect::<Vec<_>>()
            .join(", "),
    );
    put(
        "criteria.sensitivity.special_categories_level",
        s.special_categories_level.key().to_string(),
    );
    put(
        "criteria.sensitivity.terms.special",
        s.special_terms.join(", "),
    );
    put(
        "criteria.sensitivity.terms.sensitive",
        s.sensitive_terms.join(", "),
    );
    let sp = &r.subprocessors;
    put("criteria.subprocessors.high", sp.high.describe(lang));
    put(
        "criteria.subprocessors.zero_level",
        sp.zero_level.key().to_string(),
    );
    put(
        "criteria.subprocessors.key_role_level",
        sp.key_role_level.key().to_string(),
    );
    put(
        "criteria.subprocessors.no_key_role_level",
        sp.no_key_role_level.key().to_string(),
    );
    put(
        "criteria.subprocessors.key_role_unknown_level",
        sp.key_role_unknown_level.key().to_string(),
    );
    put(
        "criteria.exposure.high_when",
        r.exposure.high_when.describe(),
    );
    put("criteria.exposure.low_when", r.exposure.low_when.describe());
    put(
        "criteria.exposure.otherwise",
        r.exposure.otherwise.key().to_string(),
    );
    put(
        "criteria.complexity.processors_high",
        r.complexity.processors_high.describe(lang),
    );
    put(
        "criteria.complexity.systems_medium",
        r.complexity.systems_medium.describe(lang),
    );
    put(
        "criteria.complexity.linked_databases_level",
        r.complexity.linked_databases_level.key().to_string(),
    );
    put(
        "criteria.staff_access.sensitivity_raises",
        r.staff_access.sensitivity_raises.to_string(),
    );
    put(
        "criteria.staff_access.masking_lowers_by",
        r.staff_access.masking_lowers_by.to_string(),
    );
    for (key, c) in [
        ("impact", &r.impact),
        ("ai_use", &r.ai_use),
        ("external_access", &r.external_access),
    ] {
        put(
            &format!("criteria.{key}.choices"),
            c.choices
                .iter()
                .map(|(n, l)| format!("{}={}", n.nl, l.key()))
                .collect::<Vec<_>>()
                .join(" | "),
        );
    }
    // What is derived from the text of an art. 30 register, and how.
    let d = &r.derive;
    for (key, on) in [
        ("ap_list", d.ap_list),
        ("edpb_criteria", d.edpb_criteria),
        ("edpb_from_levels", d.edpb_from_levels),
        ("masking", d.masking),
        ("transfers", d.transfers),
        ("special", d.special),
    ] {
        put(&format!("derive.{key}"), on.to_string());
    }
    if let Some(t) = &d.large_scale {
        put("derive.large_scale", t.describe(lang));
    }
    put(
        "derive.scan",
        d.scan
            .iter()
            .map(|f| f.key())
            .collect::<Vec<_>>()
            .join(", "),
    );
    for (tag, fields) in &d.only_in {
        let kind = if tag / 1000 == DERIVE_AP {
            "ap"
        } else {
            "edpb"
        };
        put(
            &format!("derive.where.{kind}.{}", tag % 1000),
            fields
                .iter()
                .map(|f| f.key())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    for (term, fields) in &d.term_in {
        put(
            &format!("derive.where.\"{term}\""),
            fields
                .iter()
                .map(|f| f.key())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    put("derive.terms", d.lexicon.len().to_string());
    put("derive.negations", d.lexicon.negations().join(", "));
    put("derive.joiners", d.lexicon.joiners().join(", "));
    if !r.register_titles.is_empty() {
        put("register_titles.words", r.register_titles.join(", "));
    }
    put(
        "derive.negations_after",
        d.lexicon.negations_after().join(", "),
    );
    put("derive.no_subjects", d.no_subjects.join(", "));
    for (key, list) in [
        ("derive.denials", &d.denials),
        ("derive.references", &d.references),
    ] {
        let phrases: Vec<String> = list.iter().map(|w| w.join(" ")).collect();
        put(key, phrases.join(", "));
    }
    put("measures", r.measures.len().to_string());
    out
}
