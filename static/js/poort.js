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
 *
 * Folding filters: a <details data-open-wide> opens on load on a wide screen (the catalogue's
 * filters column), and a <details> with an id that was open stays open after a swap.
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

  var WIDE = "(min-width: 64rem)";
  var openBeforeSwap = [];
  var focusedBeforeSwap = "";

  document.addEventListener("htmx:beforeSwap", function (event) {
    focusedBeforeSwap = document.activeElement ? document.activeElement.id : "";
    openBeforeSwap = Array.prototype.map.call(
      event.detail.target.querySelectorAll("details[open][id]"),
      function (details) {
        return details.id;
      }
    );
  });

  // htmx put the focus back before this event, when the field was still folded away.
  document.addEventListener("htmx:afterSwap", function () {
    openBeforeSwap.forEach(function (id) {
      var details = document.getElementById(id);
      if (details && details.tagName === "DETAILS") {
        details.open = true;
      }
    });
    openBeforeSwap = [];
    if (focusedBeforeSwap && focusWasLost()) {
      var focused = document.getElementById(focusedBeforeSwap);
      if (focused) {
        focused.focus({ preventScroll: true });
      }
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (window.matchMedia(WIDE).matches) {
      document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
        details.open = true;
      });
    }
    focusElement(document.querySelector("[data-focus-on-load]"));
  });
})();
