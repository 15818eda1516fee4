//! The axum host of Passeurs: the router, startup as a library function (tests bind port 0),
//! graceful shutdown and the command-line subcommands.

#![recursion_limit = "256"]

mod api_status;
pub mod csp;
mod exports;
mod feeds;
mod http_cache;
pub mod jobs;
pub mod mail;
pub mod page_cache;
mod paper_visits;
mod returned_forms;
mod security;
mod timeouts;
mod uploads;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use app::backend::db::{self, Db};
use app::backend::rate_limit::RateLimiter;
use app::backend::storage::Storage;
use app::backend::AppState;
use app::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use leptos::config::{get_configuration, LeptosOptions};
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use jobs::Jobs;
use mail::Mailer;
use page_cache::PageCache;
use security::SecurityHeaders;

pub mod settings;
use secrecy::ExposeSecret;
pub use settings::{S3Settings, Settings};

/// Why the server could not start. Each message says what and where, on one line.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Database(#[from] db::ConnectError),
    #[error("cannot read the Leptos configuration: {0}")]
    Leptos(String),
    #[error("invalid mail settings (SMTP_URL or MAIL_FROM): {0}")]
    Mail(#[from] mail::MailError),
    #[error("media storage: {0}")]
    Storage(#[from] app::backend::storage::StorageError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// Builds the Leptos options from the settings and what cargo-leptos left at build time.
pub fn leptos_options(settings: &Settings) -> Result<LeptosOptions, StartupError> {
    let mut options = get_configuration(None)
        .map_err(|e| StartupError::Leptos(e.to_string()))?
        .leptos_options;
    if options.output_name.is_empty() {
        options.output_name = "passeurs".into();
    }
    options.site_root = settings.site_root.display().to_string().into();
    options.site_addr = settings.site_addr;
    // cargo-leptos writes hash.txt next to the server binary when it hashes file names
    // (release builds); Leptos then links the hashed, long-cacheable files.
    let hash_file_exists = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
        .is_some_and(|path| path.exists());
    options.hash_files = hash_file_exists;
    Ok(options)
}

/// Connects to and migrates the database named by the settings.
pub async fn open_database(settings: &Settings) -> Result<Db, StartupError> {
    Ok(db::connect_and_migrate(
        settings.database_url.expose_secret(),
        settings.max_connections,
        settings.pool_wait,
    )
    .await?)
}

/// The application state for these settings, over an open database.
pub fn app_state(
    settings: &Settings,
    leptos_options: LeptosOptions,
    db: Db,
    public_url: String,
) -> Result<AppState, StartupError> {
    Ok(AppState {
        leptos_options,
        db,
        limits: settings.request_limits(),
        public_url: public_url.into(),
        jobs_wakeup: Arc::default(),
        signup_limiter: RateLimiter::new(
            "signup",
            settings.signup_rate_limit,
            std::time::Duration::from_secs(600),
        ),
        refused_forms: app::backend::state::RefusedFormQuota(RateLimiter::new(
            "refused_form",
            settings.refused_form_rate_limit,
            std::time::Duration::from_secs(600),
        )),
        storage: open_storage(settings)?,
        photo_slots: Arc::new(tokio::sync::Semaphore::new(
            settings.max_concurrent_uploads as usize,
        )),
        cpu: app::backend::slots::CpuTurns::new(CPU_TURNS),
        search_facts: Default::default(),
        territory: Arc::new(app::backend::territory::Territory::load()),
    })
}

/// The media storage the settings name: the S3 bucket if configured, the folder otherwise.
pub fn open_storage(settings: &Settings) -> Result<Storage, StartupError> {
    Ok(match &settings.s3.bucket {
        Some(bucket) => Storage::s3(bucket, &settings.s3.access())?,
        None => Storage::local(&settings.media_dir)?,
    })
}

/// The app's routes, walked once per process. Walking them renders the app with every
/// resource held back by a process-wide flag (Leptos' `SuppressResourceLoad`), and a
/// resource first polled meanwhile by a page another server of the same process is
/// rendering waits forever (leptos-rs/leptos#4773): each page would then end in a 408.
/// The HTTP tests start dozens of servers in one process, so walking again for each one
/// stalled pages of the others now and then.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP application: the page cache's front, then the router and its layers.
pub fn router(
    state: AppState,
    page_cache: PageCache,
    settings: &Settings,
) -> http_cache::CacheFront<Router> {
    let routes = routes();
    // No MIME sniffing, no framing, only the origin as referrer to other sites.
    let security_headers = SecurityHeaders::for_state(&state);
    let leptos_options = state.leptos_options.clone();
    let pkg_dir = format!(
        "{}/{}",
        leptos_options.site_root, leptos_options.site_pkg_dir
    );
    let immutable = HeaderValue::from_static("public, max-age=31536000, immutable");
    let revalidate = HeaderValue::from_static("public, max-age=0, must-revalidate");
    // Hashed bundle names change with every build; unhashed ones must be revalidated.
    let pkg_cache = if leptos_options.hash_files {
        immutable
    } else {
        revalidate
    };
    let pkg = Router::new()
        .fallback_service(ServeDir::new(&pkg_dir))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            pkg_cache,
        ));

    let app = Router::new()
        .route("/healthz", get(healthz))
        .route(
            "/actions/{slug}/evenements/{id}/inscriptions.csv",
            get(exports::participants_csv),
        )
        .route(
            "/inscription/{token}/evenement.ics",
            get(exports::registration_ics),
        )
        .merge(feeds::routes())
        .route(
            &format!("{}{{token}}", feeds::STOP_PREFIX),
            post(feeds::one_click_stop),
        )
        .nest_service("/pkg", pkg)
        .route("/media/{*key}", get(uploads::media_file))
        .route(
            "/actions/{slug}/photos",
            post(uploads::upload_photos).layer(DefaultBodyLimit::max(uploads::body_limit(
                settings.max_upload_bytes,
            ))),
        )
        .leptos_routes(&state, routes, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // The last layer added is the outermost. From the outside in: the security headers,
        // panics become a 500, compression, the rendered-page cache (renders and keeps what
        // the front did not answer), the request deadline, the cross-site guard, the
        // page-cache refresh after writes, the client's address, the session (an answer to
        // someone signed in is marked `private`), the refused form a page shows again, the
        // status of server function errors. In front of all of it, `CacheFront` answers the
        // hits.
        .layer(axum::middleware::from_fn(api_status::status_from_app_error))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            returned_forms::attach_returned_form,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::resolve_session,
        ))
        .layer(axum::middleware::from_fn_with_state(
            security::ClientAddresses {
                trust_proxy: settings.trust_proxy,
                hint: Default::default(),
            },
            security::resolve_client,
        ))
        .layer(axum::middleware::from_fn_with_state(
            http_cache::AfterWrites {
                cache: page_cache.clone(),
                db: state.db.clone(),
                jobs_wakeup: state.jobs_wakeup.clone(),
            },
            http_cache::refresh_after_writes,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            timeouts::Deadlines {
                request: settings.request_timeout,
                long: settings.long_request_timeout,
            },
            timeouts::deadline,
        ))
        .layer(axum::middleware::from_fn_with_state(
            page_cache.clone(),
            http_cache::cache_public_pages,
        ))
        // Visits from paper are counted before the cache and any redirect (one per client
        // and sheet per hour, remembered by this router only).
        .layer(axum::middleware::from_fn_with_state(
            paper_visits::PaperVisits::new(&state, settings.trust_proxy),
            paper_visits::count_paper_visits,
        ))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(CatchPanicLayer::custom(panic_response))
        // Every answer, the panic's included, carries the security headers (the pages made
        // for other sites' frames, theirs).
        .layer(axum::middleware::from_fn_with_state(
            security_headers.clone(),
            security::add_security_headers,
        ))
        .with_state(state.clone());
    // In front of the router itself: a page the cache holds is answered before routing
    // and before any layer runs (see `http_cache::CacheFront`).
    http_cache::CacheFront::new(page_cache, security_headers, app)
}

