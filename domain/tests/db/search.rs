//! Search on both databases: accents, case, plurals, ranking order, the typo suggestion,
//! re-indexing in the transaction of the change, and the same results in the same order
//! on SQLite and PostgreSQL.

use passeurs_domain::db::Db;
use passeurs_domain::model::SearchFilters as Filters;
use passeurs_domain::model::SheetPart;
use passeurs_domain::services::search::facts::FactsCache;
use passeurs_domain::services::search::search_page;
use test_support::fixtures::{self, Sheet};
use test_support::{every_engine, TestDb};

/// Sheets whose words the tests look for: (slug, title, summary, theme).
const SHEETS: &[(&str, &str, &str, &str)] = &[
    (
        "banquet-democratie",
        "Banquet citoyen de la démocratie",
        "Chaque printemps, un grand repas dans la rue pour parler ensemble de la vie du quartier.",
        "Démocratie participative",
    ),
    (
        "jardin-partage",
        "Le jardin partagé des Tilleuls",
        "Des parcelles cultivées ensemble au pied des immeubles ; des repas avec les récoltes.",
        "Environnement",
    ),
    (
        "epicerie-solidaire",
        "Épicerie solidaire",
        "Des produits à petit prix et un lieu de rencontre. Les banquets de fin d'année y sont préparés.",
        "Solidarité",
    ),
    (
        "conseil-jeunes",
        "Conseil des jeunes",
        "Des jeunes proposent des projets pour leur quartier et parlent de démocratie locale.",
        "Jeunesse",
    ),
];

async fn seed(t: &TestDb) {
    let storage = passeurs_domain::storage::Storage::local(&t.dir.join("media")).unwrap();
    let centre = fixtures::organisation(&t.db, "Centre social des Érables").await;
    for (index, (slug, title, summary, theme)) in SHEETS.iter().enumerate() {
        let mut sheet = Sheet::new(centre, slug)
            .title(title)
            .created_days_ago(10 - index as i64);
        sheet.new.summary = (*summary).to_owned();
        sheet.new.themes = vec![(*theme).to_owned()];
        sheet.insert(&t.db, &storage).await;
    }
}

async fn slugs(db: &Db, query: &str) -> Vec<String> {
    search_page(db, &FactsCache::default(), query, &Filters::default(), 1)
        .await
        .unwrap()
        .results
        .into_iter()
        .map(|r| r.slug)
        .collect()
}

#[tokio::test]
async fn accents_case_and_plurals_do_not_matter() {
    for t in every_engine().await {
        seed(&t).await;
        for query in ["democratie", "DÉMOCRATIE", "Démocratie"] {
            assert_eq!(
                slugs(&t.db, query).await,
                ["banquet-democratie", "conseil-jeunes"],
                "{query} on {}",
                t.db.engine()
            );
        }
        // "banquets" finds the banquet (title first) and the grocery (summary).
        assert_eq!(
            slugs(&t.db, "banquets").await,
            ["banquet-democratie", "epicerie-solidaire"]
        );
        assert_eq!(slugs(&t.db, "jardins partages").await, ["jardin-partage"]);
        // Every word must be there.
        assert!(slugs(&t.db, "jardin démocratie").await.is_empty());
        t.remove().await;
    }
}

#[tokio::test]
async fn the_title_and_themes_rank_above_the_body_and_newer_above_older() {
    for t in every_engine().await {
        seed(&t).await;
        // "repas": both in the body (summary) with the same weight: the newer first.
        assert_eq!(
            slugs(&t.db, "repas").await,
            ["jardin-partage", "banquet-democratie"]
        );
        // "solidarité": the grocery's title and theme, nobody's body.
        assert_eq!(slugs(&t.db, "solidarite").await, ["epicerie-solidaire"]);
        // "quartier": in the body of two sheets; the organisation's name holds nothing.
        assert_eq!(
            slugs(&t.db, "quartier").await,
            ["conseil-jeunes", "banquet-democratie"]
        );
        t.remove().await;
    }
}

