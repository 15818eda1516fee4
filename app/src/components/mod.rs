//! Reusable view pieces. `Gallery`, `PartEditor`, `SignupBox`, `LiveSearch` and `ShareTools` are islands (they ship WASM); the rest
//! render on the server only.

mod agenda;
mod drafts;
mod editor;
mod events;
mod follow_box;
mod france_map;
mod gallery;
mod live_search;
mod near_me_form;
mod pagination;
mod photos;
mod returned;
mod search_box;
mod share_tools;
mod signup;

pub use crate::error::set_http_status;
pub use agenda::AgendaList;
pub use editor::{EditorProps, PartEditor};
pub use events::EventList;
pub use follow_box::{FeedLinks, FollowBoxView};
pub use france_map::{FranceMapView, MAP_ATTRIBUTION};
pub use gallery::Gallery;
pub use live_search::LiveSearch;
pub use near_me_form::NearMeForm;
pub use pagination::Pagination;
pub use photos::{PhotoManager, PhotoUploader, ALT_HINT};
pub use returned::{returned_form, returned_form_prefixed};
pub use search_box::SearchBox;
pub use share_tools::ShareTools;
pub use signup::{SignupBox, SignupProps};
