//! Every reason a form can be refused, as typed values with their parameters, and the one
//! French sentence each. Both paths show these texts: the islands (the message travels with
//! the error) and the pages a form without JavaScript comes back to (the error is kept in a
//! short-lived server-side record, see `backend::forms`).
//!
//! The problems are grouped by domain so that the browser links only the texts of the
//! islands that check fields themselves (the sign-up form); the server links them all.

use serde::{Deserialize, Serialize};

/// Why some input was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Problem {
    #[error(transparent)]
    Form(#[from] FormProblem),
    #[error(transparent)]
    Part(#[from] PartProblem),
    #[error(transparent)]
    Update(#[from] UpdateProblem),
    #[error(transparent)]
    Event(#[from] EventProblem),
    #[error(transparent)]
    Signup(#[from] SignupProblem),
    #[error(transparent)]
    Account(#[from] AccountProblem),
    #[error(transparent)]
    Admin(#[from] AdminProblem),
    #[error(transparent)]
    Place(#[from] PlaceProblem),
    #[error(transparent)]
    Photo(#[from] PhotoProblem),
    #[error(transparent)]
    Follow(#[from] FollowProblem),
}

/// A form that does not look like one the site sent (tampered with, or from an old page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum FormProblem {
    #[error("Le formulaire envoyé est incomplet. Rechargez la page puis réessayez.")]
    Incomplete,
}

/// A part of a sheet edited in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PartProblem {
    #[error("Le titre doit comporter au moins {min} caractères.")]
    TitleTooShort { min: u32 },
    #[error("Le titre est trop long ({max} caractères au plus).")]
    TitleTooLong { max: u32 },
    #[error("La question ne peut pas être vide.")]
    QuestionEmpty,
    #[error("La question est trop longue ({max} caractères au plus).")]
    QuestionTooLong { max: u32 },
    #[error("Ce texte est trop long ({max} caractères au plus).")]
    TextTooLong { max: u32 },
    #[error("Indiquez une date au format JJ/MM/AAAA, par exemple 01/09/2024.")]
    DateFormat,
    #[error("Choisissez un statut dans la liste.")]
    UnknownStatus,
    #[error("L'avancement est un nombre entre 0 et 100.")]
    ProgressRange,
    #[error("Un thème fait au plus {max} caractères : « {theme} » est trop long.")]
    ThemeTooLong { theme: String, max: u32 },
    #[error("{max} thèmes au plus.")]
    TooManyThemes { max: u32 },
    #[error("Choisissez les thèmes dans la liste proposée.")]
    UnknownTheme,
    #[error(
        "Une fiche compte au plus {max} questions : retirez-en une avant d'en ajouter une autre."
    )]
    TooManySections { max: u32 },
    #[error("Cette modification ne peut pas être annulée d'ici (ajout, retrait ou déplacement de question).")]
    NotRestorable,
}

/// A progress update ("Où en est-on ?").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum UpdateProblem {
    #[error("Indiquez la date au format JJ/MM/AAAA, par exemple 18/06/2024.")]
    DateFormat,
    #[error("Donnez un titre à cette nouvelle.")]
    TitleMissing,
    #[error("Le titre est trop long ({max} caractères au plus).")]
    TitleTooLong { max: u32 },
    #[error("Le texte est trop long ({max} caractères au plus).")]
    BodyTooLong { max: u32 },
    #[error("Cette fiche compte déjà {max} nouvelles, le maximum : supprimez-en une ancienne avant d'en publier une autre.")]
    TooMany { max: u32 },
}

/// An event typed by a référent, and messages to its participants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum EventProblem {
    #[error("Donnez un titre à l'événement ({min} à {max} caractères), par exemple « Banquet citoyen du 18 juin ».")]
    Title { min: u32, max: u32 },
    #[error("La description est trop longue ({max} caractères au plus).")]
    DescriptionTooLong { max: u32 },
    #[error("Indiquez la date et l'heure, par exemple 18/06/2026 19:00.")]
    DateTimeFormat,
    #[error("Cette heure n'existe pas ce jour-là (changement d'heure) : choisissez-en une autre.")]
    NonexistentTime,
    #[error("La fin de l'événement doit venir après son début.")]
    EndBeforeStart,
    #[error("Indiquez le lieu (adresse, {max} caractères au plus).")]
    Place { max: u32 },
    #[error("Le nombre de places doit être un nombre entier positif, ou rester vide s'il n'y a pas de limite.")]
    Capacity,
    #[error("{people} personne(s) sont déjà inscrites : le nombre de places ne peut pas être inférieur. Annulez d'abord des inscriptions si nécessaire.")]
    CapacityBelowConfirmed { people: i64 },
    #[error("La date limite d'inscription doit venir avant le début de l'événement.")]
    DeadlineAfterStart,
    #[error("Indiquez l'objet du message (une ligne, {max} caractères au plus).")]
    Subject { max: u32 },
    #[error("Écrivez le message ({max} caractères au plus).")]
    Message { max: u32 },
    #[error("Choisissez si les inscriptions sont ouvertes ou closes.")]
    Signups,
}

/// A resident's sign-up (also checked in the browser by the sign-up island).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SignupProblem {
    #[error("Indiquez votre nom (ou un prénom).")]
    NameMissing,
    #[error("Votre nom est trop long ({max} caractères au plus).")]
    NameTooLong { max: u32 },
    #[error("Indiquez seulement votre nom, sans adresse web ni adresse e-mail : il est repris dans le message de confirmation.")]
    NameWithAddress,
    #[error("Indiquez votre adresse e-mail : vous y recevrez la confirmation.")]
    EmailMissing,
    #[error("Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).")]
    EmailInvalid,
    #[error("Indiquez combien vous serez, vous compris : de 1 à {max} personnes.")]
    People { max: u32 },
    #[error("Votre message est trop long ({max} caractères au plus).")]
    MessageTooLong { max: u32 },
    #[error("Cochez la case pour accepter que les organisateurs utilisent votre nom et votre adresse pour cet événement.")]
    Consent,
    #[error("Ce formulaire a été rempli automatiquement et n'a pas été envoyé. Laissez vide le champ « Site web » puis réessayez.")]
    Honeypot,
}

/// Accounts: passwords and addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AccountProblem {
    #[error("Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).")]
    EmailInvalid,
    #[error("Le mot de passe doit comporter au moins {min} caractères.")]
    PasswordTooShort { min: u32 },
    #[error("Le mot de passe est trop long ({max} caractères au plus).")]
    PasswordTooLong { max: u32 },
    #[error("Les deux mots de passe ne sont pas identiques.")]
    PasswordsDiffer,
}

/// The administration's forms: organisations, sheets, référents, accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AdminProblem {
    #[error("Indiquez le nom de l'organisation ({max} caractères au plus).")]
    OrganisationName { max: u32 },
    #[error("Choisissez le type d'organisation dans la liste.")]
    OrganisationKind,
    #[error("Indiquez la ville.")]
    CityMissing,
    #[error("Choisissez une organisation de la liste.")]
    UnknownOrganisation,
    #[error("Une fiche porte déjà ce titre : choisissez-en un autre.")]
    SlugTaken,
    #[error("Indiquez le nom affiché de la personne ({max} caractères au plus).")]
    PersonName { max: u32 },
    #[error("Vous ne pouvez pas désactiver votre propre compte.")]
    OwnAccount,
    #[error("Indiquez le nom du thème : de 2 à {max} caractères.")]
    ThemeName { max: u32 },
    #[error("La description du thème est trop longue ({max} caractères au plus).")]
    ThemeDescription { max: u32 },
    #[error(
        "Un thème porte déjà ce nom (ou presque) : choisissez-en un autre, ou fusionnez les deux."
    )]
    ThemeTaken,
    #[error("Choisissez un autre thème que celui-ci pour la fusion.")]
    ThemeMergeSelf,
    #[error("Ce thème est utilisé par {sheets} fiche(s) : fusionnez-le dans un autre thème plutôt que de le supprimer.")]
    ThemeInUse { sheets: u32 },
}

