use hallpass_server::{maintenance::sweep, on_pool, store::Db};
use serde_json::json;

use crate::helpers::spawn_app_with;
use crate::on_both_databases;

on_both_databases! {
    async fn sweeping_removes_abandoned_flows_and_closed_rate_limit_windows(backend: Backend) {
        let app = spawn_app_with(backend, |_| {}).await;
        let browser = app.browser();
        browser.post("/v1/client/sign_ins", json!({ "identifier": "someone@example.com" })).await;
        browser.post("/v1/client/sign_ups", json!({ "email_address": "half@example.com" })).await;
        let db = Db::connect(&app.database.url().parse().unwrap(), 1).await.unwrap();
        let now = hallpass_server::ids::now_ms();

        let nothing_yet = sweep(&db, now).await.unwrap();
        let a_day_later = sweep(&db, now + 25 * 3600 * 1000).await.unwrap();

        assert_eq!((nothing_yet.sign_ins, nothing_yet.sign_ups), (0, 0), "unexpired flows stay");
        assert_eq!(a_day_later.sign_ins, 1);
        assert_eq!(a_day_later.sign_ups, 1);
        assert!(a_day_later.rate_limits >= 2, "the sign-in and sign-up windows");
        let left: i64 = on_pool!(&db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM rate_limits").fetch_one(pool).await.unwrap());
        assert_eq!(left, 0);
    }
}
