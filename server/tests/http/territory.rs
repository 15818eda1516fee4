//! Finding what is near: the map of the home page, the pages of a département, a région and
//! an organisation, the agenda, "Près de chez moi" and addresses checked against the
//! communes; on SQLite and PostgreSQL.

use test_support::every_engine;
use test_support::fixtures::{self, Sheet};
use test_support::TestApp;

use crate::common::{
    client, get_page, login, media_storage, post_api, seed_with_admin, settings, PASSWORD, SHEET,
};

/// An organisation at a real address; returns its id.
async fn organisation(
    db: &app::backend::db::Db,
    name: &str,
    postal_code: &str,
    city: &str,
    departement: &str,
) -> i64 {
    app::backend::db::organisations::create(
        db,
        &app::backend::db::organisations::NewOrganisation {
            name: name.into(),
            kind: app::model::OrganisationKind::Association,
            postal_code: postal_code.into(),
            city: city.into(),
            departement: departement.into(),
        },
    )
    .await
    .unwrap()
}

/// Besides [`seed_with_admin`]'s two sheets in Saint-Herblain (44): one in Rennes (35) with
/// an event in 5 days, one in Paris (75) with a full event in 3 days. Returns the ids of
/// the Rennes and Paris sheets.
async fn seed_territories(t: &test_support::TestDb) -> (i64, i64) {
    let storage = media_storage(t);
    let rennes = organisation(
        &t.db,
        "Maison de quartier de Villejean",
        "35000",
        "Rennes",
        "35",
    )
    .await;
    let paris = organisation(&t.db, "Centre social Belleville", "75020", "Paris", "75").await;
    let velo = Sheet::new(rennes, "velo-villejean")
        .title("Atelier vélo de Villejean")
        .created_days_ago(3)
        .insert(&t.db, &storage)
        .await;
    let jardin = Sheet::new(paris, "jardin-belleville")
        .title("Jardin partagé de Belleville")
        .created_days_ago(4)
        .insert(&t.db, &storage)
        .await;
    fixtures::event(&t.db, velo, "Réparation de vélos", 5, None).await;
    let full = fixtures::event(&t.db, jardin, "Plantation des bulbes", 3, Some(2)).await;
    let sql = "UPDATE events SET confirmed_people = capacity WHERE id = $1";
    app::backend::db::on_db!(&t.db, pool => sqlx::query(sql).bind(full).execute(pool).await.map(|_| ()))
        .unwrap();
    (velo, jardin)
}

/// Whether a page shows this text (an apostrophe may be written as an entity).
fn has_text(page: &str, text: &str) -> bool {
    ["'", "&#x27;", "&#39;"]
        .iter()
        .any(|apostrophe| page.contains(&text.replace('\'', apostrophe)))
}

