// The dashboard's script (plain ES2020, inlined into the page): poll, then rebuild each section
// from JSON with DOM calls and textContent. Written without template literals so it can live in a
// TypeScript string.
export const DASHBOARD_SCRIPT = String.raw`
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var token = params.get('token');
  var headers = token ? { Authorization: 'Bearer ' + token } : {};
  var COLORS = ['#f85149', '#d29922', '#a371f7', '#db61a2', '#ffa657', '#79c0ff', '#56d364', '#e3b341'];
  var colorOf = {};
  function causeColor(c) { if (!colorOf[c]) colorOf[c] = COLORS[Object.keys(colorOf).length % COLORS.length]; return colorOf[c]; }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined && text !== null) e.textContent = String(text); return e; }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function ago(ms, now) { var s = Math.max(0, Math.round((now - ms) / 1000)); return s < 60 ? s + ' s ago' : Math.round(s / 60) + ' min ago'; }
  function inSec(ms, now) { return Math.max(0, Math.round((ms - now) / 1000)) + ' s'; }

  function drain(pool, url) {
    if (!window.confirm('Drain ' + url + ' from pool ' + pool + '? It gets no new requests; in-flight ones may finish within the deregistration delay.')) return;
    fetch('/api/pools/' + encodeURIComponent(pool) + '/targets/deregister' + (token ? '?token=' + encodeURIComponent(token) : ''), {
      method: 'POST', headers: Object.assign({ 'Content-Type': 'application/json' }, headers), body: JSON.stringify({ url: url })
    }).then(function (r) { return r.json(); }).then(function (j) { if (!j.ok) window.alert(j.error); poll(); }).catch(function () {});
  }

  function renderPools(pools, now) {
    var root = clear(document.getElementById('pools'));
    pools.forEach(function (p) {
      var title = el('div', 'pool-title');
      title.appendChild(el('strong', null, p.name));
      title.appendChild(el('span', 'muted', '  ' + (p.activeChecks || 'no active checks') + ' · deregistration delay ' + Math.round(p.deregistrationDelayMs / 1000) + ' s' + (p.failingOpen ? ' · FAILING OPEN' : '')));
      root.appendChild(title);
      var table = el('table'); var head = el('tr');
      ['target', 'state', 'in flight', 'slow start', 'last reason', ''].forEach(function (h) { head.appendChild(el('th', null, h)); });
      table.appendChild(head);
      p.targets.forEach(function (t) {
        var tr = el('tr'); tr.setAttribute('data-target', t.url);
        var name = el('td', 'mono', t.url); if (t.dynamic) name.appendChild(el('span', 'muted', ' (registered)'));
        tr.appendChild(name);
        var st = el('td'); var badge = el('span', 'badge s-' + t.state, t.state); badge.setAttribute('data-state', t.state); st.appendChild(badge);
        if (t.ejectedUntil) st.appendChild(el('span', 'muted', ' back in ' + inSec(t.ejectedUntil, now)));
        if (t.drainDeadline) st.appendChild(el('span', 'muted', ' cut in ' + inSec(t.drainDeadline, now)));
        if (!t.routable && t.state === 'healthy') st.appendChild(el('span', 'muted', ' (not routable)'));
        if (t.routable && t.state !== 'healthy') st.appendChild(el('span', 'muted', ' (routed: fail open)'));
        tr.appendChild(st);
        tr.appendChild(el('td', 'mono', t.inFlight));
        tr.appendChild(el('td', 'mono', t.admit < 1 ? Math.round(t.admit * 100) + '%' : '—'));
        var why = el('td');
        if (t.lastCause) why.appendChild(el('span', 'cause', t.lastCause));
        if (t.lastDetail) why.appendChild(el('div', 'muted', t.lastDetail));
        tr.appendChild(why);
        var act = el('td');
        if (t.state !== 'draining') { var b = el('button', null, 'drain'); b.addEventListener('click', function () { drain(p.name, t.url); }); act.appendChild(b); }
        tr.appendChild(act);
        table.appendChild(tr);
      });
      root.appendChild(table);
    });
  }

  function renderChart(history) {
    var svg = document.getElementById('chart'); clear(svg);
    var NS = 'http://www.w3.org/2000/svg';
    var W = 900, H = 220, pad = 28;
    var n = Math.max(history.length, 2);
    var max = 1; var causes = {};
    history.forEach(function (p) {
      var errs = 0; Object.keys(p.errors).forEach(function (c) { causes[c] = true; errs += p.errors[c]; });
      max = Math.max(max, p.requests, errs);
    });
    function x(i) { return pad + (W - pad - 6) * i / (n - 1); }
    function y(v) { return H - 18 - (H - 30) * v / max; }
    for (var g = 0; g <= 4; g++) {
      var v = max * g / 4; var line = document.createElementNS(NS, 'line');
      line.setAttribute('x1', pad); line.setAttribute('x2', W - 6); line.setAttribute('y1', y(v)); line.setAttribute('y2', y(v));
      line.setAttribute('stroke', '#2a313b'); svg.appendChild(line);
      var label = document.createElementNS(NS, 'text'); label.setAttribute('x', 2); label.setAttribute('y', y(v) + 4);
      label.setAttribute('fill', '#8a96a5'); label.setAttribute('font-size', '10'); label.textContent = v >= 10 ? Math.round(v) : v.toFixed(1); svg.appendChild(label);
    }
    [[pad, history.length > 1 ? '-' + Math.round((history[history.length - 1].t - history[0].t) / 1000) + ' s' : '', 'start'], [W - 6, 'now', 'end']].forEach(function (a) {
      var t = document.createElementNS(NS, 'text'); t.setAttribute('x', a[0]); t.setAttribute('y', H - 4); t.setAttribute('text-anchor', a[2]);
      t.setAttribute('fill', '#8a96a5'); t.setAttribute('font-size', '10'); t.textContent = a[1]; svg.appendChild(t);
    });
    var bw = Math.max(1, (W - pad) / n - 1);
    history.forEach(function (p, i) {
      var base = 0;
      Object.keys(p.errors).sort().forEach(function (c) {
        var r = document.createElementNS(NS, 'rect'); var v2 = p.errors[c];
        r.setAttribute('x', x(i) - bw / 2); r.setAttribute('width', bw); r.setAttribute('y', y(base + v2)); r.setAttribute('height', Math.max(1, y(base) - y(base + v2)));
        r.setAttribute('fill', causeColor(c)); r.setAttribute('data-cause', c); svg.appendChild(r); base += v2;
      });
    });
    if (history.length > 1) {
      var path = document.createElementNS(NS, 'polyline');
      path.setAttribute('points', history.map(function (p, i) { return x(i) + ',' + y(p.requests); }).join(' '));
      path.setAttribute('fill', 'none'); path.setAttribute('stroke', '#58a6ff'); path.setAttribute('stroke-width', '2'); svg.appendChild(path);
    }
    var legend = clear(document.getElementById('legend'));
    var req = el('span', null, 'requests/s'); req.style.setProperty('--c', '#58a6ff'); legend.appendChild(req);
    Object.keys(causes).sort().forEach(function (c) { var s = el('span', 'mono', c); s.style.setProperty('--c', causeColor(c)); s.setAttribute('data-legend-cause', c); legend.appendChild(s); });
  }

  function renderErrors(errors, now) {
    var root = clear(document.getElementById('errors'));
    if (errors.length === 0) root.appendChild(el('div', 'muted', 'none yet'));
    errors.forEach(function (e) {
      var item = el('div', 'item'); item.setAttribute('data-cause', e.cause);
      var top = el('div'); top.appendChild(el('span', 'cause', e.cause)); top.appendChild(el('span', 'muted', '  ' + (e.status === null ? 'aborted' : e.status) + ' · ' + e.method + ' ' + e.path + ' → ' + (e.target || '-') + ' · ' + ago(e.at, now)));
      item.appendChild(top);
      item.appendChild(el('div', null, e.title));
      if (e.errorCode) item.appendChild(el('div', 'muted mono', 'evidence: ' + e.errorCode + ' in phase ' + e.phase + ', request ' + e.requestId));
      if (e.evidence && e.evidence.length) item.appendChild(el('div', 'muted', e.evidence[0]));
      if (e.fix) item.appendChild(el('div', 'fix', 'fix: ' + e.fix));
      if (e.fixCommand) item.appendChild(el('pre', null, e.fixCommand));
      root.appendChild(item);
    });
  }

  function renderEvents(events, now) {
    var root = clear(document.getElementById('events'));
    if (events.length === 0) root.appendChild(el('div', 'muted', 'none yet'));
    events.forEach(function (e) {
      var item = el('div', 'item'); item.setAttribute('data-event', e.kind);
      var top = el('div'); top.appendChild(el('strong', null, e.kind)); top.appendChild(el('span', 'muted', '  ' + (e.pool || '') + ' ' + (e.target || '') + (e.worker != null ? ' · worker ' + e.worker : '') + ' · ' + ago(e.at, now)));
      item.appendChild(top);
      if (e.cause) item.appendChild(el('span', 'cause', e.cause + ' '));
      item.appendChild(el('span', 'muted', e.detail));
      root.appendChild(item);
    });
  }

  function renderRecordings(recs, now) {
    var root = clear(document.getElementById('recordings'));
    if (recs.length === 0) root.appendChild(el('div', 'muted', 'no malformed response head recorded'));
    recs.forEach(function (r) {
      var item = el('div', 'item');
      item.appendChild(el('div', null, r.target + ' (' + r.pool + ') · ' + r.code + ' at byte ' + r.offset + ': ' + r.detail + ' · ' + ago(r.at, now)));
      item.appendChild(el('pre', null, r.head + (r.truncated ? '\n[truncated]' : '')));
      root.appendChild(item);
    });
  }

  function poll() {
    fetch('/api/dashboard', { headers: headers, cache: 'no-store' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    }).then(function (d) {
      document.getElementById('status').textContent = 'live · ' + new Date(d.now).toLocaleTimeString();
      var last = d.history.length ? d.history[d.history.length - 1] : null;
      document.getElementById('totals').textContent = last ? last.requests + ' req/s' : '';
      renderPools(d.pools, d.now); renderChart(d.history); renderErrors(d.errors, d.now); renderEvents(d.events, d.now); renderRecordings(d.recordings, d.now);
    }).catch(function (e) { document.getElementById('status').textContent = 'admin API unreachable (' + e.message + '), retrying'; });
  }
  poll();
  setInterval(poll, 1000);
})();
`;
