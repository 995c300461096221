//! Formats every credential, provider, profile and error that has seen the distinctive secret and token, with
//! `{:?}`, `{:#?}` and `{}` (and every error's `source()` chain), and checks neither ever shows up.

use std::error::Error;
use std::fmt::{Debug, Display};
use std::time::Duration;

use alicert_core::credentials::{
    CliProfileProvider, Credentials, CredentialsError, CredentialsFileProvider, DefaultChain,
    EcsRamRoleProvider, EnvProvider, ProvideCredentials, ProviderChain, load_profile,
};
use alicert_core::secret::Secret;

use super::imds::{Behavior, Imds};
use super::support::{SECRET, TOKEN, TempHome, env, env_with_home};

fn assert_clean(label: &str, shown: &str) {
    // Case-insensitive, and on a distinctive part too: a lower-cased or cut-short secret is still a leak.
    let shown_lower = shown.to_lowercase();
    for secret in [SECRET, TOKEN, "qz7Wv3", "k9Jx2p"] {
        assert!(
            !shown_lower.contains(&secret.to_lowercase()),
            "{label} shows {secret}: {shown}"
        );
    }
}

fn check_debug(label: &str, value: &impl Debug) {
    assert_clean(label, &format!("{value:?}"));
    assert_clean(label, &format!("{value:#?}"));
}

fn check_display(label: &str, value: &(impl Display + Debug)) {
    check_debug(label, value);
    assert_clean(label, &format!("{value}"));
}

fn check_error(label: &str, error: &CredentialsError) {
    check_display(label, error);
    let mut source = error.source();
    while let Some(cause) = source {
        assert_clean(label, &format!("{cause} {cause:?}"));
        source = cause.source();
    }
    for attempt in error.looked_in() {
        check_error(label, attempt);
    }
}