#[tokio::test]
async fn results_carry_an_excerpt_with_the_matched_words_marked() {
    for t in every_engine().await {
        seed(&t).await;
        let page = search_page(
            &t.db,
            &FactsCache::default(),
            "récoltes",
            &Filters::default(),
            1,
        )
        .await
        .unwrap();
        assert_eq!(page.total, 1);
        let result = &page.results[0];
        assert_eq!(result.organisation_name, "Centre social des Érables");
        let marked: Vec<&str> = result
            .excerpt
            .pieces
            .iter()
            .filter(|(_, marked)| *marked)
            .map(|(text, _)| text.as_str())
            .collect();
        assert_eq!(marked, ["récoltes"]);
        t.remove().await;
    }
}

#[tokio::test]
async fn a_typo_in_a_long_word_offers_the_indexed_word() {
    for t in every_engine().await {
        seed(&t).await;
        let page = search_page(
            &t.db,
            &FactsCache::default(),
            "épicerie solidarié",
            &Filters::default(),
            1,
        )
        .await
        .unwrap();
        assert_eq!(page.total, 0);
        assert_eq!(
            page.suggestion,
            Some((
                "/initiatives?q=%C3%A9picerie+solidarit%C3%A9".to_owned(),
                "solidarité".to_owned()
            ))
        );
        let page = search_page(
            &t.db,
            &FactsCache::default(),
            "democatie",
            &Filters::default(),
            1,
        )
        .await
        .unwrap();
        assert_eq!(
            page.suggestion.map(|(_, word)| word).as_deref(),
            Some("démocratie")
        );
        // Short words are not second-guessed.
        let page = search_page(
            &t.db,
            &FactsCache::default(),
            "rpas",
            &Filters::default(),
            1,
        )
        .await
        .unwrap();
        assert_eq!(page.suggestion, None);
        t.remove().await;
    }
}

#[tokio::test]
async fn only_the_first_words_of_a_long_search_are_looked_at_for_a_typo() {
    use passeurs_domain::services::search::SUGGESTED_WORDS;
    for t in every_engine().await {
        seed(&t).await;
        // Long misspelt words nobody indexed, then the typo the index can correct.
        let filler = |n: usize| vec!["zzyzxq"; n].join(" ");
        let within = format!("{} democatie", filler(SUGGESTED_WORDS - 1));
        let past = format!("{} democatie", filler(SUGGESTED_WORDS));
        let suggested = |query: String| {
            let db = t.db.clone();
            async move {
                search_page(&db, &FactsCache::default(), &query, &Filters::default(), 1)
                    .await
                    .unwrap()
                    .suggestion
                    .map(|(_, word)| word)
            }
        };
        assert_eq!(suggested(within).await.as_deref(), Some("démocratie"));
        assert_eq!(
            suggested(past).await,
            None,
            "the ninth word is not looked at"
        );
        t.remove().await;
    }
}

#[tokio::test]
async fn a_saved_change_is_searchable_at_once_and_the_old_text_is_not() {
    for t in every_engine().await {
        seed(&t).await;
        let account = fixtures::account(
            &t.db,
            "camille@centre.example",
            "Camille",
            "un mot de passe solide",
            true,
        )
        .await;
        let id = passeurs_domain::db::actions::find_published_sheet(&t.db, "jardin-partage")
            .await
            .unwrap()
            .unwrap()
            .id;
        let previous = SHEETS[1].2;
        passeurs_domain::services::sheets::save_part(
            &t.db,
            id,
            SheetPart::Summary,
            "Un potager et des ruches sur le toit du centre.",
            previous,
            account,
        )
        .await
        .unwrap();
        assert_eq!(slugs(&t.db, "ruches").await, ["jardin-partage"]);
        assert!(
            slugs(&t.db, "récoltes").await.is_empty(),
            "the old text is gone"
        );
        // A word the edit brought is offered for its typos at once.
        let page = search_page(
            &t.db,
            &FactsCache::default(),
            "potagr",
            &Filters::default(),
            1,
        )
        .await
        .unwrap();
        assert_eq!(
            page.suggestion.map(|(_, word)| word).as_deref(),
            Some("potager")
        );
        // Unpublished: not found any more.
        passeurs_domain::services::sheets::set_published(&t.db, id, false)
            .await
            .unwrap();
        assert!(slugs(&t.db, "ruches").await.is_empty());
        t.remove().await;
    }
}

