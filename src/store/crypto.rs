//! Encryption at rest for the profile (web edge): the passphrase key through WebCrypto, the
//! profile's wrapped keys in the meta store, unlocking, and the pass that seals (or opens)
//! every record when encryption is switched on (or off).
//!
//! Key hierarchy: the passphrase and a random salt give the passphrase key (PBKDF2-HMAC-SHA256,
//! 600,000 iterations); it wraps two random keys: the data key (AES-256-GCM for every record
//! payload) and the index key (HMAC for the lookup hashes). A wrong passphrase fails to unwrap
//! them (GCM authentication) and nothing else happens; changing the passphrase re-wraps them.
//!
//! Switching is resumable and crash-safe: the meta record says which way the profile is
//! turning, every envelope says whether it is sealed, and the pass rewrites a few envelopes per
//! transaction, skipping those already done. After a crash the profile opens locked, and
//! unlocking finishes the pass.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

use super::db::{
    all_ids, get_envelope, idb, js_text, read_meta, write_meta, yield_now, META_INDEX_KEY,
};
use super::record::{Envelope, IndexKey, Keys};
use super::schema::stores;
use super::{Db, StoreError};
use crate::crypto::{
    open_file, seal_file, Cipher, CryptoError, FileHeader, KdfParams, SecretKey, KEY_LEN,
};

/// The meta key of the encryption record (absent: encryption is off).
pub(super) const META_CRYPTO: &str = "encryption";

/// Associated data of the wrapped profile keys.
const WRAP_AAD: &[u8] = b"fieldbook-profile-keys/1";

/// Envelopes rewritten per transaction during a switch: each transaction is small enough to
/// keep the page responsive, and a crash loses at most one batch of work (never data).
const PASS_BATCH: usize = 4;

/// Stores whose envelopes carry payloads (the change references and meta hold none).
const SEALED_STORES: [&str; 8] = [
    stores::CUSTOMERS,
    stores::PRODUCTS,
    stores::ORDERS,
    stores::NOTES,
    stores::SEGMENTS,
    stores::TICKETS,
    stores::CAMPAIGNS,
    stores::CHANGES,
];

/// Whether the profile's records are encrypted at rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encryption {
    Off,
    On,
    /// Being switched on; a pass that was interrupted resumes after unlocking.
    TurningOn,
    /// Being switched off; likewise.
    TurningOff,
}

/// The encryption record in the meta store (not secret: the keys in it are wrapped).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct CryptoMeta {
    pub state: Encryption,
    pub kdf: KdfParams,
    /// Data key then index key, wrapped under the passphrase key, as hex.
    pub wrapped: String,
}

/// The unwrapped profile keys.
struct ProfileKeys {
    data: SecretKey,
    index: IndexKey,
}

impl ProfileKeys {
    fn random() -> Result<ProfileKeys, StoreError> {
        let mut index = [0u8; 32];
        crate::crypto::random_bytes(&mut index).map_err(crypto_error)?;
        Ok(ProfileKeys {
            data: SecretKey::random().map_err(crypto_error)?,
            index: IndexKey::from_bytes(index),
        })
    }

    fn wrap(&self, passphrase_key: &SecretKey) -> Result<String, StoreError> {
        let mut both = zeroize::Zeroizing::new(Vec::with_capacity(2 * KEY_LEN));
        both.extend_from_slice(self.data.bytes());
        both.extend_from_slice(&self.index.to_bytes());
        let wrapped = Cipher::new(passphrase_key)
            .wrap(&both, WRAP_AAD)
            .map_err(crypto_error)?;
        Ok(hex::encode(wrapped))
    }

    fn unwrap(meta: &CryptoMeta, passphrase_key: &SecretKey) -> Result<ProfileKeys, StoreError> {
        let damaged = || StoreError::CorruptRecord {
            store: stores::META.to_owned(),
            id: 0,
            reason: "the wrapped encryption keys are damaged".to_owned(),
        };
        let wrapped = hex::decode(&meta.wrapped).map_err(|_| damaged())?;
        let both = Cipher::new(passphrase_key)
            .unwrap_key(&wrapped, WRAP_AAD)
            .map_err(|error| match error {
                CryptoError::Rejected => StoreError::WrongPassphrase,
                _ => damaged(),
            })?;
        let (data, index) = both.split_at_checked(KEY_LEN).ok_or_else(damaged)?;
        let data: [u8; KEY_LEN] = data.try_into().map_err(|_| damaged())?;
        let index: [u8; 32] = index.try_into().map_err(|_| damaged())?;
        Ok(ProfileKeys {
            data: SecretKey::from_bytes(data),
            index: IndexKey::from_bytes(index),
        })
    }

    fn sealing(&self) -> Keys {
        Keys {
            index: self.index.clone(),
            cipher: Some(Cipher::new(&self.data)),
        }
    }
}

