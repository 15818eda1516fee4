//! Départements and régions of France: INSEE codes and names. The départements (codes and
//! names) come from `../shared/data/departements-avec-outre-mer.geojson` (IGN Admin Express
//! COG 2018, Licence Ouverte — « Source : IGN – Admin Express COG 2018 »); each one's région
//! is its INSEE région code (2016 régions). The two codes overlap (44 is Loire-Atlantique
//! and Grand Est): addresses keep them apart (`departement=44`, `region=52`).

use serde::{Deserialize, Serialize};

/// A département: INSEE code, name, région code.
pub const DEPARTEMENTS: [(&str, &str, &str); 101] = [
    ("01", "Ain", "84"),
    ("02", "Aisne", "32"),
    ("03", "Allier", "84"),
    ("04", "Alpes-de-Haute-Provence", "93"),
    ("05", "Hautes-Alpes", "93"),
    ("06", "Alpes-Maritimes", "93"),
    ("07", "Ardèche", "84"),
    ("08", "Ardennes", "44"),
    ("09", "Ariège", "76"),
    ("10", "Aube", "44"),
    ("11", "Aude", "76"),
    ("12", "Aveyron", "76"),
    ("13", "Bouches-du-Rhône", "93"),
    ("14", "Calvados", "28"),
    ("15", "Cantal", "84"),
    ("16", "Charente", "75"),
    ("17", "Charente-Maritime", "75"),
    ("18", "Cher", "24"),
    ("19", "Corrèze", "75"),
    ("21", "Côte-d'Or", "27"),
    ("22", "Côtes-d'Armor", "53"),
    ("23", "Creuse", "75"),
    ("24", "Dordogne", "75"),
    ("25", "Doubs", "27"),
    ("26", "Drôme", "84"),
    ("27", "Eure", "28"),
    ("28", "Eure-et-Loir", "24"),
    ("29", "Finistère", "53"),
    ("2A", "Corse-du-Sud", "94"),
    ("2B", "Haute-Corse", "94"),
    ("30", "Gard", "76"),
    ("31", "Haute-Garonne", "76"),
    ("32", "Gers", "76"),
    ("33", "Gironde", "75"),
    ("34", "Hérault", "76"),
    ("35", "Ille-et-Vilaine", "53"),
    ("36", "Indre", "24"),
    ("37", "Indre-et-Loire", "24"),
    ("38", "Isère", "84"),
    ("39", "Jura", "27"),
    ("40", "Landes", "75"),
    ("41", "Loir-et-Cher", "24"),
    ("42", "Loire", "84"),
    ("43", "Haute-Loire", "84"),
    ("44", "Loire-Atlantique", "52"),
    ("45", "Loiret", "24"),
    ("46", "Lot", "76"),
    ("47", "Lot-et-Garonne", "75"),
    ("48", "Lozère", "76"),
    ("49", "Maine-et-Loire", "52"),
    ("50", "Manche", "28"),
    ("51", "Marne", "44"),
    ("52", "Haute-Marne", "44"),
    ("53", "Mayenne", "52"),
    ("54", "Meurthe-et-Moselle", "44"),
    ("55", "Meuse", "44"),
    ("56", "Morbihan", "53"),
    ("57", "Moselle", "44"),
    ("58", "Nièvre", "27"),
    ("59", "Nord", "32"),
    ("60", "Oise", "32"),
    ("61", "Orne", "28"),
    ("62", "Pas-de-Calais", "32"),
    ("63", "Puy-de-Dôme", "84"),
    ("64", "Pyrénées-Atlantiques", "75"),
    ("65", "Hautes-Pyrénées", "76"),
    ("66", "Pyrénées-Orientales", "76"),
    ("67", "Bas-Rhin", "44"),
    ("68", "Haut-Rhin", "44"),
    ("69", "Rhône", "84"),
    ("70", "Haute-Saône", "27"),
    ("71", "Saône-et-Loire", "27"),
    ("72", "Sarthe", "52"),
    ("73", "Savoie", "84"),
    ("74", "Haute-Savoie", "84"),
    ("75", "Paris", "11"),
    ("76", "Seine-Maritime", "28"),
    ("77", "Seine-et-Marne", "11"),
    ("78", "Yvelines", "11"),
    ("79", "Deux-Sèvres", "75"),
    ("80", "Somme", "32"),
    ("81", "Tarn", "76"),
    ("82", "Tarn-et-Garonne", "76"),
    ("83", "Var", "93"),
    ("84", "Vaucluse", "93"),
    ("85", "Vendée", "52"),
    ("86", "Vienne", "75"),
    ("87", "Haute-Vienne", "75"),
    ("88", "Vosges", "44"),
    ("89", "Yonne", "27"),
    ("90", "Territoire de Belfort", "27"),
    ("91", "Essonne", "11"),
    ("92", "Hauts-de-Seine", "11"),
    ("93", "Seine-Saint-Denis", "11"),
    ("94", "Val-de-Marne", "11"),
    ("95", "Val-d'Oise", "11"),
    ("971", "Guadeloupe", "01"),
    ("972", "Martinique", "02"),
    ("973", "Guyane", "03"),
    ("974", "La Réunion", "04"),
    ("976", "Mayotte", "06"),
];

