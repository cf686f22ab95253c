/* storykit search page: asks the Pagefind index built with the site, shows results with
   kind, region, excerpt and thumbnail, and filters by kind, province, theme and year.
   Pagefind (about 150 KB of script and WebAssembly) is fetched only once the page is used —
   the box touched or typed in, 筛选 pressed — or at once when the address holds a search;
   then it loads only the index fragments a query needs. */
const root = new URL("../", import.meta.url); // this file is <site>/assets/search.js
const FILTERS = ["类型", "省份", "主题", "年份", "时期"];
const PAGE = 20;

const form = document.querySelector(".sk-find");
const input = document.querySelector("#sk-q");
const status = document.querySelector(".sk-find__status");
const list = document.querySelector(".sk-results");
const filterBox = document.querySelector(".sk-filters");
const toggle = document.querySelector(".sk-filters-toggle");
const wide = matchMedia("(min-width: 45em)"); // where the filters are shown without asking
const chosen = {};

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const CJK = /[\u3400-\u9fff]/;

let loading;
function load() {
  loading ||= (async () => {
    const pf = await import(new URL("pagefind/pagefind.js", root).href);
    await pf.options({ baseUrl: root.pathname, excerptLength: 40 });
    // a large site is indexed in parts (one per kind); merge the others into this one
    const shards = await fetch(new URL("pagefind/shards.json", root)).then((r) => (r.ok ? r.json() : []), () => []);
    for (const shard of shards) await pf.mergeIndex(new URL(shard, root).pathname);
    await pf.init();
    return pf;
  })();
  return loading;
}

/* Chinese queries. Pagefind cuts Chinese text into words when it builds the index, and cuts
   the query with the browser's own segmenter; a page matches only when every piece of the
   query starts a word of the page. A name the index keeps whole (林书艳) or cuts otherwise
   (林|书艳) can then be missed. So for a query of two or more Chinese characters:
   1. pages whose text holds the whole query come first, in Pagefind's order;
   2. when fewer than five do, each character of the query is searched on its own (a
      character finds every word it begins), and pages among those hits whose text holds
      the whole query are added. Only those pages' small fragments are fetched. */
const TOP = 30;
const WIDE = 40; // hits fetched per character at most

async function find(query, filters) {
  const pf = await load();
  const direct = await pf.search(query || null, { filters });
  const results = direct ? direct.results : [];
  const text = (query || "").replace(/\s+/g, "");
  if (text.length < 2 || !CJK.test(text)) return results.map((r) => ({ r }));
  const holds = (d) => d.content.replace(/\s+/g, "").includes(text);
  const top = await Promise.all(results.slice(0, TOP).map(async (r) => ({ r, d: await r.data() })));
  const exact = top.filter((x) => holds(x.d));
  const rest = [...top.filter((x) => !holds(x.d)), ...results.slice(TOP).map((r) => ({ r }))];
  if (exact.length < 5) {
    const seen = new Set(results.map((r) => r.id));
    for (const ch of new Set(text.match(/[\u3400-\u9fff]/g))) {
      const hits = await pf.search(ch, { filters });
      for (const r of hits ? hits.results.slice(0, WIDE) : []) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        const d = await r.data();
        if (holds(d)) exact.push({ r, d });
      }
    }
  }
  return [...exact, ...rest];
}

const TERMS = /([\u3400-\u9fff]{2} ){3,}/; // the hidden name pairs, not worth showing

function highlight(excerpt, query, content) {
  if (!query || (excerpt.includes("<mark>") && !TERMS.test(excerpt.replace(/<\/?mark>/g, "")))) return excerpt;
  // an exact Chinese match Pagefind did not mark: show the text around it, marked
  const at = content.indexOf(query);
  if (at < 0) return esc(content.slice(0, 70)) + "…";
  const start = Math.max(0, at - 30);
  return esc(content.slice(start, at)) + `<mark>${esc(query)}</mark>` + esc(content.slice(at + query.length, at + query.length + 40));
}

function card(data, query) {
  const meta = data.meta || {};
  const thumb = meta.thumb
    ? `<img src="${esc(new URL(meta.thumb, root).pathname)}" alt="" width="80" height="80" loading="lazy">`
    : "";
  const line = [meta.kind, meta.region].filter(Boolean).map(esc).join(" · ");
  return `<li class="sk-result"><a href="${esc(data.url)}">${thumb}<span>`
    + `<span class="sk-result__title">${esc(meta.title || data.url)}</span>`
    + (line ? `<span class="sk-result__meta">${line}</span>` : "")
    + `<span class="sk-result__excerpt">${highlight(data.excerpt, query, data.content)}</span>`
    + `</span></a></li>`;
}

