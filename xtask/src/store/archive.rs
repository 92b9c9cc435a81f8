//! The raw page archive: bodies stored once per sha256, gzip-compressed.
//! Snapshots and fetch runs both add to it.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write as _};

use rayon::prelude::*;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::{BATCH, Store, StoreError};
use crate::digest::sha256_hex;

/// A body ready to insert.
pub(super) struct Body {
    sha256: String,
    size: usize,
    gzip: Vec<u8>,
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    // Level 1: the corpus compresses 8:1 either way, and level 6 costs five
    // times the CPU on every first build.
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 6),
        flate2::Compression::fast(),
    );
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

impl Store {
    /// The sha256 of each body, and the bodies the archive lacks, compressed
    /// (each distinct body once, in parallel). Run before the write
    /// transaction so that it stays short.
    pub(super) async fn prepare_bodies<'b>(
        &self,
        bodies: impl IntoParallelIterator<Item = Option<&'b [u8]>>,
    ) -> Result<(Vec<Option<String>>, Vec<Body>), StoreError> {
        let items: Vec<Option<&[u8]>> = bodies.into_par_iter().collect();
        let shas: Vec<Option<String>> = items.par_iter().map(|b| b.map(sha256_hex)).collect();
        let keys: Vec<&str> = shas.iter().flatten().map(String::as_str).collect();
        let mut known = BTreeSet::new();
        for chunk in keys.chunks(BATCH) {
            let mut q =
                QueryBuilder::<Sqlite>::new("SELECT sha256 FROM page_bodies WHERE sha256 IN ");
            q.push_tuples(chunk, |mut b, k| {
                b.push_bind(*k);
            });
            let rows: Vec<(String,)> = q
                .build_query_as()
                .fetch_all(&self.pool)
                .await
                .map_err(|e| self.err("looking up archived pages", e))?;
            known.extend(rows.into_iter().map(|(k,)| k));
        }
        let mut new: BTreeMap<&str, &[u8]> = BTreeMap::new();
        for (body, sha) in items.iter().zip(&shas) {
            if let (Some(body), Some(sha)) = (body, sha)
                && !known.contains(sha)
            {
                new.insert(sha, body);
            }
        }
        let bodies = new
            .into_par_iter()
            .map(|(sha, bytes)| Body {
                sha256: sha.to_string(),
                size: bytes.len(),
                gzip: gzip(bytes),
            })
            .collect();
        Ok((shas, bodies))
    }

    /// Inserts prepared bodies (inside the caller's transaction).
    pub(super) async fn insert_bodies(
        &self,
        tx: &mut SqliteConnection,
        bodies: &[Body],
    ) -> Result<(), StoreError> {
        for chunk in bodies.chunks(BATCH) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT OR IGNORE INTO page_bodies (sha256, size, compression, body) ",
            );
            q.push_values(chunk, |mut b, body| {
                b.push_bind(&body.sha256)
                    .push_bind(body.size as i64)
                    .push_bind("gzip")
                    .push_bind(&body.gzip);
            });
            q.build()
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err("archiving raw pages", e))?;
        }
        Ok(())
    }

    /// Archives one body now, in a transaction of its own, and returns its
    /// sha256: the fetcher streams each body here as it arrives instead of
    /// holding them all until the run is recorded. A body stored by a run
    /// that then fails is harmless: bodies are content-addressed, and one
    /// no page refers to is never read.
    pub async fn archive_body(&self, bytes: &[u8]) -> Result<String, StoreError> {
        let (shas, bodies) = self.prepare_bodies([Some(bytes)]).await?;
        let sha = shas
            .into_iter()
            .next()
            .flatten()
            .expect("one body, one hash");
        if !bodies.is_empty() {
            let mut tx = self.begin_write().await?;
            self.insert_bodies(&mut tx, &bodies).await?;
            tx.commit()
                .await
                .map_err(|e| self.err("archiving a fetched page", e))?;
        }
        Ok(sha)
    }

    /// The bodies of `shas` the archive holds, decompressed (a missing one is
    /// left out, for the caller to name by the page it belongs to); a
    /// damaged one is an error naming it.
    pub async fn bodies_held(
        &self,
        shas: &[&str],
    ) -> Result<BTreeMap<String, Vec<u8>>, StoreError> {
        let mut out = BTreeMap::new();
        for chunk in shas.chunks(BATCH) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "SELECT sha256, compression, body FROM page_bodies WHERE sha256 IN ",
            );
            q.push_tuples(chunk, |mut b, k| {
                b.push_bind(*k);
            });
            let rows: Vec<(String, String, Vec<u8>)> = q
                .build_query_as()
                .fetch_all(&self.pool)
                .await
                .map_err(|e| self.err("reading archived pages", e))?;
            for (sha, compression, body) in rows {
                let bytes = match compression.as_str() {
                    "gzip" => {
                        let mut out = Vec::new();
                        flate2::read::GzDecoder::new(&body[..])
                            .read_to_end(&mut out)
                            .map(|_| out)
                            .map_err(|e| StoreError::Damaged {
                                path: self.path.clone(),
                                detail: format!("archived page {sha} does not decompress: {e}"),
                            })?
                    }
                    _ => body,
                };
                if sha256_hex(&bytes) != sha {
                    return Err(StoreError::Damaged {
                        path: self.path.clone(),
                        detail: format!("archived page {sha} does not match its hash"),
                    });
                }
                out.insert(sha, bytes);
            }
        }
        Ok(out)
    }
}
