/* storykit reader tools: the accessibility toolbar (长辈模式 and more), font size, read aloud,
   print. Plain script, no library, nothing loaded from elsewhere; preferences live in
   localStorage on the reader's phone. */
(function () {
  "use strict";
  var root = document.documentElement;

  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode: just this page */ }
  }

  /* The accessibility toolbar (工信部适老化): 长辈模式 in the header opens it. Each choice is a
     class on <html> (or data-sk-zoom) and a localStorage key, which main.html's head script
     applies again before the next page is painted. */
  var ZOOMS = ["100", "125", "150", "175", "200"];
  var FLAGS = ["elder", "plain", "contrast", "cursor", "line"];
  var toggle = document.querySelector(".sk-elder-toggle");
  var panel = document.getElementById("sk-a11y");

  function control(name) {
    return panel ? panel.querySelector("[data-sk-a11y=" + name + "]") : null;
  }
  function zoom() {
    return root.getAttribute("data-sk-zoom") || "100";
  }
  /* buttons show the state the page is in, whoever set it */
  function reflect() {
    if (!panel) { return; }
    FLAGS.forEach(function (k) {
      control(k).setAttribute("aria-pressed", root.classList.contains("sk-" + k) ? "true" : "false");
    });
    var z = zoom();
    panel.querySelector(".sk-a11y__value").textContent = z + "%";
    /* aria-disabled, not disabled: the button stays in the Tab order and says why it does nothing */
    control("zoom-out").setAttribute("aria-disabled", z === ZOOMS[0] ? "true" : "false");
    control("zoom-in").setAttribute("aria-disabled", z === ZOOMS[ZOOMS.length - 1] ? "true" : "false");
  }
  function setFlag(k, on) {
    root.classList.toggle("sk-" + k, on);
    store("sk-" + k, on ? "1" : "0");
    reflect();
  }
  function setZoom(z) {
    if (z === "100") { root.removeAttribute("data-sk-zoom"); } else { root.setAttribute("data-sk-zoom", z); }
    store("sk-zoom", z);
    reflect();
  }
  function stepZoom(by) {
    var i = ZOOMS.indexOf(zoom()) + by;
    if (i >= 0 && i < ZOOMS.length) { setZoom(ZOOMS[i]); }
  }

  function showPanel(show) {
    panel.hidden = !show;
    toggle.setAttribute("aria-expanded", show ? "true" : "false");
    root.classList.toggle("sk-a11y-open", show); /* 纯文本 hides the page under it */
    if (show) { fit(); }
  }
  /* the panel lies over the page below the header: it scrolls inside itself when taller than
     what the window has left (a sticky header stays put, so the page cannot bring it up) */
  function fit() {
    var top = Math.max(0, toggle.closest("header").getBoundingClientRect().bottom);
    var scale = Number(zoom()) / 100; /* the panel's px are zoomed with the page */
    panel.style.maxHeight = Math.max(120, (window.innerHeight - top) / scale) + "px";
  }

  if (toggle && panel) {
    toggle.addEventListener("click", function () { showPanel(panel.hidden); });
    panel.addEventListener("click", function (e) {
      var b = e.target.closest("[data-sk-a11y]");
      if (!b) { return; }
      var what = b.getAttribute("data-sk-a11y");
      if (FLAGS.indexOf(what) >= 0) { setFlag(what, !root.classList.contains("sk-" + what)); }
      else if (what === "zoom-in") { stepZoom(1); }
      else if (what === "zoom-out") { stepZoom(-1); }
      else if (what === "zoom-reset") { setZoom("100"); }
      else if (what === "reset") {
        FLAGS.forEach(function (k) { setFlag(k, false); });
        setZoom("100");
      } else if (what === "close") { showPanel(false); toggle.focus(); }
      if (what.indexOf("zoom") === 0 || what === "elder" || what === "reset") { fit(); }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !panel.hidden) {
        showPanel(false);
        toggle.focus();
      }
    });
    window.addEventListener("resize", function () { if (!panel.hidden) { fit(); } });
    reflect();
  }

  /* 阅读线: a crosshair that follows the pointer and keyboard focus; moved by transform only,
     so nothing on the page moves, and it never takes a click */
  var line = document.createElement("div");
  line.className = "sk-reading-line";
  line.setAttribute("aria-hidden", "true");
  line.innerHTML = '<div class="sk-reading-line__h"></div><div class="sk-reading-line__v"></div>';
  document.body.appendChild(line);
  function follow(x, y) {
    line.firstChild.style.transform = "translateY(" + Math.round(y) + "px)";
    line.lastChild.style.transform = "translateX(" + Math.round(x) + "px)";
    line.classList.add("sk-reading-line--on");
  }
  document.addEventListener("pointermove", function (e) {
    if (root.classList.contains("sk-line")) { follow(e.clientX, e.clientY); }
  }, { passive: true });
  document.addEventListener("focusin", function (e) {
    if (!root.classList.contains("sk-line") || !e.target.getBoundingClientRect) { return; }
    var r = e.target.getBoundingClientRect();
    follow(r.left + Math.min(r.width / 2, 24), Math.min(window.innerHeight - 2, r.bottom + 2));
  });

  /* font size: 标准 / 大 / 特大 */
  function setSize(size) {
    root.setAttribute("data-sk-size", size);
    store("sk-size", size);
    document.querySelectorAll("[data-sk-size]").forEach(function (b) {
      if (b.tagName === "BUTTON") {
        b.setAttribute("aria-pressed", b.getAttribute("data-sk-size") === size ? "true" : "false");
      }
    });
  }
  var sizeButtons = document.querySelectorAll("button[data-sk-size]");
  sizeButtons.forEach(function (b) {
    b.addEventListener("click", function () { setSize(b.getAttribute("data-sk-size")); });
  });
  if (sizeButtons.length) { setSize(root.getAttribute("data-sk-size") || "normal"); }

  /* 朗读: the title and text of the record, in zh-CN, with pause and stop */
  var speak = document.querySelector(".sk-speak");
  if (speak && "speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
    var synth = window.speechSynthesis;
    var play = speak.querySelector("[data-sk-speak=play]");
    var pause = speak.querySelector("[data-sk-speak=pause]");
    var stop = speak.querySelector("[data-sk-speak=stop]");

    var text = function () {
      var article = document.querySelector(".sk-record");
      if (!article) { return ""; }
      var copy = article.cloneNode(true);
      copy.querySelectorAll(".sk-related, .sk-sources, svg, .sk-kind, [aria-hidden=true]")
        .forEach(function (n) { n.remove(); });
      return copy.innerText.replace(/\s+/g, " ").trim();
    };
    var state = function (speaking, paused) {
      play.textContent = paused ? "继续" : "朗读";
      play.disabled = speaking && !paused;
      pause.disabled = !speaking || paused;
      stop.disabled = !speaking;
    };
    play.addEventListener("click", function () {
      if (synth.paused) { synth.resume(); state(true, false); return; }
      synth.cancel();
      var u = new SpeechSynthesisUtterance(text());
      u.lang = "zh-CN";
      u.rate = 0.9; /* a little slower than default, for older listeners */
      u.onend = u.onerror = function () { state(false, false); };
      synth.speak(u);
      state(true, false);
    });
    pause.addEventListener("click", function () { synth.pause(); state(true, true); });
    stop.addEventListener("click", function () { synth.cancel(); state(false, false); });
    window.addEventListener("pagehide", function () { synth.cancel(); });
  }

  /* "/" jumps to search: the header box where it shows, else the search page */
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    e.preventDefault();
    var box = document.querySelector("#sk-q") || document.querySelector(".sk-header-search__input");
    if (box && box.offsetParent !== null) { box.focus(); return; }
    var form = document.querySelector(".sk-header-search");
    if (form) { location.href = form.getAttribute("action"); }
  });

  /* 打印 */
  document.querySelectorAll(".sk-print").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
})();
