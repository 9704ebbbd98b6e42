//! Encryption at rest (pure: tested on the host): keys derived from a passphrase with
//! PBKDF2-HMAC-SHA256, record payloads sealed with AES-256-GCM under a fresh random 96-bit nonce
//! each time, the profile's keys wrapped under the passphrase key, and encrypted files
//! (backups). The browser derives keys with WebCrypto (`store::crypto`), which computes the same
//! function as [`derive_key`] natively and without blocking the page.
//!
//! Sealed payloads are compressed (LZ4) before they are encrypted: AES in WebAssembly runs in
//! software at about 60 MB/s, and record JSON shrinks about fivefold, so sealing costs a fifth
//! of what it would, and the stored data stays small (encrypted bytes do not compress, so
//! IndexedDB's own compression no longer helps). What compression reveals — roughly how
//! repetitive a record is, through its stored size — is said in SECURITY.md.

mod file;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

pub use file::{open_file, seal_file, FileHeader, FILE_MAGIC};

/// PBKDF2 iterations for new keys (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).
pub const KDF_ITERATIONS: u32 = 600_000;
/// The only key derivation function Fieldbook writes.
pub const KDF_ALGORITHM: &str = "PBKDF2-HMAC-SHA256";
/// Fewer iterations than this in a file are refused: too weak to be one of ours.
pub const MIN_ITERATIONS: u32 = 100_000;
/// More iterations than this in a file are refused: a hostile file could otherwise make the
/// page derive a key for hours.
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// Salt length in bytes.
pub const SALT_LEN: usize = 16;
/// AES-256 key length in bytes.
pub const KEY_LEN: usize = 32;
/// AES-GCM nonce length in bytes (96 bits).
pub const NONCE_LEN: usize = 12;
/// AES-GCM tag length in bytes.
const TAG_LEN: usize = 16;

/// Format byte of a sealed payload: LZ4 (size-prepended), then AES-256-GCM.
const FORMAT_LZ4_AES_GCM: u8 = 1;
/// Format byte of a sealed key: AES-256-GCM only.
const FORMAT_AES_GCM: u8 = 2;

/// What can go wrong when encrypting or decrypting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// Authentication failed: a wrong key (passphrase), or data that was changed or damaged.
    /// AES-GCM never hands back unauthenticated bytes, so this is all that can be said.
    #[error("the passphrase is wrong, or the encrypted data was changed or damaged")]
    Rejected,
    /// Not something Fieldbook sealed (or from a newer version).
    #[error("unknown encryption format {0}")]
    UnknownFormat(u8),
    /// Shorter than the smallest sealed value.
    #[error("the encrypted data is cut short")]
    Truncated,
    /// Key derivation settings that Fieldbook does not accept.
    #[error("unsupported key derivation settings: {0}")]
    BadParams(String),
    /// The platform's random number generator failed.
    #[error("no secure random numbers are available: {0}")]
    Random(String),
}

/// Fills `bytes` from the platform's secure random number generator (the browser's
/// `crypto.getRandomValues`, the OS on the host).
pub fn random_bytes(bytes: &mut [u8]) -> Result<(), CryptoError> {
    getrandom::getrandom(bytes).map_err(|error| CryptoError::Random(error.to_string()))
}

/// How a key is derived from a passphrase: stored next to what it protects (not secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Always [`KDF_ALGORITHM`].
    pub algorithm: String,
    pub iterations: u32,
    /// Random salt, as hex.
    pub salt: String,
}

impl KdfParams {
    /// Fresh parameters: a random salt and [`KDF_ITERATIONS`].
    pub fn fresh() -> Result<KdfParams, CryptoError> {
        let mut salt = [0u8; SALT_LEN];
        random_bytes(&mut salt)?;
        Ok(KdfParams {
            algorithm: KDF_ALGORITHM.to_owned(),
            iterations: KDF_ITERATIONS,
            salt: hex::encode(salt),
        })
    }

