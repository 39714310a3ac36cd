// The operator page of jitgate: lists held calls (GET /admin/approvals) and approves or denies them
// (POST /admin/approvals/<id>/approve|deny) with the operator key, which stays in this tab's
// sessionStorage. Data from the gateway is only ever put in the page as text (textContent).
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const state = { key: sessionStorage.getItem("jitgate.adminKey") || "", operator: sessionStorage.getItem("jitgate.operator") || "" };
  $("key").value = state.key;
  $("operator").value = state.operator;

  function say(text, isError) {
    $("status").textContent = text;
    $("status").className = isError ? "error" : "";
  }

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: { "Authorization": "Bearer " + state.key, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = {};
    try { json = text ? JSON.parse(text) : {}; } catch (e) { json = { error: "HTTP " + response.status }; }
    if (!response.ok) {
      throw new Error((json.error || ("HTTP " + response.status)) + (json.detail ? ": " + json.detail : ""));
    }
    return json;
  }

  function cell(row, content) {
    const td = document.createElement("td");
    if (content instanceof Node) td.appendChild(content); else td.textContent = content == null ? "" : String(content);
    row.appendChild(td);
    return td;
  }

  function pre(value) {
    const p = document.createElement("pre");
    p.textContent = JSON.stringify(value, null, 1);
    return p;
  }

  function render(approvals) {
    const body = $("approvals").querySelector("tbody");
    body.replaceChildren();
    $("approvals").hidden = approvals.length === 0;
    $("empty").hidden = approvals.length !== 0;
    for (const a of approvals) {
      const row = document.createElement("tr");
      row.dataset.approvalId = a.id;
      row.dataset.tool = a.tool;
      cell(row, a.id);
      cell(row, a.agent + (a.user ? " for " + a.user : ""));
      cell(row, a.tool + " (" + a.tier + ")");
      cell(row, pre(a.arguments));
      cell(row, pre(a.intent));
      cell(row, a.expiresAt);
      const decision = document.createElement("div");
      const comment = document.createElement("input");
      comment.type = "text"; comment.placeholder = "comment"; comment.className = "comment"; comment.size = 18;
      const approve = document.createElement("button");
      approve.textContent = "Approve"; approve.className = "approve";
      const deny = document.createElement("button");
      deny.textContent = "Deny"; deny.className = "deny";
      approve.addEventListener("click", () => decide(a.id, "approve", comment.value));
      deny.addEventListener("click", () => decide(a.id, "deny", comment.value));
      decision.append(comment, document.createElement("br"), approve, deny);
      cell(row, decision);
      body.appendChild(row);
    }
  }

  async function refresh() {
    if (!state.key) return;
    try {
      const result = await api("GET", "/admin/approvals?status=pending");
      render(result.approvals);
      if ($("status").className === "error") say("");
    } catch (e) {
      say("Cannot list held calls: " + e.message, true);
    }
  }

  async function decide(id, decision, comment) {
    state.operator = $("operator").value.trim();
    if (!state.operator) { say("Enter your name first: it is recorded with the decision.", true); return; }
    sessionStorage.setItem("jitgate.operator", state.operator);
    try {
      const result = await api("POST", "/admin/approvals/" + encodeURIComponent(id) + "/" + decision,
        { operator: state.operator, comment: comment || null });
      say("Approval " + result.id + " is now " + result.status + " (by " + result.decidedBy + ").");
    } catch (e) {
      say("Not decided: " + e.message, true);
    }
    refresh();
  }

  $("login").addEventListener("submit", (event) => {
    event.preventDefault();
    state.key = $("key").value.trim();
    state.operator = $("operator").value.trim();
    sessionStorage.setItem("jitgate.adminKey", state.key);
    sessionStorage.setItem("jitgate.operator", state.operator);
    say("Connected.");
    refresh();
  });
  setInterval(refresh, 2000);
  refresh();
})();
