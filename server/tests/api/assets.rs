//! Delivery of the built site and of dynamic answers: precompressed,
//! content-hashed bundle files cached for a year, compressed pages and API
//! answers, and the hashed names in the rendered page.

use super::common;

/// A site root as the build leaves it: hashed names, `.br`/`.gz` copies
/// beside them, and `hash.txt`.
fn built_site() -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("croupier-site-{}", uuid::Uuid::now_v7()));
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let js = "croupier.0123456789abcdef.js";
    std::fs::write(pkg.join(js), "export default function init() {}\n").unwrap();
    std::fs::write(pkg.join(format!("{js}.br")), b"brotli bytes").unwrap();
    std::fs::write(pkg.join(format!("{js}.gz")), b"gzip bytes").unwrap();
    std::fs::write(
        root.join("hash.txt"),
        "js: 0123456789abcdef\nwasm: 1111111111111111\ncss: 2222222222222222\n",
    )
    .unwrap();
    root
}

#[tokio::test]
async fn hashed_bundle_files_are_precompressed_and_immutable() {
    let site = built_site();
    let root = site.clone();
    let app = common::spawn_with(move |s| s.site_root = root).await;
    let client = reqwest::Client::new();
    let url = app.url("/pkg/croupier.0123456789abcdef.js");

    let br = client
        .get(&url)
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(br.status(), 200);
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(
        br.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"brotli bytes");

    let gz = client
        .get(&url)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert_eq!(gz.bytes().await.unwrap().as_ref(), b"gzip bytes");

    let plain = client.get(&url).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert!(plain.text().await.unwrap().contains("init"));

    let missing = client
        .get(app.url("/pkg/croupier.ffffffffffffffff.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let _ = std::fs::remove_dir_all(site);
}

#[tokio::test]
async fn pages_name_the_hashed_bundle_and_stylesheet() {
    let site = built_site();
    let root = site.clone();
    let app = common::spawn_with(move |s| s.site_root = root).await;
    let page = reqwest::get(app.url("/"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("/pkg/croupier.0123456789abcdef.js"), "{page}");
    assert!(page.contains("/pkg/croupier.1111111111111111.wasm"));
    assert!(page.contains("/pkg/croupier.2222222222222222.css"));
    let _ = std::fs::remove_dir_all(site);
}

#[tokio::test]
async fn pages_and_api_answers_are_compressed_when_asked() {
    let app = common::spawn().await;
    let client = reqwest::Client::new();
    for path in ["/", "/api/v1/openapi.json"] {
        let response = client
            .get(app.url(path))
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-encoding"], "br", "{path}");
    }
    let plain = client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let json: serde_json::Value = plain.json().await.unwrap();
    assert!(json["paths"].is_object());
}
