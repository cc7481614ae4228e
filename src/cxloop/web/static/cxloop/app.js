/* The dashboard's small behaviours, without inline code (the pages send a
   Content-Security-Policy that allows scripts from files only):
   - <select data-autosubmit> submits its form when changed;
   - <form data-confirm="question"> asks before it is submitted;
   - <button data-copy="ID"> copies the text of #ID and says data-done;
   - <button data-toggle="ID"> opens and closes #ID (the phone menu);
   - <button data-print> prints the page (a scorecard on A4);
   - data-width (%), data-height (px) and data-grow size an element through
     the CSSOM, which the policy allows where a style attribute is refused.
   - a .table-wrap whose table is wider than the screen can be focused, so
     a keyboard can scroll it (WCAG 2.1.1), and is named by its table's
     caption or its section's heading.
   - in a [data-uses] block, an element with data-for="a b" shows only while
     the block's [data-uses-choice] select is one of a, b (a rule action's
     own settings); without JavaScript every setting stays visible.
   Content HTMX swaps in is sized too. */
(function () {
  "use strict";
  var SIZES = [
    ["data-width", function (element, value) { element.style.width = value + "%"; }],
    ["data-height", function (element, value) { element.style.height = value + "px"; }],
    ["data-grow", function (element, value) { element.style.flexGrow = value; }],
  ];

  function size(root) {
    SIZES.forEach(function (entry) {
      var name = entry[0];
      var elements = Array.prototype.slice.call(root.querySelectorAll("[" + name + "]"));
      if (root.hasAttribute && root.hasAttribute(name)) elements.push(root);
      elements.forEach(function (element) {
        var value = parseFloat(element.getAttribute(name));
        if (isFinite(value)) entry[1](element, value);
      });
    });
  }

  function scrollables(root) {
    var wraps = Array.prototype.slice.call(root.querySelectorAll(".table-wrap"));
    wraps.forEach(function (wrap) {
      if (wrap.scrollWidth <= wrap.clientWidth) {
        if (wrap.getAttribute("data-scrollable")) {
          ["tabindex", "role", "aria-label", "data-scrollable"].forEach(function (name) { wrap.removeAttribute(name); });
        }
        return;
      }
      var named = wrap.querySelector("caption") || (wrap.closest("section") || document).querySelector("h2, h1");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("data-scrollable", "1");
      if (named) wrap.setAttribute("aria-label", named.textContent.trim());
    });
  }

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.matches && select.matches("select[data-autosubmit]") && select.form) {
      select.form.requestSubmit();
    }
  });

  // Capturing, so a dismissed question stops the submission before HTMX
  // or the browser sees it.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  document.addEventListener("click", function (event) {
    var button =
      event.target.closest && event.target.closest("[data-copy], [data-toggle], [data-print]");
    if (!button) return;
    if (button.hasAttribute("data-print")) {
      window.print();
    } else if (button.hasAttribute("data-copy")) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          if (button.getAttribute("data-done")) button.textContent = button.getAttribute("data-done");
        });
      }
    } else {
      var target = document.getElementById(button.getAttribute("data-toggle"));
      if (target) button.setAttribute("aria-expanded", String(target.classList.toggle("open")));
    }
  });

  function uses(root) {
    Array.prototype.slice.call(root.querySelectorAll("[data-uses]")).forEach(function (block) {
      var select = block.querySelector("[data-uses-choice] select");
      if (!select) return;
      Array.prototype.slice.call(block.querySelectorAll("[data-for]")).forEach(function (part) {
        part.hidden = part.getAttribute("data-for").split(" ").indexOf(select.value) < 0;
      });
    });
  }

  document.addEventListener("change", function (event) {
    var block = event.target.closest && event.target.closest("[data-uses]");
    if (block) uses(block.parentNode);
  });

  document.addEventListener("DOMContentLoaded", function () { size(document); scrollables(document); uses(document); });
  document.addEventListener("htmx:load", function (event) { size(event.target); scrollables(document); });
  window.addEventListener("resize", function () { scrollables(document); });
})();
