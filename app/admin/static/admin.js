// Small behaviours of the admin page; htmx does the requests, this only wires the page.
(function () {
  "use strict";

  function notice(kind, message) {
    var box = document.getElementById("notice");
    if (!box) return;
    box.innerHTML = "";
    var div = document.createElement("div");
    div.className = "notice notice-" + kind;
    div.setAttribute("role", kind === "error" ? "alert" : "status");
    div.textContent = message;
    box.appendChild(div);
  }

  // A 5xx or a lost connection: the partial is not swapped, so say so.
  document.addEventListener("htmx:responseError", function () {
    notice("error", "服务器出错了，请稍后重试。");
  });
  document.addEventListener("htmx:sendError", function () {
    notice("error", "网络连接失败，请检查网络后重试。");
  });

  // Charts: <div class="chart" data-chart='{...ECharts option...}'>; echarts.min.js is loaded
  // by the pages that draw one.
  function drawCharts(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(JSON.parse(el.dataset.chart));
      el.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  // Weights: the sum is shown and checked as HR types; saving is refused unless it is 100.
  function checkWeights(form) {
    var total = 0;
    form.querySelectorAll("input[data-weight]").forEach(function (input) {
      total += parseInt(input.value || "0", 10) || 0;
    });
    var out = form.querySelector(".weights-sum");
    var ok = total === 100;
    if (out) {
      out.textContent = "权重合计：" + total + (ok ? "（正确）" : "（须等于 100）");
      out.className = "weights-sum " + (ok ? "good" : "bad");
    }
    form.querySelectorAll("button[data-needs-100]").forEach(function (b) { b.disabled = !ok; });
  }

  function wire(root) {
    drawCharts(root);
    root.querySelectorAll("form[data-weights]").forEach(checkWeights);
  }

  document.addEventListener("input", function (e) {
    var form = e.target.closest && e.target.closest("form[data-weights]");
    if (form) checkWeights(form);
  });

  // Bulk selection: a header checkbox selects every row on the page.
  document.addEventListener("change", function (e) {
    if (e.target.matches("input[data-select-all]")) {
      var scope = document.querySelector(e.target.dataset.selectAll);
      scope.querySelectorAll("input[name=ids]").forEach(function (c) { c.checked = e.target.checked; });
    }
  });

  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSettle", function (e) { wire(e.target); });
})();
