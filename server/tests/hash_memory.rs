//! The process's resident memory after a burst of password checks, in a test binary of
//! its own so no other test's allocations blur the figure.

use hallpass_server::password::PasswordHasher;

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kib / 1024.0
}

/// 200 checks at the policy's 19 MiB, two slots, from sixteen callers at once: memory
/// grows by the two slots' buffers and stays there. A buffer per check grew it by
/// hundreds of MiB, which glibc kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_checks_grows_memory_by_the_slots_buffers_only() {
    let hasher = PasswordHasher::new(2);
    let phc = hasher.hash("the one stored password").await.unwrap();
    let before = rss_mib();
    let callers: Vec<_> = (0..16)
        .map(|caller| {
            let (hasher, phc) = (hasher.clone(), phc.clone());
            tokio::spawn(async move {
                for attempt in 0..12 {
                    let guess = format!("guess {caller} {attempt}");
                    assert!(!hasher.verify(&guess, &phc).await.unwrap().matches);
                }
            })
        })
        .collect();
    for caller in callers {
        caller.await.unwrap();
    }
    let grown = rss_mib() - before;
    assert!(grown < 60.0, "grew by {grown:.0} MiB");
}
