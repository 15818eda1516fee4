//! The processes of a deployment, each stopped when dropped (so also when a test fails):
//! a PostgreSQL of the test's own (`initdb` and `pg_ctl` on a free port, never the
//! machine's shared server), moto as the S3 bucket, release servers, and nginx in front.
#![allow(dead_code)]

use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The workspace root: servers run from there (`target/site`, `deploy/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// The release server that `make build` made.
pub fn release_binary() -> PathBuf {
    let path = root().join("target/release/server");
    assert!(
        path.exists(),
        "{} is missing: run `make build` first (the cluster tests run the release build)",
        path.display()
    );
    path
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A client that does not follow redirects, from the local address `127.0.0.{n}` (the
/// whole 127/8 reaches this machine), so nginx sees many different visitors.
pub fn client_from(n: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, n)))
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client")
}

/// Waits until `url` answers 200, or panics after `limit` with `why`.
pub async fn wait_for_ok(url: &str, limit: Duration, why: impl Fn() -> String) {
    let client = client_from(1);
    let started = Instant::now();
    let mut last = String::new();
    while started.elapsed() < limit {
        match client.get(url).send().await {
            Ok(response) if response.status() == 200 => return,
            Ok(response) => last = format!("status {}", response.status()),
            Err(error) => last = error.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{url} did not answer 200 within {limit:?} (last: {last}): {}",
        why()
    );
}

/// The end of a log file, for failure messages.
pub fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// A child process killed (SIGKILL) and reaped when dropped.
pub struct Process {
    child: Option<Child>,
}

impl Process {
    fn spawn(command: &mut Command, what: &str) -> Process {
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
        Process { child: Some(child) }
    }

    /// SIGKILL, and wait for it to be gone.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The process id, while it runs.
    pub fn id(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    fn has_exited(&mut self) -> bool {
        match self.child.as_mut() {
            Some(child) => child.try_wait().ok().flatten().is_some(),
            None => true,
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A PostgreSQL server tool (`initdb`, `pg_ctl`): on the PATH, or in Debian's folder.
fn pg_tool(name: &str) -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let debian = std::fs::read_dir("/usr/lib/postgresql")
        .map(|versions| {
            let mut found: Vec<PathBuf> = versions
                .flatten()
                .map(|version| version.path().join("bin").join(name))
                .collect();
            found.sort();
            found.reverse();
            found
        })
        .unwrap_or_default();
    on_path
        .into_iter()
        .chain(debian)
        .find(|path| path.exists())
        .unwrap_or_else(|| panic!("{name} is not installed: run `make setup-test`"))
}

/// When the tests run as root (CI containers), PostgreSQL's tools must run as `postgres`.
fn as_postgres(name: &str) -> Command {
    let program = pg_tool(name);
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if root {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

/// A PostgreSQL server of the test's own, in a scratch folder, on a free port.
pub struct OwnPostgres {
    pub port: u16,
    data: PathBuf,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl OwnPostgres {
    pub fn start() -> OwnPostgres {
        let dir = tempfile::Builder::new()
            .prefix("passeurs-pg")
            .tempdir()
            .expect("scratch folder");
        let data = dir.path().join("data");
        let log = dir.path().join("postgres.log");
        // Owned by `postgres` when we are root (initdb refuses to run as root).
        let _ = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(dir.path())
            .status();
        let initdb = as_postgres("initdb")
            .args([
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "-N",
            ])
            .arg("-D")
            .arg(&data)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("initdb (Debian package postgresql) must be installed");
        assert!(
            initdb.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&initdb.stderr)
        );
        let pg = OwnPostgres {
            port: free_port(),
            data,
            log,
            _dir: dir,
        };
        pg.resume();
        pg
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Starts (again) and waits until it accepts connections.
    pub fn resume(&self) {
        // fsync off: the test machine's disk is not what is tested (a stop is clean, and a
        // committed transaction is in PostgreSQL's memory and log either way).
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' \
             -c max_connections=200 -c fsync=off",
            self.port
        );
        let started = as_postgres("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .arg("-l")
            .arg(&self.log)
            .args(["-o", &options, "-w", "-t", "60", "start"])
            .stdout(Stdio::null())
            .status()
            .expect("pg_ctl");
        assert!(
            started.success(),
            "PostgreSQL did not start: {}",
            tail(&self.log)
        );
    }

    /// Stops it the way an administrator restarting it would (`-m fast`: sessions are cut,
    /// committed work is kept).
    pub fn stop(&self) {
        let _ = as_postgres("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "fast", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let _ = as_postgres("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// moto, a local S3-compatible server, with one bucket.
pub struct Bucket {
    _process: Process,
    pub endpoint: String,
    pub name: String,
}

impl Bucket {
    pub async fn start() -> Bucket {
        let program = std::env::var("MOTO_SERVER").unwrap_or_else(|_| {
            root()
                .join("tools/venv/bin/moto_server")
                .display()
                .to_string()
        });
        let port = free_port();
        let process = Process::spawn(
            Command::new(&program)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
            "moto (run `make setup-test`)",
        );
        let endpoint = format!("http://127.0.0.1:{port}");
        let bucket = Bucket {
            _process: process,
            endpoint: endpoint.clone(),
            name: "passeurs-cluster".into(),
        };
        wait_for_ok(&endpoint, Duration::from_secs(30), || "moto".into()).await;
        let created = client_from(1)
            .put(format!("{endpoint}/{}", bucket.name))
            .send()
            .await
            .expect("moto answers");
        assert!(
            created.status().is_success(),
            "bucket: {}",
            created.status()
        );
        bucket
    }

    /// The settings of this bucket, as a server's environment.
    pub fn env(&self) -> Vec<(String, String)> {
        [
            ("S3_BUCKET", self.name.as_str()),
            ("S3_ENDPOINT", self.endpoint.as_str()),
            ("S3_REGION", "us-east-1"),
            ("S3_ACCESS_KEY_ID", "test"),
            ("S3_SECRET_ACCESS_KEY", "test"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    /// The same bucket as the app opens it (for the fixtures).
    pub fn storage(&self) -> app::backend::storage::Storage {
        let settings = server::S3Settings {
            bucket: Some(self.name.clone()),
            endpoint: Some(self.endpoint.clone()),
            region: "us-east-1".into(),
            access_key_id: "test".into(),
            secret_access_key: "test".into(),
        };
        app::backend::storage::Storage::s3(&self.name, &settings.access()).expect("bucket")
    }
}

/// One release server, with its environment, restartable on the same port.
pub struct AppServer {
    process: Option<Process>,
    pub port: u16,
    env: Vec<(String, String)>,
    pub log: PathBuf,
}

impl AppServer {
    /// Starts `target/release/server serve` with `env` (on top of a quiet, test-sized
    /// default) and waits until `/healthz` answers 200.
    pub async fn start(name: &str, dir: &Path, env: Vec<(String, String)>) -> AppServer {
        let mut server = AppServer {
            process: None,
            port: free_port(),
            env,
            log: dir.join(format!("{name}.log")),
        };
        server.restart().await;
        server
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts it again (after [`AppServer::kill9`]), same port, same settings.
    pub async fn restart(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("log file");
        let mut command = Command::new(release_binary());
        command
            .current_dir(root())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("RUST_LOG", "warn")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", self.port))
            .env("LEPTOS_SITE_ROOT", root().join("target/site"))
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .arg("serve")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log file"))
            .stderr(log);
        self.process = Some(Process::spawn(&mut command, "the release server"));
        let log = self.log.clone();
        let started = Instant::now();
        loop {
            if self.process.as_mut().is_some_and(|p| p.has_exited()) {
                panic!("the server stopped at startup: {}", tail(&log));
            }
            if let Ok(response) = client_from(1)
                .get(format!("{}/healthz", self.url()))
                .send()
                .await
            {
                if response.status() == 200 {
                    return;
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the server did not become healthy: {}",
                tail(&log)
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// What the process holds in memory now (`VmRSS`), in bytes.
    pub fn resident_bytes(&self) -> u64 {
        let pid = self
            .process
            .as_ref()
            .and_then(Process::id)
            .expect("a running server");
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("its status");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .expect("VmRSS in its status")
            * 1024
    }

    /// Replaces its environment for the next [`AppServer::restart`].
    pub fn set_env(&mut self, env: Vec<(String, String)>) {
        self.env = env;
    }

    /// SIGKILL: no shutdown, no draining, whatever was in flight is cut.
    pub fn kill9(&mut self) {
        if let Some(mut process) = self.process.take() {
            process.kill();
        }
    }
}

/// nginx in front of the app servers, with the project's own site file
/// (`deploy/nginx-passeurs.conf`), round-robin, on a free port.
pub struct Nginx {
    _process: Process,
    pub port: u16,
    pub error_log: PathBuf,
}

impl Nginx {
    /// Listens on `port` (chosen before the app servers, whose `PUBLIC_URL` it is).
    pub async fn start(dir: &Path, port: u16, upstreams: &[u16]) -> Nginx {
        let program = ["/usr/sbin/nginx", "/usr/bin/nginx"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("nginx is not installed: run `make setup-test`");
        let folder = dir.join("nginx");
        std::fs::create_dir_all(&folder).expect("nginx folder");
        // Workers may run as another user: their scratch folders must be theirs too.
        let _ = Command::new("chmod")
            .arg("-R")
            .arg("a+rwx")
            .arg(&folder)
            .status();
        let servers = upstreams
            .iter()
            .map(|p| format!("server 127.0.0.1:{p} max_fails=0;"))
            .collect::<Vec<_>>()
            .join("\n    ");
        let site = std::fs::read_to_string(root().join("deploy/nginx-passeurs.conf"))
            .expect("deploy/nginx-passeurs.conf")
            .replace("{{LISTEN}}", &format!("127.0.0.1:{port}"))
            .replace("{{SERVERS}}", &servers);
        std::fs::write(folder.join("passeurs.conf"), site).expect("site file");
        let error_log = folder.join("error.log");
        let main = format!(
            "daemon off;\nmaster_process off;\nworker_rlimit_nofile 16384;\n\
             pid {f}/nginx.pid;\nerror_log {f}/error.log warn;\n\
             events {{ worker_connections 8192; }}\n\
             http {{\n  access_log off;\n  add_header X-Served-By $upstream_addr always;\n\
             client_body_temp_path {f}/body;\n  proxy_temp_path {f}/proxy;\n\
             fastcgi_temp_path {f}/fastcgi;\n  uwsgi_temp_path {f}/uwsgi;\n\
             scgi_temp_path {f}/scgi;\n  include {f}/passeurs.conf;\n}}\n",
            f = folder.display()
        );
        let conf = folder.join("nginx.conf");
        std::fs::write(&conf, main).expect("nginx.conf");
        let process = Process::spawn(
            Command::new(program)
                .arg("-p")
                .arg(&folder)
                .arg("-c")
                .arg(&conf)
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(folder.join("stderr.log")).expect("log")),
            "nginx",
        );
        let nginx = Nginx {
            _process: process,
            port,
            error_log: error_log.clone(),
        };
        wait_for_ok(
            &format!("{}/healthz", nginx.url()),
            Duration::from_secs(30),
            || format!("{}\n{}", tail(&error_log), tail(&folder.join("stderr.log"))),
        )
        .await;
        nginx
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// Which app server answered, from nginx's `X-Served-By`.
pub fn served_by(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("x-served-by")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
