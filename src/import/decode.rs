//! Turning file bytes into text: byte-order marks, UTF-8, UTF-16 and the Chinese GB18030/GBK
//! encoding that Excel uses on Chinese Windows.
//!
//! GB18030 decoding is a [`LegacyDecoder`]: the browser's own `TextDecoder` in the app (it
//! implements the same WHATWG decoder and costs no download, where encoding_rs would add its
//! tables for every legacy encoding to the wasm), and encoding_rs on the host for tests, tools
//! and benchmarks.

use super::ImportError;

/// Decodes GB18030 (a superset of GBK and GB2312), replacing invalid bytes with U+FFFD.
pub trait LegacyDecoder {
    fn decode_gb18030(&self, bytes: &[u8]) -> String;
}

/// GB18030 through encoding_rs, for host builds.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, Default)]
pub struct EncodingRs;

#[cfg(not(target_arch = "wasm32"))]
impl LegacyDecoder for EncodingRs {
    fn decode_gb18030(&self, bytes: &[u8]) -> String {
        let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
        text.into_owned()
    }
}

/// The encoding a file was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// GB18030, a superset of GBK and GB2312.
    Gb18030,
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: SourceEncoding,
    /// Characters that could not be decoded and were replaced by U+FFFD.
    pub replaced: usize,
}

fn utf16(bytes: &[u8], big_endian: bool) -> String {
    let units = bytes.chunks(2).map(|pair| {
        let pair = [pair[0], pair.get(1).copied().unwrap_or(0)];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Decodes a file. A BOM decides the encoding; otherwise valid UTF-8 is UTF-8 and anything else
/// is read as GB18030. Binary files (NUL bytes, or mostly undecodable) are refused.
pub fn decode(bytes: &[u8], legacy: &dyn LegacyDecoder) -> Result<Decoded, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, false), SourceEncoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, true), SourceEncoding::Utf16Be)
    } else {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if body.iter().take(64 * 1024).any(|&b| b == 0) {
            return Err(ImportError::Binary);
        }
        match std::str::from_utf8(body) {
            Ok(text) => (text.to_owned(), SourceEncoding::Utf8),
            Err(_) => (legacy.decode_gb18030(body), SourceEncoding::Gb18030),
        }
    };
    // Valid UTF-8 had nothing replaced; only the other decoders replace bytes (counting them
    // over a large file costs a full pass, so the UTF-8 path skips it).
    let replaced = match encoding {
        SourceEncoding::Utf8 => 0,
        _ => text.chars().filter(|&c| c == '\u{FFFD}').count(),
    };
    // Binary content shows in the first characters: judge on a sample.
    let (mut sample, mut doubtful) = (0usize, 0usize);
    for c in text.chars().take(64 * 1024) {
        sample += 1;
        let control = c.is_control() && !matches!(c, '\n' | '\r' | '\t');
        doubtful += usize::from(control || c == '\u{FFFD}');
    }
    if doubtful * 20 > sample.max(1) {
        return Err(ImportError::Binary);
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(Decoded {
        text,
        encoding,
        replaced,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use encoding_rs::GB18030;

    fn decode(bytes: &[u8]) -> Result<Decoded, ImportError> {
        super::decode(bytes, &EncodingRs)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("name\n王芳\n".as_bytes()).expect("utf-8 decodes");
        assert_eq!(plain.encoding, SourceEncoding::Utf8);
        assert_eq!(plain.text, "name\n王芳\n");
        let bom = decode(b"\xEF\xBB\xBFname\nAda\n").expect("bom decodes");
        assert_eq!(bom.text, "name\nAda\n");
    }

    #[test]
    fn gbk_bytes_read_as_chinese() {
        let (bytes, _, _) = GB18030.encode("姓名,电话\n王芳,13800138000\n");
        let decoded = decode(&bytes).expect("gbk decodes");
        assert_eq!(decoded.encoding, SourceEncoding::Gb18030);
        assert_eq!(decoded.text, "姓名,电话\n王芳,13800138000\n");
        assert_eq!(decoded.replaced, 0);
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "name\nAda\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode(&bytes).expect("utf-16 decodes");
        assert_eq!(decoded.encoding, SourceEncoding::Utf16Le);
        assert_eq!(decoded.text, "name\nAda\n");
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert_eq!(decode(b""), Err(ImportError::Empty));
        assert_eq!(decode(b"  \n\r\n"), Err(ImportError::Empty));
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00binary"),
            Err(ImportError::Binary)
        );
        let noise: Vec<u8> = (0..4096u32).map(|i| (i * 131 % 255 + 1) as u8).collect();
        assert_eq!(decode(&noise), Err(ImportError::Binary));
    }
}
