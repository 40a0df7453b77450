//! The OpenAPI 3.0 description of the API (`GET /api/openapi.json`).

use serde_json::{json, Value};

fn q(name: &str, desc: &str, required: bool, ty: &str) -> Value {
    json!({"name": name, "in": "query", "required": required, "description": desc, "schema": {"type": ty}})
}

/// A bad query string or body: every operation may answer it.
fn bad_request() -> Value {
    json!({"description": "malformed or out-of-range parameters (message in Chinese)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

fn ok(desc: &str, schema: Value) -> Value {
    json!({"200": {"description": desc, "content": {"application/json": {"schema": schema}}}, "400": bad_request()})
}

fn obj() -> Value {
    json!({"type": "object"})
}

fn answer(code: &str, desc: &str, schema: Value) -> (String, Value) {
    (code.to_string(), json!({"description": desc, "content": {"application/json": {"schema": schema}}}))
}

/// Responses: the given ones plus the errors every protected route may give.
fn with_errors(mut ok: Vec<(String, Value)>, codes: &[&str]) -> Value {
    let err = json!({"$ref": "#/components/schemas/Error"});
    for c in codes {
        let desc = match *c {
            "401" => "not signed in (message in Chinese)",
            "403" => "not allowed, or a missing CSRF token for a cookie session",
            "404" => "no such document",
            "409" => "not possible in the document's state",
            "412" => "If-Match names an older revision: nothing was written",
            "422" => "invalid input",
            "428" => "If-Match missing",
            "429" => "too many failed sign-ins (Retry-After)",
            "503" => "too many files being read at once: try again after Retry-After seconds",
            _ => "error",
        };
        ok.push(answer(c, desc, err.clone()));
    }
    if !codes.contains(&"400") {
        ok.push(("400".to_string(), bad_request()));
    }
    Value::Object(ok.into_iter().collect())
}

/// The OpenAPI 3.0 description of the API.
pub fn openapi_doc() -> Value {
    let mut doc = described();
    // The downloads are links of the pages: their errors are the Chinese error page.
    if let Some(Value::Object(responses)) = doc.pointer_mut("/paths/~1documents~1{id}.{format}/get/responses") {
        for (code, r) in responses.iter_mut().filter(|(c, _)| c.as_str() != "200") {
            let _ = code;
            r["content"] = json!({"text/html": {"schema": {"type": "string"}}});
        }
    }
    doc
}

fn described() -> Value {
    let id = json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64", "minimum": 1, "maximum": 9_223_372_036_854_775_807i64}});
    let if_match = json!({"name": "If-Match", "in": "header", "required": true, "description": "the ETag of the revision the change is based on, e.g. \"r7\"", "schema": {"type": "string"}});
    let csrf = json!({"name": "X-CSRF-Token", "in": "header", "required": false, "description": "required with a session cookie (GET /api/session gives it); not with a bearer token", "schema": {"type": "string"}});
    let json_body = |schema: Value| json!({"required": true, "content": {"application/json": {"schema": schema}}});
    let document = json!({"$ref": "#/components/schemas/StoredDocument"});
    json!({
        "openapi": "3.0.3",
        "info": {"title": "jixiao API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Budget performance target tables (perf-targets/1): reading, search and comparison (public: published tables only); authoring and the workflow (signed in: session cookie or bearer token from POST /api/session). Errors are {\"error\": \"<Chinese message>\"}."},
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "jixiao_session"}
            },
            "schemas": {
                "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                    "code": {"type": "string", "description": "stable key: bad_request, unauthorized, forbidden, not_found, conflict, stale, invalid, too_many_requests, internal …"},
                    "message": {"type": "string", "description": "what went wrong, in Chinese"},
                    "detail": {"type": "string", "description": "the framework's own words for a refused request, when there are any"}},
                    "required": ["code", "message"]}}, "required": ["error"]},
                "DocumentSummary": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "source": {"type": "string"}, "version": {"type": "integer"}, "kind": {"type": "string"},
                    "title": {"type": "string", "nullable": true}, "department": {"type": "string"}, "year": {"type": "integer", "nullable": true},
                    "indicators": {"type": "integer"}, "errors": {"type": "integer"}, "warnings": {"type": "integer"},
                    "state": {"type": "string"}, "revision": {"type": "integer"}}},
                "Finding": {"type": "object", "properties": {"rule": {"type": "string"}, "family": {"type": "string"},
                    "severity": {"type": "string", "enum": ["error", "warning", "info"]}, "message": {"type": "string"},
                    "place": {"type": "object"}, "indicator_position": {"type": "integer", "nullable": true}}},
                "StoredDocument": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "state": {"type": "string", "enum": ["draft", "submitted", "forwarded", "approved", "published", "returned"]},
                    "revision": {"type": "integer"}, "version": {"type": "integer"}, "document": {"type": "object", "description": "perf-targets/1"},
                    "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
                    "comments": {"type": "array", "items": {"$ref": "#/components/schemas/Comment"}},
                    "transitions": {"type": "array", "items": {"type": "string"}}, "editable": {"type": "boolean"}}},
                "Comment": {"type": "object", "properties": {"place": {"type": "object"}, "text": {"type": "string"},
                    "author": {"type": "string"}, "at": {"type": "string"}}, "required": ["place", "text"]}
            }
        },
        "paths": {
            "/api/stats": {"get": {"summary": "Counts over the published documents", "responses": ok("counts", obj())}},
            "/api/session": {
                "post": {"summary": "Sign in: a bearer token", "requestBody": json_body(json!({"type": "object", "properties": {"name": {"type": "string"}, "password": {"type": "string"}}, "required": ["name", "password"]})),
                    "responses": with_errors(vec![answer("201", "signed in", json!({"type": "object", "properties": {"token": {"type": "string"}, "expires_in": {"type": "integer"}}}))], &["401", "422", "429"])},
                "get": {"summary": "The signed-in user and the session's CSRF token", "responses": with_errors(vec![answer("200", "user", obj())], &["401"])},
                "delete": {"summary": "Sign out (ends the session of the request)", "parameters": [csrf.clone()],
                    "responses": with_errors(vec![("204".to_string(), json!({"description": "signed out"}))], &["401", "403"])}
            },
            "/api/documents": {
                "get": {"summary": "The latest published version of every document",
                    "responses": ok("documents", json!({"type": "array", "items": {"$ref": "#/components/schemas/DocumentSummary"}}))},
                "post": {"summary": "Create a draft: blank ({kind, year[, department]}) or a copy of last year's ({copy_from[, year]})",
                    "parameters": [csrf.clone()],
                    "requestBody": json_body(json!({"type": "object", "properties": {"year": {"type": "integer", "minimum": 2000, "maximum": 2100, "nullable": true}, "department": {"type": "string", "nullable": true}, "copy_from": {"type": "integer", "format": "int64", "minimum": 1, "nullable": true}, "kind": {"type": "string", "enum": ["project", "department", null], "nullable": true}}})),
                    "responses": with_errors(vec![answer("201", "created (ETag: its revision)", json!({"type": "object", "properties": {"id": {"type": "integer"}, "revision": {"type": "integer"}}}))], &["401", "403", "404", "422"])}
            },
            "/api/documents/{id}": {
                "get": {"summary": "One document with state, revision (ETag), findings, current comments and the caller's transitions",
                    "parameters": [id.clone()], "responses": with_errors(vec![answer("200", "document", document.clone()), ("304".to_string(), json!({"description": "If-None-Match matches"}))], &["401", "403", "404"])},
                "put": {"summary": "Save a draft's content (perf-targets/1); If-Match required",
                    "parameters": [id.clone(), if_match, csrf.clone()],
                    "requestBody": json_body(json!({"type": "object", "properties": {"document": {"type": "object"}}, "required": ["document"]})),
                    "responses": with_errors(vec![answer("200", "saved (ETag: the new revision)", json!({"type": "object", "properties": {"revision": {"type": "integer"}}}))], &["401", "403", "404", "409", "412", "422", "428"])}
            },
            "/documents/{id}.{format}": {"get": {"summary": "The document in the official layout as a file to save (same permissions as its page); ?findings=1 adds the review findings to the PDF as an appendix",
                "parameters": [id.clone(),
                    {"name": "format", "in": "path", "required": true, "schema": {"type": "string", "enum": ["xlsx", "pdf", "csv", "json"]}},
                    {"name": "findings", "in": "query", "required": false, "description": "any value but empty or 0 adds the findings to the PDF", "schema": {"type": "string"}}],
                "responses": with_errors(vec![("200".to_string(), json!({"description": "the file (Content-Disposition names it)",
                    "content": {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}},
                        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                        "text/csv": {"schema": {"type": "string"}},
                        "application/json": {"schema": {"type": "object"}}}}))], &["401", "403", "404"])}},
            "/api/documents/{id}/findings": {"get": {"summary": "Review findings of a document", "parameters": [id.clone()],
                "responses": with_errors(vec![answer("200", "findings", json!({"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}))], &["401", "403", "404"])}},
            "/api/documents/{id}/transitions": {"post": {"summary": "Take a workflow step: submit, forward, return (comment required; comments on places), approve, publish, adjust (a new draft edition of a published table)",
                "parameters": [id.clone(), csrf.clone()],
                "requestBody": json_body(json!({"type": "object", "properties": {"action": {"type": "string", "enum": ["submit", "forward", "return", "approve", "publish", "adjust"]}, "comment": {"type": "string"}, "comments": {"type": "array", "items": {"$ref": "#/components/schemas/Comment"}}}, "required": ["action"]})),
                "responses": with_errors(vec![answer("200", "done", json!({"type": "object", "properties": {"id": {"type": "integer"}, "state": {"type": "string"}, "revision": {"type": "integer"}}})), answer("201", "adjustment: the new edition", obj())], &["401", "403", "404", "409", "412", "422"])}},
            "/api/documents/{id}/history": {"get": {"summary": "Audit records, saved revisions, comments and editions of a document", "parameters": [id],
                "responses": with_errors(vec![answer("200", "history", obj())], &["401", "403", "404"])}},
            "/api/documents/{id}/monitoring": {
                "get": {"summary": "Monitoring rounds of a document in force, latest first, with each light and its reason", "parameters": [id.clone()],
                    "responses": with_errors(vec![answer("200", "rounds", obj())], &["401", "403", "404"])},
                "post": {"summary": "Enter (or replace) the monitoring round of a month: projects' execution, indicators' actuals, likelihood, causes; rows matched by name, the unmatched listed",
                    "parameters": [id.clone(), csrf.clone()],
                    "requestBody": json_body(json!({"type": "object", "properties": {"month": {"type": "integer", "minimum": 1, "maximum": 12},
                        "projects": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "budget": {"type": "number"}, "executed": {"type": "number"}, "expected": {"type": "number"}}, "required": ["name"]}},
                        "indicators": {"type": "array", "items": {"type": "object", "properties": {"project": {"type": "string"}, "name": {"type": "string"}, "actual": {"type": "string"}, "expected": {"type": "string"},
                            "likelihood": {"type": "string", "enum": ["确定能", "有可能", "完全不可能"]}, "causes": {"type": "array", "items": {"type": "string"}}, "explanation": {"type": "string"}, "action": {"type": "string"}, "note": {"type": "string"}}, "required": ["name"]}}},
                        "required": ["month"]})),
                    "responses": with_errors(vec![answer("201", "stored", json!({"type": "object", "properties": {"round_id": {"type": "integer"}, "light": {"type": "string"}, "unmatched": {"type": "array", "items": {"type": "string"}}}}))], &["401", "403", "404", "422"])}},
            "/api/monitoring/{round}/check": {"post": {"summary": "The department's approver confirms a round or returns it",
                "parameters": [{"name": "round", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64", "minimum": 1, "maximum": 9_223_372_036_854_775_807i64}}, csrf.clone()],
                "requestBody": json_body(json!({"type": "object", "properties": {"confirm": {"type": "boolean"}}, "required": ["confirm"]})),
                "responses": with_errors(vec![answer("204", "done", obj())], &["401", "403", "404", "422"])}},
            "/api/laggards": {"get": {"summary": "Projects lit yellow or red in the latest round of each document the user may see, with the causes given",
                "parameters": [{"name": "order", "in": "query", "required": false, "description": "sort order", "schema": {"type": "string", "enum": ["light", "department", "execution"]}},
                    {"name": "limit", "in": "query", "required": false, "description": "at most this many rows", "schema": {"type": "integer", "minimum": 1, "maximum": 10000}}],
                "responses": with_errors(vec![answer("200", "laggards", obj())], &["401", "422"])}},
            "/api/documents/{id}/self-evaluation": {"get": {"summary": "The self-evaluation (绩效自评) from the document's latest monitoring round: per project the execution and every indicator with weight, score and formula, total and grade; the department summary; null before any round",
                "parameters": [id.clone()],
                "responses": with_errors(vec![answer("200", "self_evaluation", obj())], &["401", "403", "404", "422"])}},
            "/api/years": {"get": {"summary": "One indicator of a department's project across years: target, actual and score of each year's latest round",
                "parameters": [
                    {"name": "department", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1, "pattern": "\\S"}},
                    {"name": "project", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1, "pattern": "\\S"}},
                    {"name": "indicator", "in": "query", "required": true, "description": "三级指标 name", "schema": {"type": "string", "minLength": 1, "pattern": "\\S"}}],
                "responses": ok("years", json!({"type": "object", "properties": {"years": {"type": "array", "items": {"type": "object"}}}}))}},
            "/api/warning-policy": {
                "get": {"summary": "The warning thresholds in force", "responses": ok("policy", obj())},
                "put": {"summary": "An admin changes the thresholds (points behind for yellow and red, an optional schedule); every round is relit",
                    "parameters": [csrf.clone()],
                    "requestBody": json_body(json!({"type": "object", "properties": {"yellow_behind": {"type": "number"}, "red_behind": {"type": "number"},
                        "schedule": {"type": "array", "items": {"type": "object", "properties": {"month": {"type": "integer"}, "rate": {"type": "number"}}}}}, "required": ["yellow_behind", "red_behind", "schedule"]})),
                    "responses": with_errors(vec![answer("200", "stored", obj())], &["401", "403", "422"])}},
            "/api/review": {"post": {"summary": "Live review of a table being written: parsed target per indicator and findings (nothing stored)",
                "requestBody": json_body(json!({"type": "object", "properties": {"document": {"type": "object"}}, "required": ["document"]})),
                "responses": with_errors(vec![answer("200", "review", json!({"type": "object", "properties": {"targets": {"type": "array", "items": {"type": "string"}}, "findings": {"type": "array", "items": {"type": "object"}}}}))], &["401", "422"])}},
            "/api/taxonomy": {"get": {"summary": "Level-1 indicator categories with their level-2 categories", "responses": ok("taxonomy", obj())}},
            "/api/search": {"get": {"summary": "Indicators of published tables holding every word of the query in the chosen scope, with filters",
                "parameters": [q("q", "words separated by spaces, every one required (at most 8)", false, "string"),
                    {"name": "scope", "in": "query", "required": false, "description": "where the words are looked for: indicator names (default), project/task names, values, departments, or all of them", "schema": {"type": "string", "enum": ["", "name", "owner", "value", "department", "all"]}}, q("department", "department", false, "string"),
                    {"name": "year", "in": "query", "required": false, "description": "budget year (2023 or 2023年; empty: any)", "schema": {"type": "string", "pattern": "^(|(19\\d\\d|2[01]\\d\\d|2200)年?)$"}}, q("level1", "level-1 category as printed", false, "string"),
                    {"name": "finding", "in": "query", "required": false, "description": "indicators with a finding of this severity", "schema": {"type": "string", "enum": ["", "any", "error", "warning", "info"]}},
                    {"name": "limit", "in": "query", "required": false, "description": "page size", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
                    {"name": "offset", "in": "query", "required": false, "description": "skip this many", "schema": {"type": "integer", "minimum": 0, "maximum": 100000}}],
                "responses": ok("hits", json!({"type": "object", "required": ["hits", "more", "total", "total_exact", "offset", "limit"], "properties": {
                    "hits": {"type": "array", "items": search_hit()},
                    "more": {"type": "boolean", "description": "hits beyond this page"},
                    "total": {"type": "integer", "description": "hits in all; when total_exact is false, more than 1000"},
                    "total_exact": {"type": "boolean"}, "offset": {"type": "integer"}, "limit": {"type": "integer"},
                    "elapsed_ms": {"type": "number"}}}))}},
            "/api/compare": {"get": {"summary": "One indicator across departments and years",
                "parameters": [q("name", "indicator name", true, "string")],
                "responses": ok("rows", json!({"type": "array", "items": {"type": "object"}}))}},
            "/api/target": {"get": {"summary": "Parse a target value string",
                "parameters": [q("value", "value as printed, e.g. 不少于2000次", true, "string")],
                "responses": ok("target", obj())}},
            "/api/import": {"post": {"summary": "Parse, review and store one file (all or nothing): an editor's becomes a draft of its department; a reviewer's or admin's is published",
                "parameters": [q("name", "file name", true, "string"), csrf],
                "requestBody": {"required": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                "responses": with_errors(vec![answer("201", "stored", obj()), answer("200", "unchanged", obj())], &["401", "403", "422", "503"])}},
            "/api/openapi.json": {"get": {"summary": "This document", "responses": ok("OpenAPI", obj())}}
        }
    })
}

/// One hit of `/api/search`.
fn search_hit() -> serde_json::Value {
    json!({"type": "object", "properties": {
                        "indicator_id": {"type": "integer"}, "document_id": {"type": "integer"}, "department": {"type": "string"},
                        "year": {"type": "integer", "nullable": true}, "kind": {"type": "string"}, "owner": {"type": "string", "nullable": true},
                        "level1": {"type": "string", "nullable": true}, "level2": {"type": "string", "nullable": true}, "name": {"type": "string"},
                        "value": {"type": "string", "nullable": true, "description": "the value column as printed"},
                        "comparator": {"type": "string", "nullable": true}, "unit": {"type": "string", "nullable": true},
                        "printed": {"type": "string", "nullable": true, "description": "the value with its comparator and unit columns"},
                        "target": {"type": "object", "nullable": true}, "findings": {"type": "array"}}})
}