/// A bug must not cut the connection without an answer: a panic in a request is logged
/// and answered with a generic French 500.
fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    tracing::error!("a request panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        app::error::AppError::Internal.to_string(),
    )
        .into_response()
}

/// 200 "ok" when the database answers, otherwise 503 with `Retry-After` and, in French,
/// that the database does not answer (for the proxy, the monitoring and people alike).
async fn healthz(State(db): State<Db>) -> axum::response::Response {
    match db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(error) => {
            tracing::warn!(%error, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [
                    (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
                    (
                        header::RETRY_AFTER,
                        app::error::UNAVAILABLE_RETRY_SECONDS.to_string(),
                    ),
                ],
                "indisponible : la base de données ne répond pas",
            )
                .into_response()
        }
    }
}

/// A server that is listening.
/// Turns for the CPU-heavy work visitors can ask for (password hashing, image drawing):
/// one per core of the machines Passeurs runs on.
const CPU_TURNS: usize = 2;

pub struct Running {
    /// The address actually bound (useful with port 0).
    pub addr: SocketAddr,
    pub state: AppState,
    /// This server's rendered-page cache.
    pub page_cache: PageCache,
    /// Completes when the server has stopped.
    pub task: tokio::task::JoinHandle<Result<(), std::io::Error>>,
    shutdown: tokio::sync::watch::Sender<bool>,
}

