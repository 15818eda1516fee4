//! Where media files live: one interface (the `object_store` crate) over the local
//! filesystem — the default, under `MEDIA_DIR` — or an S3-compatible bucket, so that several
//! app servers serve the same photos. Keys are relative paths such as
//! `photos/12/ab34cd-960.jpg`; originals are kept under `originals/`, which is never served.

use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as Key;
use object_store::{ObjectStore, PutPayload};

/// The prefix of keys that are kept but never served.
pub const PRIVATE_PREFIX: &str = "originals/";

/// The prefixes `/media/` serves (resized variants, the demo pictures): an allow-list, so
/// that nothing else in the store — originals with their EXIF and GPS, under whatever case
/// a case-insensitive store accepts — is ever served.
pub const PUBLIC_PREFIXES: [&str; 2] = ["photos/", "demo/"];

/// Why the storage failed; logged, never shown.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("storage: {0}")]
    Store(#[from] object_store::Error),
    #[error("cannot create the media folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
}

/// A cheap-to-clone handle on the media store.
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    kind: &'static str,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Storage({})", self.kind)
    }
}

/// How to reach an S3-compatible bucket (the host's settings say it).
#[derive(Clone, Copy)]
pub struct S3Access<'a> {
    /// e.g. `http://127.0.0.1:9000` for a self-hosted server; `None` for AWS itself.
    pub endpoint: Option<&'a str>,
    pub region: &'a str,
    pub access_key_id: &'a str,
    pub secret_access_key: &'a str,
}

impl Storage {
    /// Files under `dir` (created if missing).
    pub fn local(dir: &Path) -> Result<Self, StorageError> {
        std::fs::create_dir_all(dir).map_err(|source| StorageError::Folder {
            path: dir.display().to_string(),
            source,
        })?;
        Ok(Storage {
            store: Arc::new(LocalFileSystem::new_with_prefix(dir)?),
            kind: "local",
        })
    }

    /// The S3-compatible `bucket`, reached with `access` (endpoint, region, keys).
    pub fn s3(bucket: &str, access: &S3Access<'_>) -> Result<Self, StorageError> {
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_region(access.region)
            .with_access_key_id(access.access_key_id)
            .with_secret_access_key(access.secret_access_key);
        if let Some(endpoint) = access.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"))
                .with_virtual_hosted_style_request(false);
        }
        Ok(Storage {
            store: Arc::new(builder.build()?),
            kind: "s3",
        })
    }

    /// `local` or `s3`.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// Writes a file (replacing any with that key).
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), StorageError> {
        self.store
            .put(&Key::from(key), PutPayload::from(bytes))
            .await?;
        Ok(())
    }

    /// Reads a file; `None` when there is none.
    pub async fn get(&self, key: &str) -> Result<Option<Bytes>, StorageError> {
        match self.store.get(&Key::from(key)).await {
            Ok(result) => Ok(Some(result.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    /// Deletes a file; a missing one is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), StorageError> {
        match self.store.delete(&Key::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(error.into()),
        }
    }
}

/// Whether `key` may be served to visitors: a plain relative path under one of the
/// [`PUBLIC_PREFIXES`].
pub fn is_public_key(key: &str) -> bool {
    PUBLIC_PREFIXES.iter().any(|prefix| key.starts_with(prefix))
        && key
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::is_public_key;

    #[test]
    fn originals_and_odd_paths_are_never_served() {
        assert!(is_public_key("photos/3/ab12-960.jpg"));
        assert!(is_public_key("demo/banquet-1-thumb.jpg"));
        for key in [
            "originals/3/ab12.jpg",
            "Originals/3/ab12.jpg",
            "ORIGINALS/3/ab12.jpg",
            "Photos/3/ab12-960.jpg",
            "other/3/ab12.jpg",
            "photos",
            "../etc/passwd",
            "photos//a.jpg",
            "/abs.jpg",
            "a/./b.jpg",
            "é.jpg",
            "",
        ] {
            assert!(!is_public_key(key), "{key}");
        }
    }
}
