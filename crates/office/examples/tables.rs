//! Prints the tables jixiao finds in a file (sheets, HTML, DOCX, PDF) with
//! their merged regions: `cargo run -p jixiao-office --example tables FILE`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: tables FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    match jixiao_office::tables(&bytes) {
        Ok(tables) => {
            for t in tables {
                println!("== {} ({} rows × {} columns, merged: {})", t.place, t.cells.len(), t.width(), t.merged);
                for (r, row) in t.cells.iter().enumerate() {
                    let cells: Vec<String> = row
                        .iter()
                        .enumerate()
                        .map(|(c, s)| if t.is_origin(r, c) { format!("[{}]", s.chars().take(std::env::var("CELL_CHARS").ok().and_then(|v| v.parse().ok()).unwrap_or(12)).collect::<String>()) } else { "^".into() })
                        .collect();
                    println!("{:>4} {}", r + 1, cells.join(" "));
                }
            }
        }
        Err(e) => {
            eprintln!("{path}: {}{}", e.place, e.reason);
            std::process::exit(1);
        }
    }
}