/// A région: INSEE code and name.
pub const REGIONS: [(&str, &str); 18] = [
    ("01", "Guadeloupe"),
    ("02", "Martinique"),
    ("03", "Guyane"),
    ("04", "La Réunion"),
    ("06", "Mayotte"),
    ("11", "Île-de-France"),
    ("24", "Centre-Val de Loire"),
    ("27", "Bourgogne-Franche-Comté"),
    ("28", "Normandie"),
    ("32", "Hauts-de-France"),
    ("44", "Grand Est"),
    ("52", "Pays de la Loire"),
    ("53", "Bretagne"),
    ("75", "Nouvelle-Aquitaine"),
    ("76", "Occitanie"),
    ("84", "Auvergne-Rhône-Alpes"),
    ("93", "Provence-Alpes-Côte d'Azur"),
    ("94", "Corse"),
];

/// The name of a département code.
pub fn departement_name(code: &str) -> Option<&'static str> {
    DEPARTEMENTS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, name, _)| *name)
}

/// The région code of a département code.
pub fn region_of(departement: &str) -> Option<&'static str> {
    DEPARTEMENTS
        .iter()
        .find(|(c, _, _)| *c == departement)
        .map(|(_, _, region)| *region)
}

/// The name of a région code.
pub fn region_name(code: &str) -> Option<&'static str> {
    REGIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// A département's page: `/territoires/44-loire-atlantique`.
pub fn departement_path(code: &str) -> String {
    let name = departement_name(code).unwrap_or(code);
    format!("/territoires/{code}-{}", crate::model::slugify(name))
}

/// A région's page: `/regions/52-pays-de-la-loire`.
pub fn region_path(code: &str) -> String {
    let name = region_name(code).unwrap_or(code);
    format!("/regions/{code}-{}", crate::model::slugify(name))
}

/// The départements of a région, by code.
pub fn departements_of_region(region: &str) -> Vec<&'static str> {
    DEPARTEMENTS
        .iter()
        .filter(|(_, _, r)| *r == region)
        .map(|(code, _, _)| *code)
        .collect()
}

/// The code a territory address starts with ("44" of "44-loire-atlantique", "2A" of
/// "2A-corse-du-sud"), and whether the rest is the canonical name.
pub fn split_territory_address(address: &str) -> (&str, &str) {
    address.split_once('-').unwrap_or((address, ""))
}

/// "3 initiatives", "1 initiative", "aucune initiative".
pub fn initiatives_count(count: i64) -> String {
    match count {
        0 => "aucune initiative".to_owned(),
        1 => "1 initiative".to_owned(),
        n => format!("{n} initiatives"),
    }
}

/// One département on the map of France.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapDepartement {
    pub code: String,
    pub name: String,
    pub href: String,
    /// Its published sheets: the total of `/initiatives?departement={code}`.
    pub count: i64,
    /// Its outline, an SVG path in the map's coordinates.
    pub path: String,
    /// 0 (none) to 4 (among the most): the shade it is drawn in.
    pub shade: u8,
}

/// The map of France by département, drawn by the server as inline SVG.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FranceMap {
    pub view_box: String,
    pub departements: Vec<MapDepartement>,
    /// The frames of the overseas insets: x, y, width, height.
    pub insets: Vec<[f32; 4]>,
}

/// The shade of a département with `count` sheets when the most any has is `max`: none,
/// then four steps.
pub fn map_shade(count: i64, max: i64) -> u8 {
    if count <= 0 || max <= 0 {
        return 0;
    }
    // 1..=4, in proportion to the busiest département.
    (1 + (count - 1) * 4 / max).clamp(1, 4) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_departement_has_a_region_and_codes_stay_apart() {
        for (code, _, region) in DEPARTEMENTS {
            assert!(region_name(region).is_some(), "{code}");
        }
        assert_eq!(departement_name("44"), Some("Loire-Atlantique"));
        assert_eq!(region_of("44"), Some("52"));
        assert_eq!(region_name("44"), Some("Grand Est"));
        assert_eq!(region_of("2A"), Some("94"));
        assert_eq!(region_of("974"), Some("04"));
    }

    #[test]
    fn territory_addresses_carry_code_and_name() {
        assert_eq!(departement_path("44"), "/territoires/44-loire-atlantique");
        assert_eq!(departement_path("2A"), "/territoires/2A-corse-du-sud");
        assert_eq!(departement_path("974"), "/territoires/974-la-reunion");
        assert_eq!(region_path("52"), "/regions/52-pays-de-la-loire");
        assert_eq!(region_path("93"), "/regions/93-provence-alpes-cote-d-azur");
        assert_eq!(
            split_territory_address("44-loire-atlantique"),
            ("44", "loire-atlantique")
        );
        assert_eq!(split_territory_address("2B"), ("2B", ""));
        assert_eq!(
            departements_of_region("52"),
            vec!["44", "49", "53", "72", "85"]
        );
    }

    #[test]
    fn shades_grow_with_the_count() {
        let cases = [
            (0, 10, 0),
            (1, 10, 1),
            (3, 10, 1),
            (4, 10, 2),
            (10, 10, 4),
            (1, 1, 1),
            (5, 0, 0),
        ];
        for (count, max, shade) in cases {
            assert_eq!(map_shade(count, max), shade, "{count}/{max}");
        }
        assert_eq!(initiatives_count(0), "aucune initiative");
        assert_eq!(initiatives_count(1), "1 initiative");
        assert_eq!(initiatives_count(3), "3 initiatives");
    }
}
