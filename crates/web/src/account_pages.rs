//! Signing in and out, user administration, and the import pages (which
//! need a signed-in user allowed to import).

use crate::auth::{cookie, secure_request, session_cookie, Auth, LOGIN_COOKIE};
use crate::pages::{render, PageError};
use crate::views::Me;
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use jixiao_app::accounts::{SessionKind, UserSpec};
use jixiao_app::{random_hex, AppError};
use jixiao_core::access::Role;
use serde::Deserialize;

/// Only same-site paths are followed after signing in.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/workbench".to_string(),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    nav: &'static str,
    me: Me,
    next: String,
    name: String,
    csrf: String,
    error: String,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

fn login_page(status: StatusCode, next: String, name: String, error: String) -> Result<Response, PageError> {
    let csrf = random_hex(16);
    let page = LoginPage { nav: "", me: Me::default(), next, name, csrf: csrf.clone(), error };
    let mut resp = (status, render(page)?).into_response();
    let c = format!("{LOGIN_COOKIE}={csrf}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600");
    if let Ok(v) = HeaderValue::from_str(&c) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(resp)
}

/// 登录 form.
pub async fn login_form(Query(q): Query<LoginQuery>) -> Result<Response, PageError> {
    login_page(StatusCode::OK, safe_next(q.next.as_deref()), String::new(), String::new())
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    _csrf: String,
    name: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// Signs in from the form: a session cookie, then back where the user was.
pub async fn login(
    State(st): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(Some(&f.next));
    // Double submit: the form's token must match the cookie set with it.
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || expected != f._csrf {
        return login_page(StatusCode::FORBIDDEN, next, f.name, "登录表单已过期，请重新输入后登录".into());
    }
    match st.app.sign_in(&f.name, &f.password, auth.actor.address.as_deref(), SessionKind::Cookie).await {
        Ok(s) => {
            let mut resp = Redirect::to(&next).into_response();
            resp.headers_mut().append(header::SET_COOKIE, session_cookie(&s.token, s.max_age, secure_request(&headers, &st)));
            Ok(resp)
        }
        Err(e) => {
            let status = crate::auth::status_of(&e);
            if status.is_server_error() {
                return Err(PageError::app(e, "/login"));
            }
            login_page(status, next, f.name, e.to_string())
        }
    }
}

#[derive(Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    _csrf: String,
}

/// 退出.
pub async fn logout(State(st): State<AppState>, auth: Auth, headers: HeaderMap, Form(f): Form<LogoutForm>) -> Result<Response, PageError> {
    if let Some(token) = &auth.token {
        auth.check_csrf(Some(&f._csrf)).map_err(|e| PageError::app(e, "/"))?;
        st.app.sign_out(token, &auth.actor).await.map_err(|e| PageError::app(e, "/"))?;
    }
    let mut resp = Redirect::to("/").into_response();
    resp.headers_mut().append(header::SET_COOKIE, session_cookie("", 0, secure_request(&headers, &st)));
    Ok(resp)
}

pub struct UserRow {
    pub name: String,
    pub role_zh: &'static str,
    pub department: String,
    pub region: String,
    pub created_at: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    nav: &'static str,
    me: Me,
    users: Vec<UserRow>,
    departments: Vec<String>,
    regions: Vec<String>,
    message: String,
}

async fn users_page(st: &AppState, auth: &Auth, status: StatusCode, message: String) -> Result<Response, PageError> {
    let users = st.app.list_users(&auth.actor).await.map_err(|e| PageError::app(e, "/admin/users"))?;
    let departments = st.store.departments().await.map_err(PageError::internal)?.into_iter().map(|d| d.name).collect();
    let regions = st.store.regions().await.map_err(PageError::internal)?.into_iter().map(|r| r.name).collect();
    let page = UsersPage {
        nav: "users",
        me: Me::of(auth),
        users: users
            .into_iter()
            .map(|u| UserRow {
                role_zh: Role::parse(&u.role).map(Role::name_zh).unwrap_or(""),
                name: u.name,
                department: u.department.unwrap_or_default(),
                region: u.region.unwrap_or_default(),
                created_at: crate::views::local_time(&u.created_at),
            })
            .collect(),
        departments,
        regions,
        message,
    };
    Ok((status, render(page)?).into_response())
}

/// 用户管理 (admins).
pub async fn users(State(st): State<AppState>, auth: Auth) -> Result<Response, PageError> {
    users_page(&st, &auth, StatusCode::OK, String::new()).await
}

#[derive(Deserialize)]
pub struct UserForm {
    #[serde(default)]
    _csrf: String,
    name: String,
    role: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    region: String,
    password: String,
}

/// Adds a user from the form.
pub async fn add_user(State(st): State<AppState>, auth: Auth, Form(f): Form<UserForm>) -> Result<Response, PageError> {
    auth.check_csrf(Some(&f._csrf)).map_err(|e| PageError::app(e, "/admin/users"))?;
    let role = Role::parse(&f.role).ok_or_else(|| PageError::app(AppError::Invalid("请选择角色".into()), "/admin/users"))?;
    let spec = UserSpec {
        name: f.name.clone(),
        role,
        department: Some(f.department).filter(|d| !d.trim().is_empty()),
        region: Some(f.region).filter(|r| !r.trim().is_empty()),
        password: f.password,
    };
    match st.app.add_user(&auth.actor, &spec).await {
        Ok(_) => users_page(&st, &auth, StatusCode::OK, format!("已添加用户「{}」", f.name.trim())).await,
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let status = crate::auth::status_of(&e);
            users_page(&st, &auth, status, e.to_string()).await
        }
        Err(e) => Err(PageError::app(e, "/admin/users")),
    }
}
