//! The `aliyun` CLI's `~/.aliyun/config.json`, written to a temporary home: modes AK and StsToken, how the profile
//! is chosen, and the errors for a missing profile, malformed JSON and unsupported modes.

use alicert_core::credentials::{
    CliProfileProvider, CredentialsErrorKind, ProvideCredentials, load_profile,
};

use super::support::{SECRET, TOKEN, TempHome, env_with_home};

/// Shaped like what `aliyun configure` writes, extra fields included.
fn config(current: &str) -> String {
    format!(
        r#"{{
  "current": "{current}",
  "profiles": [
    {{
      "name": "default",
      "mode": "AK",
      "access_key_id": "LTAI5tDefault000000000001",
      "access_key_secret": "{SECRET}",
      "sts_token": "",
      "ram_role_name": "",
      "ram_role_arn": "",
      "ram_session_name": "",
      "private_key": "",
      "key_pair_name": "",
      "expired_seconds": 0,
      "verified": "",
      "region_id": "cn-hangzhou",
      "output_format": "json",
      "language": "en",
      "site": "",
      "retry_timeout": 0,
      "connect_timeout": 0,
      "retry_count": 0,
      "process_command": "",
      "credentials_uri": ""
    }},
    {{
      "name": "sts",
      "mode": "StsToken",
      "access_key_id": "STS.NUsts000000000000001",
      "access_key_secret": "{SECRET}",
      "sts_token": "{TOKEN}",
      "region_id": "ap-southeast-1"
    }},
    {{
      "name": "role",
      "mode": "RamRoleArn",
      "access_key_id": "LTAI5tRole0000000000001",
      "access_key_secret": "{SECRET}",
      "ram_role_arn": "acs:ram::123456789012:role/deployer",
      "region_id": "cn-shanghai"
    }}
  ],
  "meta_path": ""
}}"#
    )
}

#[test]
fn ak_profile_chosen_by_current() {
    let home = TempHome::new("cli-ak");
    home.write_cli_config(&config("default"));
    let provider = CliProfileProvider::with_lookup(env_with_home(&home, &[]));

    let profile = provider.load().unwrap();

    assert_eq!(profile.name, "default");
    assert_eq!(profile.mode, "AK");
    assert_eq!(profile.region_id.as_deref(), Some("cn-hangzhou"));
    assert_eq!(
        profile.credentials.access_key_id(),
        "LTAI5tDefault000000000001"
    );
    assert_eq!(profile.credentials.access_key_secret(), SECRET);
    assert!(!profile.credentials.is_sts());
    assert_eq!(provider.region().as_deref(), Some("cn-hangzhou"));
    assert_eq!(
        provider.path(),
        Some(home.path().join(".aliyun/config.json").as_path())
    );
}

#[test]
fn sts_profile_chosen_by_current() {
    let home = TempHome::new("cli-sts");
    home.write_cli_config(&config("sts"));

    let profile = CliProfileProvider::with_lookup(env_with_home(&home, &[]))
        .load()
        .unwrap();

    assert_eq!(profile.mode, "StsToken");
    assert_eq!(profile.credentials.security_token(), Some(TOKEN));
    assert_eq!(profile.region_id.as_deref(), Some("ap-southeast-1"));
}

#[test]
fn alibaba_cloud_profile_overrides_current_and_an_explicit_name_overrides_both() {
    let home = TempHome::new("cli-choice");
    home.write_cli_config(&config("default"));
    let lookup = || env_with_home(&home, &[("ALIBABA_CLOUD_PROFILE", "sts")]);

    assert_eq!(
        CliProfileProvider::with_lookup(lookup())
            .load()
            .unwrap()
            .name,
        "sts"
    );
    let explicit = CliProfileProvider::with_lookup(lookup()).with_profile("default");
    assert_eq!(explicit.load().unwrap().name, "default");
}

#[tokio::test]
async fn provides_the_profile_credentials() {
    let home = TempHome::new("cli-provide");
    home.write_cli_config(&config("sts"));

    let credentials = CliProfileProvider::with_lookup(env_with_home(&home, &[]))
        .provide_credentials()
        .await
        .unwrap();

    assert_eq!(credentials.access_key_id(), "STS.NUsts000000000000001");
    assert!(credentials.is_sts());
}

#[test]
fn load_profile_with_an_explicit_path() {
    let home = TempHome::new("cli-load");
    let path = home.write("elsewhere/cli.json", &config("default"));

    let named = load_profile(&path, Some("sts")).unwrap();
    let current = load_profile(&path, None).unwrap();

    assert_eq!(
        (named.name.as_str(), current.name.as_str()),
        ("sts", "default")
    );
}

