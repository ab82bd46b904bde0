/* Gouden Poort widgets for regional sites (docs/api.md, "Widgets"). One classic script:
   <gouden-poort-opleidingen regio="…"> and <gouden-poort-loket regio="…"> fetch their HTML
   from /api/v1/widgets/ without cookies and show it in a shadow root, styled by a constructed
   style sheet (no inline style, no eval: fits a strict CSP); the link inside the element is
   what shows without JavaScript, or when the fetch fails. */
(() => {
  "use strict";
  const base = new URL(".", document.currentScript.src);
  const css = "{WIDGET_CSS}";
  let sheet = null;
  let policy = null;
  try {
    policy = window.trustedTypes ? window.trustedTypes.createPolicy("gouden-poort", { createHTML: (html) => html }) : null;
  } catch (error) {
    policy = null;
  }

  class GoudenPoortWidget extends HTMLElement {
    async connectedCallback() {
      if (this.shadowRoot || this.dataset.loading) return;
      this.dataset.loading = "1";
      const url = new URL(this.constructor.path, base);
      for (const name of ["regio", "vakgebied", "aantal", "kop"]) {
        const value = this.getAttribute(name);
        if (value) url.searchParams.set(name, value);
      }
      try {
        const response = await fetch(url, { credentials: "omit", headers: { Accept: "text/html" } });
        if (!response.ok) return;
        const html = await response.text();
        if (!sheet) {
          sheet = new CSSStyleSheet();
          sheet.replaceSync(css);
        }
        const root = this.attachShadow({ mode: "open" });
        root.adoptedStyleSheets = [sheet];
        root.innerHTML = policy ? policy.createHTML(html) : html;
      } catch (error) {
        // Offline, blocked or no Trusted Types policy allowed: the link inside stays.
      } finally {
        delete this.dataset.loading;
      }
    }
  }

  const widgets = { "gouden-poort-opleidingen": "opleidingen", "gouden-poort-loket": "loket" };
  for (const [name, path] of Object.entries(widgets)) {
    if (!customElements.get(name)) {
      customElements.define(name, class extends GoudenPoortWidget {
        static path = path;
      });
    }
  }
})();