#[tokio::test]
async fn sqlite_and_postgresql_give_the_same_results_in_the_same_order() {
    let queries = [
        "democratie",
        "repas",
        "quartier",
        "banquets",
        "jeunes",
        "ensemble",
        "des",
        "",
    ];
    let mut answers: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for t in every_engine().await {
        seed(&t).await;
        let mut lists = Vec::new();
        for query in queries {
            lists.push(slugs(&t.db, query).await);
        }
        answers.push((t.db.engine().to_owned(), lists));
        t.remove().await;
    }
    if let [(first, a), (second, b)] = answers.as_slice() {
        assert_eq!(a, b, "{first} and {second} differ");
    }
    // Whichever engine: every query above finds what it should (and "des" alone nothing).
    let (_, lists) = &answers[0];
    assert_eq!(lists[6], Vec::<String>::new());
    assert_eq!(lists[7].len(), SHEETS.len());
}

#[tokio::test]
async fn each_filter_count_is_the_number_of_results_it_gives() {
    use passeurs_domain::model::{ActionStatus, SearchFilters};
    for t in every_engine().await {
        seed(&t).await;
        let id = passeurs_domain::db::actions::find_published_sheet(&t.db, "conseil-jeunes")
            .await
            .unwrap()
            .unwrap()
            .id;
        let account = fixtures::account(
            &t.db,
            "a@centre.example",
            "A",
            "un mot de passe solide",
            true,
        )
        .await;
        passeurs_domain::services::sheets::save_part(
            &t.db,
            id,
            SheetPart::Status,
            "finished",
            "in_progress",
            account,
        )
        .await
        .unwrap();
        for query in ["", "democratie", "repas"] {
            let page = search_page(
                &t.db,
                &FactsCache::default(),
                query,
                &SearchFilters::default(),
                1,
            )
            .await
            .unwrap();
            for facet in &page.facets {
                for option in &facet.options {
                    // Following the option's address gives exactly its count.
                    let href = option.href.trim_start_matches("/initiatives?");
                    let value = |key: &str| {
                        href.split('&')
                            .find_map(|pair| pair.strip_prefix(&format!("{key}=")))
                            .unwrap_or("")
                            .to_owned()
                    };
                    let filters = SearchFilters::parse(
                        &value("departement"),
                        &value("region"),
                        &value("type"),
                        &value("statut"),
                        &value("evenement"),
                        &value("places"),
                        &value("theme"),
                    )
                    .unwrap();
                    let given = search_page(&t.db, &FactsCache::default(), query, &filters, 1)
                        .await
                        .unwrap();
                    assert_eq!(
                        given.total, option.count,
                        "{query:?} {} {}",
                        facet.title, option.label
                    );
                }
            }
        }
        let finished = SearchFilters {
            status: Some(ActionStatus::Finished),
            ..SearchFilters::default()
        };
        assert_eq!(
            slugs_with(&t.db, "democratie", &finished).await,
            ["conseil-jeunes"]
        );
        t.remove().await;
    }
}

async fn slugs_with(
    db: &Db,
    query: &str,
    filters: &passeurs_domain::model::SearchFilters,
) -> Vec<String> {
    search_page(db, &FactsCache::default(), query, filters, 1)
        .await
        .unwrap()
        .results
        .into_iter()
        .map(|r| r.slug)
        .collect()
}