    /// Checks parameters read from a file or the database, and returns the salt's bytes.
    pub fn checked_salt(&self) -> Result<Vec<u8>, CryptoError> {
        if self.algorithm != KDF_ALGORITHM {
            return Err(CryptoError::BadParams(format!(
                "algorithm '{}'",
                self.algorithm.chars().take(40).collect::<String>()
            )));
        }
        if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&self.iterations) {
            return Err(CryptoError::BadParams(format!(
                "{} iterations (accepted: {MIN_ITERATIONS} to {MAX_ITERATIONS})",
                self.iterations
            )));
        }
        let salt = hex::decode(&self.salt)
            .map_err(|_| CryptoError::BadParams("the salt is not hex".to_owned()))?;
        if salt.len() < SALT_LEN || salt.len() > 64 {
            return Err(CryptoError::BadParams(format!(
                "a salt of {} bytes",
                salt.len()
            )));
        }
        Ok(salt)
    }
}

/// A 256-bit secret key; its bytes are wiped when it is dropped, and it never prints.
#[derive(Clone)]
pub struct SecretKey(Zeroizing<[u8; KEY_LEN]>);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

impl SecretKey {
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> SecretKey {
        SecretKey(Zeroizing::new(bytes))
    }

    /// A new random key.
    pub fn random() -> Result<SecretKey, CryptoError> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        random_bytes(bytes.as_mut())?;
        Ok(SecretKey(bytes))
    }

    pub fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

/// Derives the key for `passphrase` (PBKDF2-HMAC-SHA256 over its UTF-8 bytes). The browser
/// uses WebCrypto for the same function; this one serves the host and the tests.
pub fn derive_key(passphrase: &str, params: &KdfParams) -> Result<SecretKey, CryptoError> {
    let salt = params.checked_salt()?;
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(
        passphrase.as_bytes(),
        &salt,
        params.iterations,
        key.as_mut(),
    );
    Ok(SecretKey(key))
}

/// AES-256-GCM under one key.
#[derive(Clone)]
pub struct Cipher {
    aead: Aes256Gcm,
}

impl std::fmt::Debug for Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cipher(..)")
    }
}

impl Cipher {
    pub fn new(key: &SecretKey) -> Cipher {
        Cipher {
            aead: Aes256Gcm::new(key.bytes().into()),
        }
    }

    /// Compresses and encrypts `plain`, bound to `aad` (where it is stored: the same bytes
    /// moved to another record do not open). Layout: format byte, nonce, ciphertext and tag.
    pub fn seal(&self, plain: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let packed = Zeroizing::new(lz4_flex::compress_prepend_size(plain));
        self.encrypt(FORMAT_LZ4_AES_GCM, &packed, aad)
    }

    /// Decrypts and decompresses what [`Cipher::seal`] made with the same key and `aad`.
    pub fn open(&self, sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let packed = Zeroizing::new(self.decrypt(FORMAT_LZ4_AES_GCM, sealed, aad)?);
        // Only authenticated bytes reach the decompressor, so a hostile size prefix cannot
        // get here; a failure means a bug on the sealing side, reported as damage.
        lz4_flex::decompress_size_prepended(&packed).map_err(|_| CryptoError::Rejected)
    }

    /// Encrypts a key (no compression).
    pub fn wrap(&self, key: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
        self.encrypt(FORMAT_AES_GCM, key, aad)
    }

    /// Decrypts a key wrapped by [`Cipher::wrap`]; a wrong passphrase key is `Rejected`.
    pub fn unwrap_key(
        &self,
        wrapped: &[u8],
        aad: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        self.decrypt(FORMAT_AES_GCM, wrapped, aad)
            .map(Zeroizing::new)
    }

