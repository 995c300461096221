//! `~/.alibabacloud/credentials` (INI), written to a temporary home: profile choice, the file-name variants, and
//! line-numbered errors that never quote the line.

use alicert_core::credentials::{
    CredentialsErrorKind, CredentialsFileProvider, ProvideCredentials,
};

use super::support::{SECRET, TempHome, env_with_home};

fn ini() -> String {
    format!(
        "# written by hand\n[default]\ntype = access_key\naccess_key_id = LTAI5tIniDefault0000001\n\
         access_key_secret = {SECRET}\n\n[prod]\ntype = access_key\naccess_key_id = LTAI5tIniProd000000001\n\
         access_key_secret = {SECRET}\n\n[on-ecs]\ntype = ecs_ram_role\nrole_name = deployer\n"
    )
}

#[tokio::test]
async fn default_profile() {
    let home = TempHome::new("ini-default");
    home.write_credentials_file(&ini());

    let credentials = CredentialsFileProvider::with_lookup(env_with_home(&home, &[]))
        .provide_credentials()
        .await
        .unwrap();

    assert_eq!(credentials.access_key_id(), "LTAI5tIniDefault0000001");
    assert_eq!(credentials.access_key_secret(), SECRET);
    assert!(!credentials.is_sts());
}

#[test]
fn profile_from_alibaba_cloud_profile_or_explicit() {
    let home = TempHome::new("ini-choice");
    home.write_credentials_file(&ini());
    let lookup = || env_with_home(&home, &[("ALIBABA_CLOUD_PROFILE", "prod")]);

    let from_env = CredentialsFileProvider::with_lookup(lookup())
        .load()
        .unwrap();
    let explicit = CredentialsFileProvider::with_lookup(lookup())
        .with_profile("default")
        .load()
        .unwrap();

    assert_eq!(from_env.access_key_id(), "LTAI5tIniProd000000001");
    assert_eq!(explicit.access_key_id(), "LTAI5tIniDefault0000001");
}

#[test]
fn alibaba_cloud_credentials_file_overrides_the_path() {
    let home = TempHome::new("ini-override");
    let path = home.write("somewhere/creds", &ini());
    let lookup = env_with_home(
        &home,
        &[("ALIBABA_CLOUD_CREDENTIALS_FILE", path.to_str().unwrap())],
    );

    let provider = CredentialsFileProvider::with_lookup(lookup);

    assert_eq!(provider.paths(), [path]);
    assert_eq!(
        provider.load().unwrap().access_key_id(),
        "LTAI5tIniDefault0000001"
    );
}

#[test]
fn credentials_ini_is_the_fallback_name() {
    let home = TempHome::new("ini-dot-ini");
    home.write(".alibabacloud/credentials.ini", &ini());

    let credentials = CredentialsFileProvider::with_lookup(env_with_home(&home, &[]))
        .load()
        .unwrap();

    assert_eq!(credentials.access_key_id(), "LTAI5tIniDefault0000001");
}

#[test]
fn a_missing_file_is_not_found_and_names_both_candidates() {
    let home = TempHome::new("ini-none");

    let error = CredentialsFileProvider::with_lookup(env_with_home(&home, &[]))
        .load()
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::NotFound);
    let message = error.to_string();
    assert!(
        message.contains(".alibabacloud/credentials does not exist"),
        "{message}"
    );
    assert!(
        message.contains(".alibabacloud/credentials.ini"),
        "{message}"
    );
}

#[test]
fn a_missing_profile_lists_the_ones_there() {
    let home = TempHome::new("ini-missing-profile");
    let path = home.write_credentials_file(&ini());
    let lookup = env_with_home(&home, &[("ALIBABA_CLOUD_PROFILE", "staging")]);

    let error = CredentialsFileProvider::with_lookup(lookup)
        .load()
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::ProfileNotFound);
    assert!(error.is_not_found());
    assert_eq!(error.profile(), Some("staging"));
    let message = error.to_string();
    assert!(
        message.contains("no profile [staging] (chosen by ALIBABA_CLOUD_PROFILE)"),
        "{message}"
    );
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(
        message.contains(r#"profiles there: "default", "prod", "on-ecs""#),
        "{message}"
    );
}

#[test]
fn a_syntax_error_names_the_file_and_the_line_but_not_its_text() {
    let home = TempHome::new("ini-syntax");
    let path = home.write_credentials_file(&format!("[default]\ntype = access_key\n{SECRET}\n"));

    let error = CredentialsFileProvider::with_lookup(env_with_home(&home, &[]))
        .load()
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::Malformed);
    assert!(!error.is_not_found());
    let message = error.to_string();
    assert!(
        message.contains(&format!("{}: line 3:", path.display())),
        "{message}"
    );
    assert!(!message.contains(SECRET), "{message}");
}

#[test]
fn an_unsupported_type_is_a_hard_error() {
    let home = TempHome::new("ini-type");
    home.write_credentials_file(&ini());
    home.write_credentials_file(&format!(
        "{}\n[rsa]\ntype = rsa_key_pair\npublic_key_id = x\n",
        ini()
    ));
    let lookup = env_with_home(&home, &[("ALIBABA_CLOUD_PROFILE", "rsa")]);

    let error = CredentialsFileProvider::with_lookup(lookup)
        .load()
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::Unsupported);
    let message = error.to_string();
    assert!(
        message.contains("unsupported type \"rsa_key_pair\" in profile [rsa] (line 16)"),
        "{message}"
    );
}

#[test]
fn a_missing_key_is_malformed() {
    let home = TempHome::new("ini-missing-key");
    home.write_credentials_file("[default]\ntype = access_key\naccess_key_id = LTAI5tOnly\n");

    let error = CredentialsFileProvider::with_lookup(env_with_home(&home, &[]))
        .load()
        .unwrap_err();

    assert_eq!(error.kind(), CredentialsErrorKind::Malformed);
    assert!(
        error.to_string().contains("has no \"access_key_secret\""),
        "{error}"
    );
}
