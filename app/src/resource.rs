//! Resources that read their server-rendered value the way server
//! functions read their answers.
//!
//! A server function's answer arrives as bytes and is read with
//! `serde_json::from_slice`; Leptos' default resource codec reads the value
//! the server wrote into the page with `serde_json::from_str`. Each of the
//! two is a separate copy of the JSON reader for every type, so a page's
//! types were in the bundle twice. [`resource`] makes resources read bytes
//! too ([`JsonBytes`]): the same JSON, one reader per type.

use std::future::Future;

use codee::{Decoder, Encoder};
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// JSON, written as text and read from its bytes.
pub struct JsonBytes;

impl<T: Serialize> Encoder<T> for JsonBytes {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for JsonBytes {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// A resource loaded on the server and read back in the browser
/// ([`Resource::new`] with the [`JsonBytes`] codec).
#[track_caller]
pub fn resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, JsonBytes>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_reads_back_as_written() {
        let value = (String::from("é \"quoted\""), vec![1_i64, -2], Some(3_u8));
        let text = <JsonBytes as Encoder<_>>::encode(&value).unwrap();
        let back: (String, Vec<i64>, Option<u8>) =
            <JsonBytes as Decoder<_>>::decode(&text).unwrap();
        assert_eq!(back, value);
        assert!(<JsonBytes as Decoder<u8>>::decode("not json").is_err());
    }
}
