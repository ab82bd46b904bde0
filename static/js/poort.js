/*
 * Gouden Poort: small progressive enhancements. Every page works without this file.
 *
 * After an htmx swap:
 * - an element with [data-focus-after-swap] in the swapped content takes focus;
 * - otherwise, when the swap took focus away (the focused element was replaced), focus
 *   moves to the first heading of the swapped content, so keyboard and screen reader
 *   users land on what changed. A typeahead that swaps only its results keeps the focus
 *   in its input.
 * On page load, an element with [data-focus-on-load] (the error summary) takes focus.
 */
(function () {
  "use strict";

  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";

  function focusElement(element) {
    if (!element) {
      return;
    }
    if (!element.matches(FOCUSABLE)) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  function focusWasLost() {
    var active = document.activeElement;
    return !active || active === document.body || !active.isConnected;
  }

  function focusAfterSwap(region) {
    if (!region || !region.querySelector) {
      return;
    }
    var marked = region.matches("[data-focus-after-swap]")
      ? region
      : region.querySelector("[data-focus-after-swap]");
    if (marked) {
      focusElement(marked);
    } else if (focusWasLost()) {
      focusElement(region.querySelector("h1, h2, h3, h4, h5, h6") || region);
    }
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    focusAfterSwap(event.target);
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusElement(document.querySelector("[data-focus-on-load]"));
  });
})();