/// A postal code and a city: an organisation's address, or "Près de chez moi".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PlaceProblem {
    #[error("Le code postal doit comporter exactement 5 chiffres (par exemple 44800).")]
    PostalCodeMalformed,
    #[error("Aucune commune n'a le code postal {postal_code} : vérifiez-le (5 chiffres, par exemple 44800).")]
    PostalCodeUnknown { postal_code: String },
    #[error("« {city} » n'est pas une commune du code postal {postal_code}. Communes de ce code postal : {communes}.")]
    CityNotOfPostalCode {
        city: String,
        postal_code: String,
        /// Their names, separated by commas.
        communes: String,
    },
}

/// Photos: uploads and their texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PhotoProblem {
    #[error("Le fichier est vide.")]
    Empty,
    #[error("Ce fichier n'est pas une photo acceptée. Formats acceptés : JPEG (.jpg, .jpeg), PNG (.png) et WebP (.webp).")]
    UnsupportedFormat,
    #[error("Le contenu de ce fichier ne correspond pas à son nom ({name}) : c'est un fichier {actual}. Formats acceptés : JPEG (.jpg, .jpeg), PNG (.png) et WebP (.webp) — renommez-le ou exportez-le à nouveau.")]
    NameMismatch { name: String, actual: String },
    #[error("Ce fichier est trop lourd ({megabytes} Mo au plus).")]
    TooLarge { megabytes: u64 },
    #[error("Cette image est trop grande ({width} × {height} pixels ; {megapixels} mégapixels au plus). Réduisez-la puis réessayez.")]
    TooManyPixels {
        width: u32,
        height: u32,
        megapixels: u64,
    },
    #[error("Cette image est abîmée ou incomplète et ne peut pas être lue. Réessayez avec une autre copie.")]
    Corrupt,
    /// A PNG whose colour profile or text would take far more memory than a photo needs.
    #[error("Cette image contient des données cachées anormalement volumineuses (profil de couleur ou texte) et a été refusée. Enregistrez-la à nouveau en JPEG, puis réessayez.")]
    OversizedMetadata,
    #[error("Choisissez au moins une photo (JPEG, PNG ou WebP).")]
    Missing,
    #[error("Envoyez au plus {max} photos à la fois.")]
    TooMany { max: u32 },
    #[error("L'envoi est incomplet ou mal formé. Réessayez ; si cela se reproduit, envoyez les photos une par une.")]
    Malformed,
    #[error("Le texte alternatif est trop long ({max} caractères au plus).")]
    AltTooLong { max: u32 },
    #[error("La légende est trop longue ({max} caractères au plus).")]
    CaptionTooLong { max: u32 },
    #[error("{saved} photo(s) ajoutée(s) ; la suivante est refusée : {reason}")]
    PartlySaved { saved: u32, reason: String },
    #[error("Cette fiche compte déjà {max} photos, le maximum : supprimez-en avant d'en ajouter d'autres.")]
    GalleryFull { max: u32 },
    #[error("Cet ordre des photos ne correspond pas aux photos de la fiche. Rechargez la page puis réessayez.")]
    OrderMismatch,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_problem_reads_as_one_french_sentence_with_its_parameters() {
        let cases: Vec<(Problem, &str)> = vec![
            (
                PartProblem::TitleTooLong { max: 200 }.into(),
                "Le titre est trop long (200 caractères au plus).",
            ),
            (
                EventProblem::CapacityBelowConfirmed { people: 9 }.into(),
                "9 personne(s) sont déjà inscrites",
            ),
            (
                AdminProblem::PersonName { max: 100 }.into(),
                "(100 caractères au plus)",
            ),
            (
                PhotoProblem::TooManyPixels {
                    width: 20_000,
                    height: 10,
                    megapixels: 40,
                }
                .into(),
                "20000 × 10 pixels ; 40 mégapixels au plus",
            ),
            (
                SignupProblem::People { max: 10 }.into(),
                "de 1 à 10 personnes",
            ),
            (
                PlaceProblem::CityNotOfPostalCode {
                    city: "Nantes".to_owned(),
                    postal_code: "44190".to_owned(),
                    communes: "Clisson, Gétigné".to_owned(),
                }
                .into(),
                "« Nantes » n'est pas une commune du code postal 44190. Communes de ce code postal : Clisson, Gétigné.",
            ),
        ];
        for (problem, expected) in cases {
            let text = problem.to_string();
            assert!(text.contains(expected), "{text:?} lacks {expected:?}");
            assert!(text.ends_with('.') || text.ends_with('?'), "{text:?}");
        }
    }

    #[test]
    fn problems_survive_the_round_trip_through_json() {
        let problem: Problem = PartProblem::ThemeTooLong {
            theme: "écologie".into(),
            max: 40,
        }
        .into();
        let json = serde_json::to_string(&problem).unwrap();
        assert_eq!(serde_json::from_str::<Problem>(&json).unwrap(), problem);
    }
}

/// "Suivre" with an email address (the address and the honeypot are checked as for a
/// sign-up: [`SignupProblem`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum FollowProblem {
    #[error("Choisissez quand recevoir les nouvelles : chaque semaine ou à chaque nouveauté.")]
    Rhythm,
}
