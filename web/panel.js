// cdss sidebar panel. No inline scripts (strict CSP); talks only to this server's /v1/ask.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const KEY = "cdss.apiKey";

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }

  function setStatus(text, busy) {
    const s = $("status");
    s.textContent = "";
    if (busy) s.append(el("span", { class: "spinner", "aria-hidden": "true" }));
    s.append(text);
  }

  function showError(message) {
    const e = $("error");
    e.textContent = message;
    e.hidden = !message;
  }

  // the quote highlighted inside its source passage (text nodes only: no HTML injection)
  function passage(text, quote) {
    const p = el("p", {});
    const i = quote ? text.indexOf(quote) : -1;
    if (i < 0) { p.append(text); return p; }
    p.append(text.slice(0, i), el("mark", {}, quote), text.slice(i + quote.length));
    return p;
  }

  function renderFindings(findings) {
    const list = $("findings");
    list.replaceChildren();
    $("findings-card").hidden = findings.length === 0;
    for (const f of findings) {
      const origin = f.origin === "answer" ? el("span", { class: "origin" }, "in the answer") : "";
      const label = f.rule === "not_checked" || f.rule === "unknown_drug" ? "not checked" : f.severity;
      const missing = f.missing && f.missing.length ? el("span", { class: "origin" }, "missing: " + f.missing.join(", ")) : "";
      list.append(el("li", { class: "finding " + f.severity },
        el("span", { class: "sev" }, label), f.message, origin, missing, el("span", { class: "ref" }, f.reference)));
    }
  }

  function renderClaims(data) {
    const sources = Object.fromEntries(data.sources.map((s) => [s.id, s]));
    const claims = $("claims");
    const withheld = $("withheld");
    claims.replaceChildren();
    withheld.replaceChildren();
    let n = 0;
    data.answer.forEach((c, ci) => {
      if (!c.supported) {
        withheld.append(el("li", {}, c.text, el("span", { class: "why" }, c.reason || "quote not found in the cited source")));
        return;
      }
      const li = el("li", {}, c.text);
      const seen = new Set();
      c.citations.filter((x) => x.verified && !seen.has(x.source) && seen.add(x.source)).forEach((cit, k) => {
        const src = sources[cit.source];
        const id = `src-${ci}-${k}`;
        const chip = el("button", { type: "button", class: "chip", "aria-expanded": "false", "aria-controls": id,
          title: `Show source ${cit.source}` }, cit.source);
        const where = [src.title, src.section].filter(Boolean).join(" › ") + (src.page ? `, p. ${src.page}` : "");
        const box = el("div", { class: "source", id: id, hidden: "" },
          el("div", { class: "where" }, where, " ", el("span", { class: "doc" }, `(${src.doc_id})`)),
          passage(src.text, cit.quote));
        chip.addEventListener("click", () => {
          const open = chip.getAttribute("aria-expanded") === "true";
          chip.setAttribute("aria-expanded", String(!open));
          box.hidden = open;
        });
        li.append(chip, box);
      });
      claims.append(li);
      n += 1;
    });
    $("insufficient").hidden = n > 0;
    $("withheld-wrap").hidden = withheld.children.length === 0;
  }

  function renderImage(image) {
    $("image-reading-wrap").hidden = !image;
    if (!image) return;
    $("image-reading").textContent = image.reading ? image.reading.text : (image.note || "The model gave no reading of the image.");
    $("image-meta").textContent = `${image.width} × ${image.height} ${image.source_format.toUpperCase()}` +
      (image.metadata_removed.length ? `; removed before sending: ${image.metadata_removed.join(", ")}` : "");
  }

  function render(data) {
    renderFindings(data.dose_findings);
    renderClaims(data);
    renderImage(data.image);
    $("mode").textContent = `(${data.mode === "llm" ? data.model.name : "extractive quotes"})`;
    $("deid-note").textContent = (data.deid && data.deid.note) || "(no note)";
    const t = data.timings_ms;
    $("timings").textContent = ["deid", "retrieve", "generate", "verify", "check", "total"]
      .filter((k) => k in t).map((k) => `${k} ${Math.round(t[k])} ms`).join(" · ");
    $("results").hidden = false;
  }

  // the attached image: base64 for the request; a preview for PNG and JPEG (a data: URL, allowed by the CSP)
  let imageData = null;
  function clearImage() {
    imageData = null;
    $("image").value = "";
    $("image-wrap").hidden = true;
    $("image-preview").removeAttribute("src");
  }
  function pickImage() {
    const file = $("image").files[0];
    if (!file) { clearImage(); return; }
    if (file.size > 5000000) { clearImage(); showError("The image is over 5 MB; attach a smaller one."); return; }
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      imageData = url.slice(url.indexOf(",") + 1);
      const previewable = /^data:image\/(png|jpeg);/.test(url);
      $("image-preview").hidden = !previewable;
      if (previewable) $("image-preview").src = url; else $("image-preview").removeAttribute("src");
      $("image-name").textContent = file.name + (previewable ? "" : " (no preview for DICOM)");
      $("image-wrap").hidden = false;
    };
    reader.readAsDataURL(file);
  }

  // launched from the EHR (SMART): the server holds the tokens; this page holds only an HttpOnly
  // session cookie it cannot read, and the session's CSRF token in memory
  let smart = null;

  const LABS = { weight_kg: ["Weight", "kg"], scr: ["Creatinine", "mg/dL"], egfr: ["eGFR", "mL/min/1.73m²"], potassium: ["K⁺", "mmol/L"] };

  function renderSmart(ctx) {
    $("smart-patient").textContent = ctx.patient.name || ("Patient " + ctx.patient.id);
    $("smart-labs").textContent = Object.entries(ctx.labs)
      .map(([k, v]) => `${(LABS[k] || [k])[0]} ${v} ${(LABS[k] || ["", ""])[1]}`).join(" · ");
    const list = (id, items) => { $(id).replaceChildren(...items.map((t) => el("li", {}, t))); };
    list("smart-meds", ctx.medications.length ? ctx.medications : ["none active"]);
    list("smart-allergies", ctx.allergies.length
      ? ctx.allergies.map((a) => a.substance + (a.reaction ? ` (${a.reaction})` : "")) : ["none recorded"]);
    $("smart-notes").replaceChildren(...ctx.notes.map((n, i) => {
      const b = el("button", { type: "button", class: "link", "data-note": String(i) },
        `${n.title}${n.date ? " — " + n.date.slice(0, 10) : ""}`);
      b.addEventListener("click", () => { $("note").value = n.text; });
      return el("li", {}, b);
    }));
    if (ctx.notes.length) $("note").value = ctx.notes[0].text;
    $("smart").hidden = false;
    $("settings").hidden = true;
    $("settings-toggle").hidden = true;
    $("image-field").hidden = true;
  }

  async function loadSmart() {
    // only after a SMART launch (the callback redirects to /panel?launch=smart): a panel opened
    // directly never asks for a session it does not have
    if (new URLSearchParams(window.location.search).get("launch") !== "smart") return false;
    try {
      const resp = await fetch("/smart/context", { credentials: "same-origin" });
      if (!resp.ok) return false;
      smart = await resp.json();
      renderSmart(smart);
      return true;
    } catch (err) {
      return false;
    }
  }

  async function ask(event) {
    event.preventDefault();
    const question = $("question").value.trim();
    if (!question) { showError("Type a question first."); $("question").focus(); return; }
    showError("");
    $("ask").disabled = true;
    setStatus("De-identifying, retrieving evidence, verifying quotes…", true);
    try {
      const resp = smart
        ? await fetch("/smart/ask", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": smart.csrf },
          body: JSON.stringify({ note: $("note").value, question: question }),
        })
        : await fetch("/v1/ask", {
          method: "POST",
          headers: { "Content-Type": "application/json", "Authorization": "Bearer " + (sessionStorage.getItem(KEY) || "") },
          body: JSON.stringify(Object.assign({ note: $("note").value, question: question },
            imageData ? { image: { data: imageData } } : {})),
        });
      const data = await resp.json().catch(() => ({}));
      if (!resp.ok) {
        const msg = (data.error && data.error.message) || `Request failed (${resp.status})`;
        const hint = smart ? " — relaunch cdss from the EHR." : " — open Settings and enter your API key.";
        throw new Error(resp.status === 401 ? msg + hint : msg);
      }
      render(data);
      setStatus("Done.", false);
    } catch (err) {
      showError(err.message || String(err));
      setStatus("", false);
    } finally {
      $("ask").disabled = false;
    }
  }

  document.addEventListener("DOMContentLoaded", async () => {
    if (await loadSmart()) {
      $("ask-form").addEventListener("submit", ask);
      return;
    }
    $("api-key").value = sessionStorage.getItem(KEY) || "";
    $("api-key").addEventListener("input", (e) => sessionStorage.setItem(KEY, e.target.value));
    $("settings-toggle").addEventListener("click", () => {
      const open = $("settings").hidden;
      $("settings").hidden = !open;
      $("settings-toggle").setAttribute("aria-expanded", String(open));
      if (open) $("api-key").focus();
    });
    if (!sessionStorage.getItem(KEY)) { $("settings").hidden = false; }
    $("ask-form").addEventListener("submit", ask);
    $("image").addEventListener("change", pickImage);
    $("image-clear").addEventListener("click", clearImage);
    // an EHR host frame may send the note: postMessage({type: "cdss-note", note, question}), but only from an
    // origin in server.ehr_origins (or this one): any other site framing the panel is ignored
    const meta = document.querySelector('meta[name="cdss-ehr-origins"]');
    const allowed = [window.location.origin, ...((meta && meta.content) || "").split(",").filter(Boolean)];
    window.addEventListener("message", (e) => {
      if (!allowed.includes(e.origin)) return;
      if (e.source !== window.parent || !e.data || e.data.type !== "cdss-note") return;
      $("note").value = String(e.data.note || "");
      if (e.data.question) $("question").value = String(e.data.question);
    });
  });
})();