    fn encrypt(&self, format: u8, plain: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut nonce = [0u8; NONCE_LEN];
        random_bytes(&mut nonce)?;
        let ciphertext = self
            .aead
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain, aad })
            // AES-GCM only fails to encrypt messages of more than 64 GiB.
            .map_err(|_| CryptoError::Rejected)?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        out.push(format);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        Ok(out)
    }

    fn decrypt(&self, format: u8, sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let (&found, rest) = sealed.split_first().ok_or(CryptoError::Truncated)?;
        if found != format {
            return Err(CryptoError::UnknownFormat(found));
        }
        if rest.len() < NONCE_LEN + TAG_LEN {
            return Err(CryptoError::Truncated);
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        self.aead
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .map_err(|_| CryptoError::Rejected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn cipher(byte: u8) -> Cipher {
        Cipher::new(&SecretKey::from_bytes([byte; KEY_LEN]))
    }

    #[test]
    fn a_wrong_key_or_place_is_an_error_never_garbage() {
        let sealed = cipher(3)
            .seal(b"Ada Lovelace", b"customers/1")
            .expect("seals");
        assert_eq!(
            cipher(4).open(&sealed, b"customers/1"),
            Err(CryptoError::Rejected)
        );
        assert_eq!(
            cipher(3).open(&sealed, b"customers/2"),
            Err(CryptoError::Rejected),
            "a payload moved to another record does not open"
        );
        assert_eq!(
            cipher(3).open(&sealed[..20], b"customers/1"),
            Err(CryptoError::Truncated)
        );
        assert_eq!(cipher(3).open(&[], b""), Err(CryptoError::Truncated));
        assert_eq!(
            cipher(3).unwrap_key(&sealed, b"customers/1"),
            Err(CryptoError::UnknownFormat(FORMAT_LZ4_AES_GCM))
        );
    }

    #[test]
    fn every_seal_uses_a_fresh_nonce() {
        let c = cipher(5);
        let a = c.seal(b"same", b"").expect("seals");
        let b = c.seal(b"same", b"").expect("seals");
        assert_ne!(a[1..1 + NONCE_LEN], b[1..1 + NONCE_LEN]);
        assert_ne!(a, b);
        let plain = b"no plaintext in the sealed bytes, however long it is";
        let sealed = c.seal(plain, b"").expect("seals");
        assert!(!sealed.windows(9).any(|w| w == b"plaintext"));
    }

    #[test]
    fn kdf_parameters_are_the_documented_ones() {
        let params = KdfParams::fresh().expect("random salt");
        assert_eq!(params.algorithm, "PBKDF2-HMAC-SHA256");
        assert_eq!(params.iterations, 600_000);
        assert_eq!(params.checked_salt().expect("valid").len(), 16);
        assert_ne!(
            params.salt,
            KdfParams::fresh().expect("random salt").salt,
            "a fresh salt each time"
        );
    }

    #[test]
    fn derivation_is_pbkdf2_hmac_sha256() {
        // RFC 7914 section 11 gives PBKDF2-HMAC-SHA256("passwd", "salt", 1, 64); its first 32
        // bytes are checked here with the iteration bound lifted for the test vector.
        let mut out = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(b"passwd", b"salt", 1, &mut out);
        assert_eq!(
            hex::encode(out),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        );
        let params = KdfParams {
            algorithm: KDF_ALGORITHM.to_owned(),
            iterations: MIN_ITERATIONS,
            salt: hex::encode([9u8; 16]),
        };
        let mut expected = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(b"pass", &[9u8; 16], MIN_ITERATIONS, &mut expected);
        assert_eq!(
            derive_key("pass", &params).expect("derives").bytes(),
            &expected
        );
    }

    #[test]
    fn hostile_parameters_are_refused() {
        let good = KdfParams::fresh().expect("random salt");
        for bad in [
            KdfParams {
                iterations: 1,
                ..good.clone()
            },
            KdfParams {
                iterations: u32::MAX,
                ..good.clone()
            },
            KdfParams {
                algorithm: "MD5".into(),
                ..good.clone()
            },
            KdfParams {
                salt: "zz".into(),
                ..good.clone()
            },
            KdfParams {
                salt: "00".into(),
                ..good.clone()
            },
        ] {
            assert!(
                matches!(derive_key("x", &bad), Err(CryptoError::BadParams(_))),
                "{bad:?}"
            );
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod property_tests {
    use super::tests::cipher;
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn seal_then_open_is_the_identity(plain in proptest::collection::vec(any::<u8>(), 0..4096), aad in proptest::collection::vec(any::<u8>(), 0..32)) {
            let c = cipher(1);
            let sealed = c.seal(&plain, &aad).expect("seals");
            prop_assert_eq!(c.open(&sealed, &aad).expect("opens"), plain.clone());
            let wrapped = c.wrap(&plain, &aad).expect("wraps");
            prop_assert_eq!(c.unwrap_key(&wrapped, &aad).expect("unwraps").to_vec(), plain);
        }

        #[test]
        fn any_changed_byte_is_rejected(plain in proptest::collection::vec(any::<u8>(), 1..512), at in any::<usize>(), flip in 1u8..=255) {
            let c = cipher(2);
            let mut sealed = c.seal(&plain, b"customers/1").expect("seals");
            let at = at % sealed.len();
            sealed[at] ^= flip;
            let opened = c.open(&sealed, b"customers/1");
            prop_assert!(matches!(opened, Err(CryptoError::Rejected | CryptoError::UnknownFormat(_))), "{:?}", opened);
        }
    }
}
