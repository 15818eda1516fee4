//! Demo texts: invented organisations in several French départements and nine French sheets
//! written for the project, with alt texts that describe the drawn gallery pictures.

use crate::{DemoAction, DemoImage, DemoOrganisation, Motif};
use passeurs_domain::model::{ActionStatus, OrganisationKind};

pub static ORGANISATIONS: &[DemoOrganisation] = &[
    DemoOrganisation {
        key: "passerelles-44",
        name: "Fédération Passerelles 44",
        kind: OrganisationKind::Federation,
        postal_code: "44800",
        city: "Saint-Herblain",
    },
    DemoOrganisation {
        key: "tilleuls",
        name: "Centre social Les Tilleuls",
        kind: OrganisationKind::SocialCentre,
        postal_code: "69008",
        city: "Lyon",
    },
    DemoOrganisation {
        key: "courte-echelle",
        name: "Espace de vie sociale La Courte Échelle",
        kind: OrganisationKind::SocialLifeSpace,
        postal_code: "59000",
        city: "Lille",
    },
    DemoOrganisation {
        key: "roue-libre",
        name: "Association Roue Libre",
        kind: OrganisationKind::Association,
        postal_code: "35000",
        city: "Rennes",
    },
    DemoOrganisation {
        key: "oliviers",
        name: "Centre social Les Oliviers",
        kind: OrganisationKind::SocialCentre,
        postal_code: "13003",
        city: "Marseille",
    },
    DemoOrganisation {
        key: "pages-vagabondes",
        name: "Association Pages Vagabondes",
        kind: OrganisationKind::Association,
        postal_code: "63000",
        city: "Clermont-Ferrand",
    },
    DemoOrganisation {
        key: "trait-d-union",
        name: "Espace de vie sociale Le Trait d'Union",
        kind: OrganisationKind::SocialLifeSpace,
        postal_code: "33000",
        city: "Bordeaux",
    },
];

