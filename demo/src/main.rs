//! The `demo` command, a binary of its own so that the release server does not link the
//! demo data: `seed` loads the demo sheets into a database without sheets (`make run`, the
//! end-to-end tests), `seed-bench` and `bench-search` make and measure the database of
//! `make bench`. It reads the same settings as the server (options, environment, `.env`).

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use passeurs_domain::db::{self, Db};
use passeurs_domain::storage::Storage;
use secrecy::ExposeSecret;
use server::Settings;

#[derive(Parser)]
#[command(
    name = "demo",
    about = "Passeurs — données de démonstration et de mesure"
)]
struct Cli {
    /// The server's settings (README: Configuration); the database and the media
    /// storage are the ones read here.
    #[command(flatten)]
    settings: Settings,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load the demo sheets into an empty database (does nothing if sheets exist).
    Seed,
    /// Fill an empty database for `make bench`: 3,000 organisations, `--sheets` published
    /// sheets (10,000) with French text, two events each.
    SeedBench {
        #[arg(long, default_value_t = 10_000)]
        sheets: usize,
    },
    /// Measure search, a filtered listing and re-indexing on a database made by seed-bench.
    BenchSearch {
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
}

fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let matches = Settings::ignoring_blank_variables(Cli::command()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&cli.settings, cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The database the settings name, migrated (as the server would).
async fn open_database(settings: &Settings) -> Result<Db, String> {
    db::connect_and_migrate(
        settings.database_url.expose_secret(),
        settings.max_connections,
        settings.pool_wait,
    )
    .await
    .map_err(|e| format!("cannot open the database: {e}"))
}

async fn run(settings: &Settings, command: Command) -> Result<(), String> {
    let db = open_database(settings).await?;
    let outcome = match command {
        Command::Seed => seed(settings, &db).await,
        Command::SeedBench { sheets } => {
            let started = std::time::Instant::now();
            demo::bench::seed_bench(&db, sheets)
                .await
                .map(|made| {
                    println!(
                        "bench data: {} organisations, {} sheets, {} events in {:.0} s",
                        made.organisations,
                        made.sheets,
                        made.events,
                        started.elapsed().as_secs_f64()
                    )
                })
                .map_err(|e| format!("cannot fill the bench database: {e}"))
        }
        Command::BenchSearch { rounds } => demo::bench::measure(&db, rounds)
            .await
            .map_err(|e| format!("cannot measure: {e}")),
    };
    db.close().await;
    outcome
}

async fn seed(settings: &Settings, db: &Db) -> Result<(), String> {
    let storage = match &settings.s3.bucket {
        Some(bucket) => Storage::s3(bucket, &settings.s3.access()),
        None => Storage::local(&settings.media_dir),
    }
    .map_err(|e| format!("cannot open the media storage: {e}"))?;
    let outcome = demo::seed(db, &storage, 1200)
        .await
        .map_err(|e| format!("cannot load the demo data: {e}"))?;
    match outcome {
        demo::SeedOutcome::AlreadySeeded => {
            println!("demo data: the database already has sheets, nothing changed")
        }
        demo::SeedOutcome::Seeded {
            organisations,
            actions,
            images,
            referent: (email, password),
        } => {
            println!(
                "demo data: {organisations} organisations, {actions} sheets, {images} pictures"
            );
            println!();
            println!(
                "Compte de démonstration, référent de la fiche « {} » (affiché une seule fois) :",
                demo::DEMO_REFERENT_SHEET
            );
            println!("  adresse e-mail : {email}");
            println!("  mot de passe   : {password}");
            println!("  connexion      : /connexion");
            println!();
        }
    }
    Ok(())
}
