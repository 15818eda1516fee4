//! Photo uploads (`POST /actions/{slug}/photos`, multipart) and media files
//! (`GET /media/{key}`). Uploads are a plain axum handler, not a server function: the body
//! limit holds before anything is read, each file is read chunk by chunk and refused as soon
//! as it passes the size limit, and a malformed body is a 400 with a French message, never
//! a panic. The same handler answers the upload island (JSON) and the plain form (a
//! redirect back to the sheet).

use app::backend::auth::ClientIp;
use app::backend::db::actions;
use app::backend::forms::Form;
use app::backend::images::PhotoProblem;
use app::backend::photos::{self, UploadError};
use app::backend::storage::is_public_key;
use app::backend::AppState;
use app::error::AppError;
use app::model::CurrentUser;
use axum::body::Body;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

/// Most files in one request (the form without JavaScript may send several).
pub const MAX_FILES_PER_REQUEST: usize = 4;

/// The request body limit of the upload route, for `max_file_bytes` per file.
pub fn body_limit(max_file_bytes: u64) -> usize {
    (max_file_bytes as usize)
        .saturating_mul(MAX_FILES_PER_REQUEST)
        .saturating_add(1024 * 1024)
}

/// A refusal: its HTTP status and the error (a photo problem, or any application error).
struct Refusal {
    status: StatusCode,
    error: AppError,
}

impl Refusal {
    fn from_app(error: AppError) -> Self {
        let status =
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Refusal { status, error }
    }