pub static ACTIONS: &[DemoAction] = &[
    DemoAction {
        slug: "ambassadeurs-passeurs-loire-atlantique",
        organisation: "passerelles-44",
        title: "Les ambassadeurs passeurs de Loire-Atlantique, en route vers les banquets citoyens",
        quote: "Parler de démocratie, ça paraît loin de nos quartiers. Avec le comité, on la \
            ramène autour de la table, à hauteur d'habitants.",
        quote_author: "Témoignage du comité de projet",
        summary: "Démocratie, justice sociale : des mots qui peuvent sembler lointains. La \
            fédération a réuni un comité de projet, ouvert aux habitants, aux bénévoles et aux \
            salariés des centres sociaux du département, pour se les approprier ensemble.\n\n\
            Des « ambassadeurs passeurs » vont faire circuler les idées d'un centre à l'autre, \
            sans se poser en experts. Le but : organiser des banquets citoyens où chacun peut \
            prendre la parole et être écouté.",
        start_date: "2021-01-01",
        status: ActionStatus::Preparing,
        progress: 25,
        themes: &["démocratie", "justice sociale", "participation"],
        referent_name: "Yann L.",
        sections: &[
            (
                "Quelle est la situation de départ qui a motivé le projet ?",
                "Les grands débats sur la démocratie existent au niveau national, mais ils \
                arrivent peu jusque dans les centres sociaux. Beaucoup d'habitants nous disaient \
                ne pas se sentir concernés, ou ne pas oser donner leur avis.\n\n\
                Nous avons voulu prendre le temps, à l'échelle du département, de parler de ces \
                sujets simplement, avec les personnes qui font vivre les centres au quotidien.",
            ),
            (
                "Qu'avez-vous mis en place ?",
                "Un comité de projet s'est créé. Il est ouvert à tous les bénévoles, habitants \
                et professionnels du réseau qui veulent s'y investir, et se réunit une fois par \
                mois, chaque fois dans un centre différent.\n\n\
                Ses membres imaginent la démarche des ambassadeurs passeurs : des volontaires qui \
                vont dans les centres raconter ce qui s'est dit ailleurs, recueillir les envies \
                et préparer avec les habitants les futurs banquets citoyens.",
            ),
            ("Quels moyens ont été mis en œuvre ?", ""),
            (
                "L'action va-t-elle se poursuivre ?",
                "Oui. Les premiers banquets citoyens sont prévus au printemps, dans plusieurs \
                communes du département. Nous espérons qu'ils deviendront un rendez-vous \
                régulier, porté par les habitants eux-mêmes.",
            ),
        ],
        images: &[
            DemoImage {
                motif: Motif::CircleOfChairs,
                alt: "Dessin de chaises en cercle autour d'une table basse, comme lors des \
                    réunions du comité de projet",
            },
            DemoImage {
                motif: Motif::BanquetTable,
                alt: "Dessin d'une longue tablée dressée en plein air sous une guirlande \
                    lumineuse, le banquet citoyen que prépare le comité",
            },
            DemoImage {
                motif: Motif::Houses,
                alt: "Dessin d'une rangée de petites maisons aux fenêtres éclairées au \
                    crépuscule, les quartiers où se rendent les ambassadeurs passeurs",
            },
        ],
        created_days_ago: 5,
    },
    DemoAction {
        slug: "repair-cafe-des-tilleuls",
        organisation: "tilleuls",
        title: "Le repair café des Tilleuls",
        quote: "Je pensais jeter mon grille-pain. On l'a réparé à deux en vingt minutes, et j'ai \
            appris à changer un fusible.",
        quote_author: "Témoignage de Josiane, habitante du quartier",
        summary: "Un samedi par mois, la grande salle du centre social se transforme en atelier. \
            Des bénévoles bricoleurs aident les habitants à réparer eux-mêmes leurs objets en \
            panne : petit électroménager, lampes, vêtements, jouets.\n\n\
            On vient avec son objet, on repart souvent avec lui en état de marche, et toujours \
            avec un café et quelques astuces en plus.",
        start_date: "2024-02-10",
        status: ActionStatus::InProgress,
        progress: 60,
        themes: &["réparation", "écologie", "entraide"],
        referent_name: "Karim B.",
        sections: &[
            (
                "Quelle est la situation de départ qui a motivé le projet ?",
                "Pendant les permanences, l'équipe du centre entendait souvent la même chose : \
                un appareil tombe en panne, on n'a pas les moyens d'en racheter un, et la \
                réparation coûte trop cher.\n\n\
                Au même moment, plusieurs retraités du quartier avaient des talents en \
                électricité ou en couture, et ne savaient pas comment les partager.",
            ),
            (
                "Qu'avez-vous mis en place ?",
                "Un atelier ouvert à tous, le deuxième samedi du mois, de 9 h 30 à 12 h 30. À \
                l'accueil, on note l'objet et la panne, puis un bénévole s'installe avec la \
                personne pour chercher la solution ensemble. La règle est simple : on ne répare \
                pas à la place de l'autre, on répare avec lui.\n\n\
                Un coin couture et un coin vélo se sont ajoutés au bout de quelques mois, à la \
                demande des participants.",
            ),
            (
                "Quels moyens ont été mis en œuvre ?",
                "Le centre social prête la salle et a acheté un premier lot d'outils grâce à une \
                petite subvention de la ville. Une quincaillerie du quartier nous donne des \
                pièces détachées.\n\n\
                L'équipe compte aujourd'hui huit bénévoles réguliers, et une animatrice du \
                centre assure l'accueil et le lien avec les habitants.",
            ),
            (
                "L'action va-t-elle se poursuivre ?",
                "Oui, l'atelier continue chaque mois. Nous aimerions former de nouveaux \
                bénévoles, en particulier des jeunes, pour que le savoir-faire ne reste pas \
                entre quelques mains.",
            ),
        ],
        images: &[
            DemoImage {
                motif: Motif::Workbench,
                alt: "Dessin d'un établi avec un grille-pain, une lampe et des outils accrochés \
                    au panneau perforé, le poste de réparation du repair café",
            },
            DemoImage {
                motif: Motif::CircleOfChairs,
                alt: "Dessin de chaises disposées en cercle autour d'une table basse, le coin \
                    café où l'on attend son tour en discutant",
            },
            DemoImage {
                motif: Motif::Bicycle,
                alt: "Dessin d'un vélo vu de profil, en attente de réparation au coin vélo de \
                    l'atelier",
            },
            DemoImage {
                motif: Motif::Houses,
                alt: "Dessin de petites maisons aux fenêtres allumées au crépuscule, le quartier \
                    d'où viennent les habitants du repair café",
            },
        ],
        created_days_ago: 40,
    },
    DemoAction {
        slug: "jardin-partage-de-la-courte-echelle",
        organisation: "courte-echelle",
        title: "Un jardin partagé au pied des immeubles",
        quote: "Avant, je ne connaissais personne dans ma tour. Maintenant, on s'échange des \
            plants de tomates et des recettes par-dessus les bacs.",
        quote_author: "Témoignage d'Aïcha, jardinière",
        summary: "Sur un ancien carré de pelouse laissé à l'abandon, les habitants ont construit \
            une dizaine de bacs potagers. Chacun peut y cultiver un peu, et les récoltes \
            communes sont partagées lors de repas de saison.\n\n\
            Le jardin est devenu un lieu de rencontre entre voisins de tous âges, et un endroit \
            où les enfants découvrent d'où viennent les légumes.",
        start_date: "2024-04-06",
        status: ActionStatus::InProgress,
        progress: 45,
        themes: &["jardinage", "alimentation", "voisinage"],
        referent_name: "Sophie D.",
        sections: &[
            (
                "Quelle est la situation de départ qui a motivé le projet ?",
                "Beaucoup de familles du quartier vivent en appartement, sans balcon ni accès à \
                un bout de terre. Des habitants sont venus à l'espace de vie sociale avec l'envie \
                de jardiner, alors qu'il y avait juste à côté une pelouse où personne n'allait.",
            ),
            (
                "Qu'avez-vous mis en place ?",
                "Avec le bailleur, nous avons obtenu l'autorisation d'installer des bacs \
                surélevés. Une journée de chantier a réuni une trentaine de voisins pour les \
                monter et les remplir de terre.\n\n\
                Depuis, un groupe de jardiniers se retrouve le mercredi après-midi et le samedi \
                matin. Des ateliers sont proposés aux enfants du centre de loisirs : semis, \
                arrosage, compost.",
            ),
            (
                "Quels moyens ont été mis en œuvre ?",
                "Le bailleur a financé le bois et la terre. Les graines et les plants viennent \
                d'une grainothèque et de dons de voisins. Une animatrice de l'espace de vie \
                sociale accompagne le groupe, qui s'organise lui-même pour l'arrosage pendant \
                l'été.",
            ),
            (
                "L'action va-t-elle se poursuivre ?",
                "Oui. Le groupe souhaite ajouter un récupérateur d'eau de pluie et un \
                composteur pour toute la résidence. Une fête des récoltes est prévue à la fin \
                de l'été.",
            ),
        ],
        images: &[
            DemoImage {
                motif: Motif::Garden,
                alt: "Dessin de bacs potagers surélevés avec leurs plants et un arrosoir, sous \
                    le soleil, le jardin partagé au pied des immeubles",
            },
            DemoImage {
                motif: Motif::Kitchen,
                alt: "Dessin de marmites qui fument sur une cuisinière, pour le repas de saison \
                    préparé avec les légumes du jardin",
            },
            DemoImage {
                motif: Motif::CircleOfChairs,
                alt: "Dessin de chaises en cercle autour d'une table basse, la réunion où les \
                    jardiniers s'organisent pour l'arrosage",
            },
            DemoImage {
                motif: Motif::Houses,
                alt: "Dessin d'une rangée de petites maisons aux fenêtres éclairées au \
                    crépuscule, les logements du voisinage autour du jardin",
            },
        ],
        created_days_ago: 120,
    },
    DemoAction {
        slug: "ateliers-de-francais-des-oliviers",
        organisation: "oliviers",
        title: "Des ateliers de français pour se débrouiller au quotidien",
        quote: "Maintenant, je peux parler seule avec la maîtresse de mon fils. C'est une grande \
            fierté pour moi.",
        quote_author: "Témoignage de Mariam, participante",
        summary: "Trois matinées par semaine, le centre social propose des ateliers de français \
            à des adultes arrivés récemment en France, ou qui n'ont jamais pu apprendre à lire \
            et à écrire la langue.\n\n\
            On y apprend à se présenter, à prendre un rendez-vous, à remplir un formulaire ou à \
            lire un bulletin scolaire. Le tout dans une ambiance chaleureuse, avec des bénévoles \
            formés.",
        start_date: "2023-09-18",
        status: ActionStatus::InProgress,
        progress: 70,
        themes: &["français", "inclusion", "parentalité"],
        referent_name: "Hélène R.",
        sections: &[
            (
                "Quelle est la situation de départ qui a motivé le projet ?",
                "À l'accueil du centre, de nombreuses mamans du quartier venaient demander de \
                l'aide pour comprendre un courrier ou un mot de l'école. Les cours existants en \
                ville étaient complets, trop loin, ou à des horaires impossibles avec les \
                enfants.",
            ),
            (
                "Qu'avez-vous mis en place ?",
                "Des ateliers en petits groupes, le lundi, le mardi et le jeudi matin, pendant \
                que les plus petits sont accueillis à la halte-garderie du centre. Les groupes \
                sont formés selon le niveau de chacun.\n\n\
                Les thèmes partent de la vie de tous les jours : la santé, l'école, les \
                transports, les démarches. Une fois par trimestre, une sortie permet de \
                pratiquer pour de vrai, au marché ou à la médiathèque.",
            ),
            (
                "Quels moyens ont été mis en œuvre ?",
                "Six bénévoles animent les ateliers, avec l'appui d'une coordinatrice salariée. \
                Ils ont suivi une formation proposée par le réseau départemental des centres \
                sociaux.\n\n\
                Le centre a aussi constitué une petite bibliothèque de livres faciles à lire et \
                de jeux pour apprendre.",
            ),
            (
                "L'action va-t-elle se poursuivre ?",
                "Oui, et la demande augmente. Nous cherchons de nouveaux bénévoles pour ouvrir \
                un atelier le soir, pour les personnes qui travaillent la journée.",
            ),
        ],
        images: &[
            DemoImage {
                motif: Motif::Blackboard,
                alt: "Dessin d'un tableau noir couvert de lettres à la craie, avec un bureau \
                    devant, dans la salle des ateliers de français",
            },
            DemoImage {
                motif: Motif::CircleOfChairs,
                alt: "Dessin de chaises en cercle autour d'une table basse, pour les temps \
                    d'échange en petit groupe",
            },
            DemoImage {
                motif: Motif::Bookshelf,
                alt: "Dessin d'une étagère remplie de livres colorés, la petite bibliothèque de \
                    livres faciles à lire",
            },
        ],
        created_days_ago: 200,
    },
    DemoAction {
        slug: "visites-aux-aines",
        organisation: "trait-d-union",
        title: "Des visites pour rompre l'isolement des aînés",
        quote: "Ma voisine de quatre-vingt-dix ans m'attend le jeudi avec le café déjà prêt. On \
            parle de tout, et je crois que j'apprends autant qu'elle.",
        quote_author: "Témoignage de Théo, bénévole",
        summary: "Des habitants bénévoles rendent visite, chaque semaine, à des personnes âgées \
            du quartier qui vivent seules. On prend un café, on joue aux cartes, on fait un tour \
            jusqu'au marché.\n\n\
            Ces visites tissent des liens entre les générations et permettent de repérer plus \
            vite les difficultés, surtout pendant les fortes chaleurs de l'été.",
        start_date: "2024-06-01",
        status: ActionStatus::InProgress,
        progress: 55,
        themes: &["solidarité", "aînés", "générations"],
        referent_name: "Claire V.",
        sections: &[
            (
                "Quelle est la situation de départ qui a motivé le projet ?",
                "Pendant une canicule, plusieurs voisins se sont inquiétés pour des personnes \
                âgées qu'ils ne voyaient plus sortir. Certaines n'avaient plus de famille à \
                proximité et ne parlaient parfois à personne de la semaine.",
            ),
            (
                "Qu'avez-vous mis en place ?",
                "Un réseau de visiteurs bénévoles, chacun en binôme avec une personne âgée qui \
                le souhaite. Les visites ont lieu une fois par semaine, au rythme de chacun.\n\n\
                Une fois par mois, un goûter à l'espace de vie sociale réunit tout le monde. Les \
                bénévoles se retrouvent aussi entre eux pour partager leurs questions et leurs \
                joies.",
            ),
            (
                "Quels moyens ont été mis en œuvre ?",
                "La coordinatrice de l'espace de vie sociale fait le lien avec le CCAS et les \
                infirmiers du quartier, qui nous orientent des personnes. Les bénévoles ont été \
                formés à l'écoute par une association spécialisée.\n\n\
                Une caisse de retraite finance les goûters et les petites sorties.",
            ),
            (
                "L'action va-t-elle se poursuivre ?",
                "Oui. Nous aimerions que des jeunes du quartier rejoignent les visiteurs, et \
                proposer davantage de sorties en été, quand les aînés sont les plus isolés.",
            ),
        ],
        images: &[
            DemoImage {
                motif: Motif::Houses,
                alt: "Dessin de petites maisons aux fenêtres éclairées à la tombée du jour, les \
                    logements où vivent les aînés que l'on visite",
            },
            DemoImage {
                motif: Motif::CircleOfChairs,
                alt: "Dessin de chaises en cercle autour d'une table basse, pour le goûter \
                    mensuel qui réunit visiteurs et aînés",
            },
            DemoImage {
                motif: Motif::Bookshelf,
                alt: "Dessin d'une étagère remplie de livres colorés, où les bénévoles \
                    choisissent les livres qu'ils lisent à voix haute",
            },
            DemoImage {
                motif: Motif::Kitchen,
                alt: "Dessin de casseroles qui fument sur la cuisinière de l'espace de vie \
                    sociale, pour le repas de fin d'année partagé avec les aînés",
            },
        ],
        created_days_ago: 15,
    },
    DemoAction {
        slug: "cuisines-du-monde-aux-tilleuls",
        organisation: "tilleuls",
        title: "Cuisines du monde, cuisine partagée",
        quote: "Chacune a apporté la recette de sa grand-mère. À la fin, on avait un livre \
            entier, et des amies en plus.",
        quote_author: "Témoignage de Fatou, participante",
        summary: "Pendant un an, un groupe d'habitantes et d'habitants s'est retrouvé chaque \
            vendredi dans la cuisine du centre social pour préparer ensemble les plats de leurs \
            pays et de leurs régions.\n\n\
            Les recettes ont été rassemblées dans un petit livre illustré, présenté lors d'un \
            grand repas de quartier qui a réuni plus de cent personnes.",
        start_date: "2023-03-03",
        status: ActionStatus::Finished,
        progress: 100,
        themes: &["alimentation", "cultures", "convivialité"],
        referent_name: "Martine G.",
        sections: &[
            (
                "Quelle est la situation de départ qui a motivé le projet ?",
                "Au centre social, plusieurs personnes disaient se sentir seules, en particulier \
                des femmes arrivées depuis peu dans le quartier. La cuisine est vite apparue \
                comme un terrain commun : tout le monde mange, et chacun a un plat dont il est \
                fier.",
            ),
            (
                "Qu'avez-vous mis en place ?",
                "Un atelier cuisine chaque vendredi matin. À tour de rôle, une personne propose \
                une recette et guide les autres, puis on mange ensemble ce qu'on a préparé.\n\n\
                Au fil des mois, le groupe a eu l'idée d'écrire les recettes et de les illustrer \
                avec les enfants de l'accompagnement scolaire. Le livre a été imprimé et offert \
                lors du repas de quartier.",
            ),
            (
                "Quels moyens ont été mis en œuvre ?",
                "La cuisine du centre social, une conseillère en économie sociale et familiale \
                pour accompagner le groupe, et un budget pour les courses, complété par une \
                petite participation de chacun.\n\n\
                L'impression du livre a été financée par un appel à projets de la ville.",
            ),
            (
                "L'action va-t-elle se poursuivre ?",
                "Le livre est terminé, mais le groupe continue de se retrouver une fois par \
                mois. Certaines participantes animent désormais elles-mêmes des ateliers pour \
                d'autres habitants.",
            ),
        ],
        images: &[
            DemoImage {
                motif: Motif::Kitchen,
                alt: "Dessin de marmites qui fument sur une cuisinière, dans la cuisine \
                    partagée du centre social",
            },
            DemoImage {
                motif: Motif::BanquetTable,
                alt: "Dessin d'une longue tablée dressée en plein air sous une guirlande \
                    lumineuse, pour le grand repas de quartier",
            },
            DemoImage {
                motif: Motif::Bookshelf,
                alt: "Dessin d'une étagère de livres colorés, où le livre de recettes du groupe \
                    a trouvé sa place",
            },
        ],
        created_days_ago: 310,
    },
    DemoAction {
        slug: "atelier-velo-solidaire",
        organisation: "roue-libre",
        title: "Atelier vélo solidaire : se déplacer sans dépendre de personne",
        quote: "Sans permis ni voiture, je refusais des missions d'intérim. Avec le vélo qu'on \
            m'a prêté, je vais au travail tous les jours.",
        quote_author: "Témoignage de Samir, adhérent",
        summary: "L'association récupère des vélos abandonnés, les remet en état avec ses \
            adhérents, puis les prête ou les vend à petit prix aux personnes qui en ont besoin \
            pour travailler, se former ou faire leurs courses.\n\n\
            Des sorties accompagnées permettent aussi à celles et ceux qui n'ont jamais appris, \
            ou qui n'osent plus, de reprendre confiance en ville.",
        start_date: "2022-10-01",
        status: ActionStatus::InProgress,
        progress: 80,
        themes: &["mobilité", "vélo", "insertion"],
        referent_name: "Gwenaëlle P.",
        sections: &[
            (
                "Quelle est la situation de départ qui a motivé le projet ?",
                "Dans les quartiers en périphérie, beaucoup d'habitants n'ont pas de voiture et \
                les bus sont rares le soir et le dimanche. Des personnes renonçaient à un emploi \
                ou à une formation faute de moyen de transport.\n\n\
                Pendant ce temps, des dizaines de vélos dormaient dans les caves et les locaux à \
                vélos des résidences.",
            ),
            (
                "Qu'avez-vous mis en place ?",
                "Un atelier ouvert deux soirs par semaine, où l'on apprend à réparer son vélo \
                avec l'aide de bénévoles. Les vélos récupérés sont remis en état, puis prêtés \
                pour trois mois avec un antivol et un gilet.\n\n\
                Des sorties en petit groupe sont proposées aux débutants, d'abord dans un parc, \
                puis sur les pistes cyclables, pour apprendre les trajets du quotidien.",
            ),
            (
                "Quels moyens ont été mis en œuvre ?",
                "Un local prêté par la mairie de quartier, et des outils achetés grâce aux \
                adhésions et au soutien d'une fondation. Les bailleurs sociaux nous signalent \
                les vélos abandonnés.\n\n\
                Trois bénévoles mécaniciens et une salariée à mi-temps font tourner l'atelier.",
            ),
            (
                "L'action va-t-elle se poursuivre ?",
                "Oui. Nous préparons un atelier mobile qui viendra au pied des immeubles avec \
                une remorque d'outils, pour rencontrer les personnes qui ne viennent pas \
                jusqu'au local.",
            ),
        ],
        images: &[
            DemoImage {
                motif: Motif::Bicycle,
                alt: "Dessin d'un vélo vu de profil, remis en état par l'atelier et prêt à \
                    partir",
            },
            DemoImage {
                motif: Motif::Workbench,
                alt: "Dessin d'un établi avec une lampe, un grille-pain et des outils accrochés \
                    au panneau perforé, dans le local où l'on répare un peu de tout",
            },
            DemoImage {
                motif: Motif::Houses,
                alt: "Dessin d'une rangée de petites maisons aux fenêtres éclairées au \
                    crépuscule, le quartier où passera l'atelier mobile",
            },
            DemoImage {
                motif: Motif::CircleOfChairs,
                alt: "Dessin de chaises en cercle autour d'une table basse, pour la réunion des \
                    adhérents de l'association",
            },
        ],
        created_days_ago: 90,
    },
    DemoAction {
        slug: "fresque-participative-des-oliviers",
        organisation: "oliviers",
        title: "Une fresque peinte par tout le quartier",
        quote: "Quand je passe devant avec mes copains, je montre l'oiseau que j'ai peint. C'est \
            un peu notre mur à nous.",
        quote_author: "Témoignage d'Ilyes, 12 ans",
        summary: "Le long mur gris qui borde le terrain de sport est devenu une grande fresque \
            colorée. Enfants, parents, voisins âgés : plus de quatre-vingts habitants ont tenu \
            un pinceau.\n\n\
            Le dessin a été choisi ensemble, après des ateliers où chacun a raconté ce qu'il \
            aime dans son quartier. Une artiste a aidé à faire passer les idées sur le mur.",
        start_date: "2023-04-12",
        status: ActionStatus::Finished,
        progress: 100,
        themes: &["culture", "cadre de vie", "jeunesse"],
        referent_name: "Lucas F.",
        sections: &[
            (
                "Quelle est la situation de départ qui a motivé le projet ?",
                "Le mur du terrain de sport était couvert de tags et les habitants le trouvaient \
                triste. Lors d'une réunion au centre social, des jeunes ont proposé de le \
                repeindre, à condition que tout le quartier décide du dessin.",
            ),
            (
                "Qu'avez-vous mis en place ?",
                "D'abord, des ateliers de dessin au centre social et dans la rue pour recueillir \
                les idées : la mer, les oliviers, les oiseaux, les visages des anciens. Une \
                artiste a rassemblé ces dessins en un seul projet, présenté puis voté en \
                assemblée.\n\n\
                Ensuite, deux semaines de peinture pendant les vacances de printemps, ouvertes à \
                tous, avec un goûter chaque après-midi. L'inauguration s'est faite en musique.",
            ),
            (
                "Quels moyens ont été mis en œuvre ?",
                "La mairie de secteur a donné son accord et fait nettoyer le mur. La peinture et \
                le travail de l'artiste ont été financés par le contrat de ville. Les animateurs \
                du centre social ont encadré les ateliers avec une dizaine de bénévoles.",
            ),
            (
                "L'action va-t-elle se poursuivre ?",
                "La fresque est terminée, mais le groupe de jeunes a déjà repéré un autre mur, \
                près de l'école. Nous réfléchissons avec eux à une suite pour l'an prochain.",
            ),
        ],
        images: &[
            DemoImage {
                motif: Motif::Mural,
                alt: "Dessin d'une fresque colorée peinte sur un mur, avec des pots de peinture \
                    à son pied, la fresque du quartier une fois terminée",
            },
            DemoImage {
                motif: Motif::CircleOfChairs,
                alt: "Dessin de chaises en cercle autour d'une table basse, pour l'assemblée où \
                    le projet de fresque a été voté",
            },
            DemoImage {
                motif: Motif::Houses,
                alt: "Dessin d'une rangée de petites maisons aux fenêtres éclairées à la tombée \
                    du jour, le quartier qui a inspiré la fresque",
            },
        ],
        created_days_ago: 365,
    },
    DemoAction {
        slug: "bibliotheque-de-rue-du-mercredi",
        organisation: "pages-vagabondes",
        title: "Une bibliothèque de rue chaque mercredi",
        quote: "Les enfants ne viennent pas toujours à la médiathèque. Alors on va leur porter \
            les livres, sur une couverture, au milieu de la place.",
        quote_author: "Témoignage de Bénédicte, bénévole",
        summary: "L'association prépare une bibliothèque de rue : chaque mercredi après-midi, \
            des bénévoles s'installeront sur la place du quartier avec des caisses de livres et \
            des couvertures, pour lire des histoires aux enfants et à leurs parents.\n\n\
            Pas d'inscription, pas de carte : on s'assoit, on choisit un livre, on écoute ou on \
            lit à son tour.",
        start_date: "2025-03-05",
        status: ActionStatus::Preparing,
        progress: 15,
        themes: &["lecture", "enfance", "culture"],
        referent_name: "Paul T.",
        sections: &[
            (
                "Quelle est la situation de départ qui a motivé le projet ?",
                "Nos bénévoles rencontrent beaucoup d'enfants qui n'ont presque pas de livres \
                chez eux et qui ne vont pas à la médiathèque, parfois parce que leurs parents \
                n'osent pas y entrer.\n\n\
                Nous voulions que les livres viennent à eux, là où ils jouent déjà.",
            ),
            (
                "Qu'avez-vous mis en place ?",
                "Pour l'instant, un petit groupe de bénévoles se forme à la lecture à voix haute \
                avec la médiathèque municipale. Un premier essai sur la place, un mercredi de \
                beau temps, a attiré une vingtaine d'enfants.\n\n\
                Les séances régulières commenceront au printemps, avec aussi un coin pour les \
                tout-petits et leurs parents.",
            ),
            (
                "Quels moyens ont été mis en œuvre ?",
                "Des livres donnés par les habitants et par la médiathèque, triés par âge. Des \
                caisses, des couvertures et un grand parasol achetés grâce à une collecte auprès \
                des adhérents. Un centre social voisin nous prête un local pour ranger le \
                matériel.",
            ),
            ("L'action va-t-elle se poursuivre ?", ""),
        ],
        images: &[
            DemoImage {
                motif: Motif::Bookshelf,
                alt: "Dessin d'une étagère pleine de livres colorés, les livres donnés pour la \
                    bibliothèque de rue",
            },
            DemoImage {
                motif: Motif::Houses,
                alt: "Dessin d'une rangée de petites maisons aux fenêtres éclairées au \
                    crépuscule, le quartier où s'installera la bibliothèque de rue",
            },
            DemoImage {
                motif: Motif::CircleOfChairs,
                alt: "Dessin de chaises en cercle autour d'une table basse, la réunion où les \
                    bénévoles préparent les premières séances",
            },
            DemoImage {
                motif: Motif::Blackboard,
                alt: "Dessin d'un tableau noir aux lettres tracées à la craie, avec un bureau \
                    devant, pour la formation à la lecture à voix haute",
            },
        ],
        created_days_ago: 60,
    },
];

