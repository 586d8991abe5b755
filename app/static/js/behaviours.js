// Page behaviours declared in the markup with data-* attributes. The Content-Security-Policy
// refuses inline event handlers and javascript: URLs, so pages name what they want and this
// file, served from our origin, does it.
//   data-confirm="question"   on a form (asked on submit) or a button/link (asked on click)
//   data-print                a button that prints the page
//   data-autosubmit           a select that submits its form when changed;
//                             data-clears="name" empties that field of the form first
//   data-submit-once          a form whose submit buttons are disabled once it is sent
//   data-list-action="name"   a list's "with selected" menu entry (Flask-Admin's modelActions)
(function () {
  "use strict";

  function closest(el, selector) {
    return el && el.closest ? el.closest(selector) : null;
  }

  document.addEventListener("click", function (ev) {
    var asking = closest(ev.target, "[data-confirm]");
    if (asking && asking.tagName !== "FORM" && !window.confirm(asking.getAttribute("data-confirm"))) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
      return;
    }
    var link = closest(ev.target, "a[href]");
    if (link && /^\s*javascript:/i.test(link.getAttribute("href"))) {
      ev.preventDefault();  // Flask-Admin's javascript:void(0) placeholders: the CSP would refuse them
    }
    if (closest(ev.target, "[data-print]")) {
      window.print();
    }
    var action = closest(ev.target, "[data-list-action]");
    if (action && window.modelActions) {
      ev.preventDefault();
      window.modelActions.execute(action.getAttribute("data-list-action"));
    }
  }, true);

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      ev.preventDefault();
      return;
    }
    if (form.hasAttribute("data-submit-once")) {
      window.setTimeout(function () {
        if (ev.defaultPrevented) { return; }
        Array.prototype.forEach.call(form.querySelectorAll("button[type=submit], input[type=submit]"),
          function (button) { button.disabled = true; });
      }, 0);
    }
  });

  document.addEventListener("change", function (ev) {
    var select = closest(ev.target, "select[data-autosubmit]");
    if (!select || !select.form) { return; }
    var clears = select.getAttribute("data-clears");
    if (clears && select.form.elements[clears]) {
      select.form.elements[clears].value = "";
    }
    select.form.submit();
  });
})();
