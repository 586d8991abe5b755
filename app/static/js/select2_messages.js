// The pickers' own words (select2 3.x says "No matches found", "Searching…" in English and ships
// no Chinese): the page gives them in the user's language as data-* attributes of this script's
// tag (pd_base.html), and they become select2's defaults before any picker is made.
(function ($) {
  "use strict";

  var words = document.currentScript ? document.currentScript.dataset : {};
  if (!$.fn.select2 || !words.noMatches) { return; }
  $.extend($.fn.select2.defaults, {
    formatNoMatches: function () { return words.noMatches; },
    formatSearching: function () { return words.searching; },
    formatLoadMore: function () { return words.loadMore; },
    formatAjaxError: function () { return words.error; }
  });
})(jQuery);
