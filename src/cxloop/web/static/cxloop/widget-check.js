/* Settings → Website widget → "Test on this page": loads widget.js here with
   the key typed in, then asks cxloop's eligibility endpoint with that key,
   the first thing the widget does for a visitor, and says how it answered.
   The messages come translated in the button's data- attributes. */
(function () {
  "use strict";
  function say(result, text, ok) {
    result.textContent = text;
    result.className = ok ? "flash" : "flash flash-error";
  }

  function load(src, key) {
    if (window.cxloop && window.cxloop.v) return; // already on the page
    var tag = document.createElement("script");
    tag.src = src;
    tag.async = true;
    tag.setAttribute("data-key", key);
    tag.setAttribute("data-host", location.origin);
    document.body.appendChild(tag);
  }

  async function check(button, result) {
    var key = document.getElementById("widget-check-key").value.trim();
    if (key.indexOf("pk_") !== 0) return say(result, button.getAttribute("data-not-public"), false);
    say(result, button.getAttribute("data-busy"), true);
    load(button.getAttribute("data-widget"), key);
    var query = new URLSearchParams({ anonymous_id: "settings-check", session_id: "settings-check" });
    var status = 0;
    try {
      var response = await fetch(location.origin + "/api/v1/surveys/eligible?" + query, {
        headers: { Authorization: "Bearer " + key },
        credentials: "omit",
      });
      status = response.status;
    } catch (error) {
      status = 0;
    }
    if (status === 200) say(result, button.getAttribute("data-ok"), true);
    else if (status === 401) say(result, button.getAttribute("data-unknown"), false);
    else if (status === 403) say(result, button.getAttribute("data-origin"), false);
    else say(result, button.getAttribute("data-silent"), false);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("widget-check");
    var result = document.getElementById("widget-check-result");
    if (!button || !result) return;
    button.addEventListener("click", function () { check(button, result); });
  });
})();