async function run() {
  const query = input.value.trim();
  const filters = Object.fromEntries(Object.entries(chosen).filter(([, v]) => v));
  const url = new URL(location.href);
  query ? url.searchParams.set("q", query) : url.searchParams.delete("q");
  for (const name of FILTERS) chosen[name] ? url.searchParams.set(name, chosen[name]) : url.searchParams.delete(name);
  history.replaceState(null, "", url);
  if (!query && !Object.keys(filters).length) {
    status.textContent = "";
    list.innerHTML = "";
    return;
  }
  status.textContent = "正在搜索……";
  // a query typed in traditional characters searches the site's simplified text (hanzi.js)
  const wanted = window.skHanzi ? await window.skHanzi.simplify(query) : query;
  let results;
  try {
    results = await find(wanted, filters);
  } catch {
    loading = undefined; // the next search tries to load Pagefind again
    status.textContent = "搜索暂时无法使用，请检查网络后再试";
    return;
  }
  const shown = await Promise.all(results.slice(0, PAGE).map((x) => x.d || x.r.data()));
  list.innerHTML = shown.map((d) => card(d, wanted.replace(/\s+/g, ""))).join("");
  status.textContent = results.length
    ? `找到 ${results.length} 条结果` + (results.length > PAGE ? `，显示前 ${PAGE} 条` : "")
    : "没有找到结果；可以换个说法，或减少筛选条件";
}

let filtersBuilt;
function buildFilters() {
  filtersBuilt ||= (async () => {
    const pf = await load();
    const all = await pf.filters();
    const params = new URL(location.href).searchParams;
    filterBox.innerHTML = FILTERS.filter((name) => all[name]).map((name) => {
      const values = Object.keys(all[name]).sort((a, b) => (name === "年份" ? b.localeCompare(a) : a.localeCompare(b, "zh")));
      chosen[name] = params.get(name) || "";
      const options = values.map((v) => `<option value="${esc(v)}"${v === chosen[name] ? " selected" : ""}>${esc(v)}（${all[name][v]}）</option>`);
      return `<label>${esc(name)}<select data-filter="${esc(name)}"><option value="">全部</option>${options.join("")}</select></label>`;
    }).join("");
    filterBox.querySelectorAll("select").forEach((s) => s.addEventListener("change", () => {
      chosen[s.dataset.filter] = s.value;
      count();
      run();
    }));
    for (const name of FILTERS) if (!all[name]) chosen[name] = ""; // not in this index
    count();
    if (wide.matches) show(true);
  })().catch(() => {
    filterBox.textContent = "筛选暂时无法载入，请检查网络后再试";
    loading = filtersBuilt = undefined; // the next try starts afresh
  });
  return filtersBuilt;
}

/* 筛选 shows and hides the filters (on a phone they start hidden) and says how many are set. */
function show(open) {
  toggle.setAttribute("aria-expanded", String(open));
}
function count() {
  const n = FILTERS.filter((name) => chosen[name]).length;
  toggle.textContent = n ? `筛选（${n}）` : "筛选";
}
toggle.addEventListener("click", () => {
  const open = toggle.getAttribute("aria-expanded") !== "true";
  show(open);
  if (open && !filtersBuilt) {
    filterBox.textContent = "正在载入筛选……";
    buildFilters();
  }
});

form.addEventListener("submit", (e) => { e.preventDefault(); buildFilters(); run(); });
let timer;
input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 300); });
const params = new URL(location.href).searchParams;
input.value = params.get("q") || "";
for (const name of FILTERS) chosen[name] = params.get(name) || "";
count();
// Only the reader's own use of the box loads Pagefind, not the focus given to it here.
input.focus();
for (const type of ["pointerdown", "input"]) input.addEventListener(type, () => buildFilters(), { once: true });
const refocus = () => input.addEventListener("focus", () => buildFilters(), { once: true });
document.activeElement === input ? input.addEventListener("blur", refocus, { once: true }) : refocus();
if (input.value || Object.values(chosen).some(Boolean)) {
  await buildFilters();
  run();
}
