/* 简/繁: the page in traditional characters for the reader who chooses 繁體, remembered on
   this phone. The pages are written in simplified characters; here they are converted with the
   site's own cut of OpenCC's phrase tables (assets/hanzi.json, written by the build) by
   forward maximum matching, as OpenCC does, so the result is OpenCC's. The table is kept in
   localStorage, so a page converts before it is first drawn; it is fetched again (a quick
   revalidation) after each page has loaded, and the page converted again if it changed.
   A name marked data-sk-name that was typed in traditional characters stays as typed. */
(function () {
  "use strict";
  var root = document.documentElement;
  var source = document.currentScript ? document.currentScript.src : location.href;
  var url = new URL("hanzi.json", source).href;
  var has = Object.prototype.hasOwnProperty;
  var CHOICE = "sk-script", TABLE = "sk-hanzi";
  var ATTRS = ["title", "alt", "aria-label", "placeholder", "data-sk-label"];
  var SKIP = /^(SCRIPT|STYLE|TEXTAREA|INPUT|CODE|PRE|KBD|SAMP|NOSCRIPT)$/;
  var HAN = /[\u3400-\u9fff\uf900-\ufaff\ud840-\ud8bf]/;
  var lang = root.getAttribute("lang") || "zh";

  var table = null; /* {s2t, t2s, n} and the longest entry of each */
  var texts = new WeakMap(); /* text node → its simplified text */
  var attrs = new WeakMap(); /* element → {attribute: simplified value} */
  var title = document.title;
  var observer = null;

  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode or full */ }
  }
  function read(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function longest(o) {
    var m = 1;
    for (var k in o) { if (has.call(o, k) && k.length > m) { m = k.length; } }
    return m;
  }
  function use(json) {
    try {
      var t = JSON.parse(json);
      if (!t || !t.s2t || !t.t2s) { return false; }
      t.n = t.n || {}; t.v = t.v || {};
      t.ls = longest(t.s2t); t.lt = longest(t.t2s); t.ln = longest(t.n); t.lv = longest(t.v);
      t.hasV = Object.keys(t.v).length > 0;
      table = t;
      return true;
    } catch (e) { return false; }
  }

  /* at each place the longest entry that starts there, else the character itself; `each`
     converts every piece again on its own (Taiwan's or Hong Kong's forms, as OpenCC does) */
  function match(text, entries, max, each) {
    var out = "", i = 0, n = text.length;
    while (i < n) {
      var step = 1, value = text.charAt(i);
      for (var len = Math.min(max, n - i); len > 1; len--) {
        var piece = text.substr(i, len);
        if (has.call(entries, piece)) { step = len; value = entries[piece]; break; }
      }
      if (step === 1 && has.call(entries, value)) { value = entries[value]; }
      out += each ? each(value) : value;
      i += step;
    }
    return out;
  }
  function regional(piece) { return match(piece, table.v, table.lv); }
  function traditional(text) {
    return match(match(text, table.n, table.ln), table.s2t, table.ls, table.hasV ? regional : null);
  }
  /* typed in traditional: a character that is only ever traditional */
  function typedTraditional(text) {
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (has.call(table.t2s, c) && table.t2s[c] !== c && !has.call(table.s2t, c)) { return true; }
    }
    return false;
  }
  function simplified(text) {
    return typedTraditional(text) ? match(text, table.t2s, table.lt) : text;
  }

  function named(node) {
    var el = node.parentElement;
    return el && el.closest("[data-sk-name]");
  }
  function skipped(el) {
    for (; el; el = el.parentElement) {
      if (SKIP.test(el.tagName) || el.hasAttribute("data-sk-keep")) { return true; }
    }
    return false;
  }
  function convertText(node, on) {
    if (!texts.has(node)) {
      if (!HAN.test(node.data)) { return; }
      texts.set(node, node.data);
    }
    var plain = texts.get(node);
    var out = !on || (named(node) && typedTraditional(plain)) ? plain : traditional(plain);
    if (node.data !== out) { node.data = out; }
  }
  function convertAttrs(el, on) {
    var kept = attrs.get(el);
    for (var i = 0; i < ATTRS.length; i++) {
      var a = ATTRS[i];
      if (!el.hasAttribute(a)) { continue; }
      if (!kept) { kept = {}; attrs.set(el, kept); }
      if (!has.call(kept, a)) { kept[a] = el.getAttribute(a); }
      var out = on ? traditional(kept[a]) : kept[a];
      if (el.getAttribute(a) !== out) { el.setAttribute(a, out); }
    }
  }
  function convertTree(top, on) {
    if (top.nodeType === 3) {
      if (!skipped(top.parentElement)) { convertText(top, on); }
      return;
    }
    if (top.nodeType !== 1 || skipped(top)) { return; }
    var walker = document.createTreeWalker(top, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        if (n.nodeType === 1 && (SKIP.test(n.tagName) || n.hasAttribute("data-sk-keep"))) {
          return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    if (top.nodeType === 1) { convertAttrs(top, on); }
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === 3) { convertText(n, on); } else { convertAttrs(n, on); }
    }
  }

  function chosen() { return root.getAttribute("data-sk-script") === "hant"; }

  /* the whole page, then whatever scripts add or change later (search results, labels) */
  function apply() {
    if (!table) { return; }
    var on = chosen();
    if (observer) { observer.disconnect(); }
    convertTree(document.body, on);
    document.title = on ? traditional(title) : title;
    if (!on) { return; }
    observer = observer || new MutationObserver(changed);
    observer.observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS
    });
  }
  function changed(records) {
    observer.disconnect();
    records.forEach(function (r) {
      if (r.type === "characterData") {
        texts.set(r.target, r.target.data); /* a script's new text, in simplified */
        if (!skipped(r.target.parentElement)) { convertText(r.target, true); }
      } else if (r.type === "attributes") {
        var kept = attrs.get(r.target);
        if (kept) { delete kept[r.attributeName]; }
        if (!skipped(r.target)) { convertAttrs(r.target, true); }
      } else {
        r.addedNodes.forEach(function (n) { convertTree(n, true); });
      }
    });
    observer.takeRecords();
    if (chosen()) { observer.observe(document.body, { subtree: true, childList: true,
      characterData: true, attributes: true, attributeFilter: ATTRS }); }
  }

  function choose(script) {
    root.setAttribute("data-sk-script", script);
    root.setAttribute("lang", script === "hant" ? "zh-Hant" : lang);
    store(CHOICE, script);
    buttons();
    if (script === "hant" && !table) { refresh(); } else { apply(); }
  }
  function buttons() {
    document.querySelectorAll("button[data-sk-script]").forEach(function (b) {
      var on = b.getAttribute("data-sk-script") === (chosen() ? "hant" : "hans");
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  /* the table as the server has it now; the page again if it changed */
  function refresh() {
    if (!window.fetch) { return Promise.resolve(); }
    return fetch(url).then(function (r) { return r.ok ? r.text() : null; }).then(function (json) {
      if (!json || json === read(TABLE)) { return; }
      if (use(json)) {
        store(TABLE, json);
        if (chosen()) { apply(); }
      }
    }).catch(function () { /* offline: the stored table, or simplified */ });
  }

  /* for search: a query typed in traditional characters, as the site writes it */
  var loading = null;
  function simplify(query) {
    if (!HAN.test(query)) { return Promise.resolve(query); }
    loading = loading || (table ? Promise.resolve() : refresh());
    return loading.then(function () { return table ? simplified(query) : query; });
  }
  window.skHanzi = { simplify: simplify, convert: function (t) { return table && chosen() ? traditional(t) : t; } };

  var stored = read(TABLE);
  if (stored) { use(stored); }
  document.querySelectorAll("button[data-sk-script]").forEach(function (b) {
    b.addEventListener("click", function () { choose(b.getAttribute("data-sk-script")); });
  });
  document.querySelectorAll("button[data-sk-a11y=reset]").forEach(function (b) {
    b.addEventListener("click", function () { if (chosen()) { choose("hans"); } }); /* 全部恢复 */
  });
  buttons();
  if (chosen()) {
    if (table) { apply(); }
    refresh();
  }
})();
