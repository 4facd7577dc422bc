// The live what-if page: each change in the panel becomes a `--set` edit; the whole list is
// sent to the server, which solves the variant and answers its plan and its changes against
// the base. A newer change aborts the request in flight (and the server drops an overtaken
// one before solving it), so what is shown is always the answer to the latest list, whole.
// The plan comes first; when its counterfactual reasons (what would change a short line's
// grant: a re-solve per rule) are still to come, the same list is asked again with
// `reasons: true`, and the plan with them replaces it.
(function () {
  "use strict";
  var words = JSON.parse(document.getElementById("live-words").textContent);
  var token = new URLSearchParams(location.search).get("token") || "";
  var tab = Math.random().toString(36).slice(2) + Date.now().toString(36);
  var seq = 0;
  var edits = [];        // [[path, value], ...] in the order they were made
  var history = [];      // earlier edit lists, for undo
  var inflight = null;   // the AbortController of the request in flight
  var state = document.getElementById("state");
  var list = document.getElementById("edits");
  list.setAttribute("data-empty", words["live-no-edits"]);

  function api(method, url, body, signal) {
    var init = { method: method, headers: { "Authorization": "Bearer " + token }, signal: signal };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, body: j }; });
    });
  }

  function sets() {
    return edits.map(function (e) { return e[0] + "=" + e[1]; });
  }

  function say(text, cls) {
    state.className = "state" + (cls ? " " + cls : "");
    state.textContent = text;
  }

  function fill(template, args) {
    return template.replace(/\{\$?(\w+)\}/g, function (m, k) { return k in args ? args[k] : m; });
  }

  function downloads() {
    var q = "?token=" + encodeURIComponent(token) +
      sets().map(function (s) { return "&set=" + encodeURIComponent(s); }).join("");
    document.getElementById("dl-xlsx").href = "/download/plan.xlsx" + q;
    document.getElementById("dl-html").href = "/download/plan.html" + q;
  }

  function showEdits() {
    list.innerHTML = "";
    sets().forEach(function (s) {
      var li = document.createElement("li");
      li.textContent = "--set " + s;
      list.appendChild(li);
    });
    document.getElementById("undo").disabled = history.length === 0;
    document.getElementById("reset").disabled = edits.length === 0;
    downloads();
  }

  function valueOf(path) {
    for (var i = 0; i < edits.length; i++) { if (edits[i][0] === path) { return edits[i][1]; } }
    return null;
  }

  // The controls show the edits (after undo or reset too).
  function syncControls() {
    var ctls = document.querySelectorAll("#panel [data-path]");
    Array.prototype.forEach.call(ctls, function (el) {
      var v = valueOf(el.getAttribute("data-path"));
      var pct = el.hasAttribute("data-pct");
      var relative = v !== null && /^[+-].*%$/.test(v);
      var mine = v !== null && (pct ? relative : !relative);
      if (el.type === "checkbox") {
        el.checked = mine ? v === "true" : el.getAttribute("data-base") === "true";
      } else if (pct) {
        el.value = mine ? v.replace(/%$/, "").replace(/^\+/, "") : "";
      } else {
        el.value = mine ? v : el.getAttribute("data-base");
      }
      el.classList.toggle("edited", mine);
    });
  }

  function setEdit(path, value) {
    history.push(edits.slice());
    edits = edits.filter(function (e) { return e[0] !== path; });
    if (value !== null) { edits.push([path, value]); }
    syncControls();
    solve();
  }

  function onChange(el) {
    var path = el.getAttribute("data-path");
    var base = el.getAttribute("data-base");
    var v;
    if (el.type === "checkbox") {
      v = String(el.checked) === base ? null : String(el.checked);
    } else if (el.hasAttribute("data-pct")) {
      var p = parseFloat(el.value);
      v = !isFinite(p) || p === 0 ? null : (p > 0 ? "+" : "") + p + "%";
    } else {
      var s = String(el.value).trim();
      v = s === "" || s === base ? null : s;
    }
    setEdit(path, v);
  }

  Array.prototype.forEach.call(document.querySelectorAll("#panel [data-path]"), function (el) {
    el.addEventListener("change", function () { onChange(el); });
  });

  var progressTimer = null;
  function watchProgress(started, mySeq) {
    clearInterval(progressTimer);
    progressTimer = setInterval(function () {
      if (mySeq !== seq) { clearInterval(progressTimer); return; }
      var secs = ((Date.now() - started) / 1000).toFixed(1);
      api("GET", "/api/progress?tab=" + encodeURIComponent(tab)).then(function (r) {
        if (mySeq !== seq || !state.classList.contains("busy")) { return; }
        say(fill(words["live-solving"], { seconds: secs }) + (r.body.stage ? "\n" + r.body.stage : ""), "busy");
      }).catch(function () {});
    }, 400);
  }

  function solve() {
    showEdits();
    seq += 1;
    var mySeq = seq;
    if (inflight) { inflight.abort(); }
    inflight = new AbortController();
    var started = Date.now();
    var body = { set: sets(), tab: tab, seq: mySeq };
    say(fill(words["live-solving"], { seconds: "0.0" }), "busy");
    document.getElementById("plan").classList.add("updating");
    document.body.setAttribute("data-state", "solving");
    watchProgress(started, mySeq);
    document.body.setAttribute("data-reasons", "pending");
    api("POST", "/api/view", body, inflight.signal).then(function (r) {
      if (mySeq !== seq) { return; }
      clearInterval(progressTimer);
      document.getElementById("plan").classList.remove("updating");
      if (r.status === 200) {
        show(r.body, started);
        list.classList.remove("bad");
        document.body.setAttribute("data-state", "solved");
        document.body.setAttribute("data-seq-done", String(mySeq));
        if (r.body.reasons_pending) { reasons(body, mySeq, started, inflight.signal); }
      } else if (r.status === 409) {
        // Overtaken by a newer edit: its answer is on the way.
      } else {
        list.classList.add("bad");
        document.body.setAttribute("data-reasons", "none");
        say(words["live-bad-edits"] + "\n" + (r.body.error || ""), "bad");
        document.body.setAttribute("data-state", "error");
        document.body.setAttribute("data-seq-done", String(mySeq));
      }
    }).catch(function (e) {
      if (e && e.name === "AbortError") { return; }
      if (mySeq !== seq) { return; }
      say(words["live-failed"] + " " + e, "bad");
      document.body.setAttribute("data-state", "error");
    });
  }

  // An answer of /api/view put in place: the plan, the changes, the state line.
  function show(answer, started) {
    document.getElementById("plan").innerHTML = answer.plan;
    document.getElementById("changes-body").innerHTML = answer.changes;
    landquotaSortTables();
    var args = {
      seconds: ((Date.now() - started) / 1000).toFixed(2),
      status: answer.status_text
    };
    if (answer.reasons_pending) {
      say(fill(words["live-reasons-pending"], args), "busy");
    } else {
      say(fill(words["live-solved"], args), "");
      document.body.setAttribute("data-reasons", "done");
    }
    document.getElementById("stale").hidden = !answer.stale;
  }

  // The plan's counterfactual reasons: the same request again, with `reasons: true` (aborted
  // like it by a newer change).
  function reasons(body, mySeq, started, signal) {
    var again = { set: body.set, tab: body.tab, seq: body.seq, reasons: true };
    api("POST", "/api/view", again, signal).then(function (r) {
      if (mySeq !== seq) { return; }
      if (r.status === 200) {
        show(r.body, started);
      } else if (r.status !== 409) {
        say(words["live-failed"] + " " + (r.body.error || r.status), "bad");
      }
    }).catch(function (e) {
      if (e && e.name === "AbortError") { return; }
      if (mySeq !== seq) { return; }
      say(words["live-failed"] + " " + e, "bad");
    });
  }

  document.getElementById("undo").addEventListener("click", function () {
    if (!history.length) { return; }
    edits = history.pop();
    syncControls();
    solve();
  });
  document.getElementById("reset").addEventListener("click", function () {
    if (!edits.length) { return; }
    history.push(edits.slice());
    edits = [];
    syncControls();
    solve();
  });
  document.getElementById("copy").addEventListener("click", function () {
    var text = sets().map(function (s) { return "--set '" + s + "'"; }).join(" ");
    var done = function () { say(words["live-copied"], ""); };
    if (navigator.clipboard) { navigator.clipboard.writeText(text).then(done, function () {}); }
  });
  document.getElementById("save").addEventListener("click", function () {
    var out = document.getElementById("save-result");
    var name = document.getElementById("save-name").value.trim();
    api("POST", "/api/save", { set: sets(), name: name }).then(function (r) {
      out.textContent = r.status === 200 ? fill(words["live-saved"], { path: r.body.path }) : r.body.error;
      out.setAttribute("data-ok", r.status === 200 ? "true" : "false");
    }).catch(function (e) { out.textContent = String(e); });
  });
  document.getElementById("reload").addEventListener("click", function () {
    api("POST", "/api/reload").then(function (r) {
      if (r.status === 200) { say(words["live-reloaded"], ""); solve(); }
      else { say(r.body.error || "", "bad"); }
    });
  });
  // A scenario file changed on disk is offered for reloading, not silently ignored.
  setInterval(function () {
    api("GET", "/api/status").then(function (r) {
      document.getElementById("stale").hidden = !r.body.stale;
    }).catch(function () {});
  }, 3000);

  syncControls();
  solve();
})();
