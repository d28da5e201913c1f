// Search suggestions (instant, from /search/suggest: prefixes of zh and en names and of their words) and pan/zoom for the neighbourhood graph.
"use strict";

function setupSuggestions() {
  const box = document.getElementById("search-box");
  const list = document.getElementById("search-suggestions");
  if (!box || !list) return;
  let timer = null, active = -1, seq = 0;
  const items = () => Array.from(list.querySelectorAll("a"));
  const close = () => { list.hidden = true; box.setAttribute("aria-expanded", "false"); active = -1; };
  const highlight = (index) => {
    const links = items();
    links.forEach((a, i) => a.parentElement.classList.toggle("active", i === index));
    active = index;
    if (links[index]) links[index].focus();
  };
  box.addEventListener("input", () => {
    clearTimeout(timer);
    const q = box.value.trim();
    if (!q) { close(); return; }
    timer = setTimeout(async () => {
      const mine = ++seq;
      const response = await fetch("/search/suggest?q=" + encodeURIComponent(q), {headers: {Accept: "application/json"}});
      if (!response.ok || mine !== seq) return;
      const hits = await response.json();
      list.replaceChildren(...hits.map((hit) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        if (/^\/(?![/\\])/.test(hit.href || "")) a.href = hit.href;  // entity pages only, never another scheme
        const main = document.createElement("span");
        main.lang = hit.lang; main.textContent = hit.label;
        const kind = document.createElement("span");
        kind.className = "kind"; kind.lang = "en"; kind.textContent = hit.kind;
        a.append(main, " ", kind);
        if (hit.other && hit.other !== hit.label) {
          const other = document.createElement("span");
          other.className = "muted"; other.textContent = " " + hit.other;
          a.append(other);
        }
        li.append(a);
        return li;
      }));
      list.hidden = hits.length === 0;
      const count = document.getElementById("search-count");
      if (count) count.textContent = document.documentElement.lang === "en" ? `${hits.length} suggestion(s)` : `${hits.length} 条建议`;
      box.setAttribute("aria-expanded", String(hits.length > 0));
      active = -1;
    }, 120);
  });
  const onKey = (event) => {
    const links = items();
    if (event.key === "ArrowDown" && links.length) { event.preventDefault(); highlight(Math.min(active + 1, links.length - 1)); }
    else if (event.key === "ArrowUp" && links.length) {
      event.preventDefault();
      if (active <= 0) { active = -1; box.focus(); } else highlight(active - 1);
    } else if (event.key === "Escape") { close(); box.focus(); }
  };
  box.addEventListener("keydown", onKey);
  list.addEventListener("keydown", onKey);
  document.addEventListener("click", (event) => { if (!list.contains(event.target) && event.target !== box) close(); });
}

function setupGraph() {
  const svg = document.querySelector("svg.graph-view");
  if (!svg) return;
  const initial = svg.dataset.viewbox.split(" ").map(Number);
  if (svg.clientWidth < 600) {
    // Phone: start on the centre and the first ring, at a readable scale; zoom out to see all.
    const width = Math.min(initial[2], 900), height = width * svg.clientHeight / Math.max(1, svg.clientWidth);
    initial.splice(0, 4, -width / 2, -height / 2, width, height);
  }
  let [x, y, w, h] = initial;
  svg.setAttribute("viewBox", initial.join(" "));
  const apply = () => svg.setAttribute("viewBox", `${x} ${y} ${w} ${h}`);
  const zoom = (factor, cx = x + w / 2, cy = y + h / 2) => {
    const nw = Math.min(Math.max(w * factor, initial[2] / 8), initial[2] * 4);
    const ratio = nw / w;
    x = cx - (cx - x) * ratio; y = cy - (cy - y) * ratio; w = nw; h = h * ratio;
    apply();
  };
  document.querySelectorAll("[data-zoom]").forEach((button) => button.addEventListener("click", () => {
    const what = button.dataset.zoom;
    if (what === "in") zoom(0.8);
    else if (what === "out") zoom(1.25);
    else { [x, y, w, h] = initial; apply(); }
  }));
  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const rect = svg.getBoundingClientRect();
    const cx = x + (event.clientX - rect.left) / rect.width * w;
    const cy = y + (event.clientY - rect.top) / rect.height * h;
    zoom(event.deltaY < 0 ? 0.9 : 1.1, cx, cy);
  }, {passive: false});
  let drag = null;
  svg.addEventListener("pointerdown", (event) => {
    if (event.target.closest("a")) return;  // clicks on nodes follow their links
    drag = {px: event.clientX, py: event.clientY, x, y};
    svg.setPointerCapture(event.pointerId);
    svg.classList.add("dragging");
  });
  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const rect = svg.getBoundingClientRect();
    const scale = Math.max(w / rect.width, h / rect.height);
    x = drag.x - (event.clientX - drag.px) * scale;
    y = drag.y - (event.clientY - drag.py) * scale;
    apply();
  });
  const stop = () => { drag = null; svg.classList.remove("dragging"); };
  svg.addEventListener("pointerup", stop);
  svg.addEventListener("pointercancel", stop);
  // Keyboard: arrow keys pan when the graph (not a node) has focus.
  svg.setAttribute("tabindex", "0");
  svg.addEventListener("keydown", (event) => {
    const step = w / 10;
    const moves = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step]};
    if (event.target !== svg) return;
    if (moves[event.key]) { event.preventDefault(); x += moves[event.key][0]; y += moves[event.key][1]; apply(); }
    else if (event.key === "+" || event.key === "=") zoom(0.8);
    else if (event.key === "-") zoom(1.25);
  });
}

function rememberLanguage() {
  // The server sets the cookie when ?lang= is given; keep a copy in localStorage as well and
  // drop ?lang= from the address so links shared afterwards are clean.
  const params = new URLSearchParams(location.search);
  const lang = params.get("lang");
  if (lang === "zh" || lang === "en") {
    try { localStorage.setItem("lang", lang); } catch (e) { /* storage may be off */ }
    params.delete("lang");
    const rest = params.toString();
    history.replaceState(null, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
  }
  // Keep the current query string (e.g. a search) when switching language.
  document.querySelectorAll(".lang-switch a[data-lang]").forEach((a) => {
    const p = new URLSearchParams(location.search);
    p.set("lang", a.dataset.lang);
    a.href = location.pathname + "?" + p.toString();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  rememberLanguage();
  setupSuggestions();
  setupGraph();
});
