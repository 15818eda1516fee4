//! Organisations that carry actions (social centres, federations, …) and the rules on
//! their postal address.

use serde::{Deserialize, Serialize};

/// What kind of structure carries an action. Stored as a stable English code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrganisationKind {
    SocialCentre,
    SocialLifeSpace,
    Federation,
    Association,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 4] = [
        OrganisationKind::SocialCentre,
        OrganisationKind::SocialLifeSpace,
        OrganisationKind::Federation,
        OrganisationKind::Association,
    ];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            OrganisationKind::SocialCentre => "social_centre",
            OrganisationKind::SocialLifeSpace => "social_life_space",
            OrganisationKind::Federation => "federation",
            OrganisationKind::Association => "association",
        }
    }

    /// Parses a stored code; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The French label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            OrganisationKind::SocialCentre => "Centre social",
            OrganisationKind::SocialLifeSpace => "Espace de vie sociale",
            OrganisationKind::Federation => "Fédération",
            OrganisationKind::Association => "Association",
        }
    }
}

/// Why a postal code was refused (its French text: `texts::AdminProblem`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostalCodeError {
    #[error("malformed postal code")]
    Malformed,
    #[error("postal code of no département")]
    UnknownDepartement,
}

/// The département (as its official code: "44", "2A", "974") a French postal code
/// belongs to.
///
/// Fails on anything that is not five digits, and on prefixes no département uses
/// (00, 96, 99 and 98x overseas collectivities that are not départements).
pub fn departement_from_postal_code(postal_code: &str) -> Result<String, PostalCodeError> {
    let code = postal_code.trim();
    if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PostalCodeError::Malformed);
    }
    let prefix = &code[..2];
    match prefix {
        "00" | "96" | "99" => Err(PostalCodeError::UnknownDepartement),
        // Corsica: 200xx–201xx is Corse-du-Sud, 202xx–206xx is Haute-Corse.
        "20" => match code.as_bytes()[2] {
            b'0' | b'1' => Ok("2A".to_owned()),
            b'2'..=b'6' => Ok("2B".to_owned()),
            _ => Err(PostalCodeError::UnknownDepartement),
        },
        // Overseas départements use three digits: 971 to 976.
        "97" => match &code[..3] {
            d @ ("971" | "972" | "973" | "974" | "976") => Ok(d.to_owned()),
            _ => Err(PostalCodeError::UnknownDepartement),
        },
        "98" => Err(PostalCodeError::UnknownDepartement),
        _ => Ok(prefix.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departement_is_derived_from_postal_codes() {
        let cases: &[(&str, Result<&str, PostalCodeError>)] = &[
            ("44800", Ok("44")),
            ("75011", Ok("75")),
            ("01000", Ok("01")),
            (" 69003 ", Ok("69")),
            ("20000", Ok("2A")),
            ("20167", Ok("2A")),
            ("20200", Ok("2B")),
            ("20600", Ok("2B")),
            ("97400", Ok("974")),
            ("97600", Ok("976")),
            ("97500", Err(PostalCodeError::UnknownDepartement)),
            ("98000", Err(PostalCodeError::UnknownDepartement)),
            ("00100", Err(PostalCodeError::UnknownDepartement)),
            ("4480", Err(PostalCodeError::Malformed)),
            ("448000", Err(PostalCodeError::Malformed)),
            ("44 80", Err(PostalCodeError::Malformed)),
            ("abcde", Err(PostalCodeError::Malformed)),
            ("", Err(PostalCodeError::Malformed)),
        ];
        for (input, expected) in cases {
            let got = departement_from_postal_code(input);
            assert_eq!(
                got.as_deref().map_err(Clone::clone),
                expected.clone(),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn organisation_kinds_round_trip_through_their_codes() {
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(OrganisationKind::from_code("club"), None);
    }
}