#[tokio::test]
async fn an_event_to_come_and_places_left_follow_the_events_and_their_sign_ups() {
    use passeurs_domain::model::{SearchFilters, Signup};
    for t in every_engine().await {
        seed(&t).await;
        let id = passeurs_domain::db::actions::find_published_sheet(&t.db, "jardin-partage")
            .await
            .unwrap()
            .unwrap()
            .id;
        let upcoming = SearchFilters {
            upcoming: true,
            ..SearchFilters::default()
        };
        let places = SearchFilters {
            places: true,
            ..SearchFilters::default()
        };
        assert!(slugs_with(&t.db, "", &upcoming).await.is_empty());
        let event = fixtures::event(&t.db, id, "Troc de graines", 10, Some(1)).await;
        assert_eq!(slugs_with(&t.db, "", &upcoming).await, ["jardin-partage"]);
        assert_eq!(slugs_with(&t.db, "", &places).await, ["jardin-partage"]);
        // The one place taken: still an event to come, no places left.
        let signup = Signup {
            name: "Nadia".into(),
            email: "nadia@exemple.fr".into(),
            email_key: "nadia@exemple.fr".into(),
            people: 1,
            message: String::new(),
        };
        passeurs_domain::services::events::sign_up(
            &t.db,
            "http://passeurs.test",
            event,
            &signup,
            u32::MAX,
        )
        .await
        .unwrap();
        assert_eq!(slugs_with(&t.db, "", &upcoming).await, ["jardin-partage"]);
        assert!(
            slugs_with(&t.db, "", &places).await.is_empty(),
            "{}",
            t.db.engine()
        );
        t.remove().await;
    }
}

fn theme_filter(slug: &str) -> Filters {
    Filters {
        theme: Some(slug.to_owned()),
        ..Filters::default()
    }
}

#[tokio::test]
async fn a_renamed_theme_is_searched_by_its_new_name_and_its_old_address_leads_to_it() {
    use passeurs_domain::db::themes::{self, SlugLookup};
    use passeurs_domain::services::themes::{update, ThemeOutcome};
    for t in every_engine().await {
        seed(&t).await;
        let Some(theme) = themes::list(&t.db)
            .await
            .unwrap()
            .into_iter()
            .find(|theme| theme.slug == "jeunesse")
        else {
            panic!("the seeded theme exists");
        };
        assert_eq!(theme.sheets, 1);
        let renamed = update(
            &t.db,
            theme.id,
            "Jeunes en action",
            "Par et pour les jeunes.",
        )
        .await
        .unwrap();
        assert_eq!(renamed, ThemeOutcome::Done);
        // Re-indexed in the rename's transaction: the new words find the sheet.
        assert_eq!(slugs(&t.db, "action jeunes").await, ["conseil-jeunes"]);
        assert_eq!(
            slugs_with(&t.db, "", &theme_filter("jeunes-en-action")).await,
            ["conseil-jeunes"]
        );
        assert_eq!(
            themes::by_slug(&t.db, "jeunesse").await.unwrap(),
            SlugLookup::Moved("jeunes-en-action".to_owned())
        );
        let sheet = passeurs_domain::db::actions::find_published_sheet(&t.db, "conseil-jeunes")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(sheet.themes[0].name, "Jeunes en action");
        // Another theme cannot take a name with the same address, whatever its case.
        let other = themes::list(&t.db).await.unwrap();
        let solidarity = other.iter().find(|t| t.slug == "solidarite").unwrap();
        assert_eq!(
            update(&t.db, solidarity.id, "JEUNES EN ACTION", "")
                .await
                .unwrap(),
            ThemeOutcome::Taken
        );
        assert_eq!(
            passeurs_domain::services::themes::create(&t.db, "Jeunes en Action", "")
                .await
                .unwrap(),
            ThemeOutcome::Taken
        );
        t.remove().await;
    }
}