#[tokio::test]
async fn nothing_formatted_shows_a_secret() {
    // Values.
    check_display("Secret", &Secret::new(SECRET));
    let sts = Credentials::new("STS.NUkey0001", SECRET)
        .with_security_token(TOKEN)
        .with_expiration(std::time::SystemTime::now());
    check_debug("Credentials", &sts);
    check_debug(
        "Credentials with the secret as the id",
        &Credentials::new(SECRET, TOKEN),
    );

    // Providers that hold or have read secrets.
    let env_vars = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFromEnv00000001"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ];
    let env_provider = EnvProvider::with_lookup(env(&env_vars));
    check_debug(
        "credentials from env",
        &env_provider.provide_credentials().await.unwrap(),
    );
    check_debug("EnvProvider", &env_provider);

    let home = TempHome::new("redaction");
    let config = home.write_cli_config(&format!(
        r#"{{"current": "sts", "profiles": [{{"name": "sts", "mode": "StsToken", "access_key_id": "STS.a",
            "access_key_secret": "{SECRET}", "sts_token": "{TOKEN}"}}]}}"#
    ));
    let cli = CliProfileProvider::with_lookup(env_with_home(&home, &[]));
    check_debug("CliProfile", &cli.load().unwrap());
    check_debug("CliProfileProvider", &cli);
    home.write_credentials_file(&format!(
        "[default]\ntype = access_key\naccess_key_id = LTAI5tFile\naccess_key_secret = {SECRET}\n"
    ));
    let file = CredentialsFileProvider::with_lookup(env_with_home(&home, &[]));
    check_debug("credentials from file", &file.load().unwrap());
    check_debug("CredentialsFileProvider", &file);

    let imds = Imds::new(Duration::from_secs(3600));
    let endpoint = imds.start().await;
    let ecs = EcsRamRoleProvider::new().with_endpoint(&endpoint);
    ecs.provide_credentials().await.unwrap();
    check_debug("EcsRamRoleProvider with a cache", &ecs);

    let lookup = env_with_home(&home, &[("ALIBABA_CLOUD_ECS_METADATA", super::imds::ROLE)]);
    let chain = DefaultChain::with_home_and_env(home.path(), lookup).with_ecs_endpoint(&endpoint);
    chain.provide_credentials().await.unwrap();
    check_debug("DefaultChain", &chain);
    check_debug(
        "ProviderChain",
        &ProviderChain::new().with(sts.clone()).with(ecs),
    );

    // Errors from inputs full of secrets.
    let errors = [
        (
            "CLI JSON syntax error",
            format!(
                "{{\"profiles\": [{{\"access_key_secret\": \"{SECRET}\" \"sts_token\": \"{TOKEN}\"}}]}}"
            ),
        ),
        (
            "CLI secret of the wrong type",
            format!(
                r#"{{"current": "a", "profiles": [{{"name": "a", "mode": "StsToken", "access_key_id": "x",
                    "access_key_secret": ["{SECRET}"], "sts_token": {{"{TOKEN}": 1}}}}]}}"#
            ),
        ),
        (
            "CLI token of the wrong type",
            format!(
                r#"{{"current": "a", "profiles": [{{"name": "a", "mode": "StsToken", "access_key_id": "x",
                    "access_key_secret": "{SECRET}", "sts_token": ["{TOKEN}"]}}]}}"#
            ),
        ),
        (
            "CLI secret as the mode",
            format!(r#"{{"current": "a", "profiles": [{{"name": "a", "mode": "{SECRET}"}}]}}"#),
        ),
    ];
    for (label, text) in &errors {
        std::fs::write(&config, text).unwrap();
        check_error(label, &load_profile(&config, None).unwrap_err());
        check_error(label, &cli.provide_credentials().await.unwrap_err());
    }
    let not_utf8 = [
        format!("[default]\naccess_key_secret = {SECRET}").into_bytes(),
        vec![0xff],
    ]
    .concat();
    for (label, bytes) in [
        (
            "INI line that is a secret",
            format!("[default]\n{SECRET}\n{TOKEN}\n").into_bytes(),
        ),
        (
            "INI secret as the type",
            format!("[default]\ntype = {SECRET}\n").into_bytes(),
        ),
        (
            "INI secret as a key",
            format!("[default]\n{SECRET} = 1\n{SECRET} = 2\n").into_bytes(),
        ),
        ("INI not UTF-8", not_utf8),
    ] {
        home.write_credentials_file("");
        std::fs::write(home.path().join(".alibabacloud/credentials"), bytes).unwrap();
        check_error(label, &file.load().unwrap_err());
    }
    check_error(
        "env half set",
        &EnvProvider::with_lookup(env(&[("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)]))
            .load()
            .unwrap_err(),
    );
    for behavior in [
        Behavior::MalformedJson,
        Behavior::CodeFailed,
        Behavior::ServerError,
    ] {
        imds.set_behavior(behavior);
        let fresh = EcsRamRoleProvider::new().with_endpoint(&endpoint);
        check_error(
            &format!("ECS {behavior:?}"),
            &fresh.provide_credentials().await.unwrap_err(),
        );
    }
    let empty = TempHome::new("redaction-empty");
    let lookup = env_with_home(&empty, &[("ALIBABA_CLOUD_PROFILE", SECRET)]);
    let nothing = DefaultChain::with_home_and_env(empty.path(), lookup)
        .provide_credentials()
        .await;
    // A profile name is not a secret, but this checks that the listing itself adds nothing else.
    let nothing = nothing.unwrap_err();
    assert_clean(
        "chain listing",
        &nothing.to_string().replace(SECRET, "<profile>"),
    );
}

#[tokio::test]
async fn role_providers_and_their_errors_show_no_secret_or_token() {
    use alicert_core::credentials::{
        CredentialsUriProvider, OidcRoleProvider, RamRoleArnProvider, StsEndpoint,
    };

    use super::sts_support::{OIDC_PROVIDER_ARN, ROLE_ARN, sts_emulator};

    let emulator = sts_emulator().await;
    let endpoint = StsEndpoint::url(emulator.url());
    // A source whose secret is wrong: the emulator refuses, quoting its string to sign (which holds the policy).
    let role = RamRoleArnProvider::new(
        Credentials::new(alicert_emulator::DEFAULT_ACCESS_KEY_ID, SECRET),
        ROLE_ARN,
    )
    .with_policy(format!("{{\"note\":\"{SECRET}\"}}"))
    .with_endpoint(endpoint.clone());
    check_debug("RamRoleArnProvider", &role);
    let error = role.provide_credentials().await.unwrap_err();
    assert!(
        error.to_string().contains("SignatureDoesNotMatch"),
        "{error}"
    );
    check_error("AssumeRole refused", &error);

    let home = TempHome::new("redaction-oidc");
    let token_file = home.write("token", TOKEN);
    let oidc =
        OidcRoleProvider::new(ROLE_ARN, OIDC_PROVIDER_ARN, &token_file).with_endpoint(endpoint);
    check_debug("OidcRoleProvider", &oidc);
    let error = oidc.provide_credentials().await.unwrap_err();
    assert!(
        error.to_string().contains("InvalidParameter.OIDCToken"),
        "{error}"
    );
    check_error("AssumeRoleWithOIDC refused", &error);

    let uri =
        CredentialsUriProvider::new(format!("http://user:{SECRET}@127.0.0.1:9/c?token={TOKEN}"));
    check_debug("CredentialsUriProvider", &uri);
    check_error(
        "credentials URI unreachable",
        &uri.provide_credentials().await.unwrap_err(),
    );
}
