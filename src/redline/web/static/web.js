/* redline web: follows an ingest job's progress. Writes text only, never HTML. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var id = box.getAttribute("data-job");
  var bar = document.getElementById("job-progress");
  function set(elId, text) { document.getElementById(elId).textContent = text; }
  function show(job) {
    box.setAttribute("data-status", job.status);
    bar.value = job.percent;
    bar.textContent = job.percent + "%";
    set("job-status", job.status);
    set("job-count", job.done + " of about " + job.total);
    set("job-message", job.message || "");
    var list = document.getElementById("job-skipped");
    list.textContent = "";
    ((job.report && job.report.skipped_inputs) || []).forEach(function (s) {
      var li = document.createElement("li");
      li.textContent = "skipped " + s;
      list.appendChild(li);
    });
    if (job.status === "failed") {
      var msg = document.getElementById("job-message");
      msg.className = "error-box";
      msg.setAttribute("role", "alert");
    }
  }
  function poll() {
    fetch("/api/jobs/" + encodeURIComponent(id), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        show(job);
        if (job.status === "queued" || job.status === "running") { setTimeout(poll, 400); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  var status = box.getAttribute("data-status");
  if (status === "queued" || status === "running") { poll(); }
})();
