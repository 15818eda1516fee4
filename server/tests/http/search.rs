//! `/initiatives` over HTTP: a plain GET form in every page's header, results from the
//! address (query, filters, pages), the suggestion and the page without results.

use test_support::fixtures::{self, Sheet};
use test_support::TestApp;
use test_support::{every_engine, TestDb};

use crate::common::{get_page, media_storage, settings};

async fn seed(t: &TestDb) {
    let storage = media_storage(t);
    let nantes = fixtures::organisation(&t.db, "Centre social de la Bottière").await;
    for n in 1..=23 {
        let mut sheet = Sheet::new(nantes, &format!("atelier-{n:02}"))
            .title(&format!("Atelier numéro {n:02}"))
            .created_days_ago(30 - n);
        sheet.new.summary = "Un atelier de réparation de vélos ouvert à tous.".to_owned();
        sheet.insert(&t.db, &storage).await;
    }
    let mut banquet =
        Sheet::new(nantes, "banquet-solidaire").title("Banquet solidaire de la Bottière");
    banquet.new.summary = "Un grand repas de quartier, chacun apporte un plat.".to_owned();
    banquet.insert(&t.db, &storage).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_from_the_address_lists_results_with_pages_and_marks_the_words() {
    for t in every_engine().await {
        seed(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        // The header of every page holds the search form.
        let (_, home) = get_page(&base, "/", None).await;
        assert!(home.contains(r#"role="search""#) && home.contains(r#"action="/initiatives""#));

        let (status, page) = get_page(&base, "/initiatives?q=BANQUETS", None).await;
        assert_eq!(status, 200);
        assert!(page.contains("1 initiative trouvée."), "{page}");
        assert!(page.contains(r#"href="/actions/banquet-solidaire""#));
        // The excerpt marks the words found, accents and case aside.
        let (_, page) = get_page(&base, "/initiatives?q=REPAS", None).await;
        assert!(page.contains("<mark>repas</mark>"), "{page}");

        // 23 workshops: 20 on the first page, 3 on the second.
        let (_, first) = get_page(&base, "/initiatives?q=velos", None).await;
        assert!(first.contains("23 initiatives trouvées."), "{first}");
        assert_eq!(first.matches(r#"class="search-result""#).count(), 20);
        assert!(
            first.contains(r#"href="/initiatives?q=velos&amp;page=2""#),
            "{first}"
        );
        let (_, second) = get_page(&base, "/initiatives?q=velos&page=2", None).await;
        assert_eq!(second.matches(r#"class="search-result""#).count(), 3);

        // Filters in the address: another département, a status nobody has.
        let (_, elsewhere) = get_page(&base, "/initiatives?departement=35&q=velos", None).await;
        assert!(elsewhere.contains("Aucune initiative trouvée."));
        // One search, one address: another order of the parameters is redirected there.
        let (status, _) = get_page(&base, "/initiatives?q=velos&departement=44", None).await;
        assert_eq!(status, 301);
        let (_, nantes) = get_page(&base, "/initiatives?departement=44&q=velos", None).await;
        assert!(nantes.contains("23 initiatives trouvées."));
        let (_, finished) = get_page(&base, "/initiatives?q=velos&statut=finished", None).await;
        assert!(finished.contains("Aucune initiative trouvée."));
        // Every other filter of the address, each in its canonical place.
        for (address, expected) in [
            ("/initiatives?q=velos&region=52", "23 initiatives trouvées."),
            (
                "/initiatives?q=velos&region=53",
                "Aucune initiative trouvée.",
            ),
            (
                "/initiatives?q=velos&type=social_centre",
                "23 initiatives trouvées.",
            ),
            (
                "/initiatives?q=velos&type=association",
                "Aucune initiative trouvée.",
            ),
            (
                "/initiatives?q=velos&statut=in_progress",
                "23 initiatives trouvées.",
            ),
            (
                "/initiatives?evenement=1&q=velos",
                "Aucune initiative trouvée.",
            ),
            (
                "/initiatives?places=1&q=velos",
                "Aucune initiative trouvée.",
            ),
        ] {
            let (status, page) = get_page(&base, address, None).await;
            assert_eq!(status, 200, "{address}");
            assert!(page.contains(expected), "{address}: {page}");
        }
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_result_offers_the_typo_fix_and_ways_to_loosen_the_search() {
    let t = test_support::fresh_sqlite().await;
    seed(&t).await;
    let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
    let (status, page) = get_page(&base, "/initiatives?q=banquet+solidaie", None).await;
    assert_eq!(status, 200);
    assert!(page.contains("Aucune initiative trouvée."));
    assert!(page.contains("Vouliez-vous dire"), "{page}");
    assert!(page.contains("« solidaire »"), "{page}");
    assert!(
        page.contains(r#"href="/initiatives?q=banquet+solidaire""#),
        "{page}"
    );
    assert!(
        page.contains(r#"href="/initiatives""#),
        "a way to every initiative"
    );
    running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_show_their_counts_combine_and_come_off_in_one_click() {
    let t = test_support::fresh_sqlite().await;
    seed(&t).await;
    let storage = media_storage(&t);
    let rennes = app::backend::db::organisations::create(
        &t.db,
        &app::backend::db::organisations::NewOrganisation {
            name: "Maison de quartier de Villejean".into(),
            kind: app::model::OrganisationKind::Association,
            postal_code: "35000".into(),
            city: "Rennes".into(),
            departement: "35".into(),
        },
    )
    .await
    .unwrap();
    let mut velo = Sheet::new(rennes, "velo-rennes").title("Atelier vélo de Villejean");
    velo.new.summary = "Réparer son vélo ensemble.".to_owned();
    velo.insert(&t.db, &storage).await;
    let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;

    let (_, page) = get_page(&base, "/initiatives?q=velo", None).await;
    assert!(page.contains("24 initiatives trouvées."), "{page}");
    // Each value with what it would give.
    assert!(page.contains("Loire-Atlantique (44) (23)"), "{page}");
    assert!(page.contains("Ille-et-Vilaine (35) (1)"), "{page}");
    assert!(
        page.contains("Bretagne (1)") && page.contains("Pays de la Loire (23)"),
        "{page}"
    );
    assert!(
        page.contains("Association (1)") && page.contains("Centre social (23)"),
        "{page}"
    );
    assert!(
        page.contains(r#"href="/initiatives?departement=35&amp;q=velo""#),
        "{page}"
    );

    // Applied: the count, the active filter with the link that removes it, the other
    // filters counted within it.
    let (_, page) = get_page(&base, "/initiatives?departement=35&q=velo", None).await;
    assert!(page.contains("1 initiative trouvée."), "{page}");
    assert!(
        page.contains("Retirer le filtre « Ille-et-Vilaine (35) »"),
        "{page}"
    );
    assert!(page.contains(r#"href="/initiatives?q=velo""#), "{page}");
    assert!(
        page.contains("Association (1)") && !page.contains("Centre social (23)"),
        "{page}"
    );
    // Combined with another: none.
    let (_, page) = get_page(
        &base,
        "/initiatives?departement=35&q=velo&type=social_centre",
        None,
    )
    .await;
    assert!(page.contains("Aucune initiative trouvée."));
    assert!(page.contains("retirer un filtre"));

    // A filter that names nothing leads nowhere: a French 404.
    for address in [
        "/initiatives?departement=99",
        "/initiatives?region=45",
        "/initiatives?type=mairie",
        "/initiatives?statut=perdu",
    ] {
        let (status, page) = get_page(&base, address, None).await;
        assert_eq!(status, 404, "{address}");
        assert!(page.contains("introuvable"), "{address}");
    }
    running.stop().await.unwrap();
    t.remove().await;
}
