//! `scripts/bench.sh`: the release server over real HTTP at 10,000 and 50,000 staff (the
//! default), or the in-process figures of imports, public pages and the cycle at scale
//! (`BENCH_MODE=inprocess`). Not part of `cargo test`: timings are reported, never asserted.
mod http;
mod inprocess;
mod municipality;

#[tokio::main]
async fn main() {
    match std::env::var("BENCH_MODE").as_deref() {
        Ok("inprocess") => inprocess::run().await,
        _ => http::run().await,
    }
}
