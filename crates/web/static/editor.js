// The message of an API error answer ({"error": {"code", "message"}}).
function errorText(body) {
  const e = body && body.error;
  return e ? (e.message || String(e)) : '';
}

// In-browser editor of a perf-targets/1 document (预算绩效目标表).
// The model is a deep copy of the loaded document; every input is bound to
// (object, key) and writes straight into it. Only structural changes (add,
// move, delete) re-render #editor-body, restoring focus and scroll afterwards.
(() => {
  'use strict';
  const root = document.getElementById('editor');
  if (!root) return;
  const ID = root.dataset.id, CSRF = root.dataset.csrf || '', EDITABLE = root.dataset.editable !== 'false';
  const DRAFT_KEY = 'jixiao-draft-' + ID;
  const SEV = { error: '错误', warning: '警告', info: '提示' };
  const HORIZON = { annual: '年度', multi_year: '中长期' };
  const GROUP = { key: '重点任务', other: '其他任务' };
  const COMPARATORS = ['≥', '≤', '=', '>', '<', '＜'];
  const FIELD = { goal: '绩效目标', name: '名称', annual_value: '指标值', period_value: '实施周期指标值', comparator: '对比符号', unit: '计量单位',
    weight: '分值', level1: '一级指标', level2: '二级指标', level1_code: '一级指标编码', level2_code: '二级指标编码', seq: '序号', functions: '部门职能',
    figures: '基本情况', amount: '拟投入资金', content: '主要实施内容', title: '标题', year: '年度', money_unit: '金额单位',
    'totals.total': '合计·合计', 'totals.fiscal': '合计·财政拨款', 'totals.special_account': '合计·财政专户', 'totals.other': '合计·其他资金',
    'amounts.total': '合计', 'amounts.fiscal': '财政拨款', 'amounts.special_account': '财政专户', 'amounts.other': '其他资金' };
  const AMOUNTS = [['total', '合计'], ['fiscal', '财政拨款'], ['special_account', '财政专户'], ['other', '其他资金']];
  const S = {
    doc: null, saved: '', revision: null, etag: null, comments: [], taxonomy: [],
    dirty: false, change: 0, stopped: false, reviewSeq: 0,
    results: new WeakMap(), docFindings: [], allFindings: [],
    invalid: new WeakMap(), commentAt: new Map(), shown: new Set(), index: new Map(), showPeriod: false,
  };

  // ---- small DOM helpers ----
  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'value') el.value = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (typeof v !== 'string' && k in el) el[k] = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of kids.flat(9)) if (c != null && c !== false) el.append(c);
    return el;
  }
  const td = (...kids) => h('td', {}, ...kids);
  const btn = (text, onclick, label, cls, extra) =>
    h('button', { type: 'button', class: cls || 'small', 'aria-label': label || text, title: label || text, onclick, ...extra }, text);
  const hms = () => new Date().toLocaleTimeString('zh-CN', { hour12: false });
  const emptyAmounts = () => ({ total: null, fiscal: null, special_account: null, other: null });
  const newIndicator = (from) => ({
    seq: null, level1: from?.level1 ?? null, level1_code: from?.level1_code ?? null, level2: from?.level2 ?? null,
    level2_code: from?.level2_code ?? null, name: '', explanation: null, period_value: null, annual_value: null,
    comparator: null, unit: null, nature: null, direction: null, weight: null, standard: null,
  });

  // Parses a number field: '' → null, a number → number, anything else → undefined (invalid).
  function parseNum(raw, int) {
    const t = raw.trim().replace(/[,，\s]/g, '').replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
    if (t === '') return null;
    const ok = int ? /^[-+]?\d+$/.test(t) : /^[-+]?(\d+\.?\d*|\.\d+)$/.test(t);
    return ok ? Number(t) : undefined;
  }
  const normCmp = (v) => v.replace(/>=|＞=|≧/g, '≥').replace(/<=|＜=|≦/g, '≤');

  // An input (or textarea) bound to obj[key]. o: {label, num, int, req, area, list, cls, norm, onset}.
  function field(obj, key, o) {
    const el = h(o.area ? 'textarea' : 'input', {
      'aria-label': o.label, class: o.cls, list: o.list, rows: o.area ? 2 : null,
      inputmode: o.num ? (o.int ? 'numeric' : 'decimal') : null, disabled: !EDITABLE, dataset: { field: key },
    });
    if (!o.area) el.type = 'text';
    el._obj = obj;
    const bad = S.invalid.get(obj)?.[key];
    el.value = bad != null ? bad : obj[key] == null ? '' : String(obj[key]);
    if (bad != null) markInvalid(el, true, o);
    el.addEventListener('input', () => {
      let raw = el.value, v;
      if (o.num) {
        v = parseNum(raw, o.int);
        const inv = S.invalid.get(obj) || {};
        if (v === undefined) { inv[key] = raw; S.invalid.set(obj, inv); markInvalid(el, true, o); return; }
        delete inv[key];
      } else {
        if (o.norm) { const n = o.norm(raw); if (n !== raw) el.value = raw = n; }
        v = raw === '' && !o.req ? null : raw;
      }
      markInvalid(el, false, o);
      obj[key] = v;
      if (o.onset) o.onset(v, el);
      changed();
    });
    return el;
  }
  function markInvalid(el, bad, o) {
    el.classList.toggle('invalid', bad);
    if (bad) { el.setAttribute('aria-invalid', 'true'); el.title = o.int ? '请输入整数，修正前不会保存此项' : '请输入数字（如 12.5），修正前不会保存此项'; }
    else { el.removeAttribute('aria-invalid'); el.removeAttribute('title'); }
  }
  const labelled = (text, input, cls) => h('label', { class: 'jx-field ' + (cls || '') }, h('span', { text }), input);

  // ---- document walking ----
  function allIndicators(d = S.doc) {
    const out = [];
    if (d.kind === 'department') for (const pl of d.plans || []) { out.push(...(pl.indicators || [])); for (const t of pl.tasks || []) out.push(...(t.indicators || [])); }
    else for (const u of d.units || []) for (const p of u.projects || []) out.push(...(p.indicators || []));
    return out;
  }
  // seq numbering of a list: 'num' when it reads 1..n, 'null' when all empty, else 'keep'.
  const seqMode = (list) => list.length && list.every((x, i) => x.seq === i + 1) ? 'num' : list.every((x) => x.seq == null) ? 'null' : 'keep';
  const renumber = (list, mode) => { if (mode === 'num') list.forEach((x, i) => { x.seq = i + 1; }); };

  // ---- comments: resolved once to the objects they concern, so they follow moved rows ----
  function locate(p) {
    const d = S.doc;
    let sect = null, list = null;
    if (d.kind === 'department') {
      const plans = d.plans || [];
      const plan = plans.find((x) => x.horizon === p.plan) || (p.plan == null && plans.length === 1 ? plans[0] : null);
      if (!plan) return null;
      if (p.task != null) { sect = (plan.tasks || []).find((t) => t.name === p.task); if (!sect) return null; }
      else sect = plan;
      list = sect.indicators;
    } else {
      const units = d.units || [];
      const unit = p.unit != null ? units.find((u) => u.name === p.unit) : null;
      if (p.unit != null && !unit) return null;
      if (p.project != null) {
        for (const u of unit ? [unit] : units) { sect = (u.projects || []).find((x) => x.name === p.project); if (sect) break; }
        if (!sect) return null;
        list = sect.indicators;
      } else sect = unit;
    }
    if (list && (p.indicator != null || p.indicator_name != null)) {
      const at = p.indicator != null ? list[p.indicator - 1] : null;
      if (at && (p.indicator_name == null || at.name === p.indicator_name)) return at;
      const byName = p.indicator_name != null && list.find((x) => x.name === p.indicator_name);
      return byName || at || sect;
    }
    return sect;
  }
  function resolveComments() {
    S.commentAt = new Map();
    for (const c of S.comments) {
      const t = locate(c.place || {});
      if (!S.commentAt.has(t)) S.commentAt.set(t, []);
      S.commentAt.get(t).push(c);
    }
  }
  const commentEl = (c, withPlace) => h('div', { class: 'comment', title: c.at || '' },
    withPlace && placeText(c.place || {}) ? h('span', { class: 'place', text: placeText(c.place) + ' · ' }) : null,
    `审核意见（${c.author || '审核人'}）：${c.text}`);
  function commentsFor(obj) {
    const list = S.commentAt.get(obj);
    if (!list || !obj) return null;
    S.shown.add(obj);
    return list.map((c) => commentEl(c));
  }
  function placeText(p) {
    return [p.unit, p.project, p.plan && (HORIZON[p.plan] || p.plan), p.task,
      p.indicator != null ? `第${p.indicator}项指标` : null, p.indicator_name && `「${p.indicator_name}」`, p.field && (FIELD[p.field] || p.field)].filter(Boolean).join(' · ');
  }

  // ---- structural changes ----
  function rerender(obj, key) {
    const y = window.scrollY;
    renderBody();
    window.scrollTo(0, y);
    if (obj) focusOn(obj, key);
    changed();
  }
  function focusOn(obj, key) {
    const el = [...root.querySelectorAll('[data-field],[data-action]')]
      .find((e) => e._obj === obj && (e.dataset.field || e.dataset.action) === key);
    if (!el) return;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'nearest' });
  }
  function insertRow(list, after) {
    const mode = seqMode(list), i = after ? list.indexOf(after) + 1 : list.length;
    const from = after || list[list.length - 1];
    const ind = newIndicator(from);
    list.splice(i, 0, ind);
    renumber(list, mode);
    rerender(ind, 'name');
  }
  function moveRow(list, ind, dir, key) {
    const i = list.indexOf(ind), j = i + dir;
    if (i < 0 || j < 0 || j >= list.length) return;
    const mode = seqMode(list);
    [list[i], list[j]] = [list[j], list[i]];
    renumber(list, mode);
    rerender(ind, key);
  }
  function deleteRow(list, ind, key) {
    const i = list.indexOf(ind);
    if (i < 0) return;
    const mode = seqMode(list);
    list.splice(i, 1);
    renumber(list, mode);
    const next = list[Math.min(i, list.length - 1)];
    if (next) rerender(next, key || 'name'); else rerender(list, 'add-indicator');
  }
  function removeFrom(list, item, question, focusObj, focusKey) {
    if (question && !confirm(question)) return;
    list.splice(list.indexOf(item), 1);
    rerender(focusObj, focusKey);
  }

  // ---- rendering ----
  function amountsTable(a, ctx) {
    return h('table', { class: 'jx-amounts' },
      h('thead', {}, h('tr', {}, AMOUNTS.map(([, l]) => h('th', { class: 'num', text: l })))),
      h('tbody', {}, h('tr', {}, AMOUNTS.map(([k, l]) => h('td', { class: 'num' }, field(a, k, { label: `${l}（${ctx}）`, num: true, cls: 'num' }))))));
  }
  function indTable(list, ctx) {
    const head = ['序号', '一级指标', '二级指标', '三级指标', S.showPeriod && '实施周期指标值', '指标值', '对比符号', '计量单位', '分值', '解析结果', '审核意见', EDITABLE && '操作'];
    const table = h('table', { class: 'ind-table', 'aria-label': `${ctx}绩效指标` },
      h('thead', {}, h('tr', {}, head.filter(Boolean).map((t) => h('th', { text: t })))),
      h('tbody', {}, list.map((ind, i) => indRow(list, ind, i))));
    const add = EDITABLE && btn('添加指标', () => insertRow(list, null), `在${ctx}添加指标`, 'small add', { dataset: { action: 'add-indicator' } });
    if (add) add._obj = list;
    return h('div', { class: 'ind-wrap' }, list.length ? table : h('p', { class: 'muted', text: '（无绩效指标）' }), add);
  }
  function l2list(level1) {
    const i = S.taxonomy.findIndex((t) => t.name === level1);
    return i >= 0 ? 'jx-l2-' + i : 'jx-l2-all';
  }
  function indRow(list, ind, i) {
    const L = (x) => `${x}（第${i + 1}行）`;
    const tr = h('tr', { class: 'ind-row', dataset: { index: String(S.index.get(ind)), name: ind.name || '' } });
    tr._ind = ind; tr._list = list;
    const l2 = field(ind, 'level2', { label: L('二级指标'), list: l2list(ind.level1), cls: 'lv' });
    const cell = (key, o) => h('td', { class: 'ind' }, field(ind, key, { label: L(o.t), ...o }));
    tr.append(...[
      cell('seq', { t: '序号', num: true, int: true, cls: 'seq' }),
      cell('level1', { t: '一级指标', list: 'jx-l1', cls: 'lv', onset: (v) => l2.setAttribute('list', l2list(v)) }),
      h('td', { class: 'ind' }, l2),
      h('td', { class: 'ind' }, field(ind, 'name', { label: L('三级指标'), req: true, cls: 'name', onset: (v) => { tr.dataset.name = v; } }), commentsFor(ind)),
      S.showPeriod && cell('period_value', { t: '实施周期指标值', cls: 'val' }),
      cell('annual_value', { t: '指标值', cls: 'val' }),
      cell('comparator', { t: '对比符号', list: 'jx-cmp', norm: normCmp, cls: 'cmp' }),
      cell('unit', { t: '计量单位', cls: 'unit' }),
      cell('weight', { t: '分值', num: true, cls: 'num' }),
      h('td', { class: 'live-target' }), h('td', { class: 'live-findings' }),
      EDITABLE && h('td', { class: 'row-tools' },
        btn('▲', () => moveRow(list, ind, -1, 'name'), L('上移'), 'small', { tabindex: -1, disabled: i === 0, 'aria-keyshortcuts': 'Alt+ArrowUp' }),
        btn('▼', () => moveRow(list, ind, 1, 'name'), L('下移'), 'small', { tabindex: -1, disabled: i === list.length - 1, 'aria-keyshortcuts': 'Alt+ArrowDown' }),
        btn('删除', () => deleteRow(list, ind, 'name'), L('删除指标'), 'small danger', { tabindex: -1, 'aria-keyshortcuts': 'Control+Delete' }))].filter(Boolean));
    fillResults(tr);
    return tr;
  }
  function headerBlock(d) {
    return h('section', { class: 'card jx-head' },
      labelled('标题', field(d, 'title', { label: '标题' }), 'wide'),
      h('div', { class: 'jx-field' }, h('span', { text: '部门名称' }), h('b', { class: 'jx-dept', text: d.department || '' })),
      labelled('年度', field(d, 'year', { label: '年度', num: true, int: true, cls: 'year' })),
      labelled('金额单位', field(d, 'money_unit', { label: '金额单位', req: true, cls: 'unit' })));
  }
  function projectBody(d) {
    d.totals = d.totals || emptyAmounts();
    d.units = d.units || [];
    const units = d.units.map((u, ui) => {
      u.projects = u.projects || [];
      const uctx = `单位${ui + 1}`;
      const projects = u.projects.map((p, pi) => {
        p.indicators = p.indicators || [];
        const ctx = `${uctx}·项目${pi + 1}`;
        return h('section', { class: 'jx-project', dataset: { unit: String(ui), project: String(pi) } },
          commentsFor(p),
          h('div', { class: 'jx-row' },
            labelled('项目名称', field(p, 'name', { label: `项目名称（${ctx}）`, req: true, cls: 'wide' }), 'wide'),
            EDITABLE && btn('删除项目', () => removeFrom(u.projects, p, `确定删除项目「${p.name || '未命名'}」及其全部指标吗？`, u, 'add-project'), `删除项目（${ctx}）`, 'small danger')),
          amountsTable(p.amounts = p.amounts || emptyAmounts(), ctx),
          labelled('绩效目标', field(p, 'goal', { label: `绩效目标（${ctx}）`, area: true }), 'wide'),
          indTable(p.indicators, `项目「${p.name}」`));
      });
      const addP = EDITABLE && btn('添加项目', () => { const p = { name: '', amounts: emptyAmounts(), goal: null, indicators: [] }; u.projects.push(p); rerender(p, 'name'); }, `添加项目（${uctx}）`, 'small add', { dataset: { action: 'add-project' } });
      if (addP) addP._obj = u;
      return h('section', { class: 'card jx-unit', dataset: { unit: String(ui) } },
        commentsFor(u),
        h('div', { class: 'jx-row' },
          labelled('单位名称', field(u, 'name', { label: `单位名称（${uctx}）`, req: true, cls: 'wide' }), 'wide'),
          EDITABLE && btn('删除单位', () => removeFrom(d.units, u, `确定删除单位「${u.name || '未命名'}」及其全部项目吗？`, d, 'add-unit'), `删除单位（${uctx}）`, 'small danger')),
        amountsTable(u.amounts = u.amounts || emptyAmounts(), uctx), projects, addP);
    });
    const addU = EDITABLE && btn('添加单位', () => { const u = { name: '', amounts: emptyAmounts(), projects: [] }; d.units.push(u); rerender(u, 'name'); }, '添加单位', 'add', { dataset: { action: 'add-unit' } });
    if (addU) addU._obj = d;
    return [h('section', { class: 'card jx-totals' }, h('h2', { text: '合计' }), amountsTable(d.totals, '合计')), units, addU];
  }
  function departmentBody(d) {
    d.figures = d.figures || []; d.plans = d.plans || [];
    const figs = h('section', { class: 'card jx-figures' }, h('h2', { text: `基本情况（${d.money_unit || ''}）` }),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', { text: '项目' }), h('th', { class: 'num', text: '金额' }), EDITABLE && h('th', { text: '操作' }))),
        h('tbody', {}, d.figures.map((f, i) => h('tr', { class: 'figure-row' },
          td(field(f, 'label', { label: `基本情况项目（第${i + 1}行）`, req: true })),
          h('td', { class: 'num' }, field(f, 'value', { label: `基本情况金额（第${i + 1}行）`, num: true, cls: 'num' })),
          EDITABLE && td(btn('删除', () => removeFrom(d.figures, f, null, d.figures[i + 1] || d.figures[i - 1] || d, d.figures[i + 1] || d.figures[i - 1] ? 'label' : 'add-figure'), `删除基本情况（第${i + 1}行）`, 'small danger')))))),
      EDITABLE && Object.assign(btn('添加行', () => { const f = { label: '', value: null }; d.figures.push(f); rerender(f, 'label'); }, '添加基本情况行', 'small add', { dataset: { action: 'add-figure' } }), { _obj: d }));
    const fn = h('section', { class: 'card' }, labelled('部门职能', field(d, 'functions', { label: '部门职能', area: true, cls: 'tall' }), 'wide'));
    const plans = d.plans.map((pl) => {
      pl.tasks = pl.tasks || []; pl.indicators = pl.indicators || [];
      const hz = HORIZON[pl.horizon] || pl.horizon;
      const cols = 7 + (EDITABLE ? 1 : 0);
      const rows = pl.tasks.map((t, ti) => {
        t.indicators = t.indicators || [];
        const L = (x) => `${x}（${hz}任务${ti + 1}）`;
        const group = h('select', { 'aria-label': L('任务类别'), disabled: !EDITABLE, dataset: { field: 'group' }, onchange: (e) => { t.group = e.target.value; changed(); } },
          Object.entries(GROUP).map(([v, l]) => h('option', { value: v, text: l, selected: t.group === v })));
        group._obj = t;
        const projects = h('input', { type: 'text', 'aria-label': L('主要实施项目'), title: '多个项目用“、”分隔', disabled: !EDITABLE, dataset: { field: 'projects' },
          value: (t.projects || []).join('、'), oninput: (e) => { t.projects = e.target.value.split(/[、,，;；\n]/).map((s) => s.trim()).filter(Boolean); changed(); } });
        projects._obj = t;
        const cm = commentsFor(t);
        return [cm && h('tr', { class: 'comment-row' }, h('td', { colspan: cols }, cm)),
          h('tr', { class: 'task-row', dataset: { task: String(ti) } },
            td(group), td(field(t, 'name', { label: L('任务名称'), req: true })),
            td(field(t, 'content', { label: L('主要实施内容'), area: true })), td(field(t, 'goal', { label: L('期望达到的目标'), area: true })),
            h('td', { class: 'num' }, field(t, 'amount', { label: L('拟投入资金'), num: true, cls: 'num' })), td(projects),
            EDITABLE && td(btn('删除', () => removeFrom(pl.tasks, t, `确定删除任务「${t.name || '未命名'}」及其指标吗？`, pl, 'add-task'), L('删除任务'), 'small danger'))),
          h('tr', { class: 'task-indicators' }, h('td', { colspan: cols }, h('div', { class: 'muted', text: '关键指标' }), indTable(t.indicators, `任务「${t.name}」`)))];
      });
      const addT = EDITABLE && Object.assign(btn('添加任务', () => { const t = { group: 'key', name: '', content: null, goal: null, amount: null, indicators: [], projects: [] }; pl.tasks.push(t); rerender(t, 'name'); }, `添加任务（${hz}）`, 'small add', { dataset: { action: 'add-task' } }), { _obj: pl });
      return h('section', { class: 'card jx-plan', dataset: { plan: pl.horizon } },
        h('h2', { text: `${hz}绩效目标` }), commentsFor(pl),
        labelled('总体目标', field(pl, 'goal', { label: `总体目标（${hz}）`, area: true, cls: 'tall' }), 'wide'),
        h('h3', { text: '重点任务 / 其他任务' }),
        pl.tasks.length ? h('div', { class: 'ind-wrap' }, h('table', { class: 'jx-tasks' },
          h('thead', {}, h('tr', {}, ['类别', '任务名称', '主要实施内容', '期望达到的目标', '拟投入资金', '主要实施项目', EDITABLE && '操作'].filter(Boolean).map((x) => h('th', { text: x })))),
          h('tbody', {}, rows))) : h('p', { class: 'muted', text: '（无任务）' }), addT,
        h('h3', { text: '绩效指标' }), indTable(pl.indicators, `${hz}计划`));
    });
    return [figs, fn, plans];
  }
  function renderBody() {
    const d = S.doc;
    S.index = new Map(allIndicators().map((x, i) => [x, i]));
    S.showPeriod = allIndicators().some((x) => x.period_value != null);
    S.shown = new Set();
    const body = [headerBlock(d), d.kind === 'department' ? departmentBody(d) : projectBody(d)];
    const loose = [];
    for (const [obj, list] of S.commentAt) if (!obj || !S.shown.has(obj) && !S.index.has(obj)) loose.push(...list);
    for (const [obj, list] of S.commentAt) if (obj && !S.shown.has(obj) && S.index.has(obj)) loose.push(...list);
    const top = loose.length ? h('section', { class: 'card jx-comments', id: 'editor-comments' }, h('h2', { text: `退回意见（${loose.length} 条）` }), loose.map((c) => commentEl(c, true))) : null;
    els.body.replaceChildren(...[top, body].flat(9).filter(Boolean));
  }

  // ---- live review ----
  function findingEl(f) {
    return h('div', { class: `finding ${f.severity}`, dataset: { rule: f.rule || '' } },
      h('span', { class: `badge ${f.severity}`, text: SEV[f.severity] || f.severity }), f.title ? h('b', { text: f.title + '：' }) : null, f.message);
  }
  function fillResults(tr) {
    const r = S.results.get(tr._ind);
    tr.querySelector('.live-target').textContent = r ? r.target || '' : '';
    tr.querySelector('.live-findings').replaceChildren(...(r ? r.findings.map(findingEl) : []));
    const sev = r && ['error', 'warning', 'info'].find((s) => r.findings.some((f) => f.severity === s));
    tr.classList.toggle('f-error', sev === 'error');
    tr.classList.toggle('f-warning', sev === 'warning');
  }
  function applyReview(objs, resp) {
    S.results = new WeakMap();
    objs.forEach((o, i) => S.results.set(o, { target: (resp.targets || [])[i] || '', findings: [] }));
    S.docFindings = [];
    S.allFindings = resp.findings || [];
    for (const f of S.allFindings) {
      const o = f.indicator != null ? objs[f.indicator] : null;
      if (o) S.results.get(o).findings.push(f); else S.docFindings.push(f);
    }
    root.querySelectorAll('tr.ind-row').forEach(fillResults);
    renderFindings();
  }
  function renderFindings(note) {
    const n = (s) => S.allFindings.filter((f) => f.severity === s).length;
    els.findings.replaceChildren(...[
      h('h2', { id: 'doc-findings-heading' }, '审核意见（全表）',
        h('span', { class: 'counts' }, ['error', 'warning', 'info'].map((s) => n(s) ? h('span', { class: `badge ${s}`, dataset: { count: String(n(s)) } }, `${SEV[s]} ${n(s)}`) : null))),
      note ? h('p', { class: 'muted review-note', text: note }) : null,
      S.allFindings.length ? null : h('p', { class: 'muted', text: '未发现问题。' }),
      S.docFindings.length ? h('ul', {}, S.docFindings.map((f) => h('li', {}, placeText(f.place || {}) ? h('span', { class: 'place', text: placeText(f.place) + '：' }) : null, findingEl(f)))) : null,
      S.allFindings.length > S.docFindings.length ? h('p', { class: 'muted', text: '各指标的意见标注在下表“审核意见”列。' }) : null].filter(Boolean));
  }
  let reviewTimer = 0;
  const scheduleReview = () => { clearTimeout(reviewTimer); reviewTimer = setTimeout(review, 250); };
  // What review and save send: figures without a value cannot be read by the server yet.
  const reviewDoc = () => S.doc.kind === 'department' ? { ...S.doc, figures: (S.doc.figures || []).filter((f) => f.value != null) } : S.doc;
  async function review() {
    const seq = ++S.reviewSeq, objs = allIndicators();
    try {
      const r = await api('POST', '/api/review', { document: reviewDoc() });
      if (seq !== S.reviewSeq) return;
      if (!r.ok) throw new Error(errorText(r.body) || 'HTTP ' + r.status);
      applyReview(objs, r.body || {});
    } catch (e) {
      if (seq === S.reviewSeq) renderFindings('在线审核暂不可用：' + e.message);
    }
  }

  // ---- saving ----
  async function api(method, url, body, headers) {
    const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
    if (method !== 'GET') init.headers['X-CSRF-Token'] = CSRF;
    if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
    const r = await fetch(url, init);
    let data = null;
    try { data = await r.json(); } catch { /* empty or not JSON */ }
    return { ok: r.ok, status: r.status, body: data, headers: r.headers };
  }
  function setStatus(state, text) { els.status.dataset.state = state; els.status.textContent = text; }
  function message(text, kind) {
    els.message.hidden = !text;
    els.message.className = kind === 'ok' ? 'ok-box' : 'error-box';
    els.message.textContent = text || '';
  }
  function writeDraft() {
    try { localStorage.setItem(DRAFT_KEY, JSON.stringify({ revision: S.revision, savedAt: new Date().toISOString(), document: S.doc })); } catch { /* quota or private mode */ }
  }
  let saveTimer = 0;
  function changed() {
    S.change++;
    if (EDITABLE) {
      S.dirty = true;
      writeDraft();
      if (!S.stopped) { setStatus('dirty', '有未保存的修改'); clearTimeout(saveTimer); saveTimer = setTimeout(save, 1200); }
    }
    scheduleReview();
  }
  function blocker() {
    const i = S.doc.kind === 'department' ? (S.doc.figures || []).findIndex((f) => f.value == null) : -1;
    return i >= 0 ? `基本情况第${i + 1}行请填写金额` : null;
  }
  let running = null, queued = null;
  // Saves now; never two PUTs at once: a save asked for while one runs follows it.
  function save() {
    clearTimeout(saveTimer);
    if (!EDITABLE || S.stopped || !S.doc) return Promise.resolve(false);
    if (running) {
      if (!queued) queued = running.then(() => { queued = null; return save(); });
      return queued;
    }
    running = doSave().finally(() => { running = null; });
    return running;
  }
  async function doSave() {
    if (!S.dirty) return true;
    const text = JSON.stringify(S.doc), change = S.change;
    if (text === S.saved) { saved(); return true; }
    const block = blocker();
    if (block) { setStatus('dirty', '有未保存的修改（' + block + '）'); return false; }
    setStatus('saving', '正在保存…');
    let r;
    try { r = await api('PUT', `/api/documents/${ID}`, { document: S.doc }, { 'If-Match': S.etag }); } catch (e) {
      setStatus('error', '保存失败：网络错误，请检查网络连接');
      return false;
    }
    if (r.ok) {
      if (r.body && r.body.revision != null) S.revision = r.body.revision;
      S.etag = r.headers.get('ETag') || `"r${S.revision}"`;
      S.saved = text;
      if (S.change === change) saved();
      else { writeDraft(); setStatus('dirty', '有未保存的修改'); saveTimer = setTimeout(save, 1200); }
      return true;
    }
    const msg = errorText(r.body) || `服务器返回 ${r.status}`;
    if (r.status === 412) {
      S.stopped = true;
      writeDraft();
      setStatus('conflict', '保存失败：此表已被他人修改');
      message('此表已被他人修改，请刷新页面后再编辑；您的修改已保存在本机。');
    } else {
      setStatus('error', '保存失败：' + msg);
      message('保存失败：' + msg);
    }
    return false;
  }
  function saved() {
    S.dirty = false;
    try { localStorage.removeItem(DRAFT_KEY); } catch { /* ignore */ }
    setStatus('saved', `已保存（${hms()}）`);
    if (!els.message.hidden && els.message.className === 'error-box' && !S.stopped) message('');
  }

  // ---- local drafts ----
  function checkDraft(serverText) {
    let draft = null;
    try { draft = JSON.parse(localStorage.getItem(DRAFT_KEY) || 'null'); } catch { /* broken draft */ }
    if (!draft || !draft.document) return;
    const when = draft.savedAt ? new Date(draft.savedAt).toLocaleString('zh-CN', { hour12: false }) : '时间不详';
    const drop = () => { try { localStorage.removeItem(DRAFT_KEY); } catch { /* ignore */ } els.draft.hidden = true; };
    if (JSON.stringify(draft.document) === serverText) { drop(); return; }
    if (draft.revision === S.revision) {
      els.draft.replaceChildren(h('span', { text: `发现未保存的本机修改（${when}），是否恢复？` }),
        btn('恢复', () => { S.doc = draft.document; els.draft.hidden = true; resolveComments(); rerender(); save(); }, '恢复本机修改', 'small', { dataset: { action: 'restore' } }),
        btn('放弃', drop, '放弃本机修改', 'small secondary', { dataset: { action: 'discard' } }));
    } else {
      // The server moved on since the draft was taken: offer it as a file only.
      const url = URL.createObjectURL(new Blob([JSON.stringify(draft.document, null, 2)], { type: 'application/json' }));
      els.draft.replaceChildren(h('span', { text: `本机保存有基于旧版本（第 ${draft.revision} 版）的修改（${when}），此表已有新版本，无法自动恢复。` }),
        h('a', { href: url, download: `jixiao-${ID}-draft.json`, text: '下载本机修改' }), ' ',
        btn('放弃', drop, '放弃本机修改', 'small secondary', { dataset: { action: 'discard' } }));
    }
    els.draft.hidden = false;
  }

  // ---- keyboard ----
  root.addEventListener('keydown', (e) => {
    const el = e.target, tr = el.closest && el.closest('tr.ind-row');
    if (!tr || !EDITABLE || e.isComposing || e.keyCode === 229) return;
    const key = el.dataset.field || 'name';
    if (e.key === 'Enter' && el.tagName === 'INPUT' && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) { e.preventDefault(); insertRow(tr._list, tr._ind); }
    else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) { e.preventDefault(); moveRow(tr._list, tr._ind, e.key === 'ArrowUp' ? -1 : 1, key); }
    else if (e.ctrlKey && e.key === 'Delete') { e.preventDefault(); deleteRow(tr._list, tr._ind, key); }
  });
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') { e.preventDefault(); save(); }
  });
  window.addEventListener('beforeunload', (e) => {
    if (EDITABLE && S.dirty && !S.stopped) { e.preventDefault(); e.returnValue = ''; }
  });

  // ---- start ----
  const els = {
    status: h('span', { id: 'save-status', role: 'status', dataset: { state: 'loading' }, text: '正在加载…' }),
    message: h('div', { id: 'editor-message', role: 'alert', hidden: true }),
    draft: h('div', { id: 'draft-bar', class: 'jx-draft', role: 'alert', hidden: true }),
    findings: h('section', { id: 'doc-findings', class: 'card findings-summary', 'aria-labelledby': 'doc-findings-heading' }),
    body: h('div', { id: 'editor-body' }),
    lists: h('div', { hidden: true }),
  };
  root.replaceChildren(
    h('div', { class: 'jx-toolbar', id: 'editor-toolbar' }, els.status,
      EDITABLE && btn('立即保存', () => save(), '立即保存（Ctrl+S）', 'save-now', { id: 'save-now', 'aria-keyshortcuts': 'Control+S' }),
      h('span', { class: 'muted jx-hint', text: EDITABLE ? '快捷键：Enter 在下方插入指标行，Alt+↑/↓ 移动行，Ctrl+Delete 删除行，Ctrl+S 保存' : '只读：此表当前不可编辑' })),
    els.message, els.draft, els.findings, els.body, els.lists);

  async function load() {
    const [r, tx] = await Promise.all([api('GET', `/api/documents/${ID}`), api('GET', '/api/taxonomy').catch(() => null)]);
    if (!r.ok || !r.body || !r.body.document) {
      setStatus('error', '加载失败');
      message('无法加载此表：' + (errorText(r.body) || `服务器返回 ${r.status}`));
      return;
    }
    S.taxonomy = (tx && tx.ok && tx.body && tx.body.level1) || [];
    els.lists.replaceChildren(
      h('datalist', { id: 'jx-l1' }, S.taxonomy.map((t) => h('option', { value: t.name }))),
      h('datalist', { id: 'jx-l2-all' }, [...new Set(S.taxonomy.flatMap((t) => t.level2))].map((n) => h('option', { value: n }))),
      S.taxonomy.map((t, i) => h('datalist', { id: 'jx-l2-' + i }, t.level2.map((n) => h('option', { value: n })))),
      h('datalist', { id: 'jx-cmp' }, COMPARATORS.map((c) => h('option', { value: c }))));
    S.revision = r.body.revision;
    S.etag = r.headers.get('ETag') || `"r${S.revision}"`;
    S.saved = JSON.stringify(r.body.document);
    S.doc = JSON.parse(S.saved);
    S.comments = r.body.comments || [];
    resolveComments();
    renderBody();
    applyReview(allIndicators(), { targets: [], findings: r.body.findings || [] });
    setStatus(EDITABLE ? 'saved' : 'readonly', EDITABLE ? `已保存（第 ${S.revision} 版）` : '只读');
    if (EDITABLE) checkDraft(S.saved);
    review();
  }
  const ready = load().catch((e) => { setStatus('error', '加载失败'); message('无法加载此表：' + e.message); });

  window.jixiaoEditor = {
    get document() { return S.doc && JSON.parse(JSON.stringify(S.doc)); },
    get etag() { return S.etag; },
    get revision() { return S.revision; },
    get dirty() { return S.dirty; },
    save,
    ready,
  };
})();
