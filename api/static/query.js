// The query page: CodeMirror editor, run via the SPARQL protocol, a labelled results table,
// downloads (CSV, JSON) and errors shown inline with line and column.
"use strict";

// Only our own pages and http(s) addresses become links: an IRI of another scheme (javascript:, data:, …)
// stays text.
const linkable = (target) => typeof target === "string" && (/^\/(?![/\\])/.test(target) || /^https?:\/\//i.test(target));

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("query-form");
  const textarea = document.getElementById("query-text");
  const table = document.getElementById("results");
  const status = document.getElementById("query-status");
  const errorBox = document.getElementById("query-error");
  const prefix = form.dataset.entityPrefix;
  const lang = form.dataset.lang;
  const zh = lang === "zh";
  const editor = CodeMirror.fromTextArea(textarea, {
    mode: "application/sparql-query", lineNumbers: true, matchBrackets: true, indentUnit: 2,
    viewportMargin: Infinity,
    extraKeys: {"Ctrl-Enter": () => run(), "Cmd-Enter": () => run(), Tab: false, "Shift-Tab": false},
  });
  editor.getInputField().setAttribute("aria-label", zh ? "SPARQL 查询" : "SPARQL query");
  let errorMark = null;

  // A named query picked as an example runs through /queries/{name} with its parameters while
  // its text is unchanged; once edited, it runs as plain SPARQL through /sparql.
  const paramBox = document.getElementById("query-params");
  const paramFields = document.getElementById("query-param-fields");
  let named = null;
  const fromUrl = new URLSearchParams(window.location.search);  // /query?example=NAME&PARAM=VALUE fills the form
  document.getElementById("examples").addEventListener("change", (event) => {
    const option = event.target.selectedOptions[0];
    named = null;
    paramFields.replaceChildren();
    paramBox.hidden = true;
    if (!option || !option.dataset.query) return;
    editor.setValue(option.dataset.query);
    const params = JSON.parse(option.dataset.params || "[]");
    named = {name: option.value, text: editor.getValue(), params};
    for (const param of params) {
      const id = "param-" + param.name;
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = `${param.name}${param.required ? " *" : ""} (${param.type})`;
      const [input, suggestions] = parameterInput(param, id);
      input.value = fromUrl.get(param.name) || param.example || param.default || "";
      paramFields.append(label, input, ...suggestions);
    }
    paramBox.hidden = params.length === 0;
  });

  // A parameter's field by its type: a choice is a menu, a year a number, an entity a text box whose
  // suggestions (names the resolver accepts) come from /search/suggest for the parameter's kind.
  function parameterInput(param, id) {
    const choice = /^choice\((.*)\)$/.exec(param.type);
    let input, suggestions = [];
    if (choice) {
      input = document.createElement("select");
      if (!param.required) input.append(new Option("", ""));
      for (const value of choice[1].split("|")) input.append(new Option(value, value));
    } else {
      input = document.createElement("input");
      if (param.type === "year") { input.type = "number"; input.inputMode = "numeric"; input.min = "2000"; input.max = "2100"; }
      const entity = /^entity(?:\((\w+)\))?$/.exec(param.type);
      if (entity || param.type === "measure") suggestions = [suggestInto(input, id + "-suggestions", param.type === "measure" ? "measure" : entity[1])];
    }
    input.id = id; input.name = param.name;
    input.required = param.required;
    if (param.description) input.title = param.description;
    return [input, suggestions];
  }

  function suggestInto(input, listId, kind) {
    const list = document.createElement("datalist");
    list.id = listId;
    input.setAttribute("list", listId);
    input.autocomplete = "off";
    let timer = null, seq = 0;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (!q) { list.replaceChildren(); return; }
      timer = setTimeout(async () => {
        const mine = ++seq;
        const params = new URLSearchParams({q});
        if (kind) params.set("kind", kind);
        const response = await fetch("/search/suggest?" + params, {headers: {Accept: "application/json"}});
        if (!response.ok || mine !== seq) return;
        const hits = await response.json();
        list.replaceChildren(...hits.map((hit) => new Option(hit.other && hit.other !== hit.label ? `${hit.label} — ${hit.other}` : hit.label, hit.label)));
      }, 120);
    });
    return list;
  }

  const parameterFields = () => paramFields.querySelectorAll("input, select");

  const examples = document.getElementById("examples");
  if (examples.value) examples.dispatchEvent(new Event("change"));  // /query?example=name
  const givenParams = named !== null && named.params.some((param) => fromUrl.has(param.name));

  function namedUrl(format) {
    const params = new URLSearchParams();
    for (const input of parameterFields()) if (input.value) params.set(input.name, input.value);
    params.set("format", format);
    return `/queries/${encodeURIComponent(named.name)}?${params}`;
  }

  const usingNamed = () => named !== null && editor.getValue() === named.text;

  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });

  async function post(accept) {
    if (usingNamed()) {
      const format = accept === "text/csv" ? "csv" : "srj";
      return fetch(namedUrl(format), {headers: {Accept: accept}});
    }
    const body = new URLSearchParams({query: editor.getValue()});
    for (const name of ["version", "asOf"]) {  // /query?version=…: the query runs as of that version
      const value = new URLSearchParams(location.search).get(name);
      if (value) body.set(name, value);
    }
    return fetch("/sparql", {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded", Accept: accept},
      body,
    });
  }

  function showError(problem) {
    const where = problem.line ? (zh ? `第 ${problem.line} 行，第 ${problem.column} 列：` : `line ${problem.line}, column ${problem.column}: `) : "";
    errorBox.textContent = (zh ? "查询出错 — " : "Query error — ") + where + (problem.detail || problem.title || "");
    if (named !== null && problem.parameter && Array.isArray(problem.suggestions) && problem.suggestions.length) {
      // a name that matched nothing: its near matches, each a link that runs the query with it
      const list = document.createElement("ul");
      list.className = "suggestion-links";
      for (const suggestion of problem.suggestions) {
        const params = new URLSearchParams({example: named.name});
        for (const input of parameterFields()) if (input.value) params.set(input.name, input.value);
        params.set(problem.parameter, suggestion.value);
        const link = document.createElement("a");
        link.href = `/query?${params}`;
        link.textContent = suggestion.label;
        link.title = suggestion.iri;
        const item = document.createElement("li");
        item.append(link, ` (${suggestion.kind})`);
        list.append(item);
      }
      errorBox.append(document.createElement("br"), zh ? "您是不是要找：" : "Did you mean:", list);
    }
    errorBox.hidden = false;
    if (problem.line) {
      const line = problem.line - 1, ch = Math.max(0, (problem.column || 1) - 1);
      errorMark = editor.markText({line, ch}, {line, ch: ch + 1}, {className: "cm-error-mark", clearWhenEmpty: false});
      editor.addLineClass(line, "background", "cm-error-line");
      errorMark.lineHandle = editor.getLineHandle(line);
      editor.setCursor({line, ch});
    }
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.textContent = "";
    if (errorMark) {
      editor.removeLineClass(errorMark.lineHandle, "background", "cm-error-line");
      errorMark.clear();
      errorMark = null;
    }
  }

  async function run() {
    clearError();
    status.textContent = zh ? "运行中…" : "Running…";
    const started = performance.now();
    let response;
    try { response = await post("application/sparql-results+json"); }
    catch (e) { status.textContent = ""; showError({detail: String(e)}); return; }
    if (!response.ok) {
      status.textContent = "";
      let problem;
      try { problem = await response.json(); } catch (e) { problem = {detail: `${response.status} ${response.statusText}`}; }
      showError(problem);
      return;
    }
    const type = response.headers.get("content-type") || "";
    if (!type.includes("json")) {
      status.textContent = zh ? "CONSTRUCT/DESCRIBE 结果请下载" : "CONSTRUCT/DESCRIBE results: use the API";
      return;
    }
    const data = await response.json();
    await render(data);
    const ms = Math.round(performance.now() - started);
    const rows = data.results ? data.results.bindings.length : 1;
    status.textContent = zh ? `${rows} 行，用时 ${ms} 毫秒` : `${rows} row(s) in ${ms} ms`;
    document.getElementById("download-csv").disabled = false;
    document.getElementById("download-json").disabled = false;
  }

  async function labelsFor(iris) {
    if (!iris.length) return {};
    const response = await fetch("/labels?lang=" + lang, {
      method: "POST", headers: {"Content-Type": "application/json", Accept: "application/json"},
      body: JSON.stringify(iris.slice(0, 2000)),
    });
    return response.ok ? response.json() : {};
  }

  async function render(data) {
    table.replaceChildren();
    if (typeof data.boolean === "boolean") {
      const row = table.insertRow();
      row.insertCell().textContent = data.boolean ? "true" : "false";
      return;
    }
    const vars = data.head.vars;
    const bindings = data.results.bindings;
    const iris = [...new Set(bindings.flatMap((b) => Object.values(b).filter((v) => v.type === "uri").map((v) => v.value)))];
    const labels = await labelsFor(iris);
    const head = table.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.scope = "col"; th.textContent = "?" + v;
      head.append(th);
    }
    const body = table.createTBody();
    for (const b of bindings) {
      const row = body.insertRow();
      for (const v of vars) {
        const cell = row.insertCell();
        const term = b[v];
        if (!term) continue;
        if (term.type === "uri") {
          const known = labels[term.value];
          const target = known ? known.href : term.value;
          const a = document.createElement(linkable(target) ? "a" : "span");
          if (linkable(target)) a.href = target;
          a.title = term.value;
          if (known && known.label) { a.textContent = known.label; a.lang = known.lang; }
          else a.textContent = term.value;
          cell.append(a);
        } else {
          const span = document.createElement("span");
          span.textContent = term.value;
          if (term["xml:lang"]) span.lang = term["xml:lang"];
          cell.append(span);
        }
      }
    }
  }

  async function download(accept, extension) {
    const response = await post(accept);
    if (!response.ok) { showError(await response.json().catch(() => ({detail: response.statusText}))); return; }
    const blob = await response.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "results." + extension;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }
  document.getElementById("download-csv").addEventListener("click", () => download("text/csv", "csv"));
  document.getElementById("download-json").addEventListener("click", () => download("application/sparql-results+json", "json"));
  if (givenParams) run();  // a link with the parameters (a suggestion) runs at once
});
