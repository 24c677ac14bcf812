// 12345热线承办单位考核排名: reads the public JSON API of `hotline serve`
// (/v1/months, /v1/months/{m}/ranking, /v1/months/{m}/units/{u},
// /v1/units/{u}/history) and draws the ranking and the unit pages; people
// sign in and out with /v1/session (SPEC §11), the header says who is in.
// Plain JavaScript, no library; routes live in the hash:
//   #/?month=2026-10            the ranking of a period
//   #/unit/<id>?month=2026-10   one unit in a period
//   #/signin                    the sign-in form
(function () {
  'use strict';

  var GROUPS = { town_street: '镇街', department: '区直部门' };
  var GRADES = { excellent: '优秀', good: '良好', pass: '达标', fail: '不达标' };
  var ESCALATIONS = {
    notice: '区政府办公室通报批评',
    interview_deputy: '区委组织部分管副部长约谈分管负责人',
    interview_principal: '区委组织部部长及区政府分管领导约谈主要负责人'
  };
  // [key, label, max points]; criticism is subtracted from the total.
  var ITEMS = [
    ['organization', '组织机构建设', 10],
    ['late_returns', '回退件', 10],
    ['noncompliant_returns', '不合规工单', 10],
    ['overdue', '超期件', 20],
    ['supervision', '督办件', 10],
    ['result_satisfaction', '办理结果满意率', 20],
    ['process_satisfaction', '服务过程满意率', 20],
    ['criticism', '通报批评', null]
  ];
  var RULES = window.Hotline.RULES;
  var COUNTS = [
    ['assigned', '交办工单'],
    ['callback_tickets', '回访工单'],
    ['connected', '接通并计入满意率'],
    ['excluded_unreasonable', '不合理诉求剔除'],
    ['result_satisfied', '办理结果满意'],
    ['process_satisfied', '服务过程满意'],
    ['late_returns', '超过1个工作日回退'],
    ['noncompliant_uncontacted', '未联系反映人直接回退'],
    ['overdue', '超期件'],
    ['supervision_rejected', '督办回复不合格'],
    ['meetings_absent', '无故缺席会议'],
    ['criticisms', '通报批评']
  ];
  var ROLES = window.Hotline.ROLES;
  var EVENT_TYPES = window.Hotline.EVENT_TYPES;
  // FIELD_MESSAGES are the API's field messages (400) a person reads in Chinese.
  var FIELD_MESSAGES = { 'id is required': '请输入账号', 'password is required': '请输入密码' };
  var FLAGS = {
    org_default: '无组织机构建设评定，按满分计',
    staffing_short: '月均交办超过100件而专职人员少于2人，人员配备项不得分',
    no_connected_callbacks: '本月无接通回访，满意率按满分计'
  };

  var view = document.getElementById('view');
  var loading = document.getElementById('loading');
  var select = document.getElementById('month');
  var status = document.getElementById('status');
  var periods = null; // from /v1/months, newest first
  var rankings = {}; // period -> promise of the ranking
  var token = 0; // the latest navigation; older answers are dropped
  var me = null; // the account signed in (GET /v1/session), or null
  var signinLink = document.getElementById('signin-link');
  var personBox = document.getElementById('person');
  var signoutBtn = document.getElementById('signout');
  var deskLink = document.getElementById('desk-link');
  var appealsLink = document.getElementById('appeals-link');
  var importsLink = document.getElementById('imports-link');

  var H = window.Hotline;
  var h = H.h, s = H.s, getJSON = H.getJSON, send = H.send;
  var periodLabel = H.periodLabel, num = H.num, total = H.total, pct = H.pct, time = H.time;
  var message = H.message, failure = H.failure;
  function unitHref(id, period) {
    return '#/unit/' + encodeURIComponent(id) + '?month=' + encodeURIComponent(period);
  }
  function gradeTag(g) {
    return g ? h('span', { class: 'grade g-' + g, text: GRADES[g] || g }) : '—';
  }
  function parseHash() {
    var raw = location.hash.replace(/^#\/?/, '');
    var q = raw.indexOf('?');
    var path = q < 0 ? raw : raw.slice(0, q);
    var params = {};
    (q < 0 ? '' : raw.slice(q + 1)).split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i > 0) params[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1));
    });
    var m = /^unit\/(.+)$/.exec(path);
    return { unit: m ? decodeURIComponent(m[1]) : null, month: params.month || null, signin: path === 'signin',
      view: Object.prototype.hasOwnProperty.call(H.views, path) ? path : null, params: params };
  }

  function isYear(p) { return /^\d{4}$/.test(p); }
  // run shows a number of consecutive bottom months; 3 means 3 or more.
  function run(n) { return '连续' + n + '个月' + (n >= 3 ? '及以上' : ''); }

  function periodInfo(p) {
    for (var i = 0; periods && i < periods.length; i++) if (periods[i].period === p) return periods[i];
    return null;
  }
  function versionText(final, version) {
    return (final ? '最终' : '暂定') + (version ? '（第' + version + '版）' : '');
  }

  function fillPicker(current) {
    select.textContent = '';
    var list = periods.slice();
    if (current && !periodInfo(current)) list.unshift({ period: current });
    list.forEach(function (p) {
      var label = periodLabel(p.period);
      if (p.latest !== undefined) label += '（' + (p.final ? '最终' : '暂定') + '·第' + p.latest + '版）';
      select.appendChild(h('option', { value: p.period, selected: p.period === current, text: label }));
    });
    select.disabled = false;
    var info = periodInfo(current);
    status.hidden = !info;
    if (info) {
      status.textContent = versionText(info.final, info.latest);
      status.className = 'badge ' + (info.final ? 'final' : 'provisional');
    }
  }

  function ranking(period) {
    if (!rankings[period]) {
      var kind = isYear(period) ? '/v1/years/' : '/v1/months/';
      rankings[period] = getJSON(kind + encodeURIComponent(period) + '/ranking');
      rankings[period].catch(function () { delete rankings[period]; });
    }
    return rankings[period];
  }

  function groupsOf(units) {
    var order = Object.keys(GROUPS);
    units.forEach(function (u) { if (order.indexOf(u.group) < 0) order.push(u.group); });
    return order.map(function (g) {
      return { id: g, units: units.filter(function (u) { return u.group === g; }) };
    }).filter(function (g) { return g.units.length > 0; });
  }

  // ---- ranking page ----

  function rankingTable(group, period, yearly) {
    var items = yearly ? [] : ITEMS;
    var head = [h('th', { scope: 'col', class: 'rank', text: '排名' }), h('th', { scope: 'col', class: 'name', text: '单位' }),
      h('th', { scope: 'col', text: '总分' }), h('th', { scope: 'col', text: '等次' })];
    items.forEach(function (it) {
      head.push(h('th', { scope: 'col', class: 'item' }, [it[1], h('small', { text: it[2] ? '（' + it[2] + '分）' : '（扣分）' })]));
    });
    if (yearly) head.push(h('th', { scope: 'col', text: '参加考核月数' }));
    head.push(h('th', { scope: 'col', text: '排名靠后' }), h('th', { scope: 'col', text: '问责' }));
    var rows = group.units.map(function (u) {
      var cells = [
        h('td', { class: 'rank', text: u.assessed ? u.rank : '—' }),
        h('th', { scope: 'row', class: 'name' }, [h('a', { href: unitHref(u.unit_id, period), text: u.name }),
          byAppeal(u) ? h('span', { class: 'appeal-mark', 'data-appeal-changed': 'true', title: '该单位得分因申诉经中心核实而调整', text: '申诉调整' }) : null]),
        h('td', { class: 'n total', text: u.assessed ? total(u.total) : '未考核' }),
        h('td', {}, u.assessed ? gradeTag(u.grade) : '—')
      ];
      items.forEach(function (it) {
        var v = u.scores ? u.scores[it[0]] : null;
        var lost = v !== null && v !== undefined && (it[2] ? v < it[2] : v > 0);
        var text = v === null || v === undefined ? '—' : (it[2] ? num(v) : (v > 0 ? '−' + num(v) : '0'));
        cells.push(h('td', { class: 'n' + (lost ? ' lost' : ''), 'data-item': it[0], text: u.assessed ? text : '—' }));
      });
      if (yearly) cells.push(h('td', { class: 'n', text: u.months_assessed === undefined ? '—' : u.months_assessed }));
      cells.push(h('td', { class: 'flag' }, u.bottom ? h('span', { class: 'bottom-mark' },
        ['▼ 靠后', u.bottom_run > 1 ? h('small', { text: run(u.bottom_run) }) : null]) : ''));
      cells.push(h('td', { class: 'esc', text: u.escalation ? (ESCALATIONS[u.escalation] || u.escalation) : '' }));
      return h('tr', {
        'data-unit': u.unit_id,
        'data-rank': u.assessed ? u.rank : null,
        'data-total': u.assessed ? u.total : null,
        'data-assessed': u.assessed ? null : 'false',
        class: (u.bottom ? 'bottom' : '') + (u.assessed ? '' : ' absent')
      }, cells);
    });
    var assessed = group.units.filter(function (u) { return u.assessed; }).length;
    return h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': (GROUPS[group.id] || group.id) + '排名表（可横向滚动）' },
      h('table', { class: 'rank-table', 'data-group': group.id }, [
        h('caption', { text: periodLabel(period) + (GROUPS[group.id] || group.id) + '考核排名（' + assessed + '个单位参加考核）' }),
        h('thead', {}, h('tr', {}, head)),
        h('tbody', {}, rows)
      ]));
  }

  // Charts are drawn at the pixel width of the page, so that their text
  // stays legible on a phone, and drawn again when that width changes.
  var charts = [];
  function chartWidth() { return Math.max(300, Math.min(900, (view.clientWidth || 760) - 18)); }
  function chart(caption, draw) {
    var w = chartWidth();
    var fig = h('figure', { class: 'chart' }, [h('figcaption', { text: caption }), draw(w)]);
    charts.push({ fig: fig, draw: draw, w: w });
    return fig;
  }
  function svg(w, ht, kids) {
    return s('svg', { viewBox: '0 0 ' + w + ' ' + ht, width: w, height: ht, 'aria-hidden': 'true', focusable: 'false' }, kids);
  }
  var resizing = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      var w = chartWidth();
      charts.forEach(function (c) {
        if (Math.abs(c.w - w) < 8) return;
        c.w = w;
        c.fig.replaceChild(c.draw(w), c.fig.lastChild);
      });
    }, 150);
  });

  // barChart draws the totals of the assessed units as horizontal bars,
  // 0 to 100, with the grade thresholds as dashed lines.
  function barChart(group, period) {
    var units = group.units.filter(function (u) { return u.assessed && u.total !== null; });
    if (!units.length) return null;
    var longest = Math.max.apply(null, units.map(function (u) { return (u.rank + '. ' + u.name).length; }));
    return chart((GROUPS[group.id] || group.id) + '总分（满分100分；▼为排名靠后）', function (w) {
      // narrow: the name above its bar, so the bars keep the width.
      var narrow = w < 520, fs = narrow ? 12 : 13;
      var left = narrow ? 4 : Math.min(Math.round(w * 0.4), 16 + longest * fs);
      var right = w - 64, row = narrow ? 38 : 26, top = 24, bar = narrow ? 16 : 18;
      var height = top + units.length * row + 8;
      var x = function (v) { return left + (right - left) * Math.max(0, Math.min(100, v)) / 100; };
      var kids = [], last = -1e9;
      [[60, '达标'], [75, '良好'], [85, '优秀'], [100, '']].forEach(function (t) {
        kids.push(s('line', { x1: x(t[0]), x2: x(t[0]), y1: top - 6, y2: height - 4, class: 'tick' }));
        var label = t[0] + (t[1] && !narrow ? ' ' + t[1] : '');
        if (x(t[0]) - last < label.length * 7 + 6) return; // would overlap the previous label
        last = x(t[0]);
        kids.push(s('text', { x: x(t[0]), y: top - 10, 'text-anchor': 'middle', class: 'tick-label', text: label }));
      });
      units.forEach(function (u, i) {
        var y = top + i * row, by = y + row - bar - 4;
        kids.push(s('a', { href: unitHref(u.unit_id, period), tabindex: '-1' }, [
          narrow ? s('text', { x: left, y: by - 4, 'font-size': fs, class: 'bar-name', text: u.rank + '. ' + u.name })
            : s('text', { x: left - 6, y: by + bar - 5, 'text-anchor': 'end', 'font-size': fs, class: 'bar-name', text: u.rank + '. ' + u.name }),
          s('rect', { x: left, y: by, width: Math.max(1, x(u.total) - left), height: bar, rx: 2, class: 'bar g-' + u.grade }),
          s('text', { x: x(u.total) + 5, y: by + bar - 4, 'font-size': fs, class: 'bar-value' + (u.bottom ? ' is-bottom' : ''), text: total(u.total) + (u.bottom ? ' ▼' : '') })
        ]));
      });
      return svg(w, height, kids);
    });
  }

  // calendarNotice shows, where the scores are read, the warnings of years
  // the calendar does not know (SPEC §4: their working days were counted
  // Monday to Friday); they stay among the data hints too.
  function calendarNotice(data) {
    var ws = ((data && data.warnings) || []).filter(function (w) { return typeof w === 'string' && w.indexOf('calendar: ') === 0; });
    if (!ws.length) return null;
    return h('div', { class: 'calendar-warning', role: 'note', 'data-calendar-warning': ws.length }, [
      h('p', { class: 'msg-title', text: '节假日安排未知：本考核期的工作日有按周一至周五计算的年份，回退是否超时据此判定。' }),
      h('ul', {}, ws.map(function (w) { return h('li', { text: w }); }))
    ]);
  }

  function renderRanking(period, data) {
    var yearly = isYear(period);
    var nodes = [h('h2', { text: periodLabel(period) + '考核排名' })];
    var avg = data.averages || {};
    nodes.push(h('dl', { class: 'facts' }, [
      h('div', {}, [h('dt', { text: '全区平均办理结果满意率' }), h('dd', { class: 'big', text: pct(avg.result_satisfaction) })]),
      h('div', {}, [h('dt', { text: '全区平均服务过程满意率' }), h('dd', { class: 'big', text: pct(avg.process_satisfaction) })]),
      h('div', {}, [h('dt', { text: '考核办法' }), h('dd', { text: data.policy || '—' })]),
      h('div', {}, [h('dt', { text: '数据截至' }), h('dd', { text: data.as_of ? time(data.as_of) : '—' })])
    ]));
    nodes.push(calendarNotice(data));
    var units = data.units || [];
    if (!units.length) nodes.push(message('empty', '本考核期没有承办单位的考核结果。'));
    groupsOf(units).forEach(function (g) {
      var name = GROUPS[g.id] || g.id;
      nodes.push(h('section', { class: 'group', 'aria-labelledby': 'g-' + g.id }, [
        h('h3', { id: 'g-' + g.id, text: name }),
        rankingTable(g, period, yearly),
        barChart(g, period)
      ]));
    });
    nodes.push(h('p', { class: 'legend', text: '等次：优秀≥85分，良好≥75分，达标≥60分，不达标<60分。排名靠后：本组参加考核单位中倒数3名（同分并列）。问责按连续排名靠后月数：1个月通报批评，2个月约谈分管负责人，3个月及以上约谈主要负责人。' }));

    var names = {};
    units.forEach(function (u) { names[u.unit_id] = u.name; });
    var over = data.tickets_returned_over_limit || [];
    nodes.push(h('section', { class: 'returns', 'aria-labelledby': 'h-returns' }, [
      h('h3', { id: 'h-returns', text: '回退超过3次的工单' }),
      h('p', { class: 'note', text: '由区长热线服务中心督办。' }),
      over.length ? h('div', { class: 'scroll' }, h('table', { class: 'list', 'data-list': 'returns' }, [
        h('thead', {}, h('tr', {}, [h('th', { scope: 'col', text: '工单编号' }), h('th', { scope: 'col', text: '回退次数' }), h('th', { scope: 'col', text: '涉及单位' })])),
        h('tbody', {}, over.map(function (t) {
          return h('tr', { 'data-ticket': t.ticket_id }, [
            h('td', { class: 'mono', text: t.ticket_id }),
            h('td', { class: 'n', text: t.returns }),
            h('td', { text: (t.unit_ids || []).map(function (id) { return names[id] || id; }).join('、') })
          ]);
        }))
      ])) : h('p', { text: '本考核期没有回退超过3次的工单。' })
    ]));
    var warnings = data.warnings || [];
    if (warnings.length) {
      nodes.push(h('section', { class: 'warnings', 'aria-labelledby': 'h-warn' }, [
        h('h3', { id: 'h-warn', text: '数据提示（' + warnings.length + '条）' }),
        h('ul', {}, warnings.map(function (w) { return h('li', { text: typeof w === 'string' ? w : JSON.stringify(w) }); }))
      ]));
    }
    return nodes;
  }

  // ---- unit page ----

  // historyChart draws the totals oldest first; a month not assessed
  // breaks the line.
  function historyChart(months) {
    var all = months.slice().sort(function (a, b) { return a.period < b.period ? -1 : 1; });
    var pts = all.filter(function (m) { return m.assessed && m.total !== null; });
    if (pts.length < 2) return null;
    var lo = Math.min(60, Math.floor(Math.min.apply(null, pts.map(function (p) { return p.total; })) / 10) * 10);
    return chart('历次总分（红点为排名靠后）', function (w) {
      w = Math.min(w, 720);
      var ht = 200, l = 36, r = 28, t = 18, b = 28;
      var x = function (i) { return l + 12 + (w - l - r - 12) * i / Math.max(1, all.length - 1); };
      var y = function (v) { return t + (ht - t - b) * (100 - v) / (100 - lo); };
      var kids = [], run = [];
      for (var v = lo; v <= 100; v += 10) {
        kids.push(s('line', { x1: l, x2: w - r + 12, y1: y(v), y2: y(v), class: 'grid' }));
        kids.push(s('text', { x: l - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick-label', text: v }));
      }
      var flush = function () {
        if (run.length > 1) kids.push(s('polyline', { points: run.join(' '), class: 'line' }));
        run = [];
      };
      all.forEach(function (p, i) {
        kids.push(s('text', { x: x(i), y: ht - 8, 'text-anchor': 'middle', class: 'tick-label', text: p.period }));
        if (!p.assessed || p.total === null) {
          flush();
          kids.push(s('text', { x: x(i), y: y(lo) - 6, 'text-anchor': 'middle', class: 'tick-label', text: '未考核' }));
          return;
        }
        run.push(x(i) + ',' + y(p.total));
      });
      flush();
      all.forEach(function (p, i) {
        if (!p.assessed || p.total === null) return;
        kids.push(s('circle', { cx: x(i), cy: y(p.total), r: 4, class: 'dot' + (p.bottom ? ' is-bottom' : '') }));
        kids.push(s('text', { x: x(i), y: y(p.total) - 9, 'text-anchor': 'middle', class: 'bar-value', text: total(p.total) }));
      });
      return svg(w, ht, kids);
    });
  }

  function renderHistory(unitID, hist, period) {
    var box = [h('h3', { id: 'h-hist', text: '历次考核' })];
    if (hist instanceof Error) { box.push(failure('历次考核', hist)); return box; }
    // the table newest first (the API answers oldest first)
    var months = (hist.months || []).slice().sort(function (a, b) { return a.period < b.period ? 1 : -1; });
    if (!months.length) { box.push(h('p', { text: '暂无历次考核记录。' })); return box; }
    box.push(historyChart(months));
    box.push(h('div', { class: 'scroll' }, h('table', { class: 'list', 'data-list': 'history' }, [
      h('thead', {}, h('tr', {}, ['考核期', '版本', '排名', '总分', '等次', '排名靠后', '问责'].map(function (c) { return h('th', { scope: 'col', text: c }); }))),
      h('tbody', {}, months.map(function (m) {
        return h('tr', { 'data-period': m.period, class: m.period === period ? 'current' : null }, [
          h('th', { scope: 'row' }, h('a', { href: unitHref(unitID, m.period), text: periodLabel(m.period) })),
          h('td', { text: m.version ? '第' + m.version + '版' : '—' }),
          h('td', { class: 'n', text: m.assessed ? m.rank : '未考核' }),
          h('td', { class: 'n', text: m.assessed ? total(m.total) : '—' }),
          h('td', {}, m.assessed ? gradeTag(m.grade) : '—'),
          h('td', { class: 'flag' }, m.bottom ? h('span', { class: 'bottom-mark', text: '▼ 靠后' }) : ''),
          h('td', { class: 'esc', text: m.escalation ? (ESCALATIONS[m.escalation] || m.escalation) : '' })
        ]);
      }))
    ])));
    return box;
  }

  // byAppeal says whether a unit's scores changed after an appeal (SPEC
  // §12): a deduction waived by a granted appeal.
  function byAppeal(u) {
    return (u.deductions || []).some(function (d) { return d.waived && d.appeal_id; });
  }

  // seesEvents says whether the person signed in may read the events
  // behind unit's deductions: its own unit account, the centre, an admin.
  function seesEvents(unit) {
    return !!me && (me.role === 'centre' || me.role === 'admin' || (me.role === 'unit' && me.unit_id === unit));
  }

  // deductionEvents resolves to the events behind the deductions of unit
  // in month period, by id (GET .../deductions), or null when the person
  // may not see them or they cannot be had (the public page still shows).
  function deductionEvents(period, unit) {
    if (isYear(period)) return Promise.resolve(null);
    return (session || Promise.resolve()).then(function () {
      if (!seesEvents(unit)) return null;
      return getJSON('/v1/months/' + encodeURIComponent(period) + '/units/' + encodeURIComponent(unit) + '/deductions').then(function (d) {
        var byID = {};
        (d.events || []).forEach(function (e) { byID[e.id] = e; });
        return byID;
      }, function () { return null; });
    });
  }

  // eventText says in words what an event recorded, for the unit checking
  // a deduction: its type, details and who recorded it, and when.
  function eventText(e) {
    var parts = [EVENT_TYPES[e.type] || e.type];
    if (e.meeting) parts.push(H.optionLabel(H.MEETINGS, e.meeting));
    if (e.reason) parts.push('原因：' + H.optionLabel(e.type === 'redo' ? H.REDOS : H.CRITICISMS, e.reason));
    if (e.to_unit_id) parts.push('转至' + e.to_unit_id);
    if (e.due_at) parts.push('办理时限' + time(e.due_at));
    parts.push(time(e.at));
    parts.push(e.recorded_by ? '中心登记：' + e.recorded_by : '平台推送');
    return parts.join('；');
  }

  function renderUnit(period, data, hist, rank, events) {
    var u = data.unit || {};
    var names = {}, inGroup = null;
    if (rank && rank.units) {
      rank.units.forEach(function (x) { names[x.unit_id] = x.name; });
      inGroup = rank.units.filter(function (x) { return x.group === u.group && x.assessed; }).length;
    }
    var nodes = [
      h('p', { class: 'back' }, h('a', { href: '#/?month=' + encodeURIComponent(period), text: '← 返回' + periodLabel(period) + '排名' })),
      h('h2', {}, [u.name || u.unit_id, ' ', h('span', { class: 'tag', text: GROUPS[u.group] || u.group || '' })])
    ];
    nodes.push(h('dl', { class: 'facts', 'data-unit-page': u.unit_id }, [
      h('div', {}, [h('dt', { text: '考核期' }), h('dd', { text: periodLabel(data.period || period) })]),
      h('div', {}, [h('dt', { text: '排名' }), h('dd', { class: 'big', text: u.assessed ? '第' + u.rank + '名' + (inGroup ? ' / ' + inGroup : '') : '未考核' })]),
      h('div', {}, [h('dt', { text: '总分' }), h('dd', { class: 'big', text: u.assessed ? total(u.total) : '—' })]),
      h('div', {}, [h('dt', { text: '等次' }), h('dd', {}, u.assessed ? gradeTag(u.grade) : '—')]),
      h('div', {}, [h('dt', { text: '排名靠后' }), h('dd', {}, u.bottom ? h('span', { class: 'bottom-mark', text: '是' + (u.bottom_run > 1 ? '（' + run(u.bottom_run) + '）' : '') }) : '否')]),
      h('div', { class: 'wide' }, [h('dt', { text: '问责' }), h('dd', { text: u.escalation ? (ESCALATIONS[u.escalation] || u.escalation) : '无' })]),
      h('div', {}, [h('dt', { text: '结果版本' }), h('dd', { text: versionText(data.final, data.version) })])
    ]));
    nodes.push(calendarNotice(rank));
    if (!u.assessed) nodes.push(message('empty', '本考核期该单位未参加考核。', '当月没有该单位的回访工单，不参与排名。'));
    (u.flags || []).forEach(function (f) { nodes.push(h('p', { class: 'note', text: '说明：' + (FLAGS[f] || f) })); });
    if (isYear(period)) {
      nodes.push(h('p', { class: 'note', text: '年度得分为该单位本年度参加考核各月总分的平均值' +
        (u.months_assessed !== undefined ? '（参加考核' + u.months_assessed + '个月）' : '') + '；各项得分与扣分明细见各月页面。' }));
      nodes.push(h('section', { 'aria-labelledby': 'h-hist' }, renderHistory(u.unit_id, hist, period)));
      return nodes;
    }

    var sc = u.scores || {};
    var cols = h('div', { class: 'cols' });
    nodes.push(cols);
    cols.appendChild(h('section', { 'aria-labelledby': 'h-scores' }, [
      h('h3', { id: 'h-scores', text: '各项得分' }),
      h('div', { class: 'scroll' }, h('table', { class: 'list', 'data-list': 'scores' }, [
        h('thead', {}, h('tr', {}, ['项目', '满分', '得分', '扣分'].map(function (c) { return h('th', { scope: 'col', text: c }); }))),
        h('tbody', {}, ITEMS.map(function (it) {
          var v = sc[it[0]];
          var has = v !== null && v !== undefined;
          var lost = has ? (it[2] ? Math.round((it[2] - v) * 100) / 100 : v) : null;
          return h('tr', {}, [
            h('th', { scope: 'row', text: it[1] }),
            h('td', { class: 'n', text: it[2] || '—' }),
            h('td', { class: 'n', text: has ? (it[2] ? num(v) : '—') : '—' }),
            h('td', { class: 'n' + (lost > 0 ? ' lost' : ''), text: lost > 0 ? '−' + num(lost) : (has ? '0' : '—') })
          ]);
        })),
        h('tfoot', {}, h('tr', {}, [h('th', { scope: 'row', text: '总分' }), h('td', { class: 'n', text: '100' }),
          h('td', { class: 'n total', text: u.assessed ? total(u.total) : '—' }), h('td', {})]))
      ]))
    ]));

    var ct = u.counts || {};
    var countRows = COUNTS.filter(function (c) { return ct[c[0]] !== undefined; }).map(function (c) {
      return h('tr', {}, [h('th', { scope: 'row', text: c[1] }), h('td', { class: 'n', text: ct[c[0]] })]);
    });
    if (ct.connected > 0) {
      countRows.push(h('tr', {}, [h('th', { scope: 'row', text: '办理结果满意率' }), h('td', { class: 'n', text: pct(ct.result_satisfied / ct.connected) })]));
      countRows.push(h('tr', {}, [h('th', { scope: 'row', text: '服务过程满意率' }), h('td', { class: 'n', text: pct(ct.process_satisfied / ct.connected) })]));
    }
    cols.appendChild(h('section', { 'aria-labelledby': 'h-counts' }, [
      h('h3', { id: 'h-counts', text: '统计数据' }),
      countRows.length ? h('table', { class: 'list counts', 'data-list': 'counts' }, h('tbody', {}, countRows)) : h('p', { text: '暂无统计数据。' })
    ]));

    var ded = u.deductions || [];
    // A waived deduction (SPEC §5) stays listed but counts for nothing.
    var sum = ded.reduce(function (a, d) { return a + (d.waived ? 0 : Number(d.points) || 0); }, 0);
    var waived = ded.filter(function (d) { return d.waived; }).length;
    var cols2 = ['工单编号', '规则', '扣分', '时间', '备注'];
    if (events) cols2.push('扣分依据', '申诉');
    nodes.push(h('section', { 'aria-labelledby': 'h-ded' }, [
      h('h3', { id: 'h-ded', text: '扣分明细（' + ded.length + '项）' + (waived ? '，其中' + waived + '项已核销' : '') }),
      events ? h('p', { class: 'note', 'data-own': 'events', text: '已登录：每项扣分后列出引起扣分的记录（类型、时间、登记人），供本单位核对。' }) : null,
      ded.length ? h('div', { class: 'scroll' }, h('table', { class: 'list stack', 'data-list': 'deductions' }, [
        h('thead', {}, h('tr', {}, cols2.map(function (c) { return h('th', { scope: 'col', text: c }); }))),
        h('tbody', {}, ded.map(function (d) {
          var note = d.note || '';
          if (d.from_unit_id) note = (note ? note + '；' : '') + '由' + (names[d.from_unit_id] || d.from_unit_id) + '转来';
          if (d.waived) note = (note ? note + '；' : '') + '已核销' + (d.waiver_reason ? '：' + d.waiver_reason : '');
          return h('tr', { 'data-ticket': d.ticket_id || null, 'data-event': d.event_id || null, class: d.waived ? 'waived' : null }, [
            h('td', { class: 'mono', text: d.ticket_id || '—' }),
            h('td', { text: RULES[d.rule] || d.rule }),
            h('td', { class: d.waived ? 'n' : 'n lost', text: d.waived ? '0（原−' + num(d.points) + '）' : '−' + num(d.points) }),
            h('td', { class: 'nowrap', text: d.at ? time(d.at) : '—' }),
            h('td', { text: note }),
            events ? h('td', { class: 'event', 'data-event-of': d.event_id || null,
              text: d.event_id ? (events[d.event_id] ? eventText(events[d.event_id]) : '记录 ' + d.event_id) : '按回访结果计算' }) : null,
            events ? h('td', { class: 'appeal-cell', 'data-appeal-for': d.event_id ? d.event_id + '|' + d.rule : null,
              'data-ticket': d.ticket_id || null, 'data-waived': d.waived ? 'true' : null }) : null
          ]);
        })),
        h('tfoot', {}, h('tr', {}, [h('th', { scope: 'row', colspan: 2, text: '合计' }), h('td', { class: 'n lost', text: '−' + num(sum) }), h('td', { colspan: events ? 4 : 2 })]))
      ])) : h('p', { text: '本考核期无扣分。' })
    ]));
    if (events) {
      // The month's cycle (SPEC §12, appeals.js): the 申诉 buttons in the
      // table above, the window and the unit's appeals here.
      var appealBox = h('section', { 'aria-labelledby': 'h-appeals', class: 'appeals' });
      nodes.push(appealBox);
      if (H.unitAppeals) H.unitAppeals(period, u.unit_id, ded, nodes[nodes.length - 2].querySelector('table[data-list=deductions]'), appealBox);
    }
    nodes.push(h('section', { 'aria-labelledby': 'h-hist' }, renderHistory(u.unit_id, hist, period)));
    return nodes;
  }

  // ---- people: signing in and out (SPEC §11) ----

  // unitName resolves to the name of a unit from /v1/units, or its id.
  function unitName(id) {
    return getJSON('/v1/units').then(function (d) {
      var u = ((d && d.units) || []).filter(function (x) { return x.unit_id === id; })[0];
      return (u && u.name) || id;
    }, function () { return id; });
  }

  // showPerson puts the account signed in (or nobody) in the header. With
  // accounts false the server keeps none (404): no 登录 link either.
  function showPerson(who, accounts) {
    me = who;
    H.me = who;
    deskLink.hidden = !who || (who.role !== 'centre' && who.role !== 'admin');
    appealsLink.hidden = deskLink.hidden;
    importsLink.hidden = deskLink.hidden;
    personBox.textContent = '';
    personBox.hidden = !who;
    signoutBtn.hidden = !who;
    signinLink.hidden = !!who || accounts === false;
    if (!who) return;
    var role = h('span', { class: 'role', 'data-role': who.role, text: ROLES[who.role] || who.role });
    personBox.appendChild(h('span', { class: 'person-name', text: who.name || who.id }));
    personBox.appendChild(role);
    if (who.role === 'unit' && who.unit_id) {
      role.textContent += '·' + who.unit_id;
      unitName(who.unit_id).then(function (name) {
        if (me === who) role.textContent = (ROLES[who.role] || who.role) + '·' + name;
      });
    }
  }

  function loadSession() {
    return send('GET', '/v1/session').then(function (res) {
      if (res.status === 200 && res.data) showPerson(res.data, true);
      else showPerson(null, res.status !== 404);
    }, function () { showPerson(null, true); });
  }

  // wait says the seconds of a Retry-After in words.
  function wait(seconds) {
    var n = parseInt(seconds, 10);
    if (!(n > 0)) return '';
    return n < 60 ? n + '秒' : Math.ceil(n / 60) + '分钟';
  }

  function field(id, label, type, autocomplete) {
    return h('div', { class: 'field' }, [
      h('label', { for: 'signin-' + id, text: label }),
      h('input', { id: 'signin-' + id, name: id, type: type, autocomplete: autocomplete, 'aria-describedby': 'signin-' + id + '-error', spellcheck: 'false' }),
      h('p', { class: 'field-error', id: 'signin-' + id + '-error', role: 'alert', hidden: true })
    ]);
  }

  // signinView is the sign-in form: it posts {"id", "password"} as the API
  // takes them and shows the API's answer at the form, a field's at the field.
  function signinView() {
    var formError = h('p', { class: 'form-error', id: 'signin-error', role: 'alert', hidden: true });
    var button = h('button', { type: 'submit', class: 'signin-btn', text: '登录' });
    var form = h('form', { class: 'signin', id: 'signin', novalidate: true }, [
      h('h2', { text: '登录' }),
      me ? h('p', { class: 'note', text: '当前已登录：' + (me.name || me.id) + '（' + (ROLES[me.role] || me.role) + '）。再次登录将切换账号。' }) : null,
      field('id', '账号', 'text', 'username'),
      field('password', '密码', 'password', 'current-password'),
      formError,
      button
    ]);
    function clear() {
      formError.hidden = true;
      formError.textContent = '';
      ['id', 'password'].forEach(function (f) {
        var el = form.querySelector('#signin-' + f + '-error');
        el.hidden = true;
        el.textContent = '';
        form.querySelector('#signin-' + f).removeAttribute('aria-invalid');
      });
    }
    function fail(text, fieldName) {
      var el = fieldName && form.querySelector('#signin-' + fieldName + '-error');
      if (!el) el = formError;
      el.textContent = text;
      el.hidden = false;
      if (fieldName && el !== formError) form.querySelector('#signin-' + fieldName).setAttribute('aria-invalid', 'true');
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clear();
      var pw = form.querySelector('#signin-password');
      button.disabled = true;
      send('POST', '/v1/session', { id: form.querySelector('#signin-id').value, password: pw.value }).then(function (res) {
        button.disabled = false;
        var err = (res.data && res.data.error) || {};
        if (res.status === 200 && res.data) {
          pw.value = '';
          showPerson(res.data, true);
          var next = res.data.role === 'unit' && res.data.unit_id ? '#/unit/' + encodeURIComponent(res.data.unit_id) : '#/desk';
          if (location.hash === next) route(true); else location.hash = next;
          return;
        }
        switch (res.status) {
          case 401: fail('账号或密码错误'); break;
          case 429:
            var after = wait(res.headers.get('Retry-After'));
            fail('尝试次数过多，请稍后再试' + (after ? '（' + after + '后可再试）' : ''));
            break;
          case 400: fail(FIELD_MESSAGES[err.message] || err.message || '请求有误', err.field); break;
          case 404: fail('本服务器未启用账号登录。'); break;
          default: fail('无法登录（HTTP ' + res.status + (err.message ? '：' + err.message : '') + '），请稍后重试。');
        }
      }, function () {
        button.disabled = false;
        fail('无法登录（网络错误），请检查网络后重试。');
      });
    });
    return form;
  }

  signoutBtn.addEventListener('click', function () {
    signoutBtn.disabled = true;
    send('DELETE', '/v1/session').then(function (res) {
      signoutBtn.disabled = false;
      if (res.status === 204 || res.status === 401) showPerson(null, true);
    }, function () { signoutBtn.disabled = false; });
  });

  // ---- navigation ----

  function show(nodes, title) {
    view.textContent = '';
    [].concat(nodes).forEach(function (n) { if (n) view.appendChild(n); });
    charts = charts.filter(function (c) { return c.fig.isConnected; });
    loading.hidden = true;
    document.title = (title ? title + ' - ' : '') + '12345热线承办单位考核排名';
  }

  H.onChange(function () { rankings = {}; periods = null; });

  function loadPeriods() {
    if (periods) return Promise.resolve(periods);
    return getJSON('/v1/months').then(function (d) {
      periods = (d && d.periods) || [];
      return periods;
    });
  }

  function route(focus) {
    var my = ++token;
    var r = parseHash();
    loading.hidden = false;
    loading.textContent = '正在加载…';
    if (r.signin) {
      show(signinView(), '登录');
      document.getElementById('signin-id').focus();
      loadPeriods().then(function (list) {
        if (my === token && list.length && select.disabled) fillPicker(list[0].period);
      }, function () { /* the ranking says so when asked */ });
      return;
    }
    if (r.view) {
      loadPeriods().then(function (list) {
        if (my === token && list.length && select.disabled) fillPicker(list[0].period);
      }, function () { /* the ranking says so when asked */ });
      session.then(function () { return H.views[r.view](r.params); }).then(function (v) {
        if (my === token) show(v.nodes, v.title);
      }, function (err) {
        if (my === token) show(failure('本页', err));
      });
      return;
    }
    loadPeriods().then(function (list) {
      if (my !== token) return;
      if (!list.length && !r.month) {
        select.textContent = '';
        select.appendChild(h('option', { text: '暂无' }));
        show(message('empty', '暂无考核结果。', '系统中还没有计算过任何月份的排名。月度考核结果计算后将在此显示，请稍后再来查看。'));
        return;
      }
      var period = r.month || list[0].period;
      fillPicker(period);
      var done = function (nodes, title) {
        if (my !== token) return;
        show(nodes, title);
        if (focus) { window.scrollTo(0, 0); document.getElementById('main').focus({ preventScroll: true }); }
      };
      if (r.unit) {
        var info = periodInfo(period) || {};
        Promise.all([
          isYear(period) ? ranking(period).then(function (rk) {
            var u = (rk.units || []).filter(function (x) { return x.unit_id === r.unit; })[0];
            if (!u) { var e = new Error('not found'); e.status = 404; throw e; }
            return { period: rk.period, policy: rk.policy, version: info.latest, final: info.final, unit: u };
          }) : getJSON('/v1/months/' + encodeURIComponent(period) + '/units/' + encodeURIComponent(r.unit)),
          getJSON('/v1/units/' + encodeURIComponent(r.unit) + '/history').catch(function (e) { return e; }),
          ranking(period).catch(function () { return null; }),
          deductionEvents(period, r.unit)
        ]).then(function (res) {
          done(renderUnit(period, res[0], res[1], res[2], res[3]), (res[0].unit && res[0].unit.name || r.unit) + ' ' + periodLabel(period));
        }, function (err) {
          done([h('p', { class: 'back' }, h('a', { href: '#/?month=' + encodeURIComponent(period), text: '← 返回排名' })),
            failure('单位“' + r.unit + '”' + periodLabel(period) + '的考核结果', err)]);
        });
      } else {
        ranking(period).then(function (data) {
          done(renderRanking(period, data), periodLabel(period) + '排名');
        }, function (err) {
          done(failure(periodLabel(period) + '排名', err));
        });
      }
    }, function (err) {
      if (my !== token) return;
      select.textContent = '';
      select.appendChild(h('option', { text: '无法加载' }));
      show(failure('考核期列表', err));
    });
  }

  select.addEventListener('change', function () {
    var r = parseHash();
    location.hash = r.unit ? unitHref(r.unit, select.value) : '#/?month=' + encodeURIComponent(select.value);
  });
  document.getElementById('picker').addEventListener('submit', function (e) { e.preventDefault(); });
  document.getElementById('print').addEventListener('click', function () { window.print(); });
  window.addEventListener('hashchange', function () { route(true); });
  // The views of the other files (desk.js) are registered once every
  // deferred script has run; the page starts then.
  var session = null; // the promise of the first GET /v1/session
  document.addEventListener('DOMContentLoaded', function () {
    session = loadSession();
    route(false);
  });
})();