#[tokio::test]
async fn a_merged_theme_hands_its_sheets_over_and_a_theme_in_use_is_not_deleted() {
    use passeurs_domain::db::themes::{self, SlugLookup};
    use passeurs_domain::services::themes::{create, delete, merge, ThemeOutcome};
    for t in every_engine().await {
        seed(&t).await;
        let storage = passeurs_domain::storage::Storage::local(&t.dir.join("media")).unwrap();
        let centre = fixtures::organisation(&t.db, "Maison des habitants").await;
        // A sheet under both themes keeps one of them after the merge.
        let mut both = Sheet::new(centre, "les-deux").title("Assemblée des habitants");
        both.new.themes = vec!["Démocratie participative".into(), "Jeunesse".into()];
        both.insert(&t.db, &storage).await;
        let list = themes::list(&t.db).await.unwrap();
        let id = |slug: &str| list.iter().find(|t| t.slug == slug).unwrap().id;
        let (democracy, youth) = (id("democratie-participative"), id("jeunesse"));

        assert_eq!(
            delete(&t.db, youth).await.unwrap(),
            ThemeOutcome::InUse(2),
            "a theme in use is merged, not deleted"
        );
        assert_eq!(
            merge(&t.db, youth, youth).await.unwrap(),
            ThemeOutcome::SameTheme
        );
        assert_eq!(
            merge(&t.db, youth, democracy).await.unwrap(),
            ThemeOutcome::Done
        );
        let mut under = slugs_with(&t.db, "", &theme_filter("democratie-participative")).await;
        under.sort();
        assert_eq!(under, ["banquet-democratie", "conseil-jeunes", "les-deux"]);
        let sheet = passeurs_domain::db::actions::find_published_sheet(&t.db, "les-deux")
            .await
            .unwrap()
            .unwrap();
        let names: Vec<&str> = sheet.themes.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Démocratie participative"]);
        assert_eq!(
            themes::by_slug(&t.db, "jeunesse").await.unwrap(),
            SlugLookup::Moved("democratie-participative".to_owned())
        );
        // The merged theme's name no longer finds the sheets it held.
        assert_eq!(slugs(&t.db, "jeunesse").await, Vec::<String>::new());
        let page = search_page(&t.db, &FactsCache::default(), "", &Filters::default(), 1)
            .await
            .unwrap();
        let theme_facet = page.facets.iter().find(|f| f.title == "Thème").unwrap();
        let democracy_option = theme_facet
            .options
            .iter()
            .find(|o| o.label == "Démocratie participative")
            .unwrap();
        assert_eq!(democracy_option.count, 3);
        assert!(!theme_facet.options.iter().any(|o| o.label == "Jeunesse"));

        assert_eq!(
            create(&t.db, "Numérique", "Ateliers et accès")
                .await
                .unwrap(),
            ThemeOutcome::Done
        );
        let unused = themes::list(&t.db)
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.slug == "numerique")
            .unwrap();
        assert_eq!(unused.description, "Ateliers et accès");
        assert_eq!(delete(&t.db, unused.id).await.unwrap(), ThemeOutcome::Done);
        assert_eq!(
            themes::by_slug(&t.db, "numerique").await.unwrap(),
            SlugLookup::Missing
        );
        t.remove().await;
    }
}

/// The migrations of this engine up to `version`.
fn migrations_up_to(db: &Db, version: i64) -> sqlx::migrate::Migrator {
    let mut migrator = match db {
        Db::Sqlite(_) => sqlx::migrate!("migrations/sqlite"),
        Db::Postgres(_) => sqlx::migrate!("migrations/postgres"),
    };
    let kept: Vec<sqlx::migrate::Migration> = migrator
        .migrations
        .iter()
        .filter(|migration| migration.version <= version)
        .cloned()
        .collect();
    migrator.migrations = kept.into();
    migrator
}

