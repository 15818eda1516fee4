//! The demo data loads into an empty database on both engines, with its pictures in the
//! storage, and only once.

use passeurs_domain::db::{actions, organisations};
use test_support::every_engine;

#[tokio::test]
async fn the_demo_data_is_loaded_once_with_pictures_on_disk() {
    for t in every_engine().await {
        let media = t.dir.join("media");
        let storage = passeurs_domain::storage::Storage::local(&media).unwrap();
        let outcome = demo::seed(&t.db, &storage, 90).await.expect("seed");
        let demo::SeedOutcome::Seeded {
            actions: count,
            images,
            ..
        } = outcome
        else {
            panic!("expected a first seed");
        };
        assert!(count >= 8, "at least 8 demo sheets");
        let page = actions::list_published_cards(&t.db, None, 1).await.unwrap();
        assert_eq!(page.cards.len(), count);
        let mut departements = std::collections::HashSet::new();
        for org in organisations::list(&t.db).await.unwrap() {
            departements.insert(org.departement);
        }
        assert!(departements.len() >= 3, "several départements");
        let mut seen = 0;
        for card in &page.cards {
            let sheet = actions::find_published_sheet(&t.db, &card.slug)
                .await
                .unwrap()
                .unwrap();
            assert!(
                (3..=6).contains(&sheet.gallery.len()),
                "{} has 3 to 6 pictures",
                sheet.slug
            );
            for picture in &sheet.gallery {
                assert!(!picture.alt.trim().is_empty());
                for url in [&picture.url, &picture.thumb_url] {
                    let path = media.join(url.trim_start_matches("/media/"));
                    assert!(path.is_file(), "{} exists", path.display());
                }
                seen += 1;
            }
        }
        assert_eq!(seen, images);
        assert!(
            actions::find_published_sheet(&t.db, "ambassadeurs-passeurs-loire-atlantique")
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(
            demo::seed(&t.db, &storage, 90).await.unwrap(),
            demo::SeedOutcome::AlreadySeeded
        );
        t.remove().await;
    }
}
