/* redline report linking. Reads only ids from data attributes; never writes HTML. */
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.classList.add("js");

  function byIds(list) {
    return (list || "").split(/\s+/).filter(Boolean)
      .map(function (id) { return doc.getElementById(id); })
      .filter(Boolean);
  }
  function all(selector) { return Array.prototype.slice.call(doc.querySelectorAll(selector)); }

  /* tabs: several sources, one shown at a time */
  var tabs = all("[data-tab]");
  function showTab(panelId) {
    tabs.forEach(function (tab) {
      var on = tab.getAttribute("data-tab") === panelId;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      var panel = doc.getElementById(tab.getAttribute("data-tab"));
      if (panel) { panel.hidden = !on; }
    });
  }
  if (tabs.length) {
    all(".tabs").forEach(function (bar) { bar.hidden = false; });
    tabs.forEach(function (tab) {
      tab.addEventListener("click", function () { showTab(tab.getAttribute("data-tab")); });
    });
    showTab(tabs[0].getAttribute("data-tab"));
  }
  function uncover(el) {
    var panel = el.closest("[role=tabpanel]");
    if (panel && panel.hidden) { showTab(panel.id); }
  }

  /* scroll an element into the middle of its own scrolling pane, then into the window if needed */
  function reveal(el) {
    uncover(el);
    var pane = el.closest(".pane");
    if (pane) {
      var top = el.getBoundingClientRect().top - pane.getBoundingClientRect().top;
      if (top < 0 || top > pane.clientHeight - 24) {
        pane.scrollTop += top - pane.clientHeight / 3;
      }
    }
    var rect = el.getBoundingClientRect();
    if (rect.bottom < 0 || rect.top > window.innerHeight) {
      el.scrollIntoView({ block: "center" });
    }
  }

  function clear() {
    all(".active").forEach(function (el) { el.classList.remove("active", "linked"); });
  }

  /* sentences: hover shows the linked sentences, click pins them and scrolls to them */
  all("[data-links]").forEach(function (el) {
    var linked = function () { return byIds(el.getAttribute("data-links")); };
    el.addEventListener("mouseenter", function () {
      [el].concat(linked()).forEach(function (x) { x.classList.add("hover"); });
    });
    el.addEventListener("mouseleave", function () {
      [el].concat(linked()).forEach(function (x) { x.classList.remove("hover"); });
    });
    el.addEventListener("click", function () {
      var wasActive = el.classList.contains("active") && !el.classList.contains("linked");
      clear();
      if (wasActive) { return; }
      el.classList.add("active");
      var targets = linked();
      targets.forEach(function (x) { x.classList.add("active", "linked"); });
      if (targets.length) { reveal(targets[0]); }
    });
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); el.click(); }
    });
  });

  /* findings: highlight every evidence mark of the finding */
  function showFinding(ref) {
    clear();
    var item = doc.getElementById(ref);
    if (item) { item.classList.add("active"); }
    var marks = all("mark[data-findings]").filter(function (m) {
      return m.getAttribute("data-findings").split(/\s+/).indexOf(ref) >= 0;
    });
    marks.forEach(function (m) { m.classList.add("active"); });
    return marks;
  }
  all("[data-show-finding]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (ev.target.closest("a")) { return; }
      var marks = showFinding(el.getAttribute("data-show-finding"));
      if (marks.length) { reveal(marks[0]); }
    });
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { el.click(); }
    });
  });
  all("a[data-jump]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      var target = doc.getElementById(a.getAttribute("data-jump"));
      if (!target) { return; }
      ev.preventDefault();
      var finding = a.closest("[data-show-finding]");
      if (finding) { showFinding(finding.getAttribute("data-show-finding")); }
      target.classList.add("active");
      reveal(target);
    });
  });
  all("mark[data-findings]").forEach(function (m) {
    m.addEventListener("click", function (ev) {
      ev.stopPropagation();
      var ref = m.getAttribute("data-findings").split(/\s+/)[0];
      showFinding(ref);
      var item = doc.getElementById(ref);
      if (item) { item.scrollIntoView({ block: "nearest" }); }
    });
  });
  doc.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { clear(); } });
})();