/// Where `needle` is in `body` (panics with the body when absent).
fn position(body: &str, needle: &str) -> usize {
    body.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the page:\n{body}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_map_links_every_departement_with_the_count_of_its_filtered_list() {
    for t in every_engine().await {
        seed_with_admin(&t).await;
        seed_territories(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        let (status, home) = get_page(&base, "/", None).await;
        assert_eq!(status, 200);
        let svg = &home[position(&home, "<svg")..position(&home, "</svg>")];
        // One link per département, each with its accessible name and count.
        let links: Vec<(&str, &str)> = svg
            .split("<a href=\"")
            .skip(1)
            .map(|link| {
                let href = &link[..link.find('"').unwrap()];
                let label_at = link.find("aria-label=\"").expect("an accessible name") + 12;
                let label = &link[label_at..label_at + link[label_at..].find('"').unwrap()];
                (href, label)
            })
            .collect();
        assert_eq!(links.len(), 101, "one link per département");
        assert!(links.contains(&(
            "/territoires/44-loire-atlantique",
            "Loire-Atlantique : 2 initiatives"
        )));
        assert!(links.contains(&(
            "/territoires/35-ille-et-vilaine",
            "Ille-et-Vilaine : 1 initiative"
        )));
        assert!(links.contains(&(
            "/territoires/2A-corse-du-sud",
            "Corse-du-Sud : aucune initiative"
        )));
        assert!(
            home.contains("Source : IGN – Admin Express COG 2018"),
            "attribution"
        );
        // Every count is the total of that département's list of initiatives.
        for (href, label) in &links {
            let code = href["/territoires/".len()..].split('-').next().unwrap();
            let (status, list) =
                get_page(&base, &format!("/initiatives?departement={code}"), None).await;
            assert_eq!(status, 200, "{href} on {}", t.db.engine());
            let count = label.rsplit(" : ").next().unwrap();
            let expected = match count {
                "aucune initiative" => "Aucune initiative trouvée.".to_owned(),
                "1 initiative" => "1 initiative trouvée.".to_owned(),
                n => format!("{} trouvées.", n),
            };
            assert!(
                list.contains(&expected),
                "{href}: {label}, the list says otherwise"
            );
        }
        // Nothing on the page comes from another site.
        assert!(!home.contains("src=\"http"), "no third-party resource");
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn departement_region_and_organisation_pages_list_what_is_there() {
    for t in every_engine().await {
        seed_with_admin(&t).await;
        seed_territories(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;

        let (status, page) = get_page(&base, "/territoires/44-loire-atlantique", None).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("<title>Loire-Atlantique (44) · Passeurs</title>"),
            "{page}"
        );
        assert!(page.contains("Banquet citoyen des Tilleuls"));
        assert!(page.contains("Repair café des Tilleuls"));
        assert!(page.contains("Banquet de quartier"), "its event");
        assert!(page.contains("href=\"/organisations/centre-social-des-tilleuls\""));
        assert!(page.contains("href=\"/regions/52-pays-de-la-loire\""));
        assert!(
            !page.contains("Atelier vélo de Villejean"),
            "Rennes is in 35"
        );

        // The code decides; another name is redirected to the canonical address.
        let response = client()
            .get(format!("{base}/territoires/44"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 301);
        assert_eq!(
            response.headers()["location"],
            "/territoires/44-loire-atlantique"
        );
        for unknown in [
            "/territoires/99-nulle-part",
            "/territoires/",
            "/regions/45-centre",
            "/organisations/personne",
        ] {
            let (status, page) = get_page(&base, unknown, None).await;
            assert_eq!(status, 404, "{unknown}");
            assert!(page.contains("Page introuvable"), "{unknown}");
        }

        // A région: its départements' sheets; codes of régions and départements overlap.
        let (status, page) = get_page(&base, "/regions/52-pays-de-la-loire", None).await;
        assert_eq!(status, 200);
        assert!(page.contains("Banquet citoyen des Tilleuls"));
        assert!(page.contains("href=\"/territoires/85-vendee\""));
        let (status, page) = get_page(&base, "/regions/44-grand-est", None).await;
        assert_eq!(status, 200);
        assert!(
            !page.contains("Banquet citoyen des Tilleuls"),
            "44 as a région is Grand Est"
        );
        let (_, page) = get_page(&base, "/regions/53-bretagne", None).await;
        assert!(page.contains("Atelier vélo de Villejean"));
        assert!(page.contains("Réparation de vélos"));

        // An organisation: its kind, address, sheets and events; every sheet links to it.
        let (status, page) =
            get_page(&base, "/organisations/centre-social-des-tilleuls", None).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("Centre social · 44800 Saint-Herblain"),
            "{page}"
        );
        assert!(page.contains("Banquet citoyen des Tilleuls"));
        assert!(page.contains("Repair café des Tilleuls"));
        assert!(page.contains("Banquet de quartier"));
        assert!(!page.contains("Atelier vélo"));
        let (_, sheet) = get_page(&base, &format!("/actions/{SHEET}"), None).await;
        assert!(sheet.contains("href=\"/organisations/centre-social-des-tilleuls\""));
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_agenda_lists_events_soonest_first_and_filters_them() {
    for t in every_engine().await {
        let (_, sheet_id) = seed_with_admin(&t).await;
        seed_territories(&t).await;
        // One more in Saint-Herblain, later, and a cancelled one that never shows.
        fixtures::event(&t.db, sheet_id, "Assemblée des habitants", 30, None).await;
        let cancelled = fixtures::event(&t.db, sheet_id, "Pique-nique annulé", 2, None).await;
        let sql = "UPDATE events SET status = 'cancelled' WHERE id = $1";
        app::backend::db::on_db!(&t.db, pool => sqlx::query(sql).bind(cancelled).execute(pool).await.map(|_| ())).unwrap();
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;

        let (status, page) = get_page(&base, "/agenda", None).await;
        assert_eq!(status, 200);
        assert!(page.contains("4 événements à venir"), "{page}");
        // Soonest first: Paris in 3 days, Rennes in 5, Saint-Herblain in 20 and 30.
        let order: Vec<usize> = [
            "Plantation des bulbes",
            "Réparation de vélos",
            "Banquet de quartier",
            "Assemblée des habitants",
        ]
        .iter()
        .map(|title| position(&page, title))
        .collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted, "soonest first");
        assert!(!page.contains("Pique-nique annulé"));
        assert!(has_text(&page, "Complet — inscription sur liste d'attente"));
        assert!(page.contains("Plus que 12 places"));

        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "/agenda?departement=35",
                &["Réparation de vélos"],
                &["Banquet de quartier"],
            ),
            (
                "/agenda?region=52",
                &["Banquet de quartier", "Assemblée des habitants"],
                &["Réparation de vélos"],
            ),
            (
                "/agenda?region=11",
                &["Plantation"],
                &["Banquet de quartier"],
            ),
            (
                "/agenda?places=1",
                &["Banquet de quartier", "Réparation de vélos"],
                &["Plantation"],
            ),
            (
                "/agenda?departement=35&region=52",
                &["Aucun événement à venir"],
                &["Réparation de vélos"],
            ),
        ];
        for (path, present, absent) in cases {
            let (status, page) = get_page(&base, path, None).await;
            assert_eq!(status, 200, "{path}");
            for title in *present {
                assert!(page.contains(title), "{path} lacks {title}");
            }
            for title in *absent {
                assert!(!page.contains(title), "{path} shows {title}");
            }
        }
        // Past the last page: no such page (and nothing kept).
        for path in [
            "/agenda?page=2",
            "/territoires/44-loire-atlantique?page=2",
            "/organisations/centre-social-des-tilleuls?page=9",
        ] {
            let (status, _) = get_page(&base, path, None).await;
            assert_eq!(status, 404, "{path}");
            assert!(!running.page_cache.holds(path), "{path}");
        }
        let response = client()
            .get(format!("{base}/territoires/44?page=2"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 301, "the page number is kept");
        assert_eq!(
            response.headers()["location"],
            "/territoires/44-loire-atlantique?page=2"
        );
        for path in [
            "/agenda?departement=99",
            "/agenda?region=44x",
            "/agenda?theme=inconnu",
        ] {
            let (status, page) = get_page(&base, path, None).await;
            assert_eq!(status, 404, "{path}");
            assert!(page.contains("Page introuvable"));
        }
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn near_me_gives_the_departement_of_the_postal_code_then_its_neighbours() {
    for t in every_engine().await {
        seed_with_admin(&t).await;
        seed_territories(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;

        let (status, page) = get_page(&base, "/pres-de-chez-moi?code_postal=44800", None).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("Code postal 44800 : Saint-Herblain."),
            "{page}"
        );
        let own = position(&page, "Dans votre département : Loire-Atlantique (44)");
        let neighbour = position(&page, "Dans un département voisin : Ille-et-Vilaine (35)");
        assert!(own < neighbour, "the commune's département first");
        assert!(
            own < position(&page, "Banquet de quartier")
                && position(&page, "Banquet de quartier") < neighbour
        );
        assert!(neighbour < position(&page, "Réparation de vélos"));
        assert!(
            !page.contains("Jardin partagé de Belleville"),
            "Paris is not near"
        );
        // Neighbours with nothing yet are named in one sentence, not listed empty.
        let quiet = &page[position(&page, "Rien de publié pour l")..];
        assert!(
            quiet[..quiet.find('.').unwrap()].contains("Maine-et-Loire (49)"),
            "{quiet}"
        );
        assert!(!page.contains("Dans un département voisin : Maine-et-Loire (49)"));

        let (status, page) = get_page(&base, "/pres-de-chez-moi?code_postal=4480", None).await;
        assert_eq!(status, 422);
        assert!(page.contains("Le code postal doit comporter exactement 5 chiffres"));
        let (status, page) = get_page(&base, "/pres-de-chez-moi?code_postal=44999", None).await;
        assert_eq!(status, 422);
        assert!(
            has_text(&page, "Aucune commune n'a le code postal 44999"),
            "{page}"
        );
        assert!(
            page.contains("value=\"44999\""),
            "the code typed stays in the field"
        );
        let (status, page) = get_page(&base, "/pres-de-chez-moi", None).await;
        assert_eq!(status, 200);
        assert!(page.contains("Indiquez votre code postal"));
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_new_pages_are_cached_for_anonymous_visitors_and_follow_changes() {
    for t in every_engine().await {
        seed_with_admin(&t).await;
        let (velo, _) = seed_territories(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        let verdict = |path: &'static str| {
            let base = base.clone();
            async move {
                let response = client().get(format!("{base}{path}")).send().await.unwrap();
                assert_eq!(response.status(), 200, "{path}");
                let verdict = response
                    .headers()
                    .get("x-page-cache")
                    .map(|v| v.to_str().unwrap().to_owned());
                (verdict, response.text().await.unwrap())
            }
        };
        let pages = [
            "/",
            "/agenda",
            "/agenda?departement=35&places=1",
            "/territoires/35-ille-et-vilaine",
            "/regions/53-bretagne",
            "/organisations/maison-de-quartier-de-villejean",
            "/pres-de-chez-moi?code_postal=35000",
        ];
        for path in pages {
            assert_eq!(verdict(path).await.0.as_deref(), Some("miss"), "{path}");
            let (again, body) = verdict(path).await;
            assert_eq!(again.as_deref(), Some("hit"), "{path}");
            assert!(
                body.contains("Atelier vélo de Villejean") || body.contains("Réparation de vélos"),
                "{path}"
            );
        }
        // A change of the sheet reaches every one of them at once.
        let sql = "UPDATE actions SET title = 'Vélo-école de Villejean' WHERE id = $1";
        app::backend::db::on_db!(&t.db, pool => sqlx::query(sql).bind(velo).execute(pool).await.map(|_| ()))
            .unwrap();
        let sql = "UPDATE events SET title = 'Vélo-école : première séance' WHERE action_id = $1";
        app::backend::db::on_db!(&t.db, pool => sqlx::query(sql).bind(velo).execute(pool).await.map(|_| ()))
            .unwrap();
        running.page_cache.sync(&running.state.db).await.unwrap();
        for path in pages {
            let (_, body) = verdict(path).await;
            assert!(
                body.contains("Vélo-école"),
                "{path} still shows the old text"
            );
        }
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organisation_address_must_be_a_commune_of_its_postal_code() {
    for t in every_engine().await {
        seed_with_admin(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        let admin = login(&base, "admin@federation.example", PASSWORD).await;
        let form = |postal_code: &str, city: &str| {
            vec![
                ("name", "Centre social du Vignoble".to_owned()),
                ("kind", "social_centre".to_owned()),
                ("postal_code", postal_code.to_owned()),
                ("city", city.to_owned()),
            ]
        };
        let refusals = [
            ("4419", "Clisson", "Le code postal doit comporter exactement 5 chiffres"),
            ("44999", "Clisson", "Aucune commune n'a le code postal 44999"),
            ("44000", "Rennes", "« Rennes » n'est pas une commune du code postal 44000. Communes de ce code postal : Nantes."),
            // A postal code shared by several communes lists them all.
            ("44190", "Nantes", "Communes de ce code postal : Boussay, Clisson, Gétigné, Gorges, Saint-Hilaire-de-Clisson, Saint-Lumine-de-Clisson."),
        ];
        for (postal_code, city, message) in refusals {
            let (status, body) = post_api(
                &base,
                "create_organisation",
                Some(&admin),
                &form(postal_code, city),
            )
            .await;
            assert_eq!(status, 422, "{postal_code} {city}");
            assert!(body.contains(message), "{postal_code} {city}: {body}");
        }
        // Any of the communes of a shared code, however typed: stored as the commune is named.
        let (status, body) = post_api(
            &base,
            "create_organisation",
            Some(&admin),
            &form("44190", "st lumine de clisson"),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let stored = app::backend::db::organisations::list(&t.db).await.unwrap();
        let created = stored
            .iter()
            .find(|o| o.name == "Centre social du Vignoble")
            .expect("created once");
        assert_eq!(created.city, "Saint-Lumine-de-Clisson");
        assert_eq!(created.departement, "44");
        assert_eq!(created.slug, "centre-social-du-vignoble");
        assert_eq!(stored.len(), 2, "nothing was stored by the refusals");
        // Without a published sheet its page is not public yet; its administrator sees it.
        let (status, _) = get_page(&base, "/organisations/centre-social-du-vignoble", None).await;
        assert_eq!(status, 404);
        let (status, page) = get_page(
            &base,
            "/organisations/centre-social-du-vignoble",
            Some(&admin),
        )
        .await;
        assert_eq!(status, 200);
        assert!(page.contains("aucune fiche publiée"));
        running.stop().await.unwrap();
        t.remove().await;
    }
}

/// An organisation whose sheets are all unpublished is not public: a 404 to visitors and to
/// people of other organisations; its own référents and the administrators see it, with
/// a banner.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organisation_without_a_published_sheet_is_seen_by_its_own_people_only() {
    for t in every_engine().await {
        let ((referent, password), _) = seed_with_admin(&t).await;
        for slug in [SHEET, crate::common::OTHER_SHEET] {
            let id = app::backend::db::actions::find_published_sheet(&t.db, slug)
                .await
                .unwrap()
                .unwrap()
                .id;
            app::backend::services::sheets::set_published(&t.db, id, false)
                .await
                .unwrap();
        }
        let stranger_centre = fixtures::organisation(&t.db, "Centre social des Érables").await;
        let stranger_sheet = Sheet::new(stranger_centre, "jardin-des-erables")
            .insert(&t.db, &media_storage(&t))
            .await;
        let stranger = fixtures::account(
            &t.db,
            "dominique@erables.example",
            "Dominique",
            PASSWORD,
            false,
        )
        .await;
        app::backend::services::accounts::add_referent(&t.db, stranger_sheet, stranger)
            .await
            .unwrap();
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        let page = "/organisations/centre-social-des-tilleuls";
        let own = login(&base, &referent, &password).await;
        let other = login(&base, "dominique@erables.example", PASSWORD).await;
        let admin = login(&base, "admin@federation.example", PASSWORD).await;
        assert_eq!(get_page(&base, page, None).await.0, 404, "a visitor");
        assert_eq!(
            get_page(&base, page, Some(&other)).await.0,
            404,
            "another centre"
        );
        for (who, session) in [("its référent", &own), ("an administrator", &admin)] {
            let (status, body) = get_page(&base, page, Some(session)).await;
            assert_eq!(status, 200, "{who}");
            assert!(body.contains("aucune fiche publiée"), "{who}: the banner");
        }
        // Still not public afterwards: what they saw was not kept for everyone.
        assert_eq!(get_page(&base, page, None).await.0, 404, "a visitor, again");
        running.stop().await.unwrap();
        t.remove().await;
    }
}
