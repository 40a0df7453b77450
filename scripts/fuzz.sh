#!/usr/bin/env bash
# Fuzzes the parsers with libFuzzer: scripts/fuzz.sh [TARGET] [SECONDS]
# TARGET is parse (default), target, or one of the office readers xlsx, docx, html, pdf.
# parse starts from the seeds in ../shared/seeds; the office targets start from
# real files that LibreOffice makes here from a Chinese target table with merged
# cells (fuzz/corpus/TARGET-seed, made once, kept out of git).
# The stable toolchain runs cargo-fuzz with RUSTC_BOOTSTRAP=1 (no nightly here).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
target=${1:-parse}
seconds=${2:-600}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# The fuzz crate is its own workspace: start from the main lock file so it builds the same versions.
[ -f Cargo.lock ] || cp ../Cargo.lock Cargo.lock

# The source table: title and note rows across the table, indicator categories merged down.
table_html() {
    cat <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>项目支出绩效目标表</title></head><body>
<table border="1" cellspacing="0" cellpadding="2">
<tr><td colspan="7">示范市东湖区司法局（本级）2023年项目支出绩效目标表</td></tr>
<tr><td colspan="5">部门名称：示范市东湖区司法局（本级）</td><td colspan="2">单位：万元</td></tr>
<tr><th>项目名称</th><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标性质</th><th>年度指标值</th><th>资金（万元）</th></tr>
<tr><td rowspan="4">人民调解工作经费</td><td rowspan="2">产出指标</td><td>数量指标</td><td>调解案件数量</td><td>≥</td><td>300件</td><td rowspan="4">1,246.80</td></tr>
<tr><td>质量指标</td><td>调解成功率</td><td>≥</td><td>95%</td></tr>
<tr><td>效益指标</td><td>社会效益</td><td>维护社会稳定，推动矛盾纠纷<br>多元化解</td><td>定性</td><td>有效提升</td></tr>
<tr><td>满意度指标</td><td>服务对象满意度指标</td><td>群众满意度</td><td>≥</td><td>90%</td></tr>
<tr><td rowspan="2">法律援助经费</td><td>产出指标</td><td>时效指标</td><td>案件办结时间</td><td>≤</td><td>30日</td><td rowspan="2">520.00</td></tr>
<tr><td>成本指标</td><td>经济成本指标</td><td>每件补贴标准</td><td>＝</td><td>1500元/件</td></tr>
</table>
<p>第 1 页，共 1 页</p>
</body></html>
EOF
}

table_csv() {
    printf '%s\r\n' \
        '单位名称,项目名称,总计,财政拨款,财政专户拨款,其他资金,绩效目标' \
        '示范市东湖区司法局（本级）,人民调解工作经费,300.00,300.00,,,"通过开展本项目，加强人民调解工作指导"' \
        ',法律援助经费,"946.80","946.80",,,提高法律援助覆盖面' \
        '合计,,"1,246.80","1,246.80",,,'
}

# Seeds for an office target, made once by LibreOffice (installed from Debian's packages when missing).
office_seeds() {
    local dir=corpus/$1-seed
    [ -f "$dir/.made" ] && return 0
    if ! command -v libreoffice >/dev/null; then
        if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
            apt-get install -y --no-install-recommends libreoffice-calc-nogui libreoffice-writer-nogui fonts-wqy-zenhei >/dev/null ||
                { apt-get update >/dev/null && apt-get install -y --no-install-recommends libreoffice-calc-nogui libreoffice-writer-nogui fonts-wqy-zenhei >/dev/null; } || true
        fi
        if ! command -v libreoffice >/dev/null; then
            echo "fuzz.sh: no libreoffice, $1 starts without seeds" >&2
            return 0
        fi
    fi
    local work
    work=$(mktemp -d)
    mkdir -p "$dir"
    table_html >"$work/table.html"
    table_csv >"$work/table.csv"
    # lo FORMAT FILE [INFILTER] converts FILE into $work/table.FORMAT, with a
    # profile of its own so that a LibreOffice already running does not take the job.
    lo() {
        rm -f "$work/table.$1"
        libreoffice "-env:UserInstallation=file://$work/profile" --headless ${3:+"--infilter=$3"} \
            --convert-to "$1" --outdir "$work" "$work/$2" >/dev/null 2>&1 || true
        [ -s "$work/table.$1" ] || echo "fuzz.sh: LibreOffice made no $1 from $2" >&2
    }
    # keep FORMAT NAME: the last conversion to FORMAT as a seed.
    keep() { [ -s "$work/table.$1" ] && cp "$work/table.$1" "$dir/$2" || true; }
    case $1 in
        html)
            cp "$work/table.html" "$dir/table.html"
            lo xlsx table.html "HTML (StarCalc)"
            mv "$work/table.html" "$work/source.html"
            lo html table.xlsx && keep html calc.html
            if command -v iconv >/dev/null; then
                sed 's/charset="utf-8"/charset="gb18030"/' "$dir/table.html" | iconv -f UTF-8 -t GB18030 >"$dir/gb18030.html"
            fi
            ;;
        xlsx)
            for f in xlsx xls ods; do lo $f table.html "HTML (StarCalc)" && keep $f table.$f; done
            lo xlsx table.csv "CSV:44,34,76" && keep xlsx csv.xlsx
            # The sheet's XML, a NUL, its shared strings: the target packs them into a workbook.
            for book in "$dir/table.xlsx" "$dir/csv.xlsx"; do
                [ -f "$book" ] || continue
                { unzip -p "$book" xl/worksheets/sheet1.xml; printf '\0'; unzip -p "$book" xl/sharedStrings.xml; } >"${book%.xlsx}.sheet.xml"
            done
            ;;
        docx)
            lo docx table.html "HTML (StarWriter)" && keep docx table.docx
            # The document's XML alone: the target packs it into a document.
            [ -f "$dir/table.docx" ] && unzip -p "$dir/table.docx" word/document.xml >"$dir/document.xml"
            ;;
        pdf)
            # Writer draws the table's rules; Calc prints the same table from a workbook; the CSV prints without rules.
            lo pdf table.html "HTML (StarWriter)" && keep pdf writer.pdf
            lo xlsx table.html "HTML (StarCalc)"
            lo pdf table.xlsx && keep pdf calc.pdf
            lo pdf table.csv "CSV:44,34,76" && keep pdf text.pdf
            ;;
    esac
    rm -rf "$work"
    touch "$dir/.made"
    echo "fuzz.sh: $(ls "$dir" | wc -l) seeds for $1 in fuzz/$dir" >&2
}

mkdir -p corpus/"$target"
corpora=(corpus/"$target")
args=(-max_total_time="$seconds")
case $target in
    parse | target)
        if [ "$target" = parse ] && [ -d ../../shared/seeds ]; then cp -n ../../shared/seeds/*.txt corpus/parse/ 2>/dev/null || true; fi
        args+=(-max_len=65536 -rss_limit_mb=4096)
        ;;
    xlsx | docx | html | pdf)
        office_seeds "$target"
        [ -d corpus/"$target"-seed ] && corpora+=(corpus/"$target"-seed)
        # Big enough for small zip containers and PDFs; a hang is an input over 20 s.
        args+=(-max_len=262144 -rss_limit_mb=2048 -timeout=20)
        ;;
    *)
        echo "fuzz.sh: unknown target $target (parse, target, xlsx, docx, html, pdf)" >&2
        exit 2
        ;;
esac
RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "${corpora[@]}" -- "${args[@]}"
