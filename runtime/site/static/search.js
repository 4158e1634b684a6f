/* 站内搜索：在浏览器中对 data/catalog.json 做中文子串匹配（按空格分词，全部命中才算）。 */
(function () {
  "use strict";
  var input = document.getElementById("search");
  var results = document.getElementById("results");
  if (!input || !results) { return; }
  var base = document.body.getAttribute("data-root") || "";
  var items = [];

  function haystack(item) {
    return [item.code, item.name, item.department_name, item.item_type_name, item.content,
            item.life_events.join(" "), item.materials.map(function (m) { return m.name; }).join(" ")]
      .join(" ").toLowerCase();
  }

  function render(query) {
    results.innerHTML = "";
    var terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (!terms.length) { results.setAttribute("data-state", "idle"); return; }
    var found = items.filter(function (item) {
      return terms.every(function (t) { return item._text.indexOf(t) >= 0; });
    });
    found.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = base + item.url;
      a.textContent = item.name;
      li.appendChild(a);
      var meta = document.createElement("span");
      meta.className = "small";
      meta.textContent = "　" + item.department_name + " · " + item.item_type_name + " · " + item.code;
      li.appendChild(meta);
      results.appendChild(li);
    });
    if (!found.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "没有找到与“" + query + "”相关的事项";
      results.appendChild(none);
    }
    results.setAttribute("data-state", found.length ? "found" : "none");
  }

  fetch(base + "data/catalog.json").then(function (r) { return r.json(); }).then(function (data) {
    items = data.items;
    items.forEach(function (item) { item._text = haystack(item); });
    input.addEventListener("input", function () { render(input.value); });
    input.removeAttribute("disabled");
    document.body.setAttribute("data-search-ready", "true");
    if (input.value) { render(input.value); }
  });
})();