#[test]
fn no_current_means_default() {
    let home = TempHome::new("cli-no-current");
    let path = home.write_cli_config(&config("default").replace(r#""current": "default","#, ""));
    assert_eq!(load_profile(&path, None).unwrap().name, "default");
}

#[test]
fn a_missing_profile_names_it_the_file_and_the_profiles_there() {
    let home = TempHome::new("cli-missing-profile");
    let path = home.write_cli_config(&config("default"));
    let provider =
        CliProfileProvider::with_lookup(env_with_home(&home, &[("ALIBABA_CLOUD_PROFILE", "prod")]));

    let error = provider.load().unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::ProfileNotFound);
    assert!(error.is_not_found(), "the next source may have the profile");
    assert_eq!(error.profile(), Some("prod"));
    assert_eq!(error.path(), Some(path.as_path()));
    let message = error.to_string();
    assert!(
        message.contains("no profile \"prod\" (chosen by ALIBABA_CLOUD_PROFILE)"),
        "{message}"
    );
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(
        message.contains(r#"profiles there: "default", "sts", "role""#),
        "{message}"
    );
}

#[test]
fn a_current_that_names_no_profile_is_reported() {
    let home = TempHome::new("cli-bad-current");
    home.write_cli_config(&config("gone"));

    let error = CliProfileProvider::with_lookup(env_with_home(&home, &[]))
        .load()
        .unwrap_err();

    assert!(
        error
            .to_string()
            .contains("no profile \"gone\" (the file's \"current\")"),
        "{error}"
    );
}

#[test]
fn malformed_json_names_the_file_and_the_line() {
    let home = TempHome::new("cli-malformed");
    let path = home.write_cli_config(&format!(
        "{{\n  \"current\": \"default\",\n  \"profiles\": [\n    {{\"name\": \"default\",, \"access_key_secret\": \"{SECRET}\"}}\n  ]\n}}\n"
    ));

    let error = CliProfileProvider::with_lookup(env_with_home(&home, &[]))
        .load()
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::Malformed);
    assert!(!error.is_not_found(), "a broken file stops the chain");
    let message = error.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("is not valid JSON"), "{message}");
    assert!(message.contains("line 4 column"), "{message}");
}

#[test]
fn unsupported_mode_names_mode_profile_and_file() {
    let home = TempHome::new("cli-unsupported");

    let sso = config("role").replace("\"RamRoleArn\"", "\"CloudSSO\"");
    let path = home.write_cli_config(&sso);
    let error = CliProfileProvider::with_lookup(env_with_home(&home, &[]))
        .load()
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::Unsupported);
    assert!(!error.is_not_found());
    let expected = format!(
        "unsupported mode \"CloudSSO\" in profile \"role\" of file {}",
        path.display()
    );
    assert!(error.to_string().contains(&expected), "{error}");
}

#[test]
fn a_profile_without_its_secret_is_malformed() {
    let home = TempHome::new("cli-no-secret");
    home.write_cli_config(
        r#"{"current": "half", "profiles": [{"name": "half", "mode": "AK", "access_key_id": "LTAI5tHalf", "access_key_secret": ""}]}"#,
    );

    let error = CliProfileProvider::with_lookup(env_with_home(&home, &[]))
        .load()
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::Malformed);
    assert!(
        error.to_string().contains("has no \"access_key_secret\""),
        "{error}"
    );
}

#[test]
fn wrong_json_shapes_are_malformed_not_panics() {
    let home = TempHome::new("cli-shapes");
    for text in [
        "[]",
        "null",
        r#"{"profiles": {}}"#,
        r#"{"current": 7, "profiles": []}"#,
        r#"{"current": "a", "profiles": ["a", 1, null, {"name": "a", "mode": "AK", "access_key_id": 1}]}"#,
        r#"{"current": "a", "profiles": [{"name": "a", "mode": ["AK"]}]}"#,
    ] {
        home.write_cli_config(text);
        let error = CliProfileProvider::with_lookup(env_with_home(&home, &[]))
            .load()
            .unwrap_err();
        assert!(
            matches!(
                error.kind(),
                CredentialsErrorKind::Malformed | CredentialsErrorKind::ProfileNotFound
            ),
            "{text}: {error}"
        );
    }
    home.write_cli_config("{}");
    let error = CliProfileProvider::with_lookup(env_with_home(&home, &[]))
        .load()
        .unwrap_err();
    assert!(
        error.to_string().contains("the file has no profiles"),
        "{error}"
    );
}

#[test]
fn a_missing_file_is_not_found() {
    let home = TempHome::new("cli-no-file");

    let error = CliProfileProvider::with_lookup(env_with_home(&home, &[]))
        .load()
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::NotFound);
    assert!(
        error.to_string().contains("config.json does not exist"),
        "{error}"
    );
}

#[test]
fn can_be_turned_off() {
    let home = TempHome::new("cli-off");
    home.write_cli_config(&config("default"));
    let lookup = env_with_home(&home, &[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")]);

    let error = CliProfileProvider::with_lookup(lookup).load().unwrap_err();

    assert!(error.is_not_found());
    assert!(
        error
            .to_string()
            .contains("ALIBABA_CLOUD_CLI_PROFILE_DISABLED"),
        "{error}"
    );
}
