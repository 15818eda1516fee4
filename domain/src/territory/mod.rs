//! The reference data of French territory, server only: every commune with its postal
//! codes (to check an organisation's address), the map of départements and which
//! départements border which. Made by hand with `make reference-data` (see
//! `tools/reference-data/`) and committed in `data/`, with the sources and licences in
//! `data/ATTRIBUTION.md`; parsed once at startup, never fetched at run time.

use std::collections::HashMap;

use crate::error::AppError;
use crate::model::{departement_from_postal_code, PostalCodeError};

const COMMUNES: &str = include_str!("data/communes.tsv");
const MAP: &str = include_str!("data/departements-map.tsv");
const ADJACENCY: &str = include_str!("data/adjacency.tsv");

/// A commune and one of its postal codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    pub postal_code: String,
    /// Its INSEE code ("44109" for Nantes), not a postal code.
    pub insee_code: String,
    pub name: String,
    pub departement: String,
}

/// Why an address was refused (French texts: `texts::PlaceProblem`, see
/// [`AddressProblem::refusal`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressProblem {
    /// Not five digits.
    Malformed,
    /// Five digits that no commune uses.
    UnknownPostalCode,
    /// The city is not one of the communes of that postal code (listed, by name).
    CityMismatch { communes: Vec<String> },
}

impl AddressProblem {
    /// The refusal of the address `postal_code`, `city` of a form, on the field to fix.
    pub fn refusal(self, postal_code: &str, city: &str) -> AppError {
        use crate::texts::PlaceProblem;
        match self {
            AddressProblem::Malformed => {
                AppError::problem("postal_code", PlaceProblem::PostalCodeMalformed)
            }
            AddressProblem::UnknownPostalCode => AppError::problem(
                "postal_code",
                PlaceProblem::PostalCodeUnknown {
                    postal_code: postal_code.trim().to_owned(),
                },
            ),
            AddressProblem::CityMismatch { communes } => AppError::problem(
                "city",
                PlaceProblem::CityNotOfPostalCode {
                    city: city.trim().to_owned(),
                    postal_code: postal_code.trim().to_owned(),
                    communes: communes.join(", "),
                },
            ),
        }
    }
}

/// One département on the map: its outline as an SVG path in the map's coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapArea {
    pub code: String,
    pub path: String,
}

/// A small map of an overseas département drawn beside metropolitan France.
#[derive(Debug, Clone, PartialEq)]
pub struct MapInset {
    pub code: String,
    /// x, y, width, height in the map's coordinates.
    pub frame: [f32; 4],
}

/// The reference data, parsed once (cheap to share: held in an `Arc` by `AppState`).
#[derive(Debug, Default)]
pub struct Territory {
    by_postal_code: HashMap<String, Vec<Commune>>,
    neighbours: HashMap<String, Vec<String>>,
    /// The SVG `viewBox` of the map.
    pub view_box: String,
    pub areas: Vec<MapArea>,
    pub insets: Vec<MapInset>,
}

