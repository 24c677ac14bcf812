// desk.js: the centre's desk (#/desk), for centre and admin accounts
// (issue 12): a form for each event the centre records, each posting one
// event to POST /v1/desk/events (SPEC §3; the server makes the id and sets
// recorded_by), the organisation-building assessment of every unit as one
// grid, the recent records (GET /v1/desk/events) with 撤回 per record, and
// the month's recompute (POST /v1/admin/recompute).
//
// Routes: #/desk, #/desk?type=redo (the form shown first), &month=2026-10
// (the month of the recent records).
//
// Element ids (the end-to-end test uses them):
//   desk-type                     the form picker (a select of the types)
//   desk-form-T                   the form of event type T (meeting_absent,
//                                 criticized, supervised, supervision_rejected,
//                                 overdue_reassigned, return_rejected,
//                                 unreasonable_approved, redo, retracted)
//   desk-T-FIELD                  its inputs (desk-meeting_absent-unit_id,
//                                 desk-meeting_absent-at, desk-retracted-event_id …)
//   desk-T-FIELD-error            the error at that input (role=alert)
//   desk-T-result                 the form's result line
//   desk-form-org_assessed        the section of the grid (picker: org_assessed)
//   desk-org-grid                 the grid table, one row per unit (data-unit)
//   desk-org-at                   its time (the month it takes effect from)
//   desk-org-U-leadership, desk-org-U-staffing, desk-org-U-staff_count
//                                 the inputs of unit U; -error after each for
//                                 its error, desk-org-U-staff_count-warning
//                                 for the staffing rule of 四(一)
//   desk-org-U-result             the row's result; desk-org-save the button;
//                                 desk-org-result the grid's summary line
//   desk-recent                   the table of recent records (rows data-event)
//   desk-recent-month, desk-recent-unit   its filters
//   desk-retract-ID               the 撤回 button of the record ID
//   desk-recompute-month, desk-recompute, desk-recompute-result
(function () {
  'use strict';
  var H = window.Hotline;
  var h = H.h;

  var GROUPS = { town_street: '镇街', department: '区直部门' };
  var MEETINGS = H.MEETINGS, CRITICISMS = H.CRITICISMS, REDOS = H.REDOS;
  var RULES = H.RULES;

  function unitField(name, label, required, blank) {
    return { name: name, label: label, kind: 'unit', required: required, blank: blank };
  }
  var TICKET = { name: 'ticket_id', label: '工单编号', kind: 'text', required: true, max: 64 };
  var TICKET_OPT = { name: 'ticket_id', label: '工单编号（选填）', kind: 'text', max: 64 };
  var UNIT = unitField('unit_id', '承办单位', true);

  // FORMS are the events the centre records one at a time, with their
  // fields as SPEC §3 names them (deduction_waived comes with appeals).
  var FORMS = [
    { type: 'meeting_absent', label: '无故缺席会议', note: '无故不参加调度会、协调会、现场办公会，扣0.5分（督办件项）。',
      fields: [UNIT, { name: 'meeting', label: '会议类型（选填）', kind: 'select', options: MEETINGS }, TICKET_OPT] },
    { type: 'criticized', label: '通报批评', note: '六（二）所列情形之一，予以通报批评，同时扣0.5分。',
      fields: [UNIT, { name: 'reason', label: '情形', kind: 'select', required: true, options: CRITICISMS }, TICKET_OPT] },
    { type: 'supervised', label: '督办', note: '中心将工单列为督办件。', fields: [TICKET, UNIT] },
    { type: 'supervision_rejected', label: '督办件回复不合格', note: '督办件回复仍不符合办结条件，扣0.5分。', fields: [TICKET, UNIT] },
    { type: 'overdue_reassigned', label: '超期责任转移或免除', note: '把该单位此件的超期责任转给另一单位；不选接收单位即免除。',
      fields: [TICKET, UNIT, unitField('to_unit_id', '责任转至（选填）', false, '（不选：免除超期责任）')] },
    { type: 'return_rejected', label: '驳回回退申请', note: '工单仍由该单位办理，办理时限不变。',
      fields: [TICKET, UNIT, { name: 'reason', label: '驳回理由（选填）', kind: 'textarea', max: 500 }] },
    { type: 'unreasonable_approved', label: '不合理诉求审核通过', note: '该工单不计入满意率。', fields: [TICKET] },
    { type: 'redo', label: '退回重办', note: '六（一）所列情形之一，予以退回重办。',
      fields: [TICKET, UNIT, { name: 'reason', label: '情形', kind: 'select', required: true, options: REDOS }] },
    { type: 'retracted', label: '撤回记录', note: '撤回一条误录的记录；可在下方“最近登记”中点“撤回”自动填写。',
      fields: [{ name: 'event_id', label: '撤回的记录编号', kind: 'text', required: true, max: 128 },
        { name: 'reason', label: '撤回原因', kind: 'textarea', required: true, max: 500 }] }
  ];
  var TYPE_LABELS = Object.assign({}, H.EVENT_TYPES);
  FORMS.forEach(function (f) { TYPE_LABELS[f.type] = f.label; });

  // ---- small things ----

  function two(n) { return (n < 10 ? '0' : '') + n; }
  // nowLocal is the time in Beijing as a datetime-local input holds it.
  function nowLocal() { return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 16); }
  // instant turns a datetime-local value into RFC 3339 at +08:00, or null.
  function instant(v) {
    var m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?/.exec(v || '');
    return m ? m[1] + (m[2] || ':00') + '+08:00' : null;
  }
  function optionLabel(list, key) {
    for (var i = 0; i < list.length; i++) if (list[i][0] === key) return list[i][1];
    return key;
  }
  function wait(seconds) {
    var n = parseInt(seconds, 10);
    return n > 0 ? (n < 60 ? n + '秒' : Math.ceil(n / 60) + '分钟') : '';
  }

  // zh says an API field message (English, from shared/event) in Chinese.
  function zh(msg) {
    var m;
    msg = msg || '';
    if (/is required/.test(msg)) return '此项必填';
    if ((m = /must be 1 to (\d+) characters of/.exec(msg))) return '格式有误：应为1至' + m[1] + '个字母、数字或 _ . - 字符';
    if ((m = /must be 1 to (\d+) characters/.exec(msg))) return '长度应为1至' + m[1] + '个字符';
    if (/RFC 3339/.test(msg)) return '时间格式有误';
    if (/outside the years/.test(msg)) return '时间应在2000年至2099年之间';
    if (/must be from 0 to 5/.test(msg)) return '应为0至5之间的数';
    if (/whole number|0 or more/.test(msg)) return '应为不小于0的整数';
    if (/must be a number/.test(msg)) return '应为数字';
    if (/is not one of/.test(msg)) return '请从列表中选择';
    return '此项有误：' + msg;
  }

  // answer says what a refused request means, for the result line; null
  // for a 400 with a field (shown at the field).
  function answer(res) {
    var err = (res.data && res.data.error) || {};
    switch (res.status) {
      case 400: return '提交有误：' + (err.field ? zh(err.message) + '（' + err.field + '）' : (err.message || '请求有误'));
      case 401: return '登录已过期，请重新登录后再提交。';
      case 403: return '无权限：仅中心或管理员账号可登记。';
      case 409: return '与已有记录冲突：' + (err.message || '');
      case 429:
        var after = wait(res.headers.get('Retry-After'));
        return '提交过于频繁，请稍后重试' + (after ? '（' + after + '后）' : '') + '。';
    }
    if (res.status >= 500) return '服务器暂时无法处理（HTTP ' + res.status + '），未登记，请稍后重试。';
    return '未能登记（HTTP ' + res.status + (err.message ? '：' + err.message : '') + '）。';
  }

  function setResult(el, kind, kids) {
    el.textContent = '';
    el.className = 'desk-result ' + kind;
    [].concat(kids).forEach(function (k) { el.appendChild(typeof k === 'string' ? document.createTextNode(k) : k); });
    if (kind === 'fail' && /重新登录/.test(el.textContent)) {
      el.appendChild(document.createTextNode(' '));
      el.appendChild(h('a', { href: '#/signin', text: '去登录' }));
    }
    el.hidden = false;
  }

  // fieldError shows text at the input (aria-invalid, the alert after it).
  function fieldError(input, text) {
    var el = document.getElementById(input.id + '-error');
    if (!el) return false;
    el.textContent = text;
    el.hidden = !text;
    if (text) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    return true;
  }
  function errorBox(id) { return h('p', { class: 'field-error', id: id + '-error', role: 'alert', hidden: true }); }

  function unitSelect(id, units, blank, required) {
    var opts = [h('option', { value: '', text: blank || '请选择单位' })];
    Object.keys(GROUPS).concat(units.map(function (u) { return u.group; })).forEach(function (g, i, all) {
      if (all.indexOf(g) !== i) return;
      var us = units.filter(function (u) { return u.group === g; });
      if (us.length) opts.push(h('optgroup', { label: GROUPS[g] || g }, us.map(function (u) { return h('option', { value: u.unit_id, text: u.name }); })));
    });
    return h('select', { id: id, required: required, 'aria-describedby': id + '-error' }, opts);
  }

  // ---- the forms ----

  function buildForm(spec, ctx) {
    var T = spec.type, pre = 'desk-' + T + '-';
    var inputs = {};
    function row(name, label, input, extra) {
      inputs[name] = input;
      return h('div', { class: 'field' }, [h('label', { for: input.id, text: label }), input, extra || null, errorBox(input.id)]);
    }
    var kids = [h('h3', { text: spec.label }), h('p', { class: 'note', text: spec.note })];
    kids.push(row('at', '时间（北京时间）', h('input', { id: pre + 'at', type: 'datetime-local', value: nowLocal(), required: true, 'aria-describedby': pre + 'at-error' })));
    spec.fields.forEach(function (f) {
      var id = pre + f.name, input, hint = null;
      if (f.kind === 'unit') input = unitSelect(id, ctx.units, f.blank, f.required);
      else if (f.kind === 'select') {
        input = h('select', { id: id, required: f.required, 'aria-describedby': id + '-error' },
          [h('option', { value: '', text: f.required ? '请选择' : '（不选）' })].concat(f.options.map(function (o) {
            return h('option', { value: o[0], text: o[1] });
          })));
        if (f.options[0][2]) {
          hint = h('p', { class: 'note', id: id + '-hint', hidden: true });
          input.addEventListener('change', function () {
            var o = f.options.filter(function (x) { return x[0] === input.value; })[0];
            hint.textContent = o ? '办法原文：' + o[2] : '';
            hint.hidden = !o;
          });
        }
      } else if (f.kind === 'textarea') input = h('textarea', { id: id, rows: 2, maxlength: f.max, required: f.required, 'aria-describedby': id + '-error' });
      else input = h('input', { id: id, type: 'text', maxlength: f.max, required: f.required, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': id + '-error' });
      kids.push(row(f.name, f.label, input, hint));
    });
    var result = h('p', { class: 'desk-result', id: pre + 'result', role: 'status', 'aria-live': 'polite', hidden: true });
    var button = h('button', { type: 'submit', class: 'signin-btn', text: '登记' });
    kids.push(h('div', { class: 'desk-actions' }, [button]), result);
    var form = h('form', { id: 'desk-form-' + T, class: 'desk-form', novalidate: true, 'data-type': T }, kids);

    function clear() {
      Object.keys(inputs).forEach(function (k) { fieldError(inputs[k], ''); });
      result.hidden = true;
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clear();
      var body = { type: T }, bad = null;
      var at = instant(inputs.at.value);
      if (!at) bad = bad || [inputs.at, '请填写时间'];
      body.at = at;
      spec.fields.forEach(function (f) {
        var v = inputs[f.name].value.trim();
        if (!v) {
          if (f.required) bad = bad || [inputs[f.name], '此项必填'];
          return;
        }
        if (f.max && v.length > f.max) bad = bad || [inputs[f.name], '长度应为1至' + f.max + '个字符'];
        body[f.name] = v;
      });
      if (bad) {
        fieldError(bad[0], bad[1]);
        bad[0].focus();
        return;
      }
      button.disabled = true;
      H.send('POST', '/v1/desk/events', body).then(function (res) {
        button.disabled = false;
        if ((res.status === 201 || res.status === 200) && res.data) {
          setResult(result, 'ok', (res.status === 200 ? '该记录此前已登记：' : '已登记' + spec.label + '，记录编号 ') + res.data.id);
          spec.fields.forEach(function (f) { if (f.kind !== 'unit' || f.name !== 'unit_id') inputs[f.name].value = ''; });
          // The list and the recompute turn to the month of the record.
          var m = String(res.data.at || '').slice(0, 7);
          var rc = document.getElementById('desk-recompute-month');
          if (rc && /^\d{4}-\d{2}$/.test(m) && m <= rc.max) rc.value = m;
          ctx.refresh(m);
          return;
        }
        var err = (res.data && res.data.error) || {};
        if (res.status === 400 && err.field && inputs[err.field]) {
          fieldError(inputs[err.field], zh(err.message));
          inputs[err.field].focus();
          return;
        }
        setResult(result, 'fail', answer(res));
      }, function () {
        button.disabled = false;
        setResult(result, 'fail', '网络错误，未能登记，请检查网络后重试。');
      });
    });
    form.fill = function (values) {
      clear();
      Object.keys(values).forEach(function (k) { if (inputs[k]) inputs[k].value = values[k]; });
    };
    form.inputs = inputs;
    return form;
  }

  // ---- the organisation-building grid (org_assessed, 四(一)) ----

  // busyUnits resolves to the units whose average monthly `assigned` over
  // January..M of M's year exceeds 100 (SPEC §6), from the published
  // rankings of those months (a month not published counts none): unit id
  // -> the average.
  function busyUnits(month) {
    var y = Number(month.slice(0, 4)), m = Number(month.slice(5, 7));
    var asks = [];
    for (var i = 1; i <= m; i++) {
      asks.push(H.getJSON('/v1/months/' + y + '-' + two(i) + '/ranking').catch(function () { return null; }));
    }
    return Promise.all(asks).then(function (rks) {
      var sum = {}, out = {};
      rks.forEach(function (rk) {
        ((rk && rk.units) || []).forEach(function (u) {
          sum[u.unit_id] = (sum[u.unit_id] || 0) + ((u.counts && u.counts.assigned) || 0);
        });
      });
      Object.keys(sum).forEach(function (id) { if (sum[id] > 100 * m) out[id] = Math.round(sum[id] / m * 10) / 10; });
      return out;
    });
  }

  function buildGrid(ctx) {
    var at = h('input', { id: 'desk-org-at', type: 'datetime-local', value: nowLocal(), required: true, 'aria-describedby': 'desk-org-at-error' });
    var busyNote = h('p', { class: 'note', id: 'desk-org-busy' });
    var summary = h('p', { class: 'desk-result', id: 'desk-org-result', role: 'status', 'aria-live': 'polite', hidden: true });
    var busy = {}, rows = {};
    var COLS = [['leadership', '领导重视', '0–5'], ['staffing', '人员配备', '0–5'], ['staff_count', '专职人员数', '选填']];

    function cell(u, c) {
      var id = 'desk-org-' + u.unit_id + '-' + c[0];
      var input = h('input', { id: id, type: 'text', inputmode: c[0] === 'staff_count' ? 'numeric' : 'decimal', autocomplete: 'off',
        'aria-label': u.name + c[1], 'aria-describedby': id + '-error', class: 'num' });
      var kids = [input, errorBox(id)];
      if (c[0] === 'staff_count') {
        var warning = h('p', { class: 'field-warning', id: id + '-warning', role: 'status', hidden: true });
        kids.push(warning);
        input.addEventListener('input', function () { warn(u.unit_id); });
      }
      return h('td', {}, kids);
    }
    function warn(id) {
      var r = rows[id], v = r.inputs.staff_count.value.trim();
      var bites = busy[id] !== undefined && /^\d+$/.test(v) && Number(v) < 2;
      r.warning.hidden = !bites;
      r.warning.textContent = bites ? '该单位月均交办' + busy[id] + '件，超过100件；专职人员少于2人，人员配备项将按0分计算。' : '';
    }
    var body = [];
    Object.keys(GROUPS).concat(ctx.units.map(function (u) { return u.group; })).forEach(function (g, i, all) {
      if (all.indexOf(g) !== i) return;
      var us = ctx.units.filter(function (u) { return u.group === g; });
      if (!us.length) return;
      body.push(h('tr', { class: 'group-row' }, h('th', { colspan: 5, scope: 'colgroup', text: GROUPS[g] || g })));
      us.forEach(function (u) {
        var tag = h('span', { class: 'tag busy-tag', hidden: true });
        var result = h('td', { id: 'desk-org-' + u.unit_id + '-result', class: 'row-result' });
        var tds = COLS.map(function (c) { return cell(u, c); });
        var tr = h('tr', { 'data-unit': u.unit_id }, [h('th', { scope: 'row', class: 'name' }, [u.name, ' ', tag])].concat(tds, [result]));
        rows[u.unit_id] = { tr: tr, tag: tag, result: result, warning: tds[2].querySelector('.field-warning'),
          inputs: { leadership: tds[0].firstChild, staffing: tds[1].firstChild, staff_count: tds[2].firstChild } };
        body.push(tr);
      });
    });

    function markBusy() {
      var local = instant(at.value);
      if (!local) return;
      var month = local.slice(0, 7);
      busyNote.textContent = '正在统计' + month.slice(0, 4) + '年1月至' + Number(month.slice(5, 7)) + '月的交办量…';
      busyUnits(month).then(function (b) {
        if (instant(at.value) === null || instant(at.value).slice(0, 7) !== month) return;
        busy = b;
        var n = 0;
        Object.keys(rows).forEach(function (id) {
          var r = rows[id], is = b[id] !== undefined;
          if (is) n++;
          r.tr.classList.toggle('busy', is);
          r.tag.hidden = !is;
          r.tag.textContent = is ? '月均交办' + b[id] + '件' : '';
          warn(id);
        });
        busyNote.textContent = '按已发布的' + month.slice(0, 4) + '年1月至' + Number(month.slice(5, 7)) + '月排名统计（未发布的月份按0件计）：' +
          (n ? n + '个单位月均交办超过100件（已标出），须至少配备2名专职人员，否则人员配备项按0分计。' : '没有月均交办超过100件的单位。');
      });
    }
    at.addEventListener('change', markBusy);
    markBusy();

    // check reads a row: null when empty, else the event or a field error.
    function check(id) {
      var r = rows[id], v = {}, err = null;
      COLS.forEach(function (c) { v[c[0]] = r.inputs[c[0]].value.trim(); fieldError(r.inputs[c[0]], ''); });
      if (!v.leadership && !v.staffing && !v.staff_count) return null;
      var ev = { type: 'org_assessed', unit_id: id };
      ['leadership', 'staffing'].forEach(function (k) {
        if (err) return;
        if (!v[k]) err = [k, '此项必填'];
        else if (!/^\d+(\.\d+)?$/.test(v[k]) || Number(v[k]) > 5) err = [k, '应为0至5之间的数'];
        else ev[k] = Number(v[k]);
      });
      if (!err && v.staff_count) {
        if (!/^\d+$/.test(v.staff_count)) err = ['staff_count', '应为不小于0的整数'];
        else ev.staff_count = Number(v.staff_count);
      }
      return err ? { err: err } : { ev: ev };
    }

    var button = h('button', { type: 'submit', class: 'signin-btn', id: 'desk-org-save', text: '保存已填写的行' });
    var form = h('form', { id: 'desk-form-org_assessed', class: 'desk-form desk-grid-form', novalidate: true, 'data-type': 'org_assessed' }, [
      h('h3', { text: TYPE_LABELS.org_assessed }),
      h('p', { class: 'note', text: '四（一）：领导重视、规章制度健全、办理机制顺畅得5分；有分管领导、责任科室和责任人员得5分。每个单位一行，只保存已填写的行，每行登记一条评定，自评定时间所在月份起生效。' }),
      h('div', { class: 'field' }, [h('label', { for: 'desk-org-at', text: '评定时间（北京时间，自该月起生效）' }), at, errorBox('desk-org-at')]),
      busyNote,
      h('div', { class: 'scroll' }, h('table', { id: 'desk-org-grid', class: 'desk-grid' }, [
        h('thead', {}, h('tr', {}, [h('th', { scope: 'col', text: '单位' })].concat(COLS.map(function (c) {
          return h('th', { scope: 'col' }, [c[1], h('small', { text: '（' + c[2] + '）' })]);
        }), [h('th', { scope: 'col', text: '结果' })]))),
        h('tbody', {}, body)
      ])),
      h('div', { class: 'desk-actions' }, [button]),
      summary
    ]);

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      summary.hidden = true;
      fieldError(at, '');
      var when = instant(at.value);
      if (!when) { fieldError(at, '请填写时间'); at.focus(); return; }
      var todo = [], bad = 0;
      Object.keys(rows).forEach(function (id) {
        var c = check(id), r = rows[id];
        r.result.textContent = '';
        r.result.className = 'row-result';
        if (!c) return;
        if (c.err) { bad++; fieldError(r.inputs[c.err[0]], c.err[1]); return; }
        c.ev.at = when;
        todo.push(c.ev);
      });
      if (bad) { setResult(summary, 'fail', bad + '行填写有误，请修改后再保存（未保存任何一行）。'); return; }
      if (!todo.length) { setResult(summary, 'fail', '没有填写任何一行。'); return; }
      button.disabled = true;
      var saved = 0, failed = 0, stop = null;
      // One event per row, one after another; each row says how it went.
      todo.reduce(function (p, ev) {
        return p.then(function () {
          var r = rows[ev.unit_id];
          if (stop) { r.result.textContent = '未保存'; return; }
          return H.send('POST', '/v1/desk/events', ev).then(function (res) {
            var err = (res.data && res.data.error) || {};
            if ((res.status === 201 || res.status === 200) && res.data) {
              saved++;
              r.result.className = 'row-result ok';
              r.result.textContent = '已保存（' + res.data.id + '）';
              COLS.forEach(function (c) { r.inputs[c[0]].value = ''; });
              warn(ev.unit_id);
              return;
            }
            failed++;
            r.result.className = 'row-result fail';
            if (res.status === 400 && err.field === 'at') { fieldError(at, zh(err.message)); r.result.textContent = '时间有误'; return; }
            if (res.status === 400 && r.inputs[err.field]) { fieldError(r.inputs[err.field], zh(err.message)); r.result.textContent = '有误'; return; }
            r.result.textContent = answer(res);
            if (res.status === 401 || res.status === 403 || res.status === 429 || res.status >= 500) stop = answer(res);
          }, function () { failed++; stop = '网络错误'; r.result.textContent = '网络错误，未保存'; });
        });
      }, Promise.resolve()).then(function () {
        button.disabled = false;
        setResult(summary, failed ? 'fail' : 'ok', '已保存' + saved + '行' + (failed ? '，' + failed + '行未保存' + (stop ? '：' + stop : '（见各行）') : '') + '。');
        ctx.refresh();
      });
    });
    return form;
  }

  // ---- the recent records ----

  function details(e, name) {
    var d = [];
    if (e.meeting) d.push(optionLabel(MEETINGS, e.meeting));
    if (e.type === 'criticized') d.push(optionLabel(CRITICISMS, e.reason));
    else if (e.type === 'redo') d.push(optionLabel(REDOS, e.reason));
    else if (e.reason) d.push('理由：' + e.reason);
    if (e.type === 'org_assessed') {
      d.push('领导重视' + e.leadership + '分，人员配备' + e.staffing + '分' + (e.staff_count !== undefined ? '，专职人员' + e.staff_count + '人' : ''));
    }
    if (e.type === 'overdue_reassigned') d.push(e.to_unit_id ? '转至' + name(e.to_unit_id) : '免除超期责任');
    if (e.rule) d.push('扣分项：' + (RULES[e.rule] || e.rule));
    if (e.event_id) d.push('记录 ' + e.event_id);
    return d.join('；');
  }

  function buildRecent(ctx, month) {
    var monthInput = h('input', { id: 'desk-recent-month', type: 'month', value: month });
    var unitFilter = unitSelect('desk-recent-unit', ctx.units, '全部单位');
    var box = h('div', { id: 'desk-recent-box' });
    var names = {};
    ctx.units.forEach(function (u) { names[u.unit_id] = u.name; });
    function name(id) { return id ? names[id] || id : '—'; }

    var seq = 0;
    function load() {
      var my = ++seq;
      var m = monthInput.value;
      if (!/^\d{4}-\d{2}$/.test(m)) return;
      var url = '/v1/desk/events?month=' + encodeURIComponent(m) + '&limit=100' + (unitFilter.value ? '&unit=' + encodeURIComponent(unitFilter.value) : '');
      box.setAttribute('aria-busy', 'true');
      H.send('GET', url).then(function (res) {
        if (my !== seq) return;
        box.removeAttribute('aria-busy');
        box.textContent = '';
        if (res.status !== 200 || !res.data) { box.appendChild(H.message('error', '无法加载最近登记：' + answer(res))); return; }
        var evs = res.data.events || [];
        if (!evs.length) { box.appendChild(h('p', { class: 'note', id: 'desk-recent-none', text: H.periodLabel(m) + '没有登记记录。' })); }
        var withdrawn = {};
        evs.forEach(function (e) { if (e.type === 'retracted') withdrawn[e.event_id] = true; });
        box.appendChild(h('div', { class: 'scroll' }, h('table', { id: 'desk-recent', class: 'list desk-recent', hidden: !evs.length }, [
          h('thead', {}, h('tr', {}, ['时间', '类型', '单位', '工单', '详情', '登记人', ''].map(function (c) { return h('th', { scope: 'col', text: c }); }))),
          h('tbody', {}, evs.map(function (e) {
            var action = withdrawn[e.id] ? h('span', { class: 'tag', text: '已撤回' }) : e.type === 'retracted' ? '' :
              h('button', { type: 'button', class: 'link-btn', id: 'desk-retract-' + e.id, text: '撤回', onclick: function () { ctx.retract(e); } });
            return h('tr', { 'data-event': e.id, 'data-type': e.type, class: withdrawn[e.id] ? 'waived' : null }, [
              h('td', { class: 'nowrap', text: H.time(e.at) }),
              h('td', { class: 'nowrap', text: TYPE_LABELS[e.type] || e.type }),
              h('td', { text: name(e.unit_id) }),
              h('td', { class: 'mono', text: e.ticket_id || '—' }),
              h('td', { text: details(e, name) }),
              h('td', { class: 'nowrap', text: e.recorded_by || '—' }),
              h('td', { class: 'nowrap' }, action)
            ]);
          }))
        ])));
        if (res.data.more) box.appendChild(h('p', { class: 'note', text: '仅显示最近' + evs.length + '条；更早的记录请按单位筛选。' }));
      }, function () {
        if (my !== seq) return;
        box.textContent = '';
        box.appendChild(H.message('error', '无法加载最近登记（网络错误）。'));
      });
    }
    monthInput.addEventListener('change', load);
    unitFilter.addEventListener('change', load);
    var section = h('section', { class: 'desk-section', 'aria-labelledby': 'h-desk-recent' }, [
      h('h3', { id: 'h-desk-recent', text: '最近登记' }),
      h('div', { class: 'desk-filters' }, [
        h('label', { for: 'desk-recent-month', text: '月份' }), monthInput,
        h('label', { for: 'desk-recent-unit', text: '单位' }), unitFilter,
        h('button', { type: 'button', class: 'link-btn', id: 'desk-recent-refresh', text: '刷新', onclick: load })
      ]),
      box
    ]);
    // load(month) shows the records of month (the month of a record just
    // made), or of the month chosen.
    section.load = function (m) {
      if (m && /^\d{4}-\d{2}$/.test(m)) monthInput.value = m;
      load();
    };
    return section;
  }

  // ---- the month's recompute ----

  function buildRecompute(month) {
    var input = h('input', { id: 'desk-recompute-month', type: 'month', value: month, max: nowLocal().slice(0, 7), 'aria-describedby': 'desk-recompute-month-error' });
    var button = h('button', { type: 'submit', id: 'desk-recompute', class: 'signin-btn', text: '重新计算' });
    var result = h('p', { class: 'desk-result', id: 'desk-recompute-result', role: 'status', 'aria-live': 'polite', hidden: true });
    var form = h('form', { class: 'desk-section desk-recompute', novalidate: true, 'aria-labelledby': 'h-desk-recompute' }, [
      h('h3', { id: 'h-desk-recompute', text: '重新计算月度排名' }),
      h('p', { class: 'note', text: '按目前已登记的数据重新计算该月排名，发布为新的暂定版本。' }),
      h('div', { class: 'desk-filters' }, [h('label', { for: 'desk-recompute-month', text: '月份' }), input, button]),
      errorBox('desk-recompute-month'),
      result
    ]);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      fieldError(input, '');
      result.hidden = true;
      var m = input.value;
      if (!/^\d{4}-\d{2}$/.test(m)) { fieldError(input, '请选择月份'); return; }
      button.disabled = true;
      H.send('POST', '/v1/admin/recompute', { month: m }).then(function (res) {
        button.disabled = false;
        var err = (res.data && res.data.error) || {};
        if (res.status === 200 && res.data) {
          var p = res.data.period || m;
          H.changed();
          setResult(result, 'ok', ['已重新计算' + H.periodLabel(p) + '，发布第' + res.data.version + '版（' + (res.data.final ? '最终' : '暂定') + '）。',
            h('a', { href: '#/?month=' + encodeURIComponent(p), id: 'desk-recompute-link', text: '查看' + H.periodLabel(p) + '排名' })]);
          return;
        }
        if (res.status === 400 && err.field === 'month') {
          fieldError(input, /after the current month/.test(err.message || '') ? '不能计算尚未到来的月份' : zh(err.message));
          return;
        }
        setResult(result, 'fail', res.status === 409 ? '无法计算：' + (err.message || '缺少数据') : answer(res).replace('登记', '计算'));
      }, function () {
        button.disabled = false;
        setResult(result, 'fail', '网络错误，未能计算，请重试。');
      });
    });
    return form;
  }

  // ---- the page ----

  H.views.desk = function (params) {
    var me = H.me;
    if (!me || (me.role !== 'centre' && me.role !== 'admin')) {
      return Promise.resolve({ title: '登记', nodes: [H.message('empty', '请先以中心账号登录。', '登记页面仅供区长热线服务中心的工作人员使用。'),
        h('p', {}, h('a', { href: '#/signin', text: '登录' }))] });
    }
    params = params || {};
    var month = /^\d{4}-\d{2}$/.test(params.month || '') ? params.month : nowLocal().slice(0, 7);
    return H.getJSON('/v1/units').then(function (d) { return (d && d.units) || []; }, function (err) {
      if (err && err.status === 404) return [];
      throw err;
    }).then(function (units) {
      var ctx = { units: units };
      var recent = buildRecent(ctx, month);
      ctx.refresh = recent.load;
      var forms = FORMS.map(function (f) { return buildForm(f, ctx); });
      forms.push(buildGrid(ctx));
      var picker = h('select', { id: 'desk-type' }, FORMS.map(function (f) { return f.type; }).concat('org_assessed').map(function (t) {
        return h('option', { value: t, text: TYPE_LABELS[t] });
      }));
      function pick(t) {
        picker.value = t;
        forms.forEach(function (f) { f.hidden = f.getAttribute('data-type') !== t; });
      }
      picker.addEventListener('change', function () { pick(picker.value); });
      pick(TYPE_LABELS[params.type] ? params.type : FORMS[0].type);
      ctx.retract = function (e) {
        pick('retracted');
        var form = forms.filter(function (f) { return f.getAttribute('data-type') === 'retracted'; })[0];
        form.fill({ event_id: e.id, at: nowLocal() });
        form.scrollIntoView();
        form.inputs.reason.focus();
      };
      recent.load();
      var nodes = [
        h('h2', { text: '登记' }),
        h('p', { class: 'note', text: '登记人：' + (me.name || me.id) + '（' + (H.ROLES[me.role] || me.role) + '）。每次提交登记一条记录；记录编号由系统生成。' }),
        h('p', { class: 'note' }, ['平台的工单导出表和中心记录表（中心记录.xlsx）可整表导入：', h('a', { href: '#/imports', id: 'desk-imports-link', text: '导入数据' }), '。']),
        units.length ? null : H.message('error', '尚未导入承办单位名单，无法选择单位。'),
        h('div', { class: 'desk' }, [
          h('section', { class: 'desk-section', 'aria-label': '登记事项' }, [
            h('div', { class: 'desk-filters' }, [h('label', { for: 'desk-type', text: '登记事项' }), picker])
          ].concat(forms)),
          recent,
          buildRecompute(month)
        ])
      ];
      return { title: '登记', nodes: nodes };
    });
  };
})();
