//! Encrypted files (backups): a magic line, a JSON header line with the key derivation settings,
//! then the sealed content. The header is authenticated as the content's associated data, so a
//! changed header (fewer iterations, another salt) is detected as tampering.

use serde::{Deserialize, Serialize};

use super::{Cipher, CryptoError, KdfParams, SecretKey};

/// The first bytes of every encrypted Fieldbook file.
pub const FILE_MAGIC: &[u8] = b"FIELDBOOK-ENCRYPTED\n";

/// The longest header line accepted, so a hostile file cannot make the reader scan far.
const MAX_HEADER: usize = 1024;

/// What an encrypted file says about itself, in plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileHeader {
    /// What the file holds, e.g. "backup".
    pub content: String,
    pub kdf: KdfParams,
}

impl FileHeader {
    /// Reads the header of an encrypted file: `Ok(None)` when `bytes` is not one (a plain
    /// file), an error when it claims to be one but the header is broken.
    pub fn read(bytes: &[u8]) -> Result<Option<(FileHeader, usize)>, CryptoError> {
        let Some(rest) = bytes.strip_prefix(FILE_MAGIC) else {
            return Ok(None);
        };
        let line_end = rest
            .iter()
            .take(MAX_HEADER)
            .position(|&b| b == b'\n')
            .ok_or(CryptoError::Truncated)?;
        let header: FileHeader = serde_json::from_slice(&rest[..line_end])
            .map_err(|error| CryptoError::BadParams(format!("the file header: {error}")))?;
        header.kdf.checked_salt()?;
        Ok(Some((header, FILE_MAGIC.len() + line_end + 1)))
    }
}

/// Encrypts `plain` into a file under `key`, which was derived from a passphrase with `kdf`.
pub fn seal_file(
    content: &str,
    kdf: &KdfParams,
    key: &SecretKey,
    plain: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let header = FileHeader {
        content: content.to_owned(),
        kdf: kdf.clone(),
    };
    let mut out = FILE_MAGIC.to_vec();
    // A header of strings and a number always serialises.
    out.extend(serde_json::to_vec(&header).expect("the header serialises"));
    out.push(b'\n');
    let sealed = Cipher::new(key).seal(plain, &out)?;
    out.extend(sealed);
    Ok(out)
}

/// Decrypts a file made by [`seal_file`] with the key derived from its header's settings.
pub fn open_file(bytes: &[u8], key: &SecretKey) -> Result<Vec<u8>, CryptoError> {
    let (_, body) = FileHeader::read(bytes)?.ok_or(CryptoError::UnknownFormat(0))?;
    Cipher::new(key).open(&bytes[body..], &bytes[..body])
}

#[cfg(test)]
mod tests {
    use super::super::{derive_key, KDF_ALGORITHM, MIN_ITERATIONS};
    use super::*;

    fn kdf() -> KdfParams {
        KdfParams {
            algorithm: KDF_ALGORITHM.to_owned(),
            iterations: MIN_ITERATIONS,
            salt: hex::encode([3u8; 16]),
        }
    }

    #[test]
    fn a_file_opens_only_with_its_passphrase_and_header() {
        let key = derive_key("correct horse", &kdf()).expect("derives");
        let file = seal_file("backup", &kdf(), &key, b"{\"customers\":[]}").expect("seals");
        let (header, _) = FileHeader::read(&file)
            .expect("reads")
            .expect("is encrypted");
        assert_eq!(header.content, "backup");
        assert_eq!(header.kdf, kdf());
        assert_eq!(
            open_file(&file, &key).expect("opens"),
            b"{\"customers\":[]}"
        );
        let wrong = derive_key("correct horse!", &kdf()).expect("derives");
        assert_eq!(open_file(&file, &wrong), Err(CryptoError::Rejected));
        let text = String::from_utf8_lossy(&file).replace("\"backup\"", "\"backuq\"");
        assert_eq!(
            open_file(text.as_bytes(), &key),
            Err(CryptoError::Rejected),
            "the header is authenticated"
        );
    }

    #[test]
    fn plain_and_broken_files_are_told_apart() {
        assert_eq!(FileHeader::read(b"{\"format\":1}"), Ok(None));
        assert_eq!(FileHeader::read(FILE_MAGIC), Err(CryptoError::Truncated));
        let mut no_end = FILE_MAGIC.to_vec();
        no_end.extend(std::iter::repeat_n(b'a', 5000));
        assert_eq!(FileHeader::read(&no_end), Err(CryptoError::Truncated));
        let mut junk = FILE_MAGIC.to_vec();
        junk.extend(b"{nope}\n");
        assert!(matches!(
            FileHeader::read(&junk),
            Err(CryptoError::BadParams(_))
        ));
    }
}
