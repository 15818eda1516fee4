//! A database at the size of a national network, for `make bench`: 3,000 organisations over
//! every département, 10,000 published sheets with French text of realistic lengths and
//! 20,000 events — generated here from a fixed seed (nothing copied from anywhere) — and
//! the search figures measured on it.

use std::time::{Duration as StdDuration, Instant};

use passeurs_domain::services::search::facts::FactsCache;
use passeurs_domain::DomainError;

use chrono::{Duration, NaiveDate, Utc};

use passeurs_domain::db::{actions, events, organisations, search as search_repo, Db};
use passeurs_domain::model::{ActionStatus, OrganisationKind, SearchFilters, DEPARTEMENTS};

/// A small deterministic generator (xorshift64*): the same database every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PLACES: &[&str] = &[
    "Bottière",
    "Tilleuls",
    "Érables",
    "Villejean",
    "Croix-Rousse",
    "Belle-Beille",
    "Moulin",
    "Gare",
    "Château",
    "Fontaine",
    "Prairie",
    "Bellevue",
    "Saint-Jacques",
    "Clos-Toreau",
    "Pont-Neuf",
    "Mûriers",
    "Orée",
    "Lilas",
    "Vergers",
    "Pléiades",
];
const KINDS: &[&str] = &[
    "Banquet citoyen",
    "Jardin partagé",
    "Repair café",
    "Atelier vélo",
    "Épicerie solidaire",
    "Conseil de quartier",
    "Cuisine partagée",
    "Bibliothèque de rue",
    "Fresque collective",
    "Ateliers de français",
    "Visites aux aînés",
    "Café des parents",
    "Chantier jeunes",
    "Marche exploratoire",
    "Fête des voisins",
    "Ciné-débat",
    "Troc de graines",
    "Accompagnement numérique",
    "Chorale du quartier",
    "Recyclerie",
];
const THEMES: &[&str] = &[
    "Démocratie participative",
    "Lien social",
    "Solidarité",
    "Environnement",
    "Jeunesse",
    "Parentalité",
    "Culture",
    "Santé",
    "Numérique",
    "Alimentation",
    "Mobilité",
    "Vieillissement",
    "Insertion",
    "Logement",
    "Éducation populaire",
    "Sport",
    "Égalité",
    "Citoyenneté",
    "Économie sociale et solidaire",
    "Accès aux droits",
];
const SUBJECTS: &[&str] = &[
    "Des habitantes et des habitants",
    "Les bénévoles du centre social",
    "Un groupe de parents",
    "Les jeunes du quartier",
    "Des retraités engagés",
    "L'équipe de l'espace de vie sociale",
    "Des voisines et des voisins",
    "Le conseil citoyen",
    "Les familles du quartier",
];
const VERBS: &[&str] = &[
    "se retrouvent chaque semaine pour",
    "ont décidé ensemble de",
    "proposent aux voisins de",
    "organisent tous les mois de quoi",
    "prennent le temps de",
    "s'associent à la mairie pour",
    "invitent les nouveaux arrivants à",
];
const GOALS: &[&str] = &[
    "préparer un repas partagé",
    "réparer des objets du quotidien",
    "cultiver des légumes",
    "débattre des projets du quartier",
    "accueillir les familles",
    "rompre l'isolement des aînés",
    "apprendre le français en confiance",
    "peindre une fresque sur le mur de l'école",
    "échanger des savoir-faire",
    "créer un lieu de rencontre",
    "améliorer les trajets à vélo",
    "donner la parole aux enfants",
    "organiser une fête de rue",
    "lutter contre le gaspillage",
];
const DETAILS: &[&str] = &[
    "Chacun apporte ce qu'il sait faire, sans inscription préalable.",
    "Les décisions se prennent en assemblée, à main levée.",
    "Le matériel est prêté par la ludothèque et la maison des associations.",
    "Une animatrice accompagne le groupe et veille à ce que tout le monde trouve sa place.",
    "Les rencontres ont lieu le samedi matin, dans la salle polyvalente.",
    "Les enfants sont les bienvenus : un coin jeux est installé.",
    "Les comptes rendus sont affichés dans le hall et envoyés par courriel.",
    "Le projet a reçu le soutien de la caisse d'allocations familiales.",
    "Des interprètes bénévoles aident celles et ceux qui parlent peu le français.",
    "L'an dernier, plus de cent personnes ont participé au moins une fois.",
];
const QUESTIONS: [&str; 4] = [
    "Qui porte l'action ?",
    "Comment les habitants y participent-ils ?",
    "Quels résultats avez-vous obtenus ?",
    "Quelles difficultés avez-vous rencontrées ?",
];

