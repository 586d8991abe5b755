// Keyboard-first entry of paper questionnaires: number keys pick an option and move on,
// Enter saves (Ctrl+Enter inside a text box), the first question has the focus.
(function () {
  "use strict";
  var form = document.getElementById("survey-entry");
  if (!form) { return; }
  var groups = Array.prototype.slice.call(form.querySelectorAll("fieldset.pd-q"));

  function inputsOf(fs) { return Array.prototype.slice.call(fs.querySelectorAll("input[type=radio], input[type=checkbox]")); }
  function focusGroup(i) {
    if (i >= groups.length) { document.getElementById("entry-save").focus(); return; }
    var fs = groups[i];
    var target = fs.querySelector("input:checked") || fs.querySelector("input, textarea");
    if (target) { target.focus(); fs.scrollIntoView({block: "nearest"}); }
  }
  function groupIndexOf(el) {
    for (var i = 0; i < groups.length; i++) { if (groups[i].contains(el)) { return i; } }
    return -1;
  }

  document.addEventListener("keydown", function (ev) {
    var el = document.activeElement;
    var typing = el && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && (el.type === "text" || el.type === "search")) || el.tagName === "SELECT");
    if (ev.key === "Enter") {
      if (el && el.tagName === "TEXTAREA" && !(ev.ctrlKey || ev.metaKey)) { return; }
      ev.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
      return;
    }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (/^[1-9]$/.test(ev.key)) {
      var gi = groupIndexOf(el);
      if (gi < 0) { gi = 0; }
      var options = inputsOf(groups[gi]);
      var n = parseInt(ev.key, 10) - 1;
      if (n >= options.length) { return; }
      ev.preventDefault();
      var opt = options[n];
      if (opt.type === "checkbox") { opt.checked = !opt.checked; opt.focus(); return; }
      opt.checked = true;
      focusGroup(gi + 1);
    }
  });
  var error = document.getElementById("entry-error");
  if (!error) { focusGroup(0); }
})();
