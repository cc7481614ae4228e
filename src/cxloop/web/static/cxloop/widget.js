/* cxloop website widget: one dependency-free file, no build step.
 *   <script src="https://CXLOOP_HOST/static/cxloop/widget.js" data-key="pk_…" async></script>
 * Optional: data-host, data-lang, data-touchpoint, data-tab="off" (no Feedback tab).
 * Commands (queue them with the stub before this loads):
 *   cxloop('identify', {external_id, email, phone, locale}) · cxloop('reset')
 *   cxloop('track', type, properties) · cxloop('page') · cxloop('show', surveyKey)
 * Works under a strict CSP: no eval, no inline styles or handlers, styles are
 * adopted stylesheets inside a shadow root. It never throws into the page. */
(() => {
  'use strict';
  const W = window, D = document;
  // currentScript is only set while this file first runs.
  const S = D.currentScript || D.querySelector('script[data-key][src*="widget"]');
  const said = {};
  const warn = (k, m) => { if (!said[k]) { said[k] = 1; try { console.warn('cxloop: ' + m) } catch (e) {} } };
  try {
    const prev = W.cxloop;
    if (prev && prev.v) return; // loaded twice
    const attr = n => (S && S.getAttribute('data-' + n)) || '';
    const KEY = attr('key'), TP = attr('touchpoint'), NOTAB = /^(off|false|no|0)$/i.test(attr('tab'));
    let HOST = attr('host');
    if (!HOST) try { HOST = new URL(S.src, location.href).origin } catch (e) { HOST = location.origin }
    const API = HOST.replace(/\/+$/, '') + '/api/v1/';
    const LANGS = ['en', 'et', 'lv', 'fi', 'lt', 'ru', 'sv', 'de']; // what the API accepts as locale
    // Send|Next|Close|Thanks|Feedback|Rate us|Placeholder|Yes|No
    const UI = {
      en: 'Send|Next|Close|Thank you!|Feedback|How would you rate us?|Tell us what you think…|Yes|No',
      et: 'Saada|Edasi|Sulge|Aitäh!|Tagasiside|Kuidas meid hindaksite?|Kirjutage, mida arvate…|Jah|Ei',
      lv: 'Nosūtīt|Tālāk|Aizvērt|Paldies!|Atsauksmes|Kā jūs mūs novērtētu?|Pastāstiet, ko domājat…|Jā|Nē',
      fi: 'Lähetä|Seuraava|Sulje|Kiitos!|Palaute|Millaisen arvosanan antaisit meille?|Kerro, mitä mieltä olet…|Kyllä|Ei',
      lt: 'Siųsti|Toliau|Uždaryti|Ačiū!|Atsiliepimai|Kaip mus įvertintumėte?|Parašykite, ką manote…|Taip|Ne'
    };
    const ui = l => (UI[l] || UI.en).split('|');

    // Storage: JSON in local/sessionStorage, falling back to memory when blocked or full.
    const M = {};
    let LS, SS;
    try { LS = W.localStorage; SS = W.sessionStorage } catch (e) {}
    const get = (k, s = LS) => { if (k in M) return M[k]; try { const v = s.getItem(k); return v ? JSON.parse(v) : null } catch (e) { return null } };
    const put = (k, v, s = LS) => { try { s.setItem(k, JSON.stringify(v)); delete M[k] } catch (e) { M[k] = v } };

    const uuid = () => {
      const c = W.crypto;
      try { return c.randomUUID() } catch (e) {}
      const b = new Uint8Array(16);
      try { c.getRandomValues(b) } catch (e) { for (let i = 0; i < 16; i++) b[i] = Math.random() * 256 }
      b[6] = b[6] & 15 | 64; b[8] = b[8] & 63 | 128;
      const x = Array.from(b, n => (n + 256).toString(16).slice(1)).join('');
      return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
    };
    const stable = (k, s) => { let v = get(k, s); if (!v) put(k, v = uuid(), s); return v };
    const anon = () => stable('cxloop:anon');
    const sess = () => stable('cxloop:session', SS);
    const person = () => get('cxloop:customer') || {};
    const who = () => { const c = person(), o = {}; for (const k of ['external_id', 'email', 'phone']) if (c[k]) o[k] = c[k]; return o };
    const withWho = o => { const c = who(); if (Object.keys(c).length) o.customer = c; return o };
    const lang = () => String(attr('lang') || D.documentElement.lang || person().locale || navigator.language || 'en').toLowerCase().split(/[-_]/)[0];
    const obj = v => { try { return v && typeof v === 'object' && !Array.isArray(v) ? JSON.parse(JSON.stringify(v)) : {} } catch (e) { return {} } };
    const hdr = json => ({ Authorization: 'Bearer ' + KEY, ...(json ? { 'Content-Type': 'application/json' } : {}) });
    const bytes = s => new TextEncoder().encode(s).length;

    let stopped = 0;
    const stop = st => { stopped = 1; checks = []; warn('auth', `the API key was rejected (HTTP ${st}); the widget stops sending.`) };

    // A persistent outbox: batches, retries with backoff, survives reloads.
    const ID = x => x.id || x.event_id;
    class Box {
      constructor(key, path, max, wrap, idle, kb) {
        Object.assign(this, { key, path, max, wrap, idle, kb, lim: max, n: 0, until: 0, t: 0, busy: 0, fly: new Set() });
      }
      q() { return get(this.key) || [] }
      save(q) { put(this.key, q.slice(-500)) }
      add(x) {
        // A newer post of the same response replaces a queued one not yet in flight.
        const q = this.q().filter(y => !(x.r && y.r === x.r && !this.fly.has(y.id)));
        q.push(x); this.save(q);
        this.plan(q.length >= 20 ? 0 : this.idle);
      }
      plan(ms) {
        const at = Math.max(Date.now() + ms, this.until);
        if (stopped || (this.t && this.at <= at)) return;
        clearTimeout(this.t);
        this.at = at;
        this.t = setTimeout(() => { this.t = 0; this.flush() }, at - Date.now());
      }
      flush(keep) {
        if (stopped || !KEY) return;
        let q = this.q();
        if (!keep) {
          if (Date.now() < this.until) return this.plan(0);
          if (!this.busy && q.length) this.post(q.slice(0, this.lim));
          return;
        }
        // Page going away: keepalive requests, under the browser's 64 kB budget.
        if (this.max < 2) q = q.filter((x, i) => !q.slice(i + 1).some(y => y.r === x.r));
        const b = [];
        let n = 0;
        for (const x of q.slice(0, this.max)) { n += bytes(JSON.stringify(x)); if (n > this.kb) break; b.push(x) }
        if (this.max > 1) { if (b.length) this.post(b, 1) } else b.forEach(x => this.post([x], 1));
      }
      async post(b, keep) {
        const ids = b.map(ID);
        let st = 0, res;
        if (!keep) { this.busy = 1; ids.forEach(i => this.fly.add(i)) }
        try {
          res = await fetch(API + this.path, { method: 'POST', headers: hdr(1), body: JSON.stringify(this.wrap(b)), keepalive: !!keep, credentials: 'omit' });
          st = res.status;
        } catch (e) {}
        if (!keep) { this.busy = 0; ids.forEach(i => this.fly.delete(i)) }
        if (st === 401 || st === 403) return stop(st);
        const retry = !st || st >= 500 || st === 429 || st === 408;
        if (st === 413 && b.length > 1) this.lim = b.length >> 1; // too big: split
        else if (!retry) { // stored (2xx), partly stored (422) or not fixable by retrying
          this.save(this.q().filter(x => !ids.includes(ID(x))));
          if (!keep) this.n = this.until = 0;
          if (st >= 300 && st !== 422) warn('h' + st, `POST ${this.path} answered HTTP ${st}; dropped.`);
        } else if (!keep) {
          let ms = Math.min(6e4, 1e3 * 2 ** this.n++ * (0.8 + Math.random() * 0.4));
          const ra = st === 429 && res.headers.get('Retry-After');
          if (ra) { const s = isNaN(ra) ? Date.parse(ra) - Date.now() : ra * 1e3; if (s >= 0) ms = Math.min(s, 36e5) }
          this.until = Date.now() + ms;
        }
        if (this.done) this.done(ids);
        if (!keep && this.q().length) this.plan(retry || this.q().length >= 20 ? 0 : this.idle); // plan() waits out any backoff
      }
    }
    const EB = new Box('cxloop:queue', 'events', 100, b => ({ events: b }), 2000, 40000);
    const RB = new Box('cxloop:responses', 'responses', 1, b => b[0].b, 0, 20000);
    const respond = b => RB.add({ id: uuid(), r: b.response_id, b });

    // Eligibility: asked once the triggering event has been sent, because the
    // server takes the survey's context from the stored event.
    let checks = [], asking = 0;
    const ready = new Promise(r => D.body ? r() : D.addEventListener('DOMContentLoaded', r));
    EB.done = ids => { for (const c of checks) if (ids.includes(c.id)) c.ok = 1; check() };
    const check = async () => {
      if (asking) return;
      asking = 1;
      try { while (checks[0] && checks[0].ok) await ask(checks.shift().p) } finally { asking = 0 }
    };
    const ask = async p => {
      try {
        if (stopped || !KEY || C) return;
        const q = new URLSearchParams({ anonymous_id: anon(), session_id: sess() });
        for (const [k, v] of Object.entries({ ...p, lang: lang(), ...who() })) if (v) q.set(k, v);
        const r = await fetch(API + 'surveys/eligible?' + q, { headers: hdr(), credentials: 'omit' });
        if (r.status === 401 || r.status === 403) return stop(r.status);
        const j = r.ok && await r.json();
        await ready;
        if (j && j.survey) survey(j.survey);
      } catch (e) {}
    };

    const track = (type, props, internal) => {
      if (!type || typeof type !== 'string') return warn('type', 'track needs an event type.');
      const p = obj(props), tp = (typeof p.touchpoint === 'string' && p.touchpoint) || TP;
      const ev = withWho({ event_id: uuid(), type, anonymous_id: anon(), session_id: sess(), properties: p, occurred_at: new Date().toISOString() });
      if (tp) ev.touchpoint = tp;
      EB.add(ev);
      if (!internal) checks.push({ id: ev.event_id, p: { event: type, touchpoint: tp } });
    };

    // ---- UI: everything lives in a shadow root ----
    const CSS = `
:host{all:initial!important;display:contents!important}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.w{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#111827;-webkit-text-size-adjust:100%;-webkit-font-smoothing:antialiased}
button,textarea,input{font:inherit;color:inherit;margin:0;letter-spacing:normal}
button{cursor:pointer;-webkit-tap-highlight-color:transparent}
:focus-visible{outline:3px solid #134e4a;outline-offset:2px}
.q:focus{outline:none}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.card{position:fixed;z-index:2147483000;right:20px;bottom:20px;width:372px;max-width:calc(100vw - 40px);max-height:calc(100vh - 40px);overflow:auto;padding:16px 20px 20px;background:#fff;border:1px solid #e3e8ee;border-radius:16px;box-shadow:0 16px 48px rgba(16,24,40,.2),0 2px 8px rgba(16,24,40,.08);opacity:0;transform:translateY(24px);transition:transform .32s cubic-bezier(.2,.8,.2,1),opacity .24s}
.card.in{opacity:1;transform:none}
.hd{display:flex;align-items:center;gap:8px;min-height:36px;margin-bottom:6px}
.t{flex:1;margin:0;font-size:13px;font-weight:650;line-height:1.3;color:#0b5f59;letter-spacing:.02em}
.x{flex:none;display:grid;place-items:center;width:36px;height:36px;margin:0 -10px 0 auto;padding:0;border:0;border-radius:10px;background:none;font-size:24px;line-height:1;color:#4b5563}
.q{margin:0 0 14px;font-size:17px;font-weight:650;line-height:1.35}
.sc{display:grid;grid-template-columns:repeat(var(--n),1fr);gap:5px}
.o{min-height:42px;padding:6px 4px;border:1.5px solid #7c8594;border-radius:10px;background:#fff;font-size:15px;font-weight:600;line-height:1.25;transition:background .15s,border-color .15s,color .15s}
.o:active{background:#0f766e;border-color:#0f766e;color:#fff}
.yes_no .o{min-height:44px}
.nps{gap:4px}.nps .o{padding:6px 0;border-radius:8px;font-size:14px}
.ends{display:flex;justify-content:space-between;gap:16px;margin-top:6px;font-size:12.5px;line-height:1.3;color:#4b5563}
.ends span:last-child{text-align:right}
.ch{display:grid;gap:8px}
.ch .o{min-height:44px;padding:9px 14px;text-align:left}
.c{display:flex;align-items:center;gap:12px;min-height:44px;padding:9px 14px;border:1.5px solid #7c8594;border-radius:10px;cursor:pointer}
.c input{flex:none;width:20px;height:20px;margin:0;accent-color:#0f766e}
textarea{display:block;width:100%;min-height:100px;resize:vertical;padding:10px 12px;border:1.5px solid #7c8594;border-radius:10px;background:#fff;font-size:16px;line-height:1.4}
textarea::placeholder{color:#6b7280}
textarea:focus-visible{outline-offset:0;border-color:#0f766e}
.go{display:block;width:100%;min-height:44px;margin-top:14px;padding:8px 16px;border:1.5px solid #0f766e;border-radius:10px;background:#0f766e;color:#fff;font-size:15px;font-weight:650}
.go:disabled{opacity:.45;cursor:default;background:#0f766e}
.go.sk{background:#fff;color:#0b5f59;border-color:#7c8594}
.ty{display:flex;align-items:center;gap:12px;margin:2px 0 4px;font-size:17px;font-weight:650;line-height:1.35}
.ty::before{content:"✓";flex:none;display:grid;place-items:center;width:40px;height:40px;border-radius:50%;background:#e7f5f3;color:#0f766e;font-size:20px}
.stars{display:flex;gap:2px;margin:-6px 0 10px -6px}
.st{width:44px;height:44px;padding:0;border:0;border-radius:10px;background:none;font-size:30px;line-height:1;color:#fff;-webkit-text-stroke:1.5px #8b95a3;transition:color .15s,transform .15s}
.st.on{color:#f5a524;-webkit-text-stroke-color:#b45309}
.tab{position:fixed;z-index:2147483000;right:0;top:50%;display:flex;justify-content:flex-end;width:44px;padding:0;border:0;background:none;transform:translateY(-50%)}
.tab span{writing-mode:vertical-rl;transform:rotate(180deg);padding:16px 8px;border-radius:0 10px 10px 0;background:#0f766e;color:#fff;font-size:13px;font-weight:650;letter-spacing:.04em;box-shadow:0 4px 14px rgba(16,24,40,.2);transition:padding .15s,background .15s}
@media (hover:hover){
.x:hover{background:#f1f4f7;color:#111827}
.o:hover{border-color:#0f766e;background:#e7f5f3;color:#0b5f59}
.c:hover{border-color:#0f766e;background:#e7f5f3}
.go:not(:disabled):hover{background:#0b5f59}
.go.sk:hover{background:#e7f5f3}
.st:hover{background:#fef6e7;transform:scale(1.1)}
.tab:hover span{background:#0b5f59;padding-bottom:11px;padding-top:11px;padding-right:12px}
}
@media (max-width:479px){
.card{left:0;right:0;bottom:0;width:auto;max-width:none;max-height:88vh;padding:14px 16px calc(18px + env(safe-area-inset-bottom));border-width:1px 0 0;border-radius:18px 18px 0 0;transform:translateY(100%)}
.sc{gap:6px}.o{min-height:44px}
.nps{grid-template-columns:repeat(6,1fr)}
.x{width:44px;height:44px;margin-right:-12px}
.tab span{padding:14px 7px;font-size:12px}
}
@media (prefers-reduced-motion:reduce){.card,.tab span,.o,.st{transition:none}}
@media print{.w{display:none}}`;

    // h('tag', {class, text, onclick, attr…}, ...children); text only via textContent.
    const h = (tag, props = {}, ...kids) => {
      const e = D.createElement(tag);
      for (const k in props) {
        const v = props[k];
        if (v == null || v === false) continue;
        if (k === 'text') e.textContent = v;
        else if (k === 'class') e.className = v;
        else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? '' : v);
      }
      e.append(...kids.filter(Boolean));
      return e;
    };

    let host, root, wrap, live, tab, C = null; // C: the open card
    const mount = () => {
      if (!host) {
        host = h('div', { 'data-cxloop': '' });
        root = host.attachShadow({ mode: 'open' });
        try {
          if (!('adoptedStyleSheets' in root)) throw 0;
          const s = new CSSStyleSheet();
          s.replaceSync(CSS);
          root.adoptedStyleSheets = [s];
        } catch (e) { root.append(h('style', { text: CSS })) }
        const l = lang();
        live = h('div', { class: 'sr', role: 'status', 'aria-live': 'polite' });
        tab = h('button', { type: 'button', class: 'tab', 'aria-haspopup': 'dialog', hidden: NOTAB, onclick: feedback }, h('span', { text: ui(l)[4] }));
        wrap = h('div', { class: 'w', lang: l }, live, tab);
        root.append(wrap);
      }
      if (!host.isConnected) D.body.append(host); // an SPA may have wiped <body>
    };
    const say = t => { live.textContent = ''; setTimeout(() => { live.textContent = t }, 60) };

    const open = (title, l) => {
      mount();
      const t = ui(l), body = h('div');
      const el = h('div', { class: 'card', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': title ? 't' : 'q', lang: l },
        h('div', { class: 'hd' },
          h('h2', { class: 't', id: 't', text: title, hidden: !title }),
          h('button', { type: 'button', class: 'x', 'aria-label': t[2], title: t[2], text: '×', onclick: () => close(1) })),
        body);
      wrap.append(el);
      tab.hidden = true;
      requestAnimationFrame(() => requestAnimationFrame(() => el.classList.add('in')));
      return (C = { el, body, t, a: {}, posted: 0 });
    };
    const close = dismiss => {
      const c = C;
      if (!c) return;
      C = null;
      clearTimeout(c.timer);
      if (dismiss && c.s && !c.done) {
        if (Object.keys(c.a).length > c.posted) post(c, false); // keep what was answered
        track('survey_dismissed', { survey: c.s.key }, 1);
      }
      const focused = root.activeElement;
      c.el.inert = true;
      c.el.classList.remove('in');
      setTimeout(() => c.el.remove(), 350);
      tab.hidden = NOTAB;
      if (focused && !NOTAB) tab.focus();
    };
    const thanks = (c, text) => {
      const focused = root.activeElement;
      c.done = 1;
      text = text || c.t[3];
      c.body.replaceChildren(h('p', { class: 'ty', text }));
      say(text);
      if (focused) c.el.querySelector('.x').focus();
      c.timer = setTimeout(() => C === c && close(), 2500);
    };

    // Conditions, as the server applies them: eq/lte/gte/in on an earlier answer.
    const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);
    const shown = (q, a) => {
      const c = q.condition;
      if (!c) return true;
      const g = a[c.question], v = c.value;
      if (g == null) return false;
      if (c.op === 'lte') return typeof g === typeof v && g <= v;
      if (c.op === 'gte') return typeof g === typeof v && g >= v;
      if (c.op === 'in') return [].concat(v == null ? [] : v).some(x => same(x, g));
      return same(g, v);
    };
    const nextQ = (s, a, i) => { for (; i < s.questions.length; i++) if (shown(s.questions[i], a)) return i; return -1 };
    const SCALE = { nps: [0, 10], csat: [1, 5], rating: [1, 5], ces: [1, 7] };

    const survey = s => {
      if (C || !s || !Array.isArray(s.questions) || !s.key) return;
      const i = nextQ(s, {}, 0);
      if (i < 0) return;
      const x = s.texts || (s.texts = {});
      const c = open(x.title || '', UI[s.language] ? s.language : lang());
      c.s = s; c.i = i;
      step(c);
      say([x.title, s.questions[i].label].filter(Boolean).join('. '));
    };
    const step = (c, focus) => {
      const s = c.s, q = s.questions[c.i], a = c.a, x = s.texts, t = c.t, type = q.type, sc = SCALE[type];
      // "Next" while a later question may still show, else "Send".
      const more = s.questions.slice(c.i + 1).some(n => shown(n, a) || (n.condition && n.condition.question === q.key));
      const label = more ? x.next || t[1] : x.submit || t[0];
      const go = v => {
        if (v == null || v === '' || (Array.isArray(v) && !v.length)) delete a[q.key]; else a[q.key] = v;
        advance(c);
      };
      const opt = (text, v, p) => h('button', { type: 'button', class: 'o', text, onclick: () => go(v), ...p });
      const kids = [h('p', { class: 'q', id: 'q', tabindex: -1, text: q.label })];
      let val, btn;
      if (sc || type === 'yes_no') {
        const vals = sc ? Array.from({ length: sc[1] - sc[0] + 1 }, (_, k) => sc[0] + k) : [true, false];
        const last = vals.length - 1;
        const g = h('div', { class: 'sc ' + type, role: 'group', 'aria-labelledby': 'q' },
          ...vals.map((v, k) => opt(sc ? v : t[7 + k], v, { 'aria-describedby': sc && ((k === 0 && q.low && 'lo') || (k === last && q.high && 'hi')) || null })));
        g.style.setProperty('--n', vals.length);
        kids.push(g);
        if (sc && (q.low || q.high)) kids.push(h('div', { class: 'ends' }, h('span', { id: 'lo', text: q.low || '' }), h('span', { id: 'hi', text: q.high || '' })));
      } else if (type === 'single_choice') {
        kids.push(h('div', { class: 'ch', role: 'group', 'aria-labelledby': 'q' }, ...(q.choices || []).map(o => opt(o.label, o.key))));
      } else if (type === 'multiple_choice') {
        const boxes = (q.choices || []).map(o => h('input', { type: 'checkbox', value: o.key, onchange: sync }));
        kids.push(h('div', { class: 'ch', role: 'group', 'aria-labelledby': 'q' },
          ...boxes.map((b, k) => h('label', { class: 'c' }, b, h('span', { text: q.choices[k].label })))));
        val = () => boxes.filter(b => b.checked).map(b => b.value);
      } else { // text, and any type this version does not know
        const ta = h('textarea', { maxlength: 5000, rows: 4, placeholder: q.placeholder || null, 'aria-labelledby': 'q', oninput: sync });
        kids.push(ta);
        val = () => ta.value.trim();
      }
      if (val) kids.push(btn = h('button', { type: 'button', class: 'go', text: label, onclick: () => go(val()) }));
      else if (!q.required) kids.push(h('button', { type: 'button', class: 'go sk', text: label, onclick: () => go() }));
      function sync() { if (btn) btn.disabled = !!q.required && !val().length }
      sync();
      c.body.replaceChildren(...kids);
      if (focus) kids[0].focus(); // only when the user is already in the card
    };
    const advance = c => {
      const focused = !!root.activeElement;
      c.i = nextQ(c.s, c.a, c.i + 1);
      if (c.i < 0) { post(c, true); thanks(c, c.s.texts.thank_you) }
      else {
        if (!c.posted && Object.keys(c.a).length) post(c, false); // first answer: save it now
        step(c, focused);
      }
    };
    const post = (c, complete) => {
      const s = c.s;
      c.posted = Object.keys(c.a).length;
      respond(withWho({
        response_id: s.response_id, survey: s.key, channel: 'widget', locale: s.language || undefined,
        anonymous_id: anon(), answers: { ...c.a }, context: s.context || {}, complete
      }));
    };

    // The always-available "Feedback" tab: optional 1–5 rating and free text.
    const feedback = () => {
      if (C) return;
      const l = lang(), c = open(ui(l)[4], l), t = c.t;
      let r = 0;
      const sync = () => { send.disabled = !r && !ta.value.trim() };
      const ta = h('textarea', { maxlength: 5000, rows: 4, placeholder: t[6], 'aria-label': t[6], oninput: sync });
      const stars = [1, 2, 3, 4, 5].map(n => h('button', {
        type: 'button', class: 'st', text: '★', 'aria-label': n + ' / 5', 'aria-pressed': 'false',
        onclick: () => {
          r = r === n ? 0 : n;
          stars.forEach((b, k) => { b.classList.toggle('on', k < r); b.setAttribute('aria-pressed', k + 1 === r) });
          sync();
        }
      }));
      const send = h('button', {
        type: 'button', class: 'go', text: t[0], disabled: true,
        onclick: () => {
          const answers = { text: ta.value.trim() };
          if (r) answers.rating = r;
          respond(withWho({
            response_id: uuid(), survey: 'feedback', channel: 'widget', touchpoint: TP || undefined,
            locale: LANGS.includes(l) ? l : undefined, anonymous_id: anon(), answers,
            context: { path: location.pathname, title: D.title }, complete: true
          }));
          thanks(c);
        }
      });
      c.body.append(h('p', { class: 'q', id: 'q', text: t[5] }), h('div', { class: 'stars', role: 'group', 'aria-labelledby': 'q' }, ...stars), ta, send);
      stars[0].focus(); // the user asked for the form
    };

    // ---- public API ----
    const api = function (cmd, a, b) {
      try {
        if (cmd === 'identify') {
          const o = {};
          if (a && typeof a === 'object') for (const k of ['external_id', 'email', 'phone', 'locale']) if (a[k] != null && a[k] !== '') o[k] = String(a[k]);
          put('cxloop:customer', o); // replaces the previous identity
        } else if (cmd === 'reset') put('cxloop:customer', null);
        else if (cmd === 'track') track(a, b);
        else if (cmd === 'page') track('page_view', { path: location.pathname, title: D.title, referrer: D.referrer, ...obj(a) });
        else if (cmd === 'show') { if (a) ask({ survey: String(a) }) }
        else warn('c' + cmd, 'unknown command ' + cmd);
      } catch (e) { warn('e', e) }
    };
    api.v = 1;
    if (!KEY) warn('key', 'the <script> tag has no data-key; nothing will be sent.');
    const q = (prev && prev.q) || [];
    while (q.length) api.apply(null, q.shift());
    W.cxloop = api;

    let bye = 0;
    const leave = () => {
      if (Date.now() - bye < 1000) return;
      bye = Date.now();
      try { EB.flush(1); RB.flush(1) } catch (e) {}
    };
    W.addEventListener('pagehide', leave);
    D.addEventListener('visibilitychange', () => { if (D.visibilityState === 'hidden') leave() });
    W.addEventListener('online', () => { for (const x of [EB, RB]) { x.n = x.until = 0; x.plan(0) } });
    D.addEventListener('keydown', e => {
      const f = D.activeElement;
      if (e.key === 'Escape' && C && (!f || f === D.body || f === host)) close(1);
    });
    ready.then(() => { try { mount() } catch (e) { warn('e', e) } });
    EB.plan(1000); RB.plan(0); // whatever an earlier page left behind
  } catch (e) { warn('e', e) }
})();
