//! What the filters and the ranking read of every indexed sheet, kept in memory between
//! searches: one read of the index's generation tells whether the copy is still the
//! database's, so every search sees the facts of the last commit, on any server.

use crate::error::DomainError;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::db::search as repo;
use crate::db::Db;

/// One indexed sheet as the filters and the ranking see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetFacts {
    pub id: i64,
    /// When the sheet last changed, in whole seconds since 1970 (the same on both engines).
    pub updated: i64,
    pub departement: String,
    /// The région of the département, found once here rather than at every comparison.
    pub region: Option<&'static str>,
    pub status: String,
    pub kind: String,
    /// The start of its last event that is not cancelled (seconds; 0 for none).
    pub last_event: i64,
    /// The last sign-up deadline of an open event with places left (seconds; 0 for none).
    pub last_open: i64,
    /// The ids of its themes.
    pub themes: Vec<i64>,
}

impl SheetFacts {
    pub fn from_row(row: repo::FactsRow) -> SheetFacts {
        SheetFacts {
            region: crate::model::region_of(&row.departement),
            id: row.id,
            updated: row.updated,
            departement: row.departement,
            status: row.status,
            kind: row.kind,
            last_event: row.last_event,
            last_open: row.last_open,
            themes: row.themes,
        }
    }

    /// Whether an event is to come that is not cancelled.
    pub fn upcoming(&self, now: i64) -> bool {
        self.last_event > now
    }

    /// Whether an event to come is open to sign-ups with places left.
    pub fn open(&self, now: i64) -> bool {
        self.last_open > now
    }

    /// The next moment [`Self::upcoming`] or [`Self::open`] changes by itself, if any.
    pub fn changes_at(&self, now: i64) -> Option<i64> {
        [self.last_event, self.last_open]
            .into_iter()
            .filter(|at| *at > now)
            .min()
    }
}

/// The facts of every indexed sheet at one generation of the index.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub generation: i64,
    pub sheets: Vec<SheetFacts>,
    by_id: HashMap<i64, usize>,
}

impl Snapshot {
    fn new(generation: i64, sheets: Vec<SheetFacts>) -> Snapshot {
        let by_id = sheets
            .iter()
            .enumerate()
            .map(|(index, sheet)| (sheet.id, index))
            .collect();
        Snapshot {
            generation,
            sheets,
            by_id,
        }
    }

    pub fn get(&self, id: i64) -> Option<&SheetFacts> {
        self.by_id.get(&id).map(|index| &self.sheets[*index])
    }
}

/// The in-memory copy, shared by clones (one per process, in the application state).
#[derive(Clone, Default)]
pub struct FactsCache {
    current: Arc<RwLock<Option<Arc<Snapshot>>>>,
}

impl FactsCache {
    /// The facts as of the database's current generation of the index: the copy kept in
    /// memory when it is that generation's, otherwise read again (one packed value).
    pub async fn current(&self, db: &Db) -> Result<Arc<Snapshot>, DomainError> {
        // The generation first: facts read after it are at least that recent, so a copy
        // is never labelled newer than what it holds.
        let generation = repo::index_generation(db).await?;
        let kept = self.current.read().ok().and_then(|copy| copy.clone());
        if let Some(kept) = kept.filter(|kept| kept.generation == generation) {
            return Ok(kept);
        }
        let sheets = repo::all_facts(db)
            .await?
            .into_iter()
            .map(SheetFacts::from_row)
            .collect();
        let fresh = Arc::new(Snapshot::new(generation, sheets));
        if let Ok(mut current) = self.current.write() {
            // Always the copy just read: a database restored under a running server has a
            // smaller generation, and an older copy must not come back when it catches up.
            // (Two searches reading at once: the next search reads again if needed.)
            *current = Some(fresh.clone());
        }
        Ok(fresh)
    }
}
