/* 条件求值：与 onewindow.runtime.conditions.evaluate 相同的语义（在浏览器中执行，供网上预审使用）。
 * 条件是数据树：{all:[…]} / {any:[…]} / {not:…} / {fact, eq|ne|gt|gte|lt|lte|in|not_in|exists: 值}。
 * 未回答的问题（事实缺失）只满足 ne、not_in 与 exists:false；比较要求类型一致（"1" 不等于 1）。 */
(function (root) {
  "use strict";
  var OPERATORS = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "exists"];

  function sameType(a, b) {
    return a !== undefined && b !== undefined && typeof a === typeof b;
  }
  function typedEqual(a, b) { return sameType(a, b) && a === b; }

  function leaf(cond, facts) {
    var op = OPERATORS.filter(function (o) { return Object.prototype.hasOwnProperty.call(cond, o); })[0];
    var value = cond[op];
    var has = Object.prototype.hasOwnProperty.call(facts, cond.fact);
    var actual = has ? facts[cond.fact] : undefined;
    switch (op) {
      case "exists": return has === value;
      case "eq": return typedEqual(actual, value);
      case "ne": return !typedEqual(actual, value);
      case "in": return value.some(function (v) { return typedEqual(actual, v); });
      case "not_in": return !value.some(function (v) { return typedEqual(actual, v); });
      case "gt": return sameType(actual, value) && actual > value;
      case "gte": return sameType(actual, value) && actual >= value;
      case "lt": return sameType(actual, value) && actual < value;
      case "lte": return sameType(actual, value) && actual <= value;
      default: throw new Error("未知运算符：" + JSON.stringify(cond));
    }
  }

  function evaluate(cond, facts) {
    if (cond.all) { return cond.all.every(function (c) { return evaluate(c, facts); }); }
    if (cond.any) { return cond.any.some(function (c) { return evaluate(c, facts); }); }
    if (Object.prototype.hasOwnProperty.call(cond, "not")) { return !evaluate(cond.not, facts); }
    return leaf(cond, facts);
  }

  function facts(cond, out) {
    out = out || [];
    if (cond.all || cond.any) { (cond.all || cond.any).forEach(function (c) { facts(c, out); }); }
    else if (Object.prototype.hasOwnProperty.call(cond, "not")) { facts(cond.not, out); }
    else if (out.indexOf(cond.fact) < 0) { out.push(cond.fact); }
    return out;
  }

  root.OnewindowConditions = { evaluate: evaluate, facts: facts };
})(this);