/// French text of `min` to `max` characters, in sentences.
fn paragraph(dice: &mut Dice, min: usize, max: usize) -> String {
    let target = min + dice.below(max - min);
    let mut text = String::new();
    while text.chars().count() < target {
        let sentence = if dice.below(2) == 0 {
            format!(
                "{} {} {}.",
                dice.pick(SUBJECTS),
                dice.pick(VERBS),
                dice.pick(GOALS)
            )
        } else {
            dice.pick(DETAILS).to_owned()
        };
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&sentence);
    }
    text
}

/// What was made.
pub struct BenchData {
    pub organisations: usize,
    pub sheets: usize,
    pub events: usize,
}

/// Fills an empty database: `sheets` sheets (and a tenth as many organisations… at least
/// one per département, 3,000 for 10,000 sheets) and two events per sheet.
pub async fn seed_bench(db: &Db, sheets: usize) -> Result<BenchData, DomainError> {
    let mut dice = Dice(0x5EED_CAFE_F00D_1234);
    let organisation_count = (sheets * 3 / 10).max(DEPARTEMENTS.len());
    let mut organisation_ids = Vec::with_capacity(organisation_count);
    // Real communes of each département, as the administration's form requires.
    let territory = passeurs_domain::territory::Territory::load();
    for index in 0..organisation_count {
        let (code, _, _) = DEPARTEMENTS[index % DEPARTEMENTS.len()];
        let communes = territory.communes_in(code);
        let commune = communes[dice.below(communes.len())];
        let kind = OrganisationKind::ALL[index % OrganisationKind::ALL.len()];
        let new = organisations::NewOrganisation {
            name: format!("{} {} n° {}", kind.label(), dice.pick(PLACES), index + 1),
            kind,
            postal_code: commune.postal_code.clone(),
            city: commune.name.clone(),
            departement: commune.departement.clone(),
        };
        organisation_ids.push(organisations::create(db, &new).await?);
    }
    let now = Utc::now();
    let mut made_events = 0;
    for batch in 0..sheets.div_ceil(100) {
        let mut tx = db.begin_write().await?;
        for index in batch * 100..((batch + 1) * 100).min(sheets) {
            let kind = dice.pick(KINDS);
            let place = dice.pick(PLACES);
            let themes = vec![dice.pick(THEMES).to_owned(), dice.pick(THEMES).to_owned()];
            let mut themes = themes;
            themes.dedup();
            let new = actions::NewAction {
                slug: format!("fiche-{index:05}"),
                organisation_id: organisation_ids[dice.below(organisation_ids.len())],
                title: format!(
                    "{kind} {} {place}",
                    if dice.below(2) == 0 { "de la" } else { "des" }
                ),
                quote: paragraph(&mut dice, 60, 160),
                quote_author: format!(
                    "{}, bénévole",
                    dice.pick(&["Amina", "Louis", "Fatou", "Jeanne", "Karim", "Lucie"])
                ),
                summary: paragraph(&mut dice, 400, 1200),
                start_date: NaiveDate::from_ymd_opt(
                    2020 + dice.below(6) as i32,
                    1 + dice.below(12) as u32,
                    1,
                ),
                status: ActionStatus::ALL[dice.below(3)],
                progress: dice.below(101) as i32,
                themes,
                referent_name: "Camille Martin".to_owned(),
                published: true,
                sections: Some(
                    QUESTIONS
                        .iter()
                        .map(|q| ((*q).to_owned(), paragraph(&mut dice, 300, 1500)))
                        .collect(),
                ),
                created_at: now - Duration::days(dice.below(1500) as i64),
            };
            let action_id = actions::create(&mut tx, &new).await?;
            for n in 0..2 {
                let starts = now + Duration::days(1 + dice.below(200) as i64) + Duration::hours(n);
                let event = events::NewEvent {
                    title: format!("{} : {}", kind, dice.pick(GOALS)),
                    description: paragraph(&mut dice, 80, 300),
                    starts_at: starts,
                    ends_at: starts + Duration::hours(3),
                    place: format!("Salle {} ", dice.pick(PLACES)),
                    capacity: Some(10 + dice.below(90) as i64),
                    signup_deadline: starts - Duration::days(1),
                };
                events::insert(&mut tx, action_id, &event).await?;
                made_events += 1;
            }
        }
        // The commit indexes the hundred sheets for search.
        tx.commit().await?;
    }
    // Statistics for the planner and, on PostgreSQL, the visibility map that lets index-only
    // scans skip the table: what autovacuum keeps for a database in service.
    match db {
        Db::Sqlite(pool) => sqlx::query("ANALYZE").execute(pool).await.map(|_| ())?,
        Db::Postgres(pool) => sqlx::query("VACUUM ANALYZE")
            .execute(pool)
            .await
            .map(|_| ())?,
    }
    Ok(BenchData {
        organisations: organisation_count,
        sheets,
        events: made_events,
    })
}