#[tokio::test]
async fn free_text_themes_become_one_theme_per_name_whatever_its_accents_and_case() {
    use passeurs_domain::db::themes::{self, SlugLookup};
    for t in test_support::every_engine_unmigrated().await {
        let before = migrations_up_to(&t.db, 11);
        match &t.db {
            Db::Sqlite(pool) => before.run(pool).await,
            Db::Postgres(pool) => before.run(pool).await,
        }
        .unwrap();
        let now = chrono::Utc::now();
        let sql =
            "INSERT INTO organisations (name, kind, postal_code, city, departement, created_at)
                   VALUES ('Centre', 'social_centre', '44000', 'Nantes', '44', $1)";
        passeurs_domain::db::on_db!(&t.db, pool => sqlx::query(sql).bind(now).execute(pool).await.map(|_| ()))
            .unwrap();
        for slug in ["premiere", "seconde"] {
            let sql = "INSERT INTO actions (slug, organisation_id, title, published, created_at, updated_at)
                       VALUES ($1, 1, 'Une fiche', TRUE, $2, $2)";
            passeurs_domain::db::on_db!(&t.db, pool => sqlx::query(sql).bind(slug).bind(now).execute(pool).await.map(|_| ()))
                .unwrap();
        }
        let sql = "INSERT INTO action_themes (action_id, position, theme) VALUES
                   (1, 0, 'démocratie'), (1, 1, 'Démocratie'),
                   (2, 0, 'Écologie'), (2, 1, 'Vivre en ville !')";
        passeurs_domain::db::on_db!(&t.db, pool => sqlx::query(sql).execute(pool).await.map(|_| ()))
            .unwrap();

        t.db.migrate().await.unwrap();
        themes::align_slugs(&t.db).await.unwrap();
        passeurs_domain::db::search::reindex_pending(&t.db)
            .await
            .unwrap();

        let list: Vec<(String, String, i64)> = themes::list(&t.db)
            .await
            .unwrap()
            .into_iter()
            .map(|theme| (theme.slug, theme.name, theme.sheets))
            .collect();
        assert_eq!(
            list,
            [
                ("democratie".to_owned(), "Démocratie".to_owned(), 1),
                ("ecologie".to_owned(), "Écologie".to_owned(), 1),
                (
                    "vivre-en-ville".to_owned(),
                    "Vivre en ville !".to_owned(),
                    1
                ),
            ],
            "on {}",
            t.db.engine()
        );
        let second = passeurs_domain::db::actions::find_published_sheet(&t.db, "seconde")
            .await
            .unwrap()
            .unwrap();
        let names: Vec<&str> = second.themes.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            ["Écologie", "Vivre en ville !"],
            "in the sheet's order"
        );
        assert_eq!(
            themes::by_slug(&t.db, "vivre-en-ville-!").await.unwrap(),
            SlugLookup::Moved("vivre-en-ville".to_owned()),
            "the slug made in SQL leads to the aligned one"
        );
        assert_eq!(
            slugs_with(&t.db, "", &theme_filter("democratie")).await,
            ["premiere"]
        );
        t.remove().await;
    }
}

#[tokio::test]
async fn the_facts_kept_in_memory_follow_every_change_of_the_index_and_only_those() {
    use passeurs_domain::db::search::{index_generation, reindex};
    for t in every_engine().await {
        seed(&t).await;
        // One copy for every search, as a server keeps it.
        let facts = FactsCache::default();
        let listed = |facts: FactsCache| {
            let db = t.db.clone();
            async move {
                search_page(&db, &facts, "", &Filters::default(), 1)
                    .await
                    .unwrap()
                    .total
            }
        };
        let before = listed(facts.clone()).await;
        assert_eq!(before, SHEETS.len() as i64);
        let generation = index_generation(&t.db).await.unwrap();
        // Re-indexing a sheet whose text did not change writes nothing: the copy stays.
        let id = passeurs_domain::db::actions::find_published_sheet(&t.db, "jardin-partage")
            .await
            .unwrap()
            .unwrap()
            .id;
        let mut tx = t.db.begin_write().await.unwrap();
        reindex(&mut tx, id).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(index_generation(&t.db).await.unwrap(), generation);
        // Unpublished: the same copy no longer lists it, nor finds it by its words.
        passeurs_domain::services::sheets::set_published(&t.db, id, false)
            .await
            .unwrap();
        assert!(index_generation(&t.db).await.unwrap() > generation);
        assert_eq!(listed(facts.clone()).await, before - 1);
        let found = search_page(&t.db, &facts, "récoltes", &Filters::default(), 1)
            .await
            .unwrap();
        assert!(found.results.is_empty(), "{:?}", found.results);
        // Published again: back in the listing through the same copy.
        passeurs_domain::services::sheets::set_published(&t.db, id, true)
            .await
            .unwrap();
        assert_eq!(listed(facts.clone()).await, before);
        t.remove().await;
    }
}
