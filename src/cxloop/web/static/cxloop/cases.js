/* Cases: keyboard moves through the inbox, bulk ticks, prepared answers.
   - j / k (or ArrowDown / ArrowUp on a case link) move to the next or the
     previous case of a table[data-row-nav]; Enter opens it (a plain link);
   - <input data-check-all="NAME"> ticks every checkbox named NAME;
   - choosing a prepared answer fills the reply's subject and text from the
     page's #answer-data and refreshes the preview. Without this script the
     "Use answer" button does the same through the server. */
(function () {
  "use strict";

  function typing(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  function caseLinks() {
    return Array.prototype.slice.call(document.querySelectorAll("table[data-row-nav] .case-link"));
  }

  function move(step) {
    var links = caseLinks();
    if (!links.length) return false;
    var index = links.indexOf(document.activeElement);
    var next = index < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, index + step));
    links[next].focus();
    links.forEach(function (link) { link.closest("tr").classList.toggle("is-current", link === links[next]); });
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var onLink = document.activeElement && document.activeElement.classList && document.activeElement.classList.contains("case-link");
    if (typing(document.activeElement) && !onLink) return;
    var step = 0;
    if (event.key === "j" || (onLink && event.key === "ArrowDown")) step = 1;
    if (event.key === "k" || (onLink && event.key === "ArrowUp")) step = -1;
    if (step && move(step)) event.preventDefault();
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-check-all]")) {
      var name = target.getAttribute("data-check-all");
      document.querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (box) { box.checked = target.checked; });
      return;
    }
    if (target.id === "id_answer") {
      var data = document.getElementById("answer-data");
      if (!data) return;
      var chosen = JSON.parse(data.textContent).filter(function (answer) { return String(answer.id) === target.value; })[0];
      if (!chosen) return;
      document.getElementById("id_reply-subject").value = chosen.subject;
      document.getElementById("id_reply-body").value = chosen.body;
      var preview = document.querySelector("[data-preview]");
      if (preview && window.htmx) preview.click();
    }
  });
})();
