// imports.js: 导入数据 (#/imports), for centre and admin accounts: the
// platform's export (.xlsx or .csv, with its mapping.yaml) or the centre's
// workbook 中心记录.xlsx (no mapping) sent to POST /v1/desk/imports
// (docs/import.md), first with ?dry_run=true, the preview: the events by
// type and the bad rows; then, confirmed, the same file again, stored: what
// is new, what was stored before, what conflicts. Below, the imports made
// (GET /v1/desk/imports), newest first. An import changes no score until
// the month is recomputed (the desk's 重新计算).
//
// Element ids (the end-to-end test uses them):
//   import-file, import-mapping   the file inputs; import-preview the button
//   import-error                  why a preview or an import was refused
//   import-summary                the preview: the file, import-events (the
//                                 events by type, rows data-type, data-count;
//                                 the total data-total), import-problems (the
//                                 bad rows, rows data-row), import-problems-more
//   import-confirm                确认导入 (disabled when nothing is valid)
//   import-result                 the import's counts (data-stored,
//                                 data-duplicate, data-conflict),
//                                 import-conflicts, import-recompute-link
//   import-history                the imports made (rows data-import)
(function () {
  'use strict';
  var H = window.Hotline;
  var h = H.h;

  // At most so many bad rows are listed; the rest are counted.
  var LISTED = 200;
  var BUILTIN = { 'centre-workbook': '中心记录表（内置映射）' };

  function count(n) { return typeof n === 'number' ? n : 0; }
  function sum(events) {
    return Object.keys(events || {}).reduce(function (s, k) { return s + count(events[k]); }, 0);
  }
  function mappingLabel(m) { return BUILTIN[m] || m || '—'; }

  // types lists the event types of events in the order of H.EVENT_TYPES,
  // then any other, by name.
  function types(events) {
    var known = Object.keys(H.EVENT_TYPES);
    return Object.keys(events || {}).sort(function (a, b) {
      var i = known.indexOf(a), j = known.indexOf(b);
      if (i < 0 && j < 0) return a < b ? -1 : 1;
      if (i < 0 || j < 0) return i < 0 ? 1 : -1;
      return i - j;
    });
  }

  // reason says the importer's message of a bad row (English, from
  // shared/importer) in Chinese where it is one of the usual ones; the
  // original follows it, for whoever fixes the file or the mapping.
  function reason(msg) {
    var m;
    msg = msg || '';
    if ((m = /^expected a score from 0 to 5, not (".*")$/.exec(msg))) return '应为0至5之间的分数，而不是' + m[1];
    if ((m = /^expected a whole number of staff, not (".*")$/.exec(msg))) return '工作人员数应为不小于0的整数，而不是' + m[1];
    if ((m = /^expected 是 or 否, not (".*")$/.exec(msg))) return '应填“是”或“否”，而不是' + m[1];
    if ((m = /^expected a time .*, not (".*")$/.exec(msg))) return '时间格式有误：' + m[1];
    if ((m = /^(".*") is no unit's name, alias or id; the closest are (.*?) \(/.exec(msg))) return m[1] + '不是任何单位的名称、别名或编号；最接近的是：' + m[2];
    if ((m = /^(".*") is not one of (.*)$/.exec(msg))) return m[1] + '不在可选值中（' + m[2] + '）';
    if (/^the time of the \S+ event is blank$/.test(msg)) return '时间未填写';
    if (/is stored with other content/.test(msg)) return '该记录已以不同内容保存，保留已保存的记录';
    if (/is required/.test(msg)) return '此项必填';
    return null;
  }

  // refusal says why the server did not read or store the file: the API's
  // message_zh, else what the status means.
  function refusal(res) {
    var err = (res.data && res.data.error) || {};
    if (err.message_zh) return err.message_zh;
    switch (res.status) {
      case 400: return '文件无法读取：' + (err.message || '请求有误');
      case 401: return '登录已过期，请重新登录后再导入。';
      case 403: return '无权限：仅中心或管理员账号可导入数据。';
      case 404: return '此服务器未提供导入功能（HTTP 404）。';
      case 413: return '文件超过页面上传的大小限制，请用 hotline import 命令导入，或请管理员上传。';
      case 429: return '提交过于频繁，请稍后重试。';
    }
    if (res.status >= 500) return '服务器暂时无法处理（HTTP ' + res.status + '），未导入，请稍后重试。';
    return '未能导入（HTTP ' + res.status + (err.message ? '：' + err.message : '') + '）。';
  }

  // rowTable is a table of bad rows or conflicts (the importer's problems:
  // file, sheet, row, column, header, message), at most LISTED of them;
  // total is how many there are in all.
  function rowTable(id, list, total, what) {
    list = list || [];
    var shown = list.slice(0, LISTED);
    var rest = Math.max(count(total), list.length) - shown.length;
    var table = h('div', { class: 'scroll' }, h('table', { id: id, class: 'list import-rows' }, [
      h('thead', {}, h('tr', {}, ['工作表', '行', '列', '表头', '原因'].map(function (c) { return h('th', { scope: 'col', text: c }); }))),
      h('tbody', {}, shown.map(function (p) {
        return h('tr', { 'data-row': p.row || null, 'data-sheet': p.sheet || null }, [
          h('td', { class: 'nowrap', text: p.sheet || p.file || '—' }),
          h('td', { class: 'n', text: p.row ? p.row : '—' }),
          h('td', { class: 'mono', text: p.column || '—' }),
          h('td', { class: 'nowrap', text: p.header || '—' }),
          h('td', { class: 'reason' }, [reason(p.message) || p.message || '', reason(p.message) ? h('small', { class: 'orig', text: p.message }) : null])
        ]);
      }))
    ]));
    return [table, rest > 0 ? h('p', { class: 'note', id: id + '-more', text: '另有' + rest + what + '未列出。' }) : null];
  }

  // eventTable is the events of a preview by type, with the total.
  function eventTable(events, total) {
    var list = types(events);
    return h('div', { class: 'scroll narrow' }, h('table', { id: 'import-events', class: 'list import-events' }, [
      h('thead', {}, h('tr', {}, [h('th', { scope: 'col', text: '记录类型' }), h('th', { scope: 'col', class: 'n', text: '条数' })])),
      h('tbody', {}, list.length ? list.map(function (t) {
        return h('tr', { 'data-type': t, 'data-count': count(events[t]) }, [
          h('td', { text: H.EVENT_TYPES[t] || t }), h('td', { class: 'n', text: count(events[t]) })
        ]);
      }) : h('tr', {}, h('td', { colspan: 2, text: '文件中没有可导入的记录。' }))),
      h('tfoot', {}, h('tr', { 'data-total': count(total) }, [h('th', { scope: 'row', text: '合计' }), h('td', { class: 'n', text: count(total) })]))
    ]));
  }

  // ---- the history ----

  function buildHistory() {
    var box = h('div', { id: 'import-history-box' });
    var seq = 0;
    function load() {
      var my = ++seq;
      box.setAttribute('aria-busy', 'true');
      H.send('GET', '/v1/desk/imports').then(function (res) {
        if (my !== seq) return;
        box.removeAttribute('aria-busy');
        box.textContent = '';
        if (res.status !== 200 || !res.data) { box.appendChild(H.message('error', '无法加载导入记录：' + refusal(res))); return; }
        var list = res.data.imports || [];
        if (!list.length) { box.appendChild(h('p', { class: 'note', id: 'import-history-none', text: '尚无导入记录。' })); return; }
        box.appendChild(h('div', { class: 'scroll' }, h('table', { id: 'import-history', class: 'list import-history' }, [
          h('thead', {}, h('tr', {}, [['时间'], ['操作人'], ['文件'], ['事件数', 'n'], ['新增', 'n'], ['已有', 'n'], ['冲突', 'n'], ['问题行', 'n']].map(function (c) {
            return h('th', { scope: 'col', class: c[1] || null, text: c[0] });
          }))),
          h('tbody', {}, list.map(function (im) {
            var breakdown = types(im.events).map(function (t) { return (H.EVENT_TYPES[t] || t) + ' ' + im.events[t]; }).join('，');
            return h('tr', { 'data-import': im.id, 'data-stored': count(im.stored), 'data-problems': count(im.problems) }, [
              h('td', { class: 'nowrap', text: H.time(im.at) }),
              h('td', { class: 'nowrap', text: im.by || '—' }),
              h('td', {}, [im.file || '—', h('small', { class: 'mapping', text: mappingLabel(im.mapping) })]),
              h('td', { class: 'n', title: breakdown || null, text: sum(im.events) }),
              h('td', { class: 'n', text: count(im.stored) }),
              h('td', { class: 'n', text: count(im.duplicate) }),
              h('td', { class: 'n' + (im.conflict ? ' lost' : ''), text: count(im.conflict) }),
              h('td', { class: 'n' + (im.problems ? ' lost' : ''), text: count(im.problems) })
            ]);
          }))
        ])));
        if (list.length >= 50) box.appendChild(h('p', { class: 'note', text: '仅显示最近50次导入。' }));
      }, function () {
        if (my !== seq) return;
        box.removeAttribute('aria-busy');
        box.textContent = '';
        box.appendChild(H.message('error', '无法加载导入记录（网络错误）。'));
      });
    }
    var section = h('section', { class: 'desk-section', 'aria-labelledby': 'h-import-history' }, [
      h('h3', { id: 'h-import-history', text: '导入记录' }),
      h('div', { class: 'desk-filters' }, h('button', { type: 'button', class: 'link-btn', id: 'import-history-refresh', text: '刷新', onclick: load })),
      box
    ]);
    section.load = load;
    return section;
  }

  // ---- the form: preview, confirm ----

  function buildForm(history) {
    var file = h('input', { id: 'import-file', type: 'file', accept: '.xlsx,.csv', required: true, 'aria-describedby': 'import-file-hint' });
    var mapping = h('input', { id: 'import-mapping', type: 'file', accept: '.yaml,.yml', 'aria-describedby': 'import-mapping-hint' });
    var preview = h('button', { type: 'submit', id: 'import-preview', class: 'signin-btn', text: '预览' });
    var status = h('p', { class: 'note', id: 'import-status', role: 'status', 'aria-live': 'polite', hidden: true });
    var error = h('div', { id: 'import-error', class: 'desk-result fail', role: 'alert', hidden: true });
    var summary = h('div', { id: 'import-summary', 'aria-live': 'polite', hidden: true });
    // pending is what the preview read: the files to send again on 确认导入.
    var pending = null;

    function fail(text) {
      error.textContent = text;
      if (/重新登录/.test(text)) { error.appendChild(document.createTextNode(' ')); error.appendChild(h('a', { href: '#/signin', text: '去登录' })); }
      error.hidden = false;
    }
    function reset() {
      pending = null;
      error.hidden = true;
      summary.hidden = true;
      summary.textContent = '';
    }
    file.addEventListener('change', reset);
    mapping.addEventListener('change', reset);

    function body(p) {
      var fd = new FormData();
      fd.append('file', p.file, p.file.name);
      if (p.mapping) fd.append('mapping', p.mapping, p.mapping.name);
      return fd;
    }
    function busy(on, text) {
      preview.disabled = on;
      file.disabled = on;
      mapping.disabled = on;
      status.textContent = text || '';
      status.hidden = !on;
    }

    var form = h('form', { id: 'import-form', class: 'desk-form', novalidate: true }, [
      h('div', { class: 'field' }, [h('label', { for: 'import-file', text: '平台导出或中心记录表' }), file,
        h('p', { class: 'note', id: 'import-file-hint', text: '.xlsx 或 .csv（UTF-8 或 GBK）。中心记录表即“中心记录.xlsx”，可用 hotline template 生成空表。' })]),
      h('div', { class: 'field' }, [h('label', { for: 'import-mapping', text: '导入映射（导入平台导出时需要）' }), mapping,
        h('p', { class: 'note', id: 'import-mapping-hint', text: 'mapping.yaml：说明导出表中每一列对应的字段；导入中心记录表时不选。' })]),
      h('div', { class: 'desk-actions' }, [preview]),
      status
    ]);

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      reset();
      var f = file.files && file.files[0];
      if (!f) { fail('请选择要导入的文件。'); file.focus(); return; }
      if (!/\.(xlsx|csv)$/i.test(f.name)) { fail('文件应为 .xlsx 或 .csv：' + f.name); file.focus(); return; }
      var p = { file: f, mapping: (mapping.files && mapping.files[0]) || null };
      busy(true, '正在读取' + f.name + '…');
      H.send('POST', '/v1/desk/imports?dry_run=true', body(p)).then(function (res) {
        busy(false);
        if (res.status !== 200 || !res.data) { fail(refusal(res)); return; }
        pending = p;
        showPreview(res.data);
      }, function () {
        busy(false);
        fail('网络错误，未能上传文件，请检查网络后重试。');
      });
    });

    function showPreview(d) {
      var total = count(d.total);
      var confirm = h('button', { type: 'button', id: 'import-confirm', class: 'signin-btn', text: '确认导入', disabled: total === 0 });
      var result = h('div', { id: 'import-result', 'aria-live': 'polite', hidden: true });
      var nprob = Math.max(count(d.problem_count), (d.problems || []).length);
      summary.textContent = '';
      [
        h('h4', { text: '预览：' + (d.file || pending.file.name) }),
        h('p', { class: 'note', text: '映射：' + mappingLabel(d.mapping) + '。以下为将导入的记录，尚未保存。' }),
        eventTable(d.events, total),
        count(d.repeated) ? h('p', { class: 'note', id: 'import-repeated', text: '文件中有' + d.repeated + '行与其他行是同一条记录，只导入一次。' }) : null,
        h('h4', { id: 'h-import-problems', text: nprob ? '有问题的行（' + nprob + '行，不会导入）' : '没有有问题的行。' })
      ].concat(nprob ? rowTable('import-problems', d.problems, nprob, '行') : []).concat([
        h('div', { class: 'desk-actions' }, [confirm,
          h('span', { class: 'note import-confirm-note', text: total ? '　将导入' + total + '条记录' + (nprob ? '；有问题的' + nprob + '行不导入' : '') + '。' : '　没有可导入的记录。' })]),
        result
      ]).forEach(function (n) { if (n) summary.appendChild(n); });
      summary.hidden = false;

      confirm.addEventListener('click', function () {
        var p = pending;
        if (!p) return;
        error.hidden = true;
        confirm.disabled = true;
        busy(true, '正在导入' + p.file.name + '…');
        H.send('POST', '/v1/desk/imports', body(p)).then(function (res) {
          busy(false);
          if (res.status !== 200 || !res.data) { confirm.disabled = false; fail(refusal(res)); return; }
          pending = null;
          showResult(result, res.data);
          history.load();
        }, function () {
          busy(false);
          confirm.disabled = false;
          fail('网络错误，未确认是否已导入；可查看下方导入记录，或重新导入（已导入的记录不会重复保存）。');
        });
      });
    }

    function showResult(box, d) {
      var conflicts = d.conflicts || [];
      var nconf = Math.max(count(d.conflict), conflicts.length);
      var nprob = Math.max(count(d.problem_count), (d.problems || []).length);
      box.textContent = '';
      box.setAttribute('data-stored', count(d.stored));
      box.setAttribute('data-duplicate', count(d.duplicate));
      box.setAttribute('data-conflict', nconf);
      [
        h('div', { class: 'desk-result ' + (nconf ? 'fail' : 'ok') }, [
          h('p', { class: 'msg-title', text: '已导入' + (d.file || '') }),
          h('dl', { class: 'import-counts' }, [
            ['新增', count(d.stored), 'stored'], ['已有', count(d.duplicate), 'duplicate'], ['冲突', nconf, 'conflict'], ['问题行（未导入）', nprob, 'problems']
          ].map(function (c) { return h('div', { 'data-count': c[2] }, [h('dt', { text: c[0] }), h('dd', { text: c[1] })]); })),
          count(d.duplicate) ? h('p', { text: '“已有”的记录此前已导入或登记，未重复保存。' }) : null
        ]),
        nconf ? h('h4', { text: '冲突（' + nconf + '行）：同一记录已以不同内容保存，未覆盖' }) : null
      ].concat(nconf ? rowTable('import-conflicts', conflicts, nconf, '行冲突') : []).concat([
        h('p', { class: 'import-next', id: 'import-next' }, [
          '导入的记录要在重新计算相应月份的排名后才计入分数：请在登记页的“重新计算月度排名”中选择月份并重新计算。',
          h('a', { href: '#/desk', id: 'import-recompute-link', text: '去重新计算' })
        ])
      ]).forEach(function (n) { if (n) box.appendChild(n); });
      box.hidden = false;
    }

    return h('section', { class: 'desk-section', 'aria-labelledby': 'h-import-form' }, [
      h('h3', { id: 'h-import-form', text: '选择文件' }),
      h('p', { class: 'note', text: '先预览：检查文件中每类记录的条数和有问题的行，确认后再导入。有问题的行不会导入，其余的行照常导入；同一文件再次导入时，已导入的记录不会重复保存。' }),
      form, error, summary
    ]);
  }

  // ---- the page ----

  H.views.imports = function () {
    var me = H.me;
    if (!me || (me.role !== 'centre' && me.role !== 'admin')) {
      return Promise.resolve({ title: '导入数据', nodes: [H.message('empty', '请先以中心账号登录。', '导入数据仅供区长热线服务中心的工作人员使用。'),
        h('p', {}, h('a', { href: '#/signin', text: '登录' }))] });
    }
    var history = buildHistory();
    var nodes = [
      h('h2', { text: '导入数据' }),
      h('p', { class: 'note', text: '操作人：' + (me.name || me.id) + '（' + (H.ROLES[me.role] || me.role) + '）。导入12345平台的工单导出表，或中心的“中心记录.xlsx”（组织机构建设评分、会议缺席、通报批评等）。' }),
      h('div', { class: 'desk' }, [buildForm(history), history])
    ];
    history.load();
    return Promise.resolve({ title: '导入数据', nodes: nodes });
  };
})();
