use leptos::{ev::SubmitEvent, prelude::*};

use super::{
    Section,
    form::{BADGE, ChangeForm, SECONDARY_BUTTON},
};
use crate::{
    components::{appearance::class, field::FormAlert},
    locale::{ProfileStrings, fill, t},
    profile::{Device, RevokeSession},
};

/// Every browser signed in to this account, so a person can end one they lost or left.
#[component]
pub fn DevicesSection(devices: Vec<Device>) -> impl IntoView {
    let revoke = ServerAction::<RevokeSession>::new();
    let ChangeForm { issues, .. } =
        ChangeForm::new("devices", t().profile.device_signed_out, move || {
            revoke.value().get()
        });
    view! {
        <Section key="devices-section" title=t().profile.devices_section>
            <ul class=class("device-list", "flex flex-col divide-y divide-hp-border")>
                {devices.into_iter().map(|device| view! { <DeviceRow device revoke /> }).collect_view()}
            </ul>
            <FormAlert issues />
        </Section>
    }
}

#[component]
fn DeviceRow(device: Device, revoke: ServerAction<RevokeSession>) -> impl IntoView {
    let session_id = device.session_id.clone();
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        revoke.dispatch(RevokeSession {
            session_id: session_id.clone(),
        });
    };
    let strings = &t().profile;
    let name = describe(device.user_agent.as_deref(), strings);
    let last_active = utc_minute(device.last_active_at);
    let details = [
        device.ip_address.clone(),
        Some(fill(strings.last_active, &[("time", &last_active)])),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li class=class("device-row", "flex flex-wrap items-center gap-2 py-3") data-session-id=device.session_id.clone()>
            <div class=class("device-info", "min-w-0 flex-1")>
                <p class=class("device-name", "flex items-center gap-2 text-sm font-medium text-hp-text")>
                    {name.clone()}
                    {device.current.then(|| view! { <span class=class("badge", BADGE)>{strings.this_device}</span> })}
                </p>
                <p class=class("device-details", "text-xs text-hp-muted")>{details}</p>
            </div>
            {(!device.current).then(|| view! {
                <form method="post" action="/user/sessions/revoke" on:submit=on_submit class=class("device-revoke-form", "")>
                    <input type="hidden" name="session_id" value=device.session_id.clone() />
                    <button type="submit" class=class("button-secondary device-revoke", SECONDARY_BUTTON)>
                        {strings.sign_out_device}
                        <span class=class("device-revoke-label", "sr-only")>
                            {fill(strings.sign_out_device_detail, &[("device", &name)])}
                        </span>
                    </button>
                </form>
            })}
        </li>
    }
}

/// "Firefox on Linux" from a user agent: enough for a person to recognise a device.
fn describe(user_agent: Option<&str>, strings: &ProfileStrings) -> String {
    let Some(agent) = user_agent else {
        return strings.unknown_device.into();
    };
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(marker, _)| agent.contains(marker))
    .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(marker, _)| agent.contains(marker))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(browser), Some(system)) => fill(
            strings.browser_on_system,
            &[("browser", browser), ("system", system)],
        ),
        (Some(name), None) | (None, Some(name)) => name.to_owned(),
        (None, None) => strings.unknown_device.into(),
    }
}

/// `2026-11-23 19:48 UTC`: the same text on the server and in the browser, so hydration
/// never disagrees, whatever the visitor's time zone.
fn utc_minute(unix_ms: i64) -> String {
    let minutes = unix_ms.div_euclid(60_000);
    let days = minutes.div_euclid(1_440);
    let minute_of_day = minutes.rem_euclid(1_440);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        minute_of_day / 60,
        minute_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::{EN, FR};

    #[test]
    fn devices_are_named_by_browser_and_system() {
        let en = &EN.profile;
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
        assert_eq!(describe(Some(chrome), en), "Chrome on Linux");
        assert_eq!(describe(Some(chrome), &FR.profile), "Chrome sous Linux");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(describe(Some(iphone), en), "Safari on iOS");
        assert_eq!(describe(Some("curl/8.5"), en), "Unknown device");
        assert_eq!(describe(None, &FR.profile), "Appareil inconnu");
    }

    #[test]
    fn times_are_shown_in_utc_to_the_minute() {
        assert_eq!(utc_minute(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_minute(1_795_434_480_000), "2026-11-23 11:48 UTC");
        assert_eq!(utc_minute(951_782_400_000), "2000-02-29 00:00 UTC");
    }
}