pub(super) fn crypto_error(error: CryptoError) -> StoreError {
    StoreError::Crypto {
        reason: error.to_string(),
    }
}

/// Derives the key for `passphrase` with the browser's WebCrypto (PBKDF2-HMAC-SHA256, the
/// same function as `crypto::derive_key`, but native and off the page's thread).
pub async fn derive_key(passphrase: &str, params: &KdfParams) -> Result<SecretKey, StoreError> {
    let salt = params.checked_salt().map_err(crypto_error)?;
    let failed = |error: JsValue| StoreError::Crypto {
        reason: js_text(&error),
    };
    let subtle = subtle_crypto()?;
    let secret = js_sys::Uint8Array::from(passphrase.as_bytes());
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveBits"));
    let imported = subtle
        .import_key_with_str("raw", &secret, "PBKDF2", false, &usages)
        .map_err(failed)?;
    // Overwrite the JS copy of the passphrase once WebCrypto has taken it.
    let base = wasm_bindgen_futures::JsFuture::from(imported).await;
    secret.fill(0, 0, secret.length());
    let base: web_sys::CryptoKey = base.map_err(failed)?.unchecked_into();
    let algorithm = web_sys::Pbkdf2Params::new_with_str(
        "PBKDF2",
        "SHA-256",
        params.iterations,
        &js_sys::Uint8Array::from(salt.as_slice()),
    );
    let bits = subtle
        .derive_bits_with_object(&algorithm, &base, (KEY_LEN * 8) as u32)
        .map_err(failed)?;
    let bits = wasm_bindgen_futures::JsFuture::from(bits)
        .await
        .map_err(failed)?;
    let view = js_sys::Uint8Array::new(&bits);
    let mut key = [0u8; KEY_LEN];
    if view.length() as usize != KEY_LEN {
        return Err(StoreError::Crypto {
            reason: "WebCrypto returned a key of the wrong length".to_owned(),
        });
    }
    view.copy_to(&mut key);
    view.fill(0, 0, view.length());
    Ok(SecretKey::from_bytes(key))
}

fn subtle_crypto() -> Result<web_sys::SubtleCrypto, StoreError> {
    let global = js_sys::global();
    let crypto = js_sys::Reflect::get(&global, &JsValue::from_str("crypto"))
        .ok()
        .filter(|c| !c.is_undefined())
        .ok_or_else(|| StoreError::Crypto {
            reason: "this browser has no WebCrypto".to_owned(),
        })?;
    Ok(crypto.unchecked_into::<web_sys::Crypto>().subtle())
}

/// An encrypted profile before its passphrase is given: nothing can be read from it.
#[derive(Debug)]
pub struct LockedDb {
    pub(super) db: Db,
}

impl LockedDb {
    /// Unlocks with `passphrase`: [`StoreError::WrongPassphrase`] (nothing changed) or the open
    /// database. If a switch was interrupted, [`Db::encryption`] says so and
    /// [`Db::finish_switch`] completes it.
    pub async fn unlock(&self, passphrase: &str) -> Result<Db, StoreError> {
        let meta = self.db.crypto_meta().await?.ok_or(StoreError::Crypto {
            reason: "the profile is no longer encrypted; reload the page".to_owned(),
        })?;
        let key = derive_key(passphrase, &meta.kdf).await?;
        let keys = ProfileKeys::unwrap(&meta, &key)?;
        let db = Db {
            keys: keys.sealing(),
            encryption: meta.state,
            ..self.db.clone()
        };
        db.index_old_change_sets().await?;
        Ok(db)
    }

    /// Closes the connection.
    pub fn close(self) {
        self.db.close();
    }
}

impl Db {
    /// Whether records are encrypted at rest (or being switched).
    pub fn encryption(&self) -> Encryption {
        self.encryption
    }

