//! The `server` command: `serve` (default), `migrate`, `create-admin` and
//! `check-addresses`. The demo data and the bench data are the `demo` command's.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use server::Settings;

#[derive(Parser)]
#[command(
    name = "server",
    about = "Passeurs — la plateforme des initiatives qui apportent du changement"
)]
struct Cli {
    /// Every setting is an option and an environment variable (README: Configuration).
    #[command(flatten)]
    settings: Settings,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default).
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Check every organisation's address against the communes (postal code, city and
    /// département); lists the ones to correct and fails if there are any.
    CheckAddresses,
    /// Create the first administrator. The password is asked at the prompt, or read from
    /// standard input when it is not a terminal; never from the command line.
    CreateAdmin {
        #[arg(long)]
        email: String,
        /// Name shown on the site (default: the part of the email before @).
        #[arg(long)]
        name: Option<String>,
    },
}

/// glibc gives a thread that allocates under contention an arena of its own (up to eight
/// per core) and keeps what each arena freed. The blocking pool's threads (compression,
/// images, password hashing) then left tens of megabytes held after a burst of pages,
/// outside every budget: the cluster test `memory::` measured +41 to +74 MB for a 4 MB page
/// cache, and about 40 MB less held at rest with two arenas. Two serve a server of a few
/// cores as well.
/// `MALLOC_ARENA_MAX` still wins when it is set.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn bound_allocator_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets a parameter of the allocator, and no other thread
        // exists yet.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn bound_allocator_arenas() {}

fn main() -> ExitCode {
    bound_allocator_arenas();
    let _ = dotenvy::dotenv();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    // Settings come from the options, then the environment (and .env), then the defaults;
    // a variable set to blanks counts as unset.
    let matches = Settings::ignoring_blank_variables(Cli::command()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    // At least two workers, even on a one-core machine: Leptos 0.8's server rendering can
    // lose the wake-up of a page's last resource on a runtime with a single worker, and
    // the page then waits until its deadline (a 408). Seen as intermittent 408s in the HTTP
    // suite, whose servers ran on one-thread test runtimes; the upstream reports are
    // leptos-rs/leptos#4647 and #4698.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.settings, cli.command.unwrap_or(Command::Serve))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(settings: Settings, command: Command) -> Result<(), String> {
    match command {
        Command::CreateAdmin { email, name } => create_admin(&settings, &email, name).await,
        Command::Serve => {
            let running = server::start(&settings, true)
                .await
                .map_err(|e| e.to_string())?;
            println!("Passeurs est prêt : {}", running.state.public_url);
            running
                .task
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())
        }
        Command::CheckAddresses => {
            let db = server::open_database(&settings)
                .await
                .map_err(|e| e.to_string())?;
            let rows = app::backend::db::organisations::addresses(&db)
                .await
                .map_err(|e| format!("cannot read the organisations: {e}"))?;
            db.close().await;
            let report = app::backend::territory::Territory::load().check_addresses(&rows);
            for (id, why) in &report {
                println!("organisation {id} {why}");
            }
            if report.is_empty() {
                println!(
                    "{} adresse(s) vérifiée(s) : toutes correspondent à une commune.",
                    rows.len()
                );
                Ok(())
            } else {
                Err(format!(
                    "{} adresse(s) sur {} à corriger (Administration › Organisations).",
                    report.len(),
                    rows.len()
                ))
            }
        }
        Command::Migrate => {
            let db = server::open_database(&settings)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "migrations applied to {}",
                app::backend::db::redact(secrecy::ExposeSecret::expose_secret(
                    &settings.database_url
                ))
            );
            db.close().await;
            Ok(())
        }
    }
}

async fn create_admin(
    settings: &Settings,
    email: &str,
    name: Option<String>,
) -> Result<(), String> {
    use std::io::IsTerminal;
    let email = app::model::normalize_email(email).ok_or("this is not a valid email address")?;
    let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or("admin").to_owned());
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Mot de passe : ").map_err(|e| e.to_string())?;
        let again =
            rpassword::prompt_password("Mot de passe (encore) : ").map_err(|e| e.to_string())?;
        if first != again {
            return Err("the two passwords differ".into());
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        line.trim_end_matches(['\n', '\r']).to_owned()
    };
    if let Some(problem) = app::model::password_problem(&password) {
        return Err(problem.to_string());
    }
    let db = server::open_database(settings)
        .await
        .map_err(|e| e.to_string())?;
    let hash = app::backend::auth::hash_password(password)
        .await
        .map_err(|e| e.to_string())?;
    use app::backend::Constraint;
    let created = app::backend::db::accounts::create(&db, &email, &name, Some(&hash), true).await;
    db.close().await;
    match created {
        Ok(_) => {
            println!("administrator {email} created");
            Ok(())
        }
        Err(e) if e.broke(Constraint::Unique) => {
            Err(format!("an account with the email {email} already exists"))
        }
        Err(e) => Err(format!("cannot create the administrator: {e}")),
    }
}
