//! A fresh, migrated database per test, on SQLite (a temporary file) or on
//! PostgreSQL (`CREATE DATABASE` with a unique name, dropped afterwards).
//!
//! `TEST_DATABASE_URL` selects the backend: unset or `sqlite` → SQLite; a
//! `postgres://` URL (the server, any database) → PostgreSQL.

use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

/// A test database; dropped (Postgres) or deleted (SQLite) on drop.
pub struct TestDb {
    /// The connection to the fresh database.
    pub db: DatabaseConnection,
    /// Its URL, for a server under test.
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    /// Creates and migrates a fresh database on the selected backend.
    pub async fn new() -> anyhow::Result<Self> {
        let selected = std::env::var("TEST_DATABASE_URL").unwrap_or_default();
        if selected.starts_with("postgres") {
            Self::postgres(&selected).await
        } else {
            Self::sqlite().await
        }
    }

    /// The database's name (PostgreSQL) or file (SQLite).
    pub fn name(&self) -> String {
        match &self.cleanup {
            Cleanup::Sqlite(path) => path.display().to_string(),
            Cleanup::Postgres { name, .. } => name.clone(),
        }
    }

    /// True when the tests run on PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self.cleanup, Cleanup::Postgres { .. })
    }

    async fn sqlite() -> anyhow::Result<Self> {
        let path = std::env::temp_dir().join(format!("croupier-test-{}.db", Uuid::now_v7()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let db = crate::db::connect_migrated(&url).await?;
        Ok(Self {
            db,
            url,
            cleanup: Cleanup::Sqlite(path),
        })
    }

    /// Creates and migrates a fresh database on the PostgreSQL server of
    /// `admin_url` (any database on it).
    pub async fn postgres(admin_url: &str) -> anyhow::Result<Self> {
        let name = format!("croupier_test_{}", Uuid::now_v7().simple());
        let admin = crate::db::connect(admin_url).await?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await?;
        admin.close().await?;
        let url = replace_database(admin_url, &name);
        let db = crate::db::connect_migrated(&url).await?;
        Ok(Self {
            db,
            url,
            cleanup: Cleanup::Postgres {
                admin_url: admin_url.to_owned(),
                name,
            },
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                // Drop runs outside async: do the cleanup on a helper thread
                // with its own runtime so it works under any test runtime.
                let admin_url = admin_url.clone();
                let name = name.clone();
                let _ = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    rt.block_on(async move {
                        if let Ok(admin) = crate::db::connect(&admin_url).await {
                            let _ = admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                                ))
                                .await;
                            let _ = admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// The local PostgreSQL server's admin URL for benchmarks: through its Unix
/// socket where there is one, else over TCP. sqlx does not set
/// `TCP_NODELAY`, so over TCP a statement larger than one segment (a
/// settlement batch's or a wallet batch's inserts) can wait for the
/// server's delayed ACK, about 40 ms a time; the socket has no such wait.
pub fn local_postgres_url() -> String {
    let dir = LOCAL_POSTGRES_SOCKET_DIR;
    if std::path::Path::new(dir).join(".s.PGSQL.5432").exists() {
        format!("postgres://postgres@localhost/postgres?host={dir}")
    } else {
        "postgres://postgres@127.0.0.1:5432/postgres".to_owned()
    }
}

/// Where the local PostgreSQL server keeps its Unix socket.
pub const LOCAL_POSTGRES_SOCKET_DIR: &str = "/var/run/postgresql";

/// `postgres://u@h:5432/old?x` → `postgres://u@h:5432/new?x`.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    format!("{base}/{name}{query}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_database_name_is_replaced() {
        assert_eq!(
            super::replace_database("postgres://root@127.0.0.1:5432/test", "x"),
            "postgres://root@127.0.0.1:5432/x"
        );
        assert_eq!(
            super::replace_database("postgres://root@127.0.0.1:5432", "x"),
            "postgres://root@127.0.0.1:5432/x"
        );
    }
}