    fn photo(problem: PhotoProblem) -> Self {
        let status = match &problem {
            PhotoProblem::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            PhotoProblem::Malformed => StatusCode::BAD_REQUEST,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        Refusal {
            status,
            error: AppError::problem("photo", problem),
        }
    }

    fn malformed() -> Self {
        Refusal::photo(PhotoProblem::Malformed)
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"))
}

/// Answers the island in JSON, or the plain form with a redirect: to the sheet on success,
/// back to the form through a returned-form record on a refusal.
async fn answer(
    state: &AppState,
    json: bool,
    slug: &str,
    anchor: &str,
    outcome: Result<Vec<i64>, Refusal>,
    counted: Option<String>,
) -> Response {
    let sheet = format!("/actions/{}", app::backend::forms::encode(slug));
    // Unavailable (no photo slot or no database in time): a 503 to try again, even for a
    // plain form, since the way back through a returned-form record needs the database.
    if let Err(refusal) = &outcome {
        if refusal.error == AppError::Unavailable {
            let seconds = app::error::UNAVAILABLE_RETRY_SECONDS;
            return if json {
                (
                    refusal.status,
                    [
                        (header::CONTENT_TYPE, "application/json".to_owned()),
                        (header::RETRY_AFTER, seconds.to_string()),
                    ],
                    serde_json::json!({ "message": refusal.error.to_string() }).to_string(),
                )
                    .into_response()
            } else {
                crate::security::unavailable()
            };
        }
    }
    match (json, outcome) {
        (true, Ok(ids)) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::json!({ "ids": ids }).to_string(),
        )
            .into_response(),
        (true, Err(refusal)) => (
            refusal.status,
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::json!({ "message": refusal.error.to_string() }).to_string(),
        )
            .into_response(),
        (false, Ok(ids)) => redirect(&format!("{sheet}?zone=photos&ajout={}#{anchor}", ids.len())),
        (false, Err(refusal)) => {
            let form = Form::at(sheet, "photos", anchor);
            let quota = counted.map(|client| (&state.refused_forms.0, client));
            redirect(&form.back_to_counted(&state.db, refusal.error, quota).await)
        }
    }
}

fn redirect(to: &str) -> Response {
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, to)
        .body(Body::empty())
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// `POST /actions/{slug}/photos`: fields `photo` (one or more files), `alt_text`,
/// `caption`, and `update_id` for photos of a progress update.
pub async fn upload_photos(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    user: Option<Extension<CurrentUser>>,
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let json = wants_json(&headers);
    // A refused plain form's record counts against the quota of a client not signed in.
    let counted = user
        .is_none()
        .then(|| client.map_or_else(|| "unknown".to_owned(), |Extension(ip)| ip.0));
    let (outcome, update_id) = receive(&state, &slug, user.map(|Extension(u)| u), multipart).await;
    let anchor = update_id.map_or_else(|| "photos".to_owned(), |id| format!("nouvelle-{id}"));
    answer(&state, json, &slug, &anchor, outcome, counted).await
}

async fn receive(
    state: &AppState,
    slug: &str,
    user: Option<CurrentUser>,
    multipart: Result<Multipart, MultipartRejection>,
) -> (Result<Vec<i64>, Refusal>, Option<i64>) {
    let mut update_id = None;
    let outcome = receive_into(state, slug, user, multipart, &mut update_id).await;
    (outcome, update_id)
}

async fn receive_into(
    state: &AppState,
    slug: &str,
    user: Option<CurrentUser>,
    multipart: Result<Multipart, MultipartRejection>,
    update_id: &mut Option<i64>,
) -> Result<Vec<i64>, Refusal> {
    let user = user.ok_or_else(|| Refusal::from_app(AppError::Unauthorized))?;
    let (sheet, _) = actions::find_sheet(&state.db, slug)
        .await
        .map_err(|e| Refusal::from_app(e.into()))?
        .ok_or_else(|| Refusal::from_app(AppError::NotFound))?;
    if !user.can_edit(sheet.id) {
        return Err(Refusal::from_app(AppError::Forbidden));
    }
    let mut multipart = multipart.map_err(|_| Refusal::malformed())?;
    let max_bytes = state.limits.images.max_bytes;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let (mut alt_text, mut caption) = (String::new(), String::new());
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(Refusal::photo(PhotoProblem::TooLarge {
                    megabytes: max_bytes / (1024 * 1024),
                }))
            }
            Err(_) => return Err(Refusal::malformed()),
        };
        match field.name().unwrap_or_default() {
            "photo" => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let mut field = field;
                let mut bytes = Vec::new();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            bytes.extend_from_slice(&chunk);
                            if bytes.len() as u64 > max_bytes {
                                return Err(Refusal::photo(PhotoProblem::TooLarge {
                                    megabytes: max_bytes / (1024 * 1024),
                                }));
                            }
                        }
                        Ok(None) => break,
                        Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                            return Err(Refusal::photo(PhotoProblem::TooLarge {
                                megabytes: max_bytes / (1024 * 1024),
                            }))
                        }
                        Err(_) => return Err(Refusal::malformed()),
                    }
                }
                // A file input left empty sends a part with no name and no bytes.
                if name.is_empty() && bytes.is_empty() {
                    continue;
                }
                if files.len() == MAX_FILES_PER_REQUEST {
                    return Err(Refusal::photo(PhotoProblem::TooMany {
                        max: MAX_FILES_PER_REQUEST as u32,
                    }));
                }
                files.push((name, bytes));
            }
            "alt_text" => alt_text = field.text().await.map_err(|_| Refusal::malformed())?,
            "caption" => caption = field.text().await.map_err(|_| Refusal::malformed())?,
            "update_id" => {
                let text = field.text().await.map_err(|_| Refusal::malformed())?;
                *update_id = Some(text.trim().parse().map_err(|_| Refusal::malformed())?);
            }
            _ => {}
        }
    }
    if files.is_empty() {
        return Err(Refusal::photo(PhotoProblem::Missing));
    }
    if let Some(update_id) = *update_id {
        // The update must be one of this sheet's, and the person its author (or an
        // administrator), as for changing it.
        let author = app::backend::db::updates::author_of(&state.db, sheet.id, update_id)
            .await
            .map_err(|e| Refusal::from_app(e.into()))?
            .ok_or_else(|| Refusal::from_app(AppError::NotFound))?;
        if !user.is_admin && author != Some(user.id) {
            return Err(Refusal::from_app(AppError::Forbidden));
        }
    }
    let mut ids = Vec::new();
    for (name, bytes) in files {
        let stored = photos::store_upload(
            state, sheet.id, bytes, name, &alt_text, &caption, *update_id,
        )
        .await;
        let refusal = match stored {
            Ok(id) => {
                ids.push(id);
                continue;
            }
            Err(UploadError::Photo(error)) => Refusal::photo(error),
            Err(UploadError::App(error)) => Refusal::from_app(error),
        };
        // Say what was saved before the refusal, so that nobody sends it twice.
        return Err(match ids.len() {
            0 => refusal,
            saved => Refusal {
                error: AppError::problem(
                    "photo",
                    PhotoProblem::PartlySaved {
                        saved: saved as u32,
                        reason: refusal.error.to_string(),
                    },
                ),
                ..refusal
            },
        });
    }
    Ok(ids)
}

/// `GET /media/{key}`: a photo variant from the media storage. Keys are unique per file,
/// so they are cached for a year. Originals are never served.
pub async fn media_file(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    if !is_public_key(&key) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let content_type = match key.rsplit_once('.').map(|(_, ext)| ext) {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    match state.storage.get(&key).await {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot read a media file");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
