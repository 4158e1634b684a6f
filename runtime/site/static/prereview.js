/* 网上预审：选择事项、回答情形问题，得到需要携带的准确材料清单（条件求值见 conditions.js）。 */
(function () {
  "use strict";
  var C = window.OnewindowConditions;
  var select = document.getElementById("item");
  var questions = document.getElementById("questions");
  var list = document.getElementById("materials-list");
  var pending = document.getElementById("pending");
  var items = {};

  function answers(item) {
    var facts = {};
    item.situations.forEach(function (s) {
      var name = "q-" + s.id;
      if (s.kind === "yes_no" || s.kind === "choice") {
        var checked = questions.querySelector("input[name='" + name + "']:checked");
        if (checked) { facts[s.fact] = s.kind === "yes_no" ? checked.value === "true" : checked.value; }
      } else {
        var field = questions.querySelector("[name='" + name + "']");
        if (field && field.value !== "") { facts[s.fact] = s.kind === "number" ? parseInt(field.value, 10) : field.value; }
      }
    });
    return facts;
  }

  function radio(name, value, label) {
    var wrap = document.createElement("label");
    var input = document.createElement("input");
    input.type = "radio"; input.name = name; input.value = value;
    wrap.appendChild(input);
    wrap.appendChild(document.createTextNode(" " + label + "　"));
    return wrap;
  }

  function ask(item) {
    questions.innerHTML = "";
    item.situations.forEach(function (s) {
      var box = document.createElement("fieldset");
      box.setAttribute("data-situation", s.id);
      var legend = document.createElement("legend");
      legend.textContent = s.question + (s.unit ? "（" + s.unit + "）" : "");
      box.appendChild(legend);
      var name = "q-" + s.id;
      if (s.kind === "yes_no") {
        box.appendChild(radio(name, "true", "是"));
        box.appendChild(radio(name, "false", "否"));
      } else if (s.kind === "choice") {
        s.choices.forEach(function (c) { box.appendChild(radio(name, c.value, c.label)); });
      } else {
        var input = document.createElement("input");
        input.name = name;
        input.type = s.kind === "number" ? "number" : "date";
        if (s.minimum !== null && s.minimum !== undefined) { input.min = s.minimum; }
        if (s.maximum !== null && s.maximum !== undefined) { input.max = s.maximum; }
        box.appendChild(input);
      }
      if (s.help) { var help = document.createElement("p"); help.className = "small"; help.textContent = s.help; box.appendChild(help); }
      questions.appendChild(box);
    });
    if (!item.situations.length) { questions.textContent = "本事项不区分情形，材料清单如下。"; }
  }

  function refresh() {
    var item = items[select.value];
    list.innerHTML = "";
    if (!item) { pending.textContent = ""; return; }
    var facts = answers(item);
    var unanswered = item.situations.filter(function (s) { return !(s.fact in facts); });
    item.materials.forEach(function (m) {
      if (m.when && !C.evaluate(m.when, facts)) { return; }
      var li = document.createElement("li");
      li.setAttribute("data-material", m.id);
      li.textContent = m.name + "：" + m.copies;
      var tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = m.necessity === "tolerable" ? "可容缺（" + m.tolerance_days + "个工作日内补交）" : m.necessity_name;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(tag);
      list.appendChild(li);
    });
    pending.textContent = unanswered.length
      ? "还有 " + unanswered.length + " 个问题未回答，清单可能不完整：" + unanswered.map(function (s) { return s.question; }).join("；")
      : "已回答全部问题，以上即为需要携带的全部材料。";
    document.body.setAttribute("data-prereview-count", String(list.children.length));
  }

  fetch("data/catalog.json").then(function (r) { return r.json(); }).then(function (data) {
    data.items.forEach(function (item) {
      items[item.code] = item;
      var option = document.createElement("option");
      option.value = item.code;
      option.textContent = item.name + "（" + item.code + "）";
      select.appendChild(option);
    });
    var wanted = new URLSearchParams(window.location.search).get("item");
    if (wanted && items[wanted]) { select.value = wanted; ask(items[wanted]); }
    select.addEventListener("change", function () { ask(items[select.value] || {situations: []}); refresh(); });
    questions.addEventListener("change", refresh);
    questions.addEventListener("input", refresh);
    refresh();
    document.body.setAttribute("data-prereview-ready", "true");
  });
})();
