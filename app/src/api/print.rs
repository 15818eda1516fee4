//! Paper: a published sheet laid out for A4, and an event's poster or flyer, each with the
//! sheet's address and its QR code. Public reads.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{EventPoster, PrintSheet};

/// The printed sheet of a published sheet (photos without alt text left out).
#[server(endpoint = "get_print_sheet")]
pub async fn get_print_sheet(slug: String) -> Result<PrintSheet, AppError> {
    use crate::backend::display::markdown_to_safe_html;
    use crate::backend::{db::actions, qr, state::app_state};
    use crate::model::{french_date, PaperSource};

    let state = app_state()?;
    let sheet = actions::find_published_sheet(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let url = format!("{}/actions/{}", state.public_url, sheet.slug);
    let qr_svg = qr::svg(&format!("{url}?src={}", PaperSource::Sheet.code()), 200);
    Ok(PrintSheet {
        slug: sheet.slug.clone(),
        title: sheet.title,
        // Without marks of its own: the page adds them (see `bare_quote`).
        quote: crate::model::bare_quote(&sheet.quote).to_owned(),
        quote_author: sheet.quote_author,
        organisation: sheet.organisation_name,
        organisation_kind: sheet.organisation_kind.label().to_owned(),
        postal_code: sheet.postal_code,
        city: sheet.city,
        start_date: sheet.start_date.map(french_date),
        referent_name: sheet.referent_name,
        summary_html: markdown_to_safe_html(&sheet.summary),
        sections: sheet
            .sections
            .iter()
            .filter(|section| !section.answer.trim().is_empty())
            .map(|section| {
                (
                    section.question.clone(),
                    markdown_to_safe_html(&section.answer),
                )
            })
            .collect(),
        photos: sheet
            .gallery
            .iter()
            .filter(|image| !image.alt.is_empty())
            .take(4)
            .map(|image| {
                (
                    image
                        .medium_url
                        .clone()
                        .unwrap_or_else(|| image.url.clone()),
                    image.alt.clone(),
                )
            })
            .collect(),
        url,
        qr_svg,
    })
}

/// The A4 poster (or, with `flyer`, the A5 flyer) of an event of a published sheet: its
/// places left as they are when printed, and a QR code to the sign-up.
#[server(endpoint = "get_event_poster")]
pub async fn get_event_poster(event_id: i64, flyer: bool) -> Result<EventPoster, AppError> {
    use crate::backend::{db::events, qr, state::app_state};
    use crate::model::PaperSource;

    let state = app_state()?;
    let row = events::find(&state.db, event_id)
        .await?
        .filter(|event| event.action_published)
        .ok_or(AppError::NotFound)?;
    let view = super::events::event_view(&row, chrono::Utc::now(), &state.public_url);
    let source = if flyer {
        PaperSource::Flyer
    } else {
        PaperSource::Poster
    };
    let url = format!("{}/actions/{}", state.public_url, row.action_slug);
    let qr_svg = qr::svg(
        &format!("{url}?src={}#evenement-{event_id}", source.code()),
        if flyer { 160 } else { 240 },
    );
    let organisation = crate::backend::db::actions::summary(&state.db, row.action_id)
        .await?
        .map(|sheet| sheet.organisation_name)
        .unwrap_or_default();
    Ok(EventPoster {
        flyer,
        title: row.title.clone(),
        when: view.when,
        place: row.place.clone(),
        availability: view.availability,
        sheet_title: row.action_title.clone(),
        organisation,
        url,
        qr_svg,
    })
}