/// The demo's list of themes (name, short description), created before the sheets.
pub const THEMES: &[(&str, &str)] = &[
    (
        "Démocratie",
        "Décider ensemble : débats, consultations, instances où les habitants ont voix.",
    ),
    (
        "Justice sociale",
        "Réduire les inégalités et faire valoir les droits de chacun.",
    ),
    (
        "Participation",
        "Prendre part à la vie du quartier et aux projets qui le concernent.",
    ),
    (
        "Réparation",
        "Réparer plutôt que jeter : ateliers, savoir-faire partagés.",
    ),
    ("Écologie", "Prendre soin de l'environnement au quotidien."),
    (
        "Entraide",
        "Se rendre service entre voisins, sans rien attendre en retour.",
    ),
    (
        "Jardinage",
        "Jardins partagés, potagers et espaces verts cultivés ensemble.",
    ),
    (
        "Alimentation",
        "Bien manger pour tous : cuisine, épiceries solidaires, circuits courts.",
    ),
    (
        "Voisinage",
        "Se connaître et vivre mieux ensemble dans sa rue, son immeuble.",
    ),
    (
        "Français",
        "Apprendre et pratiquer le français, pour tous les âges.",
    ),
    (
        "Inclusion",
        "Que chacun trouve sa place, quels que soient son parcours et ses difficultés.",
    ),
    (
        "Parentalité",
        "Soutenir les parents et partager entre familles.",
    ),
    (
        "Solidarité",
        "Agir ensemble pour et avec les personnes les plus fragiles.",
    ),
    (
        "Aînés",
        "Rompre l'isolement des personnes âgées et valoriser leur place.",
    ),
    (
        "Générations",
        "Faire se rencontrer les âges : enfants, jeunes, adultes et anciens.",
    ),
    (
        "Cultures",
        "Les cultures du monde présentes dans le quartier, partagées.",
    ),
    (
        "Convivialité",
        "Repas, fêtes et moments simples pour se retrouver.",
    ),
    (
        "Mobilité",
        "Se déplacer plus facilement : vélo, covoiturage, permis.",
    ),
    ("Vélo", "Apprendre, réparer et circuler à vélo."),
    (
        "Insertion",
        "Retrouver un emploi, une formation, un projet.",
    ),
    (
        "Culture",
        "Spectacles, pratiques artistiques et patrimoine à la portée de tous.",
    ),
    (
        "Cadre de vie",
        "Embellir et améliorer les lieux où l'on vit.",
    ),
    ("Jeunesse", "Des projets portés par et pour les jeunes."),
    (
        "Lecture",
        "Le goût des livres et des histoires, dès le plus jeune âge.",
    ),
    (
        "Enfance",
        "Des activités et des lieux pour les enfants et leurs familles.",
    ),
];
