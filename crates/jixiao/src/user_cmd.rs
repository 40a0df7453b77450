//! `jixiao user add|list`: user accounts from the command line.

use crate::db_cmd::{open, runtime, DEFAULT_DB};
use anyhow::{Context, Result};
use clap::Subcommand;
use jixiao_app::accounts::UserSpec;
use jixiao_app::{Actor, App};
use jixiao_core::access::Role;
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

/// `jixiao user …`
#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is read from standard input (one line).
    Add {
        /// Sign-in name.
        name: String,
        /// admin, editor (部门填报), approver (部门审核) or reviewer (财政审核).
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The department of an editor or approver (created if new).
        #[arg(long)]
        department: Option<String>,
        /// The region of a reviewer (without one: every department).
        #[arg(long)]
        region: Option<String>,
        /// Database: a SQLite file path or a postgres:// URL.
        #[arg(long, default_value = DEFAULT_DB)]
        db: String,
    },
    /// List the users.
    List {
        /// Database: a SQLite file path or a postgres:// URL.
        #[arg(long, default_value = DEFAULT_DB)]
        db: String,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("unknown role {s:?} (admin, editor, approver, reviewer)"))
}

/// Runs a `user` command.
pub fn run(cmd: UserCommand) -> Result<ExitCode> {
    runtime()?.block_on(async {
        match cmd {
            UserCommand::Add { name, role, department, region, db } => {
                if std::io::stdin().is_terminal() {
                    eprintln!("password for {name} (one line):");
                }
                let mut password = String::new();
                std::io::stdin().lock().read_line(&mut password).context("reading the password from standard input")?;
                let password = password.trim_end_matches(['\n', '\r']).to_string();
                let store = open(&db).await?;
                let app = App::new(store.clone());
                let spec = UserSpec { name: name.clone(), role, department, region, password };
                let result = app.add_user(&Actor::cli(), &spec).await;
                store.close().await;
                match result {
                    Ok(id) => {
                        println!("added user {name} (id {id}, {})", role.as_str());
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(e) => {
                        eprintln!("jixiao: error: {e}");
                        Ok(ExitCode::from(2))
                    }
                }
            }
            UserCommand::List { db } => {
                let store = open(&db).await?;
                let users = App::new(store.clone()).list_users(&Actor::cli()).await?;
                store.close().await;
                println!("{:<16} {:<9} {:<24} region", "name", "role", "department");
                for u in users {
                    println!(
                        "{:<16} {:<9} {:<24} {}",
                        u.name,
                        u.role,
                        u.department.unwrap_or_else(|| "-".into()),
                        u.region.unwrap_or_else(|| "-".into())
                    );
                }
                Ok(ExitCode::SUCCESS)
            }
        }
    })
}
