//! The hosted profile page and its forms, without JavaScript and through the server
//! functions and JSON API that the hydrated components and other clients use.

use hallpass_server::store::Db;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, form_browser, post_form, spawn_app};
use crate::on_both_databases;

/// A whole 1×1 PNG: uploads are decoded in full, so a header alone is refused.
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\
    \0\0\0\rIDATx\xdacd`\xf8_\x0f\0\x02\x87\x01\x80\xebG\xba\x92\0\0\0\0IEND\xaeB`\x82";

/// A PNG signature and a valid header chunk claiming 100000×100000 pixels, and no more.
const HUGE_PNG_HEADER: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\x01\x86\xa0\0\x01\x86\xa0\x08\x06\0\0\0\xa8R\x0b\xc8";

/// A browser signed up through the hosted form, with no JavaScript.
async fn signed_up(app: &TestApp, email: &str) -> reqwest::Client {
    let browser = form_browser();
    let response = post_form(
        app,
        &browser,
        "/sign-up",
        &[("email_address", email), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(response.status(), 303, "signed up {email}");
    browser
}

async fn page(app: &TestApp, browser: &reqwest::Client, path: &str) -> String {
    browser
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn me(app: &TestApp, browser: &reqwest::Client) -> Value {
    let response = browser.get(app.url("/v1/me")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json::<Value>().await.unwrap()["response"].clone()
}

fn upload(bytes: &[u8], file_name: &str) -> Form {
    Form::new().part(
        "file",
        Part::bytes(bytes.to_vec()).file_name(file_name.to_owned()),
    )
}

async fn post_upload(
    app: &TestApp,
    browser: &reqwest::Client,
    path: &str,
    form: Form,
) -> reqwest::Response {
    browser
        .post(app.url(path))
        .header("origin", &app.address)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

on_both_databases! {
    async fn the_profile_page_renders_the_account_on_the_server(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = signed_up(&app, "page@example.com").await;

        let html = page(&app, &browser, "/user").await;

        assert!(html.contains("page@example.com"));
        assert!(html.contains("This device"));
        assert!(html.contains("action=\"/user/profile\""), "forms post without JavaScript");
        let signed_out = page(&app, &form_browser(), "/user").await;
        assert!(signed_out.contains("Sign in to manage your account"));
    }

    async fn names_saved_with_the_form_show_everywhere(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = signed_up(&app, "names@example.com").await;

        let response = post_form(&app, &browser, "/user/profile", &[("first_name", "Ada"), ("last_name", "Lovelace"), ("username", "ada_l")]).await;

        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/user");
        let user = me(&app, &browser).await;
        assert_eq!((user["first_name"].as_str(), user["last_name"].as_str(), user["username"].as_str()), (Some("Ada"), Some("Lovelace"), Some("ada_l")));
        let html = page(&app, &browser, "/user").await;
        assert!(html.contains("value=\"Lovelace\""));
    }

    async fn a_refused_profile_change_comes_back_with_its_problem_and_values(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = signed_up(&app, "refused@example.com").await;

        let response = post_form(&app, &browser, "/user/profile", &[("first_name", "Kept"), ("last_name", ""), ("username", "no spaces allowed")]).await;

        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(html.contains("value=\"Kept\""), "entered values are kept");
        assert!(html.contains("aria-invalid=\"true\""));
        assert_eq!(me(&app, &browser).await["first_name"], Value::Null, "nothing was written");
    }

    async fn changing_the_password_needs_the_current_one_and_can_end_other_sessions(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = signed_up(&app, "rotate@example.com").await;
        let elsewhere = form_browser();
        post_form(&app, &elsewhere, "/sign-in", &[("identifier", "rotate@example.com"), ("password", PASSWORD)]).await;
        let new_password = "an entirely new passphrase 77";

        let wrong = post_form(&app, &browser, "/user/password", &[("current_password", "not it at all"), ("new_password", new_password)]).await;
        let weak = post_form(&app, &browser, "/user/password", &[("current_password", PASSWORD), ("new_password", "password1")]).await;
        let right = post_form(&app, &browser, "/user/password", &[("current_password", PASSWORD), ("new_password", new_password), ("sign_out_of_other_sessions", "on")]).await;

        assert_eq!(wrong.status(), 422);
        assert!(wrong.text().await.unwrap().contains("The current password is incorrect."));
        assert_eq!(weak.status(), 422);
        assert_eq!(right.status(), 303);
        let old = post_form(&app, &form_browser(), "/sign-in", &[("identifier", "rotate@example.com"), ("password", PASSWORD)]).await;
        assert_eq!(old.status(), 422, "the old password no longer works");
        let new = post_form(&app, &form_browser(), "/sign-in", &[("identifier", "rotate@example.com"), ("password", new_password)]).await;
        assert_eq!(new.status(), 303);
        assert!(page(&app, &elsewhere, "/user").await.contains("Sign in to manage your account"), "the other device was signed out");
        assert!(page(&app, &browser, "/user").await.contains("This device"), "this one was not");
    }

    async fn another_device_can_be_signed_out_but_never_someone_elses(backend: Backend) {
        let app = spawn_app(backend).await;
        let laptop = signed_up(&app, "owner@example.com").await;
        let phone = form_browser();
        post_form(&app, &phone, "/sign-in", &[("identifier", "owner@example.com"), ("password", PASSWORD)]).await;
        let stranger = signed_up(&app, "stranger@example.com").await;
        let phone_session = me_session(&app, &phone).await;

        let by_stranger = post_form(&app, &stranger, "/user/sessions/revoke", &[("session_id", &phone_session)]).await;
        assert_eq!(by_stranger.status(), 422);
        assert!(page(&app, &phone, "/user").await.contains("This device"), "a stranger cannot end it");

        let by_owner = post_form(&app, &laptop, "/user/sessions/revoke", &[("session_id", &phone_session)]).await;
        assert_eq!(by_owner.status(), 303);
        assert!(page(&app, &phone, "/user").await.contains("Sign in to manage your account"));
        let token = phone.post(app.url(&format!("/v1/client/sessions/{phone_session}/tokens"))).header("origin", &app.address).send().await.unwrap();
        assert_eq!(token.status(), 401, "its refresh fails too");
    }

    async fn a_profile_picture_is_checked_stored_and_served_for_caching(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = signed_up(&app, "picture@example.com").await;

        let svg = post_upload(&app, &browser, "/v1/me/profile_image", upload(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "a.png")).await;
        let empty = post_upload(&app, &browser, "/v1/me/profile_image", Form::new().text("other", "x")).await;
        let too_big = post_upload(&app, &browser, "/v1/me/profile_image", upload(&[PNG, &vec![0; 2 * 1024 * 1024]].concat(), "big.png")).await;
        let page_form = post_upload(&app, &browser, "/user/avatar", upload(PNG, "me.png")).await;

        assert_eq!(svg.status(), 415);
        assert_eq!(svg.json::<Value>().await.unwrap()["errors"][0]["code"], "image_type_unsupported");
        assert_eq!(empty.status(), 422);
        assert_eq!(too_big.status(), 413);
        assert_eq!(page_form.status(), 303);
        let image_url = me(&app, &browser).await["image_url"].as_str().unwrap().to_owned();
        assert!(image_url.starts_with(&app.address), "an absolute URL on this instance: {image_url}");
        let image = reqwest::get(&image_url).await.unwrap();
        assert_eq!(image.status(), 200);
        assert_eq!(image.headers()["content-type"], "image/png");
        assert!(image.headers()["cache-control"].to_str().unwrap().contains("immutable"));
        assert_eq!(image.bytes().await.unwrap().as_ref(), PNG);
        assert!(page(&app, &browser, "/user").await.contains(&image_url));

        let removed = post_form(&app, &browser, "/user/avatar/remove", &[]).await;
        assert_eq!(removed.status(), 303);
        assert_eq!(me(&app, &browser).await["image_url"], Value::Null);
        assert_eq!(reqwest::get(&image_url).await.unwrap().status(), 404, "the old picture is gone");
    }

    async fn only_a_picture_that_decodes_within_bounds_is_stored(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = signed_up(&app, "bounds@example.com").await;

        let too_short = post_upload(&app, &browser, "/v1/me/profile_image", upload(b"GIF87", "a.gif")).await;
        let magic_only = post_upload(&app, &browser, "/v1/me/profile_image", upload(b"GIF87a", "a.gif")).await;
        let truncated = post_upload(&app, &browser, "/v1/me/profile_image", upload(&PNG[..PNG.len() - 12], "cut.png")).await;
        let huge = post_upload(&app, &browser, "/v1/me/profile_image", upload(HUGE_PNG_HEADER, "huge.png")).await;
        let page_form = post_upload(&app, &browser, "/user/avatar", upload(HUGE_PNG_HEADER, "huge.png")).await;

        for (response, status, code) in [
            (too_short, 415, "image_type_unsupported"),
            (magic_only, 422, "image_invalid"),
            (truncated, 422, "image_invalid"),
            (huge, 422, "image_dimensions_too_large"),
        ] {
            assert_eq!(response.status(), status, "{code}");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["errors"][0]["code"], code, "{body}");
            assert_eq!(body["errors"][0]["meta"]["param_name"], "file", "{body}");
            if code == "image_dimensions_too_large" {
                assert_eq!(body["errors"][0]["meta"]["max"], 4096, "{body}");
            }
        }
        assert_eq!(page_form.status(), 422);
        assert!(page_form.text().await.unwrap().contains("The image is larger than 4096×4096 pixels."));
        assert_eq!(me(&app, &browser).await["image_url"], Value::Null, "nothing was stored");
        let stored: i64 = {
            let db = Db::connect(&app.database.url().parse().unwrap(), 1).await.unwrap();
            hallpass_server::on_pool!(&db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM profile_images").fetch_one(pool).await.unwrap())
        };
        assert_eq!(stored, 0);
    }

    async fn email_addresses_are_promoted_and_removed_by_their_owner_only(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = signed_up(&app, "first@example.com").await;
        let user = me(&app, &browser).await;
        let first_id = user["primary_email_address_id"].as_str().unwrap().to_owned();
        let second_id = add_email(&app, user["id"].as_str().unwrap(), "second@example.com", true).await;
        let unverified_id = add_email(&app, user["id"].as_str().unwrap(), "third@example.com", false).await;
        let stranger = signed_up(&app, "stranger@example.com").await;

        let primary_removal = post_form(&app, &browser, "/user/emails/remove", &[("email_id", &first_id)]).await;
        let unverified = post_form(&app, &browser, "/user/emails/primary", &[("email_id", &unverified_id)]).await;
        let by_stranger = post_form(&app, &stranger, "/user/emails/remove", &[("email_id", &second_id)]).await;
        assert_eq!(primary_removal.status(), 422);
        assert!(primary_removal.text().await.unwrap().contains("The primary email address cannot be removed"));
        assert_eq!(unverified.status(), 422);
        assert_eq!(by_stranger.status(), 422);

        let promoted = post_form(&app, &browser, "/user/emails/primary", &[("email_id", &second_id)]).await;
        let removed = post_form(&app, &browser, "/user/emails/remove", &[("email_id", &first_id)]).await;

        assert_eq!((promoted.status().as_u16(), removed.status().as_u16()), (303, 303));
        let user = me(&app, &browser).await;
        assert_eq!(user["primary_email_address_id"], second_id.as_str());
        let addresses: Vec<&str> = user["email_addresses"].as_array().unwrap().iter().map(|e| e["email_address"].as_str().unwrap()).collect();
        assert_eq!(addresses, ["second@example.com", "third@example.com"]);
        let api = browser.delete(app.url(&format!("/v1/me/email_addresses/{second_id}"))).header("origin", &app.address).send().await.unwrap();
        assert_eq!(api.status(), 422);
        assert_eq!(api.json::<Value>().await.unwrap()["errors"][0]["code"], "primary_email_address_removal");
    }

    async fn deleting_the_account_needs_the_password_and_signs_out(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = signed_up(&app, "leaving@example.com").await;

        let wrong = post_form(&app, &browser, "/user/delete", &[("password", "not my password")]).await;
        assert_eq!(wrong.status(), 422);
        assert!(page(&app, &browser, "/user").await.contains("This device"), "still there");

        let right = post_form(&app, &browser, "/user/delete", &[("password", PASSWORD)]).await;

        assert_eq!(right.status(), 303);
        assert_eq!(right.headers()["location"], "/signed-out");
        assert!(page(&app, &browser, "/signed-out").await.contains("You are signed out"));
        let again = post_form(&app, &form_browser(), "/sign-in", &[("identifier", "leaving@example.com"), ("password", PASSWORD)]).await;
        assert_eq!(again.status(), 422, "the account is gone");
        let fresh = post_form(&app, &form_browser(), "/sign-up", &[("email_address", "leaving@example.com"), ("password", PASSWORD)]).await;
        assert_eq!(fresh.status(), 303, "and its address is free again");
    }

    async fn the_server_functions_change_the_account_of_the_session_only(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = signed_up(&app, "fn@example.com").await;
        let call = |function: &str, form: &[(&str, &str)]| {
            browser.post(app.url(&format!("/api/{function}"))).form(form).send()
        };

        let saved: Value = call("update_profile", &[("form[first_name]", "Grace"), ("form[last_name]", "Hopper"), ("form[username]", "")]).await.unwrap().json().await.unwrap();
        let refused: Value = call("change_password", &[("form[current_password]", "wrong wrong wrong"), ("form[new_password]", "another long passphrase 9"), ("form[sign_out_of_other_sessions]", "false")]).await.unwrap().json().await.unwrap();
        let profile: Value = call("profile", &[]).await.unwrap().json().await.unwrap();
        let signed_out: Value = form_browser().post(app.url("/api/update_profile")).form(&[("form[first_name]", "Nobody"), ("form[last_name]", ""), ("form[username]", "")]).send().await.unwrap().json().await.unwrap();

        assert_eq!(saved, json!("Saved"));
        assert_eq!(refused["Rejected"][0]["code"], "form_password_incorrect");
        assert_eq!(refused["Rejected"][0]["param"], "current_password");
        assert_eq!(profile["user"]["first_name"], "Grace");
        assert_eq!(profile["devices"][0]["current"], true);
        assert_eq!(signed_out["Rejected"][0]["code"], "signed_out");
    }
}

/// The session this browser is signed in with: the profile lists it first.
async fn me_session(app: &TestApp, browser: &reqwest::Client) -> String {
    let profile: Value = browser
        .post(app.url("/api/profile"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(profile["devices"][0]["current"], true);
    profile["devices"][0]["session_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// An address added to the account directly in the database: adding one through the
/// product comes with email delivery.
async fn add_email(app: &TestApp, user_id: &str, address: &str, verified: bool) -> String {
    let db = Db::connect(&app.database.url().parse().unwrap(), 1)
        .await
        .unwrap();
    let id = format!("idn_{}", address.replace(['@', '.'], "_"));
    // After the sign-up's address, in the order added, as the account lists them.
    let added_at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    hallpass_server::on_pool!(&db, pool => sqlx::query(
        "INSERT INTO email_addresses (id, user_id, email_address, normalized, verified, is_primary, created_at, updated_at) \
         VALUES ($1, $2, $3, $3, $4, FALSE, $5, $5)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(address)
    .bind(verified)
    .bind(added_at)
    .execute(pool)
    .await
    .map(drop)
    .unwrap());
    id
}