    /// A read-write transaction over every store, refused when encryption was switched (or is
    /// being switched) since this database was opened: a tab that missed the news must not
    /// write records in the old form.
    pub(super) async fn write_tx(&self) -> Result<Transaction<'_>, StoreError> {
        let tx = self.tx(&stores::ALL, TransactionMode::Readwrite)?;
        let stored = read_meta::<CryptoMeta>(&tx, META_CRYPTO)
            .await?
            .map_or(Encryption::Off, |meta| meta.state);
        if stored != self.encryption {
            return Err(StoreError::EncryptionChanged);
        }
        Ok(tx)
    }

    pub(super) async fn crypto_meta(&self) -> Result<Option<CryptoMeta>, StoreError> {
        let tx = self.tx(&[stores::META], TransactionMode::Readonly)?;
        read_meta::<CryptoMeta>(&tx, META_CRYPTO).await
    }

    /// Switches encryption on with `passphrase`: new random data and index keys, then every
    /// record sealed (see the module doc). `progress` gets (envelopes done, total). Returns the
    /// database to use from now on.
    pub async fn enable_encryption(
        &self,
        passphrase: &str,
        progress: impl Fn(usize, usize),
    ) -> Result<Db, StoreError> {
        self.begin_encryption(passphrase)
            .await?
            .finish_switch(progress)
            .await
    }

    /// The first step of [`Db::enable_encryption`]: new keys, and the profile marked as turning
    /// on (from here it opens locked). Returns the database that [`Db::finish_switch`] completes.
    pub async fn begin_encryption(&self, passphrase: &str) -> Result<Db, StoreError> {
        if self.encryption != Encryption::Off {
            return Err(StoreError::Crypto {
                reason: "encryption is already on".to_owned(),
            });
        }
        let kdf = KdfParams::fresh().map_err(crypto_error)?;
        let key = derive_key(passphrase, &kdf).await?;
        let keys = ProfileKeys::random()?;
        let meta = CryptoMeta {
            state: Encryption::TurningOn,
            kdf,
            wrapped: keys.wrap(&key)?,
        };
        self.put_crypto_meta(&meta).await?;
        Ok(Db {
            keys: keys.sealing(),
            encryption: Encryption::TurningOn,
            ..self.clone()
        })
    }

    /// Switches encryption off after checking `passphrase`: every record is opened and stored
    /// in plain form again. Returns the database to use from now on.
    pub async fn disable_encryption(
        &self,
        passphrase: &str,
        progress: impl Fn(usize, usize),
    ) -> Result<Db, StoreError> {
        self.begin_decryption(passphrase)
            .await?
            .finish_switch(progress)
            .await
    }

    /// The first step of [`Db::disable_encryption`]: checks the passphrase (a wrong one changes
    /// nothing) and marks the profile as turning off.
    pub async fn begin_decryption(&self, passphrase: &str) -> Result<Db, StoreError> {
        let mut meta = self.crypto_meta().await?.ok_or(StoreError::Crypto {
            reason: "encryption is already off".to_owned(),
        })?;
        let key = derive_key(passphrase, &meta.kdf).await?;
        ProfileKeys::unwrap(&meta, &key)?;
        meta.state = Encryption::TurningOff;
        self.put_crypto_meta(&meta).await?;
        Ok(Db {
            encryption: Encryption::TurningOff,
            ..self.clone()
        })
    }

    /// Replaces the passphrase: the same keys, wrapped under the new one (records are not
    /// rewritten). A wrong current passphrase changes nothing.
    pub async fn change_passphrase(&self, current: &str, new: &str) -> Result<(), StoreError> {
        let meta = self.crypto_meta().await?.ok_or(StoreError::Crypto {
            reason: "encryption is off".to_owned(),
        })?;
        let keys = ProfileKeys::unwrap(&meta, &derive_key(current, &meta.kdf).await?)?;
        let kdf = KdfParams::fresh().map_err(crypto_error)?;
        let wrapped = keys.wrap(&derive_key(new, &kdf).await?)?;
        self.put_crypto_meta(&CryptoMeta {
            state: meta.state,
            kdf,
            wrapped,
        })
        .await
    }

    async fn put_crypto_meta(&self, meta: &CryptoMeta) -> Result<(), StoreError> {
        let tx = self.tx(&[stores::META], TransactionMode::Readwrite)?;
        write_meta(&tx, META_CRYPTO, meta)?;
        tx.commit().await.map_err(idb("commit"))
    }

    /// Completes a switch that is under way (after [`Db::enable_encryption`] or
    /// [`Db::disable_encryption`] started it, or after a crash interrupted it): rewrites every
    /// envelope not yet in the target form, then records the new state. Returns the database
    /// to use from now on.
    pub async fn finish_switch(&self, progress: impl Fn(usize, usize)) -> Result<Db, StoreError> {
        match self.encryption {
            Encryption::TurningOn => {
                self.reseal_all(&self.keys, true, &progress).await?;
                let mut meta = self.crypto_meta().await?.ok_or(StoreError::Crypto {
                    reason: "the encryption record disappeared during the switch".to_owned(),
                })?;
                meta.state = Encryption::On;
                let tx = self.tx(&[stores::META], TransactionMode::Readwrite)?;
                write_meta(&tx, META_CRYPTO, &meta)?;
                super::db::forget_derived(&tx)?;
                // The old index key was stored in plain form; the hashes now use the new one.
                tx.object_store(stores::META)
                    .map_err(idb("write settings"))?
                    .delete(META_INDEX_KEY)
                    .build()
                    .map_err(idb("write settings"))?;
                tx.commit().await.map_err(idb("commit"))?;
                Ok(Db {
                    encryption: Encryption::On,
                    ..self.clone()
                })
            }
            Encryption::TurningOff => {
                let plain = Keys::plain(self.keys.index.clone());
                self.reseal_all(&plain, false, &progress).await?;
                let tx = self.tx(&[stores::META], TransactionMode::Readwrite)?;
                write_meta(&tx, META_INDEX_KEY, &plain.index.to_hex())?;
                super::db::forget_derived(&tx)?;
                tx.object_store(stores::META)
                    .map_err(idb("write settings"))?
                    .delete(META_CRYPTO)
                    .build()
                    .map_err(idb("write settings"))?;
                tx.commit().await.map_err(idb("commit"))?;
                Ok(Db {
                    keys: plain,
                    encryption: Encryption::Off,
                    ..self.clone()
                })
            }
            Encryption::On | Encryption::Off => Ok(self.clone()),
        }
    }

    /// Rewrites every envelope whose sealed state differs from `sealed` with `write` keys
    /// (reading with this database's keys), a few per transaction.
    async fn reseal_all(
        &self,
        write: &Keys,
        sealed: bool,
        progress: &impl Fn(usize, usize),
    ) -> Result<(), StoreError> {
        let mut work = Vec::new();
        for store in SEALED_STORES {
            let tx = self.tx(&[store], TransactionMode::Readonly)?;
            let ids = all_ids(&tx, store).await?;
            work.extend(ids.into_iter().map(|id| (store, id)));
        }
        let total = work.len();
        progress(0, total);
        for (done, batch) in work.chunks(PASS_BATCH).enumerate() {
            let names: Vec<&str> = batch.iter().map(|(store, _)| *store).collect();
            let tx = self.tx(&names, TransactionMode::Readwrite)?;
            for &(store, id) in batch {
                let Some(envelope) = get_envelope(&tx, store, id).await? else {
                    continue;
                };
                if envelope.is_sealed() == sealed {
                    continue;
                }
                let rewritten = recode(store, &envelope, &self.keys, write)?;
                tx.object_store(store)
                    .map_err(idb("write"))?
                    .put(rewritten)
                    .serde()
                    .map_err(idb("write"))?;
            }
            tx.commit().await.map_err(idb("commit"))?;
            progress(((done + 1) * PASS_BATCH).min(total), total);
            yield_now().await;
        }
        Ok(())
    }
}

