//! The `server` command: `serve` (default), `migrate`, `seed-demo`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use server::Settings;

#[derive(Parser)]
#[command(
    name = "server",
    about = "Passeurs — la plateforme des initiatives qui apportent du changement"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default).
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Load the demo sheets into an empty database (does nothing if sheets exist).
    SeedDemo,
}

fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), String> {
    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    match command {
        Command::Serve => {
            let running = server::start(&settings, true)
                .await
                .map_err(|e| e.to_string())?;
            println!("Passeurs est prêt : {}", running.state.config.public_url);
            running
                .task
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())
        }
        Command::Migrate => {
            let db = server::open_database(&settings)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "migrations applied to {}",
                app::backend::db::redact(&settings.database_url)
            );
            db.close().await;
            Ok(())
        }
        Command::SeedDemo => {
            let db = server::open_database(&settings)
                .await
                .map_err(|e| e.to_string())?;
            let outcome = app::backend::demo::seed(&db, &settings.media_dir, 1200)
                .await
                .map_err(|e| format!("cannot load the demo data: {e}"))?;
            match outcome {
                app::backend::demo::SeedOutcome::AlreadySeeded => {
                    println!("demo data: the database already has sheets, nothing changed")
                }
                app::backend::demo::SeedOutcome::Seeded {
                    organisations,
                    actions,
                    images,
                } => {
                    println!("demo data: {organisations} organisations, {actions} sheets, {images} pictures")
                }
            }
            db.close().await;
            Ok(())
        }
    }
}
