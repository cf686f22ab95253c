/* storykit reader tools: 长辈模式, font size, read aloud, print. Plain script, no library,
   nothing loaded from elsewhere; preferences live in localStorage on the reader's phone. */
(function () {
  "use strict";
  var root = document.documentElement;

  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode: just this page */ }
  }

  /* 长辈模式: larger text, stronger contrast, bigger targets, one column, no motion */
  function setElder(on) {
    root.classList.toggle("sk-elder", on);
    store("sk-elder", on ? "1" : "0");
    document.querySelectorAll(".sk-elder-toggle").forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  document.querySelectorAll(".sk-elder-toggle").forEach(function (b) {
    b.setAttribute("aria-pressed", root.classList.contains("sk-elder") ? "true" : "false");
    b.addEventListener("click", function () { setElder(!root.classList.contains("sk-elder")); });
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
