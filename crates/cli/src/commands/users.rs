//! `riktning user …`: the people who sign in to the workspace.

use std::io::{BufRead, Write};

use anyhow::{Context, Result, anyhow, bail};
use riktning_domain::{
    Change, Id, NewUser, Role, USERNAME_RULE, User, check_password, fold_username,
    normalize_username,
};
use riktning_store::Store;
use riktning_web::auth::{hash_password, one_time_password};

use crate::args_web::UserCommand;
use crate::lookup;
use crate::output::say;

/// The password from stdin, or a generated one that is printed once. A password from
/// stdin must resist guessing and not contain `names` (the user name and the
/// person's name).
fn password(from_stdin: bool, names: &[&str]) -> Result<(String, bool)> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from stdin")?;
        let password = line.trim_end_matches(['\r', '\n']).to_string();
        check_password(&password, names).map_err(|e| anyhow!("password: {}", e.message()))?;
        Ok((password, false))
    } else {
        Ok((one_time_password(), true))
    }
}

async fn find<S: Store>(store: &S, tenant: Id, username: &str) -> Result<User> {
    let users = store.users(tenant).await?;
    let names: Vec<&str> = users.iter().map(|u| u.username.as_str()).collect();
    let wanted = fold_username(username);
    users
        .iter()
        .find(|u| u.username == username || fold_username(&u.username) == wanted)
        .cloned()
        .ok_or_else(|| anyhow!("no user '{username}'; there are: {}", names.join(", ")))
}

pub async fn run<S: Store>(
    store: &S,
    tenant: Id,
    command: &UserCommand,
    change: &Change,
) -> Result<()> {
    match command {
        UserCommand::Add {
            username,
            name,
            role,
            units,
            password_stdin,
        } => {
            let username = normalize_username(username)
                .map_err(|_| anyhow!("user name '{username}': use {USERNAME_RULE}"))?;
            let role: Role = lookup::choice(role, "--role")?;
            let mut unit_ids = Vec::new();
            for unit in units {
                unit_ids.push(lookup::unit(store, tenant, unit).await?.id);
            }
            if role == Role::Reporter && unit_ids.is_empty() {
                bail!("a reporter reports for org units; name them with --unit");
            }
            let (secret, generated) = password(*password_stdin, &[&username, name])?;
            let hash = hash_password(&secret).map_err(|e| anyhow!(e))?;
            let user = store
                .create_user(
                    tenant,
                    &NewUser {
                        username,
                        display_name: name.clone(),
                        role,
                        units: unit_ids,
                        // A generated password was seen on the screen: it is replaced
                        // at the first sign-in.
                        must_change_password: generated,
                    },
                    &hash,
                    change,
                )
                .await?;
            say!("Added {} ({}).", user.username, user.role);
            if generated {
                say!("One-time password, shown only now: {secret}");
                say!("It must be changed at the first sign-in.");
            }
        }
        UserCommand::List { json } => {
            let users = store.users(tenant).await?;
            if *json {
                say!("{}", serde_json::to_string_pretty(&users)?);
                return Ok(());
            }
            let units = store.org_units(tenant).await?;
            for user in &users {
                let names: Vec<&str> = user
                    .units
                    .iter()
                    .filter_map(|id| units.iter().find(|u| u.id == *id))
                    .map(|u| u.name.as_str())
                    .collect();
                let disabled = if user.disabled { "  (disabled)" } else { "" };
                say!(
                    "{:<20} {:<28} {:<14} {}{disabled}",
                    user.username,
                    user.display_name,
                    user.role,
                    names.join(", ")
                );
            }
        }
        UserCommand::Disable { username } | UserCommand::Enable { username } => {
            let mut user = find(store, tenant, username).await?;
            user.disabled = matches!(command, UserCommand::Disable { .. });
            let user = store.update_user(tenant, &user, change).await?;
            let state = if user.disabled {
                "disabled; signed out everywhere"
            } else {
                "enabled"
            };
            say!("{} is {state}.", user.username);
        }
        UserCommand::ResetPassword {
            username,
            password_stdin,
        } => {
            let user = find(store, tenant, username).await?;
            let (secret, generated) =
                password(*password_stdin, &[&user.username, &user.display_name])?;
            let hash = hash_password(&secret).map_err(|e| anyhow!(e))?;
            store
                .set_user_password(tenant, user.id, &hash, generated, change)
                .await?;
            say!(
                "New password set for {}; their sessions are ended.",
                user.username
            );
            if generated {
                say!("One-time password, shown only now: {secret}");
                say!("It must be changed at the first sign-in.");
            }
        }
        UserCommand::Token {
            username,
            name,
            role,
            unit,
        } => {
            let user = find(store, tenant, username).await?;
            let role: Role = role.parse().map_err(|e| anyhow!("{e}"))?;
            if riktning_domain::role_rank(role) > riktning_domain::role_rank(user.role) {
                bail!(
                    "a token cannot have a higher role than its user: {} is {}",
                    user.username,
                    user.role
                );
            }
            let unit_id = match unit {
                Some(unit) => Some(lookup::unit(store, tenant, unit).await?.id),
                None => None,
            };
            let secret = format!(
                "{}{}",
                riktning_web::TOKEN_PREFIX,
                riktning_web::auth::random_token()
            );
            let new = riktning_domain::NewApiToken {
                user_id: user.id,
                name: name.clone(),
                role,
                unit_id,
                token_hash: riktning_web::auth::token_hash(&secret),
            };
            store.create_api_token(tenant, &new, change).await?;
            say!("Token '{name}' for {}, shown only now:", user.username);
            say!("{secret}");
        }
    }
    Ok(())
}