/// An envelope of `store` decoded with `read` keys and built again with `write` keys (sealed or
/// not, index hashes recomputed).
fn recode(
    store: &str,
    envelope: &Envelope,
    read: &Keys,
    write: &Keys,
) -> Result<Envelope, StoreError> {
    Ok(match store {
        stores::CUSTOMERS => {
            Envelope::customer_chunk(envelope.id, &envelope.to_customers(read)?, write)
        }
        stores::PRODUCTS => Envelope::product(&envelope.to_product(read)?, write),
        stores::ORDERS => Envelope::order_chunk(envelope.id, &envelope.to_orders(read)?, write),
        stores::NOTES => Envelope::note(&envelope.to_note(read)?, write),
        stores::SEGMENTS => Envelope::segment(&envelope.to_segment(read)?, write),
        stores::TICKETS => Envelope::ticket(&envelope.to_ticket(read)?, write),
        stores::CAMPAIGNS => Envelope::campaign(&envelope.to_campaign(read)?, write),
        _ => Envelope::change_set(&envelope.to_change_set(read)?, write),
    })
}

/// What an encrypted file says it holds, when `bytes` is one (see `crypto::FileHeader`).
pub fn encrypted_file_content(bytes: &[u8]) -> Result<Option<String>, StoreError> {
    Ok(FileHeader::read(bytes)
        .map_err(crypto_error)?
        .map(|(header, _)| header.content))
}

/// Encrypts a file (a backup) under its own `passphrase`, with fresh key derivation settings.
pub async fn seal_file_with(
    passphrase: &str,
    content: &str,
    plain: &[u8],
) -> Result<Vec<u8>, StoreError> {
    let kdf = KdfParams::fresh().map_err(crypto_error)?;
    let key = derive_key(passphrase, &kdf).await?;
    seal_file(content, &kdf, &key, plain).map_err(crypto_error)
}

/// Decrypts a file sealed by [`seal_file_with`]; a wrong passphrase (or a changed file) is
/// [`StoreError::WrongPassphrase`].
pub async fn open_file_with(passphrase: &str, bytes: &[u8]) -> Result<Vec<u8>, StoreError> {
    let (header, _) = FileHeader::read(bytes)
        .map_err(crypto_error)?
        .ok_or(StoreError::Crypto {
            reason: "the file is not encrypted".to_owned(),
        })?;
    let key = derive_key(passphrase, &header.kdf).await?;
    open_file(bytes, &key).map_err(|error| match error {
        CryptoError::Rejected => StoreError::WrongPassphrase,
        other => crypto_error(other),
    })
}