impl Territory {
    /// Parses the committed tables. They are part of the build, so a malformed line is a
    /// bug of the data pipeline: it is skipped (and the unit tests below fail on it).
    pub fn load() -> Self {
        let mut by_postal_code: HashMap<String, Vec<Commune>> = HashMap::new();
        for line in COMMUNES.lines().filter(|line| !line.starts_with('#')) {
            let mut fields = line.split('\t');
            let (Some(postal_code), Some(insee_code), Some(name), Some(departement)) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            by_postal_code
                .entry(postal_code.to_owned())
                .or_default()
                .push(Commune {
                    postal_code: postal_code.to_owned(),
                    insee_code: insee_code.to_owned(),
                    name: name.to_owned(),
                    departement: departement.to_owned(),
                });
        }
        let neighbours = ADJACENCY
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let (code, list) = line.split_once('\t').unwrap_or((line, ""));
                (!code.is_empty()).then(|| {
                    let list = list.split_whitespace().map(str::to_owned).collect();
                    (code.to_owned(), list)
                })
            })
            .collect();
        let mut view_box = String::new();
        let mut areas = Vec::new();
        let mut insets = Vec::new();
        for line in MAP.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                ["#viewBox", value] => view_box = (*value).to_owned(),
                ["#inset", code, frame] => {
                    let numbers: Vec<f32> = frame
                        .split_whitespace()
                        .filter_map(|n| n.parse().ok())
                        .collect();
                    if let [x, y, w, h] = numbers[..] {
                        insets.push(MapInset {
                            code: (*code).to_owned(),
                            frame: [x, y, w, h],
                        });
                    }
                }
                [code, path] if !code.starts_with('#') => areas.push(MapArea {
                    code: (*code).to_owned(),
                    path: (*path).to_owned(),
                }),
                _ => {}
            }
        }
        Territory {
            by_postal_code,
            neighbours,
            view_box,
            areas,
            insets,
        }
    }

    /// The communes of a postal code, by name (none for an unknown code).
    pub fn communes(&self, postal_code: &str) -> &[Commune] {
        self.by_postal_code
            .get(postal_code.trim())
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The communes of a département (each once per postal code), by postal code.
    pub fn communes_in(&self, departement: &str) -> Vec<&Commune> {
        let mut communes: Vec<&Commune> = self
            .by_postal_code
            .values()
            .flatten()
            .filter(|commune| commune.departement == departement)
            .collect();
        communes.sort_by(|a, b| (&a.postal_code, &a.name).cmp(&(&b.postal_code, &b.name)));
        communes
    }

    /// The commune of an address: the postal code must exist and the city must be one of
    /// its communes (compared without accents, case, hyphens or apostrophes, and "St" for
    /// "Saint"), so "saint herblain" finds Saint-Herblain.
    pub fn locate(&self, postal_code: &str, city: &str) -> Result<&Commune, AddressProblem> {
        let postal_code = postal_code.trim();
        match departement_from_postal_code(postal_code) {
            Err(PostalCodeError::Malformed) => return Err(AddressProblem::Malformed),
            Err(PostalCodeError::UnknownDepartement) | Ok(_) => {}
        }
        let communes = self.communes(postal_code);
        if communes.is_empty() {
            return Err(AddressProblem::UnknownPostalCode);
        }
        let wanted = comparable(city);
        communes
            .iter()
            .find(|commune| comparable(&commune.name) == wanted)
            .ok_or_else(|| AddressProblem::CityMismatch {
                communes: communes.iter().map(|c| c.name.clone()).collect(),
            })
    }

    /// The départements sharing a land border with `code`, by code (none overseas).
    pub fn neighbours(&self, code: &str) -> &[String] {
        self.neighbours
            .get(code)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

/// An organisation's stored address: id, name, postal code, city, département.
pub type StoredAddress = (i64, String, String, String, String);

impl Territory {
    /// The stored addresses that are not a commune of their postal code, or whose
    /// département is not the commune's, each with its French explanation (what
    /// `server check-addresses` prints). Rows saved before addresses were checked may be
    /// such; the administration's form refuses them now.
    pub fn check_addresses(&self, rows: &[StoredAddress]) -> Vec<(i64, String)> {
        rows.iter()
            .filter_map(|(id, name, postal_code, city, departement)| {
                let why = match self.locate(postal_code, city) {
                    Ok(commune) if &commune.departement == departement => return None,
                    Ok(commune) => format!(
                        "le département enregistré est {departement}, celui de {} est {}.",
                        commune.name, commune.departement
                    ),
                    Err(problem) => problem.refusal(postal_code, city).to_string(),
                };
                Some((*id, format!("« {name} » ({postal_code} {city}) : {why}")))
            })
            .collect()
    }
}

/// A commune's name reduced to what people may type differently: lowercase ASCII letters
/// and digits, separated by single spaces ("Saint-Étienne-de-Montluc" and "st etienne de
/// montluc" give the same).
fn comparable(name: &str) -> String {
    let slug = crate::model::slugify(name);
    slug.split('-')
        .map(|word| {
            if word == "st" {
                "saint"
            } else if word == "ste" {
                "sainte"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_tables_is_read() {
        let territory = Territory::load();
        let communes = COMMUNES.lines().filter(|l| !l.starts_with('#')).count();
        let read: usize = territory.by_postal_code.values().map(Vec::len).sum();
        assert_eq!(read, communes);
        assert!(read > 30_000, "{read} communes");
        assert_eq!(territory.areas.len(), 101);
        assert_eq!(territory.insets.len(), 5);
        assert!(!territory.view_box.is_empty());
        for area in &territory.areas {
            assert!(
                crate::model::departement_name(&area.code).is_some(),
                "{}",
                area.code
            );
            assert!(area.path.starts_with('M'), "{}", area.code);
        }
    }

    #[test]
    fn addresses_are_checked_against_the_communes() {
        let territory = Territory::load();
        type Case<'a> = (&'a str, &'a str, Result<(&'a str, &'a str), AddressProblem>);
        let cases: &[Case] = &[
            ("44000", "Nantes", Ok(("Nantes", "44"))),
            ("44000", "NANTES", Ok(("Nantes", "44"))),
            ("44800", "saint herblain", Ok(("Saint-Herblain", "44"))),
            ("44800", "St-Herblain", Ok(("Saint-Herblain", "44"))),
            ("97400", "Saint-Denis", Ok(("Saint-Denis", "974"))),
            ("20000", "Ajaccio", Ok(("Ajaccio", "2A"))),
            ("75011", "Paris", Ok(("Paris", "75"))),
            ("69003", "Lyon", Ok(("Lyon", "69"))),
            ("13001", "Marseille", Ok(("Marseille", "13"))),
            ("4400", "Nantes", Err(AddressProblem::Malformed)),
            ("44999", "Nantes", Err(AddressProblem::UnknownPostalCode)),
            ("00000", "Nantes", Err(AddressProblem::UnknownPostalCode)),
        ];
        for (postal_code, city, expected) in cases {
            let got = territory
                .locate(postal_code, city)
                .map(|c| (c.name.as_str(), c.departement.as_str()));
            assert_eq!(&got, expected, "{postal_code} {city}");
        }
        // A city that is not of that postal code: refused, with the communes it has.
        match territory.locate("44000", "Rennes") {
            Err(AddressProblem::CityMismatch { communes }) => {
                assert_eq!(communes, vec!["Nantes".to_owned()])
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_postal_code_shared_by_several_communes_accepts_each_of_them() {
        let territory = Territory::load();
        let shared = territory.communes("44190");
        assert!(shared.len() >= 2, "{shared:?}");
        for commune in shared {
            let found = territory
                .locate("44190", &commune.name)
                .expect("each commune");
            assert_eq!(found, commune);
        }
        match territory.locate("44190", "Nantes") {
            Err(AddressProblem::CityMismatch { communes }) => {
                assert_eq!(communes.len(), shared.len())
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn stored_addresses_that_are_not_communes_are_reported() {
        let territory = Territory::load();
        let row = |id: i64, postal: &str, city: &str, dep: &str| {
            (
                id,
                format!("Orga {id}"),
                postal.to_owned(),
                city.to_owned(),
                dep.to_owned(),
            )
        };
        let rows = vec![
            row(1, "44000", "Nantes", "44"),
            row(2, "44000", "Rennes", "44"),
            row(3, "44999", "Nantes", "44"),
            row(4, "44000", "Nantes", "35"),
        ];
        let report = territory.check_addresses(&rows);
        let ids: Vec<i64> = report.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, vec![2, 3, 4]);
        assert!(
            report[0].1.contains("Communes de ce code postal : Nantes"),
            "{}",
            report[0].1
        );
        assert!(
            report[1]
                .1
                .contains("Aucune commune n'a le code postal 44999"),
            "{}",
            report[1].1
        );
        assert!(
            report[2].1.contains("celui de Nantes est 44"),
            "{}",
            report[2].1
        );
    }

    #[test]
    fn neighbours_come_from_the_outlines() {
        let territory = Territory::load();
        let cases: &[(&str, &[&str])] = &[
            ("44", &["35", "49", "56", "85"]),
            ("75", &["92", "93", "94"]),
            ("2A", &["2B"]),
            ("29", &["22", "56"]),
            ("974", &[]),
        ];
        for (code, expected) in cases {
            let mut got: Vec<&str> = territory
                .neighbours(code)
                .iter()
                .map(String::as_str)
                .collect();
            got.sort();
            assert_eq!(&got, expected, "{code}");
        }
        // Symmetric: if A borders B, B borders A.
        for (code, list) in &territory.neighbours {
            for other in list {
                assert!(territory.neighbours(other).contains(code), "{code} {other}");
            }
        }
    }
}
