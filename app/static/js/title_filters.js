// FK filters on a list (app.admin.generate.TitleFilter): the page sends no list of choices, only
// each filter's search address ("url") and the titles of the values already applied ("titles"),
// in the filter data Flask-Admin puts on the page. This turns the filter's text box into a
// select2 picker that searches as the user types, like the FK pickers on the forms.
(function ($) {
  "use strict";

  var TYPE = "pd-title-lookup";
  var placeholder = document.currentScript ? document.currentScript.getAttribute("data-placeholder") : "";

  function filterData() {
    var holder = document.getElementById("filter-groups-data");
    var byArg = {};
    if (!holder) { return byArg; }
    var groups = JSON.parse(holder.textContent);
    Object.keys(groups).forEach(function (name) {
      groups[name].forEach(function (item) { byArg[String(item.arg)] = item; });
    });
    return byArg;
  }

  $(document).on("adminFormReady", function () {
    var byArg = null;
    window.faForm.addFieldConverter(function ($el, name) {
      if (name !== TYPE) { return false; }
      byArg = byArg || filterData();
      // the box is named flt<n>_<arg>: the filter's own entry says where to search
      var item = byArg[($el.attr("name") || "").replace(/^flt\d+_/, "")];
      if (!item || !item.url) { return false; }
      var value = $el.val();
      var title = value && item.titles ? item.titles[value] : null;
      $el.attr({"type": "hidden", "data-url": item.url, "data-placeholder": placeholder,
                "data-json": JSON.stringify(value ? [value, title || value] : null)});
      return window.faForm.applyStyle($el, "select2-ajax");
    });
  });
})(jQuery);
