//! Themes over HTTP: administrators keep the list, référents tick their sheet's themes
//! (the form without JavaScript and the island's call), each theme has its page and its
//! filter; on SQLite and PostgreSQL.

use test_support::every_engine;
use test_support::TestApp;

use crate::common::{get_page, login, post_api, seed_with_admin, settings, PASSWORD, SHEET};

/// The id of the theme with this slug.
async fn theme_id(db: &app::backend::db::Db, slug: &str) -> i64 {
    app::backend::db::themes::list(db)
        .await
        .unwrap()
        .into_iter()
        .find(|theme| theme.slug == slug)
        .unwrap_or_else(|| panic!("theme {slug}"))
        .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_keep_the_list_and_referents_tick_their_sheets_themes() {
    for t in every_engine().await {
        let ((email, password), sheet_id) = seed_with_admin(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
        let admin = login(&base, "admin@federation.example", PASSWORD).await;
        let referent = login(&base, &email, &password).await;
        let theme = |name: &str, description: &str| {
            vec![
                ("name", name.to_owned()),
                ("description", description.to_owned()),
            ]
        };

        // Only administrators change the list.
        for (session, expected) in [(None, 401), (Some(referent.as_str()), 403)] {
            let (status, _) =
                post_api(&base, "create_theme", session, &theme("Écologie", "")).await;
            assert_eq!(status, expected);
        }
        let (status, body) = post_api(
            &base,
            "create_theme",
            Some(&admin),
            &theme("Écologie", "Prendre soin de l'environnement."),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        // The same name in other letters would share its address: refused, in French.
        let (status, body) =
            post_api(&base, "create_theme", Some(&admin), &theme("ÉCOLOGIE", "")).await;
        assert_eq!(status, 422);
        assert!(body.contains("Un thème porte déjà ce nom"), "{body}");
        let (status, body) = post_api(&base, "create_theme", Some(&admin), &theme(" ", "")).await;
        assert_eq!(status, 422);
        assert!(body.contains("Indiquez le nom du thème"), "{body}");
        // A name is text, never markup.
        let (status, _) = post_api(
            &base,
            "create_theme",
            Some(&admin),
            &theme("<b onclick=x>Fête</b>", ""),
        )
        .await;
        assert_eq!(status, 200);

        // The référent ticks themes without JavaScript: a plain form post, as a browser
        // sends checkboxes named `themes[]`, answered by a redirect to the sheet.
        let (_, own) = get_page(
            &base,
            &format!("/actions/{SHEET}?modifier=themes"),
            Some(&referent),
        )
        .await;
        assert!(
            own.contains(r#"name="themes[]""#) && own.contains(r#"value="ecologie""#),
            "{own}"
        );
        let response = crate::common::client()
            .post(format!("{base}/api/save_themes"))
            .header(reqwest::header::ORIGIN, &base)
            .header(reqwest::header::ACCEPT, "text/html")
            .header(
                reqwest::header::COOKIE,
                format!("passeurs_session={referent}"),
            )
            .form(&[
                ("action_id", sheet_id.to_string()),
                ("previous", "Lien social".to_owned()),
                ("themes[]", "ecologie".to_owned()),
                ("themes[]", "b-onclick-x-fete-b".to_owned()),
            ])
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection(), "{}", response.status());
        let location = response.headers()[reqwest::header::LOCATION]
            .to_str()
            .unwrap();
        assert!(
            location.ends_with(&format!("/actions/{SHEET}#partie-themes")),
            "{location}"
        );
        let (_, public) = get_page(&base, &format!("/actions/{SHEET}"), None).await;
        assert!(
            public.contains(r#"<a href="/themes/ecologie">Écologie</a>"#),
            "{public}"
        );
        assert!(
            public.contains("&lt;b onclick=x&gt;Fête&lt;/b&gt;"),
            "escaped"
        );
        assert!(
            !public.contains("Lien social"),
            "the unticked theme is gone"
        );

        // The island's call: a stale version is a conflict; an unknown theme is refused;
        // someone who does not run the sheet cannot.
        let (status, _) = post_api(
            &base,
            "save_themes",
            Some(&referent),
            &[
                ("action_id", sheet_id.to_string()),
                ("previous", "Lien social".to_owned()),
                ("themes[]", "ecologie".to_owned()),
            ],
        )
        .await;
        assert_eq!(status, 409);
        let current = "Écologie, <b onclick=x>Fête</b>".to_owned();
        let (status, body) = post_api(
            &base,
            "save_themes",
            Some(&referent),
            &[
                ("action_id", sheet_id.to_string()),
                ("previous", current.clone()),
                ("themes[]", "jardinage".to_owned()),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(
            body.contains("Choisissez les thèmes dans la liste"),
            "{body}"
        );
        let other = crate::common::other_referent(&t, &base).await;
        let (status, _) = post_api(
            &base,
            "save_themes",
            Some(&other),
            &[
                ("action_id", sheet_id.to_string()),
                ("previous", current.clone()),
            ],
        )
        .await;
        assert_eq!(status, 403);
        // Typed themes are not accepted any more.
        let (status, _) = post_api(
            &base,
            "save_part",
            Some(&referent),
            &[
                ("action_id", sheet_id.to_string()),
                ("part", "themes".to_owned()),
                ("value", "n'importe quoi".to_owned()),
                ("previous", current.clone()),
            ],
        )
        .await;
        assert_eq!(status, 422);

        // Rename, merge, delete.
        let ecologie = theme_id(&t.db, "ecologie").await;
        let (status, _) = post_api(
            &base,
            "update_theme",
            Some(&admin),
            &[
                ("theme_id", ecologie.to_string()),
                ("name", "Transition écologique".to_owned()),
                ("description", "Vivre mieux avec moins.".to_owned()),
            ],
        )
        .await;
        assert_eq!(status, 200);
        let fete = theme_id(&t.db, "b-onclick-x-fete-b").await;
        let (status, body) = post_api(
            &base,
            "delete_theme",
            Some(&admin),
            &[("theme_id", fete.to_string())],
        )
        .await;
        assert_eq!(status, 422, "in use: merge it instead");
        assert!(body.contains("fusionnez-le"), "{body}");
        let (status, _) = post_api(
            &base,
            "merge_theme",
            Some(&admin),
            &[
                ("theme_id", fete.to_string()),
                ("into", ecologie.to_string()),
            ],
        )
        .await;
        assert_eq!(status, 200);
        let (_, public) = get_page(&base, &format!("/actions/{SHEET}"), None).await;
        assert!(
            public.contains(r#"<a href="/themes/transition-ecologique">Transition écologique</a>"#),
            "{public}"
        );
        assert!(!public.contains("Fête"), "merged away");
        let (_, admin_page) = get_page(&base, "/admin", Some(&admin)).await;
        assert!(admin_page.contains("Transition écologique") && admin_page.contains("1 fiche"));
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_theme_has_its_page_its_filter_and_its_old_address_moves_for_good() {
    for t in every_engine().await {
        seed_with_admin(&t).await;
        let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;

        // The fixtures' sheets are filed under "Lien social"; one has a banquet to come.
        let (status, page) = get_page(&base, "/themes/lien-social", None).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("<h1 id=\"titre-theme\">Lien social</h1>"),
            "{page}"
        );
        assert!(page.contains("2 initiatives"), "{page}");
        assert!(page.contains(&format!(r#"href="/actions/{SHEET}""#)));
        assert!(page.contains("Les prochains rendez-vous") && page.contains("Banquet de quartier"));

        let (_, filtered) = get_page(&base, "/initiatives?theme=lien-social", None).await;
        assert!(filtered.contains("2 initiatives trouvées."), "{filtered}");
        assert!(
            filtered.contains("Retirer le filtre « Lien social »"),
            "{filtered}"
        );
        let (_, all) = get_page(&base, "/initiatives", None).await;
        assert!(
            all.contains(r#"href="/initiatives?theme=lien-social""#),
            "{all}"
        );
        assert!(all.contains("Lien social (2)"), "{all}");

        // Unknown: a French 404, as a page and as a filter.
        for address in ["/themes/inconnu", "/initiatives?theme=inconnu"] {
            let (status, page) = get_page(&base, address, None).await;
            assert_eq!(status, 404, "{address}");
            assert!(page.contains("introuvable"), "{address}");
        }

        // Renamed: the old address answers 301 to the new one, the filter follows.
        // (Through the server, which then drops the pages it had kept.)
        let id = theme_id(&t.db, "lien-social").await;
        let admin = login(&base, "admin@federation.example", PASSWORD).await;
        let (status, _) = post_api(
            &base,
            "update_theme",
            Some(&admin),
            &[
                ("theme_id", id.to_string()),
                ("name", "Liens entre voisins".to_owned()),
                ("description", String::new()),
            ],
        )
        .await;
        assert_eq!(status, 200);
        let response = crate::common::client()
            .get(format!("{base}/themes/lien-social"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 301);
        assert_eq!(
            response.headers()[reqwest::header::LOCATION],
            "/themes/liens-entre-voisins"
        );
        let (_, filtered) = get_page(&base, "/initiatives?theme=lien-social", None).await;
        assert!(filtered.contains("2 initiatives trouvées."), "{filtered}");
        let (status, page) = get_page(&base, "/themes/liens-entre-voisins", None).await;
        assert_eq!(status, 200);
        assert!(page.contains("Liens entre voisins"));
        running.stop().await.unwrap();
        t.remove().await;
    }
}