/// The queries of the measure: common words of the field, one and two words, accented or not.
pub const BENCH_QUERIES: &[&str] = &[
    "banquet",
    "jardin partagé",
    "repas",
    "quartier",
    "solidarité",
    "jeunes",
    "vélo",
    "démocratie",
    "aînés",
    "francais",
    "fresque",
    "parents",
    "enfants",
    "cuisine",
    "bénévoles",
    "fête",
    "numérique",
    "réparer",
    "légumes",
    "isolement",
];

/// Median and 99th percentile of some durations, in milliseconds.
fn percentiles(mut samples: Vec<StdDuration>) -> (f64, f64) {
    samples.sort();
    let at = |q: f64| {
        let index = ((samples.len() as f64 - 1.0) * q).round() as usize;
        samples[index].as_secs_f64() * 1000.0
    };
    (at(0.5), at(0.99))
}

/// Measures, on a database made by [`seed_bench`]: searches (uncached, each query of
/// [`BENCH_QUERIES`] `rounds` times), a filtered listing (a département and a status, no
/// words), and re-indexing one edited sheet. Prints one line per figure with its target.
pub async fn measure(db: &Db, rounds: usize) -> Result<(), DomainError> {
    let filters = SearchFilters::default();
    // As a server searches: the sheets' facts stay in memory while the index is unchanged.
    let facts = FactsCache::default();
    // One pass untimed first, as a server in service has run: each pooled connection has
    // prepared its statements and the pages read are in memory.
    for query in BENCH_QUERIES {
        passeurs_domain::services::search::search_page(db, &facts, query, &filters, 1).await?;
    }
    let mut searches = Vec::new();
    for _ in 0..rounds {
        for query in BENCH_QUERIES {
            let started = Instant::now();
            passeurs_domain::services::search::search_page(db, &facts, query, &filters, 1).await?;
            searches.push(started.elapsed());
        }
    }
    let (p50, p99) = percentiles(searches);
    println!("  search ({} queries x {rounds})   p50 {p50:6.1} ms   p99 {p99:6.1} ms   (target p99 <= 30 ms)", BENCH_QUERIES.len());
    // The first search after a change of the index reads every sheet's facts again.
    let mut first = Vec::new();
    for query in BENCH_QUERIES {
        let fresh = FactsCache::default();
        let started = Instant::now();
        passeurs_domain::services::search::search_page(db, &fresh, query, &filters, 1).await?;
        first.push(started.elapsed());
    }
    let (p50, p99) = percentiles(first);
    println!("  search, first after a change     p50 {p50:6.1} ms   p99 {p99:6.1} ms");
    let mut listings = Vec::new();
    for round in 0..rounds * BENCH_QUERIES.len() {
        let (code, _, _) = DEPARTEMENTS[round % DEPARTEMENTS.len()];
        let filters = SearchFilters {
            departement: Some(code.to_owned()),
            status: Some(ActionStatus::InProgress),
            ..SearchFilters::default()
        };
        let started = Instant::now();
        passeurs_domain::services::search::search_page(db, &facts, "", &filters, 1).await?;
        listings.push(started.elapsed());
    }
    let (p50, p99) = percentiles(listings);
    println!("  filtered listing                 p50 {p50:6.1} ms   p99 {p99:6.1} ms   (target p99 <= 30 ms)");
    let ids: Vec<i64> = {
        let sql = "SELECT id FROM actions ORDER BY id LIMIT 50";
        passeurs_domain::db::on_db!(db, pool => sqlx::query_scalar(sql).fetch_all(pool).await)?
    };
    let mut reindexing = Vec::new();
    // The first ten sheets untimed (connections prepare their statements), then forty.
    for (index, id) in ids.into_iter().enumerate() {
        // As after a référent's edit: one more sentence in the summary.
        let mut tx = db.begin_write().await?;
        let sql = "UPDATE actions SET summary = summary || $2 WHERE id = $1";
        let added = format!(" Étape {id} : un atelier de réparation de vélos avec les habitants.");
        passeurs_domain::db::on_tx!(&mut tx, conn => sqlx::query(sql).bind(id).bind(&added).execute(conn).await.map(|_| ()))?;
        let started = Instant::now();
        search_repo::reindex(&mut tx, id).await?;
        if index >= 10 {
            reindexing.push(started.elapsed());
        }
        tx.commit().await?;
    }
    let (p50, p99) = percentiles(reindexing);
    println!(
        "  re-index one edited sheet        p50 {p50:6.1} ms   p99 {p99:6.1} ms   (target <= 5 ms)"
    );
    Ok(())
}