impl Running {
    /// Stops accepting connections, lets in-flight requests finish, and waits.
    pub async fn stop(self) -> Result<(), std::io::Error> {
        let _ = self.shutdown.send(true);
        self.task
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

/// Opens the database, binds `settings.site_addr` and serves until [`Running::stop`] or,
/// when `handle_signals` is set, SIGTERM/Ctrl-C (in-flight requests are drained).
pub async fn start(settings: &Settings, handle_signals: bool) -> Result<Running, StartupError> {
    let options = leptos_options(settings)?;
    let db = open_database(settings).await?;
    let listener = tokio::net::TcpListener::bind(settings.site_addr)
        .await
        .map_err(|source| StartupError::Bind {
            addr: settings.site_addr,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| StartupError::Bind {
        addr: settings.site_addr,
        source,
    })?;
    let public_url = settings
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"))
        .trim_end_matches('/')
        .to_owned();
    let state = app_state(settings, options, db.clone(), public_url)?;
    let mailer = Mailer::new(
        settings.smtp_url.as_ref().map(|url| url.expose_secret()),
        settings.outbox_dir.clone(),
        &settings.mail_from,
    )?;
    let page_cache = PageCache::new(settings.page_cache_bytes);
    if let Err(error) = page_cache.sync(&db).await {
        tracing::warn!(%error, "cannot read the content generation");
    }
    let refresher = page_cache.spawn_refresher(db.clone(), settings.cache_poll);
    let jobs = Jobs {
        db: db.clone(),
        mailer: Arc::new(mailer),
        public_url: state.public_url.to_string(),
        anonymise_after_days: settings.anonymise_after_days,
        mail_kept_days: settings.mail_kept_days,
        wakeup: state.jobs_wakeup.clone(),
    }
    .spawn(settings.jobs_interval);
    let app = router(state.clone(), page_cache.clone(), settings);
    let (shutdown, mut stop_requested) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(async move {
        let stopped = async move {
            let stop = async {
                let _ = stop_requested.wait_for(|stop| *stop).await;
            };
            if handle_signals {
                tokio::select! {
                    _ = stop => {}
                    _ = termination_signal() => tracing::info!("shutting down: draining requests"),
                }
            } else {
                stop.await;
            }
        };
        let service =
            axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<
                SocketAddr,
            >(app);
        let result = axum::serve(listener, service)
            .with_graceful_shutdown(stopped)
            .await;
        refresher.abort();
        jobs.abort();
        db.close().await;
        result
    });
    Ok(Running {
        addr,
        state,
        page_cache,
        task,
        shutdown,
    })
}

async fn termination_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
